package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/submission"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

type openRequest struct {
	Form   string `json:"form"`
	Period string `json:"period"`
	OrgID  int64  `json:"org_id"`
}

type saveRequest struct {
	Values  map[string]any `json:"values"`
	Version *int           `json:"version"`
}

type upgradeRequest struct {
	Version *int `json:"version"`
}

type transitionRequest struct {
	Version       *int              `json:"version"`
	To            string            `json:"to"` // return: filler (default) or below
	Comment       string            `json:"comment"`
	FieldComments map[string]string `json:"field_comments"`
}

type bulkRequest struct {
	IDs []int64 `json:"ids"`
}

// SubmissionDocument is a submission as DESIGN.md defines it.
type SubmissionDocument struct {
	ID          int64             `json:"id"`
	Org         OrgRef            `json:"org"`
	Form        string            `json:"form"`
	FormVersion int               `json:"form_version"`
	Period      string            `json:"period"`
	Status      string            `json:"status"`
	Version     int               `json:"version"`
	Values      map[string]any    `json:"values"`
	Computed    map[string]any    `json:"computed"`
	Errors      []form.Issue      `json:"errors"`
	Warnings    []form.Issue      `json:"warnings"`
	Hidden      []string          `json:"hidden"`
	Comments    *CommentsResponse `json:"comments"`
	SubmittedAt *time.Time        `json:"submitted_at"`
	ApprovedAt  *time.Time        `json:"approved_at"`
	UpdatedAt   time.Time         `json:"updated_at"`
	// LatestFormVersion is the form's newest version; when it is above FormVersion, the
	// submission may be upgraded to it.
	LatestFormVersion int `json:"latest_form_version"`
	// Arrived, on a save merged with someone else's, lists the fields kept from theirs.
	Arrived []string `json:"arrived,omitempty"`
	// Prev are the org's approved values of the previous period, which rules read as prev.<field>.
	Prev map[string]any `json:"prev"`
	// Carry are the sections prefilled from the org's last approved submission (carry.go).
	Carry []CarriedSectionResponse `json:"carry"`
	// Review is where the submission stands in multi-level review.
	Review ReviewResponse `json:"review"`
}

// ReviewResponse is a submission's place in review: the levels it climbs (empty: one step), the
// one it waits at now (when submitted), and whether the caller may act on it at that level.
type ReviewResponse struct {
	Chain  []string `json:"chain"`
	Level  *string  `json:"level"`
	CanAct bool     `json:"can_act"`
	// ApproveTo is where the caller's yes sends it: the next level up (通过并上报), or null when it
	// approves (or the caller cannot act).
	ApproveTo *string `json:"approve_to"`
	// ReturnBelowTo is where the caller's "back to the level below" sends it, or null when there is
	// no level below the one it waits at (or the caller cannot act).
	ReturnBelowTo *string `json:"return_below_to"`
}

// reviewOf converts a submission's review state; the decision is the caller's.
func reviewOf(sub submission.Submission, d submission.Decision) ReviewResponse {
	return ReviewResponse{Chain: vocab.Strings(sub.ReviewChain), Level: optLevel(sub.ReviewLevel), CanAct: d.CanAct,
		ApproveTo: optLevel(d.ApproveTo), ReturnBelowTo: optLevel(d.ReturnBelowTo)}
}

// FieldConflictResponse is one field two people changed differently since the saver loaded
// it: the value then (base), the saver's (mine) and the one saved meanwhile (theirs).
type FieldConflictResponse struct {
	Field  string `json:"field"`
	Base   any    `json:"base"`
	Mine   any    `json:"mine"`
	Theirs any    `json:"theirs"`
}

// CommentsResponse is a reviewer's return comment.
type CommentsResponse struct {
	Comment       string            `json:"comment"`
	FieldComments map[string]string `json:"field_comments"`
	By            int64             `json:"by"`
	At            time.Time         `json:"at"`
}

// SubmissionSummary is a queue row.
type SubmissionSummary struct {
	ID       int64  `json:"id"`
	Org      OrgRef `json:"org"`
	TownID   *int64 `json:"town_id"`
	Form     string `json:"form"`
	Period   string `json:"period"`
	Status   string `json:"status"`
	Version  int    `json:"version"`
	Warnings int    `json:"warnings"`
	// ReviewLevel is the level a submitted one waits at (null: one step, or not submitted).
	ReviewLevel *string `json:"review_level"`
	// ApproveTo is where the caller's yes sends it: the next level up, or null when it approves
	// or the caller cannot act on it (a queue's bulk button reads 批量通过并上报 by it).
	ApproveTo *string `json:"approve_to"`
	// YoY: a warning reads last period's figures (a jump the reviewer should look at first).
	YoY         bool       `json:"yoy"`
	SubmittedAt *time.Time `json:"submitted_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// anyYoY reports whether one of the warnings is a year-over-year check's.
func anyYoY(is []form.Issue) bool {
	for _, i := range is {
		if i.YoY {
			return true
		}
	}
	return false
}

func nonNilIssues(is []form.Issue) []form.Issue {
	if is == nil {
		return []form.Issue{}
	}
	return is
}

// document converts a submission; for editable ones it evaluates the values now so the client
// sees what a submit would say.
func (s *server) document(c echo.Context, sub submission.Submission) (SubmissionDocument, error) {
	d := SubmissionDocument{ID: sub.ID, Org: OrgRef{ID: sub.OrgID, Code: sub.OrgCode, Name: sub.OrgName},
		Form: sub.FormCode, FormVersion: sub.FormVersion, Period: sub.Period, Status: string(sub.Status), Version: sub.Version,
		Values: sub.Values, Computed: sub.Computed, Errors: []form.Issue{}, Warnings: nonNilIssues(sub.Warnings), Hidden: []string{},
		SubmittedAt: sub.SubmittedAt, ApprovedAt: sub.ApprovedAt, UpdatedAt: sub.UpdatedAt, Arrived: sub.Arrived}
	latest, err := s.Submissions.NewestFormVersion(c.Request().Context(), sub.FormCode)
	if err != nil {
		return d, err
	}
	d.LatestFormVersion = latest
	if sub.Status.Editable() {
		res, cs, err := s.Submissions.CheckCarry(c.Request().Context(), sub)
		if err != nil {
			return d, err
		}
		setCarry(&d, cs)
		d.Computed, d.Errors, d.Warnings = res.Computed, nonNilIssues(res.Errors), nonNilIssues(res.Warnings)
		if res.Hidden != nil {
			d.Hidden = res.Hidden
		}
	}
	if d.Computed == nil {
		d.Computed = map[string]any{}
	}
	if d.Carry == nil { // not editable: last period's values only
		if err := s.carryDocument(c, sub, &d); err != nil {
			return d, err
		}
	}
	if sub.Comments != nil {
		d.Comments = &CommentsResponse{Comment: sub.Comments.Comment, FieldComments: sub.Comments.Fields, By: sub.Comments.By, At: sub.Comments.At}
	}
	var dec submission.Decision
	if sub.Status == submission.StatusSubmitted {
		r, err := s.reviewer(c)
		if err != nil {
			return d, err
		}
		dec = s.Submissions.CanAct(r, sub)
	}
	d.Review = reviewOf(sub, dec)
	return d, nil
}

// reviewer is the caller as a reviewer: the seats of the grants that allow reviewing (none for a
// filler, who then may act on nothing).
func (s *server) reviewer(c echo.Context) (submission.Reviewer, error) {
	p := principal(c)
	gs, err := s.Enforcer.Grants(p, "submission", "review")
	if err != nil {
		return submission.Reviewer{}, fmt.Errorf("enforce submission:review: %w", err)
	}
	seats, err := s.Submissions.Seats(c.Request().Context(), gs)
	if err != nil {
		return submission.Reviewer{}, err
	}
	return submission.Reviewer{P: p, Seats: seats}, nil
}

// respond writes a submission, turning a stale-version error into a 409 with the current state.
func (s *server) respond(c echo.Context, status int, sub submission.Submission, err error) error {
	if err != nil {
		return s.submissionError(c, err)
	}
	d, err := s.document(c, sub)
	if err != nil {
		return err
	}
	return c.JSON(status, d)
}

func (s *server) submissionError(c echo.Context, err error) error {
	var ec *submission.EditConflictError
	if errors.As(err, &ec) {
		d, derr := s.document(c, ec.Current)
		if derr != nil {
			return derr
		}
		cs := make([]FieldConflictResponse, len(ec.Conflicts))
		for i, fc := range ec.Conflicts {
			cs[i] = FieldConflictResponse{Field: fc.Field, Base: fc.Base, Mine: fc.Mine, Theirs: fc.Theirs}
		}
		return &ConflictError{Current: d, Conflicts: cs, Merged: ec.Merged}
	}
	var stale *submission.StaleError
	if errors.As(err, &stale) {
		d, derr := s.document(c, stale.Current)
		if derr != nil {
			return derr
		}
		return &ConflictError{Current: d}
	}
	var se *submission.SubmitError
	if errors.As(err, &se) {
		v := &errs.ValidationError{Code: "submission_invalid"}
		for _, is := range se.Errors {
			v.Add(is.Field, is.Code, is.Message)
		}
		return &WithWarnings{Err: v, Warnings: nonNilIssues(se.Warnings)}
	}
	return err
}

func (s *server) openSubmission(c echo.Context) error {
	var in openRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	sub, created, err := s.Submissions.Open(c.Request().Context(), principal(c), scopeOf(c), in.Form, in.Period, in.OrgID)
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return s.respond(c, status, sub, err)
}

func (s *server) getSubmission(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	sub, err := s.Submissions.Get(c.Request().Context(), scopeOf(c), id)
	return s.respond(c, http.StatusOK, sub, err)
}

func (s *server) saveSubmission(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in saveRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	sub, err := s.Submissions.Save(c.Request().Context(), principal(c), scopeOf(c), id, in.Values, in.Version)
	return s.respond(c, http.StatusOK, sub, err)
}

// UpgradeResponse is a submission moved to the newest version of its form, with the values
// that could not be carried over.
type UpgradeResponse struct {
	Submission      SubmissionDocument `json:"submission"`
	FromFormVersion int                `json:"from_form_version"`
	Dropped         []DroppedValue     `json:"dropped"`
}

// DroppedValue is one value an upgrade could not keep: its path and why (removed, retyped,
// computed, or a validation code under the new version).
type DroppedValue struct {
	Field string `json:"field"`
	Code  string `json:"code"`
}

func (s *server) upgradeSubmission(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in upgradeRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	up, err := s.Submissions.Upgrade(c.Request().Context(), principal(c), scopeOf(c), id, in.Version)
	if err != nil {
		return s.submissionError(c, err)
	}
	d, err := s.document(c, up.Submission)
	if err != nil {
		return err
	}
	out := UpgradeResponse{Submission: d, FromFormVersion: up.FromVersion, Dropped: make([]DroppedValue, len(up.Dropped))}
	for i, dr := range up.Dropped {
		out.Dropped[i] = DroppedValue{Field: dr.Field, Code: dr.Code}
	}
	return c.JSON(http.StatusOK, out)
}

// bindTransition reads an optional transition body; an empty body is allowed.
func bindTransition(c echo.Context) (transitionRequest, error) {
	var in transitionRequest
	if c.Request().ContentLength == 0 {
		return in, nil
	}
	return in, bindJSON(c, &in)
}

func (s *server) transition(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	in, err := bindTransition(c)
	if err != nil {
		return err
	}
	ctx, p, sc := c.Request().Context(), principal(c), scopeOf(c)
	action := c.Get(actionKey).(string)
	if action == "submit" {
		sub, err := s.Submissions.Submit(ctx, p, sc, id, in.Version)
		return s.respond(c, http.StatusOK, sub, err)
	}
	r, err := s.reviewer(c)
	if err != nil {
		return err
	}
	var sub submission.Submission
	switch action {
	case "approve":
		sub, err = s.Submissions.Approve(ctx, r, sc, id, in.Version)
	case "return":
		sub, err = s.Submissions.Return(ctx, r, sc, id, in.Version, submission.ReturnTo(in.To), in.Comment, in.FieldComments)
	case "reopen":
		sub, err = s.Submissions.Reopen(ctx, r, sc, id, in.Version, in.Comment, in.FieldComments)
	default:
		return errors.New("unknown transition " + action)
	}
	return s.respond(c, http.StatusOK, sub, err)
}

const actionKey = "tianbao.action"

// action tags a route with the transition it runs.
func action(name string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Set(actionKey, name)
			return next(c)
		}
	}
}

func (s *server) queue(c echo.Context) error {
	f := submission.QueueFilter{FormCode: c.QueryParam("form"), Period: c.QueryParam("period"),
		Status: submission.Status(c.QueryParam("status")), Level: vocab.ReviewLevel(c.QueryParam("level"))}
	var err error
	switch c.QueryParam("awaiting") {
	case "":
	case "me":
		// The caller's own queue: what waits at a level they review at.
		r, err := s.reviewer(c)
		if err != nil {
			return err
		}
		f.Awaiting = r.Seats
		if f.Awaiting == nil {
			f.Awaiting = []submission.Seat{}
		}
	default:
		return errs.Invalid("awaiting", "invalid_awaiting", "awaiting takes only me")
	}
	if f.Page, err = queryInt(c, "page"); err != nil {
		return err
	}
	if f.PageSize, err = queryInt(c, "page_size"); err != nil {
		return err
	}
	if f.OrgID, err = queryID(c, "org"); err != nil {
		return err
	}
	if f.TownID, err = queryID(c, "town"); err != nil {
		return err
	}
	subs, total, err := s.Submissions.Queue(c.Request().Context(), scopeOf(c), f)
	if err != nil {
		return err
	}
	var r submission.Reviewer
	if f.Awaiting != nil {
		r.Seats = f.Awaiting
	} else if r, err = s.reviewer(c); err != nil {
		return err
	}
	items := make([]SubmissionSummary, len(subs))
	for i, sub := range subs {
		items[i] = SubmissionSummary{ID: sub.ID, Org: OrgRef{ID: sub.OrgID, Code: sub.OrgCode, Name: sub.OrgName},
			TownID: sub.TownID, Form: sub.FormCode, Period: sub.Period, Status: string(sub.Status), Version: sub.Version,
			Warnings: len(sub.Warnings), YoY: anyYoY(sub.Warnings), SubmittedAt: sub.SubmittedAt, UpdatedAt: sub.UpdatedAt,
			ReviewLevel: optLevel(sub.ReviewLevel)}
		if to := s.Submissions.CanAct(r, sub).ApproveTo; to != "" {
			items[i].ApproveTo = optLevel(to)
		}
	}
	page, size := org.NormalizePage(f.Page, f.PageSize)
	return c.JSON(http.StatusOK, Page[SubmissionSummary]{Items: items, Total: total, Page: page, PageSize: size})
}

// BulkItem is the outcome for one id of a bulk approve.
type BulkItem struct {
	ID     int64  `json:"id"`
	Status int    `json:"status"`
	Code   string `json:"code,omitempty"`
}

func (s *server) bulkApprove(c echo.Context) error {
	var in bulkRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if len(in.IDs) == 0 || len(in.IDs) > 500 {
		return errs.Invalid("ids", "invalid_count", "give between 1 and 500 ids")
	}
	v := &errs.ValidationError{}
	errs.CheckList(v, "ids", in.IDs, 500)
	if err := v.OrNil(); err != nil {
		return err
	}
	r, err := s.reviewer(c)
	if err != nil {
		return err
	}
	rs := s.Submissions.BulkApprove(c.Request().Context(), r, scopeOf(c), in.IDs)
	out := make([]BulkItem, len(rs))
	approved := 0
	for i, r := range rs {
		out[i] = BulkItem{ID: r.ID, Status: http.StatusOK}
		if r.Error != nil {
			p := toProblem(r.Error)
			if p.Status >= 500 {
				return r.Error
			}
			out[i].Status, out[i].Code = p.Status, p.Code
			continue
		}
		approved++
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "approved": approved})
}

// RevisionResponse is one entry of a submission's history.
type RevisionResponse struct {
	ID         int64  `json:"id"`
	Version    int    `json:"version"`
	Action     string `json:"action"`
	FromStatus string `json:"from_status"`
	ToStatus   string `json:"to_status"`
	// Level decided (a reviewer's action at a review level); ToLevel is where it waits after.
	Level   *string                      `json:"level"`
	ToLevel *string                      `json:"to_level"`
	Actor   string                       `json:"actor"`
	ActorID int64                        `json:"actor_id"`
	At      time.Time                    `json:"at"`
	Changes map[string]submission.Change `json:"changes"`
	Comment string                       `json:"comment,omitempty"`
	// FieldComments are a return's per-field comments, each return's own.
	FieldComments map[string]string `json:"field_comments,omitempty"`
}

func optLevel(l vocab.ReviewLevel) *string {
	if l == "" {
		return nil
	}
	v := string(l)
	return &v
}

func (s *server) history(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	revs, err := s.Submissions.History(c.Request().Context(), scopeOf(c), id)
	if err != nil {
		return err
	}
	items := make([]RevisionResponse, len(revs))
	for i, r := range revs {
		ch := r.Diff
		if ch == nil {
			ch = map[string]submission.Change{}
		}
		items[i] = RevisionResponse{ID: r.ID, Version: r.Version, Action: r.Action, FromStatus: string(r.FromStatus),
			ToStatus: string(r.ToStatus), Level: optLevel(r.Level), ToLevel: optLevel(r.ToLevel), Actor: r.ActorName, ActorID: r.ActorID,
			At: r.At, Changes: ch, Comment: r.Comment, FieldComments: r.FieldComments}
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

// maxUpload bounds an attachment request; the field's own limit is checked on the bytes.
const maxUpload = 26 << 20

func (s *server) uploadAttachment(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, maxUpload)
	fh, err := c.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errs.Invalid("file", "too_large", "the file is too large")
		}
		return errs.Invalid("file", "required", "send the file as multipart field \"file\"")
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	a, err := s.Submissions.Upload(c.Request().Context(), principal(c), scopeOf(c), id, c.FormValue("field"), fh.Filename, io.Reader(f))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, AttachmentResponse{ID: a.ID, Name: a.Name, Size: a.Size, ContentType: a.ContentType})
}

// AttachmentResponse is an uploaded file as the client puts it into the attachment field's value.
type AttachmentResponse struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
}

func (s *server) downloadAttachment(c echo.Context) error {
	a, f, err := s.Submissions.Attachment(c.Request().Context(), scopeOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	defer f.Close()
	h := c.Response().Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
	h.Set("Content-Length", strconv.FormatInt(a.Size, 10))
	h.Set("Cache-Control", "private, no-store")
	return c.Stream(http.StatusOK, a.ContentType, f)
}
