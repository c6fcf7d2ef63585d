package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/audit"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/org"
)

// AuditEntryResponse is one audit entry as the API shows it.
type AuditEntryResponse struct {
	ID         int64           `json:"id"`
	At         time.Time       `json:"at"`
	ActorID    *int64          `json:"actor_id"`
	Actor      string          `json:"actor"`
	OrgID      *int64          `json:"org_id"`
	OrgName    string          `json:"org_name"`
	Action     string          `json:"action"`
	ObjectType string          `json:"object_type"`
	ObjectID   string          `json:"object_id"`
	Detail     json.RawMessage `json:"detail"`
	RequestID  string          `json:"request_id"`
	RemoteAddr string          `json:"remote_addr"`
}

// listAudit answers GET /audit: the entries about orgs in the caller's scope (a sysadmin's is
// the whole tree, a reviewer's its subtree), newest first, filtered by actor, org (and its
// subtree), action (exact, or a prefix ending in ".") and time range [from, to).
func (s *server) listAudit(c echo.Context) error {
	ctx := c.Request().Context()
	sc := scopeOf(c)
	var f audit.Filter
	var err error
	if f.Page, err = queryInt(c, "page"); err != nil {
		return err
	}
	if f.PageSize, err = queryInt(c, "page_size"); err != nil {
		return err
	}
	f.Page, f.PageSize = org.NormalizePage(f.Page, f.PageSize)
	actor, err := queryID(c, "actor_id")
	if err != nil {
		return err
	}
	if actor != nil {
		f.ActorID = *actor
	}
	orgID, err := queryID(c, "org_id")
	if err != nil {
		return err
	}
	if orgID != nil {
		o, err := s.Orgs.Get(ctx, sc, *orgID)
		if errors.Is(err, errs.ErrNotFound) {
			return errs.Invalid("org_id", "not_found", "org not found")
		} else if err != nil {
			return err
		}
		f.OrgPath = o.Path
	}
	f.Action = c.QueryParam("action")
	if len(f.Action) > 64 {
		return errs.Invalid("action", "too_long", "action is at most 64 characters")
	}
	v := &errs.ValidationError{}
	for _, p := range []struct {
		name string
		into *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if q := c.QueryParam(p.name); q != "" {
			t, err := time.Parse(time.RFC3339, q)
			if err != nil || t.Year() < 2000 || t.Year() > 9999 {
				v.Add(p.name, "invalid_time", p.name+" must be an RFC 3339 time, e.g. 2026-03-01T00:00:00Z")
				continue
			}
			*p.into = t
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		v.Add("to", "before_from", "to must be after from")
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	rows, total, err := s.Audit.List(ctx, sc, f)
	if err != nil {
		return err
	}
	items := make([]AuditEntryResponse, len(rows))
	for i, r := range rows {
		detail := json.RawMessage("null")
		if r.Detail != "" && json.Valid([]byte(r.Detail)) {
			detail = json.RawMessage(r.Detail)
		}
		items[i] = AuditEntryResponse{ID: r.ID, At: r.At.UTC(), ActorID: r.ActorID, Actor: r.ActorName, OrgID: r.OrgID,
			OrgName: r.OrgName, Action: r.Action, ObjectType: r.ObjectType, ObjectID: r.ObjectID, Detail: detail,
			RequestID: r.RequestID, RemoteAddr: r.RemoteAddr}
	}
	return c.JSON(http.StatusOK, Page[AuditEntryResponse]{Items: items, Total: total, Page: f.Page, PageSize: f.PageSize})
}
