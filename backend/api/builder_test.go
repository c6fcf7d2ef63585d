package api_test

// The form builder's routes through the real router, on SQLite and MariaDB: a dry run of a
// candidate version lists its diff and the indicators reading changed fields, refuses a change
// that breaks an indicator naming it (and stores nothing), is for sysadmins only; the YAML
// export imports back unchanged; publishing (the import) is audited.

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// bDryRun is a dry-run answer.
type bDryRun struct {
	Code           string `json:"code"`
	CurrentVersion int    `json:"current_version"`
	Version        int    `json:"version"`
	Unchanged      bool   `json:"unchanged"`
	Diff           []struct {
		Key        string   `json:"key"`
		Change     string   `json:"change"`
		Attributes []string `json:"attributes"`
	} `json:"diff"`
	Indicators []struct {
		Field      string   `json:"field"`
		Change     string   `json:"change"`
		Indicators []string `json:"indicators"`
	} `json:"indicators"`
	OpenCampaigns []struct {
		ID          int64  `json:"id"`
		Period      string `json:"period"`
		FormVersion int    `json:"form_version"`
	} `json:"open_campaigns"`
	PinnedDrafts int64 `json:"pinned_drafts"`
}

func (w *wfEnv) bPost(user, path, contentType, body string) *testenv.Response {
	return raw(w.Env, http.MethodPost, path, contentType, body, map[string]string{"Authorization": "Bearer " + w.tok(user)}, "")
}

func (w *wfEnv) bGet(user, path string) *testenv.Response {
	return raw(w.Env, http.MethodGet, path, "", "", map[string]string{"Authorization": "Bearer " + w.tok(user)}, "")
}

func TestFormBuilder(t *testing.T) {
	const tt = "teacher-training"
	const dry = "/api/v1/forms/" + tt + "/dry-run"
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		v1 := vSeed(t, tt)
		stored := func(t *testing.T) int { return w.vForm(t, "admin", "/api/v1/forms/"+tt).Version }
		// A candidate that adds a field and relabels payroll_total, which an indicator reads.
		added := vEditField(t, v1, "payroll_total", func(b string) string {
			return b + "  - key: builder_note\n    label: 备注\n    type: text\n"
		})
		relabelled := strings.Replace(added, "label: 教师工资总额", "label: 教师工资总额（含绩效）", 1)
		if relabelled == added {
			t.Fatal("the seed's payroll_total is no longer labelled 教师工资总额")
		}

		cases := []struct {
			name string
			run  func(t *testing.T)
		}{
			{"dry-run-200-lists-diff-and-indicators", func(t *testing.T) {
				before := stored(t)
				r := w.bPost("admin", dry, "application/yaml", relabelled)
				wfWant(t, r, http.StatusOK, "")
				var d bDryRun
				r.Decode(t, &d)
				if d.Code != tt || d.CurrentVersion != before || d.Version != before+1 || d.Unchanged {
					t.Fatalf("dry run versions: %s", r.Body)
				}
				got := map[string]string{}
				for _, c := range d.Diff {
					got[c.Key] = c.Change
					if c.Key == "payroll_total" && strings.Join(c.Attributes, ",") != "label" {
						t.Fatalf("payroll_total changed %v, want [label]", c.Attributes)
					}
				}
				if len(got) != 2 || got["builder_note"] != "added" || got["payroll_total"] != "changed" {
					t.Fatalf("diff %s", r.Body)
				}
				found := false
				for _, a := range d.Indicators {
					if a.Field == "payroll_total" && strings.Contains(strings.Join(a.Indicators, ","), "training.spend_ratio") {
						found = true
					}
				}
				if !found {
					t.Fatalf("the dry run does not name training.spend_ratio as reading payroll_total: %s", r.Body)
				}
				if stored(t) != before {
					t.Fatal("a dry run stored a version")
				}
			}},
			{"dry-run-200-names-open-campaigns-and-pinned-drafts", func(t *testing.T) {
				before := stored(t)
				r := w.bPost("admin", dry, "application/yaml", relabelled)
				wfWant(t, r, http.StatusOK, "")
				var d0 bDryRun
				r.Decode(t, &d0)
				if d0.PinnedDrafts != 0 {
					t.Fatalf("pinned drafts before any was opened: %s", r.Body)
				}
				w.wfOpen(t, "xhzx", tt) // a draft on the current version
				cr := w.as("admin", http.MethodPost, "/api/v1/campaigns", map[string]any{"form": tt, "period": "2027",
					"deadline": w.Clock.Now().Add(240 * time.Hour)})
				wfWant(t, cr, http.StatusCreated, "")
				r = w.bPost("admin", dry, "application/yaml", relabelled)
				wfWant(t, r, http.StatusOK, "")
				var d bDryRun
				r.Decode(t, &d)
				if d.PinnedDrafts != 1 {
					t.Fatalf("want 1 pinned draft: %s", r.Body)
				}
				found := false
				for _, c := range d.OpenCampaigns {
					if c.Period == "2027" && c.FormVersion == before {
						found = true
					}
				}
				if !found {
					t.Fatalf("the open 2027 campaign on v%d is not named: %s", before, r.Body)
				}
			}},
			{"dry-run-200-json-same-as-yaml", func(t *testing.T) {
				cur := w.bGet("admin", "/api/v1/forms/"+tt)
				wfWant(t, cur, http.StatusOK, "")
				r := w.bPost("admin", dry, "application/json", string(cur.Body))
				wfWant(t, r, http.StatusOK, "")
				var d bDryRun
				r.Decode(t, &d)
				if !d.Unchanged || len(d.Diff) != 0 || d.Version != d.CurrentVersion {
					t.Fatalf("the current version dry-run as itself: %s", r.Body)
				}
			}},
			{"dry-run-422-breaks-indicator-named", func(t *testing.T) {
				before := stored(t)
				r := w.bPost("admin", dry, "application/yaml", strings.ReplaceAll(v1, "training_spend", "training_cost"))
				p := wantProblem(t, r, http.StatusUnprocessableEntity, "breaks_indicators")
				found := false
				for _, e := range p.Errors {
					if e.Field == "training_spend" && e.Code == "indicator_field_removed" && strings.Contains(e.Message, "training.spend_ratio") {
						found = true
					}
				}
				if !found {
					t.Fatalf("want indicator_field_removed at training_spend naming training.spend_ratio: %s", r.Body)
				}
				if stored(t) != before {
					t.Fatal("a refused dry run stored a version")
				}
			}},
			{"dry-run-422-invalid-schema-field-codes", func(t *testing.T) {
				r := w.bPost("admin", dry, "application/yaml", strings.Replace(v1, "type: money", "type: banknote", 1))
				p := wantProblem(t, r, http.StatusUnprocessableEntity, "validation")
				if len(p.Errors) == 0 || p.Errors[0].Code != "invalid_type" || !strings.HasSuffix(p.Errors[0].Field, ".type") {
					t.Fatalf("want field-coded errors: %s", r.Body)
				}
			}},
			{"dry-run-422-code-mismatch", func(t *testing.T) {
				r := w.bPost("admin", "/api/v1/forms/sports-arts/dry-run", "application/yaml", v1)
				p := wantProblem(t, r, http.StatusUnprocessableEntity, "validation")
				if len(p.Errors) != 1 || p.Errors[0].Field != "code" || p.Errors[0].Code != "code_mismatch" {
					t.Fatalf("want code_mismatch at code: %s", r.Body)
				}
			}},
			{"dry-run-200-new-form-all-added", func(t *testing.T) {
				r := w.bPost("admin", "/api/v1/forms/probe-survey/dry-run", "application/yaml", wfProbeYAML)
				wfWant(t, r, http.StatusOK, "")
				var d bDryRun
				r.Decode(t, &d)
				if d.CurrentVersion != 0 || d.Version != 1 || len(d.Diff) != 2 || d.Diff[0].Change != "added" {
					t.Fatalf("a new form's dry run: %s", r.Body)
				}
			}},
			{"export-yaml-imports-back-unchanged", func(t *testing.T) {
				r := w.bGet("admin", "/api/v1/forms/"+tt+"/export.yaml")
				wfWant(t, r, http.StatusOK, "")
				if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/yaml") {
					t.Fatalf("content type %q", ct)
				}
				before := stored(t)
				back := w.wfImport("admin", "application/yaml", string(r.Body))
				wfWant(t, back, http.StatusOK, "")
				if stored(t) != before {
					t.Fatalf("re-importing the export stored a new version:\n%s", r.Body)
				}
			}},
			{"export-xlsx-reads-back-the-same-form", func(t *testing.T) {
				x := w.bGet("admin", "/api/v1/forms/"+tt+"/export.xlsx")
				wfWant(t, x, http.StatusOK, "")
				if ct := x.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
					t.Fatalf("content type %q", ct)
				}
				r := raw(w.Env, http.MethodPost, "/api/v1/forms/read-xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
					string(x.Body), map[string]string{"Authorization": "Bearer " + w.tok("admin")}, "")
				wfWant(t, r, http.StatusOK, "")
				cur := w.bGet("admin", "/api/v1/forms/"+tt)
				var a, b map[string]any
				r.Decode(t, &a)
				cur.Decode(t, &b)
				if !reflect.DeepEqual(a, b) {
					t.Fatalf("the workbook read back differs from the form:\n%s\n%s", r.Body, cur.Body)
				}
			}},
			{"read-xlsx-422-not-a-workbook", func(t *testing.T) {
				r := raw(w.Env, http.MethodPost, "/api/v1/forms/read-xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
					"not a workbook", map[string]string{"Authorization": "Bearer " + w.tok("admin")}, "")
				p := wantProblem(t, r, http.StatusUnprocessableEntity, "validation")
				if len(p.Errors) != 1 || p.Errors[0].Code != "invalid_xlsx" {
					t.Fatalf("want invalid_xlsx: %s", r.Body)
				}
			}},
			{"export-yaml-404-unknown-form", func(t *testing.T) {
				wfWant(t, w.bGet("admin", "/api/v1/forms/no-such-form/export.yaml"), http.StatusNotFound, "")
			}},
			{"publish-201-audited", func(t *testing.T) {
				before := stored(t)
				wfWant(t, w.wfImport("admin", "application/yaml", added), http.StatusCreated, "")
				if stored(t) != before+1 {
					t.Fatalf("publish stored version %d, want %d", stored(t), before+1)
				}
				r := w.as("admin", http.MethodGet, "/api/v1/audit?action=form.import", nil)
				wfWant(t, r, http.StatusOK, "")
				var page struct {
					Items []struct {
						Action   string         `json:"action"`
						ObjectID string         `json:"object_id"`
						Detail   map[string]any `json:"detail"`
					} `json:"items"`
				}
				r.Decode(t, &page)
				found := false
				for _, a := range page.Items {
					if a.Action == "form.import" && a.ObjectID == tt && a.Detail["version"] == float64(before+1) {
						found = true
					}
				}
				if !found {
					t.Fatalf("no form.import audit row for %s version %d: %s", tt, before+1, r.Body)
				}
			}},
		}
		for _, c := range cases {
			t.Run(c.name, c.run)
		}

		// Only a sysadmin may dry-run or export: every other role is refused and learns nothing.
		for _, user := range []string{"reviewer", "wlzx", "xhzx", "leader"} {
			t.Run("dry-run-403-"+user, func(t *testing.T) {
				r := w.bPost(user, dry, "application/yaml", relabelled)
				wfWant(t, r, http.StatusForbidden, "")
				if strings.Contains(string(r.Body), "payroll_total") {
					t.Fatalf("a refused dry run leaks the diff: %s", r.Body)
				}
			})
			t.Run("export-xlsx-403-"+user, func(t *testing.T) {
				wfWant(t, w.bGet(user, "/api/v1/forms/"+tt+"/export.xlsx"), http.StatusForbidden, "")
			})
			t.Run("read-xlsx-403-"+user, func(t *testing.T) {
				wfWant(t, w.bPost(user, "/api/v1/forms/read-xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "x"), http.StatusForbidden, "")
			})
			t.Run("export-yaml-403-"+user, func(t *testing.T) {
				r := w.bGet(user, "/api/v1/forms/"+tt+"/export.yaml")
				wfWant(t, r, http.StatusForbidden, "")
				if strings.Contains(string(r.Body), "payroll_total") {
					t.Fatalf("a refused export leaks the form: %s", r.Body)
				}
			})
		}
		t.Run("dry-run-401-anonymous", func(t *testing.T) {
			wfWant(t, raw(w.Env, http.MethodPost, dry, "application/yaml", v1, nil, ""), http.StatusUnauthorized, "")
		})
	})
}

// contractBuilder exercises the builder's routes in the OpenAPI contract scenario (after the
// probe-survey import).
func contractBuilder(t *testing.T, c *contract, admin, reviewer string) {
	t.Helper()
	const v1 = "/api/v1"
	dryRun := func(tok, path, ct, body string, want int) *testenv.Response {
		return c.do(t, req{method: "POST", path: v1 + path, token: tok, body: body, contentType: ct}, want)
	}
	dryRun(admin, "/forms/probe-survey/dry-run", "application/yaml", wfProbeYAML, 200)
	dryRun(admin, "/forms/probe-survey/dry-run", "application/yaml", strings.Replace(wfProbeYAML, "label: 人数", "label: 总人数", 1), 200)
	dryRun(admin, "/forms/probe-new/dry-run", "application/yaml", strings.Replace(wfProbeYAML, "probe-survey", "probe-new", 1), 200)
	dryRun(reviewer, "/forms/probe-survey/dry-run", "application/yaml", wfProbeYAML, 403)
	dryRun(admin, "/forms/other/dry-run", "application/yaml", wfProbeYAML, 422)
	c.bad(t, "POST", admin, v1+"/forms/probe-survey/dry-run", "code: x", "text/plain", 415)
	c.bad(t, "POST", "", v1+"/forms/probe-survey/dry-run", wfProbeYAML, "application/yaml", 401)
	c.get(t, admin, v1+"/forms/probe-survey/export.yaml", 200)
	c.get(t, admin, v1+"/forms/probe-survey/export.yaml?version=1", 200)
	c.get(t, reviewer, v1+"/forms/probe-survey/export.yaml", 403)
	c.get(t, admin, v1+"/forms/no-such-form/export.yaml", 404)
	c.bad(t, "GET", admin, v1+"/forms/probe-survey/export.yaml?version=0", nil, "", 422)
	c.bad(t, "GET", "", v1+"/forms/probe-survey/export.yaml", nil, "", 401)
	x := c.get(t, admin, v1+"/forms/probe-survey/export.xlsx", 200)
	c.get(t, reviewer, v1+"/forms/probe-survey/export.xlsx", 403)
	c.get(t, admin, v1+"/forms/no-such-form/export.xlsx", 404)
	c.bad(t, "GET", admin, v1+"/forms/probe-survey/export.xlsx?version=0", nil, "", 422)
	const xt = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	c.do(t, req{method: "POST", path: v1 + "/forms/read-xlsx", token: admin, body: x.Body, contentType: xt}, 200)
	c.do(t, req{method: "POST", path: v1 + "/forms/read-xlsx", token: admin, body: "not a workbook", contentType: xt}, 422)
	c.do(t, req{method: "POST", path: v1 + "/forms/read-xlsx", token: reviewer, body: x.Body, contentType: xt}, 403)
	c.bad(t, "POST", "", v1+"/forms/read-xlsx", "x", xt, 401)
}
