package notify

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/audit"
	"github.com/tianbao-edu/tianbao/backend/campaign"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/submission"
	"github.com/tianbao-edu/tianbao/backend/user"
)

// Tasks is what the rules read of the campaign domain.
type Tasks interface {
	DueTasks(ctx context.Context, from, to time.Time) ([]campaign.DueTask, error)
}

// Submissions is what the rules read of the submission domain.
type Submissions interface {
	HandedIn(ctx context.Context, formCode, period string, orgIDs []int64) (map[int64]bool, error)
	ReturnedSince(ctx context.Context, since time.Time) ([]submission.ReturnedRef, error)
	// CountAwaiting counts what waits for a reviewer holding the role at these orgs, at their level.
	CountAwaiting(ctx context.Context, orgIDs []int64) (int64, error)
}

// People is what the rules and Enqueue read of the user domain.
type People interface {
	Contacts(ctx context.Context, tx *gorm.DB, orgIDs []int64, roles []string) ([]user.Contact, error)
	RoleHolders(ctx context.Context, role string) ([]user.Contact, error)
}

// Config tunes the service; zero values take the defaults.
type Config struct {
	// WebhookHosts are the hosts a webhook URL may name (qyapi.weixin.qq.com, oapi.dingtalk.com
	// by default): an org admin cannot point the server at the internal network.
	WebhookHosts []string
	// Days are how many days before a deadline reminders go (3 and 1 by default).
	Days []int
	// MaxAttempts is how often a delivery is tried before it is failed (8 by default); the
	// attempts are Backoff, 2×Backoff, 4×Backoff ... apart (Backoff 1 minute by default, at most 6 h).
	MaxAttempts int
	Backoff     time.Duration
	// ClaimTimeout is how long a claimed delivery stays with its sender before another may
	// take it (2 minutes by default); it must exceed the time one send can take.
	ClaimTimeout time.Duration
	// SendTimeout bounds one send (30 s by default).
	SendTimeout time.Duration
	// DigestHour is the hour (UTC+8) from which the day's review digest goes (8 by default).
	DigestHour int
}

func (c Config) withDefaults() Config {
	if len(c.WebhookHosts) == 0 {
		c.WebhookHosts = []string{"qyapi.weixin.qq.com", "oapi.dingtalk.com"}
	}
	if len(c.Days) == 0 {
		c.Days = []int{3, 1}
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 8
	}
	if c.Backoff <= 0 {
		c.Backoff = time.Minute
	}
	if c.ClaimTimeout <= 0 {
		c.ClaimTimeout = 2 * time.Minute
	}
	if c.SendTimeout <= 0 {
		c.SendTimeout = 30 * time.Second
	}
	if c.DigestHour <= 0 || c.DigestHour > 23 {
		c.DigestHour = 8
	}
	return c
}

// Deps are what the service needs.
type Deps struct {
	Store       *Store
	Tasks       Tasks
	Submissions Submissions
	People      People
	// OrgPath returns an org's materialised path, reading in tx when it is not nil.
	OrgPath func(ctx context.Context, tx *gorm.DB, id int64) (string, error)
	// FormTitle names a form for a message; nil or an error: the form's code.
	FormTitle func(ctx context.Context, code string) (string, error)
	Audit     *audit.Log
	Senders   map[string]Sender // by channel
	Now       func() time.Time
	Config    Config
}

// Service is the notifications domain.
type Service struct {
	d     Deps
	cfg   Config
	mu    sync.Mutex
	rules []registered
}

// RuleFunc is a rule another domain adds: given the time, the messages due now. The scheduler
// calls it under the lease and enqueues each message whose occasion is new for its rule, so it
// may return the same message on every call (e.g. every open supervision notice due within a
// day, with the notice and its deadline in the occasion).
type RuleFunc func(ctx context.Context, now time.Time) ([]Message, error)

type registered struct {
	rule string
	fn   RuleFunc
}

// AddRule registers fn to run with the built-in rules on every tick; its messages carry rule.
// The composition root calls it while wiring, before the scheduler starts.
func (s *Service) AddRule(rule string, fn RuleFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules = append(s.rules, registered{rule: rule, fn: fn})
}

// NewService returns the service.
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = func() time.Time { return time.Now().UTC() }
	}
	return &Service{d: d, cfg: d.Config.withDefaults()}
}

// Enqueue records m for its recipients inside tx (the caller's transaction, so the message
// exists exactly when the change that caused it commits; nil: its own transaction): an inbox
// item per user who keeps the inbox on, an e-mail outbox row per user who turned e-mail on, and
// a webhook outbox row per robot m.OrgID configured when m.ToOrg. Each is unique on (rule,
// recipient, occasion): enqueuing the same occasion again adds nothing. Texts are rendered in
// each recipient's language (the user's setting, the org's for its robots; zh-CN by default).
func (s *Service) Enqueue(ctx context.Context, tx *gorm.DB, m Message) error {
	if m.Rule == "" || len(m.Rule) > 32 || m.Occasion == "" || len(m.Occasion) > 128 {
		return fmt.Errorf("notify: enqueue needs a rule (≤32) and an occasion (≤128), got %q %q", m.Rule, m.Occasion)
	}
	if tx == nil {
		return database.Tx(ctx, s.d.Store.db, func(tx *gorm.DB) error { return s.Enqueue(ctx, tx, m) })
	}
	now := s.d.Now()
	path := ""
	if m.OrgID != 0 {
		p, err := s.d.OrgPath(ctx, tx, m.OrgID)
		if err != nil {
			return fmt.Errorf("notify: org %d of %s %s: %w", m.OrgID, m.Rule, m.Occasion, err)
		}
		path = p
	}
	users := slices.Compact(slices.Sorted(slices.Values(m.Users)))
	settings, err := s.d.Store.userSettings(ctx, tx, users)
	if err != nil {
		return fmt.Errorf("notify: read user settings: %w", err)
	}
	for _, uid := range users {
		st, ok := settings[uid]
		if !ok {
			st = UserSettings{InboxOn: true, Lang: Languages[0]}
		}
		title, body, err := render(m, st.Lang)
		if err != nil {
			return err
		}
		title = clip(title, 255)
		if st.InboxOn {
			if err := s.d.Store.addInbox(ctx, tx, inboxRow{UserID: uid, Rule: m.Rule, Occasion: m.Occasion, OrgID: m.OrgID,
				Title: title, Body: body, Link: clip(m.Link, 255), CreatedAt: now}); err != nil {
				return fmt.Errorf("notify: inbox item for user %d: %w", uid, err)
			}
		}
		if st.EmailOn && st.Email != "" {
			id := uid
			if err := s.d.Store.addOutbox(ctx, tx, s.outbox(m, ChannelEmail, "user:"+strconv.FormatInt(uid, 10), &id, path, title, body, now)); err != nil {
				return fmt.Errorf("notify: e-mail for user %d: %w", uid, err)
			}
		}
	}
	if m.ToOrg && m.OrgID != 0 {
		o, _, err := s.d.Store.orgSettings(ctx, tx, m.OrgID)
		if err != nil {
			return fmt.Errorf("notify: read org settings: %w", err)
		}
		title, body, err := render(m, o.Lang)
		if err != nil {
			return err
		}
		rcpt := "org:" + strconv.FormatInt(m.OrgID, 10)
		for ch, set := range map[string]bool{ChannelWeCom: o.WeComURL != "", ChannelDingTalk: o.DingTalkURL != ""} {
			if !set {
				continue
			}
			if err := s.d.Store.addOutbox(ctx, tx, s.outbox(m, ch, rcpt, nil, path, clip(title, 255), body, now)); err != nil {
				return fmt.Errorf("notify: %s for org %d: %w", ch, m.OrgID, err)
			}
		}
	}
	return nil
}

func (s *Service) outbox(m Message, ch, rcpt string, userID *int64, path, title, body string, now time.Time) outboxRow {
	return outboxRow{Rule: m.Rule, Channel: ch, Recipient: rcpt, Occasion: m.Occasion, OrgID: m.OrgID, OrgPath: path,
		UserID: userID, Subject: title, Body: body, Status: StatusPending, NextAt: now, CreatedAt: now, UpdatedAt: now}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// Inbox lists a user's own items, newest first, and how many there are.
func (s *Service) Inbox(ctx context.Context, userID int64, unreadOnly bool, page, pageSize int) ([]Item, int64, error) {
	return s.d.Store.inbox(ctx, userID, unreadOnly, (page-1)*pageSize, pageSize)
}

// Unread counts a user's unread items.
func (s *Service) Unread(ctx context.Context, userID int64) (int64, error) {
	return s.d.Store.unread(ctx, userID)
}

// MarkRead marks one of the user's items read (again is fine); another user's item is not found.
func (s *Service) MarkRead(ctx context.Context, userID, id int64) error {
	return s.d.Store.markRead(ctx, userID, id, s.d.Now())
}

// MarkAllRead marks every unread item of the user read and says how many.
func (s *Service) MarkAllRead(ctx context.Context, userID int64) (int64, error) {
	return s.d.Store.markAllRead(ctx, userID, s.d.Now())
}

// UserSettings returns a user's settings (the defaults when never saved: inbox on, e-mail off).
func (s *Service) UserSettings(ctx context.Context, userID int64) (UserSettings, error) {
	m, err := s.d.Store.userSettings(ctx, nil, []int64{userID})
	if err != nil {
		return UserSettings{}, err
	}
	if st, ok := m[userID]; ok {
		return st, nil
	}
	return UserSettings{InboxOn: true, Lang: Languages[0]}, nil
}

// SetUserSettings validates and stores a user's own settings, audited.
func (s *Service) SetUserSettings(ctx context.Context, userID int64, u UserSettings) (UserSettings, error) {
	v := &errs.ValidationError{}
	u.Email = strings.TrimSpace(u.Email)
	if u.Email != "" {
		if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email || len(u.Email) > 255 {
			v.Add("email", "invalid_email", "not an e-mail address like name@example.com")
		}
	}
	if u.EmailOn && u.Email == "" {
		v.Add("email", "required", "an e-mail address is needed to turn e-mail on")
	}
	if u.Lang == "" {
		u.Lang = Languages[0]
	} else if !slices.Contains(Languages, u.Lang) {
		v.Add("lang", "invalid_choice", "one of zh-CN, en")
	}
	if err := v.OrNil(); err != nil {
		return UserSettings{}, err
	}
	err := database.Tx(ctx, s.d.Store.db, func(tx *gorm.DB) error {
		if err := s.d.Store.putUserSettings(ctx, tx, userID, u, s.d.Now()); err != nil {
			return fmt.Errorf("save notification settings of user %d: %w", userID, err)
		}
		return s.d.Audit.Record(ctx, tx, audit.Entry{ActorID: &userID, Action: "notify.user_settings", ObjectType: "user",
			ObjectID: strconv.FormatInt(userID, 10), Detail: map[string]any{"email_on": u.EmailOn, "inbox_on": u.InboxOn, "lang": u.Lang}})
	})
	return u, err
}

// OrgSettings returns an org's robot settings (secrets included: the API masks them).
func (s *Service) OrgSettings(ctx context.Context, orgID int64) (OrgSettings, error) {
	o, _, err := s.d.Store.orgSettings(ctx, nil, orgID)
	return o, err
}

// SetOrgSettings applies p to an org's robot settings, audited without the secrets. The caller
// has checked that actor may manage the org.
func (s *Service) SetOrgSettings(ctx context.Context, actor, orgID int64, p OrgPatch) (OrgSettings, error) {
	v := &errs.ValidationError{}
	check := func(field string, u *string) {
		if u == nil || *u == "" {
			return
		}
		*u = strings.TrimSpace(*u)
		if err := s.checkWebhook(*u); err != nil {
			v.Add(field, "invalid_webhook", err.Error())
		}
	}
	check("wecom_url", p.WeComURL)
	check("dingtalk_url", p.DingTalkURL)
	if p.DingTalkSecret != nil && len(*p.DingTalkSecret) > 255 {
		v.Add("dingtalk_secret", "too_long", "at most 255 characters")
	}
	if p.Lang != nil && !slices.Contains(Languages, *p.Lang) {
		v.Add("lang", "invalid_choice", "one of zh-CN, en")
	}
	if err := v.OrNil(); err != nil {
		return OrgSettings{}, err
	}
	var out OrgSettings
	err := database.Tx(ctx, s.d.Store.db, func(tx *gorm.DB) error {
		o, _, err := s.d.Store.orgSettings(ctx, tx, orgID)
		if err != nil {
			return err
		}
		changed := []string{}
		set := func(dst *string, src *string, name string) {
			if src != nil && *src != *dst {
				*dst = *src
				changed = append(changed, name)
			}
		}
		set(&o.WeComURL, p.WeComURL, "wecom_url")
		set(&o.DingTalkURL, p.DingTalkURL, "dingtalk_url")
		set(&o.DingTalkSecret, p.DingTalkSecret, "dingtalk_secret")
		set(&o.Lang, p.Lang, "lang")
		if o.Lang == "" {
			o.Lang = Languages[0]
		}
		o.UpdatedAt = s.d.Now()
		if err := s.d.Store.putOrgSettings(ctx, tx, o, actor, o.UpdatedAt); err != nil {
			return fmt.Errorf("save notification settings of org %d: %w", orgID, err)
		}
		out = o
		return s.d.Audit.Record(ctx, tx, audit.Entry{ActorID: &actor, OrgID: &orgID, Action: "notify.org_settings",
			ObjectType: "org", ObjectID: strconv.FormatInt(orgID, 10), Detail: map[string]any{"changed": changed}})
	})
	return out, err
}

// checkWebhook accepts an https URL on one of the configured hosts (http only to a loopback
// address, for a local receiver).
func (s *Service) checkWebhook(raw string) error {
	if len(raw) > 512 {
		return errors.New("at most 512 characters")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil {
		return errors.New("not a URL like https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY")
	}
	host := u.Hostname()
	if !slices.Contains(s.cfg.WebhookHosts, strings.ToLower(host)) {
		return fmt.Errorf("the host must be one of %s (TIANBAO_NOTIFY_WEBHOOK_HOSTS)", strings.Join(s.cfg.WebhookHosts, ", "))
	}
	switch u.Scheme {
	case "https":
	case "http":
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			return errors.New("the URL must use https")
		}
	default:
		return errors.New("the URL must use https")
	}
	return nil
}

// Deliveries lists the outbox rows about orgs in sc, newest first: the delivery log.
func (s *Service) Deliveries(ctx context.Context, sc scope.Scope, f DeliveryFilter) ([]Delivery, int64, error) {
	v := &errs.ValidationError{}
	if f.Status != "" && !slices.Contains(Statuses, f.Status) {
		v.Add("status", "invalid_choice", "one of "+strings.Join(Statuses, ", "))
	}
	if f.Channel != "" && !slices.Contains(Channels, f.Channel) {
		v.Add("channel", "invalid_choice", "one of "+strings.Join(Channels, ", "))
	}
	if len(f.Rule) > 32 {
		v.Add("rule", "too_long", "at most 32 characters")
	}
	if err := v.OrNil(); err != nil {
		return nil, 0, err
	}
	return s.d.Store.deliveries(ctx, sc, f, (f.Page-1)*f.PageSize, f.PageSize)
}

// Mask shows the start of a webhook URL and hides its key: enough to recognise, not to use.
func Mask(u string) string {
	if u == "" {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil {
		return "****"
	}
	return p.Scheme + "://" + p.Host + p.Path + "?****"
}
