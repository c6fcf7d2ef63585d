package api_test

// Scenario tests of the plan's meaning through the API (issue 9): coverage divides by the orgs
// expected, a per-school check on exact decimals fails a school everywhere it is shown, and the
// sums stay exact at the largest amounts a form accepts. Every figure is worked out by hand in
// the comment above it; the org counts are the hand counts in indicators_test.go.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// TestIndicatorPlan runs the plan scenarios on every database.
func TestIndicatorPlan(t *testing.T) {
	t.Parallel()
	scenarios := []struct {
		name string
		run  func(t *testing.T, r *rlEnv)
	}{
		{"indicator-coverage-5-of-70-insufficient", func(t *testing.T, r *rlEnv) {
			// Five 中小学幼儿园 have a parent committee; so does the vocational school, which the
			// plan's “中小学幼儿园” does not cover.
			reported := []string{"xhzx", "wlzx", "cnxx", "syyey", "rmxx"}
			for _, o := range append(reported, "zjzx") {
				r.fill(t, o, "family-school", "2025", map[string]any{"has_parent_school": true, "has_parent_committee": true}, "approved")
			}
			// 5 of the 70 expected, not 5 of 5: 5 / 70 = 0.0714285… → 0.071429, completeness
			// 0.0714, below min_completeness 1: insufficient_data, with no gap.
			want := rlWant{value: "0.071429", num: "5", den: "70", status: "insufficient_data", reporting: 5,
				expected: rlSchoolsAndKgs, perOrg: po(5, 0)}
			in := r.summary(t, "leader", "period=2025").item(t, "family.parent_committee")
			want.check(t, in)
			rlDec(t, "completeness", in.Completeness, "0.0714")
			if in.MinCompleteness != "1" || !in.EveryOrg || in.AppliesTo != "schools_and_kindergartens" || in.Judged != "each" {
				t.Errorf("definition: want min_completeness 1, every_org, schools_and_kindergartens, judged each; got %s %v %s %s",
					in.MinCompleteness, in.EveryOrg, in.AppliesTo, in.Judged)
			}
			d := r.detail(t, "leader", "family.parent_committee", "period=2025&group_by=town")
			want.check(t, d.rlIndicator)
			// 70 − 5 = 65 still owe it; zjzx is neither counted nor owed.
			rlWantMissing(t, d.MissingOrgs, rlSchoolsAndKgs-5, rlTypesSchoolsAndKgs, append(reported, "zjzx")...)
			if len(d.FailingOrgs) != 0 {
				t.Errorf("nobody reported without a committee: want no failing orgs, got %+v", d.FailingOrgs)
			}
			// Each town with data is judged against its own expected orgs, and none is complete:
			// 城南 xhzx, cnxx of 5 = 0.4; 正阳 wlzx of 6 (zyyey, wlxx, xcxx, qgxx, wlzx, 育才中学)
			// = 0.1666… → 0.166667; 城西 syyey, rmxx of 6 = 0.3333… → 0.333333.
			rlWantGroups(t, d.Groups, map[string]rlGroup{
				"城南街道": {Value: sp("0.4"), Numerator: sp("2"), Denominator: sp("5"), Status: rlInsuff, OrgsReporting: 2, OrgsExpected: 5},
				"正阳街道": {Value: sp("0.166667"), Numerator: sp("1"), Denominator: sp("6"), Status: rlInsuff, OrgsReporting: 1, OrgsExpected: 6},
				"城西街道": {Value: sp("0.333333"), Numerator: sp("2"), Denominator: sp("6"), Status: rlInsuff, OrgsReporting: 2, OrgsExpected: 6},
			}, nil)
		}},
		{"indicator-training-14950-fails-everywhere", func(t *testing.T, r *rlEnv) {
			// All six of 城东 report 1,000,000 of payroll; wtxx spends 14,950 (1.495%), the others
			// 20,000 (2%).
			var wtxx int64
			for _, o := range []string{"flyey", "wtxx", "syzx", "mzzx", "tjxx", "chengdong-xiaoxingxing-yey"} {
				spend := "20000.00"
				if o == "wtxx" {
					spend = "14950.00"
				}
				sub := r.train(t, o, "1000000.00", spend, "approved")
				if o == "wtxx" {
					wtxx = sub
				}
			}
			r.grant(t, "cd-leader", "town-chengdong", "leader")
			// 城东: (5 × 20,000 + 14,950) / 6,000,000 = 114,950 / 6,000,000 = 0.0191583… → 0.019158,
			// 6 of 6: the town is above 1.5%, but 14,950 < 0.015 × 1,000,000 = 15,000, and the plan
			// sets 1.5% for every school: not met.
			town := rlWant{value: "0.019158", num: "114950", den: "6000000", status: "not_met", reporting: 6, expected: 6,
				perOrg: po(5, 1)}
			town.check(t, r.summary(t, "cd-leader", "period=2025").item(t, "training.spend_ratio"))
			// The district counts the same failure: 6 of 71 reported, but one school below 1.5%
			// settles "every school": not_met.
			rlWant{value: "0.019158", num: "114950", den: "6000000", status: "not_met", reporting: 6,
				expected: rlDistrictSchools, perOrg: po(5, 1)}.
				check(t, r.summary(t, "leader", "period=2025").item(t, "training.spend_ratio"))
			// 14,950 / 1,000,000 = 0.01495 exactly, never rounded up to 0.0150.
			for _, user := range []string{"cd-leader", "leader"} {
				d := r.detail(t, user, "training.spend_ratio", "period=2025&group_by=org")
				rlWantFailing(t, d.FailingOrgs, [3]string{"wtxx", "城东街道", "0.01495"})
				var notMet []string
				for _, g := range d.Groups {
					switch deref(g.Status) {
					case "not_met":
						notMet = append(notMet, g.Label)
						rlDec(t, user+" "+g.Label+" value", g.Value, "0.01495")
					case "met":
						rlDec(t, user+" "+g.Label+" value", g.Value, "0.02")
					default:
						t.Errorf("%s %s: a school is judged by its own check, got %s", user, g.Label, deref(g.Status))
					}
				}
				if len(d.Groups) != 6 || len(notMet) != 1 || notMet[0] != "万涛小学" {
					t.Errorf("%s: want 6 schools with only 万涛小学 not met, got %d groups, not met %v", user, len(d.Groups), notMet)
				}
			}
			d := r.detail(t, "cd-leader", "training.spend_ratio", "period=2025&group_by=town")
			rlWantGroups(t, d.Groups, map[string]rlGroup{
				"城东街道": {Value: sp("0.019158"), Status: rlNotMet, OrgsReporting: 6, OrgsExpected: 6},
			}, nil)
			// wtxx corrects its spend to exactly 1.5% (15,000 >= 0.015 × 1,000,000): (5 × 20,000 +
			// 15,000) / 6,000,000 = 115,000 / 6,000,000 = 0.0191666… → 0.019167, every school
			// passes, the town is met.
			wantStatus(t, r.as(t, "reviewer", http.MethodPost, fmt.Sprintf("/api/v1/submissions/%d/reopen", wtxx),
				map[string]any{"comment": "培训经费请核实"}), http.StatusOK)
			r.train(t, "wtxx", "1000000.00", "15000.00", "approved")
			rlWant{value: "0.019167", num: "115000", den: "6000000", gap: "0", status: "met", reporting: 6, expected: 6, perOrg: po(6, 0)}.
				check(t, r.summary(t, "cd-leader", "period=2025").item(t, "training.spend_ratio"))
			if d := r.detail(t, "cd-leader", "training.spend_ratio", "period=2025&group_by=org"); len(d.FailingOrgs) != 0 {
				t.Errorf("after the correction: want nobody failing, got %+v", d.FailingOrgs)
			}
		}},
		{"indicator-overflow-200-orgs-at-max", func(t *testing.T, r *rlEnv) {
			// A town of 200 primary schools, imported through the API, given their teacher-training
			// tasks by the open 2025 campaign.
			var csv strings.Builder
			csv.WriteString("编码,名称,类型,上级编码,性质\novf-town,溢出镇,town,qjjw,\n")
			for i := 1; i <= 200; i++ {
				fmt.Fprintf(&csv, "ovf-%03d,溢出镇第%d小学,primary,ovf-town,public\n", i, i)
			}
			body, ct := multipartBody(t, nil, "orgs.csv", []byte(csv.String()))
			res := raw(r.Env, http.MethodPost, "/api/v1/imports/orgs", ct, string(body),
				map[string]string{"Authorization": "Bearer " + r.tok(t, "admin")}, "")
			wantStatus(t, res, http.StatusCreated)
			cid, _ := r.campaignID(t, "teacher-training", "2025")
			n, err := r.App.Campaigns.AddTasks(context.Background(), r.p.UserID, r.sc, cid)
			if err != nil || n != 200 {
				t.Fatalf("add tasks: want 200, got %d %v", n, err)
			}
			// Every school at the largest amount a money field takes, 10^12, for payroll and (a
			// valid 100%) training spend alike.
			const maxMoney = "1000000000000.00"
			for i := 1; i <= 200; i++ {
				r.train(t, fmt.Sprintf("ovf-%03d", i), maxMoney, maxMoney, "approved")
			}
			r.grant(t, "ovf-leader", "ovf-town", "leader")
			// 200 × 10^12 = 200,000,000,000,000 on both sides, exactly, ratio 1. (One int64 of
			// amount × 10^4 would wrap at 922 such schools: 9.22 × 10^18 / 10^16; the hi/lo pairs
			// hold any count.)
			const sum = "200000000000000"
			// The town: 200 of 200, every school passing: met.
			rlWant{value: "1", num: sum, den: sum, gap: "0", status: "met", reporting: 200, expected: 200, perOrg: po(200, 0)}.
				check(t, r.summary(t, "ovf-leader", "period=2025").item(t, "training.spend_ratio"))
			// The district: 71 + 200 = 271 expected, 200 reported.
			rlWant{value: "1", num: sum, den: sum, status: "insufficient_data", reporting: 200, expected: rlDistrictSchools + 200,
				perOrg: po(200, 0)}.check(t, r.summary(t, "leader", "period=2025").item(t, "training.spend_ratio"))
			d := r.detail(t, "leader", "training.spend_ratio", "period=2025&group_by=org")
			if len(d.Groups) != 200 {
				t.Fatalf("want 200 schools, got %d", len(d.Groups))
			}
			for _, g := range d.Groups {
				if deref(g.Status) != "met" || deref(g.Numerator) != "1000000000000" || deref(g.Denominator) != "1000000000000" {
					t.Errorf("%s: want 10^12 / 10^12 met, got %s / %s %s", g.Label, deref(g.Numerator), deref(g.Denominator), deref(g.Status))
				}
			}
			d = r.detail(t, "leader", "training.spend_ratio", "period=2025&group_by=town")
			rlWantGroups(t, d.Groups, map[string]rlGroup{
				"溢出镇": {Value: sp("1"), Numerator: sp(sum), Denominator: sp(sum), Status: rlMet, OrgsReporting: 200, OrgsExpected: 200},
			}, nil)
			// The export carries the same exact sums.
			for _, user := range []string{"leader", "ovf-leader"} {
				res := r.as(t, user, http.MethodGet, "/api/v1/exports/indicators.xlsx?period=2025", nil)
				wantStatus(t, res, http.StatusOK)
				row := exReadXLSX(t, res.Body).raw["training.spend_ratio"]
				exSameDecimal(t, user+" 分子", row["分子"], sum)
				exSameDecimal(t, user+" 分母", row["分母"], sum)
				if row["已报单位数"] != "200" || row["达标单位数"] != "200" || row["未达标单位数"] != "0" {
					t.Errorf("%s: want 200 reporting, 200 passing, 0 failing; got %q %q %q", user, row["已报单位数"],
						row["达标单位数"], row["未达标单位数"])
				}
			}
		}},
	}
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				t.Parallel()
				sc.run(t, rlNew(t, kind))
			})
		}
	})
}
