package supervision

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/audit"
	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Orgs is what the service reads of the org tree.
type Orgs interface {
	Get(ctx context.Context, sc scope.Scope, id int64) (org.Org, error)
}

// Measures is what the service asks of the measures.
type Measures interface {
	Exists(ctx context.Context, n int) (bool, error)
	IsUnit(ctx context.Context, orgID int64) (bool, error)
}

// Notifier hears of an issued or escalated notice inside its transaction (the notification
// outbox), so a notice and its notification commit together.
type Notifier func(ctx context.Context, tx *gorm.DB, n Notice, kind string) error

// Deps are what the Service needs.
type Deps struct {
	Store    *Store
	Orgs     Orgs
	Measures Measures
	// Attachment names an attachment the caller may see (one of its own submissions' files):
	// evidence in an answer must be one. nil refuses every evidence id.
	Attachment func(ctx context.Context, sc scope.Scope, id string) (string, error)
	// Lapses are where the candidate reasons come from (zero: none).
	Lapses Lapses
	// Files keeps files uploaded with an answer; nil refuses them.
	Files  Files
	Audit  *audit.Log
	Notify Notifier // nil: no notifications
	Now    func() time.Time
}

// Service runs the notice lifecycle.
type Service struct{ d Deps }

// NewService wires a Service.
func NewService(d Deps) *Service { return &Service{d: d} }

// Limits on a notice.
const (
	MaxTitle       = 200
	MaxText        = 2000
	MaxSubject     = 120
	MaxEvidence    = 10
	MaxDeadlineAge = 366 * 24 * time.Hour
	// DefaultRespite is how long a unit gets after a return or escalation without a new deadline.
	DefaultRespite = 7 * 24 * time.Hour
)

func tooLong(s string, n int) bool { return len([]rune(s)) > n }

// Issue sends a new notice to an org in sc (the caller's notice:issue scope).
func (s *Service) Issue(ctx context.Context, p *authz.Principal, sc scope.Scope, in NewNotice) (Notice, error) {
	v := &errs.ValidationError{}
	o, err := s.d.Orgs.Get(ctx, sc, in.OrgID)
	if errors.Is(err, errs.ErrNotFound) {
		v.Add("org_id", "not_found", "org not found")
	} else if err != nil {
		return Notice{}, err
	}
	if !vocab.ValidNoticeReason(in.Reason) {
		v.Add("reason", "invalid_option", "unknown reason")
	}
	level := Level(in.Level)
	if in.Level == "" {
		level = vocab.NoticeReminder
	} else if !vocab.ValidNoticeLevel(in.Level) {
		v.Add("level", "invalid_option", "unknown level")
	}
	if in.MeasureNumber != nil {
		ok, err := s.d.Measures.Exists(ctx, *in.MeasureNumber)
		if err != nil {
			return Notice{}, err
		}
		if !ok {
			v.Add("measure", "not_found", "no such measure")
		}
	} else if in.Reason == vocab.ReasonMeasureAtRisk || in.Reason == vocab.ReasonMilestoneOverdue {
		v.Add("measure", "required", "this reason names a measure")
	}
	title, action := strings.TrimSpace(in.Title), strings.TrimSpace(in.RequiredAction)
	switch {
	case title == "":
		v.Add("title", "required", "title is required")
	case tooLong(title, MaxTitle):
		v.Add("title", "too_long", "title is too long")
	}
	switch {
	case action == "":
		v.Add("required_action", "required", "required_action is required")
	case tooLong(action, MaxText):
		v.Add("required_action", "too_long", "required_action is too long")
	}
	if tooLong(in.Subject, MaxSubject) {
		v.Add("subject", "too_long", "subject is too long")
	}
	now := s.d.Now()
	s.checkDeadline(v, &in.Deadline, now)
	if err := v.OrNil(); err != nil {
		return Notice{}, err
	}
	n := Notice{OrgID: o.ID, OrgCode: o.Code, OrgName: o.Name, OrgPath: o.Path, MeasureNumber: in.MeasureNumber, Reason: in.Reason,
		Subject: strings.TrimSpace(in.Subject), Title: title, RequiredAction: action, Deadline: in.Deadline.UTC(), Level: level,
		Status: vocab.NoticeOpen, Version: 1, IssuedBy: p.UserID, CreatedAt: now, UpdatedAt: now}
	err = s.d.Store.Tx(ctx, func(st *Store, tx *gorm.DB) error {
		id, err := st.create(ctx, n)
		if err != nil {
			return err
		}
		n.ID = id
		if err := st.addEvent(ctx, id, Event{Kind: EventIssue, ActorID: p.UserID, Level: level, Text: action, Deadline: &n.Deadline, At: now}); err != nil {
			return err
		}
		if err := s.d.Audit.Record(ctx, tx, audit.Entry{ActorID: &p.UserID, OrgID: &o.ID, Action: "notice.issue", ObjectType: "notice",
			ObjectID: strconv.FormatInt(id, 10), Detail: map[string]any{"reason": n.Reason, "level": n.Level, "measure": n.MeasureNumber,
				"deadline": n.Deadline}}); err != nil {
			return err
		}
		if s.d.Notify != nil {
			return s.d.Notify(ctx, tx, n, EventIssue)
		}
		return nil
	})
	if err != nil {
		return Notice{}, fmt.Errorf("issue notice: %w", err)
	}
	return n, nil
}

// checkDeadline requires a deadline after now and within a year; zero means the default respite
// when def is set by the caller (the zero value is refused for a new notice).
func (s *Service) checkDeadline(v *errs.ValidationError, d *time.Time, now time.Time) {
	switch {
	case d.IsZero():
		v.Add("deadline", "required", "deadline is required")
	case !d.After(now):
		v.Add("deadline", "in_past", "deadline must be in the future")
	case d.After(now.Add(MaxDeadlineAge)):
		v.Add("deadline", "too_far", "deadline must be within a year")
	}
}

// viewer is whether p also sees circulated notices: when its org is a responsible unit.
func (s *Service) viewer(ctx context.Context, p *authz.Principal) (bool, error) {
	return s.d.Measures.IsUnit(ctx, p.OrgID)
}

// Get returns a notice p sees (sc is its notice:read scope) with its events.
func (s *Service) Get(ctx context.Context, p *authz.Principal, sc scope.Scope, id int64) (Notice, []Event, error) {
	circ, err := s.viewer(ctx, p)
	if err != nil {
		return Notice{}, nil, err
	}
	n, err := s.d.Store.get(ctx, sc, circ, id)
	if err != nil {
		return Notice{}, nil, err
	}
	evs, err := s.d.Store.events(ctx, id)
	if err != nil {
		return Notice{}, nil, err
	}
	return n, evs, nil
}

// List returns a page of the notices p sees, newest change first.
func (s *Service) List(ctx context.Context, p *authz.Principal, sc scope.Scope, f Filter) ([]Notice, int64, error) {
	v := &errs.ValidationError{}
	if f.Status != "" && !vocab.ValidNoticeStatus(f.Status) {
		v.Add("status", "invalid_option", "unknown status")
	}
	if f.Level != "" && !vocab.ValidNoticeLevel(f.Level) {
		v.Add("level", "invalid_option", "unknown level")
	}
	if err := v.OrNil(); err != nil {
		return nil, 0, err
	}
	f.Page, f.PageSize = org.NormalizePage(f.Page, f.PageSize)
	circ, err := s.viewer(ctx, p)
	if err != nil {
		return nil, 0, err
	}
	return s.d.Store.list(ctx, sc, circ, f)
}

// Counts returns, per org in sc, the notices not closed and those overdue.
func (s *Service) Counts(ctx context.Context, sc scope.Scope) ([]OrgCount, error) {
	return s.d.Store.counts(ctx, sc, s.d.Now())
}

var (
	errNotOpen     = errs.Coded(errs.ErrInvalidState, "not_open", "this notice is not waiting for an answer")
	errNotAnswered = errs.Coded(errs.ErrInvalidState, "not_answered", "this notice has no answer to return")
	errClosed      = errs.Coded(errs.ErrInvalidState, "closed", "this notice is closed")
	errTopLevel    = errs.Coded(errs.ErrInvalidState, "top_level", "a circulated notice cannot be escalated further")
)

// step applies one action to a notice in sc (without circulated ones: only the recipient's
// scope may answer and only the issuer's may decide): check, update, event, audit, notify, all
// in one transaction.
func (s *Service) step(ctx context.Context, p *authz.Principal, sc scope.Scope, id int64, act Action, kind string,
	apply func(n *Notice, v *errs.ValidationError, set map[string]any, ev *Event) error) (Notice, error) {
	n, err := s.d.Store.get(ctx, sc, false, id)
	if err != nil {
		return Notice{}, err
	}
	if act.Version != nil && *act.Version != n.Version {
		return Notice{}, errs.Coded(errs.ErrConflict, "stale_version", "the notice changed meanwhile; read it again")
	}
	now := s.d.Now()
	v := &errs.ValidationError{}
	text := strings.TrimSpace(act.Text)
	if tooLong(text, MaxText) {
		v.Add("text", "too_long", "text is too long")
	}
	set := map[string]any{"updated_at": now}
	ev := Event{Kind: kind, ActorID: p.UserID, Level: n.Level, Text: text, At: now}
	if err := apply(&n, v, set, &ev); err != nil {
		return Notice{}, err
	}
	if err := v.OrNil(); err != nil {
		return Notice{}, err
	}
	err = s.d.Store.Tx(ctx, func(st *Store, tx *gorm.DB) error {
		if err := st.update(ctx, n.ID, n.Version, set); err != nil {
			return err
		}
		if err := st.addEvent(ctx, n.ID, ev); err != nil {
			return err
		}
		if err := s.d.Audit.Record(ctx, tx, audit.Entry{ActorID: &p.UserID, OrgID: &n.OrgID, Action: "notice." + kind, ObjectType: "notice",
			ObjectID: strconv.FormatInt(n.ID, 10), Detail: map[string]any{"level": ev.Level, "status": set["status"], "text": text,
				"evidence": len(ev.Evidence), "files": uploadedDetail(ev.Evidence)}}); err != nil {
			return err
		}
		if s.d.Notify != nil && (kind == EventEscalate || kind == EventAnswer) {
			return s.d.Notify(ctx, tx, n, kind)
		}
		return nil
	})
	if err != nil {
		return Notice{}, fmt.Errorf("%s notice %d: %w", kind, id, err)
	}
	n.Version++
	n.UpdatedAt = now
	return n, nil
}

// Answer is the unit's 反馈 to an open notice: text (required) and evidence, attachments the
// caller may see. sc is the caller's notice:answer scope.
func (s *Service) Answer(ctx context.Context, p *authz.Principal, sc scope.Scope, id int64, act Action) (Notice, error) {
	return s.step(ctx, p, sc, id, act, EventAnswer, func(n *Notice, v *errs.ValidationError, set map[string]any, ev *Event) error {
		if n.Status != vocab.NoticeOpen {
			return errNotOpen
		}
		if ev.Text == "" {
			v.Add("text", "required", "an answer says what was done")
		}
		if len(act.Evidence)+len(act.Files) > MaxEvidence {
			v.Add("evidence", "too_many", "at most 10 files")
			return nil
		}
		seen := map[string]bool{}
		for i, id := range act.Evidence {
			f := "evidence[" + strconv.Itoa(i) + "]"
			if seen[id] {
				v.Add(f, "duplicate", "this file is listed twice")
				continue
			}
			seen[id] = true
			if s.d.Attachment == nil {
				v.Add(f, "unknown_attachment", "no such file")
				continue
			}
			name, err := s.d.Attachment(ctx, sc, id)
			if errors.Is(err, errs.ErrNotFound) {
				v.Add(f, "unknown_attachment", "no such file")
				continue
			} else if err != nil {
				return err
			}
			ev.Evidence = append(ev.Evidence, Evidence{ID: id, Name: name})
		}
		if len(v.Fields) > 0 {
			return nil // store no file for an answer refused anyway
		}
		for i, u := range act.Files {
			e, ok, err := s.storeUpload(u, "files["+strconv.Itoa(i)+"]", v)
			if err != nil {
				return err
			}
			if ok {
				ev.Evidence = append(ev.Evidence, e)
			}
		}
		set["status"] = string(vocab.NoticeAnswered)
		n.Status = vocab.NoticeAnswered
		return nil
	})
}

// newDeadline is act's deadline, checked, or the default respite from now.
func (s *Service) newDeadline(act Action, v *errs.ValidationError) time.Time {
	now := s.d.Now()
	if act.Deadline == nil {
		return now.Add(DefaultRespite).UTC()
	}
	d := act.Deadline.UTC()
	s.checkDeadline(v, &d, now)
	return d
}

// Return sends an answer back to the unit as not enough: the notice is open again with a new
// deadline. sc is the caller's notice:issue scope.
func (s *Service) Return(ctx context.Context, p *authz.Principal, sc scope.Scope, id int64, act Action) (Notice, error) {
	return s.step(ctx, p, sc, id, act, EventReturn, func(n *Notice, v *errs.ValidationError, set map[string]any, ev *Event) error {
		if n.Status != vocab.NoticeAnswered {
			return errNotAnswered
		}
		if ev.Text == "" {
			v.Add("text", "required", "say what the answer lacks")
		}
		d := s.newDeadline(act, v)
		set["status"], set["deadline"] = string(vocab.NoticeOpen), d
		n.Status, n.Deadline, ev.Deadline = vocab.NoticeOpen, d, &d
		return nil
	})
}

// Escalate raises a notice one level (提醒 → 督办 → 通报); it is open again with a new deadline.
func (s *Service) Escalate(ctx context.Context, p *authz.Principal, sc scope.Scope, id int64, act Action) (Notice, error) {
	return s.step(ctx, p, sc, id, act, EventEscalate, func(n *Notice, v *errs.ValidationError, set map[string]any, ev *Event) error {
		if n.Status == vocab.NoticeClosed {
			return errClosed
		}
		next, ok := n.Level.Next()
		if !ok {
			return errTopLevel
		}
		d := s.newDeadline(act, v)
		set["status"], set["level"], set["deadline"] = string(vocab.NoticeOpen), string(next), d
		n.Status, n.Level, n.Deadline = vocab.NoticeOpen, next, d
		ev.Level, ev.Deadline = next, &d
		return nil
	})
}

// Close accepts the notice as settled.
func (s *Service) Close(ctx context.Context, p *authz.Principal, sc scope.Scope, id int64, act Action) (Notice, error) {
	return s.step(ctx, p, sc, id, act, EventClose, func(n *Notice, _ *errs.ValidationError, set map[string]any, _ *Event) error {
		if n.Status == vocab.NoticeClosed {
			return errClosed
		}
		now := s.d.Now()
		set["status"], set["closed_at"] = string(vocab.NoticeClosed), now
		n.Status, n.ClosedAt = vocab.NoticeClosed, &now
		return nil
	})
}

// MarkDemo marks notices as demo data (demo mode's seeded notices), so demo purge removes them.
func (s *Service) MarkDemo(ctx context.Context, ids []int64) error {
	return s.d.Store.markDemo(ctx, ids)
}

// PurgeDemoTx deletes, inside the demo purge's transaction, the notices demo mode made and those
// issued by demo accounts or sent to demo orgs, with their events.
func (s *Service) PurgeDemoTx(ctx context.Context, tx *gorm.DB, userIDs, orgIDs []int64) (int64, error) {
	return (&Store{db: tx}).purgeDemo(ctx, userIDs, orgIDs)
}

// ByMeasure counts, per measure, the notices in sc that are not closed.
func (s *Service) ByMeasure(ctx context.Context, sc scope.Scope) (map[int]int, error) {
	return s.d.Store.byMeasure(ctx, sc)
}

// uploadedDetail is what the audit row keeps of the files uploaded with an answer.
func uploadedDetail(es []Evidence) []map[string]any {
	out := []map[string]any{}
	for _, e := range es {
		if e.Uploaded {
			out = append(out, map[string]any{"id": e.ID, "name": e.Name, "size": e.Size, "content_type": e.ContentType, "sha256": e.SHA256})
		}
	}
	return out
}
