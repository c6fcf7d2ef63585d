package api_test

// The tenant-isolation matrix of the rollup endpoints: every demo role, a town leader and a
// town reviewer against the indicator summary, detail, trend and campaign completeness. A
// denied caller gets its status and nothing else; a town caller's bodies name nothing outside
// its town and count only its town's orgs. A school's own users (org_admin, filler) get the own
// view: their org's figures and the district's aggregate, nothing of another org.

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
		r.grant(t, "xhzx-admin", "xhzx", "org_admin")
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
		// A school's own users read their own standing; campaigns stay closed to them.
		own := [6]int{200, 200, 200, 200, 403, 403}
		// Names of orgs and towns holding data; a town caller must see none of the others'.
		names := map[string]string{"xhzx": "新华中学", "wlzx": "武陵中学", "syyey": "实验幼儿园", "czj": "区财政局",
			"城南": "城南街道", "正阳": "正阳街道", "城西": "城西街道"}
		// Each school's own training figures as JSON strings, and the district's sums: the own
		// view of one school must show none of another's, nor the sums the district value hides.
		figures := map[string][]string{"xhzx": {`"10000.5"`, `"1000000"`}, "wlzx": {`"60000"`, `"3000000"`},
			"syyey": {`"5000"`, `"500000"`}, "district": {`"75000.5"`, `"4500000"`}}
		matrix := []struct {
			user    string
			status  [6]int
			foreign []string // keys of names that must not appear in any 200 body
			figures []string // keys of figures that must not appear in any 200 body
			value   string   // training.spend_ratio in the summary and the trend, basis=all ("": not in the summary)
			orgs    int64    // orgs reporting training
			judged  string   // the trend's status: a school below 1.5% settles not_met; else too few reported, or a school judged on its own
		}{
			// District: 75000.5 / 4500000 = 0.01666677… → 0.016667; xhzx (1.00005%) and syyey (1%)
			// are below the 1.5% every school must spend: not_met.
			{user: "admin", status: all(200), value: "0.016667", orgs: 3, judged: "not_met"},
			{user: "reviewer", status: all(200), value: "0.016667", orgs: 3, judged: "not_met"},
			{user: "leader", status: all(200), value: "0.016667", orgs: 3, judged: "not_met"},
			// 城南 holds xhzx, below 1.5%: not_met; 正阳's wlzx passes, 1 of 7: insufficient_data.
			{user: "cn-leader", status: [6]int{200, 200, 200, 200, 200, 404}, foreign: []string{"wlzx", "syyey", "czj", "正阳", "城西"},
				value: "0.010001", orgs: 1, judged: "not_met"},
			{user: "zy-reviewer", status: [6]int{200, 200, 200, 200, 200, 404}, foreign: []string{"xhzx", "syyey", "czj", "城南", "城西"},
				value: "0.02", orgs: 1, judged: "insufficient_data"},
			// Own view: 60,000 / 3,000,000 = 0.02; 10,000.5 / 1,000,000 → 0.010001; 5,000 / 500,000 = 0.01.
			{user: "wlzx", status: own, foreign: []string{"xhzx", "syyey", "czj", "城南", "城西"},
				figures: []string{"xhzx", "syyey", "district"}, value: "0.02", orgs: 1, judged: "met"},
			{user: "xhzx", status: own, foreign: []string{"wlzx", "syyey", "czj", "正阳", "城西"},
				figures: []string{"wlzx", "syyey", "district"}, value: "0.010001", orgs: 1, judged: "not_met"},
			{user: "xhzx-admin", status: own, foreign: []string{"wlzx", "syyey", "czj", "正阳", "城西"},
				figures: []string{"wlzx", "syyey", "district"}, value: "0.010001", orgs: 1, judged: "not_met"},
			{user: "syyey", status: own, foreign: []string{"xhzx", "wlzx", "czj", "城南", "正阳"},
				figures: []string{"xhzx", "wlzx", "district"}, value: "0.01", orgs: 1, judged: "not_met"},
			// A department fills neither teacher training nor family-school: those are not its
			// indicators (404), and its summary lists only the targets it reports on.
			{user: "czj", status: [6]int{200, 404, 404, 404, 403, 403}, foreign: []string{"xhzx", "wlzx", "syyey", "城南", "正阳", "城西"},
				figures: []string{"xhzx", "wlzx", "syyey", "district"}},
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
						for _, k := range m.figures {
							for _, f := range figures[k] {
								if strings.Contains(body, f) {
									t.Errorf("%s: body shows %s's figure %s", ep.name, k, f)
								}
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
				s := r.summary(t, m.user, "period=2025&basis=all")
				if m.value == "" {
					for _, in := range s.Items {
						if in.Code == "training.spend_ratio" || in.Code == "family.parent_school" {
							t.Errorf("summary lists %s, which %s does not report", in.Code, m.user)
						}
					}
					return
				}
				in := s.item(t, "training.spend_ratio")
				rlDec(t, "summary value", in.Value, m.value)
				if in.OrgsReporting != m.orgs {
					t.Errorf("summary orgs_reporting: want %d, got %d", m.orgs, in.OrgsReporting)
				}
				rlWantPoints(t, "trend", r.trend(t, m.user, "training.spend_ratio", "?basis=all"), rlPoint{"2025", sp(m.value), m.judged})
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
			// A leader's view is the subtree one: every indicator, every school, no district object.
			var s struct {
				View  string `json:"view"`
				Items []struct {
					Code     string `json:"code"`
					District *struct {
						Value *string `json:"value"`
					} `json:"district"`
				} `json:"items"`
			}
			r.as(t, "leader", http.MethodGet, eps[0].path, nil).Decode(t, &s)
			if s.View != "subtree" || len(s.Items) != len(r.App.Rollup.Indicators()) {
				t.Errorf("leader: want the subtree view of all %d indicators, got %s with %d", len(r.App.Rollup.Indicators()), s.View, len(s.Items))
			}
			for _, in := range s.Items {
				if in.District != nil {
					t.Errorf("leader %s: want no district object in the subtree view", in.Code)
				}
			}
			d := r.detail(t, "leader", "training.spend_ratio", "period=2025&basis=all&group_by=org")
			if len(d.Groups) != 3 || len(d.FailingOrgs) != 2 {
				t.Errorf("leader: want 3 schools and 2 failing, got %d and %d", len(d.Groups), len(d.FailingOrgs))
			}
		})

		// The own view of 新华中学, for its filler and its org_admin alike.
		for _, user := range []string{"xhzx", "xhzx-admin"} {
			t.Run("rollup-isolation-own-view-"+user, func(t *testing.T) {
				res := r.as(t, user, http.MethodGet, "/api/v1/indicators?period=2025&basis=all", nil)
				wantStatus(t, res, http.StatusOK)
				var s struct {
					View  string `json:"view"`
					Items []struct {
						rlIndicator
						Status   *string `json:"status"`
						District *struct {
							Value    *string `json:"value"`
							Status   string  `json:"status"`
							Reported int64   `json:"reported"`
							Expected int64   `json:"expected"`
						} `json:"district"`
					} `json:"items"`
				}
				res.Decode(t, &s)
				if s.View != "own" {
					t.Errorf("want the own view, got %q", s.View)
				}
				byCode := map[string]int{}
				for i, in := range s.Items {
					byCode[in.Code] = i
					if in.District == nil {
						t.Errorf("%s: want the district's aggregate beside the school's own", in.Code)
					}
				}
				// Only what applies to a senior high school: no kindergarten, compulsory-school,
				// vocational, bureau, department or builders' targets.
				for _, code := range []string{"training.spend_ratio", "family.parent_school", "sports.specialist_schools", "senior.top_university", "health.mental_teachers"} {
					if _, ok := byCode[code]; !ok {
						t.Errorf("own summary lacks %s, which applies to a senior high school", code)
					}
				}
				for _, code := range []string{"preschool.puhui_coverage", "compulsory.class_size_ok", "vocational.enrolment",
					"cooperation.projects", "teachers.pay_parity", "preschool.new_seats"} {
					if _, ok := byCode[code]; ok {
						t.Errorf("own summary lists %s, which does not apply to a senior high school", code)
					}
				}
				want := func(code, value, num, den, status, gap string, pass, fail int64, dValue, dStatus string, dReported, dExpected int64) {
					t.Helper()
					i, ok := byCode[code]
					if !ok {
						t.Fatalf("own summary lacks %s", code)
					}
					in := s.Items[i]
					rlDec(t, code+" value", in.Value, value)
					rlDec(t, code+" numerator", in.Numerator, num)
					rlDec(t, code+" denominator", in.Denominator, den)
					rlDec(t, code+" gap", in.Gap, gap)
					if deref(in.Status) != status {
						t.Errorf("%s status: want %s, got %s", code, status, deref(in.Status))
					}
					if in.Reported != 1 || in.Expected != 1 {
						t.Errorf("%s: want the school's own 1 of 1, got %d of %d", code, in.Reported, in.Expected)
					}
					if pass+fail > 0 && (in.PerOrg == nil || in.PerOrg.Passing != pass || in.PerOrg.Failing != fail) {
						t.Errorf("%s per_org: want %d/%d, got %+v", code, pass, fail, in.PerOrg)
					}
					d := in.District
					rlDec(t, code+" district value", d.Value, dValue)
					if d.Status != dStatus || d.Reported != dReported || d.Expected != dExpected {
						t.Errorf("%s district: want %s, %d of %d, got %s, %d of %d", code, dStatus, dReported, dExpected, d.Status, d.Reported, d.Expected)
					}
				}
				// Training: its own 10,000.5 / 1,000,000 → 0.010001 fails its 1.5%, 0.015 − 0.0100005 = 0.0049995 short;
				// the district 75,000.5 / 4,500,000 → 0.016667, 3 of 71 reported, two schools below: not_met.
				want("training.spend_ratio", "0.010001", "10000.5", "1000000", "not_met", "0.0049995", 0, 1,
					"0.016667", "not_met", 3, rlDistrictSchools)
				// Parent school: none at xhzx, 0 of 1, 1 short; the district 1 (wlzx) of 70, and a
				// school without one already misses "every school": not_met.
				want("family.parent_school", "0", "0", "1", "not_met", "1", 0, 1, "0.014286", "not_met", 3, rlSchoolsAndKgs)
				// Parent committee: 1 of 1, met; the district 3 / 70 = 0.0428571… → 0.042857.
				want("family.parent_committee", "1", "1", "1", "met", "0", 1, 0, "0.042857", "insufficient_data", 3, rlSchoolsAndKgs)
				// A district count the school only contributes to: its own status is null.
				if i := byCode["sports.specialist_schools"]; s.Items[i].Status != nil || s.Items[i].Judged != "district" {
					t.Errorf("sports.specialist_schools: want no own verdict on a district count, got %s (%s)", deref(s.Items[i].Status), s.Items[i].Judged)
				}

				// Detail and trend stay on the school, whatever org another parameter names.
				wl, zy := oid(t, r.Env, "wlzx"), oid(t, r.Env, "town-zhengyang")
				foreign := fmt.Sprintf("&org=wlzx&org_id=%d&town=town-zhengyang&town_id=%d&scope=/", wl, zy)
				for _, q := range []string{"", foreign} {
					d := r.detail(t, user, "training.spend_ratio", "period=2025&basis=all&group_by=org"+q)
					rlWantGroups(t, d.Groups, map[string]rlGroup{
						"新华中学": {Value: sp("0.010001"), Status: rlNotMet, OrgsReporting: 1, OrgsExpected: 1},
					}, nil)
					rlWantFailing(t, d.FailingOrgs, [3]string{"xhzx", "城南街道", "0.0100005"})
					if len(d.MissingOrgs) != 0 {
						t.Errorf("missing_orgs: want none (the school reported), got %+v", d.MissingOrgs)
					}
					d = r.detail(t, user, "family.parent_school", "period=2025&basis=all&group_by=town"+q)
					rlWantGroups(t, d.Groups, map[string]rlGroup{
						"城南街道": {Value: sp("0"), Numerator: sp("0"), Denominator: sp("1"), Status: rlNotMet, OrgsReporting: 1, OrgsExpected: 1},
					}, nil)
					in := r.summary(t, user, "period=2025&basis=all"+q).item(t, "training.spend_ratio")
					rlDec(t, "summary with "+q, in.Value, "0.010001")
					rlWantPoints(t, "trend with "+q, r.trend(t, user, "training.spend_ratio", "?basis=all"+q), rlPoint{"2025", sp("0.010001"), "not_met"})
				}
				// An org's code where an indicator's belongs is no indicator; nor is one that does
				// not apply to the school.
				for _, p := range []string{"/indicators/wlzx?period=2025", "/indicators/wlzx/trend",
					"/indicators/preschool.puhui_coverage?period=2025", "/indicators/preschool.puhui_coverage/trend"} {
					wantProblem(t, r.as(t, user, http.MethodGet, "/api/v1"+p, nil), http.StatusNotFound, "not_found")
				}
				// The campaigns and the indicator export stay with reviewers and leaders.
				wantProblem(t, r.as(t, user, http.MethodGet, "/api/v1/exports/indicators.csv?period=2025", nil), http.StatusForbidden, "forbidden")
			})
		}

		// Without any role nobody sees anything.
		t.Run("rollup-isolation-no-role", func(t *testing.T) {
			createUser(t, r.Env, r.tok(t, "admin"), "norole", "xhzx", "")
			r.mu.Lock()
			r.pw["norole"] = "Fixture@2025!"
			r.mu.Unlock()
			for _, ep := range eps {
				wantProblem(t, r.as(t, "norole", http.MethodGet, ep.path, nil), http.StatusForbidden, "forbidden")
			}
		})
	})
}
