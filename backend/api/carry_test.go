package api_test

// Carry-forward and year-over-year rules (issue 15) through the real router on every database:
// a 2026 draft holds 2025's approved values of its carried sections, submit is refused until
// each is confirmed (one call per section) or changed, expired evidence must be replaced, prev.
// values reach the rules and the document, a 40% payroll jump warns and goes first in the
// reviewer's queue, and nothing of one school's past reaches another.

import (
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// carryDoc is a submission document with its carry-forward parts.
type carryDoc struct {
	wfDoc
	Prev  map[string]any `json:"prev"`
	Carry []struct {
		Key        string   `json:"key"`
		Fields     []string `json:"fields"`
		FromPeriod string   `json:"from_period"`
		Confirmed  bool     `json:"confirmed"`
		Changed    bool     `json:"changed"`
		Pending    bool     `json:"pending"`
	} `json:"carry"`
}

func (w *wfEnv) carryGet(t *testing.T, user string, id int64) carryDoc {
	t.Helper()
	r := w.as(user, http.MethodGet, wfSub(id, ""), nil)
	wfWant(t, r, http.StatusOK, "")
	var d carryDoc
	r.Decode(t, &d)
	return d
}

// pending lists a document's carried sections still waiting for a confirmation.
func (d carryDoc) pending() []string {
	out := []string{}
	for _, c := range d.Carry {
		if c.Pending {
			out = append(out, c.Key)
		}
	}
	sort.Strings(out)
	return out
}

// carryApprove saves, submits and approves user's submission of a form for a period.
func (w *wfEnv) carryApprove(t *testing.T, user string, d wfDoc, values map[string]any) wfDoc {
	t.Helper()
	d = w.wfSave(t, user, d, values)
	d = w.wfAct(t, user, d.ID, "submit", map[string]any{"version": d.Version})
	return w.wfAct(t, "reviewer", d.ID, "approve", map[string]any{"version": d.Version})
}

func TestCarryForward(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		pic := wfPNG(t)

		// 2025, approved: xhzx's sports-arts with a certificate that expired mid-2025, and its payroll.
		sa25 := w.wfOpen(t, "xhzx", "sports-arts")
		r := w.wfUpload(t, "xhzx", sa25.ID, "sports_certificate", "证书.png", pic)
		wfWant(t, r, http.StatusCreated, "")
		var cert25 wfAttachment
		r.Decode(t, &cert25)
		sa25 = w.carryApprove(t, "xhzx", sa25, map[string]any{"sports_specialist": true, "sports_level": "municipal",
			"sports_since": 2019, "sports_certificate": []any{cert25}, "sports_certificate_expiry": "2025-06-30",
			"arts_specialist": false, "students_total": 1000})
		w.carryApprove(t, "xhzx", w.wfOpen(t, "xhzx", "teacher-training"),
			map[string]any{"payroll_total": "100000", "training_spend": "1500"})

		for _, form := range []string{"sports-arts", "teacher-training"} {
			r := w.as("admin", http.MethodPost, "/api/v1/campaigns", map[string]any{"form": form, "period": "2026",
				"title": "2026 " + form, "deadline": w.Clock.Now().Add(30 * 24 * time.Hour), "org_id": w.OrgID("qjjw")})
			wfWant(t, r, http.StatusCreated, "")
		}

		open := w.wfOpenPeriod(t, "xhzx", "sports-arts", "2026")
		d := w.carryGet(t, "xhzx", open.ID)
		t.Run("carry-2026-draft-holds-2025-approved", func(t *testing.T) {
			if d.Values["sports_level"] != "municipal" || d.Values["sports_specialist"] != true || d.Values["arts_specialist"] != false {
				t.Fatalf("carried values %v", d.Values)
			}
			if _, ok := d.Values["students_total"]; ok {
				t.Fatalf("students_total is not carried: %v", d.Values)
			}
			certs, _ := d.Values["sports_certificate"].([]any)
			if len(certs) != 1 || certs[0].(map[string]any)["id"] == cert25.ID {
				t.Fatalf("the certificate is carried as a copy of this draft's own: %v (2025: %s)", certs, cert25.ID)
			}
			if got := strings.Join(d.pending(), ","); got != "arts,sports" {
				t.Fatalf("pending sections %q, want arts,sports: %+v", got, d.Carry)
			}
			if d.Carry[0].FromPeriod != "2025" {
				t.Fatalf("from period %+v", d.Carry)
			}
		})
		t.Run("carried-certificate-downloads", func(t *testing.T) {
			id := d.Values["sports_certificate"].([]any)[0].(map[string]any)["id"].(string)
			wfWant(t, w.as("xhzx", http.MethodGet, "/api/v1/attachments/"+id, nil), http.StatusOK, "")
		})
		t.Run("carry-2025-unchanged", func(t *testing.T) {
			if got := w.carryGet(t, "xhzx", sa25.ID); len(got.Carry) != 0 || got.Status != "approved" {
				t.Fatalf("2025 after carrying: %+v", got)
			}
		})

		d2 := w.wfSave(t, "xhzx", open, mergeValues(d.Values, map[string]any{"students_total": 1100}))
		t.Run("submit-422-carry-unconfirmed-and-expired", func(t *testing.T) {
			p := wfWant(t, w.as("xhzx", http.MethodPost, wfSub(d2.ID, "/submit"), map[string]any{"version": d2.Version}),
				http.StatusUnprocessableEntity, "submission_invalid")
			got := strings.Join(wfFieldCodes(p), " ")
			for _, want := range []string{"sports=carry_unconfirmed", "arts=carry_unconfirmed", "sports_certificate=expired"} {
				if !strings.Contains(got, want) {
					t.Fatalf("errors %s, want %s", got, want)
				}
			}
		})

		confirm := func(user, section string) *testenv.Response {
			return w.as(user, http.MethodPost, wfSub(d2.ID, "/carry/"+section+"/confirm"), nil)
		}
		t.Run("confirm-403-reviewer", func(t *testing.T) { wfWant(t, confirm("reviewer", "sports"), http.StatusForbidden, "") })
		t.Run("confirm-403-leader", func(t *testing.T) { wfWant(t, confirm("leader", "sports"), http.StatusForbidden, "") })
		t.Run("confirm-404-other-org", func(t *testing.T) { wfWant(t, confirm("wlzx", "sports"), http.StatusNotFound, "") })
		t.Run("confirm-404-not-carried", func(t *testing.T) { wfWant(t, confirm("xhzx", "students_total"), http.StatusNotFound, "") })
		t.Run("confirm-401-anonymous", func(t *testing.T) { wfWant(t, confirm("", "sports"), http.StatusUnauthorized, "") })
		t.Run("other-org-unconfirmed", func(t *testing.T) {
			if got := w.carryGet(t, "xhzx", d2.ID).pending(); strings.Join(got, ",") != "arts,sports" {
				t.Fatalf("a refused confirmation changed the state: %v", got)
			}
		})

		t.Run("confirm-200-one-call-per-section", func(t *testing.T) {
			wfWant(t, confirm("xhzx", "sports"), http.StatusOK, "")
			if got := w.carryGet(t, "xhzx", d2.ID).pending(); strings.Join(got, ",") != "arts" {
				t.Fatalf("pending after confirming sports: %v", got)
			}
		})
		t.Run("changed-section-needs-no-confirmation", func(t *testing.T) {
			d2 = w.wfSave(t, "xhzx", d2, mergeValues(w.carryGet(t, "xhzx", d2.ID).Values, map[string]any{"arts_specialist": true, "arts_level": "district"}))
			if got := w.carryGet(t, "xhzx", d2.ID).pending(); len(got) != 0 {
				t.Fatalf("pending after changing arts: %v", got)
			}
		})
		t.Run("submit-422-expired-certificate", func(t *testing.T) {
			p := wfWant(t, w.as("xhzx", http.MethodPost, wfSub(d2.ID, "/submit"), map[string]any{"version": d2.Version}),
				http.StatusUnprocessableEntity, "submission_invalid")
			if got := strings.Join(wfFieldCodes(p), " "); got != "sports_certificate=expired" {
				t.Fatalf("errors %s, want only the expired certificate", got)
			}
		})
		t.Run("submit-200-certificate-replaced", func(t *testing.T) {
			r := w.wfUpload(t, "xhzx", d2.ID, "sports_certificate", "新证书.png", pic)
			wfWant(t, r, http.StatusCreated, "")
			var cert26 wfAttachment
			r.Decode(t, &cert26)
			cur := w.carryGet(t, "xhzx", d2.ID)
			d2 = w.wfSave(t, "xhzx", cur.wfDoc, mergeValues(cur.Values, map[string]any{"sports_certificate": []any{cert26}, "sports_certificate_expiry": "2028-12-31"}))
			w.wfAct(t, "xhzx", d2.ID, "submit", map[string]any{"version": d2.Version})
		})

		t.Run("isolation-other-org-carries-nothing", func(t *testing.T) {
			o := w.carryGet(t, "wlzx", w.wfOpenPeriod(t, "wlzx", "sports-arts", "2026").ID)
			if len(o.Carry) != 0 || len(o.Values) != 0 || len(o.Prev) != 0 {
				t.Fatalf("wlzx's 2026 draft got xhzx's past: %+v", o)
			}
		})

		t.Run("carry-from-last-years-approved-spending", func(t *testing.T) {
			w.carryApprove(t, "czj", w.wfOpen(t, "czj", "finance"), map[string]any{"edu_budget_spending": "500000000",
				"edu_budget_spending_prev": "480000000", "per_student_spending": "20000", "per_student_spending_prev": "19000"})
			r := w.as("admin", http.MethodPost, "/api/v1/campaigns", map[string]any{"form": "finance", "period": "2026",
				"title": "2026 finance", "deadline": w.Clock.Now().Add(30 * 24 * time.Hour), "org_id": w.OrgID("czj")})
			wfWant(t, r, http.StatusCreated, "")
			f := w.carryGet(t, "czj", w.wfOpenPeriod(t, "czj", "finance", "2026").ID)
			if f.Values["edu_budget_spending_prev"] != "500000000.00" || f.Values["per_student_spending_prev"] != "20000.00" {
				t.Fatalf("2026's previous-year figures are not 2025's approved ones: %v", f.Values)
			}
			if _, ok := f.Values["edu_budget_spending"]; ok {
				t.Fatalf("this year's spending is not carried: %v", f.Values)
			}
			if got := strings.Join(f.pending(), ","); got != "edu_budget_spending_prev,per_student_spending_prev" {
				t.Fatalf("pending %q", got)
			}
			// Falling below last year's approved figure warns, whatever was typed as last year's.
			f2 := w.wfSave(t, "czj", f.wfDoc, mergeValues(f.Values, map[string]any{"edu_budget_spending": "499999999.99",
				"edu_budget_spending_prev": "1", "per_student_spending": "20001"}))
			if got := strings.Join(wfIssueCodes(f2.Warnings), " "); got != "edu_budget_spending=spending_decreased" {
				t.Fatalf("warnings %s", got)
			}
		})

		// Year over year: wlzx submits first with no history, then xhzx with a 40% payroll jump.
		wl := w.wfOpenPeriod(t, "wlzx", "teacher-training", "2026")
		t.Run("isolation-prev-never-from-another-org", func(t *testing.T) {
			if got := w.carryGet(t, "wlzx", wl.ID).Prev; len(got) != 0 {
				t.Fatalf("wlzx's prev %v", got)
			}
		})
		wl = w.wfSave(t, "wlzx", wl, map[string]any{"payroll_total": "500000", "training_spend": "9000"})
		w.wfAct(t, "wlzx", wl.ID, "submit", map[string]any{"version": wl.Version})
		w.advance(time.Minute)

		tt := w.wfOpenPeriod(t, "xhzx", "teacher-training", "2026")
		t.Run("prev-in-document", func(t *testing.T) {
			if got := w.carryGet(t, "xhzx", tt.ID).Prev["payroll_total"]; got != "100000.00" {
				t.Fatalf("prev payroll %v", got)
			}
		})
		t.Run("prev-hidden-from-other-org", func(t *testing.T) {
			wfWant(t, w.as("wlzx", http.MethodGet, wfSub(tt.ID, ""), nil), http.StatusNotFound, "")
		})
		tt = w.wfSave(t, "xhzx", tt, map[string]any{"payroll_total": "140000", "training_spend": "2100"})
		t.Run("payroll-40pct-jump-warns", func(t *testing.T) {
			if got := strings.Join(wfIssueCodes(tt.Warnings), " "); !strings.Contains(got, "payroll_total=payroll_jump") {
				t.Fatalf("warnings %s", got)
			}
			sub := w.wfAct(t, "xhzx", tt.ID, "submit", map[string]any{"version": tt.Version})
			if got := strings.Join(wfIssueCodes(sub.Warnings), " "); !strings.Contains(got, "payroll_total=payroll_jump") {
				t.Fatalf("kept warnings %s", got)
			}
		})
		t.Run("queue-yoy-warnings-first", func(t *testing.T) {
			r := w.as("reviewer", http.MethodGet, "/api/v1/submissions?form=teacher-training&period=2026&status=submitted", nil)
			wfWant(t, r, http.StatusOK, "")
			list, _ := items(t, r)
			if len(list) < 2 || id(t, list[0], "id") != tt.ID {
				t.Fatalf("queue %v: xhzx's (submitted later, with a year-over-year warning) should be first", strs(list, "id"))
			}
			if list[0]["yoy"] != true || list[1]["yoy"] != false {
				t.Fatalf("queue marks: first %v, second %v; want the year-over-year one marked, the other not", list[0]["yoy"], list[1]["yoy"])
			}
		})
		t.Run("payroll-within-30pct-no-warning", func(t *testing.T) {
			cur := w.carryGet(t, "wlzx", wl.ID)
			if got := strings.Join(wfIssueCodes(cur.Warnings), " "); strings.Contains(got, "payroll_jump") {
				t.Fatalf("wlzx (no 2025) warns %s", got)
			}
		})
	})
}

// mergeValues is a copy of base with over applied.
func mergeValues(base, over map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}
