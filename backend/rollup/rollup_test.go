package rollup_test

// Tests of the rollup service on a real database (SQLite and, with TIANBAO_TEST_MYSQL, MariaDB):
// each aggregation kind and comparator on small fixtures whose expected values are worked out by
// hand, including the ones no seeded indicator uses (avg, <=). Fixtures are filled through the
// submission service, so the facts are the ones the workflow writes.

import (
	"context"
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/campaign"
	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/submission"
	"github.com/tianbao-edu/tianbao/backend/testenv"
	"github.com/tianbao-edu/tianbao/seeds"
)

// rtEnv is a demo instance with a district-wide actor (the sysadmin) for filling fixtures.
type rtEnv struct {
	*testenv.Env
	p  *authz.Principal
	sc scope.Scope
}

func rtNew(t *testing.T, kind string) *rtEnv {
	t.Helper()
	e := testenv.New(t, kind)
	ctx := context.Background()
	admin, err := e.App.Users.ByUsername(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	root, err := e.App.Orgs.ByCode(ctx, "qjjw")
	if err != nil {
		t.Fatal(err)
	}
	return &rtEnv{Env: e, p: &authz.Principal{UserID: admin.ID, Username: admin.Username, OrgID: root.ID, OrgPath: root.Path,
		Grants: []authz.Grant{{Role: authz.RoleSysadmin, OrgID: root.ID, OrgPath: root.Path}}},
		sc: scope.Of(root.Path)}
}

// scopeOf is the subtree of the org with code.
func (r *rtEnv) scopeOf(t *testing.T, code string) scope.Scope {
	t.Helper()
	o, err := r.App.Orgs.ByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return scope.Of(o.Path)
}

// fill opens the org's submission of a form for 2025, saves values and moves it to status
// (draft, submitted, approved or returned).
func (r *rtEnv) fill(t *testing.T, orgCode, formCode string, values map[string]any, status string) {
	t.Helper()
	ctx := context.Background()
	o, err := r.App.Orgs.ByCode(ctx, orgCode)
	if err != nil {
		t.Fatal(err)
	}
	sub, _, err := r.App.Submissions.Open(ctx, r.p, r.sc, formCode, "2025", o.ID)
	if err != nil {
		t.Fatalf("open %s %s: %v", orgCode, formCode, err)
	}
	v := sub.Version
	if sub, err = r.App.Submissions.Save(ctx, r.p, r.sc, sub.ID, values, &v); err != nil {
		t.Fatalf("save %s %s: %v", orgCode, formCode, err)
	}
	if status == "draft" {
		return
	}
	if _, err = r.App.Submissions.Submit(ctx, r.p, r.sc, sub.ID, nil); err != nil {
		var se *submission.SubmitError
		if errors.As(err, &se) {
			t.Fatalf("submit %s %s: %+v", orgCode, formCode, se.Errors)
		}
		t.Fatalf("submit %s %s: %v", orgCode, formCode, err)
	}
	rv, err := r.App.Submissions.ReviewerOf(ctx, r.p)
	if err != nil {
		t.Fatal(err)
	}
	switch status {
	case "submitted":
	case "approved":
		_, err = r.App.Submissions.Approve(ctx, rv, r.sc, sub.ID, nil)
	case "returned":
		_, err = r.App.Submissions.Return(ctx, rv, r.sc, sub.ID, nil, "", "请核实数据", nil)
	default:
		t.Fatalf("unknown status %q", status)
	}
	if err != nil {
		t.Fatalf("%s %s %s: %v", status, orgCode, formCode, err)
	}
}

// rtService parses indicator YAML against the seeded forms and serves it over the env's database.
func rtService(t *testing.T, e *rtEnv, doc string) *rollup.Service {
	t.Helper()
	ins, err := rollup.Parse([]byte(doc), seedFields(t))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	db := e.App.DB
	src := rollup.Sources{Orgs: org.NewStore(db), Tasks: campaign.NewStore(db), Facts: submission.NewReader(db)}
	svc := rollup.NewService(rollup.NewStore(db, src), ins)
	// Custom indicators have no contributions yet: compute them from the facts, as a restart
	// with changed definitions does.
	if err := svc.Rebuild(context.Background()); err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	return svc
}

// seedFields answers which fact fields a seeded form has, as the app does at start-up.
func seedFields(t *testing.T) func(string) map[string]bool {
	t.Helper()
	forms, err := form.LoadSeedForms(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]map[string]bool{}
	for _, f := range forms {
		m := map[string]bool{}
		for _, fd := range f.Fields {
			m[fd.Key] = true
			for _, sub := range fd.Fields {
				m[fd.Key+"."+sub.Key] = true
			}
		}
		fields[f.Code] = m
	}
	return func(code string) map[string]bool { return fields[code] }
}

// wantDec fails unless got is the decimal want ("" means no value).
func wantDec(t *testing.T, what string, got *decimal.Decimal, want string) {
	t.Helper()
	if want == "" {
		if got != nil {
			t.Errorf("%s: want no value, got %s", what, got)
		}
		return
	}
	if got == nil {
		t.Errorf("%s: want %s, got no value", what, want)
		return
	}
	if !got.Equal(decimal.RequireFromString(want)) {
		t.Errorf("%s: want %s, got %s", what, want, got)
	}
}

func training(payroll, spend string, hours any) map[string]any {
	m := map[string]any{"payroll_total": payroll, "training_spend": spend}
	if hours != nil {
		m["training_hours"] = hours
	}
	return m
}

func kindergarten(rating string, puhui bool, ownership string, children, teachers, certified int) map[string]any {
	return map[string]any{"rating_level": rating, "is_puhui": puhui, "ownership": ownership,
		"children_enrolled": children, "teachers": teachers, "certified_teachers": certified}
}

func sportsArts(sports, arts bool, students int) map[string]any {
	m := map[string]any{"sports_specialist": sports, "arts_specialist": arts, "students_total": students,
		"heritage_school": false, "arts_teaching_awards": 0}
	if sports {
		m["sports_level"] = "district"
	}
	if arts {
		m["arts_level"] = "district"
	}
	return m
}

// TestRollupAggregations holds each aggregation kind and comparator against hand-computed values.
func TestRollupAggregations(t *testing.T) {
	t.Parallel()
	type want struct {
		value, num, den, gap string
		status               string
		reporting            int64
	}
	scenarios := []struct {
		name    string
		doc     string
		fixture func(t *testing.T, e *rtEnv)
		scope   string // org code whose subtree is the caller's scope; "" is the district
		basis   rollup.Basis
		want    want
	}{
		{
			// (10.5 + 20) / 2 orgs with the field = 15.25; cnxx reported without hours and is not averaged.
			name: "rollup-avg-over-orgs-with-the-field",
			doc: `- {code: t.avg_hours, name: 人均学时, unit: count, form: teacher-training,
   numerator: {agg: avg, fields: [training_hours]}, min_completeness: 0, target: {op: ">=", value: 12, year: 2025}}`,
			fixture: func(t *testing.T, e *rtEnv) {
				e.fill(t, "xhzx", "teacher-training", training("1000000", "20000", "10.5"), "approved")
				e.fill(t, "wlzx", "teacher-training", training("1000000", "20000", 20), "approved")
				e.fill(t, "cnxx", "teacher-training", training("1000000", "20000", nil), "approved")
			},
			want: want{value: "15.25", num: "15.25", status: "met", gap: "0", reporting: 3},
		},
		{
			// avg of children in puhui kindergartens only: (300 + 101) / 2 = 200.5; zyyey is not puhui.
			name: "rollup-avg-with-where",
			doc: `- {code: t.avg_puhui, name: 普惠园平均规模, unit: count, form: kindergarten,
   numerator: {agg: avg, fields: [children_enrolled], where: [{field: is_puhui, op: eq, value: 1}]},
   min_completeness: 0, target: {op: ">=", value: 250, year: 2025}}`,
			fixture: func(t *testing.T, e *rtEnv) {
				e.fill(t, "syyey", "kindergarten", kindergarten("level1", true, "public", 300, 20, 20), "approved")
				e.fill(t, "cnzxyey", "kindergarten", kindergarten("level2", true, "public", 101, 10, 9), "approved")
				e.fill(t, "zyyey", "kindergarten", kindergarten("level3", false, "private", 1000, 10, 5), "approved")
			},
			want: want{value: "200.5", num: "200.5", status: "not_met", gap: "49.5", reporting: 3},
		},
		{
			// avg in a town scope: only cnzxyey (城南) reports, so the average is its own 101.
			name: "rollup-avg-in-town-scope",
			doc: `- {code: t.avg_children, name: 平均规模, unit: count, form: kindergarten,
   numerator: {agg: avg, fields: [children_enrolled]}, min_completeness: 0, target: {op: ">=", value: 100, year: 2025}}`,
			fixture: func(t *testing.T, e *rtEnv) {
				e.fill(t, "syyey", "kindergarten", kindergarten("level1", true, "public", 300, 20, 20), "approved")
				e.fill(t, "cnzxyey", "kindergarten", kindergarten("level2", true, "public", 101, 10, 9), "approved")
			},
			scope: "town-chengnan",
			want:  want{value: "101", num: "101", status: "met", gap: "0", reporting: 1},
		},
		{
			// <= target: spend 10000.50 + 60000 = 70000.5 against at most 50000: gap 20000.5.
			name: "rollup-target-le-not-met",
			doc: `- {code: t.spend_cap, name: 培训经费上限, unit: yuan, form: teacher-training,
   numerator: {agg: sum, fields: [training_spend]}, min_completeness: 0, target: {op: "<=", value: 50000, year: 2025}}`,
			fixture: func(t *testing.T, e *rtEnv) {
				e.fill(t, "xhzx", "teacher-training", training("1000000.00", "10000.50", nil), "approved")
				e.fill(t, "wlzx", "teacher-training", training("3000000.00", "60000.00", nil), "approved")
			},
			want: want{value: "70000.5", num: "70000.5", status: "not_met", gap: "20000.5", reporting: 2},
		},
		{
			name: "rollup-target-le-met",
			doc: `- {code: t.spend_cap, name: 培训经费上限, unit: yuan, form: teacher-training,
   numerator: {agg: sum, fields: [training_spend]}, min_completeness: 0, target: {op: "<=", value: 50000, year: 2025}}`,
			fixture: func(t *testing.T, e *rtEnv) {
				e.fill(t, "xhzx", "teacher-training", training("1000000.00", "10000.50", nil), "approved")
			},
			want: want{value: "10000.5", num: "10000.5", status: "met", gap: "0", reporting: 1},
		},
		{
			// = target: the gap is the distance either way, |2 - 3| = 1.
			name: "rollup-target-eq-above",
			doc: `- {code: t.eq, name: 特色学校, unit: count, form: sports-arts,
   numerator: {agg: count_where, where: [{field: sports_specialist, op: eq, value: 1}]}, min_completeness: 0, target: {op: "=", value: 2, year: 2025}}`,
			fixture: func(t *testing.T, e *rtEnv) {
				e.fill(t, "xhzx", "sports-arts", sportsArts(true, false, 1000), "approved")
				e.fill(t, "wlzx", "sports-arts", sportsArts(true, true, 800), "approved")
				e.fill(t, "cnxx", "sports-arts", sportsArts(true, false, 600), "approved")
			},
			want: want{value: "3", num: "3", status: "not_met", gap: "1", reporting: 3},
		},
		{
			// Two conditions are ANDed: only wlzx is both a sports and an arts specialist school.
			name: "rollup-count-where-and",
			doc: `- {code: t.both, name: 双特色, unit: count, form: sports-arts,
   numerator: {agg: count_where, where: [{field: sports_specialist, op: eq, value: 1}, {field: arts_specialist, op: eq, value: 1}]},
   min_completeness: 0, target: {op: ">=", value: 1, year: 2025}}`,
			fixture: func(t *testing.T, e *rtEnv) {
				e.fill(t, "xhzx", "sports-arts", sportsArts(true, false, 1000), "approved")
				e.fill(t, "wlzx", "sports-arts", sportsArts(true, true, 800), "approved")
				e.fill(t, "cnxx", "sports-arts", sportsArts(false, true, 600), "approved")
			},
			want: want{value: "1", num: "1", status: "met", gap: "0", reporting: 3},
		},
		{
			// Orgs reported but none meets the condition: the count is 0 and the target is missed
			// by all of it, not "no data".
			name: "rollup-count-where-zero-is-a-value",
			doc: `- {code: t.none, name: 特色学校, unit: count, form: sports-arts,
   numerator: {agg: count_where, where: [{field: sports_specialist, op: eq, value: 1}]}, min_completeness: 0, target: {op: ">=", value: 2, year: 2025}}`,
			fixture: func(t *testing.T, e *rtEnv) {
				e.fill(t, "xhzx", "sports-arts", sportsArts(false, false, 1000), "approved")
			},
			want: want{value: "0", num: "0", status: "not_met", gap: "2", reporting: 1},
		},
		{
			// A sum whose where matches nobody: reported, so 0.
			name: "rollup-sum-where-zero-is-a-value",
			doc: `- {code: t.puhui_children, name: 普惠园幼儿, unit: count, form: kindergarten,
   numerator: {agg: sum, fields: [children_enrolled], where: [{field: is_puhui, op: eq, value: 1}]},
   min_completeness: 0, target: {op: ">=", value: 10, year: 2025}}`,
			fixture: func(t *testing.T, e *rtEnv) {
				e.fill(t, "zyyey", "kindergarten", kindergarten("level3", false, "private", 1000, 10, 5), "approved")
			},
			want: want{value: "0", num: "0", status: "not_met", gap: "10", reporting: 1},
		},
		{
			// `in` over a choice: level1 and level2 of three kindergartens → 2/3; gap 0.7 − 2/3 = 1/30 at 8 places.
			name: "rollup-count-where-in-choice",
			doc: `- {code: t.rated, name: 等级园, unit: percent, form: kindergarten,
   numerator: {agg: count_where, where: [{field: rating_level, in: [level1, level2]}]}, denominator: {agg: count},
   min_completeness: 0, target: {op: ">=", value: 0.7, year: 2025}}`,
			fixture: func(t *testing.T, e *rtEnv) {
				e.fill(t, "syyey", "kindergarten", kindergarten("level1", true, "public", 300, 20, 20), "approved")
				e.fill(t, "cnzxyey", "kindergarten", kindergarten("level2", true, "public", 100, 10, 9), "approved")
				e.fill(t, "zyyey", "kindergarten", kindergarten("level3", false, "private", 100, 10, 5), "approved")
			},
			want: want{value: "0.666667", num: "2", den: "3", status: "not_met", gap: "0.03333333", reporting: 3},
		},
		{
			// applies_to narrows both the sum and the orgs reporting: only the vocational school counts.
			name: "rollup-org-types-filter",
			doc: `- {code: t.voc, name: 职教在校生, unit: count, form: students, applies_to: vocational_secondary,
   numerator: {agg: sum, fields: [students_total]}, min_completeness: 0, target: {op: ">=", value: 3000, year: 2025}}`,
			fixture: func(t *testing.T, e *rtEnv) {
				e.fill(t, "zjzx", "students", map[string]any{"students_total": 2500, "students_out_of_district": 100}, "approved")
				e.fill(t, "xhzx", "students", map[string]any{"students_total": 1200, "students_out_of_district": 300}, "approved")
			},
			want: want{value: "2500", num: "2500", status: "not_met", gap: "500", reporting: 1},
		},
		{
			// Drafts and returned submissions never count; submitted ones only in basis=all.
			name: "rollup-statuses-approved-basis",
			doc: `- {code: t.spend, name: 培训经费, unit: yuan, form: teacher-training,
   numerator: {agg: sum, fields: [training_spend]}, min_completeness: 0, target: {op: ">=", value: 1, year: 2025}}`,
			fixture: func(t *testing.T, e *rtEnv) {
				e.fill(t, "xhzx", "teacher-training", training("1000000", "1000.25", nil), "approved")
				e.fill(t, "wlzx", "teacher-training", training("1000000", "2000", nil), "submitted")
				e.fill(t, "cnxx", "teacher-training", training("1000000", "4000", nil), "returned")
				e.fill(t, "xhcz", "teacher-training", training("1000000", "8000", nil), "draft")
			},
			basis: rollup.BasisApproved,
			want:  want{value: "1000.25", num: "1000.25", status: "met", gap: "0", reporting: 1},
		},
		{
			name: "rollup-statuses-all-basis",
			doc: `- {code: t.spend, name: 培训经费, unit: yuan, form: teacher-training,
   numerator: {agg: sum, fields: [training_spend]}, min_completeness: 0, target: {op: ">=", value: 1, year: 2025}}`,
			fixture: func(t *testing.T, e *rtEnv) {
				e.fill(t, "xhzx", "teacher-training", training("1000000", "1000.25", nil), "approved")
				e.fill(t, "wlzx", "teacher-training", training("1000000", "2000", nil), "submitted")
				e.fill(t, "cnxx", "teacher-training", training("1000000", "4000", nil), "returned")
				e.fill(t, "xhcz", "teacher-training", training("1000000", "8000", nil), "draft")
			},
			basis: rollup.BasisAll,
			want:  want{value: "3000.25", num: "3000.25", status: "met", gap: "0", reporting: 2},
		},
		{
			name: "rollup-no-data",
			doc: `- {code: t.spend, name: 培训经费, unit: yuan, form: teacher-training,
   numerator: {agg: sum, fields: [training_spend]}, denominator: {agg: sum, fields: [payroll_total]},
   min_completeness: 0, target: {op: ">=", value: 1, year: 2025}}`,
			fixture: func(t *testing.T, e *rtEnv) {},
			want:    want{num: "0", den: "0", status: "insufficient_data", reporting: 0},
		},
	}
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				t.Parallel()
				e := rtNew(t, kind)
				sc.fixture(t, e)
				svc := rtService(t, e, sc.doc)
				where := e.sc
				if sc.scope != "" {
					where = e.scopeOf(t, sc.scope)
				}
				sum, err := svc.Summary(context.Background(), where, "2025", sc.basis)
				if err != nil {
					t.Fatal(err)
				}
				if len(sum.Items) != 1 {
					t.Fatalf("want 1 item, got %d", len(sum.Items))
				}
				r := sum.Items[0]
				wantDec(t, "value", r.Value, sc.want.value)
				wantDec(t, "numerator", r.Numerator, sc.want.num)
				wantDec(t, "denominator", r.Denominator, sc.want.den)
				wantDec(t, "gap", r.Gap, sc.want.gap)
				if r.Status != sc.want.status {
					t.Errorf("status: want %s, got %s", sc.want.status, r.Status)
				}
				if r.OrgsReporting != sc.want.reporting {
					t.Errorf("orgs reporting: want %d, got %d", sc.want.reporting, r.OrgsReporting)
				}
			})
		}
	})
}

// TestRollupBetween walks a value below, inside, on the edges of and above a between target.
func TestRollupBetween(t *testing.T) {
	t.Parallel()
	doc := `- {code: t.projects, name: 合作项目, unit: count, form: bureau-stats,
   numerator: {agg: sum, fields: [cooperation_projects]}, min_completeness: 0, target: {op: between, value: 1, value2: 3, year: 2025}}`
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		for _, c := range []struct {
			name, projects, status, gap string
		}{
			{"rollup-between-below", "0", "not_met", "1"},
			{"rollup-between-low-edge", "1", "met", "0"},
			{"rollup-between-inside", "2", "met", "0"},
			{"rollup-between-high-edge", "3", "met", "0"},
			{"rollup-between-above", "5", "not_met", "2"},
		} {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				e := rtNew(t, kind)
				e.fill(t, "qjjw", "bureau-stats", map[string]any{"resident_children_3_5": 1000, "children_enrolled_3_5": 930,
					"cooperation_projects": c.projects}, "approved")
				sum, err := rtService(t, e, doc).Summary(context.Background(), e.sc, "2025", rollup.BasisApproved)
				if err != nil {
					t.Fatal(err)
				}
				r := sum.Items[0]
				wantDec(t, "value", r.Value, c.projects)
				wantDec(t, "gap", r.Gap, c.gap)
				if r.Status != c.status {
					t.Errorf("status: want %s, got %s", c.status, r.Status)
				}
			})
		}
	})
}

// TestRollupAvgGroups breaks an average down by town: each town's own average, not the
// district's.
func TestRollupAvgGroups(t *testing.T) {
	t.Parallel()
	doc := `- {code: t.avg_children, name: 平均规模, unit: count, form: kindergarten,
   numerator: {agg: avg, fields: [children_enrolled]}, min_completeness: 0, target: {op: ">=", value: 150, year: 2025}}`
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		e := rtNew(t, kind)
		// 城西: syyey 300, jgyey 101 → 200.5; 城南: cnzxyey 100 → 100. District: 501/3 = 167.
		e.fill(t, "syyey", "kindergarten", kindergarten("level1", true, "public", 300, 20, 20), "approved")
		e.fill(t, "jgyey", "kindergarten", kindergarten("level1", true, "public", 101, 10, 10), "approved")
		e.fill(t, "cnzxyey", "kindergarten", kindergarten("level2", true, "public", 100, 10, 9), "approved")
		d, err := rtService(t, e, doc).Detail(context.Background(), e.sc, "t.avg_children", "2025", rollup.BasisApproved, rollup.GroupTown)
		if err != nil {
			t.Fatal(err)
		}
		wantDec(t, "district value", d.Value, "167")
		got := map[string]rollup.Group{}
		for _, g := range d.Groups {
			got[g.Label] = g
		}
		if len(got) != 2 {
			t.Fatalf("want groups 城西街道 and 城南街道, got %+v", d.Groups)
		}
		for label, w := range map[string]struct {
			value, status string
			orgs          int64
		}{"城西街道": {"200.5", "met", 2}, "城南街道": {"100", "not_met", 1}} {
			g := got[label]
			wantDec(t, label+" value", g.Value, w.value)
			if g.Status != w.status || g.OrgsReporting != w.orgs {
				t.Errorf("%s: want %s with %d orgs, got %s with %d", label, w.status, w.orgs, g.Status, g.OrgsReporting)
			}
		}
	})
}
