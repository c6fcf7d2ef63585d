package api_test

import (
	"fmt"
	"io/fs"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
	"github.com/tianbao-edu/tianbao/seeds"
)

const wfProbeYAML = `code: probe-survey
version: 1
title: 测试调查
period_type: year
org_types: [senior, junior]
fields:
  - key: headcount
    label: 人数
    type: integer
    required: true
    min: "0"
  - key: budget
    label: 预算
    type: money
checks:
  - key: budget_positive
    severity: warning
    rule: {">": [{var: budget}, 0]}
    message: 预算为零
`

const wfProbeJSON = `{"code":"probe-json","version":1,"title":"JSON 调查","period_type":"quarter","org_types":["kindergarten"],
 "fields":[{"key":"children","label":"幼儿数","type":"integer","min":0},
           {"key":"ratio","label":"比例","type":"decimal","scale":2,"calculate":{"/":[{"var":"children"},10]}}]}`

// wfImport posts a schema as the given content type.
func (w *wfEnv) wfImport(user, contentType, body string) *testenv.Response {
	req := map[string]string{"Authorization": "Bearer " + w.tok(user)}
	return raw(w.Env, http.MethodPost, "/api/v1/forms", contentType, body, req, "")
}

type wfFormSummary struct {
	Code    string `json:"code"`
	Version int    `json:"version"`
	Title   string `json:"title"`
	Fields  int    `json:"fields"`
}

func TestForms(t *testing.T) {
	seeded, err := fs.Glob(seeds.FS, "forms/*.yaml")
	if err != nil || len(seeded) == 0 {
		t.Fatalf("seeded forms: %v %v", seeded, err)
	}
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		t.Run("list-forms-every-seed", func(t *testing.T) {
			for _, user := range []string{"xhzx", "syyey", "czj", "wlzx", "reviewer", "leader", "admin"} {
				r := w.as(user, http.MethodGet, "/api/v1/forms", nil)
				wfWant(t, r, 200, "")
				var page struct {
					Items []wfFormSummary `json:"items"`
					Total int             `json:"total"`
				}
				r.Decode(t, &page)
				codes := []string{}
				for _, f := range page.Items {
					codes = append(codes, f.Code)
					if f.Version != 1 || f.Title == "" || f.Fields == 0 {
						t.Fatalf("form summary %+v", f)
					}
				}
				want := []string{}
				for _, p := range seeded {
					want = append(want, strings.TrimSuffix(strings.TrimPrefix(p, "forms/"), ".yaml"))
				}
				sort.Strings(codes)
				sort.Strings(want)
				if fmt.Sprint(codes) != fmt.Sprint(want) || page.Total != len(want) {
					t.Fatalf("%s: forms %v, want %v", user, codes, want)
				}
			}
		})
		t.Run("get-form-teacher-training", func(t *testing.T) {
			r := w.as("xhzx", http.MethodGet, "/api/v1/forms/teacher-training", nil)
			wfWant(t, r, 200, "")
			var f struct {
				Code   string `json:"code"`
				Fields []struct {
					Key       string `json:"key"`
					Type      string `json:"type"`
					Calculate any    `json:"calculate"`
				} `json:"fields"`
				Checks []struct {
					Key      string `json:"key"`
					Severity string `json:"severity"`
				} `json:"checks"`
			}
			r.Decode(t, &f)
			keys := map[string]string{}
			for _, fd := range f.Fields {
				keys[fd.Key] = fd.Type
			}
			if f.Code != "teacher-training" || keys["payroll_total"] != "money" || keys["training_spend"] != "money" || keys["training_ratio"] == "" {
				t.Fatalf("schema %s", r.Body)
			}
			if !strings.Contains(string(r.Body), `"ratio_below_target"`) || !strings.Contains(string(r.Body), `"calculate"`) {
				t.Fatalf("schema lacks rules: %s", r.Body)
			}
		})
		t.Run("get-form-404", func(t *testing.T) {
			wfWant(t, w.as("xhzx", http.MethodGet, "/api/v1/forms/no-such-form", nil), 404, "not_found")
		})

		imports := []struct {
			name, user, ct, body string
			status               int
			version              int
			fields               []string
		}{
			{"import-201-yaml-new", "admin", "application/yaml", wfProbeYAML, 201, 1, nil},
			{"import-200-yaml-identical", "admin", "application/x-yaml", wfProbeYAML, 200, 1, nil},
			{"import-201-yaml-changed-version-2", "admin", "application/yaml", strings.Replace(wfProbeYAML, "title: 测试调查", "title: 测试调查（修订）", 1), 201, 2, nil},
			{"import-200-yaml-changed-again-identical", "admin", "application/yaml", strings.Replace(wfProbeYAML, "title: 测试调查", "title: 测试调查（修订）", 1), 200, 2, nil},
			{"import-201-json-new", "admin", "application/json", wfProbeJSON, 201, 1, nil},
			{"import-200-json-identical", "admin", "application/json; charset=utf-8", wfProbeJSON, 200, 1, nil},
			{"import-201-json-changed", "admin", "application/json", strings.Replace(wfProbeJSON, `"幼儿数"`, `"在园幼儿数"`, 1), 201, 2, nil},
			{"import-403-reviewer", "reviewer", "application/yaml", wfProbeYAML, 403, 0, nil},
			{"import-403-filler", "xhzx", "application/yaml", wfProbeYAML, 403, 0, nil},
			{"import-403-org-admin", "wlzx", "application/json", wfProbeJSON, 403, 0, nil},
			{"import-415-text", "admin", "text/plain", wfProbeYAML, 415, 0, nil},
			{"import-422-bad-field-type", "admin", "application/yaml", strings.Replace(wfProbeYAML, "type: integer", "type: integr", 1), 422, 0,
				[]string{"fields[0].type=invalid_type"}},
			{"import-422-json-bad-field-type", "admin", "application/json", strings.Replace(wfProbeJSON, `"type":"integer"`, `"type":"float"`, 1), 422, 0,
				[]string{"fields[0].type=invalid_type"}},
			{"import-422-several-paths", "admin", "application/yaml",
				strings.NewReplacer("org_types: [senior, junior]", "org_types: [senior, castle]", "key: budget\n", "key: headcount\n", "period_type: year", "period_type: decade").Replace(wfProbeYAML), 422, 0,
				[]string{"checks[0].rule=unknown_field", "fields[1].key=duplicate_key", "org_types[1]=invalid_org_type", "period_type=invalid_period_type"}},
			{"import-422-max-beyond-representable", "admin", "application/yaml", strings.Replace(wfProbeYAML, "type: money\n", "type: money\n    max: \"1000000000000.01\"\n", 1), 422, 0,
				[]string{"fields[1].max=out_of_range"}},
			{"import-422-json-max-1e400", "admin", "application/json", strings.Replace(wfProbeJSON, `"min":0`, `"min":-1e400,"max":1e400`, 1), 422, 0,
				[]string{"fields[0].max=out_of_range", "fields[0].min=out_of_range"}},
			{"import-422-unknown-yaml-key", "admin", "application/yaml", strings.Replace(wfProbeYAML, "required: true", "requried: true", 1), 422, 0, nil},
			{"import-422-bad-rule-var", "admin", "application/yaml", strings.Replace(wfProbeYAML, "{var: budget}", "{var: nothing}", 1), 422, 0, nil},
			{"import-422-invalid-json", "admin", "application/json", `{"code":`, 422, 0, nil},
			{"import-422-wrong-arity", "admin", "application/yaml", strings.Replace(wfProbeYAML, `{">": [{var: budget}, 0]}`, `{"-": [{var: budget}, 300, 200]}`, 1), 422, 0,
				[]string{"checks[0].rule=wrong_arity"}},
			{"import-422-json-number-a-double-cannot-hold", "admin", "application/json", strings.Replace(wfProbeJSON, `{"var":"children"},10]`, `{"var":"children"},9007199254740993]`, 1), 422, 0,
				[]string{"fields[1].calculate=inexact_number"}},
			{"import-422-empty", "admin", "application/yaml", ``, 422, 0, nil},
		}
		for _, c := range imports {
			t.Run(c.name, func(t *testing.T) {
				r := w.wfImport(c.user, c.ct, c.body)
				p := wfWant(t, r, c.status, "")
				if c.status == 422 {
					if len(p.Errors) == 0 {
						t.Fatalf("422 without field errors: %s", r.Body)
					}
					for _, e := range p.Errors {
						if e.Code == "" {
							t.Fatalf("error without code: %s", r.Body)
						}
					}
				}
				if c.fields != nil {
					sort.Strings(c.fields)
					if got := wfFieldCodes(p); fmt.Sprint(got) != fmt.Sprint(c.fields) {
						t.Fatalf("want %v, got %v", c.fields, got)
					}
				}
				if c.version != 0 {
					var s wfFormSummary
					r.Decode(t, &s)
					if s.Version != c.version {
						t.Fatalf("version %d, want %d: %s", s.Version, c.version, r.Body)
					}
				}
			})
		}
		t.Run("import-201-warns-about-rules", func(t *testing.T) {
			body := strings.NewReplacer("code: probe-survey", "code: probe-warnings",
				`{">": [{var: budget}, 0]}`, `{">": [{"/": [{var: budget}, {var: headcount}]}, 100]}`).Replace(wfProbeYAML)
			r := w.wfImport("admin", "application/yaml", body)
			wfWant(t, r, 201, "")
			var got struct {
				Warnings []struct{ Field, Code, Message string } `json:"warnings"`
			}
			r.Decode(t, &got)
			if len(got.Warnings) != 1 || got.Warnings[0].Field != "checks[0].rule" || got.Warnings[0].Code != "unguarded_division" || got.Warnings[0].Message == "" {
				t.Fatalf("warnings %s", r.Body)
			}
			r = w.wfImport("admin", "application/yaml", strings.Replace(wfProbeYAML, "code: probe-survey", "code: probe-no-warnings", 1))
			wfWant(t, r, 201, "")
			if m := r.JSON(t); fmt.Sprint(m["warnings"]) != "[]" {
				t.Fatalf("warnings %s", r.Body)
			}
		})
		t.Run("import-current-is-newest", func(t *testing.T) {
			r := w.as("xhzx", http.MethodGet, "/api/v1/forms/probe-survey", nil)
			wfWant(t, r, 200, "")
			if m := r.JSON(t); m["version"] != float64(2) || m["title"] != "测试调查（修订）" {
				t.Fatalf("current probe-survey %s", r.Body)
			}
			var n int64
			w.App.DB.Table("forms").Where("code = ?", "probe-survey").Count(&n)
			if n != 2 {
				t.Fatalf("%d stored versions, want 2", n)
			}
		})
		t.Run("import-200-seeded-yaml-identical", func(t *testing.T) {
			b, err := fs.ReadFile(seeds.FS, "forms/teacher-training.yaml")
			if err != nil {
				t.Fatal(err)
			}
			r := w.wfImport("admin", "application/yaml", string(b))
			wfWant(t, r, 200, "")
			if m := r.JSON(t); m["version"] != float64(1) {
				t.Fatalf("re-importing the seed made %s", r.Body)
			}
		})
		t.Run("import-new-version-keeps-pinned-submissions", func(t *testing.T) {
			d := w.wfOpen(t, "xhzx", "teacher-training")
			b, _ := fs.ReadFile(seeds.FS, "forms/teacher-training.yaml")
			changed := strings.Replace(string(b), "checks:\n", `  - key: notes
    label: 备注
    type: text
checks:
`, 1)
			r := w.wfImport("admin", "application/yaml", changed)
			wfWant(t, r, 201, "")
			if m := r.JSON(t); m["version"] != float64(2) {
				t.Fatalf("changed seed imported as %s", r.Body)
			}
			// The draft stays on version 1, where notes does not exist.
			got := wfDecodeDoc(t, w.as("xhzx", http.MethodGet, wfSub(d.ID, ""), nil))
			if got.FormVersion != 1 {
				t.Fatalf("pinned version moved to %d", got.FormVersion)
			}
			p := wfWant(t, w.as("xhzx", http.MethodPut, wfSub(d.ID, ""), map[string]any{"version": d.Version, "values": map[string]any{"notes": "x"}}), 422, "")
			if fmt.Sprint(wfFieldCodes(p)) != "[notes=unknown_field]" {
				t.Fatalf("v2 field accepted on a v1 submission: %v", wfFieldCodes(p))
			}
		})
	})
}
