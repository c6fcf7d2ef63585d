package api_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// TestOrgMoveMovesItsFigures: after a school moves to another town, the town breakdown
// counts its approved data under the new town at once.
func TestOrgMoveMovesItsFigures(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		x, rv, admin := e.Login("xhzx"), e.Login("reviewer"), e.Login("admin")
		r := e.Do(http.MethodPost, "/api/v1/submissions", x, map[string]any{"form": "teacher-training", "period": "2025"})
		path := "/api/v1/submissions/" + strconv.Itoa(int(r.JSON(t)["id"].(float64)))
		e.Do(http.MethodPut, path, x, map[string]any{"version": 1, "values": map[string]any{"payroll_total": "1000000", "training_spend": "20000"}})
		if r = e.Do(http.MethodPost, path+"/submit", x, nil); r.Status != http.StatusOK {
			t.Fatalf("submit: %d %s", r.Status, r.Body)
		}
		if r = e.Do(http.MethodPost, path+"/approve", rv, nil); r.Status != http.StatusOK {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}
		towns := func() map[string]int {
			r := e.Do(http.MethodGet, "/api/v1/indicators/training.spend_ratio?period=2025&group_by=town", admin, nil)
			var d struct {
				Groups []struct {
					Label         string `json:"label"`
					OrgsReporting int    `json:"orgs_reporting"`
				} `json:"groups"`
			}
			r.Decode(t, &d)
			out := map[string]int{}
			for _, g := range d.Groups {
				out[g.Label] = g.OrgsReporting
			}
			return out
		}
		if got := towns(); got["城南街道"] != 1 {
			t.Fatalf("before the move: %v", got)
		}
		r = e.Do(http.MethodPatch, "/api/v1/orgs/"+strconv.FormatInt(e.OrgID("xhzx"), 10), admin,
			map[string]any{"parent_id": e.OrgID("town-zhuoshui")})
		if r.Status != http.StatusOK {
			t.Fatalf("move: %d %s", r.Status, r.Body)
		}
		got := towns()
		if got["城南街道"] != 0 || got["濯水镇"] != 1 {
			t.Fatalf("after the move: %v; want 新华中学 under 濯水镇", got)
		}
	})
}
