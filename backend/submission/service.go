package submission

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tianbao-edu/tianbao/backend/audit"
	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/campaign"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/period"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Service runs the submission workflow.
type Service struct {
	store     *Store
	forms     *form.Registry
	campaigns *campaign.Service
	orgs      *org.Service
	audit     *audit.Log
	files     *FileStore
	now       func() time.Time
}

// Deps are what Service needs.
type Deps struct {
	Store     *Store
	Forms     *form.Registry
	Campaigns *campaign.Service
	Orgs      *org.Service
	Audit     *audit.Log
	Files     *FileStore
	Now       func() time.Time
}

// NewService wires a Service.
func NewService(d Deps) *Service {
	return &Service{store: d.Store, forms: d.Forms, campaigns: d.Campaigns, orgs: d.Orgs, audit: d.Audit, files: d.Files, now: d.Now}
}

// StaleError is a conflict that carries the submission as it is now, so the client can merge.
type StaleError struct{ Current Submission }

func (e *StaleError) Error() string { return "stale version" }

// Unwrap makes a StaleError an errs.ErrConflict.
func (e *StaleError) Unwrap() error { return errs.ErrConflict }

var (
	errNotEditable = errs.Coded(errs.ErrInvalidState, "not_editable", "this submission is not open for editing")
	errLocked      = errs.Coded(errs.ErrInvalidState, "task_locked", "the deadline has passed; ask a reviewer for an extension")
)

// Open creates, or returns, the draft of an org in sc (the caller's own org unless orgID is
// given) for a form and period. The org must have a task for it. created is false when the
// submission already existed.
func (s *Service) Open(ctx context.Context, p *authz.Principal, sc scope.Scope, formCode, periodText string, orgID int64) (Submission, bool, error) {
	if orgID == 0 {
		orgID = p.OrgID
	}
	o, err := s.orgs.Get(ctx, sc, orgID)
	if err != nil {
		if errors.Is(err, errs.ErrNotFound) {
			return Submission{}, false, errs.Invalid("org_id", "not_found", "org not found")
		}
		return Submission{}, false, err
	}
	f, err := s.forms.Current(ctx, formCode)
	if errors.Is(err, errs.ErrNotFound) {
		return Submission{}, false, errs.Invalid("form", "unknown_form", "no such form")
	} else if err != nil {
		return Submission{}, false, err
	}
	if !f.AppliesTo(string(o.Type)) {
		return Submission{}, false, errs.Invalid("form", "not_for_org_type", "this form is not for this kind of org")
	}
	pd, err := period.Parse(f.PeriodType, periodText)
	if err != nil {
		return Submission{}, false, errs.Invalid("period", "invalid_period", "period does not match the form's period type")
	}
	if existing, err := s.store.ByKey(ctx, o.ID, f.Code, pd.String()); err == nil {
		return existing, false, nil
	} else if !errors.Is(err, errs.ErrNotFound) {
		return Submission{}, false, err
	}
	task, err := s.campaigns.TaskFor(ctx, o.ID, f.Code, pd.String())
	if errors.Is(err, errs.ErrNotFound) {
		return Submission{}, false, errs.Invalid("form", "no_task", "this org has no task for this form and period")
	} else if err != nil {
		return Submission{}, false, err
	}
	if task.Locked(s.now()) {
		return Submission{}, false, errLocked
	}
	sub, created, err := s.store.Create(ctx, o.ID, f.Code, task.FormVersion, pd.String(), p.UserID, s.now())
	if err != nil || !created {
		return sub, created, err
	}
	sub, err = s.carryForward(ctx, p, sub) // carry.go
	return sub, true, err
}

// Count returns how many submissions exist at all (demo seeding asks before filling).
func (s *Service) Count(ctx context.Context) (int64, error) { return s.store.count(ctx) }

// Get returns a submission in sc.
func (s *Service) Get(ctx context.Context, sc scope.Scope, id int64) (Submission, error) {
	return s.store.Get(ctx, sc, id)
}

// Form returns the form version a submission is pinned to.
func (s *Service) Form(ctx context.Context, sub Submission) (*form.Form, error) {
	return s.forms.Version(ctx, sub.FormCode, sub.FormVersion)
}

// Check evaluates a submission's current values against its form: what a submit would say now.
func (s *Service) Check(ctx context.Context, sub Submission) (form.Result, error) {
	f, err := s.Form(ctx, sub)
	if err != nil {
		return form.Result{}, err
	}
	return s.evaluate(ctx, sub, f) // carry.go: prev values, carried sections, expired evidence
}

func (s *Service) checkVersion(sub Submission, version *int) error {
	if version != nil && *version != sub.Version {
		return &StaleError{Current: sub}
	}
	return nil
}

func (s *Service) checkTask(ctx context.Context, sub Submission) error {
	deadline, err := s.campaigns.Deadline(ctx, sub.OrgID, sub.FormCode, sub.Period)
	if errors.Is(err, errs.ErrNotFound) {
		return nil // the campaign was removed; nothing locks the draft
	}
	if err != nil {
		return err
	}
	if (campaign.Task{Deadline: deadline}).Locked(s.now()) {
		return errLocked
	}
	return nil
}

// conflict turns a lost optimistic-lock race into a StaleError with the current state.
func (s *Service) conflict(ctx context.Context, sc scope.Scope, id int64, err error) error {
	if !errors.Is(err, errs.ErrConflict) {
		return err
	}
	cur, gerr := s.store.Get(ctx, sc, id)
	if gerr != nil {
		return gerr
	}
	return &StaleError{Current: cur}
}

// editable loads a submission in sc that the filler may still change: at the given version,
// in draft or returned, before its task's deadline; with the form version it is pinned to.
func (s *Service) editable(ctx context.Context, sc scope.Scope, id int64, version *int) (Submission, *form.Form, error) {
	sub, err := s.store.Get(ctx, sc, id)
	if err != nil {
		return Submission{}, nil, err
	}
	if err := s.checkVersion(sub, version); err != nil {
		return Submission{}, nil, err
	}
	if !sub.Status.Editable() {
		return Submission{}, nil, errNotEditable
	}
	if err := s.checkTask(ctx, sub); err != nil {
		return Submission{}, nil, err
	}
	f, err := s.Form(ctx, sub)
	if err != nil {
		return Submission{}, nil, err
	}
	return sub, f, nil
}

// Save stores a draft's values. Drafts may be incomplete, but every value must have its
// field's type; version must be the one the client loaded.
func (s *Service) Save(ctx context.Context, p *authz.Principal, sc scope.Scope, id int64, values map[string]any, version *int) (Submission, error) {
	if version == nil {
		return Submission{}, errs.Invalid("version", "required", "version is required")
	}
	if values == nil {
		values = map[string]any{}
	}
	// Another phone may save between our read and our write; the merge is then redone against
	// what it saved, a few times before the save is handed back as stale.
	for attempt := 0; ; attempt++ {
		sub, err := s.save(ctx, p, sc, id, values, *version)
		if errors.Is(err, errRaced) && attempt < 3 {
			continue
		}
		if errors.Is(err, errRaced) {
			return Submission{}, s.conflict(ctx, sc, id, errs.ErrConflict)
		}
		return sub, err
	}
}

// errRaced is a save whose optimistic write lost to a concurrent save after it merged.
var errRaced = errors.New("concurrent save")

// save is one attempt of Save: values were based on version base; a stale base is merged
// field by field (merge.go).
func (s *Service) save(ctx context.Context, p *authz.Principal, sc scope.Scope, id int64, values map[string]any, base int) (Submission, error) {
	// Status first: a submitted or approved submission is not editable, whatever the version.
	sub, f, err := s.editable(ctx, sc, id, nil)
	if err != nil {
		return Submission{}, err
	}
	norm, verr := f.Normalize(values)
	if verr != nil && len(verr.Fields) > 0 {
		return Submission{}, verr
	}
	var merged *mergeDetail
	if base != sub.Version {
		old, ok, err := s.valuesAt(ctx, sub, base)
		if err != nil {
			return Submission{}, err
		}
		if !ok {
			return Submission{}, &StaleError{Current: sub}
		}
		m, arrived, conflicts := merge3(old, sub.Values, norm)
		if len(conflicts) > 0 {
			return Submission{}, &EditConflictError{Current: sub, Conflicts: conflicts, Merged: m}
		}
		norm, merged = m, &mergeDetail{Base: base, Arrived: nonNilStrings(arrived)}
	}
	if err := s.checkAttachments(ctx, id, f, norm); err != nil {
		return Submission{}, err
	}
	// Milliseconds, the precision of every database's timestamp columns: the answer below is
	// built from what was written, not read back, and must equal what a read would give.
	now := s.now().Truncate(time.Millisecond)
	err = s.store.Tx(ctx, func(st *Store) error {
		if err := st.update(id, sub.Version, p.UserID, now, change{Status: sub.Status, Values: norm}); err != nil {
			return err
		}
		d := diff(sub.Values, norm)
		action := "save"
		if merged != nil {
			action = "merge" // the audit row says from which base and what arrived
		}
		if err := st.addRevision(revisionRow{SubmissionID: id, Version: sub.Version + 1, Action: action,
			FromStatus: string(sub.Status), ToStatus: string(sub.Status), ActorID: p.UserID, At: now, Diff: mustJSON(d)}); err != nil {
			return err
		}
		// The audit row names the fields changed; the values are in the revision's diff.
		return st.recordAudit(ctx, s.audit, s.entry(p, sub, "submission.save",
			saveDetail{Version: sub.Version + 1, Fields: changedKeys(d), Merge: merged}))
	})
	if errors.Is(err, errs.ErrConflict) {
		return Submission{}, errRaced
	}
	if err != nil {
		return Submission{}, err
	}
	// The saved submission is the one read above with the values, version and time written
	// (a save changes nothing else): no second read. The values go through JSON as a read
	// would decode them.
	out := sub
	out.Version, out.UpdatedAt = sub.Version+1, now
	if out.Values, err = roundTrip(norm); err != nil {
		return Submission{}, fmt.Errorf("saved values of submission %d: %w", id, err)
	}
	if merged != nil {
		out.Arrived = merged.Arrived
	}
	return out, nil
}

// roundTrip is m as the store returns it after writing it: encoded and decoded again.
func roundTrip(m map[string]any) (map[string]any, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return decodeMap(string(b))
}

// nonNilStrings makes an empty list encode as [].
func nonNilStrings(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

// SubmitError is a refused submit: the per-field errors, with the warnings kept.
type SubmitError struct {
	Errors   []form.Issue
	Warnings []form.Issue
}

func (e *SubmitError) Error() string { return "submission has errors" }

// Submit validates the values completely and, if they pass, hands the submission to review.
func (s *Service) Submit(ctx context.Context, p *authz.Principal, sc scope.Scope, id int64, version *int) (Submission, error) {
	sub, f, err := s.editable(ctx, sc, id, version)
	if err != nil {
		return Submission{}, err
	}
	res, err := s.evaluate(ctx, sub, f) // carry.go
	if err != nil {
		return Submission{}, err
	}
	if len(res.Errors) > 0 {
		return Submission{}, &SubmitError{Errors: res.Errors, Warnings: res.Warnings}
	}
	now := s.now()
	warnings := res.Warnings
	if warnings == nil {
		warnings = []form.Issue{}
	}
	computed := res.Computed
	if computed == nil {
		computed = map[string]any{}
	}
	// What the filler entered is stored apart from what the rules computed (kept in Computed),
	// so a later save does not record the computed values as removed.
	entered := make(map[string]any, len(res.Values))
	for k, v := range res.Values {
		if _, isComputed := res.Computed[k]; !isComputed {
			entered[k] = v
		}
	}
	chain, err := s.Chain(ctx, sub)
	if err != nil {
		return Submission{}, fmt.Errorf("submit submission %d: %w", id, err)
	}
	var first vocab.ReviewLevel
	if len(chain) > 0 {
		first = chain[0]
	}
	err = s.store.Tx(ctx, func(st *Store) error {
		if err := st.update(id, sub.Version, p.UserID, now, change{Status: StatusSubmitted, Level: first, Chain: nonNilChain(chain), Values: entered,
			Computed: computed, Warnings: warnings, SubmittedAt: &now, ClearApprov: true}); err != nil {
			return err
		}
		if err := st.addRevision(revisionRow{SubmissionID: id, Version: sub.Version + 1, Action: vocab.ActionSubmit,
			FromStatus: string(sub.Status), ToStatus: string(StatusSubmitted), ToLevel: string(first), ActorID: p.UserID, At: now,
			Diff: mustJSON(diff(sub.Values, entered))}); err != nil {
			return err
		}
		if err := st.replaceFacts(sub.OrgID, sub.FormCode, sub.Period, f.Facts(res.Values), StatusSubmitted, first, now); err != nil {
			return err
		}
		var detail any
		if first != "" {
			detail = map[string]any{"to_level": first}
		}
		return st.recordAudit(ctx, s.audit, s.entry(p, sub, "submission.submit", detail))
	})
	if err != nil {
		return Submission{}, s.conflict(ctx, sc, id, err)
	}
	return s.store.Get(ctx, sc, id)
}

func (s *Service) entry(p *authz.Principal, sub Submission, action string, detail any) audit.Entry {
	return audit.Entry{ActorID: &p.UserID, OrgID: &sub.OrgID, Action: action, ObjectType: "submission",
		ObjectID: strconv.FormatInt(sub.ID, 10), Detail: detail}
}

// Reviewer is the caller of a review action: who, and the seats they review from.
type Reviewer struct {
	P     *authz.Principal
	Seats []Seat
}

func nonNilChain(c []vocab.ReviewLevel) []vocab.ReviewLevel {
	if c == nil {
		return []vocab.ReviewLevel{}
	}
	return c
}

// levelDetail is the audit detail of a decision at a review level.
type levelDetail struct {
	*Comments `json:",omitempty"`
	Level     vocab.ReviewLevel `json:"level"`
	ToLevel   vocab.ReviewLevel `json:"to_level"`
}

// step is one reviewer transition worked out: the action, where it leaves the submission and
// the level that decided.
type step struct {
	action  string
	to      Status
	level   vocab.ReviewLevel // the level that decided
	toLevel vocab.ReviewLevel // the level it waits at afterwards
}

// review loads a submission in sc at version, checks that action may start from its status, lets
// decide work out the step (or refuse), and writes it: the row, its revision, the facts' status
// and the audit entry, in one transaction.
func (s *Service) review(ctx context.Context, r Reviewer, sc scope.Scope, id int64, version *int, action string,
	comments *Comments, decide func(sub Submission, chain []vocab.ReviewLevel) (step, error)) (Submission, error) {
	sub, err := s.store.Get(ctx, sc, id)
	if err != nil {
		return Submission{}, err
	}
	if err := s.checkVersion(sub, version); err != nil {
		return Submission{}, err
	}
	if !vocab.Allowed(action, sub.Status) {
		return Submission{}, errs.Coded(errs.ErrInvalidState, "invalid_transition",
			"cannot "+action+" a submission that is "+string(sub.Status))
	}
	stp, err := decide(sub, sub.ReviewChain)
	if err != nil {
		return Submission{}, err
	}
	now := s.now()
	ch := change{Status: stp.to, Level: stp.toLevel, Comments: comments}
	if stp.to == StatusApproved {
		ch.ApprovedAt = &now
	} else {
		ch.ClearApprov = true
	}
	comment, fieldComments := "", ""
	if comments != nil {
		comment = comments.Comment
		if len(comments.Fields) > 0 {
			fieldComments = mustJSON(comments.Fields)
		}
	}
	var detail any
	if comments != nil {
		detail = comments
	}
	if stp.level != "" || stp.toLevel != "" {
		detail = levelDetail{Comments: comments, Level: stp.level, ToLevel: stp.toLevel}
	}
	err = s.store.Tx(ctx, func(st *Store) error {
		if err := st.update(id, sub.Version, r.P.UserID, now, ch); err != nil {
			return err
		}
		if err := st.addRevision(revisionRow{SubmissionID: id, Version: sub.Version + 1, Action: stp.action,
			FromStatus: string(sub.Status), ToStatus: string(stp.to), Level: string(stp.level), ToLevel: string(stp.toLevel),
			ActorID: r.P.UserID, At: now, Diff: "{}", Comment: comment, FieldComments: fieldComments}); err != nil {
			return err
		}
		if err := st.setFactStatus(sub.OrgID, sub.FormCode, sub.Period, stp.to, stp.toLevel, now); err != nil {
			return err
		}
		return st.recordAudit(ctx, s.audit, s.entry(r.P, sub, "submission."+stp.action, detail))
	})
	if err != nil {
		return Submission{}, s.conflict(ctx, sc, id, fmt.Errorf("%s submission %d: %w", stp.action, id, err))
	}
	return s.store.Get(ctx, sc, id)
}

// Approve is a reviewer's yes at the level the submission waits at: it passes up to the next
// level of its chain, or, at the last level (or in one-step review), is approved and counts in
// official figures at once.
func (s *Service) Approve(ctx context.Context, r Reviewer, sc scope.Scope, id int64, version *int) (Submission, error) {
	return s.review(ctx, r, sc, id, version, vocab.ActionApprove, nil, func(sub Submission, chain []vocab.ReviewLevel) (step, error) {
		at, ok := deciding(r.Seats, sub.ReviewLevel, sub.OrgPath)
		if !ok {
			return step{}, errNotYourLevel
		}
		if at != "" {
			if next, ok := above(chain, at); ok {
				return step{action: vocab.ActionPass, to: StatusSubmitted, level: at, toLevel: next}, nil
			}
		}
		return step{action: vocab.ActionApprove, to: StatusApproved, level: at}, nil
	})
}

// ReturnTo says where a return sends a submission.
type ReturnTo string

// Where a return goes.
const (
	ReturnToFiller ReturnTo = "filler" // to the org that filled it in, to correct
	ReturnToBelow  ReturnTo = "below"  // to the review level under this one, to look again
)

// Return sends a submitted submission back with a comment and per-field comments: to its filler,
// or (to = ReturnToBelow) to the level under the one it waits at.
func (s *Service) Return(ctx context.Context, r Reviewer, sc scope.Scope, id int64, version *int, to ReturnTo, comment string, fields map[string]string) (Submission, error) {
	if to != "" && to != ReturnToFiller && to != ReturnToBelow {
		return Submission{}, errs.Invalid("to", "invalid_return_to", "return to filler or below")
	}
	c, err := s.comments(ctx, sc, id, r.P, comment, fields)
	if err != nil {
		return Submission{}, err
	}
	action := vocab.ActionReturn
	if to == ReturnToBelow {
		action = vocab.ActionReturnBelow
	}
	return s.review(ctx, r, sc, id, version, action, c, func(sub Submission, chain []vocab.ReviewLevel) (step, error) {
		at, ok := deciding(r.Seats, sub.ReviewLevel, sub.OrgPath)
		if !ok {
			return step{}, errNotYourLevel
		}
		if to != ReturnToBelow {
			return step{action: vocab.ActionReturn, to: StatusReturned, level: at}, nil
		}
		prev, ok := below(chain, sub.ReviewLevel)
		if sub.ReviewLevel == "" || !ok {
			return step{}, errs.Coded(errs.ErrInvalidState, "no_level_below", "no review level below this one; return it to its filler")
		}
		return step{action: vocab.ActionReturnBelow, to: StatusSubmitted, level: at, toLevel: prev}, nil
	})
}

// Reopen sends an approved submission back to its filler for correction; the level whose approval
// was final (any reviewer over the org in one-step review) may do so.
func (s *Service) Reopen(ctx context.Context, r Reviewer, sc scope.Scope, id int64, version *int, comment string, fields map[string]string) (Submission, error) {
	c, err := s.comments(ctx, sc, id, r.P, comment, fields)
	if err != nil {
		return Submission{}, err
	}
	return s.review(ctx, r, sc, id, version, vocab.ActionReopen, c, func(sub Submission, chain []vocab.ReviewLevel) (step, error) {
		at, ok := deciding(r.Seats, final(chain), sub.OrgPath)
		if !ok {
			return step{}, errNotYourLevel
		}
		return step{action: vocab.ActionReopen, to: StatusReturned, level: at}, nil
	})
}

// Decision is what a reviewer may do with a submission now, for the client to offer the buttons
// without re-deriving the levels: whether they may act at all, where their yes sends it (ApproveTo:
// the next level up, "" when it approves) and where "back to the level below" sends it
// (ReturnBelowTo: "" when it waits at the first level or in one-step review).
type Decision struct {
	CanAct        bool
	ApproveTo     vocab.ReviewLevel
	ReturnBelowTo vocab.ReviewLevel
}

// CanAct reports what r may do with sub now (pass, approve or return it).
func (s *Service) CanAct(r Reviewer, sub Submission) Decision {
	if sub.Status != StatusSubmitted {
		return Decision{}
	}
	at, ok := deciding(r.Seats, sub.ReviewLevel, sub.OrgPath)
	if !ok {
		return Decision{}
	}
	d := Decision{CanAct: true}
	if at == "" {
		return d
	}
	d.ApproveTo, _ = above(sub.ReviewChain, at)
	if sub.ReviewLevel != "" {
		d.ReturnBelowTo, _ = below(sub.ReviewChain, sub.ReviewLevel)
	}
	return d
}

// comments validates a reviewer's comment: something must be said, and field comments must
// name fields of the form.
func (s *Service) comments(ctx context.Context, sc scope.Scope, id int64, p *authz.Principal, comment string, fields map[string]string) (*Comments, error) {
	sub, err := s.store.Get(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	f, err := s.Form(ctx, sub)
	if err != nil {
		return nil, err
	}
	v := &errs.ValidationError{}
	comment = strings.TrimSpace(comment)
	clean := map[string]string{}
	for k, text := range fields {
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		if _, ok := f.Field(k); !ok {
			v.Add("field_comments."+k, "unknown_field", "no such field in this form")
			continue
		}
		if len([]rune(text)) > 1000 {
			v.Add("field_comments."+k, "too_long", "at most 1000 characters")
		}
		clean[k] = text
	}
	if comment == "" && len(clean) == 0 {
		v.Add("comment", "required", "say what must be corrected")
	}
	if len([]rune(comment)) > 2000 {
		v.Add("comment", "too_long", "at most 2000 characters")
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	return &Comments{Comment: comment, Fields: clean, By: p.UserID, At: s.now()}, nil
}

// Queue lists submissions in sc for review.
func (s *Service) Queue(ctx context.Context, sc scope.Scope, f QueueFilter) ([]Submission, int64, error) {
	switch f.Status {
	case "", StatusDraft, StatusSubmitted, StatusReturned, StatusApproved:
	default:
		return nil, 0, errs.Invalid("status", "invalid_status", "unknown status")
	}
	if f.Level != "" && !vocab.ValidReviewLevel(string(f.Level)) {
		return nil, 0, errs.Invalid("level", "invalid_review_level", "unknown review level")
	}
	f.Page, f.PageSize = org.NormalizePage(f.Page, f.PageSize)
	return s.store.Queue(ctx, sc, f)
}

// History returns a submission's revisions.
func (s *Service) History(ctx context.Context, sc scope.Scope, id int64) ([]Revision, error) {
	if _, err := s.store.Get(ctx, sc, id); err != nil {
		return nil, err
	}
	return s.store.Revisions(ctx, id)
}

// BulkResult is the outcome of one id in a bulk approve.
type BulkResult struct {
	ID    int64
	Error error
}

// BulkApprove approves (or passes up) each id independently; one failure does not stop the rest.
func (s *Service) BulkApprove(ctx context.Context, r Reviewer, sc scope.Scope, ids []int64) []BulkResult {
	out := make([]BulkResult, 0, len(ids))
	for _, id := range ids {
		_, err := s.Approve(ctx, r, sc, id, nil)
		out = append(out, BulkResult{ID: id, Error: err})
	}
	return out
}
