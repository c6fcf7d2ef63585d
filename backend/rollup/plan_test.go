package rollup_test

// Scenario tests of the plan's meaning (issue 9): coverage divides by the orgs expected to
// report, per-school checks compare exact decimals, a target set for every school is missed
// while one school misses it, and count targets are judged district-wide only. Every expected
// figure is worked out by hand in the comment above it.

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/backend/testenv"
	"github.com/tianbao-edu/tianbao/seeds"
)

// seededIndicators is the app's own rollup service (the shipped seeds/indicators.yaml).
func seededIndicators(e *rtEnv) *rollup.Service { return e.App.Rollup }

// orgsOfTypes counts the orgs of the given types in seeds/orgs.yaml, read independently of the
// database: the hand count of who is expected to report.
func orgsOfTypes(t *testing.T, types ...string) int64 {
	t.Helper()
	data, err := seeds.FS.ReadFile("orgs.yaml")
	if err != nil {
		t.Fatal(err)
	}
	type node struct {
		Type     string `yaml:"type"`
		Children []node `yaml:"children"`
	}
	var roots []node
	if err := yaml.Unmarshal(data, &roots); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, ty := range types {
		want[ty] = true
	}
	var n int64
	var walk func([]node)
	walk = func(ns []node) {
		for _, x := range ns {
			if want[x.Type] {
				n++
			}
			walk(x.Children)
		}
	}
	walk(roots)
	return n
}

func itemOf(t *testing.T, s rollup.Summary, code string) rollup.Result {
	t.Helper()
	for _, r := range s.Items {
		if r.Indicator.Code == code {
			return r
		}
	}
	t.Fatalf("indicator %s not in summary", code)
	return rollup.Result{}
}

func family(school, committee bool) map[string]any {
	return map[string]any{"has_parent_school": school, "has_parent_committee": committee}
}

// TestPlanCoverageDividesByExpected: five schools reporting a parent committee is 5 of every
// expected 中小学幼儿园, not 5 of 5, and is insufficient_data until all have reported.
func TestPlanCoverageDividesByExpected(t *testing.T) {
	t.Parallel()
	// 中小学幼儿园 in the seeded district: every kindergarten, primary, junior, senior,
	// complete-middle, nine-year and special school. The vocational schools are not in it.
	expected := orgsOfTypes(t, "kindergarten", "primary", "junior", "senior", "complete_middle", "nine_year", "special")
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		e := rtNew(t, kind)
		for _, code := range []string{"xhzx", "wlzx", "cnxx", "syyey", "rmxx"} {
			e.fill(t, code, "family-school", family(true, true), "approved")
		}
		// A vocational school's parent committee is not what the plan counts.
		e.fill(t, "zjzx", "family-school", family(true, true), "approved")
		ctx := context.Background()
		sum, err := seededIndicators(e).Summary(ctx, e.sc, "2025", rollup.BasisApproved)
		if err != nil {
			t.Fatal(err)
		}
		r := itemOf(t, sum, "family.parent_committee")
		if r.OrgsReporting != 5 || r.OrgsExpected != expected {
			t.Fatalf("reported/expected: want 5/%d, got %d/%d", expected, r.OrgsReporting, r.OrgsExpected)
		}
		wantDec(t, "value", r.Value, decimal.NewFromInt(5).DivRound(decimal.NewFromInt(expected), 6).String())
		wantDec(t, "numerator", r.Numerator, "5")
		wantDec(t, "denominator", r.Denominator, decimal.NewFromInt(expected).String())
		if r.Status != rollup.StatusInsufficient {
			t.Errorf("status: want insufficient_data, got %s", r.Status)
		}
		d, err := seededIndicators(e).Detail(ctx, e.sc, "family.parent_committee", "2025", rollup.BasisApproved, rollup.GroupTown)
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(d.Missing)) != expected-5 {
			t.Errorf("missing: want %d schools not yet reported, got %d", expected-5, len(d.Missing))
		}
		for _, m := range d.Missing {
			if m.OrgCode == "xhzx" || m.OrgCode == "zjzx" || m.OrgType == "vocational_secondary" {
				t.Errorf("missing lists %s (%s), which reported or is not expected", m.OrgCode, m.OrgType)
			}
		}
		for _, g := range d.Groups {
			if g.Status != rollup.StatusInsufficient {
				t.Errorf("town %s: want insufficient_data, got %s", g.Label, g.Status)
			}
		}
	})
}

// chengdong is every school and kindergarten of 城东街道, the scope of the training scenarios:
// flyey, wtxx, syzx, mzzx, tjxx and a private kindergarten, all expected to report training.
var chengdong = []string{"flyey", "wtxx", "syzx", "mzzx", "tjxx", "chengdong-xiaoxingxing-yey"}

// TestPlanTrainingExact: 14,950 of 1,000,000 is 1.495%, below 1.5%, and fails everywhere: the
// per-org counts, the failing list, the per-org breakdown; and since the plan sets 1.5% for every
// school, the town reads not met although its aggregate is above 1.5%.
func TestPlanTrainingExact(t *testing.T) {
	t.Parallel()
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		e := rtNew(t, kind)
		for _, code := range chengdong {
			spend := "20000"
			if code == "wtxx" {
				spend = "14950"
			}
			e.fill(t, code, "teacher-training", training("1000000", spend, nil), "approved")
		}
		ctx := context.Background()
		town := e.scopeOf(t, "town-chengdong")
		sum, err := seededIndicators(e).Summary(ctx, town, "2025", rollup.BasisApproved)
		if err != nil {
			t.Fatal(err)
		}
		r := itemOf(t, sum, "training.spend_ratio")
		// (5 × 20,000 + 14,950) / 6,000,000 = 114,950 / 6,000,000 = 0.0191583… → 0.019158.
		wantDec(t, "value", r.Value, "0.019158")
		wantDec(t, "numerator", r.Numerator, "114950")
		wantDec(t, "denominator", r.Denominator, "6000000")
		if r.OrgsReporting != 6 || r.OrgsExpected != 6 {
			t.Errorf("reported/expected: want 6/6, got %d/%d", r.OrgsReporting, r.OrgsExpected)
		}
		if r.Passing == nil || *r.Passing != 5 || *r.Failing != 1 {
			t.Fatalf("per-org: want 5 passing, 1 failing, got %v/%v", r.Passing, r.Failing)
		}
		if r.Status != rollup.StatusNotMet {
			t.Errorf("status: want not_met (one school below 1.5%%), got %s", r.Status)
		}
		d, err := seededIndicators(e).Detail(ctx, town, "training.spend_ratio", "2025", rollup.BasisApproved, rollup.GroupOrg)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Failing) != 1 || d.Failing[0].OrgCode != "wtxx" {
			t.Fatalf("failing: want [wtxx], got %+v", d.Failing)
		}
		wantDec(t, "wtxx value", d.Failing[0].Value, "0.01495")
		var notMet []string
		for _, g := range d.Groups {
			if g.Status == rollup.StatusNotMet {
				notMet = append(notMet, g.Label)
			} else if g.Status != rollup.StatusMet {
				t.Errorf("%s: want met or not_met, got %q", g.Label, g.Status)
			}
		}
		if len(notMet) != 1 || notMet[0] != "万涛小学" {
			t.Errorf("per-org breakdown: want only 万涛小学 not met, got %v", notMet)
		}
	})
}

// TestPlanTrainingBoundaries holds the per-school check to the exact comparison
// spend >= 0.015 × payroll, on both sides of the line.
func TestPlanTrainingBoundaries(t *testing.T) {
	t.Parallel()
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		for _, c := range []struct {
			name, payroll, spend string
			pass                 bool
		}{
			{"exactly-1.5-percent", "1000000", "15000", true},
			{"1.495-percent", "1000000", "14950", false},
			// 1,499,999.93 / 100,000,000 = 1.49999993%: rounds to 0.0150 at 4 places, still below.
			{"1.49999993-percent", "100000000", "1499999.93", false},
			{"a-cent-above", "100000000", "1500000.01", true},
		} {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				e := rtNew(t, kind)
				e.fill(t, "wtxx", "teacher-training", training(c.payroll, c.spend, nil), "approved")
				sum, err := seededIndicators(e).Summary(context.Background(), e.scopeOf(t, "wtxx"), "2025", rollup.BasisApproved)
				if err != nil {
					t.Fatal(err)
				}
				r := itemOf(t, sum, "training.spend_ratio")
				pass, fail := int64(0), int64(1)
				status := rollup.StatusNotMet
				if c.pass {
					pass, fail, status = 1, 0, rollup.StatusMet
				}
				if r.Passing == nil || *r.Passing != pass || *r.Failing != fail {
					t.Errorf("per-org: want %d passing %d failing, got %v/%v", pass, fail, r.Passing, r.Failing)
				}
				if r.Status != status {
					t.Errorf("status: want %s, got %s", status, r.Status)
				}
			})
		}
	})
}

// TestPlanCountTargetsDistrictOnly: 30 sports specialist schools is a district figure. A town
// contributes its schools and is not judged; the district is.
func TestPlanCountTargetsDistrictOnly(t *testing.T) {
	t.Parallel()
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		e := rtNew(t, kind)
		e.fill(t, "wtxx", "sports-arts", sportsArts(true, false, 800), "approved")
		e.fill(t, "syzx", "sports-arts", sportsArts(true, true, 900), "approved")
		d, err := seededIndicators(e).Detail(context.Background(), e.sc, "sports.specialist_schools", "2025", rollup.BasisAll, rollup.GroupTown)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Groups) != 1 {
			t.Fatalf("want one town, got %+v", d.Groups)
		}
		g := d.Groups[0]
		wantDec(t, "城东 contribution", g.Value, "2")
		if g.Status != "" {
			t.Errorf("a town is not judged against the district's 30: got %q", g.Status)
		}
		if d.Status != rollup.StatusInsufficient {
			t.Errorf("district: 2 of the expected schools reported, want insufficient_data, got %s", d.Status)
		}
	})
}

// TestPlanClassSizeCheck: the per-school class-size check is the numerator's definition: a
// school that meets the class standard but not the scale fails it.
func TestPlanClassSizeCheck(t *testing.T) {
	t.Parallel()
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		e := rtNew(t, kind)
		row := func(g string, students, classes, over int) map[string]any {
			return map[string]any{"grade": g, "students": students, "classes": classes, "classes_over_standard": over}
		}
		e.fill(t, "wtxx", "compulsory", map[string]any{"meets_scale": false,
			"grades": []any{row("g1", 80, 2, 0)}}, "approved")
		e.fill(t, "syzx", "compulsory", map[string]any{"meets_scale": true,
			"grades": []any{row("g7", 90, 2, 0)}}, "approved")
		sum, err := seededIndicators(e).Summary(context.Background(), e.scopeOf(t, "town-chengdong"), "2025", rollup.BasisApproved)
		if err != nil {
			t.Fatal(err)
		}
		r := itemOf(t, sum, "compulsory.class_size_ok")
		// 城东 has two compulsory schools (wtxx, syzx): 1 of 2 meets scale and class size = 0.5.
		wantDec(t, "value", r.Value, "0.5")
		if r.Passing == nil || *r.Passing != 1 || *r.Failing != 1 {
			t.Errorf("per-org: want 1 passing, 1 failing, got %v/%v", r.Passing, r.Failing)
		}
		if r.Status != rollup.StatusNotMet {
			t.Errorf("status: want not_met, got %s", r.Status)
		}
	})
}

// TestPlanTownCountUnjudged: a town leader's summary shows the town's sports specialist schools
// as its contribution to the district's 30, not as a miss of 30.
func TestPlanTownCountUnjudged(t *testing.T) {
	t.Parallel()
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		e := rtNew(t, kind)
		for _, code := range []string{"wtxx", "syzx", "mzzx", "tjxx"} {
			e.fill(t, code, "sports-arts", sportsArts(code != "tjxx", false, 800), "approved")
		}
		ctx := context.Background()
		town := e.scopeOf(t, "town-chengdong")
		sum, err := seededIndicators(e).Summary(ctx, town, "2025", rollup.BasisApproved)
		if err != nil {
			t.Fatal(err)
		}
		r := itemOf(t, sum, "sports.specialist_schools")
		wantDec(t, "城东 sports specialist schools", r.Value, "3")
		if r.Status != "" || r.Gap != nil {
			t.Errorf("a town's count is a contribution: want no status and no gap, got %q %v", r.Status, r.Gap)
		}
		d, err := seededIndicators(e).Detail(ctx, town, "sports.specialist_schools", "2025", rollup.BasisApproved, rollup.GroupNone)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != "" {
			t.Errorf("detail in a town: want no status, got %q", d.Status)
		}
	})
}

// TestPlanExactVerdict: 8,999,996 of 10,000,000 children in 普惠 kindergartens is 89.99996%,
// shown as 0.9 at 6 places but below "90%以上": not met.
func TestPlanExactVerdict(t *testing.T) {
	t.Parallel()
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		e := rtNew(t, kind)
		e.fill(t, "flyey", "kindergarten", kindergarten("level1", true, "public", 8999996, 400, 400), "approved")
		e.fill(t, "chengdong-xiaoxingxing-yey", "kindergarten", kindergarten("level2", false, "private", 1000004, 50, 50), "approved")
		sum, err := seededIndicators(e).Summary(context.Background(), e.scopeOf(t, "town-chengdong"), "2025", rollup.BasisApproved)
		if err != nil {
			t.Fatal(err)
		}
		r := itemOf(t, sum, "preschool.puhui_coverage")
		wantDec(t, "shown value", r.Value, "0.9")
		if r.Status != rollup.StatusNotMet {
			t.Errorf("0.8999996 against >= 0.9: want not_met, got %s", r.Status)
		}
		// gap: 0.9 − 0.8999996 = 0.0000004.
		wantDec(t, "gap", r.Gap, "0.0000004")
		// public share: flyey's 8,999,996 of 10,000,000 = 0.8999996 ≥ 0.55: met.
		if p := itemOf(t, sum, "preschool.public_share"); p.Status != rollup.StatusMet {
			t.Errorf("public share: want met, got %s", p.Status)
		}
	})
}

// TestPlanOneSchoolBelowSettlesIt: the plan sets 1.5% for every school, so one school below it
// misses the target district-wide at once, with that school listed, however many have reported.
func TestPlanOneSchoolBelowSettlesIt(t *testing.T) {
	t.Parallel()
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		e := rtNew(t, kind)
		e.fill(t, "wtxx", "teacher-training", training("1000000", "5000", nil), "approved")
		e.fill(t, "syzx", "teacher-training", training("1000000", "30000", nil), "approved")
		ctx := context.Background()
		sum, err := seededIndicators(e).Summary(ctx, e.sc, "2025", rollup.BasisApproved)
		if err != nil {
			t.Fatal(err)
		}
		r := itemOf(t, sum, "training.spend_ratio")
		// (5,000 + 30,000) / 2,000,000 = 0.0175: above 1.5% in aggregate, 2 reported.
		wantDec(t, "value", r.Value, "0.0175")
		if r.Status != rollup.StatusNotMet || r.Gap != nil {
			t.Errorf("want not_met with no numeric gap, got %s %v", r.Status, r.Gap)
		}
		// Parent committees, all present so far: nothing settles it yet.
		if pc := itemOf(t, sum, "family.parent_committee"); pc.Status != rollup.StatusInsufficient {
			t.Errorf("parent committee with no reports: want insufficient_data, got %s", pc.Status)
		}
		d, err := seededIndicators(e).Detail(ctx, e.sc, "training.spend_ratio", "2025", rollup.BasisApproved, rollup.GroupNone)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Failing) != 1 || d.Failing[0].OrgCode != "wtxx" {
			t.Errorf("failing: want [wtxx], got %+v", d.Failing)
		}
	})
}
