package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// TestNoticeCandidates: a reviewer is offered, as reasons for a notice, the data tasks past their
// deadline not handed in and the returned forms untouched for N days (7 by default), only within
// its subtree: the bureau's reviewer sees the district's, a reviewer of one school that school's
// alone; a clerk gets 403, bad days 422.
func TestNoticeCandidates(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		m := newMeasureEnv(t, kind)
		e := m.e
		schoolReviewer := unitUser(t, e, "wlzx-reviewer", "wlzx", "reviewer")
		// xhzx opens its teacher-training draft; the reviewer returns it (set here as the state a
		// return leaves), and nobody touches it for ten days.
		r := e.Do(http.MethodPost, "/api/v1/submissions", m.xhzx, map[string]any{"form": "teacher-training", "period": "2025"})
		if r.Status != http.StatusOK && r.Status != http.StatusCreated {
			t.Fatalf("open draft: %d %s", r.Status, r.Body)
		}
		sid := int64(r.JSON(t)["id"].(float64))
		if err := e.App.DB.Exec("UPDATE submissions SET status = ?, updated_at = ? WHERE id = ?", "returned", e.Clock.Now(), sid).Error; err != nil {
			t.Fatal(err)
		}
		list := func(token, query string, want int) []map[string]any {
			t.Helper()
			r := e.Do(http.MethodGet, "/api/v1/notices/candidates"+query, token, nil)
			wantStatus(t, r, want)
			if want != http.StatusOK {
				return nil
			}
			out := []map[string]any{}
			for _, it := range r.JSON(t)["items"].([]any) {
				out = append(out, it.(map[string]any))
			}
			return out
		}
		count := func(cs []map[string]any, reason, org string) int {
			n := 0
			for _, c := range cs {
				if c["reason"] == reason && (org == "" || c["org_code"] == org) {
					n++
				}
			}
			return n
		}
		t.Run("candidates-200-none-before-deadline", func(t *testing.T) {
			if cs := list(m.reviewer, "", http.StatusOK); count(cs, "returned_untouched", "") != 0 {
				t.Fatalf("a return of today is no candidate: %v", cs)
			}
		})
		e.Clock.Advance(400 * 24 * time.Hour) // every campaign's deadline has passed; tokens too
		m.reviewer, m.xhzx, m.leader = e.Login("reviewer"), e.Login("xhzx"), e.Login("leader")
		schoolReviewer = e.Login("wlzx-reviewer")
		t.Run("candidates-200-district", func(t *testing.T) {
			cs := list(m.reviewer, "", http.StatusOK)
			if count(cs, "returned_untouched", "xhzx") != 1 || count(cs, "task_overdue", "wlzx") == 0 || count(cs, "task_overdue", "xhzx") == 0 {
				t.Fatalf("district candidates: %d items, %d returned", len(cs), count(cs, "returned_untouched", ""))
			}
			for _, c := range cs {
				if c["reason"] == "returned_untouched" && (int64(c["submission_id"].(float64)) != sid || c["days"].(float64) < 400 ||
					c["form_code"] != "teacher-training" || c["period"] != "2025") {
					t.Fatalf("the returned form: %v", c)
				}
			}
		})
		t.Run("candidates-200-days-longer-than-the-lapse", func(t *testing.T) {
			if cs := list(m.reviewer, "?days=365", http.StatusOK); count(cs, "returned_untouched", "") != 1 {
				t.Fatalf("400 days untouched is more than 365: %v", count(cs, "returned_untouched", ""))
			}
		})
		t.Run("candidates-200-school-reviewer-own-subtree", func(t *testing.T) {
			cs := list(schoolReviewer, "", http.StatusOK)
			if len(cs) == 0 {
				t.Fatal("the school's own overdue tasks are missing")
			}
			var others []string
			for _, c := range cs {
				if c["org_code"] != "wlzx" {
					others = append(others, fmt.Sprint(c["org_code"]))
				}
			}
			if len(others) > 0 {
				t.Fatalf("a school's reviewer sees other orgs: %s", strings.Join(others, ","))
			}
		})
		t.Run("candidates-403-clerk", func(t *testing.T) { list(m.xhzx, "", http.StatusForbidden) })
		t.Run("candidates-403-leader", func(t *testing.T) { list(m.leader, "", http.StatusForbidden) })
		t.Run("candidates-403-no-role", func(t *testing.T) { list(unitUser(t, e, "no-role-cand", "czj"), "", http.StatusForbidden) })
		t.Run("candidates-422-days", func(t *testing.T) {
			wantFields(t, wantProblem(t, e.Do(http.MethodGet, "/api/v1/notices/candidates?days=1000", m.reviewer, nil), 422, "validation"),
				map[string]string{"days": "out_of_range"})
		})
	})
}
