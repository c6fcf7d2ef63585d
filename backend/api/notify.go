package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/notify"
	"github.com/tianbao-edu/tianbao/backend/org"
)

// notifyRoutes registers the inbox, the notification settings and the delivery log. The inbox
// and one's own settings need only a session (everyone has their own); an org's robots need
// notify_settings (org admins of the org, sysadmins); the delivery log is the sysadmin's.
func (s *server) notifyRoutes(g *echo.Group, authn echo.MiddlewareFunc) {
	if s.Notify == nil {
		return
	}
	g.GET("/inbox", s.listInbox, authn)
	g.GET("/inbox/unread", s.unreadInbox, authn)
	g.POST("/inbox/read-all", s.readAllInbox, authn)
	g.POST("/inbox/:id/read", s.readInbox, authn)
	g.GET("/me/notifications", s.getMyNotify, authn)
	g.PUT("/me/notifications", s.putMyNotify, authn)
	g.GET("/orgs/:id/notifications", s.getOrgNotify, authn, s.need("notify_settings", "read"))
	g.PUT("/orgs/:id/notifications", s.putOrgNotify, authn, s.need("notify_settings", "write"))
	g.GET("/notifications/deliveries", s.listDeliveries, authn, s.need("notify", "admin"))
}

// InboxItemResponse is one inbox entry.
type InboxItemResponse struct {
	ID        int64      `json:"id"`
	Rule      string     `json:"rule"`
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	Link      string     `json:"link"`
	Read      bool       `json:"read"`
	ReadAt    *time.Time `json:"read_at"`
	CreatedAt time.Time  `json:"created_at"`
}

// InboxPageResponse is a page of the caller's inbox with the unread count.
type InboxPageResponse struct {
	Items    []InboxItemResponse `json:"items"`
	Total    int64               `json:"total"`
	Page     int                 `json:"page"`
	PageSize int                 `json:"page_size"`
	Unread   int64               `json:"unread"`
}

// UnreadResponse is the caller's unread count (the phone's badge).
type UnreadResponse struct {
	Unread int64 `json:"unread"`
}

// MarkedResponse says how many items a read-all marked.
type MarkedResponse struct {
	Marked int64 `json:"marked"`
	Unread int64 `json:"unread"`
}

// listInbox answers GET /inbox?unread=1&page=&page_size=: the caller's own items, newest first.
func (s *server) listInbox(c echo.Context) error {
	ctx := c.Request().Context()
	uid := principal(c).UserID
	page, err := queryInt(c, "page")
	if err != nil {
		return err
	}
	size, err := queryInt(c, "page_size")
	if err != nil {
		return err
	}
	page, size = org.NormalizePage(page, size)
	unreadOnly := c.QueryParam("unread") == "1" || c.QueryParam("unread") == "true"
	items, total, err := s.Notify.Inbox(ctx, uid, unreadOnly, page, size)
	if err != nil {
		return err
	}
	unread, err := s.Notify.Unread(ctx, uid)
	if err != nil {
		return err
	}
	out := InboxPageResponse{Items: make([]InboxItemResponse, 0, len(items)), Total: total, Page: page, PageSize: size, Unread: unread}
	for _, it := range items {
		out.Items = append(out.Items, InboxItemResponse{ID: it.ID, Rule: it.Rule, Title: it.Title, Body: it.Body, Link: it.Link,
			Read: it.ReadAt != nil, ReadAt: it.ReadAt, CreatedAt: it.CreatedAt})
	}
	return c.JSON(http.StatusOK, out)
}

// unreadInbox answers GET /inbox/unread.
func (s *server) unreadInbox(c echo.Context) error {
	n, err := s.Notify.Unread(c.Request().Context(), principal(c).UserID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, UnreadResponse{Unread: n})
}

// readInbox answers POST /inbox/{id}/read: 404 for an item that is not the caller's.
func (s *server) readInbox(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	uid := principal(c).UserID
	if err := s.Notify.MarkRead(ctx, uid, id); err != nil {
		return err
	}
	n, err := s.Notify.Unread(ctx, uid)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, UnreadResponse{Unread: n})
}

// readAllInbox answers POST /inbox/read-all.
func (s *server) readAllInbox(c echo.Context) error {
	ctx, uid := c.Request().Context(), principal(c).UserID
	n, err := s.Notify.MarkAllRead(ctx, uid)
	if err != nil {
		return err
	}
	left, err := s.Notify.Unread(ctx, uid)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, MarkedResponse{Marked: n, Unread: left})
}

// MyNotifyRequest and MyNotifyResponse are the caller's own channel choices.
type MyNotifyRequest struct {
	Email   string `json:"email"`
	EmailOn bool   `json:"email_on"`
	InboxOn *bool  `json:"inbox_on"`
	Lang    string `json:"lang"`
}

// MyNotifyResponse is the caller's notification settings.
type MyNotifyResponse struct {
	Email   string `json:"email"`
	EmailOn bool   `json:"email_on"`
	InboxOn bool   `json:"inbox_on"`
	Lang    string `json:"lang"`
}

func myNotify(u notify.UserSettings) MyNotifyResponse {
	return MyNotifyResponse{Email: u.Email, EmailOn: u.EmailOn, InboxOn: u.InboxOn, Lang: u.Lang}
}

func (s *server) getMyNotify(c echo.Context) error {
	u, err := s.Notify.UserSettings(c.Request().Context(), principal(c).UserID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, myNotify(u))
}

func (s *server) putMyNotify(c echo.Context) error {
	var req MyNotifyRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	in := notify.UserSettings{Email: req.Email, EmailOn: req.EmailOn, InboxOn: true, Lang: req.Lang}
	if req.InboxOn != nil {
		in.InboxOn = *req.InboxOn
	}
	u, err := s.Notify.SetUserSettings(c.Request().Context(), principal(c).UserID, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, myNotify(u))
}

// OrgNotifyRequest changes an org's robots: an absent or null field is kept, "" clears it.
type OrgNotifyRequest struct {
	WeComURL       *string `json:"wecom_url"`
	DingTalkURL    *string `json:"dingtalk_url"`
	DingTalkSecret *string `json:"dingtalk_secret"`
	Lang           *string `json:"lang"`
}

// OrgNotifyResponse shows an org's robots masked: the host and path, never the key or secret.
type OrgNotifyResponse struct {
	OrgID             int64      `json:"org_id"`
	WeComURL          string     `json:"wecom_url"`
	WeComSet          bool       `json:"wecom_set"`
	DingTalkURL       string     `json:"dingtalk_url"`
	DingTalkSet       bool       `json:"dingtalk_set"`
	DingTalkSecretSet bool       `json:"dingtalk_secret_set"`
	Lang              string     `json:"lang"`
	UpdatedAt         *time.Time `json:"updated_at"`
}

func orgNotify(o notify.OrgSettings) OrgNotifyResponse {
	r := OrgNotifyResponse{OrgID: o.OrgID, WeComURL: notify.Mask(o.WeComURL), WeComSet: o.WeComURL != "",
		DingTalkURL: notify.Mask(o.DingTalkURL), DingTalkSet: o.DingTalkURL != "", DingTalkSecretSet: o.DingTalkSecret != "", Lang: o.Lang}
	if !o.UpdatedAt.IsZero() {
		t := o.UpdatedAt
		r.UpdatedAt = &t
	}
	return r
}

// orgInScope resolves :id to an org in the caller's scope (404 outside it).
func (s *server) orgInScope(c echo.Context) (int64, error) {
	id, err := pathID(c)
	if err != nil {
		return 0, err
	}
	o, err := s.Orgs.Get(c.Request().Context(), scopeOf(c), id)
	if err != nil {
		return 0, err
	}
	return o.ID, nil
}

func (s *server) getOrgNotify(c echo.Context) error {
	id, err := s.orgInScope(c)
	if err != nil {
		return err
	}
	o, err := s.Notify.OrgSettings(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, orgNotify(o))
}

func (s *server) putOrgNotify(c echo.Context) error {
	id, err := s.orgInScope(c)
	if err != nil {
		return err
	}
	var req OrgNotifyRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	o, err := s.Notify.SetOrgSettings(c.Request().Context(), principal(c).UserID, id, notify.OrgPatch{WeComURL: req.WeComURL,
		DingTalkURL: req.DingTalkURL, DingTalkSecret: req.DingTalkSecret, Lang: req.Lang})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, orgNotify(o))
}

// DeliveryResponse is one outbox row in the delivery log.
type DeliveryResponse struct {
	ID        int64      `json:"id"`
	Rule      string     `json:"rule"`
	Channel   string     `json:"channel"`
	Recipient string     `json:"recipient"`
	Occasion  string     `json:"occasion"`
	OrgID     int64      `json:"org_id"`
	Subject   string     `json:"subject"`
	Status    string     `json:"status"`
	Attempts  int        `json:"attempts"`
	LastError string     `json:"last_error"`
	NextAt    time.Time  `json:"next_at"`
	SentAt    *time.Time `json:"sent_at"`
	CreatedAt time.Time  `json:"created_at"`
}

// DeliveryPageResponse is a page of the delivery log.
type DeliveryPageResponse struct {
	Items    []DeliveryResponse `json:"items"`
	Total    int64              `json:"total"`
	Page     int                `json:"page"`
	PageSize int                `json:"page_size"`
}

// listDeliveries answers GET /notifications/deliveries?status=&channel=&rule=&page=&page_size=.
func (s *server) listDeliveries(c echo.Context) error {
	var f notify.DeliveryFilter
	var err error
	if f.Page, err = queryInt(c, "page"); err != nil {
		return err
	}
	if f.PageSize, err = queryInt(c, "page_size"); err != nil {
		return err
	}
	f.Page, f.PageSize = org.NormalizePage(f.Page, f.PageSize)
	f.Status, f.Channel, f.Rule = c.QueryParam("status"), c.QueryParam("channel"), c.QueryParam("rule")
	ds, total, err := s.Notify.Deliveries(c.Request().Context(), scopeOf(c), f)
	if err != nil {
		return err
	}
	out := DeliveryPageResponse{Items: make([]DeliveryResponse, 0, len(ds)), Total: total, Page: f.Page, PageSize: f.PageSize}
	for _, d := range ds {
		out.Items = append(out.Items, DeliveryResponse{ID: d.ID, Rule: d.Rule, Channel: d.Channel, Recipient: d.Recipient,
			Occasion: d.Occasion, OrgID: d.OrgID, Subject: d.Subject, Status: d.Status, Attempts: d.Attempts, LastError: d.LastError,
			NextAt: d.NextAt, SentAt: d.SentAt, CreatedAt: d.CreatedAt})
	}
	return c.JSON(http.StatusOK, out)
}
