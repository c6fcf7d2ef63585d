package api_test

// The tenant-isolation matrix of the rollup endpoints: every demo role, a town leader and a
// town reviewer against the indicator summary, detail, trend and campaign completeness. A
// denied caller gets its status and nothing else; a town caller's bodies name nothing outside
// its town and count only its town's orgs.

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

func TestRollupIsolation(t *testing.T) {
	t.Parallel()
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		r := rlNew(t, kind)
		// Data in three towns, submitted or approved (basis=all counts both).
		r.train(t, "xhzx", "1000000.00", "10000.50", "submitted") // 城南, fails the 1.5% check
		r.train(t, "wlzx", "3000000.00", "60000.00", "approved")  // 正阳
		r.train(t, "syyey", "500000.00", "5000.00", "submitted")  // 城西, fails
		for _, o := range []string{"xhzx", "wlzx", "syyey"} {
			r.fill(t, o, "family-school", "2025", map[string]any{"has_parent_school": o == "wlzx", "has_parent_committee": true}, "submitted")
		}
		// czj has not started its finance task, so the district's completeness names it as missing.
		r.grant(t, "cn-leader", "town-chengnan", "leader")
		r.grant(t, "zy-reviewer", "town-zhengyang", "reviewer")
		tt, _ := r.campaignID(t, "teacher-training", "2025")
		fin, _ := r.campaignID(t, "finance", "2025")

		type endpoint struct{ name, path string }
		eps := []endpoint{
			{"summary", "/api/v1/indicators?period=2025&basis=all"},
			{"detail-by-org", "/api/v1/indicators/training.spend_ratio?period=2025&basis=all&group_by=org"},
			{"detail-by-town", "/api/v1/indicators/family.parent_school?period=2025&basis=all&group_by=town"},
			{"trend", "/api/v1/indicators/training.spend_ratio/trend?basis=all"},
			{"completeness", fmt.Sprintf("/api/v1/campaigns/%d/completeness", tt)},
			{"completeness-finance", fmt.Sprintf("/api/v1/campaigns/%d/completeness", fin)},
		}
		all := func(s int) [6]int { return [6]int{s, s, s, s, s, s} }
		// Names of orgs and towns holding data; a town caller must see none of the others'.
		names := map[string]string{"xhzx": "新华中学", "wlzx": "武陵中学", "syyey": "实验幼儿园", "czj": "区财政局",
			"城南": "城南街道", "正阳": "正阳街道", "城西": "城西街道"}
		matrix := []struct {
			user    string
			status  [6]int
			foreign []string // keys of names that must not appear in any 200 body
			value   string   // training.spend_ratio in the summary and the trend, basis=all
			orgs    int64    // orgs reporting training
		}{
			// District: 75000.5 / 4500000 = 0.01666677… → 0.016667.
			{user: "admin", status: all(200), value: "0.016667", orgs: 3},
			{user: "reviewer", status: all(200), value: "0.016667", orgs: 3},
			{user: "leader", status: all(200), value: "0.016667", orgs: 3},
			{user: "cn-leader", status: [6]int{200, 200, 200, 200, 200, 404}, foreign: []string{"wlzx", "syyey", "czj", "正阳", "城西"},
				value: "0.010001", orgs: 1},
			{user: "zy-reviewer", status: [6]int{200, 200, 200, 200, 200, 404}, foreign: []string{"xhzx", "syyey", "czj", "城南", "城西"},
				value: "0.02", orgs: 1},
			{user: "wlzx", status: all(403)},
			{user: "xhzx", status: all(403)},
			{user: "syyey", status: all(403)},
			{user: "czj", status: all(403)},
			{user: "", status: all(401)},
		}
		for _, m := range matrix {
			name := m.user
			if name == "" {
				name = "anonymous"
			}
			t.Run("rollup-isolation-"+name, func(t *testing.T) {
				for i, ep := range eps {
					res := r.as(t, m.user, http.MethodGet, ep.path, nil)
					if res.Status != m.status[i] {
						t.Errorf("%s: want %d, got %d %.300s", ep.name, m.status[i], res.Status, res.Body)
						continue
					}
					body := string(res.Body)
					switch res.Status {
					case 200:
						// The plan's own wording names schools and departments (新华中学教学综合楼,
						// 区财政局): only the figures and the names the data put there count.
						body = rlFigures(t, r, res.Body)
						for _, k := range m.foreign {
							if strings.Contains(body, names[k]) {
								t.Errorf("%s: body names %s outside the caller's town", ep.name, names[k])
							}
						}
					case 401, 403, 404:
						// A refusal carries the problem and nothing of the data.
						for _, n := range names {
							if strings.Contains(body, n) {
								t.Errorf("%s: refusal body names %s", ep.name, n)
							}
						}
						if strings.Contains(body, "training.spend_ratio\",") || strings.Contains(body, "\"value\"") {
							t.Errorf("%s: refusal body carries indicator data: %s", ep.name, body)
						}
					}
				}
				if m.status[0] != 200 {
					return
				}
				in := r.summary(t, m.user, "period=2025&basis=all").item(t, "training.spend_ratio")
				rlDec(t, "summary value", in.Value, m.value)
				if in.OrgsReporting != m.orgs {
					t.Errorf("summary orgs_reporting: want %d, got %d", m.orgs, in.OrgsReporting)
				}
				res := r.as(t, m.user, http.MethodGet, eps[3].path, nil)
				var tr struct {
					Points []rlPoint `json:"points"`
				}
				res.Decode(t, &tr)
				if len(tr.Points) != 1 || tr.Points[0].Period != "2025" {
					t.Fatalf("trend: want one 2025 point, got %+v", tr.Points)
				}
				rlDec(t, "trend value", tr.Points[0].Value, m.value)
			})
		}

		// The leak check can fail: the district's bodies name every town and school with data.
		t.Run("rollup-isolation-district-sees-all", func(t *testing.T) {
			body := string(r.as(t, "leader", http.MethodGet, eps[1].path, nil).Body) +
				string(r.as(t, "leader", http.MethodGet, eps[2].path, nil).Body) +
				string(r.as(t, "leader", http.MethodGet, eps[5].path, nil).Body)
			for k, n := range names {
				if !strings.Contains(body, n) {
					t.Errorf("district bodies do not name %s (%s)", n, k)
				}
			}
		})
	})
}
