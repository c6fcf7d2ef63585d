package api_test

import (
	"fmt"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// wfTargetCount counts the active orgs of the given types under the org with rootCode, from the
// database, independently of the campaign code.
func (w *wfEnv) wfTargetCount(t *testing.T, rootCode string, types []string) int64 {
	t.Helper()
	o, err := w.App.Orgs.ByCode(t.Context(), rootCode)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := w.App.DB.Table("orgs").Where("path LIKE ? AND active = ? AND type IN ?", o.Path+"%", true, types).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// wfFormOrgTypes reads a form's org types through the API.
func (w *wfEnv) wfFormOrgTypes(t *testing.T, code string) []string {
	t.Helper()
	r := w.as("admin", http.MethodGet, "/api/v1/forms/"+code, nil)
	wfWant(t, r, 200, "")
	var f struct {
		OrgTypes []string `json:"org_types"`
	}
	r.Decode(t, &f)
	return f.OrgTypes
}

func TestCampaigns(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		future := w.Clock.Now().Add(30 * 24 * time.Hour)
		type body = map[string]any
		cases := []struct {
			name   string
			user   string
			body   body
			status int
			fields []string
			// tasks is the expected task count as (root org, org types; nil: the form's own).
			root  string
			types []string
		}{
			{name: "create-201-reviewer-form-org-types", user: "reviewer", body: body{"form": "teacher-training", "period": "2024", "deadline": future},
				status: 201, root: "qjjw"},
			{name: "create-201-admin-department-form", user: "admin", body: body{"form": "finance", "period": "2024", "deadline": future},
				status: 201, root: "qjjw"},
			{name: "create-201-admin-kindergarten-form", user: "admin", body: body{"form": "kindergarten", "period": "2026", "deadline": future, "title": "2026 幼儿园"},
				status: 201, root: "qjjw"},
			{name: "create-201-subtree-and-types", user: "reviewer",
				body:   body{"form": "students", "period": "2024", "deadline": future, "org_id": "@town-chengnan", "org_types": []string{"senior", "junior"}},
				status: 201, root: "town-chengnan", types: []string{"senior", "junior"}},
			{name: "create-403-filler", user: "xhzx", body: body{"form": "students", "period": "2024", "deadline": future}, status: 403},
			{name: "create-403-org-admin", user: "wlzx", body: body{"form": "students", "period": "2024", "deadline": future}, status: 403},
			{name: "create-403-leader", user: "leader", body: body{"form": "students", "period": "2024", "deadline": future}, status: 403},
			{name: "create-422-unknown-form", user: "reviewer", body: body{"form": "nope", "period": "2024", "deadline": future}, status: 422,
				fields: []string{"form=unknown_form"}},
			{name: "create-422-bad-period", user: "reviewer", body: body{"form": "students", "period": "2024-13", "deadline": future}, status: 422,
				fields: []string{"period=invalid_period"}},
			{name: "create-422-period-type-mismatch", user: "reviewer", body: body{"form": "students", "period": "2024Q2", "deadline": future}, status: 422,
				fields: []string{"period=invalid_period"}},
			{name: "create-422-past-deadline", user: "reviewer", body: body{"form": "students", "period": "2024", "deadline": w.Clock.Now().Add(-time.Hour)}, status: 422,
				fields: []string{"deadline=in_past"}},
			{name: "create-422-deadline-year-9999", user: "reviewer", body: body{"form": "students", "period": "2024",
				"deadline": "9999-12-31T00:00:00Z"}, status: 422, fields: []string{"deadline=too_far"}},
			{name: "create-422-no-deadline", user: "reviewer", body: body{"form": "students", "period": "2024"}, status: 422,
				fields: []string{"deadline=required"}},
			{name: "create-422-bad-org-type", user: "reviewer", body: body{"form": "students", "period": "2024", "deadline": future, "org_types": []string{"castle"}},
				status: 422, fields: []string{"org_types[0]=invalid_org_type"}},
			{name: "create-422-unknown-org", user: "reviewer", body: body{"form": "students", "period": "2024", "deadline": future, "org_id": 999999},
				status: 422, fields: []string{"org_id=not_found"}},
			{name: "create-422-everything-wrong", user: "reviewer", body: body{"form": "nope", "period": "x", "deadline": w.Clock.Now()},
				status: 422, fields: []string{"deadline=in_past", "form=unknown_form"}},
		}
		created := map[string]int64{}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				b := body{}
				for k, v := range c.body {
					b[k] = v
				}
				if s, ok := b["org_id"].(string); ok {
					b["org_id"] = w.OrgID(s[1:])
				}
				r := w.as(c.user, http.MethodPost, "/api/v1/campaigns", b)
				p := wfWant(t, r, c.status, "")
				if c.fields != nil {
					sort.Strings(c.fields)
					if got := wfFieldCodes(p); fmt.Sprint(got) != fmt.Sprint(c.fields) {
						t.Fatalf("want %v, got %v", c.fields, got)
					}
				}
				if c.status != 201 {
					return
				}
				var cp struct {
					ID        int64    `json:"id"`
					Form      string   `json:"form"`
					Period    string   `json:"period"`
					TaskCount int64    `json:"task_count"`
					OrgTypes  []string `json:"org_types"`
					Deadline  string   `json:"deadline"`
				}
				r.Decode(t, &cp)
				types := c.types
				if types == nil {
					types = w.wfFormOrgTypes(t, c.body["form"].(string))
				}
				want := w.wfTargetCount(t, c.root, types)
				if want == 0 || cp.TaskCount != want {
					t.Fatalf("task_count %d, want %d (orgs of %v under %s)", cp.TaskCount, want, types, c.root)
				}
				var stored int64
				w.App.DB.Table("tasks").Where("campaign_id = ?", cp.ID).Count(&stored)
				if stored != want {
					t.Fatalf("%d task rows, want %d", stored, want)
				}
				created[c.name] = cp.ID
				g := w.as("leader", http.MethodGet, fmt.Sprintf("/api/v1/campaigns/%d", cp.ID), nil)
				wfWant(t, g, 200, "")
				if m := g.JSON(t); m["task_count"] != float64(want) || m["form"] != c.body["form"] {
					t.Fatalf("GET campaign: %s", g.Body)
				}
			})
		}
		t.Run("list-campaigns-filters", func(t *testing.T) {
			r := w.as("reviewer", http.MethodGet, "/api/v1/campaigns?period=2024", nil)
			wfWant(t, r, 200, "")
			list, total := items(t, r)
			if total != 3 || fmt.Sprint(strs(list, "form")) != "[finance students teacher-training]" {
				t.Fatalf("2024 campaigns: %s", r.Body)
			}
			r = w.as("leader", http.MethodGet, "/api/v1/campaigns?form=students", nil)
			if _, total := items(t, r); total != 2 {
				t.Fatalf("students campaigns: %s", r.Body)
			}
			r = w.as("reviewer", http.MethodGet, "/api/v1/campaigns?page_size=2&page=1", nil)
			list, total = items(t, r)
			if len(list) != 2 || total < 13 {
				t.Fatalf("paged campaigns: %d of %d", len(list), total)
			}
		})
		t.Run("extend-204-same-deadline-twice", func(t *testing.T) {
			// An idempotent extension changes no row; MySQL then reports 0 rows affected.
			cid := created["create-201-reviewer-form-org-types"]
			body := map[string]any{"org_id": w.OrgID("xhzx"), "deadline": future.Add(48 * time.Hour)}
			for i := 0; i < 2; i++ {
				wfWant(t, w.as("reviewer", http.MethodPost, fmt.Sprintf("/api/v1/campaigns/%d/extend", cid), body), 204, "")
			}
		})
		t.Run("list-campaigns-403-filler", func(t *testing.T) {
			wfWant(t, w.as("xhzx", http.MethodGet, "/api/v1/campaigns", nil), 403, "forbidden")
		})
		t.Run("get-campaign-404-unknown", func(t *testing.T) {
			wfWant(t, w.as("reviewer", http.MethodGet, "/api/v1/campaigns/999999", nil), 404, "not_found")
			wfWant(t, w.as("reviewer", http.MethodGet, "/api/v1/campaigns/abc", nil), 404, "not_found")
		})
	})
}

// TestTasks: a school sees only its own tasks, with status, lock and overdue flags that follow
// its submissions and the clock.
func TestTasks(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		type task struct {
			Form string `json:"form"`
			Org  struct {
				Code string `json:"code"`
				Name string `json:"name"`
			} `json:"org"`
			Status       string `json:"status"`
			Locked       bool   `json:"locked"`
			Overdue      bool   `json:"overdue"`
			Deadline     string `json:"deadline"`
			SubmissionID *int64 `json:"submission_id"`
			FormTitle    string `json:"form_title"`
		}
		tasks := func(t *testing.T, user, query string) map[string]task {
			t.Helper()
			r := w.as(user, http.MethodGet, "/api/v1/tasks"+query, nil)
			wfWant(t, r, 200, "")
			var page struct {
				Items []task `json:"items"`
				Total int    `json:"total"`
			}
			r.Decode(t, &page)
			out := map[string]task{}
			for _, tk := range page.Items {
				if tk.Org.Code != "xhzx" || tk.Org.Name != "新华中学" {
					t.Fatalf("xhzx sees a task of %s %s", tk.Org.Code, tk.Org.Name)
				}
				out[tk.Form] = tk
			}
			if page.Total != len(page.Items) {
				t.Fatalf("total %d, items %d", page.Total, len(page.Items))
			}
			return out
		}
		// Every seeded form whose org types include senior (新华中学's type).
		var forms struct {
			Items []struct {
				Code     string   `json:"code"`
				OrgTypes []string `json:"org_types"`
			} `json:"items"`
		}
		w.as("xhzx", http.MethodGet, "/api/v1/forms", nil).Decode(t, &forms)
		want := []string{}
		for _, f := range forms.Items {
			for _, ot := range f.OrgTypes {
				if ot == "senior" {
					want = append(want, f.Code)
				}
			}
		}
		sort.Strings(want)
		t.Run("tasks-own-org-only", func(t *testing.T) {
			got := tasks(t, "xhzx", "")
			keys := []string{}
			for k, tk := range got {
				keys = append(keys, k)
				if tk.Status != "not_started" || tk.Locked || tk.Overdue || tk.SubmissionID != nil || tk.FormTitle == "" {
					t.Fatalf("fresh task %+v", tk)
				}
			}
			sort.Strings(keys)
			if len(want) == 0 || fmt.Sprint(keys) != fmt.Sprint(want) {
				t.Fatalf("tasks %v, want %v", keys, want)
			}
		})
		t.Run("tasks-status-follows-submission", func(t *testing.T) {
			d := w.wfFill(t, "xhzx", "1000", "20")
			w.wfOpen(t, "xhzx", "students")
			got := tasks(t, "xhzx", "")
			if got["teacher-training"].Status != "submitted" || got["teacher-training"].SubmissionID == nil ||
				*got["teacher-training"].SubmissionID != d.ID || got["students"].Status != "draft" {
				t.Fatalf("task statuses %+v", got)
			}
			if f := tasks(t, "xhzx", "?status=not_started"); len(f) != len(want)-2 {
				t.Fatalf("not_started filter: %+v", f)
			}
			if f := tasks(t, "xhzx", "?status=submitted"); len(f) != 1 {
				t.Fatalf("submitted filter: %+v", f)
			}
		})
		t.Run("tasks-locked-and-overdue-after-deadline", func(t *testing.T) {
			w.advance(46 * 24 * time.Hour)
			got := tasks(t, "xhzx", "")
			if tt := got["teacher-training"]; !tt.Locked || tt.Overdue {
				t.Fatalf("submitted in time: locked and not overdue, got %+v", tt)
			}
			if st := got["students"]; !st.Locked || !st.Overdue {
				t.Fatalf("draft past deadline: locked and overdue, got %+v", st)
			}
		})
		t.Run("tasks-reviewer-sees-district", func(t *testing.T) {
			r := w.as("reviewer", http.MethodGet, "/api/v1/tasks?page_size=1", nil)
			if _, total := items(t, r); total < 100 {
				t.Fatalf("reviewer sees only %d tasks", total)
			}
		})
	})
}
