package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// wfConflict is an edit_conflict 409: the fields to choose and the merge of the rest.
type wfConflict struct {
	Code      string `json:"code"`
	Current   wfDoc  `json:"current"`
	Conflicts []struct {
		Field  string `json:"field"`
		Base   any    `json:"base"`
		Mine   any    `json:"mine"`
		Theirs any    `json:"theirs"`
	} `json:"conflicts"`
	Merged map[string]any `json:"merged"`
}

// Two phones on one draft: a save based on an older version merges field by field with what
// was saved since. One-sided changes merge silently (the response names what arrived); only a
// field both changed differently stops the save, with base, mine and theirs, and the merge of
// everything else to save once chosen. A submitted form is never offered an overwrite.
func TestSubmissionMerge(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		put := func(d wfDoc, version int, values map[string]any) *testenv.Response {
			return w.as("xhzx", http.MethodPut, wfSub(d.ID, ""), map[string]any{"values": values, "version": version})
		}
		get := func(id int64) wfDoc { return wfDecodeDoc(t, w.as("xhzx", http.MethodGet, wfSub(id, ""), nil)) }
		d := w.wfOpen(t, "xhzx", "teacher-training")
		base := w.wfSave(t, "xhzx", d, map[string]any{"payroll_total": "8000000", "training_spend": "100000"})

		t.Run("save-200-merge-different-fields", func(t *testing.T) {
			// Phone A changes the spend; phone B, still on base, adds trainees.
			a := w.wfSave(t, "xhzx", base, map[string]any{"payroll_total": "8000000", "training_spend": "130000"})
			r := put(base, base.Version, map[string]any{"payroll_total": "8000000", "training_spend": "100000", "trainees": 42})
			wfWant(t, r, http.StatusOK, "")
			var got struct {
				wfDoc
				Arrived []string `json:"arrived"`
			}
			r.Decode(t, &got)
			if got.Version != a.Version+1 || got.Values["training_spend"] != "130000.00" || fmt.Sprint(got.Values["trainees"]) != "42" ||
				got.Values["payroll_total"] != "8000000.00" {
				t.Fatalf("merged save lost an edit: version %d (A at %d), values %v", got.Version, a.Version, got.Values)
			}
			if fmt.Sprint(got.Arrived) != "[training_spend]" {
				t.Fatalf("arrived %v; want A's training_spend", got.Arrived)
			}
			// The ratio is computed from the merged values: 130000 / 8000000 = 0.01625, to 4 places.
			if got.Computed["training_ratio"] != "0.0163" {
				t.Fatalf("computed after merge: %v", got.Computed)
			}
			hist, _ := items(t, w.as("xhzx", http.MethodGet, wfSub(d.ID, "/history"), nil))
			if last := hist[len(hist)-1]; last["action"] != "merge" {
				t.Fatalf("the merge is not in the history: %v", last)
			}
			detail := lastAuditDetail(t, w.Env, "submission.save")
			m, _ := detail["merge"].(map[string]any)
			if m == nil || m["base"] != float64(base.Version) || fmt.Sprint(m["arrived"]) != "[training_spend]" {
				t.Fatalf("the audit row does not record the merge: %v", detail)
			}
			base = get(d.ID)
		})

		t.Run("save-200-same-change-both-sides", func(t *testing.T) {
			a := w.wfSave(t, "xhzx", base, map[string]any{"payroll_total": "9000000", "training_spend": "130000", "trainees": 42})
			r := put(base, base.Version, map[string]any{"payroll_total": "9000000", "training_spend": "130000", "trainees": 42})
			wfWant(t, r, http.StatusOK, "")
			if got := wfDecodeDoc(t, r); got.Version != a.Version+1 || got.Values["payroll_total"] != "9000000.00" {
				t.Fatalf("same change: %+v", got)
			}
			base = get(d.ID)
		})

		t.Run("save-200-merge-keeps-a-clear", func(t *testing.T) {
			// A clears trainees; B, on base, changes the spend: both stand.
			w.wfSave(t, "xhzx", base, map[string]any{"payroll_total": "9000000", "training_spend": "130000"})
			r := put(base, base.Version, map[string]any{"payroll_total": "9000000", "training_spend": "140000", "trainees": 42})
			wfWant(t, r, http.StatusOK, "")
			got := wfDecodeDoc(t, r)
			if _, ok := got.Values["trainees"]; ok || got.Values["training_spend"] != "140000.00" {
				t.Fatalf("merge with a cleared field: %v", got.Values)
			}
			base = get(d.ID)
		})

		t.Run("save-409-edit-conflict-same-field-then-choose", func(t *testing.T) {
			a := w.wfSave(t, "xhzx", base, map[string]any{"payroll_total": "9000000", "training_spend": "150000", "trainees": 7})
			r := put(base, base.Version, map[string]any{"payroll_total": "9000000", "training_spend": "160000", "training_hours": "12.5"})
			wfWant(t, r, http.StatusConflict, "edit_conflict")
			var c wfConflict
			r.Decode(t, &c)
			if len(c.Conflicts) != 1 || c.Conflicts[0].Field != "training_spend" || c.Conflicts[0].Base != "140000.00" ||
				c.Conflicts[0].Mine != "160000.00" || c.Conflicts[0].Theirs != "150000.00" {
				t.Fatalf("conflicts %+v; want training_spend base 140000 mine 160000 theirs 150000", c.Conflicts)
			}
			if c.Current.Version != a.Version || c.Merged["training_hours"] != "12.5" || fmt.Sprint(c.Merged["trainees"]) != "7" ||
				c.Merged["training_spend"] != "150000.00" {
				t.Fatalf("merged proposal %v at %d; want B's hours, A's trainees, A's spend until chosen", c.Merged, c.Current.Version)
			}
			if now := get(d.ID); now.Version != a.Version {
				t.Fatalf("a conflicting save changed the submission: version %d", now.Version)
			}
			// B chooses its own spend and saves the merge at the current version.
			c.Merged["training_spend"] = c.Conflicts[0].Mine
			r = put(base, c.Current.Version, c.Merged)
			wfWant(t, r, http.StatusOK, "")
			got := wfDecodeDoc(t, r)
			if got.Values["training_spend"] != "160000.00" || got.Values["training_hours"] != "12.5" || fmt.Sprint(got.Values["trainees"]) != "7" {
				t.Fatalf("after choosing: %v", got.Values)
			}
			base = got
		})

		t.Run("save-409-not-editable-after-submit", func(t *testing.T) {
			stale := base
			cur := w.wfAct(t, "xhzx", d.ID, "submit", map[string]any{"version": base.Version})
			r := put(stale, stale.Version, map[string]any{"payroll_total": "1", "training_spend": "1"})
			wfWant(t, r, http.StatusConflict, "not_editable")
			var p map[string]any
			_ = json.Unmarshal(r.Body, &p)
			if p["merged"] != nil || p["conflicts"] != nil {
				t.Fatalf("a submitted form was offered a merge: %s", r.Body)
			}
			if now := get(d.ID); now.Version != cur.Version || now.Status != "submitted" {
				t.Fatalf("a stale save changed a submitted form: %+v", now)
			}
		})

		t.Run("save-409-stale-unknown-base", func(t *testing.T) {
			d2 := w.wfOpen(t, "xhzx", "sports-arts")
			wfWant(t, put(d2, d2.Version+5, map[string]any{}), http.StatusConflict, "stale_version")
			wfWant(t, put(d2, 0, map[string]any{}), http.StatusConflict, "stale_version")
		})

		t.Run("save-404-other-school-stale", func(t *testing.T) {
			r := w.as("wlzx", http.MethodPut, wfSub(d.ID, ""), map[string]any{"values": map[string]any{}, "version": 1})
			wfWant(t, r, http.StatusNotFound, "")
		})
	})
}
