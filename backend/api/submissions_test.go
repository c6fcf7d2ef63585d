package api_test

// Tests of the submission workflow through the real router: the lifecycle of a submission with
// every allowed and every forbidden transition, optimistic versions and concurrent saves,
// validation on save and submit, money exactness, the rollup facts, history, the reviewer
// queue and bulk approve. Helpers shared by the reporting tests (campaigns, forms, attachments,
// the reporting isolation matrix) are prefixed wf and live here.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// wfEnv is one running instance with the demo users' tokens.
type wfEnv struct {
	*testenv.Env
	mu     sync.Mutex
	tokens map[string]string
}

func wfNew(t *testing.T, kind string) *wfEnv {
	t.Helper()
	return &wfEnv{Env: testenv.New(t, kind), tokens: map[string]string{}}
}

// tok signs a user in once and returns the access token.
func (w *wfEnv) tok(user string) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if tk, ok := w.tokens[user]; ok {
		return tk
	}
	tk := w.Login(user)
	w.tokens[user] = tk
	return tk
}

// advance moves the clock; access tokens are short-lived, so everyone signs in again.
func (w *wfEnv) advance(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.Clock.Advance(d)
	w.tokens = map[string]string{}
}

// as sends a request as a demo user ("" for no token).
func (w *wfEnv) as(user, method, path string, body any) *testenv.Response {
	tk := ""
	if user != "" {
		tk = w.tok(user)
	}
	return w.Do(method, path, tk, body)
}

// wfIssue is a form error or warning.
type wfIssue struct {
	Field string `json:"field"`
	Code  string `json:"code"`
}

// wfDoc is a submission document.
type wfDoc struct {
	ID  int64 `json:"id"`
	Org struct {
		ID   int64  `json:"id"`
		Code string `json:"code"`
		Name string `json:"name"`
	} `json:"org"`
	Form        string         `json:"form"`
	FormVersion int            `json:"form_version"`
	Period      string         `json:"period"`
	Status      string         `json:"status"`
	Version     int            `json:"version"`
	Values      map[string]any `json:"values"`
	Computed    map[string]any `json:"computed"`
	Errors      []wfIssue      `json:"errors"`
	Warnings    []wfIssue      `json:"warnings"`
	Hidden      []string       `json:"hidden"`
	Comments    *struct {
		Comment       string            `json:"comment"`
		FieldComments map[string]string `json:"field_comments"`
	} `json:"comments"`
	SubmittedAt *time.Time `json:"submitted_at"`
	ApprovedAt  *time.Time `json:"approved_at"`
}

// wfProblem is a problem document with the submission extensions.
type wfProblem struct {
	Status int    `json:"status"`
	Code   string `json:"code"`
	Errors []struct {
		Field string `json:"field"`
		Code  string `json:"code"`
	} `json:"errors"`
	Warnings []wfIssue `json:"warnings"`
	Current  *wfDoc    `json:"current"`
}

func wfDecodeDoc(t *testing.T, r *testenv.Response) wfDoc {
	t.Helper()
	var d wfDoc
	r.Decode(t, &d)
	if d.ID == 0 {
		t.Fatalf("not a submission document: %s", r.Body)
	}
	return d
}

// wfWant fails unless r has status and, for an error, the problem code (code "" skips it).
func wfWant(t *testing.T, r *testenv.Response, status int, code string) wfProblem {
	t.Helper()
	if r.Status != status {
		t.Fatalf("want %d %s, got %d: %s", status, code, r.Status, r.Body)
	}
	var p wfProblem
	if status >= 400 {
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
			t.Fatalf("want problem+json, got %q: %s", ct, r.Body)
		}
		r.Decode(t, &p)
		if code != "" && p.Code != code {
			t.Fatalf("want code %q, got %q: %s", code, p.Code, r.Body)
		}
	}
	return p
}

// wfFieldCodes is the problem's field errors as "field=code", sorted.
func wfFieldCodes(p wfProblem) []string {
	out := []string{}
	for _, e := range p.Errors {
		out = append(out, e.Field+"="+e.Code)
	}
	sort.Strings(out)
	return out
}

func wfIssueCodes(is []wfIssue) []string {
	out := []string{}
	for _, e := range is {
		out = append(out, e.Field+"="+e.Code)
	}
	sort.Strings(out)
	return out
}

func wfSub(id int64, suffix string) string {
	return fmt.Sprintf("/api/v1/submissions/%d%s", id, suffix)
}

// wfOpen opens (or returns) user's submission for a form in period 2025.
func (w *wfEnv) wfOpen(t *testing.T, user, form string) wfDoc {
	t.Helper()
	r := w.as(user, http.MethodPost, "/api/v1/submissions", map[string]any{"form": form, "period": "2025"})
	if r.Status != http.StatusCreated && r.Status != http.StatusOK {
		t.Fatalf("open %s as %s: %d %s", form, user, r.Status, r.Body)
	}
	return wfDecodeDoc(t, r)
}

// wfSave puts values at the document's version and returns the new document (must be 200).
func (w *wfEnv) wfSave(t *testing.T, user string, d wfDoc, values map[string]any) wfDoc {
	t.Helper()
	r := w.as(user, http.MethodPut, wfSub(d.ID, ""), map[string]any{"values": values, "version": d.Version})
	wfWant(t, r, http.StatusOK, "")
	return wfDecodeDoc(t, r)
}

// wfAct runs a transition and returns the new document (must be 200).
func (w *wfEnv) wfAct(t *testing.T, user string, id int64, action string, body any) wfDoc {
	t.Helper()
	r := w.as(user, http.MethodPost, wfSub(id, "/"+action), body)
	wfWant(t, r, http.StatusOK, "")
	return wfDecodeDoc(t, r)
}

// wfFill opens, saves and submits a teacher-training submission for user.
func (w *wfEnv) wfFill(t *testing.T, user, payroll, spend string) wfDoc {
	t.Helper()
	d := w.wfOpen(t, user, "teacher-training")
	d = w.wfSave(t, user, d, map[string]any{"payroll_total": payroll, "training_spend": spend})
	return w.wfAct(t, user, d.ID, "submit", map[string]any{"version": d.Version})
}

// wfFact is one row of the fact table.
type wfFact struct {
	Field  string
	Text   string
	NumE4  *int64
	Status string
}

// wfFacts reads the fact table for one org and form in period 2025.
func (w *wfEnv) wfFacts(t *testing.T, orgCode, form string) map[string]wfFact {
	t.Helper()
	var rows []wfFact
	err := w.App.DB.WithContext(context.Background()).Table("facts").Select("field, text, num_e4, status").
		Where("org_id = ? AND form_code = ? AND period = ?", w.OrgID(orgCode), form, "2025").Find(&rows).Error
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]wfFact{}
	for _, r := range rows {
		out[r.Field+"|"+r.Text] = r
	}
	return out
}

// wfFactStatuses is the set of statuses of an org's facts for a form.
func (w *wfEnv) wfFactStatuses(t *testing.T, orgCode, form string) []string {
	t.Helper()
	seen := map[string]bool{}
	for _, f := range w.wfFacts(t, orgCode, form) {
		seen[f.Status] = true
	}
	out := []string{}
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// wfCampaignID is the id of the seeded campaign for a form in 2025.
func (w *wfEnv) wfCampaignID(t *testing.T, form string) int64 {
	t.Helper()
	r := w.as("reviewer", http.MethodGet, "/api/v1/campaigns?form="+form+"&period=2025", nil)
	wfWant(t, r, http.StatusOK, "")
	list, total := items(t, r)
	if total != 1 || len(list) != 1 {
		t.Fatalf("want one campaign for %s, got %d: %s", form, total, r.Body)
	}
	return id(t, list[0], "id")
}

// TestSubmissionLifecycle walks one submission through every transition, trying every forbidden
// one on the way; each step is a named scenario that depends on the state the previous left.
func TestSubmissionLifecycle(t *testing.T) {
	type step struct {
		name   string
		user   string
		method string
		suffix string // after /submissions/{id}; "open" posts /submissions
		body   func(v int) any
		status int
		code   string
		check  func(t *testing.T, w *wfEnv, r *testenv.Response, p wfProblem)
	}
	ver := func(v int) any { return map[string]any{"version": v} }
	none := func(int) any { return nil }
	openBody := func(int) any { return map[string]any{"form": "teacher-training", "period": "2025"} }
	comment := func(c string, fields map[string]string) func(int) any {
		return func(int) any { return map[string]any{"comment": c, "field_comments": fields} }
	}
	save := func(values map[string]any) func(int) any {
		return func(v int) any { return map[string]any{"values": values, "version": v} }
	}
	status := func(want string) func(t *testing.T, w *wfEnv, r *testenv.Response, p wfProblem) {
		return func(t *testing.T, w *wfEnv, r *testenv.Response, p wfProblem) {
			t.Helper()
			if d := wfDecodeDoc(t, r); d.Status != want {
				t.Fatalf("want status %s, got %s", want, d.Status)
			}
		}
	}
	facts := func(want string) func(t *testing.T, w *wfEnv, r *testenv.Response, p wfProblem) {
		return func(t *testing.T, w *wfEnv, r *testenv.Response, p wfProblem) {
			t.Helper()
			status(want)(t, w, r, p)
			if got := w.wfFactStatuses(t, "xhzx", "teacher-training"); fmt.Sprint(got) != "["+want+"]" {
				t.Fatalf("facts have statuses %v, want only %s", got, want)
			}
		}
	}
	fields := func(want ...string) func(t *testing.T, w *wfEnv, r *testenv.Response, p wfProblem) {
		return func(t *testing.T, w *wfEnv, r *testenv.Response, p wfProblem) {
			t.Helper()
			sort.Strings(want)
			if got := wfFieldCodes(p); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("want field errors %v, got %v", want, got)
			}
		}
	}
	good := map[string]any{"payroll_total": "1000000", "training_spend": "20000", "trainees": 40}
	steps := []step{
		{name: "open-201-creates-draft", user: "xhzx", method: "POST", suffix: "open", body: openBody, status: 201,
			check: func(t *testing.T, w *wfEnv, r *testenv.Response, p wfProblem) {
				d := wfDecodeDoc(t, r)
				if d.Status != "draft" || d.Version != 1 || d.Org.Code != "xhzx" || d.Form != "teacher-training" || d.Period != "2025" || d.FormVersion != 1 {
					t.Fatalf("unexpected new draft: %s", r.Body)
				}
			}},
		{name: "open-200-same-id", user: "xhzx", method: "POST", suffix: "open", body: openBody, status: 200},
		{name: "open-403-reviewer", user: "reviewer", method: "POST", suffix: "open", body: openBody, status: 403, code: "forbidden"},
		{name: "approve-409-draft", user: "reviewer", method: "POST", suffix: "/approve", body: none, status: 409, code: "invalid_transition"},
		{name: "return-409-draft", user: "reviewer", method: "POST", suffix: "/return", body: comment("fix", nil), status: 409, code: "invalid_transition"},
		{name: "reopen-409-draft", user: "reviewer", method: "POST", suffix: "/reopen", body: comment("fix", nil), status: 409, code: "invalid_transition"},
		{name: "save-403-reviewer", user: "reviewer", method: "PUT", body: save(good), status: 403, code: "forbidden"},
		{name: "save-403-leader", user: "leader", method: "PUT", body: save(good), status: 403, code: "forbidden"},
		{name: "save-422-version-missing", user: "xhzx", method: "PUT", body: func(int) any { return map[string]any{"values": good} },
			status: 422, check: fields("version=required")},
		{name: "submit-422-empty-draft", user: "xhzx", method: "POST", suffix: "/submit", body: ver, status: 422, code: "submission_invalid",
			check: fields("payroll_total=required", "training_spend=required")},
		{name: "save-200-draft", user: "xhzx", method: "PUT", body: save(good), status: 200,
			check: func(t *testing.T, w *wfEnv, r *testenv.Response, p wfProblem) {
				d := wfDecodeDoc(t, r)
				if d.Status != "draft" || d.Version != 2 || d.Values["payroll_total"] != "1000000.00" || d.Computed["training_ratio"] != "0.0200" {
					t.Fatalf("unexpected saved draft: %s", r.Body)
				}
				if len(w.wfFacts(t, "xhzx", "teacher-training")) != 0 {
					t.Fatal("a draft save wrote facts")
				}
			}},
		{name: "approve-403-filler", user: "xhzx", method: "POST", suffix: "/approve", body: none, status: 403, code: "forbidden"},
		{name: "submit-200", user: "xhzx", method: "POST", suffix: "/submit", body: ver, status: 200, check: facts("submitted")},
		{name: "save-409-not-editable-submitted", user: "xhzx", method: "PUT", body: save(good), status: 409, code: "not_editable"},
		{name: "submit-409-not-editable-submitted", user: "xhzx", method: "POST", suffix: "/submit", body: ver, status: 409, code: "not_editable"},
		{name: "approve-403-filler-submitted", user: "xhzx", method: "POST", suffix: "/approve", body: none, status: 403, code: "forbidden"},
		{name: "return-403-filler", user: "xhzx", method: "POST", suffix: "/return", body: comment("x", nil), status: 403, code: "forbidden"},
		{name: "approve-403-leader", user: "leader", method: "POST", suffix: "/approve", body: none, status: 403, code: "forbidden"},
		{name: "reopen-409-submitted", user: "reviewer", method: "POST", suffix: "/reopen", body: comment("fix", nil), status: 409, code: "invalid_transition"},
		{name: "return-422-empty-comment", user: "reviewer", method: "POST", suffix: "/return", body: comment("  ", nil), status: 422,
			check: fields("comment=required")},
		{name: "return-422-no-body", user: "reviewer", method: "POST", suffix: "/return", body: none, status: 422, check: fields("comment=required")},
		{name: "return-422-unknown-field", user: "reviewer", method: "POST", suffix: "/return",
			body: comment("fix", map[string]string{"no_such_field": "?"}), status: 422, check: fields("field_comments.no_such_field=unknown_field")},
		{name: "return-409-stale-version", user: "reviewer", method: "POST", suffix: "/return",
			body: func(v int) any { return map[string]any{"comment": "x", "version": v - 1} }, status: 409, code: "stale_version"},
		{name: "return-200-with-field-comments", user: "reviewer", method: "POST", suffix: "/return",
			body: comment("培训经费请核实", map[string]string{"training_spend": "与财务账不符"}), status: 200, check: facts("returned")},
		{name: "get-200-filler-sees-comments", user: "xhzx", method: "GET", body: none, status: 200,
			check: func(t *testing.T, w *wfEnv, r *testenv.Response, p wfProblem) {
				d := wfDecodeDoc(t, r)
				if d.Status != "returned" || d.Comments == nil || d.Comments.Comment != "培训经费请核实" ||
					d.Comments.FieldComments["training_spend"] != "与财务账不符" {
					t.Fatalf("filler does not see the return comments: %s", r.Body)
				}
			}},
		{name: "return-409-returned", user: "reviewer", method: "POST", suffix: "/return", body: comment("again", nil), status: 409, code: "invalid_transition"},
		{name: "approve-409-returned", user: "reviewer", method: "POST", suffix: "/approve", body: none, status: 409, code: "invalid_transition"},
		{name: "save-200-after-return", user: "xhzx", method: "PUT",
			body: save(map[string]any{"payroll_total": "1000000", "training_spend": "25000", "trainees": 40}), status: 200, check: status("returned")},
		{name: "resubmit-200-after-return", user: "xhzx", method: "POST", suffix: "/submit", body: ver, status: 200, check: facts("submitted")},
		{name: "approve-409-stale-version", user: "reviewer", method: "POST", suffix: "/approve", body: func(v int) any { return map[string]any{"version": v + 7} },
			status: 409, code: "stale_version"},
		{name: "approve-200", user: "reviewer", method: "POST", suffix: "/approve", body: ver, status: 200,
			check: func(t *testing.T, w *wfEnv, r *testenv.Response, p wfProblem) {
				facts("approved")(t, w, r, p)
				if d := wfDecodeDoc(t, r); d.ApprovedAt == nil || d.Values["training_spend"] != "25000.00" {
					t.Fatalf("approved document: %s", r.Body)
				}
			}},
		{name: "save-409-not-editable-approved", user: "xhzx", method: "PUT", body: save(good), status: 409, code: "not_editable"},
		{name: "submit-409-not-editable-approved", user: "xhzx", method: "POST", suffix: "/submit", body: ver, status: 409, code: "not_editable"},
		{name: "approve-409-approved", user: "reviewer", method: "POST", suffix: "/approve", body: none, status: 409, code: "invalid_transition"},
		{name: "return-409-approved", user: "reviewer", method: "POST", suffix: "/return", body: comment("x", nil), status: 409, code: "invalid_transition"},
		{name: "reopen-403-filler", user: "xhzx", method: "POST", suffix: "/reopen", body: comment("x", nil), status: 403, code: "forbidden"},
		{name: "reopen-422-empty-comment", user: "reviewer", method: "POST", suffix: "/reopen", body: comment("", nil), status: 422, check: fields("comment=required")},
		{name: "reopen-200-approved-to-returned", user: "reviewer", method: "POST", suffix: "/reopen",
			body: comment("", map[string]string{"trainees": "人次有误"}), status: 200,
			check: func(t *testing.T, w *wfEnv, r *testenv.Response, p wfProblem) {
				facts("returned")(t, w, r, p)
				if d := wfDecodeDoc(t, r); d.ApprovedAt != nil || d.Comments == nil || d.Comments.FieldComments["trainees"] != "人次有误" {
					t.Fatalf("reopened document: %s", r.Body)
				}
			}},
		{name: "resubmit-200-after-reopen", user: "xhzx", method: "POST", suffix: "/submit", body: ver, status: 200, check: facts("submitted")},
		{name: "approve-200-again", user: "admin", method: "POST", suffix: "/approve", body: none, status: 200, check: facts("approved")},
		{name: "history-200-every-step", user: "xhzx", method: "GET", suffix: "/history", body: none, status: 200,
			check: func(t *testing.T, w *wfEnv, r *testenv.Response, p wfProblem) {
				list, _ := items(t, r)
				got := []string{}
				for _, it := range list {
					got = append(got, fmt.Sprintf("%v:%v>%v", it["action"], it["from_status"], it["to_status"]))
				}
				want := []string{"create:>draft", "save:draft>draft", "submit:draft>submitted", "return:submitted>returned",
					"save:returned>returned", "submit:returned>submitted", "approve:submitted>approved", "reopen:approved>returned",
					"submit:returned>submitted", "approve:submitted>approved"}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("history\n got %v\nwant %v", got, want)
				}
			}},
	}
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		var subID int64
		version := 0
		for _, s := range steps {
			ok := t.Run(s.name, func(t *testing.T) {
				path := wfSub(subID, s.suffix)
				if s.suffix == "open" {
					path = "/api/v1/submissions"
				}
				r := w.as(s.user, s.method, path, s.body(version))
				p := wfWant(t, r, s.status, s.code)
				if r.Status < 300 && s.suffix != "/history" {
					d := wfDecodeDoc(t, r)
					if subID != 0 && d.ID != subID {
						t.Fatalf("document id %d, want %d", d.ID, subID)
					}
					subID, version = d.ID, d.Version
				}
				if r.Status == http.StatusConflict && s.code == "stale_version" {
					if p.Current == nil || p.Current.ID != subID || p.Current.Version != version {
						t.Fatalf("409 does not carry the current document: %s", r.Body)
					}
				}
				if s.check != nil {
					s.check(t, w, r, p)
				}
			})
			if !ok {
				t.FailNow() // later steps depend on this one
			}
		}
	})
}

// TestSubmissionOpen covers the refusals of POST /submissions.
func TestSubmissionOpen(t *testing.T) {
	cases := []struct {
		name, user string
		body       map[string]any
		status     int
		field      string
	}{
		{"open-422-org-type-excluded", "syyey", map[string]any{"form": "compulsory", "period": "2025"}, 422, "form=not_for_org_type"},
		{"open-422-department-school-form", "czj", map[string]any{"form": "teacher-training", "period": "2025"}, 422, "form=not_for_org_type"},
		{"open-422-bad-period", "xhzx", map[string]any{"form": "teacher-training", "period": "2025Q1"}, 422, "period=invalid_period"},
		{"open-422-garbage-period", "xhzx", map[string]any{"form": "teacher-training", "period": "20x5"}, 422, "period=invalid_period"},
		{"open-422-unknown-form", "xhzx", map[string]any{"form": "no-such-form", "period": "2025"}, 422, "form=unknown_form"},
		{"open-422-no-task-for-period", "xhzx", map[string]any{"form": "teacher-training", "period": "2024"}, 422, "form=no_task"},
		{"open-422-foreign-org", "xhzx", map[string]any{"form": "teacher-training", "period": "2025", "org_id": "@wlzx"}, 422, "org_id=not_found"},
		{"open-422-unknown-body-field", "xhzx", map[string]any{"form": "teacher-training", "period": "2025", "extra": 1}, 422, "extra=unknown_field"},
		{"open-201-kindergarten-own-form", "syyey", map[string]any{"form": "kindergarten", "period": "2025"}, 201, ""},
		{"open-201-department-form", "czj", map[string]any{"form": "finance", "period": "2025"}, 201, ""},
	}
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				body := map[string]any{}
				for k, v := range c.body {
					body[k] = v
				}
				if code, ok := body["org_id"].(string); ok {
					body["org_id"] = w.OrgID(strings.TrimPrefix(code, "@"))
				}
				r := w.as(c.user, http.MethodPost, "/api/v1/submissions", body)
				p := wfWant(t, r, c.status, "")
				if c.field != "" {
					if got := wfFieldCodes(p); fmt.Sprint(got) != "["+c.field+"]" {
						t.Fatalf("want field error %s, got %v", c.field, got)
					}
				}
			})
		}
	})
}

// TestSubmissionDeadline: after the deadline a task locks every write; a reviewer's extension
// for one org unlocks that org only.
func TestSubmissionDeadline(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		d := w.wfOpen(t, "xhzx", "teacher-training")
		d = w.wfSave(t, "xhzx", d, map[string]any{"payroll_total": "500000", "training_spend": "9000"})
		other := w.wfOpen(t, "wlzx", "teacher-training")
		cid := w.wfCampaignID(t, "teacher-training")
		w.advance(46 * 24 * time.Hour)

		task := func(t *testing.T) map[string]any {
			t.Helper()
			r := w.as("xhzx", http.MethodGet, fmt.Sprintf("/api/v1/tasks?campaign_id=%d", cid), nil)
			wfWant(t, r, 200, "")
			list, total := items(t, r)
			if total != 1 {
				t.Fatalf("want xhzx's one task, got %s", r.Body)
			}
			return list[0]
		}
		extend := func(user string, org string, deadline time.Time) *testenv.Response {
			return w.as(user, http.MethodPost, fmt.Sprintf("/api/v1/campaigns/%d/extend", cid),
				map[string]any{"org_id": w.OrgID(org), "deadline": deadline})
		}
		t.Run("save-409-task-locked", func(t *testing.T) {
			wfWant(t, w.as("xhzx", "PUT", wfSub(d.ID, ""), map[string]any{"values": map[string]any{"trainees": 3}, "version": d.Version}), 409, "task_locked")
		})
		t.Run("submit-409-task-locked", func(t *testing.T) {
			wfWant(t, w.as("xhzx", "POST", wfSub(d.ID, "/submit"), map[string]any{"version": d.Version}), 409, "task_locked")
		})
		t.Run("open-409-task-locked-new-form", func(t *testing.T) {
			wfWant(t, w.as("xhzx", "POST", "/api/v1/submissions", map[string]any{"form": "students", "period": "2025"}), 409, "task_locked")
		})
		t.Run("open-200-existing-while-locked", func(t *testing.T) {
			wfWant(t, w.as("xhzx", "POST", "/api/v1/submissions", map[string]any{"form": "teacher-training", "period": "2025"}), 200, "")
		})
		t.Run("tasks-locked-overdue", func(t *testing.T) {
			tk := task(t)
			if tk["locked"] != true || tk["overdue"] != true || tk["status"] != "draft" {
				t.Fatalf("want a locked, overdue draft task, got %v", tk)
			}
		})
		t.Run("extend-403-filler", func(t *testing.T) {
			wfWant(t, extend("xhzx", "xhzx", w.Clock.Now().Add(72*time.Hour)), 403, "forbidden")
		})
		t.Run("extend-403-leader", func(t *testing.T) {
			wfWant(t, extend("leader", "xhzx", w.Clock.Now().Add(72*time.Hour)), 403, "forbidden")
		})
		t.Run("extend-422-past-deadline", func(t *testing.T) {
			wfWant(t, extend("reviewer", "xhzx", w.Clock.Now().Add(-time.Hour)), 422, "")
		})
		t.Run("extend-404-unknown-campaign", func(t *testing.T) {
			r := w.as("reviewer", http.MethodPost, "/api/v1/campaigns/999999/extend",
				map[string]any{"org_id": w.OrgID("xhzx"), "deadline": w.Clock.Now().Add(72 * time.Hour)})
			wfWant(t, r, 404, "")
		})
		t.Run("extend-404-org-without-task", func(t *testing.T) {
			// 区财政局 has no teacher-training task.
			wfWant(t, extend("reviewer", "czj", w.Clock.Now().Add(72*time.Hour)), 404, "")
		})
		t.Run("extend-204-other-org-keeps-lock", func(t *testing.T) {
			wfWant(t, extend("reviewer", "wlzx", w.Clock.Now().Add(72*time.Hour)), 204, "")
			wfWant(t, w.as("xhzx", "PUT", wfSub(d.ID, ""), map[string]any{"values": map[string]any{"trainees": 3}, "version": d.Version}), 409, "task_locked")
			// …and unlocks wlzx.
			w.wfSave(t, "wlzx", other, map[string]any{"trainees": 5})
		})
		t.Run("extend-204-reviewer-unlocks", func(t *testing.T) {
			wfWant(t, extend("reviewer", "xhzx", w.Clock.Now().Add(72*time.Hour)), 204, "")
			if tk := task(t); tk["locked"] != false {
				t.Fatalf("task still locked after extension: %v", tk)
			}
			d = w.wfSave(t, "xhzx", d, map[string]any{"payroll_total": "500000", "training_spend": "9000", "trainees": 3})
			d = w.wfAct(t, "xhzx", d.ID, "submit", map[string]any{"version": d.Version})
			if d.Status != "submitted" {
				t.Fatalf("status %s after submit", d.Status)
			}
		})
		t.Run("save-409-locked-again-after-extension", func(t *testing.T) {
			w.advance(96 * time.Hour)
			ret := w.wfAct(t, "reviewer", d.ID, "return", map[string]any{"comment": "请补充"})
			wfWant(t, w.as("xhzx", "PUT", wfSub(d.ID, ""), map[string]any{"values": map[string]any{"trainees": 4}, "version": ret.Version}), 409, "task_locked")
		})
	})
}

// TestSubmissionVersions: a stale save that changed what someone else changed is a 409 carrying
// the current document, and of two concurrent saves of the same fields on one version exactly one
// wins and nothing is lost (merges of different fields are in TestSubmissionMerge).
func TestSubmissionVersions(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		d := w.wfOpen(t, "xhzx", "teacher-training")
		d = w.wfSave(t, "xhzx", d, map[string]any{"payroll_total": "100", "training_spend": "2"})

		t.Run("save-409-edit-conflict", func(t *testing.T) {
			r := w.as("xhzx", "PUT", wfSub(d.ID, ""), map[string]any{"values": map[string]any{"payroll_total": "999"}, "version": d.Version - 1})
			p := wfWant(t, r, 409, "edit_conflict")
			if p.Current == nil || p.Current.ID != d.ID || p.Current.Version != d.Version || p.Current.Values["payroll_total"] != "100.00" ||
				p.Current.Status != "draft" {
				t.Fatalf("409 must hold the current document, got %s", r.Body)
			}
			got := wfDecodeDoc(t, w.as("xhzx", "GET", wfSub(d.ID, ""), nil))
			if got.Version != d.Version || got.Values["payroll_total"] != "100.00" {
				t.Fatalf("a stale save changed the submission: %+v", got)
			}
		})
		t.Run("save-409-future-version", func(t *testing.T) {
			wfWant(t, w.as("xhzx", "PUT", wfSub(d.ID, ""), map[string]any{"values": map[string]any{}, "version": d.Version + 1}), 409, "stale_version")
		})
		t.Run("submit-409-stale-version", func(t *testing.T) {
			p := wfWant(t, w.as("xhzx", "POST", wfSub(d.ID, "/submit"), map[string]any{"version": 1}), 409, "stale_version")
			if p.Current == nil || p.Current.Status != "draft" {
				t.Fatalf("409 without the current document")
			}
		})

		// Real HTTP, real concurrency: each round both clients save on the same version.
		srv := httptest.NewServer(w.App.Echo)
		defer srv.Close()
		put := func(version int, values map[string]any) (int, wfDoc, []byte) {
			b, _ := json.Marshal(map[string]any{"values": values, "version": version})
			req, _ := http.NewRequest(http.MethodPut, srv.URL+wfSub(d.ID, ""), strings.NewReader(string(b)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+w.tok("xhzx"))
			resp, err := srv.Client().Do(req)
			if err != nil {
				return 0, wfDoc{}, []byte(err.Error())
			}
			defer resp.Body.Close()
			var doc wfDoc
			body, _ := io.ReadAll(resp.Body)
			_ = json.Unmarshal(body, &doc)
			return resp.StatusCode, doc, body
		}
		t.Run("save-concurrent-one-wins", func(t *testing.T) {
			version := d.Version
			for round := 0; round < 8; round++ {
				vals := []map[string]any{
					{"payroll_total": fmt.Sprintf("%d", 1000+round), "training_spend": "10", "trainees": round},
					{"payroll_total": fmt.Sprintf("%d", 2000+round), "training_spend": "20", "training_hours": "1.5"},
				}
				var wg sync.WaitGroup
				start := make(chan struct{})
				codes := make([]int, 2)
				docs := make([]wfDoc, 2)
				bodies := make([][]byte, 2)
				for i := range 2 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						codes[i], docs[i], bodies[i] = put(version, vals[i])
					}()
				}
				close(start)
				wg.Wait()
				winner := -1
				for i, c := range codes {
					switch c {
					case http.StatusOK:
						if winner >= 0 {
							t.Fatalf("round %d: both saves on version %d won", round, version)
						}
						winner = i
					case http.StatusConflict:
						// Both changed payroll_total differently since the version they loaded.
						if !strings.Contains(string(bodies[i]), `"edit_conflict"`) || !strings.Contains(string(bodies[i]), `"payroll_total"`) {
							t.Fatalf("round %d: 409 without edit_conflict on payroll_total: %s", round, bodies[i])
						}
					default:
						t.Fatalf("round %d: unexpected %d %s", round, c, bodies[i])
					}
				}
				if winner < 0 {
					t.Fatalf("round %d: no save won: %s | %s", round, bodies[0], bodies[1])
				}
				stored := wfDecodeDoc(t, w.as("xhzx", "GET", wfSub(d.ID, ""), nil))
				if stored.Version != version+1 {
					t.Fatalf("round %d: version %d after one winning save on %d", round, stored.Version, version)
				}
				want, _ := json.Marshal(docs[winner].Values)
				got, _ := json.Marshal(stored.Values)
				if string(want) != string(got) || stored.Values["payroll_total"] != vals[winner]["payroll_total"].(string)+".00" {
					t.Fatalf("round %d: stored %s, winner %s", round, got, want)
				}
				version = stored.Version
			}
			// Every winning save is in the history: nothing was lost silently.
			r := w.as("xhzx", "GET", wfSub(d.ID, "/history"), nil)
			list, _ := items(t, r)
			saves := 0
			for _, it := range list {
				if it["action"] == "save" {
					saves++
				}
			}
			if saves != 1+8 {
				t.Fatalf("want 9 save revisions, got %d", saves)
			}
		})
	})
}

// TestSubmissionValidation: type errors on save are refused with field codes and leave the
// stored values alone; submit refuses missing and invalid values with field codes, and
// warnings never block.
func TestSubmissionValidation(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		d := w.wfOpen(t, "xhzx", "teacher-training")
		d = w.wfSave(t, "xhzx", d, map[string]any{"payroll_total": "800000", "trainees": 12})
		saveCases := []struct {
			name   string
			values map[string]any
			want   []string
		}{
			{"save-422-string-in-integer", map[string]any{"trainees": "twelve"}, []string{"trainees=invalid_type"}},
			{"save-422-fraction-in-integer", map[string]any{"trainees": 1.5}, []string{"trainees=not_integer"}},
			{"save-422-money-three-decimals", map[string]any{"payroll_total": "100.005"}, []string{"payroll_total=too_many_decimals"}},
			{"save-422-money-exponent", map[string]any{"training_spend": "1e3"}, []string{"training_spend=invalid_type"}},
			{"save-422-money-negative", map[string]any{"training_spend": "-1"}, []string{"training_spend=below_min"}},
			{"save-422-boolean-in-money", map[string]any{"training_spend": true}, []string{"training_spend=invalid_type"}},
			{"save-422-unknown-field", map[string]any{"payroll": "1"}, []string{"payroll=unknown_field"}},
			{"save-422-several-at-once", map[string]any{"trainees": "x", "training_hours": "1.25", "payroll_total": "5"},
				[]string{"trainees=invalid_type", "training_hours=too_many_decimals"}},
			// Numbers are bounded (±10^12 unless the form narrows it) and read exactly from the JSON text.
			{"save-422-payroll-30-digits", map[string]any{"payroll_total": "123456789012345678901234567890"}, []string{"payroll_total=above_max"}},
			{"save-422-payroll-30-digits-json-number", map[string]any{"payroll_total": json.Number("123456789012345678901234567890")}, []string{"payroll_total=above_max"}},
			{"save-422-payroll-10e12-and-a-cent", map[string]any{"payroll_total": "1000000000000.01"}, []string{"payroll_total=above_max"}},
			{"save-422-payroll-1e400", map[string]any{"payroll_total": json.Number("1e400")}, []string{"payroll_total=above_max"}},
			{"save-422-spend-minus-1e400", map[string]any{"training_spend": json.Number("-1e400")}, []string{"training_spend=below_min"}},
			{"save-422-payroll-thousand-nines", map[string]any{"payroll_total": strings.Repeat("9", 1000)}, []string{"payroll_total=above_max"}},
			{"save-422-payroll-exponent-beyond-int64", map[string]any{"payroll_total": json.Number("9e99999999999999999999")}, []string{"payroll_total=above_max"}},
			{"save-422-json-number-read-exactly", map[string]any{"payroll_total": json.Number("1000000000000.0000001")}, []string{"payroll_total=too_many_decimals"}},
			{"save-422-tiny-fraction-not-rounded-away", map[string]any{"training_spend": json.Number("1e-400")}, []string{"training_spend=too_many_decimals"}},
			{"save-422-trainees-above-max", map[string]any{"trainees": json.Number("1000000000001")}, []string{"trainees=above_max"}},
			{"save-422-trainees-beyond-int64", map[string]any{"trainees": json.Number("9223372036854775808")}, []string{"trainees=above_max"}},
			{"save-422-hours-above-max", map[string]any{"training_hours": "1000000000000.1"}, []string{"training_hours=above_max"}},
		}
		for _, c := range saveCases {
			t.Run(c.name, func(t *testing.T) {
				r := w.as("xhzx", "PUT", wfSub(d.ID, ""), map[string]any{"values": c.values, "version": d.Version})
				p := wfWant(t, r, 422, "")
				if got := wfFieldCodes(p); fmt.Sprint(got) != fmt.Sprint(c.want) {
					t.Fatalf("want %v, got %v", c.want, got)
				}
				stored := wfDecodeDoc(t, w.as("xhzx", "GET", wfSub(d.ID, ""), nil))
				if stored.Version != d.Version || fmt.Sprint(stored.Values) != fmt.Sprint(d.Values) {
					t.Fatalf("a refused save changed the submission: %v (v%d), was %v (v%d)", stored.Values, stored.Version, d.Values, d.Version)
				}
			})
		}
		t.Run("save-200-payroll-exactly-10e12", func(t *testing.T) {
			d = w.wfSave(t, "xhzx", d, map[string]any{"payroll_total": json.Number("1e12"), "trainees": json.Number("1000000000000")})
			if d.Values["payroll_total"] != "1000000000000.00" || d.Values["trainees"] != float64(1e12) {
				t.Fatalf("values at the bound: %v", d.Values)
			}
		})
		t.Run("save-422-payroll-30-digits-keeps-saved-values", func(t *testing.T) {
			// The submission problem names the field, and the refused save changes nothing stored.
			r := w.as("xhzx", "PUT", wfSub(d.ID, ""), fmt.Sprintf(`{"version":%d,"values":{"payroll_total":123456789012345678901234567890,"trainees":7}}`, d.Version))
			p := wfWant(t, r, 422, "")
			if len(p.Errors) != 1 || p.Errors[0].Field != "payroll_total" || p.Errors[0].Code != "above_max" {
				t.Fatalf("errors %s", r.Body)
			}
			if !strings.Contains(string(r.Body), "1000000000000") {
				t.Fatalf("the message does not name the bound: %s", r.Body)
			}
			stored := wfDecodeDoc(t, w.as("xhzx", "GET", wfSub(d.ID, ""), nil))
			if stored.Version != d.Version || stored.Values["payroll_total"] != "1000000000000.00" || stored.Values["trainees"] != float64(1e12) {
				t.Fatalf("a refused save changed the submission: %v (v%d)", stored.Values, stored.Version)
			}
		})
		t.Run("save-200-computed-value-ignored", func(t *testing.T) {
			d = w.wfSave(t, "xhzx", d, map[string]any{"payroll_total": "800000", "trainees": 12, "training_ratio": "9.9999"})
			if _, ok := d.Values["training_ratio"]; ok {
				t.Fatalf("client's computed value was stored: %v", d.Values)
			}
		})
		t.Run("submit-422-missing-required", func(t *testing.T) {
			p := wfWant(t, w.as("xhzx", "POST", wfSub(d.ID, "/submit"), map[string]any{"version": d.Version}), 422, "submission_invalid")
			if got := wfFieldCodes(p); fmt.Sprint(got) != "[training_spend=required]" {
				t.Fatalf("got %v", got)
			}
		})
		t.Run("submit-422-error-check-keeps-warnings", func(t *testing.T) {
			d = w.wfSave(t, "xhzx", d, map[string]any{"payroll_total": "800000", "training_spend": "900000"})
			p := wfWant(t, w.as("xhzx", "POST", wfSub(d.ID, "/submit"), map[string]any{"version": d.Version}), 422, "submission_invalid")
			if got := wfFieldCodes(p); fmt.Sprint(got) != "[training_spend=spend_exceeds_payroll]" {
				t.Fatalf("got %v", got)
			}
			if p.Warnings == nil {
				t.Fatalf("a refused submit must carry its warnings (possibly empty)")
			}
			if st := wfDecodeDoc(t, w.as("xhzx", "GET", wfSub(d.ID, ""), nil)); st.Status != "draft" || st.Version != d.Version {
				t.Fatalf("a refused submit changed the submission: %+v", st)
			}
		})
		t.Run("submit-200-warning-does-not-block", func(t *testing.T) {
			// 10000 / 800000 = 1.25% < 1.5%.
			d = w.wfSave(t, "xhzx", d, map[string]any{"payroll_total": "800000", "training_spend": "10000"})
			if got := wfIssueCodes(d.Warnings); fmt.Sprint(got) != "[training_spend=ratio_below_target]" {
				t.Fatalf("draft warnings %v", got)
			}
			s := w.wfAct(t, "xhzx", d.ID, "submit", map[string]any{"version": d.Version})
			if s.Status != "submitted" || fmt.Sprint(wfIssueCodes(s.Warnings)) != "[training_spend=ratio_below_target]" {
				t.Fatalf("submitted with warnings: %+v", s)
			}
			// Computed values live in computed, apart from what the filler entered.
			if _, inValues := s.Values["training_ratio"]; s.Computed["training_ratio"] != "0.0125" || inValues {
				t.Fatalf("computed ratio: %v / %v", s.Computed, s.Values)
			}
			r := w.as("reviewer", "GET", "/api/v1/submissions?form=teacher-training&status=submitted", nil)
			list, _ := items(t, r)
			if len(list) != 1 || list[0]["warnings"] != float64(1) {
				t.Fatalf("the queue does not show the warning: %s", r.Body)
			}
		})
		t.Run("submit-422-sports-arts-relevant-and-checks", func(t *testing.T) {
			s := w.wfOpen(t, "xhzx", "sports-arts")
			// A hidden field is neither required nor stored.
			s = w.wfSave(t, "xhzx", s, map[string]any{"sports_specialist": false, "sports_level": "national", "arts_specialist": true,
				"students_total": 100, "students_two_sports": 120})
			p := wfWant(t, w.as("xhzx", "POST", wfSub(s.ID, "/submit"), map[string]any{"version": s.Version}), 422, "submission_invalid")
			want := []string{"arts_level=required", "students_two_sports=sports_students_exceed_total"}
			if got := wfFieldCodes(p); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("want %v, got %v", want, got)
			}
			s = w.wfSave(t, "xhzx", s, map[string]any{"sports_specialist": false, "sports_level": "national", "arts_specialist": true,
				"arts_level": "municipal", "students_total": 100, "students_two_sports": 80})
			s = w.wfAct(t, "xhzx", s.ID, "submit", map[string]any{"version": s.Version})
			if _, ok := s.Values["sports_level"]; ok {
				t.Fatalf("hidden field stored on submit: %v", s.Values)
			}
		})
		t.Run("submit-422-repeat-group-rows", func(t *testing.T) {
			s := w.wfOpen(t, "xhzx", "students")
			_ = s
			c := w.wfOpen(t, "wlzx", "compulsory")
			r := w.as("wlzx", "PUT", wfSub(c.ID, ""), map[string]any{"version": c.Version, "values": map[string]any{
				"grades": []any{map[string]any{"grade": "g7", "students": "many"}}}})
			p := wfWant(t, r, 422, "")
			if got := wfFieldCodes(p); len(got) == 0 || !strings.HasPrefix(got[0], "grades[0].") {
				t.Fatalf("repeat errors must name the row: %v", got)
			}
		})
	})
}

// TestSubmissionMoneyAndFacts: money is exact from the request to the fact table, and the fact
// table follows every transition.
func TestSubmissionMoneyAndFacts(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		// JSON numbers 0.1 and 0.2 (float64 in this client) must arrive as exactly 0.10 and 0.20.
		x := w.wfOpen(t, "xhzx", "teacher-training")
		x = w.wfSave(t, "xhzx", x, map[string]any{"payroll_total": 0.2, "training_spend": 0.1})
		if x.Values["payroll_total"] != "0.20" || x.Values["training_spend"] != "0.10" || x.Computed["training_ratio"] != "0.5000" {
			t.Fatalf("money not exact: %v %v", x.Values, x.Computed)
		}
		x = w.wfAct(t, "xhzx", x.ID, "submit", map[string]any{"version": x.Version})
		wl := w.wfFill(t, "wlzx", "0.30", "0.20")
		big := w.wfFill(t, "syyey", "999999999999.99", "0.07")
		_ = big

		t.Run("facts-exact-scaled-integers", func(t *testing.T) {
			f := w.wfFacts(t, "xhzx", "teacher-training")
			want := map[string]int64{"payroll_total|": 2000, "training_spend|": 1000, "training_ratio|": 5000}
			for k, v := range want {
				if f[k].NumE4 == nil || *f[k].NumE4 != v || f[k].Status != "submitted" {
					t.Fatalf("fact %s = %+v, want %d submitted (all: %+v)", k, f[k], v, f)
				}
			}
			if len(f) != len(want) {
				t.Fatalf("unexpected facts %+v", f)
			}
			b := w.wfFacts(t, "syyey", "teacher-training")["payroll_total|"]
			if b.NumE4 == nil || *b.NumE4 != 9999999999999900 { // the largest money below 10^12, exactly
				t.Fatalf("large money fact %+v", b)
			}
		})
		t.Run("facts-sum-exactly", func(t *testing.T) {
			var sum struct{ S int64 }
			err := w.App.DB.Table("facts").Select("SUM(num_e4) AS s").
				Where("form_code = ? AND period = ? AND field = ? AND org_id IN ?", "teacher-training", "2025", "training_spend",
					[]int64{w.OrgID("xhzx"), w.OrgID("wlzx")}).Scan(&sum).Error
			if err != nil {
				t.Fatal(err)
			}
			if sum.S != 3000 { // 0.10 + 0.20 = 0.30 exactly
				t.Fatalf("0.1 + 0.2 summed to %d e-4", sum.S)
			}
			var total struct{ S int64 }
			if err := w.App.DB.Table("facts").Select("SUM(num_e4) AS s").Where("org_id = ? AND form_code = ? AND field IN ?",
				w.OrgID("xhzx"), "teacher-training", []string{"payroll_total", "training_spend"}).Scan(&total).Error; err != nil {
				t.Fatal(err)
			}
			if total.S != 3000 {
				t.Fatalf("payroll 0.20 + spend 0.10 summed to %d e-4", total.S)
			}
		})
		t.Run("facts-approve-flips-to-approved", func(t *testing.T) {
			w.wfAct(t, "reviewer", x.ID, "approve", nil)
			if got := w.wfFactStatuses(t, "xhzx", "teacher-training"); fmt.Sprint(got) != "[approved]" {
				t.Fatalf("after approve: %v", got)
			}
			if got := w.wfFactStatuses(t, "wlzx", "teacher-training"); fmt.Sprint(got) != "[submitted]" {
				t.Fatalf("another org's facts moved: %v", got)
			}
		})
		t.Run("facts-return-flips-to-returned", func(t *testing.T) {
			w.wfAct(t, "reviewer", wl.ID, "return", map[string]any{"comment": "核对"})
			if got := w.wfFactStatuses(t, "wlzx", "teacher-training"); fmt.Sprint(got) != "[returned]" {
				t.Fatalf("after return: %v", got)
			}
		})
		t.Run("facts-resubmit-replaces-values", func(t *testing.T) {
			d := wfDecodeDoc(t, w.as("wlzx", "GET", wfSub(wl.ID, ""), nil))
			d = w.wfSave(t, "wlzx", d, map[string]any{"payroll_total": "0.30", "training_spend": "0.25"})
			w.wfAct(t, "wlzx", d.ID, "submit", map[string]any{"version": d.Version})
			f := w.wfFacts(t, "wlzx", "teacher-training")
			if f["training_spend|"].NumE4 == nil || *f["training_spend|"].NumE4 != 2500 || f["training_spend|"].Status != "submitted" {
				t.Fatalf("resubmitted facts %+v", f)
			}
			if len(f) != 3 {
				t.Fatalf("resubmit duplicated facts: %+v", f)
			}
		})
		t.Run("facts-reopen-flips-to-returned", func(t *testing.T) {
			w.wfAct(t, "reviewer", x.ID, "reopen", map[string]any{"comment": "重新核对"})
			if got := w.wfFactStatuses(t, "xhzx", "teacher-training"); fmt.Sprint(got) != "[returned]" {
				t.Fatalf("after reopen: %v", got)
			}
		})
		t.Run("facts-draft-writes-none", func(t *testing.T) {
			s := w.wfOpen(t, "xhzx", "students")
			w.wfSave(t, "xhzx", s, map[string]any{"students_total": 5})
			if f := w.wfFacts(t, "xhzx", "students"); len(f) != 0 {
				t.Fatalf("draft wrote facts %+v", f)
			}
		})
	})
}

// TestSubmissionHistory: per-field diffs for saves and submits, comments with the return.
func TestSubmissionHistory(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		d := w.wfOpen(t, "xhzx", "teacher-training")
		d = w.wfSave(t, "xhzx", d, map[string]any{"payroll_total": "1000", "trainees": 3})
		d = w.wfSave(t, "xhzx", d, map[string]any{"payroll_total": "1500", "training_spend": "30"})
		d = w.wfAct(t, "xhzx", d.ID, "submit", map[string]any{"version": d.Version})
		w.wfAct(t, "reviewer", d.ID, "return", map[string]any{"comment": "请说明", "field_comments": map[string]string{"training_spend": "偏低"}})

		type rev struct {
			Action  string                    `json:"action"`
			Version int                       `json:"version"`
			Actor   string                    `json:"actor"`
			Comment string                    `json:"comment"`
			Changes map[string]map[string]any `json:"changes"`
		}
		var h struct{ Items []rev }
		for _, user := range []string{"xhzx", "reviewer", "leader"} {
			r := w.as(user, "GET", wfSub(d.ID, "/history"), nil)
			wfWant(t, r, 200, "")
			r.Decode(t, &h)
		}
		if len(h.Items) != 5 {
			t.Fatalf("want 5 revisions, got %+v", h.Items)
		}
		cases := []struct {
			name string
			i    int
			want string
		}{
			{"history-create", 0, "create v1 map[]"},
			{"history-save-first", 1, "save v2 map[payroll_total:map[from:<nil> to:1000.00] trainees:map[from:<nil> to:3]]"},
			{"history-save-diff", 2, "save v3 map[payroll_total:map[from:1000.00 to:1500.00] trainees:map[from:3 to:<nil>] training_spend:map[from:<nil> to:30.00]]"},
			{"history-submit-no-entered-change", 3, "submit v4 map[]"},
			{"history-return-comment", 4, "return v5 map[]"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				it := h.Items[c.i]
				if got := fmt.Sprintf("%s v%d %v", it.Action, it.Version, it.Changes); got != c.want {
					t.Fatalf("got  %s\nwant %s", got, c.want)
				}
				if it.Actor == "" {
					t.Fatal("revision without actor name")
				}
			})
		}
		if h.Items[4].Comment != "请说明" || h.Items[4].Actor != "区教委审核员" {
			t.Fatalf("return revision %+v", h.Items[4])
		}
		got := wfDecodeDoc(t, w.as("xhzx", "GET", wfSub(d.ID, ""), nil))
		if got.Comments == nil || got.Comments.FieldComments["training_spend"] != "偏低" {
			t.Fatalf("filler does not see field comments: %+v", got.Comments)
		}
		t.Run("history-404-foreign", func(t *testing.T) {
			wfWant(t, w.as("wlzx", "GET", wfSub(d.ID, "/history"), nil), 404, "not_found")
		})
		t.Run("audit-log-has-transitions", func(t *testing.T) {
			var actions []string
			if err := w.App.DB.Table("audit_log").Where("object_type = ? AND object_id = ?", "submission", fmt.Sprint(d.ID)).
				Order("id").Pluck("action", &actions).Error; err != nil {
				t.Skipf("audit table: %v", err)
			}
			if fmt.Sprint(actions) != "[submission.save submission.save submission.submit submission.return]" {
				t.Fatalf("audit actions %v", actions)
			}
		})
	})
}

// TestReviewerQueue: filters, order, pagination and bulk approve.
func TestReviewerQueue(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		// Submitted in this order, an hour apart: wlzx, xhzx (town 城南), rmxx, cnxx (town 城南).
		admin := "admin"
		var ids = map[string]int64{}
		for _, org := range []string{"wlzx", "xhzx", "rmxx", "cnxx"} {
			r := w.as(admin, "POST", "/api/v1/submissions", map[string]any{"form": "teacher-training", "period": "2025", "org_id": w.OrgID(org)})
			wfWant(t, r, 201, "")
			d := wfDecodeDoc(t, r)
			d = w.wfSave(t, admin, d, map[string]any{"payroll_total": "1000", "training_spend": "20"})
			w.advance(time.Hour)
			d = w.wfAct(t, admin, d.ID, "submit", map[string]any{"version": d.Version})
			ids[org] = d.ID
		}
		draft := w.wfOpen(t, "xhzx", "students")
		wfWant(t, w.as(admin, "POST", "/api/v1/submissions", map[string]any{"form": "family-school", "period": "2025", "org_id": w.OrgID("jfxx")}), 201, "")
		town := w.OrgID("town-chengnan")
		q := func(t *testing.T, user, query string) ([]string, int) {
			t.Helper()
			r := w.as(user, "GET", "/api/v1/submissions"+query, nil)
			wfWant(t, r, 200, "")
			list, total := items(t, r)
			out := []string{}
			for _, it := range list {
				o := it["org"].(map[string]any)
				out = append(out, fmt.Sprintf("%s/%s/%s", o["code"], it["form"], it["status"]))
			}
			return out, total
		}
		cases := []struct {
			name, user, query string
			want              []string
			total             int
		}{
			{"queue-submitted-oldest-first", "reviewer", "?status=submitted",
				[]string{"wlzx/teacher-training/submitted", "xhzx/teacher-training/submitted", "rmxx/teacher-training/submitted", "cnxx/teacher-training/submitted"}, 4},
			{"queue-form-filter", "reviewer", "?form=students", []string{"xhzx/students/draft"}, 1},
			{"queue-period-filter-none", "reviewer", "?period=2024", []string{}, 0},
			{"queue-period-filter", "reviewer", "?period=2025&form=teacher-training&status=submitted", nil, 4},
			{"queue-status-draft", "reviewer", "?status=draft", []string{"xhzx/students/draft", "jfxx/family-school/draft"}, 2},
			{"queue-town-filter", "reviewer", fmt.Sprintf("?town=%d&status=submitted", town),
				[]string{"xhzx/teacher-training/submitted", "cnxx/teacher-training/submitted"}, 2},
			{"queue-org-subtree-filter", "reviewer", fmt.Sprintf("?org=%d", town),
				[]string{"xhzx/teacher-training/submitted", "cnxx/teacher-training/submitted", "xhzx/students/draft", "jfxx/family-school/draft"}, 4},
			{"queue-org-school-filter", "leader", fmt.Sprintf("?org=%d", w.OrgID("wlzx")), []string{"wlzx/teacher-training/submitted"}, 1},
			{"queue-page-1", "reviewer", "?status=submitted&page=1&page_size=3",
				[]string{"wlzx/teacher-training/submitted", "xhzx/teacher-training/submitted", "rmxx/teacher-training/submitted"}, 4},
			{"queue-page-2", "reviewer", "?status=submitted&page=2&page_size=3", []string{"cnxx/teacher-training/submitted"}, 4},
			{"queue-filler-own-only", "xhzx", "", []string{"xhzx/teacher-training/submitted", "xhzx/students/draft"}, 2},
			{"queue-filler-foreign-org-filter-empty", "xhzx", fmt.Sprintf("?org=%d", w.OrgID("wlzx")), []string{}, 0},
			{"queue-filler-town-filter-own-only", "xhzx", fmt.Sprintf("?town=%d", town), []string{"xhzx/teacher-training/submitted", "xhzx/students/draft"}, 2},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				got, total := q(t, c.user, c.query)
				if total != c.total || (c.want != nil && fmt.Sprint(got) != fmt.Sprint(c.want)) {
					t.Fatalf("got %v (total %d), want %v (total %d)", got, total, c.want, c.total)
				}
			})
		}
		t.Run("queue-422-bad-status", func(t *testing.T) {
			wfWant(t, w.as("reviewer", "GET", "/api/v1/submissions?status=bogus", nil), 422, "")
		})
		t.Run("queue-422-bad-org", func(t *testing.T) {
			wfWant(t, w.as("reviewer", "GET", "/api/v1/submissions?org=abc", nil), 422, "")
		})

		t.Run("bulk-approve-mixed", func(t *testing.T) {
			// A return makes xhzx's teacher-training returned; wlzx's stays submitted.
			w.wfAct(t, "reviewer", ids["xhzx"], "return", map[string]any{"comment": "x"})
			body := map[string]any{"ids": []int64{ids["wlzx"], draft.ID, ids["xhzx"], 999999, ids["rmxx"]}}
			r := w.as("reviewer", "POST", "/api/v1/submissions/bulk-approve", body)
			wfWant(t, r, 200, "")
			var out struct {
				Items []struct {
					ID     int64  `json:"id"`
					Status int    `json:"status"`
					Code   string `json:"code"`
				} `json:"items"`
				Approved int `json:"approved"`
			}
			r.Decode(t, &out)
			got := []string{}
			for _, it := range out.Items {
				got = append(got, fmt.Sprintf("%d:%d:%s", it.ID, it.Status, it.Code))
			}
			want := []string{fmt.Sprintf("%d:200:", ids["wlzx"]), fmt.Sprintf("%d:409:invalid_transition", draft.ID),
				fmt.Sprintf("%d:409:invalid_transition", ids["xhzx"]), "999999:404:not_found", fmt.Sprintf("%d:200:", ids["rmxx"])}
			if fmt.Sprint(got) != fmt.Sprint(want) || out.Approved != 2 {
				t.Fatalf("bulk\n got %v (%d approved)\nwant %v", got, out.Approved, want)
			}
			if got := w.wfFactStatuses(t, "wlzx", "teacher-training"); fmt.Sprint(got) != "[approved]" {
				t.Fatalf("bulk-approved facts %v", got)
			}
		})
		t.Run("bulk-approve-403-filler", func(t *testing.T) {
			wfWant(t, w.as("xhzx", "POST", "/api/v1/submissions/bulk-approve", map[string]any{"ids": []int64{ids["cnxx"]}}), 403, "forbidden")
		})
		t.Run("bulk-approve-422-empty", func(t *testing.T) {
			wfWant(t, w.as("reviewer", "POST", "/api/v1/submissions/bulk-approve", map[string]any{"ids": []int64{}}), 422, "")
		})
	})
}
