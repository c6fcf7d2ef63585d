package api_test

// Form versions through the real router, on SQLite and MariaDB: a submission keeps the form
// version it was opened against after newer versions are imported (the client can fetch that
// version, saves are validated against it), an explicit upgrade moves it to the newest version
// (values mapped, the rest reported, a revision and an audit row written, optimistic version,
// edit rights and scope enforced), and an import that would break an indicator is refused.

import (
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
	"github.com/tianbao-edu/tianbao/seeds"
)

// vDoc is a submission document with the form version fields this file checks.
type vDoc struct {
	wfDoc
	LatestFormVersion int `json:"latest_form_version"`
}

// vUpgrade is an upgrade response.
type vUpgrade struct {
	Submission      vDoc `json:"submission"`
	FromFormVersion int  `json:"from_form_version"`
	Dropped         []struct {
		Field string `json:"field"`
		Code  string `json:"code"`
	} `json:"dropped"`
}

// vForm is the part of a served form schema this file checks.
type vForm struct {
	Code    string `json:"code"`
	Version int    `json:"version"`
	Fields  []struct {
		Key  string `json:"key"`
		Type string `json:"type"`
	} `json:"fields"`
}

func (f vForm) types() map[string]string {
	out := map[string]string{}
	for _, fd := range f.Fields {
		out[fd.Key] = fd.Type
	}
	return out
}

// vSeed returns a seeded form's YAML.
func vSeed(t *testing.T, code string) string {
	t.Helper()
	b, err := fs.ReadFile(seeds.FS, "forms/"+code+".yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// vEditField returns doc with the top-level field block of key passed through edit; an edit
// returning "" removes the field.
func vEditField(t *testing.T, doc, key string, edit func(block string) string) string {
	t.Helper()
	start := strings.Index(doc, "  - key: "+key+"\n")
	if start < 0 {
		t.Fatalf("no field %s in the schema", key)
	}
	rest := doc[start+1:]
	end := len(doc)
	for _, next := range []string{"\n  - key: ", "\nchecks:"} {
		if i := strings.Index(rest, next); i >= 0 && start+1+i+1 < end {
			end = start + 1 + i + 1
		}
	}
	return doc[:start] + edit(doc[start:end]) + doc[end:]
}

// vReplace replaces old in s once, failing when it is not there.
func vReplace(t *testing.T, s, old, next string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("%q not in %q", old, s)
	}
	return strings.Replace(s, old, next, 1)
}

func (w *wfEnv) vDoc(t *testing.T, user string, id int64) vDoc {
	t.Helper()
	r := w.as(user, http.MethodGet, wfSub(id, ""), nil)
	wfWant(t, r, http.StatusOK, "")
	var d vDoc
	r.Decode(t, &d)
	return d
}

func (w *wfEnv) vForm(t *testing.T, user, path string) vForm {
	t.Helper()
	r := w.as(user, http.MethodGet, path, nil)
	wfWant(t, r, http.StatusOK, "")
	var f vForm
	r.Decode(t, &f)
	return f
}

func TestFormVersions(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		const tt = "teacher-training"

		// v2 adds a text field; v3 turns trainees (integer) into a decimal and drops training_hours.
		v1 := vSeed(t, tt)
		v2 := vReplace(t, v1, "\nchecks:\n", "\n  - key: notes\n    label: 备注\n    label_en: Notes\n    type: text\nchecks:\n")
		v3 := vEditField(t, v2, "trainees", func(b string) string { return vReplace(t, b, "type: integer", "type: decimal") })
		v3 = vEditField(t, v3, "training_hours", func(string) string { return "" })

		var pinned, kept vDoc // xhzx's draft (upgraded later), syyey's (stays on v1 and is submitted)
		versions := func(t *testing.T) int64 {
			var n int64
			if err := w.App.DB.Table("forms").Where("code = ?", tt).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		upgrade := func(user string, id int64, body any) *testenv.Response {
			return w.as(user, http.MethodPost, wfSub(id, "/upgrade"), body)
		}

		steps := []struct {
			name string
			run  func(t *testing.T)
		}{
			{"open-drafts-on-v1", func(t *testing.T) {
				d := w.wfOpen(t, "xhzx", tt)
				d = w.wfSave(t, "xhzx", d, map[string]any{"payroll_total": "1000000", "training_spend": "20000",
					"trainees": 40, "training_hours": "12.5"})
				pinned = vDoc{wfDoc: d}
				if d.FormVersion != 1 {
					t.Fatalf("opened on form version %d", d.FormVersion)
				}
			}},
			{"import-201-v2-and-v3", func(t *testing.T) {
				for i, doc := range []string{v2, v3} {
					r := w.wfImport("admin", "application/yaml", doc)
					wfWant(t, r, http.StatusCreated, "")
					if m := r.JSON(t); m["version"] != float64(i+2) {
						t.Fatalf("imported as %s", r.Body)
					}
				}
			}},
			{"pinned-get-submission-stays-v1-latest-v3", func(t *testing.T) {
				d := w.vDoc(t, "xhzx", pinned.ID)
				if d.FormVersion != 1 || d.LatestFormVersion != 3 {
					t.Fatalf("form_version %d latest_form_version %d, want 1 and 3", d.FormVersion, d.LatestFormVersion)
				}
				if d.Values["training_hours"] != "12.5" || fmt.Sprint(d.Values["trainees"]) != "40" {
					t.Fatalf("values changed by an import: %v", d.Values)
				}
			}},
			{"pinned-get-form-version-1", func(t *testing.T) {
				f := w.vForm(t, "xhzx", "/api/v1/forms/"+tt+"?version=1")
				ty := f.types()
				if f.Version != 1 || ty["trainees"] != "integer" || ty["training_hours"] != "decimal" || ty["notes"] != "" {
					t.Fatalf("version 1 served as %+v", f)
				}
				if cur := w.vForm(t, "xhzx", "/api/v1/forms/"+tt); cur.Version != 3 || cur.types()["notes"] != "text" || cur.types()["training_hours"] != "" {
					t.Fatalf("current served as %+v", cur)
				}
			}},
			{"pinned-get-form-404-unknown-version", func(t *testing.T) {
				wfWant(t, w.as("xhzx", http.MethodGet, "/api/v1/forms/"+tt+"?version=4", nil), http.StatusNotFound, "not_found")
			}},
			{"pinned-get-form-422-bad-version", func(t *testing.T) {
				for _, v := range []string{"0", "-1", "v1"} {
					p := wfWant(t, w.as("xhzx", http.MethodGet, "/api/v1/forms/"+tt+"?version="+v, nil), http.StatusUnprocessableEntity, "")
					if fmt.Sprint(wfFieldCodes(p)) != "[version=invalid_integer]" {
						t.Fatalf("version=%s: %v", v, wfFieldCodes(p))
					}
				}
			}},
			{"pinned-save-200-v1-values", func(t *testing.T) {
				d := w.wfSave(t, "xhzx", pinned.wfDoc, map[string]any{"payroll_total": "1000000", "training_spend": "20000",
					"trainees": 41, "training_hours": "12.5"})
				if d.FormVersion != 1 || fmt.Sprint(d.Values["trainees"]) != "41" || d.Values["training_hours"] != "12.5" {
					t.Fatalf("save on v1: %+v", d)
				}
				pinned.wfDoc = d
			}},
			{"pinned-save-422-v3-field", func(t *testing.T) {
				p := wfWant(t, w.as("xhzx", http.MethodPut, wfSub(pinned.ID, ""), map[string]any{"version": pinned.Version,
					"values": map[string]any{"payroll_total": "1000000", "notes": "x"}}), http.StatusUnprocessableEntity, "")
				if fmt.Sprint(wfFieldCodes(p)) != "[notes=unknown_field]" {
					t.Fatalf("a v3 field on a v1 submission: %v", wfFieldCodes(p))
				}
			}},
			{"pinned-new-draft-opens-on-campaign-version-and-submits", func(t *testing.T) {
				d := w.wfOpen(t, "syyey", tt)
				if d.FormVersion != 1 {
					t.Fatalf("new draft on form version %d", d.FormVersion)
				}
				d = w.wfSave(t, "syyey", d, map[string]any{"payroll_total": "500000", "training_spend": "8000", "training_hours": "6.5"})
				d = w.wfAct(t, "syyey", d.ID, "submit", map[string]any{"version": d.Version})
				if d.Status != "submitted" || d.FormVersion != 1 || d.Values["training_hours"] != "6.5" {
					t.Fatalf("submit on v1: %+v", d)
				}
				kept = vDoc{wfDoc: d}
			}},
			{"upgrade-409-stale-version", func(t *testing.T) {
				p := wfWant(t, upgrade("xhzx", pinned.ID, map[string]any{"version": pinned.Version - 1}), http.StatusConflict, "stale_version")
				if p.Current == nil || p.Current.Version != pinned.Version || p.Current.FormVersion != 1 {
					t.Fatalf("409 without the current submission: %+v", p.Current)
				}
			}},
			{"upgrade-422-version-required", func(t *testing.T) {
				p := wfWant(t, upgrade("xhzx", pinned.ID, map[string]any{}), http.StatusUnprocessableEntity, "")
				if fmt.Sprint(wfFieldCodes(p)) != "[version=required]" {
					t.Fatalf("%v", wfFieldCodes(p))
				}
			}},
			{"upgrade-404-other-org", func(t *testing.T) {
				wfWant(t, upgrade("wlzx", pinned.ID, map[string]any{"version": pinned.Version}), http.StatusNotFound, "not_found")
				wfWant(t, upgrade("czj", pinned.ID, map[string]any{"version": pinned.Version}), http.StatusNotFound, "not_found")
			}},
			{"upgrade-404-unknown-id", func(t *testing.T) {
				wfWant(t, upgrade("xhzx", 999999, map[string]any{"version": 1}), http.StatusNotFound, "not_found")
			}},
			{"upgrade-403-without-edit-role", func(t *testing.T) {
				for _, user := range []string{"reviewer", "leader"} {
					wfWant(t, upgrade(user, pinned.ID, map[string]any{"version": pinned.Version}), http.StatusForbidden, "forbidden")
				}
			}},
			{"upgrade-401-without-token", func(t *testing.T) {
				wfWant(t, upgrade("", pinned.ID, map[string]any{"version": pinned.Version}), http.StatusUnauthorized, "missing_token")
			}},
			{"upgrade-409-submitted-not-editable", func(t *testing.T) {
				wfWant(t, upgrade("syyey", kept.ID, map[string]any{"version": kept.Version}), http.StatusConflict, "not_editable")
				if d := w.vDoc(t, "syyey", kept.ID); d.FormVersion != 1 || d.Version != kept.Version {
					t.Fatalf("a refused upgrade changed the submission: %+v", d)
				}
			}},
			{"upgrade-nothing-changed-by-refusals", func(t *testing.T) {
				d := w.vDoc(t, "xhzx", pinned.ID)
				if d.FormVersion != 1 || d.Version != pinned.Version {
					t.Fatalf("refused upgrades changed the submission: form_version %d version %d", d.FormVersion, d.Version)
				}
			}},
			{"upgrade-200-maps-values", func(t *testing.T) {
				r := upgrade("xhzx", pinned.ID, map[string]any{"version": pinned.Version})
				wfWant(t, r, http.StatusOK, "")
				var up vUpgrade
				r.Decode(t, &up)
				d := up.Submission
				if d.FormVersion != 3 || d.LatestFormVersion != 3 || d.Version != pinned.Version+1 || d.Status != "draft" || up.FromFormVersion != 1 {
					t.Fatalf("upgraded to %+v (from %d)", d, up.FromFormVersion)
				}
				// payroll and spending are kept, trainees becomes a decimal, training_hours is gone.
				want := map[string]string{"payroll_total": "1000000.00", "training_spend": "20000.00", "trainees": "41.00"}
				if len(d.Values) != len(want) {
					t.Fatalf("values after upgrade %v, want %v", d.Values, want)
				}
				for k, v := range want {
					if fmt.Sprint(d.Values[k]) != v {
						t.Fatalf("values after upgrade %v, want %v", d.Values, want)
					}
				}
				if got := fmt.Sprint(up.Dropped); got != "[{training_hours removed}]" {
					t.Fatalf("dropped %s", got)
				}
				if d.Computed["training_ratio"] != "0.0200" {
					t.Fatalf("computed after upgrade %v", d.Computed)
				}
				pinned = d
			}},
			{"upgrade-records-revision", func(t *testing.T) {
				var h struct {
					Items []struct {
						Version int                       `json:"version"`
						Action  string                    `json:"action"`
						Comment string                    `json:"comment"`
						Changes map[string]map[string]any `json:"changes"`
					} `json:"items"`
				}
				r := w.as("xhzx", http.MethodGet, wfSub(pinned.ID, "/history"), nil)
				wfWant(t, r, http.StatusOK, "")
				r.Decode(t, &h)
				last := h.Items[len(h.Items)-1]
				if last.Action != "upgrade" || last.Version != pinned.Version || last.Comment != "v1 → v3" {
					t.Fatalf("last revision %+v", last)
				}
				if c, ok := last.Changes["training_hours"]; !ok || c["from"] != "12.5" || c["to"] != nil {
					t.Fatalf("revision changes %v", last.Changes)
				}
				if _, ok := last.Changes["trainees"]; !ok {
					t.Fatalf("retyped trainees not in the revision: %v", last.Changes)
				}
			}},
			{"upgrade-writes-audit-row", func(t *testing.T) {
				var rows []struct {
					Action string
					Detail string
				}
				if err := w.App.DB.Table("audit_log").Where("object_type = ? AND object_id = ? AND action <> ?", "submission", fmt.Sprint(pinned.ID), "submission.save").
					Order("id").Find(&rows).Error; err != nil {
					t.Fatal(err)
				}
				if len(rows) != 1 || rows[0].Action != "submission.upgrade" ||
					!strings.Contains(rows[0].Detail, `"from_version":1`) || !strings.Contains(rows[0].Detail, `"to_version":3`) ||
					!strings.Contains(rows[0].Detail, `"training_hours"`) {
					t.Fatalf("audit rows %+v", rows)
				}
			}},
			{"upgraded-validates-against-v3", func(t *testing.T) {
				p := wfWant(t, w.as("xhzx", http.MethodPut, wfSub(pinned.ID, ""), map[string]any{"version": pinned.Version,
					"values": map[string]any{"payroll_total": "1000000", "training_hours": "3"}}), http.StatusUnprocessableEntity, "")
				if fmt.Sprint(wfFieldCodes(p)) != "[training_hours=unknown_field]" {
					t.Fatalf("a removed field accepted after the upgrade: %v", wfFieldCodes(p))
				}
				d := w.wfSave(t, "xhzx", pinned.wfDoc, map[string]any{"payroll_total": "1000000", "training_spend": "20000",
					"trainees": "41.5", "notes": "升级后填写"})
				if d.FormVersion != 3 || d.Values["notes"] != "升级后填写" || d.Values["trainees"] != "41.50" {
					t.Fatalf("save on v3: %+v", d)
				}
				pinned.wfDoc = d
			}},
			{"upgrade-409-already-newest", func(t *testing.T) {
				wfWant(t, upgrade("xhzx", pinned.ID, map[string]any{"version": pinned.Version}), http.StatusConflict, "already_newest_form_version")
			}},
			{"upgraded-submits", func(t *testing.T) {
				d := w.wfAct(t, "xhzx", pinned.ID, "submit", map[string]any{"version": pinned.Version})
				if d.Status != "submitted" || d.FormVersion != 3 {
					t.Fatalf("submit after upgrade: %+v", d)
				}
			}},
		}

		// Imports that would break an indicator, each refused with the field and the indicator named.
		breaking := []struct {
			name, form, field, code, indicator string
			edit                               func(t *testing.T, doc string) string
		}{
			{"import-422-drops-training_spend", tt, "training_spend", "indicator_field_removed", "training.spend_ratio",
				func(t *testing.T, doc string) string {
					return strings.ReplaceAll(doc, "training_spend", "training_cost")
				}},
			{"import-422-retypes-payroll_total-to-text", tt, "payroll_total", "indicator_field_retyped", "training.spend_ratio",
				func(t *testing.T, doc string) string {
					return vEditField(t, doc, "payroll_total", func(b string) string {
						return strings.ReplaceAll(vReplace(t, b, "type: money", "type: text"), "    min: \"0\"\n", "")
					})
				}},
			{"import-422-retypes-where-field-boolean-to-integer", "sports-arts", "sports_specialist", "indicator_field_retyped", "sports.specialist_schools",
				func(t *testing.T, doc string) string {
					return vEditField(t, doc, "sports_specialist", func(b string) string { return vReplace(t, b, "type: boolean", "type: integer") })
				}},
			{"import-422-retypes-boolean-to-choice", "family-school", "has_parent_school", "indicator_field_retyped", "family.parent_school",
				func(t *testing.T, doc string) string {
					return vEditField(t, doc, "has_parent_school", func(b string) string {
						return vReplace(t, b, "type: boolean", "type: single_choice\n    options: [{value: \"yes\", label: 有}, {value: \"no\", label: 无}]")
					})
				}},
		}
		for _, b := range breaking {
			steps = append(steps, struct {
				name string
				run  func(t *testing.T)
			}{b.name, func(t *testing.T) {
				cur := vSeed(t, b.form)
				if b.form == tt {
					cur = v3
				}
				before := w.vForm(t, "admin", "/api/v1/forms/"+b.form).Version
				r := w.wfImport("admin", "application/yaml", b.edit(t, cur))
				p := wantProblem(t, r, http.StatusUnprocessableEntity, "breaks_indicators")
				found := false
				for _, e := range p.Errors {
					if e.Field == b.field && e.Code == b.code && strings.Contains(e.Message, b.indicator) {
						found = true
					}
				}
				if !found {
					t.Fatalf("want a %s error at %s naming %s: %s", b.code, b.field, b.indicator, r.Body)
				}
				if after := w.vForm(t, "admin", "/api/v1/forms/"+b.form).Version; after != before {
					t.Fatalf("a refused import stored version %d (was %d)", after, before)
				}
			}})
		}
		steps = append(steps, []struct {
			name string
			run  func(t *testing.T)
		}{
			{"import-201-retypes-read-money-to-decimal", func(t *testing.T) {
				// Another number type is still read the same way by the indicators.
				before := versions(t)
				doc := vEditField(t, v3, "training_spend", func(b string) string { return vReplace(t, b, "type: money", "type: decimal") })
				wfWant(t, w.wfImport("admin", "application/yaml", doc), http.StatusCreated, "")
				if versions(t) != before+1 {
					t.Fatalf("stored %d versions, want %d", versions(t), before+1)
				}
			}},
			{"import-201-removes-unread-field", func(t *testing.T) {
				doc := vEditField(t, v3, "trainees", func(string) string { return "" })
				wfWant(t, w.wfImport("admin", "application/yaml", doc), http.StatusCreated, "")
			}},
		}...)

		for _, s := range steps {
			if !t.Run(s.name, s.run) {
				t.FailNow() // later steps build on this one
			}
		}
	})
}
