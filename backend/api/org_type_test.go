package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// TestOrgTypeAndOwnership: an org's type and ownership are set at creation and changed with
// PATCH; a type change moves the org's approved figures to its new type group at once (the same
// recount an org move runs, in the change's transaction), and each change is audited with its
// before and after. Nobody but an org writer can change either.
func TestOrgTypeAndOwnership(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		admin := e.Login("admin")
		x, rv := e.Login("xhzx"), e.Login("reviewer")
		r := e.Do(http.MethodPost, "/api/v1/submissions", x, map[string]any{"form": "teacher-training", "period": "2025"})
		sub := fmt.Sprintf("/api/v1/submissions/%d", id(t, r.JSON(t), "id"))
		wantStatus(t, e.Do(http.MethodPut, sub, x, map[string]any{"version": 1, "values": map[string]any{"payroll_total": "1000000", "training_spend": "20000"}}), 200)
		wantStatus(t, e.Do(http.MethodPost, sub+"/submit", x, nil), 200)
		wantStatus(t, e.Do(http.MethodPost, sub+"/approve", rv, nil), 200)

		// byType is the number of orgs reporting per org-type group, for 城南 only.
		byType := func() map[string]int {
			r := e.Do(http.MethodGet, fmt.Sprintf("/api/v1/indicators/training.spend_ratio?period=2025&group_by=org_type&org_id=%d",
				e.OrgID("town-chengnan")), admin, nil)
			wantStatus(t, r, http.StatusOK)
			var d struct {
				Groups []struct {
					Key           string `json:"key"`
					Label         string `json:"label"`
					OrgsReporting int    `json:"orgs_reporting"`
				} `json:"groups"`
			}
			r.Decode(t, &d)
			out := map[string]int{}
			for _, g := range d.Groups {
				out[g.Key+"|"+g.Label] += g.OrgsReporting
			}
			return out
		}
		reporting := func(m map[string]int, ty string) int {
			n := 0
			for k, v := range m {
				if strings.HasPrefix(k, ty+"|") || strings.HasSuffix(k, "|"+ty) {
					n += v
				}
			}
			return n
		}
		path := fmt.Sprintf("/api/v1/orgs/%d", e.OrgID("xhzx"))

		t.Run("org-type-200-figures-follow-the-type", func(t *testing.T) {
			before := byType()
			seniorBefore, cmBefore := reporting(before, "senior"), reporting(before, "complete_middle")
			if seniorBefore < 1 {
				t.Fatalf("before: %v, want 新华中学 among senior schools", before)
			}
			audits := auditCount(t, e, "org.update")
			r := e.Do(http.MethodPatch, path, admin, map[string]any{"type": "complete_middle"})
			wantStatus(t, r, http.StatusOK)
			if o := r.JSON(t); o["type"] != "complete_middle" {
				t.Fatalf("patched: %s", r.Body)
			}
			after := byType()
			if reporting(after, "senior") != seniorBefore-1 || reporting(after, "complete_middle") != cmBefore+1 {
				t.Fatalf("after the type change: %v (before %v)", after, before)
			}
			if n := auditCount(t, e, "org.update"); n != audits+1 {
				t.Fatalf("org.update rows %d → %d", audits, n)
			}
			var detail string
			e.App.DB.Table("audit_log").Where("action = ?", "org.update").Order("id DESC").Limit(1).Pluck("detail", &detail)
			if !strings.Contains(detail, "senior") || !strings.Contains(detail, "complete_middle") {
				t.Fatalf("audit detail %s: want the type before and after", detail)
			}
		})

		t.Run("org-ownership-200-audited", func(t *testing.T) {
			r := e.Do(http.MethodPatch, path, admin, map[string]any{"ownership": "private"})
			wantStatus(t, r, http.StatusOK)
			if o := orgByID(t, e, admin, e.OrgID("xhzx")); o["ownership"] != "private" {
				t.Fatalf("ownership: %v", o["ownership"])
			}
			var detail string
			e.App.DB.Table("audit_log").Where("action = ?", "org.update").Order("id DESC").Limit(1).Pluck("detail", &detail)
			if !strings.Contains(detail, "private") || !strings.Contains(detail, "public") {
				t.Fatalf("audit detail %s", detail)
			}
		})

		t.Run("org-create-201-private-with-type", func(t *testing.T) {
			r := e.Do(http.MethodPost, "/api/v1/orgs", admin, map[string]any{"parent_id": e.OrgID("town-chengnan"), "code": "mb-yey",
				"name": "民办幼儿园", "type": "kindergarten", "ownership": "private"})
			wantStatus(t, r, http.StatusCreated)
			if o := r.JSON(t); o["ownership"] != "private" || o["type"] != "kindergarten" {
				t.Fatalf("created: %s", r.Body)
			}
		})

		t.Run("org-type-422-bad-values", func(t *testing.T) {
			p := wantProblem(t, e.Do(http.MethodPatch, path, admin, map[string]any{"type": "castle", "ownership": "mixed"}), 422, "validation")
			wantFields(t, p, map[string]string{"type": "invalid_org_type", "ownership": "invalid_ownership"})
		})

		for _, c := range []struct {
			name, user string
			status     int
		}{
			{"org-type-403-org-admin", "wlzx", http.StatusForbidden},
			{"org-type-403-filler", "xhzx", http.StatusForbidden},
			{"org-type-403-reviewer", "reviewer", http.StatusForbidden},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := orgByID(t, e, admin, e.OrgID("xhzx"))
				r := e.Do(http.MethodPatch, path, e.Login(c.user), map[string]any{"type": "senior", "ownership": "public"})
				wantStatus(t, r, c.status)
				if after := orgByID(t, e, admin, e.OrgID("xhzx")); after["type"] != before["type"] || after["ownership"] != before["ownership"] {
					t.Fatalf("%s changed the org: %v → %v", c.user, before, after)
				}
			})
		}
	})
}
