package api_test

// Tests of GET /indicators, /indicators/{code} and /indicators/{code}/trend through the real
// router on small fixtures whose figures are worked out by hand: each indicator kind, approved
// versus all, breakdowns, per-org checks, town scope, trend and input validation. Helpers shared
// with completeness_test.go and rollup_isolation_test.go are prefixed rl.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/submission"
	"github.com/tianbao-edu/tianbao/backend/testenv"
	"github.com/tianbao-edu/tianbao/seeds"
)

// rlPassword is the password of the users the rollup tests create.
const rlPassword = "Rollup@2025!"

// rlEnv is one demo instance with a district-wide actor for fixtures and cached tokens.
type rlEnv struct {
	*testenv.Env
	p      *authz.Principal
	sc     scope.Scope
	mu     sync.Mutex
	tokens map[string]string
	pw     map[string]string // created users' passwords; demo users use the demo password
}

func rlNew(t *testing.T, kind string) *rlEnv {
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
	return &rlEnv{Env: e, p: &authz.Principal{UserID: admin.ID, Username: admin.Username, OrgID: root.ID, OrgPath: root.Path,
		Grants: []authz.Grant{{Role: authz.RoleSysadmin, OrgID: root.ID, OrgPath: root.Path}}},
		sc: scope.Of(root.Path), tokens: map[string]string{}, pw: map[string]string{}}
}

// tok signs a user in once and returns the access token ("" stays unauthenticated).
func (r *rlEnv) tok(t *testing.T, user string) string {
	t.Helper()
	if user == "" {
		return ""
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if tk, ok := r.tokens[user]; ok {
		return tk
	}
	pw := testenv.DemoPassword
	if p, ok := r.pw[user]; ok {
		pw = p
	}
	res := login(r.Env, user, pw)
	wantStatus(t, res, http.StatusOK)
	tk := fmt.Sprint(res.JSON(t)["access_token"])
	r.tokens[user] = tk
	return tk
}

// advance moves the clock; access tokens are short-lived, so everyone signs in again.
func (r *rlEnv) advance(d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Clock.Advance(d)
	r.tokens = map[string]string{}
}

// as sends a request as user ("" for none).
func (r *rlEnv) as(t *testing.T, user, method, path string, body any) *testenv.Response {
	t.Helper()
	return r.Do(method, path, r.tok(t, user), body)
}

// grant creates a user at orgCode holding role there, as admin.
func (r *rlEnv) grant(t *testing.T, username, orgCode, role string) {
	t.Helper()
	o := oid(t, r.Env, orgCode)
	res := r.as(t, "admin", http.MethodPost, "/api/v1/users", map[string]any{"username": username, "display_name": "测试 " + username,
		"password": rlPassword, "org_id": o, "roles": []map[string]any{{"role": role, "org_id": o}}})
	wantStatus(t, res, http.StatusCreated)
	r.mu.Lock()
	r.pw[username] = rlPassword
	r.mu.Unlock()
}

// fill opens the org's submission of a form for a period through the submission service,
// saves values and moves it to status (draft, submitted, approved or returned). It returns the
// submission id.
func (r *rlEnv) fill(t *testing.T, orgCode, formCode, period string, values map[string]any, status string) int64 {
	t.Helper()
	ctx := context.Background()
	sub, _, err := r.App.Submissions.Open(ctx, r.p, r.sc, formCode, period, oid(t, r.Env, orgCode))
	if err != nil {
		t.Fatalf("open %s %s %s: %v", orgCode, formCode, period, err)
	}
	v := sub.Version
	if sub, err = r.App.Submissions.Save(ctx, r.p, r.sc, sub.ID, values, &v); err != nil {
		t.Fatalf("save %s %s: %v", orgCode, formCode, err)
	}
	if status == "draft" {
		return sub.ID
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
	return sub.ID
}

// train fills an org's teacher-training form for 2025.
func (r *rlEnv) train(t *testing.T, orgCode, payroll, spend, status string) int64 {
	t.Helper()
	return r.fill(t, orgCode, "teacher-training", "2025", map[string]any{"payroll_total": payroll, "training_spend": spend}, status)
}

// campaignID finds the campaign for a form and period as admin.
func (r *rlEnv) campaignID(t *testing.T, form, period string) (int64, int64) {
	t.Helper()
	res := r.as(t, "admin", http.MethodGet, "/api/v1/campaigns?form="+form+"&period="+period, nil)
	wantStatus(t, res, http.StatusOK)
	list, _ := items(t, res)
	if len(list) != 1 {
		t.Fatalf("want one %s %s campaign, got %d", form, period, len(list))
	}
	return id(t, list[0], "id"), id(t, list[0], "task_count")
}

// openCampaign opens a campaign as admin and returns its id.
func (r *rlEnv) openCampaign(t *testing.T, body map[string]any) int64 {
	t.Helper()
	res := r.as(t, "admin", http.MethodPost, "/api/v1/campaigns", body)
	wantStatus(t, res, http.StatusCreated)
	return id(t, res.JSON(t), "id")
}

// rlIndicator is one indicator as the API returns it.
type rlIndicator struct {
	Code            string  `json:"code"`
	Unit            string  `json:"unit"`
	AppliesTo       string  `json:"applies_to"`
	Value           *string `json:"value"`
	Numerator       *string `json:"numerator"`
	Denominator     *string `json:"denominator"`
	Status          string  `json:"status"`
	Gap             *string `json:"gap"`
	Reported        int64   `json:"reported"`
	Expected        int64   `json:"expected"`
	Completeness    *string `json:"completeness"`
	MinCompleteness string  `json:"min_completeness"`
	OrgsReporting   int64   `json:"orgs_reporting"`
	OrgsExpected    int64   `json:"orgs_expected"`
	EveryOrg        bool    `json:"every_org"`
	Judged          string  `json:"judged"`
	Previous        *string `json:"previous"`
	Target          struct {
		Op     string  `json:"op"`
		Value  string  `json:"value"`
		Value2 *string `json:"value2"`
	} `json:"target"`
	PerOrg *struct {
		Passing int64 `json:"passing"`
		Failing int64 `json:"failing"`
	} `json:"per_org"`
}

type rlSummary struct {
	Period string        `json:"period"`
	Basis  string        `json:"basis"`
	AsOf   *time.Time    `json:"as_of"`
	Items  []rlIndicator `json:"items"`
}

// rlGroup is one slice of a breakdown; a nil Status is JSON null (the slice is not judged).
type rlGroup struct {
	Key           string  `json:"key"`
	Label         string  `json:"label"`
	Value         *string `json:"value"`
	Numerator     *string `json:"numerator"`
	Denominator   *string `json:"denominator"`
	OrgsReporting int64   `json:"orgs_reporting"`
	OrgsExpected  int64   `json:"orgs_expected"`
	Status        *string `json:"status"`
}

type rlFailing struct {
	Org struct {
		ID   int64  `json:"id"`
		Code string `json:"code"`
		Name string `json:"name"`
		Type string `json:"type"`
	} `json:"org"`
	Town  string  `json:"town"`
	Value *string `json:"value"`
}

type rlDetail struct {
	rlIndicator
	Period      string      `json:"period"`
	Basis       string      `json:"basis"`
	GroupBy     string      `json:"group_by"`
	Groups      []rlGroup   `json:"groups"`
	FailingOrgs []rlFailing `json:"failing_orgs"`
	MissingOrgs []rlFailing `json:"missing_orgs"`
	// The paging of the three lists.
	GroupsTotal  int64  `json:"groups_total"`
	FailingTotal int64  `json:"failing_total"`
	MissingTotal int64  `json:"missing_total"`
	List         string `json:"list"`
	Page         int    `json:"page"`
	PageSize     int    `json:"page_size"`
	Sort         string `json:"sort"`
}

type rlPoint struct {
	Period string  `json:"period"`
	Value  *string `json:"value"`
	Status string  `json:"status"`
}

// summary gets the indicator summary as user; query is appended to /indicators?.
func (r *rlEnv) summary(t *testing.T, user, query string) rlSummary {
	t.Helper()
	res := r.as(t, user, http.MethodGet, "/api/v1/indicators?"+query, nil)
	wantStatus(t, res, http.StatusOK)
	var s rlSummary
	res.Decode(t, &s)
	return s
}

// item picks one indicator of a summary.
func (s rlSummary) item(t *testing.T, code string) rlIndicator {
	t.Helper()
	for _, in := range s.Items {
		if in.Code == code {
			return in
		}
	}
	t.Fatalf("indicator %s not in summary", code)
	return rlIndicator{}
}

// detail gets one indicator as user.
// Without a page_size in query it asks for the largest page, so the lists are whole (the
// paging scenarios in indicators_page_test.go ask for their own).
func (r *rlEnv) detail(t *testing.T, user, code, query string) rlDetail {
	t.Helper()
	if !strings.Contains(query, "page_size=") {
		query += "&page_size=500"
	}
	res := r.as(t, user, http.MethodGet, "/api/v1/indicators/"+code+"?"+query, nil)
	wantStatus(t, res, http.StatusOK)
	var d rlDetail
	res.Decode(t, &d)
	return d
}

// trend gets an indicator's trend as user; query is appended as is ("" or "?basis=all").
func (r *rlEnv) trend(t *testing.T, user, code, query string) []rlPoint {
	t.Helper()
	res := r.as(t, user, http.MethodGet, "/api/v1/indicators/"+code+"/trend"+query, nil)
	wantStatus(t, res, http.StatusOK)
	var out struct {
		Code   string    `json:"code"`
		Points []rlPoint `json:"points"`
	}
	res.Decode(t, &out)
	if out.Code != code {
		t.Errorf("trend code: want %s, got %q", code, out.Code)
	}
	return out.Points
}

// rlWantPoints checks a trend point by point.
func rlWantPoints(t *testing.T, what string, got []rlPoint, want ...rlPoint) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: want %d points, got %+v", what, len(want), got)
	}
	for i, w := range want {
		if got[i].Period != w.Period || got[i].Status != w.Status {
			t.Errorf("%s point %d: want %s %s, got %s %s", what, i, w.Period, w.Status, got[i].Period, got[i].Status)
		}
		rlDec(t, what+" "+w.Period, got[i].Value, deref(w.Value))
	}
}

// Orgs expected to report, counted by hand from seeds/orgs.yaml (TestIndicatorHandCounts holds
// them to the file). The demo test district opens a district-wide campaign for every form.
const (
	// 中小学幼儿园 (family-school coverage): 21 kindergartens + 28 primary + 8 junior + 3 senior
	// + 4 complete-middle + 5 nine-year + 1 special = 70.
	rlSchoolsAndKgs = 70
	// 区属学校 on teacher-training: those 70 + 1 vocational-secondary (区职教中心) = 71.
	rlDistrictSchools = 71
	// 幼儿园.
	rlKindergartens = 21
	// sports-arts goes to schools, not kindergartens: 28 + 8 + 3 + 4 + 5 + 1 + 1 vocational-secondary = 50.
	rlSportsArts = 50
	// 各级各类学校 on students: the 71 区属学校 + 2 vocational colleges = 73.
	rlAllSchools = 73
	// 职业教育 on students: 1 vocational-secondary + 2 colleges = 3.
	rlVocational = 3
	// 普通高中 on senior-high: 3 senior + 4 complete-middle = 7.
	rlSeniorHigh = 7
)

// rlWant is an indicator's expected standing; "" for a number means null, nil per-org counts
// mean no per-org check.
type rlWant struct {
	value, num, den, gap, status string
	reporting, expected          int64
	perOrg                       *[2]int64 // passing, failing
}

func po(pass, fail int64) *[2]int64 { return &[2]int64{pass, fail} }

// rlDec fails unless got is the decimal want ("" means null).
func rlDec(t *testing.T, what string, got *string, want string) {
	t.Helper()
	if want == "" || want == "null" || got == nil {
		if (want == "" || want == "null") != (got == nil) {
			t.Errorf("%s: want %q, got %v", what, want, deref(got))
		}
		return
	}
	g, err := decimal.NewFromString(*got)
	if err != nil {
		t.Errorf("%s: %q is not a decimal", what, *got)
		return
	}
	if !g.Equal(decimal.RequireFromString(want)) {
		t.Errorf("%s: want %s, got %s", what, want, *got)
	}
}

func deref(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}

func (w rlWant) check(t *testing.T, in rlIndicator) {
	t.Helper()
	rlDec(t, in.Code+" value", in.Value, w.value)
	rlDec(t, in.Code+" numerator", in.Numerator, w.num)
	rlDec(t, in.Code+" denominator", in.Denominator, w.den)
	rlDec(t, in.Code+" gap", in.Gap, w.gap)
	if in.Status != w.status {
		t.Errorf("%s status: want %s, got %s", in.Code, w.status, in.Status)
	}
	if in.Reported != w.reporting || in.OrgsReporting != w.reporting {
		t.Errorf("%s reported: want %d, got %d (orgs_reporting %d)", in.Code, w.reporting, in.Reported, in.OrgsReporting)
	}
	if in.Expected != w.expected || in.OrgsExpected != w.expected {
		t.Errorf("%s expected: want %d, got %d (orgs_expected %d)", in.Code, w.expected, in.Expected, in.OrgsExpected)
	}
	// completeness = reported / expected at 4 places, null when nobody is expected.
	if w.expected > 0 {
		c := decimal.NewFromInt(w.reporting).DivRound(decimal.NewFromInt(w.expected), 4).String()
		rlDec(t, in.Code+" completeness", in.Completeness, c)
	} else if in.Completeness != nil {
		t.Errorf("%s completeness: want null with nobody expected, got %s", in.Code, *in.Completeness)
	}
	switch {
	case w.perOrg == nil && in.PerOrg != nil:
		t.Errorf("%s: want no per_org, got %+v", in.Code, *in.PerOrg)
	case w.perOrg != nil && in.PerOrg == nil:
		t.Errorf("%s: want per_org %v, got none", in.Code, *w.perOrg)
	case w.perOrg != nil && (in.PerOrg.Passing != w.perOrg[0] || in.PerOrg.Failing != w.perOrg[1]):
		t.Errorf("%s per_org: want passing/failing %v, got %d/%d", in.Code, *w.perOrg, in.PerOrg.Passing, in.PerOrg.Failing)
	}
}

// rlWantGroups checks a breakdown: label → value, numerator and denominator (when given),
// status (nil: null), orgs reporting and expected, and that groups come sorted by label.
func rlWantGroups(t *testing.T, gs []rlGroup, want map[string]rlGroup, key func(label string) string) {
	t.Helper()
	if len(gs) != len(want) {
		got := make([]string, len(gs))
		for i, g := range gs {
			got[i] = g.Label + "=" + deref(g.Value)
		}
		t.Errorf("want %d groups, got %d: %v", len(want), len(gs), got)
	}
	for i, g := range gs {
		if i > 0 && gs[i-1].Label > g.Label {
			t.Errorf("groups not sorted by label: %q before %q", gs[i-1].Label, g.Label)
		}
		w, ok := want[g.Label]
		if !ok {
			t.Errorf("unexpected group %q (key %s)", g.Label, g.Key)
			continue
		}
		rlDec(t, g.Label+" value", g.Value, deref(w.Value))
		if w.Numerator != nil {
			rlDec(t, g.Label+" numerator", g.Numerator, *w.Numerator)
		}
		if w.Denominator != nil {
			rlDec(t, g.Label+" denominator", g.Denominator, *w.Denominator)
		}
		if deref(g.Status) != deref(w.Status) || g.OrgsReporting != w.OrgsReporting || g.OrgsExpected != w.OrgsExpected {
			t.Errorf("group %s: want %s with %d of %d orgs, got %s with %d of %d", g.Label, deref(w.Status), w.OrgsReporting,
				w.OrgsExpected, deref(g.Status), g.OrgsReporting, g.OrgsExpected)
		}
		if key != nil && g.Key != key(g.Label) {
			t.Errorf("group %s: want key %s, got %s", g.Label, key(g.Label), g.Key)
		}
	}
}

func sp(s string) *string { return &s }

// Group statuses.
var (
	rlMet    = sp("met")
	rlNotMet = sp("not_met")
	rlInsuff = sp("insufficient_data")
)

// rlWantFailing checks failing_orgs in order: org code, town name and value.
func rlWantFailing(t *testing.T, got []rlFailing, want ...[3]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("want %d failing orgs %v, got %d %+v", len(want), want, len(got), got)
	}
	for i, w := range want {
		f := got[i]
		if f.Org.Code != w[0] || f.Town != w[1] {
			t.Errorf("failing[%d]: want %s in %s, got %s (%s) in %q", i, w[0], w[1], f.Org.Code, f.Org.Name, f.Town)
		}
		if f.Org.Name == "" || f.Org.ID == 0 || f.Org.Type == "" {
			t.Errorf("failing[%d]: org lacks id, name or type: %+v", i, f.Org)
		}
		rlDec(t, "failing "+w[0]+" value", f.Value, w[2])
	}
}

// rlWantMissing checks missing_orgs: n orgs, sorted by code, none of them in reported, every
// one of the given types, each with no value.
func rlWantMissing(t *testing.T, got []rlFailing, n int, types []string, reported ...string) {
	t.Helper()
	if len(got) != n {
		t.Errorf("want %d missing orgs, got %d", n, len(got))
	}
	ok := map[string]bool{}
	for _, ty := range types {
		ok[ty] = true
	}
	for i, m := range got {
		if i > 0 && got[i-1].Org.Code >= m.Org.Code {
			t.Errorf("missing orgs not sorted by code: %s before %s", got[i-1].Org.Code, m.Org.Code)
		}
		for _, code := range reported {
			if m.Org.Code == code {
				t.Errorf("missing lists %s, which reported", code)
			}
		}
		if !ok[m.Org.Type] {
			t.Errorf("missing lists %s of type %s, which is not expected to report", m.Org.Code, m.Org.Type)
		}
		if m.Value != nil || m.Org.Name == "" {
			t.Errorf("missing org %s: want a name and no value, got %+v", m.Org.Code, m)
		}
	}
}

// Org-type sets as the plan words them (vocab.OrgTypeSets).
var (
	rlTypesSchoolsAndKgs  = []string{"kindergarten", "primary", "junior", "senior", "complete_middle", "nine_year", "special"}
	rlTypesDistrictSchool = append(append([]string{}, rlTypesSchoolsAndKgs...), "vocational_secondary")
)

// sportsArts is a sports-arts form with every required field (heritage school and the arts
// awards included).
func sportsArts(sports, arts string, students int) map[string]any {
	v := map[string]any{"sports_specialist": sports != "", "arts_specialist": arts != "", "students_total": students,
		"heritage_school": false, "arts_teaching_awards": 0}
	if sports != "" {
		v["sports_level"] = sports
	}
	if arts != "" {
		v["arts_level"] = arts
	}
	return v
}

// chengnan fills teacher training for all five orgs of 城南街道, approved, except as status
// says (org code → status; "skip" leaves an org as it is). Ratios: cnzxyey 10,000/500,000 = 0.02, cnxx 20,000/1,000,000 = 0.02,
// jfxx 15,000/1,000,000 = 0.015 exactly (passes), xhcz 40,000/2,000,000 = 0.02, xhzx
// 10,000.50/1,000,000 = 0.0100005 (fails). Sums: 95,000.5 / 5,500,000.
func chengnan(t *testing.T, r *rlEnv, status map[string]string) {
	t.Helper()
	for _, o := range []struct{ code, payroll, spend string }{
		{"cnzxyey", "500000.00", "10000.00"}, {"cnxx", "1000000.00", "20000.00"}, {"jfxx", "1000000.00", "15000.00"},
		{"xhcz", "2000000.00", "40000.00"}, {"xhzx", "1000000.00", "10000.50"},
	} {
		st := "approved"
		if s, ok := status[o.code]; ok {
			st = s
		}
		if st == "skip" {
			continue
		}
		r.train(t, o.code, o.payroll, o.spend, st)
	}
}

// nineSchools is the breakdown fixture, all approved: all of 城南 (see chengnan), wlzx in 正阳
// (60,000 / 3,000,000 = 0.02), syyey (5,000 / 500,000 = 0.01, fails) and qjzx (40,000 /
// 2,000,000 = 0.02) in 城西, mzzx (20,000 / 1,000,000 = 0.02) in 城东. 城南 and the three senior
// schools (xhzx, qjzx, mzzx) are complete; nothing else is.
func nineSchools(t *testing.T, r *rlEnv) {
	t.Helper()
	chengnan(t, r, nil)
	r.train(t, "wlzx", "3000000.00", "60000.00", "approved")
	r.train(t, "syyey", "500000.00", "5000.00", "approved")
	r.train(t, "qjzx", "2000000.00", "40000.00", "approved")
	r.train(t, "mzzx", "1000000.00", "20000.00", "approved")
}

// TestIndicatorHandCounts holds the hand counts above to seeds/orgs.yaml, so a roster change
// names the constant to recount instead of breaking every scenario at once.
func TestIndicatorHandCounts(t *testing.T) {
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
	byType := map[string]int{}
	var walk func([]node)
	walk = func(ns []node) {
		for _, n := range ns {
			byType[n.Type]++
			walk(n.Children)
		}
	}
	walk(roots)
	count := func(types ...string) int {
		n := 0
		for _, ty := range types {
			n += byType[ty]
		}
		return n
	}
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"rlSchoolsAndKgs", count(rlTypesSchoolsAndKgs...), rlSchoolsAndKgs},
		{"rlDistrictSchools", count(rlTypesDistrictSchool...), rlDistrictSchools},
		{"rlKindergartens", count("kindergarten"), rlKindergartens},
		{"rlSportsArts", count(rlTypesDistrictSchool[1:]...), rlSportsArts},
		{"rlAllSchools", count(rlTypesDistrictSchool...) + count("vocational_college"), rlAllSchools},
		{"rlVocational", count("vocational_secondary", "vocational_college"), rlVocational},
		{"rlSeniorHigh", count("senior", "complete_middle"), rlSeniorHigh},
	} {
		if c.got != c.want {
			t.Errorf("%s: seeds/orgs.yaml has %d, the hand count says %d", c.name, c.got, c.want)
		}
	}
}

// TestIndicators covers every indicator kind and basis with hand-computed figures. A district
// figure from a handful of schools is insufficient_data (too few of the expected orgs have
// reported); where a scenario needs a judgement it asks as a town's user, whose town has
// reported in full.
func TestIndicators(t *testing.T) {
	t.Parallel()
	scenarios := []struct {
		name string
		run  func(t *testing.T, r *rlEnv)
	}{
		{"indicator-ratio-sum-over-sum", func(t *testing.T, r *rlEnv) {
			// 70,000.50 / 4,000,000.00 = 0.017500125 → 0.017500 (6 places). 2 of the 71 区属学校
			// reported, below min_completeness 1: insufficient_data, no gap.
			r.train(t, "xhzx", "1000000.00", "10000.50", "approved")
			r.train(t, "wlzx", "3000000.00", "60000.00", "approved")
			s := r.summary(t, "leader", "period=2025")
			if s.Period != "2025" || s.Basis != "approved" {
				t.Errorf("want period 2025 basis approved, got %s %s", s.Period, s.Basis)
			}
			if s.AsOf == nil || !s.AsOf.Equal(r.Clock.Now()) {
				t.Errorf("as_of: want %s, got %v", r.Clock.Now(), s.AsOf)
			}
			in := s.item(t, "training.spend_ratio")
			// 2 of 71 reported, but xhzx is below 1.5% and the plan sets 1.5% for every school:
			// that settles it, not_met, however many are still to report.
			want := rlWant{value: "0.017500", num: "70000.5", den: "4000000", status: "not_met", reporting: 2,
				expected: rlDistrictSchools, perOrg: po(1, 1)}
			want.check(t, in)
			if in.Target.Op != ">=" || in.Target.Value != "0.015" || in.Target.Value2 != nil {
				t.Errorf("target: want >= 0.015, got %+v", in.Target)
			}
			if in.MinCompleteness != "1" || !in.EveryOrg || in.Judged != "each" || in.AppliesTo != "district_schools" {
				t.Errorf("definition: want min_completeness 1, every_org, judged each, district_schools; got %s %v %s %s",
					in.MinCompleteness, in.EveryOrg, in.Judged, in.AppliesTo)
			}
			if _, tasks := r.campaignID(t, "teacher-training", "2025"); in.Expected != tasks {
				t.Errorf("expected: want the campaign's %d tasks, got %d", tasks, in.Expected)
			}
			if n := len(r.App.Rollup.Indicators()); len(s.Items) != n {
				t.Errorf("want all %d indicators in the summary, got %d", n, len(s.Items))
			}
			d := r.detail(t, "leader", "training.spend_ratio", "period=2025")
			want.check(t, d.rlIndicator)
			if d.GroupBy != "" || len(d.Groups) != 0 {
				t.Errorf("no group_by: want no groups, got %q %+v", d.GroupBy, d.Groups)
			}
			// The per-org figure is exact: 10,000.50 / 1,000,000 = 0.0100005.
			rlWantFailing(t, d.FailingOrgs, [3]string{"xhzx", "城南街道", "0.0100005"})
			// 71 − 2 = 69 still owe the figure.
			rlWantMissing(t, d.MissingOrgs, rlDistrictSchools-2, rlTypesDistrictSchool, "xhzx", "wlzx")
		}},
		{"indicator-ratio-approved-only", func(t *testing.T, r *rlEnv) {
			// District. approved: xhzx alone, 10,000.5 / 1,000,000 = 0.0100005 → 0.010001.
			// all: with wlzx's submitted 60,000 / 3,000,000: 70,000.5 / 4,000,000 → 0.0175.
			// 1 and 2 of 71 reported, but xhzx fails its own 1.5% on both: not_met either way.
			r.train(t, "xhzx", "1000000.00", "10000.50", "approved")
			r.train(t, "wlzx", "3000000.00", "60000.00", "submitted")
			rlWant{value: "0.010001", num: "10000.5", den: "1000000", status: "not_met", reporting: 1,
				expected: rlDistrictSchools, perOrg: po(0, 1)}.
				check(t, r.summary(t, "leader", "period=2025&basis=approved").item(t, "training.spend_ratio"))
			all := r.summary(t, "leader", "period=2025&basis=all")
			if all.Basis != "all" {
				t.Errorf("want basis all, got %s", all.Basis)
			}
			rlWant{value: "0.0175", num: "70000.5", den: "4000000", status: "not_met", reporting: 2,
				expected: rlDistrictSchools, perOrg: po(1, 1)}.check(t, all.item(t, "training.spend_ratio"))
			d := r.detail(t, "leader", "training.spend_ratio", "period=2025&basis=all&group_by=org")
			if d.Basis != "all" || len(d.Groups) != 2 {
				t.Errorf("basis=all detail: want 2 org groups, got %s %+v", d.Basis, d.Groups)
			}
			// 城南 in full, xhcz only submitted: the basis decides whether the town is complete.
			// approved: cnzxyey, cnxx, jfxx, xhzx = (10,000 + 20,000 + 15,000 + 10,000.5) /
			// (500,000 + 1,000,000 + 1,000,000 + 1,000,000) = 55,000.5 / 3,500,000 = 0.0157144… →
			// 0.015714; 4 of 5 reported, xhzx (approved above) fails its own 1.5%: not_met already.
			// all: + xhcz 40,000 / 2,000,000 = 95,000.5 / 5,500,000 = 0.0172728… → 0.017273; 5 of 5,
			// above 1.5% but xhzx fails its own 1.5%: not_met, and the aggregate has no gap.
			chengnan(t, r, map[string]string{"xhcz": "submitted", "xhzx": "skip"}) // xhzx approved above
			r.grant(t, "cn-leader", "town-chengnan", "leader")
			rlWant{value: "0.015714", num: "55000.5", den: "3500000", status: "not_met", reporting: 4, expected: 5,
				perOrg: po(3, 1)}.check(t, r.summary(t, "cn-leader", "period=2025").item(t, "training.spend_ratio"))
			rlWant{value: "0.017273", num: "95000.5", den: "5500000", status: "not_met", reporting: 5, expected: 5,
				perOrg: po(4, 1)}.check(t, r.summary(t, "cn-leader", "period=2025&basis=all").item(t, "training.spend_ratio"))
		}},
		{"indicator-approve-counts-at-once", func(t *testing.T, r *rlEnv) {
			sub := r.train(t, "wlzx", "3000000.00", "60000.00", "submitted")
			rlWant{num: "0", den: "0", status: "insufficient_data", reporting: 0, expected: rlDistrictSchools, perOrg: po(0, 0)}.
				check(t, r.summary(t, "leader", "period=2025").item(t, "training.spend_ratio"))
			wantStatus(t, r.as(t, "reviewer", http.MethodPost, fmt.Sprintf("/api/v1/submissions/%d/approve", sub), nil), http.StatusOK)
			rlWant{value: "0.02", num: "60000", den: "3000000", status: "insufficient_data", reporting: 1,
				expected: rlDistrictSchools, perOrg: po(1, 0)}.
				check(t, r.summary(t, "leader", "period=2025").item(t, "training.spend_ratio"))
			// The approval that completes a town judges it at once. 城南 with every school at or
			// above 1.5% (xhzx 20,000 / 1,000,000 here), xhcz only submitted:
			// before: (10,000 + 20,000 + 15,000 + 20,000) / (500,000 + 1,000,000 × 3) = 65,000 /
			// 3,500,000 = 0.0185714… → 0.018571, 4 of 5: insufficient_data.
			// after: + 40,000 / 2,000,000 = 105,000 / 5,500,000 = 0.0190909… → 0.019091, 5 of 5: met.
			r.train(t, "cnzxyey", "500000.00", "10000.00", "approved")
			r.train(t, "cnxx", "1000000.00", "20000.00", "approved")
			r.train(t, "jfxx", "1000000.00", "15000.00", "approved")
			r.train(t, "xhzx", "1000000.00", "20000.00", "approved")
			last := r.train(t, "xhcz", "2000000.00", "40000.00", "submitted")
			r.grant(t, "cn-leader", "town-chengnan", "leader")
			rlWant{value: "0.018571", num: "65000", den: "3500000", status: "insufficient_data", reporting: 4, expected: 5,
				perOrg: po(4, 0)}.check(t, r.summary(t, "cn-leader", "period=2025").item(t, "training.spend_ratio"))
			wantStatus(t, r.as(t, "reviewer", http.MethodPost, fmt.Sprintf("/api/v1/submissions/%d/approve", last), nil), http.StatusOK)
			rlWant{value: "0.019091", num: "105000", den: "5500000", gap: "0", status: "met", reporting: 5, expected: 5,
				perOrg: po(5, 0)}.check(t, r.summary(t, "cn-leader", "period=2025").item(t, "training.spend_ratio"))
		}},
		{"indicator-returned-counts-nowhere", func(t *testing.T, r *rlEnv) {
			approved := r.train(t, "xhzx", "1000000.00", "10000.50", "approved")
			sub := r.train(t, "wlzx", "3000000.00", "60000.00", "submitted")
			wantStatus(t, r.as(t, "reviewer", http.MethodPost, fmt.Sprintf("/api/v1/submissions/%d/return", sub),
				map[string]any{"comment": "工资总额有误"}), http.StatusOK)
			// xhzx alone on both bases: 0.0100005 → 0.010001, 1 of 71, below its own 1.5%: not_met.
			one := rlWant{value: "0.010001", num: "10000.5", den: "1000000", status: "not_met", reporting: 1,
				expected: rlDistrictSchools, perOrg: po(0, 1)}
			for _, basis := range []string{"approved", "all"} {
				one.check(t, r.summary(t, "leader", "period=2025&basis="+basis).item(t, "training.spend_ratio"))
			}
			// Reopening the approved one takes it out of both as well: nothing, and 71 missing.
			wantStatus(t, r.as(t, "reviewer", http.MethodPost, fmt.Sprintf("/api/v1/submissions/%d/reopen", approved),
				map[string]any{"comment": "请补充"}), http.StatusOK)
			for _, basis := range []string{"approved", "all"} {
				rlWant{num: "0", den: "0", status: "insufficient_data", reporting: 0, expected: rlDistrictSchools, perOrg: po(0, 0)}.
					check(t, r.summary(t, "leader", "period=2025&basis="+basis).item(t, "training.spend_ratio"))
				d := r.detail(t, "leader", "training.spend_ratio", "period=2025&basis="+basis)
				rlWantMissing(t, d.MissingOrgs, rlDistrictSchools, rlTypesDistrictSchool)
			}
		}},
		{"indicator-count-where", func(t *testing.T, r *rlEnv) {
			r.fill(t, "xhzx", "sports-arts", "2025", sportsArts("municipal", "", 1000), "approved")
			r.fill(t, "wlzx", "sports-arts", "2025", sportsArts("district", "district", 800), "approved")
			r.fill(t, "cnxx", "sports-arts", "2025", sportsArts("", "", 600), "approved")
			// Sports: xhzx and wlzx = 2; arts: wlzx = 1. A district count: 3 of the 50 schools
			// reported, below 0.9 × 50 = 45: insufficient_data.
			s := r.summary(t, "leader", "period=2025")
			sports := s.item(t, "sports.specialist_schools")
			rlWant{value: "2", num: "2", status: "insufficient_data", reporting: 3, expected: rlSportsArts}.check(t, sports)
			rlWant{value: "1", num: "1", status: "insufficient_data", reporting: 3, expected: rlSportsArts}.
				check(t, s.item(t, "arts.specialist_schools"))
			if sports.Judged != "district" || sports.MinCompleteness != "0.9" || sports.EveryOrg {
				t.Errorf("a count target: want judged district, min_completeness 0.9, not every_org; got %s %s %v",
					sports.Judged, sports.MinCompleteness, sports.EveryOrg)
			}
			// A town only contributes to the district's 30: its group is not judged (null).
			// sports-arts orgs: 城南 cnxx, jfxx, xhcz, xhzx = 4; 正阳 wlxx, xcxx, qgxx, wlzx, zjzx,
			// 育才中学 = 6 (the college does not fill it).
			d := r.detail(t, "leader", "sports.specialist_schools", "period=2025&group_by=town")
			rlWantGroups(t, d.Groups, map[string]rlGroup{
				"城南街道": {Value: sp("1"), OrgsReporting: 2, OrgsExpected: 4},
				"正阳街道": {Value: sp("1"), OrgsReporting: 1, OrgsExpected: 6},
			}, nil)
		}},
		{"indicator-count-where-none-met-is-zero", func(t *testing.T, r *rlEnv) {
			r.fill(t, "cnxx", "sports-arts", "2025", sportsArts("", "", 600), "approved")
			rlWant{value: "0", num: "0", status: "insufficient_data", reporting: 1, expected: rlSportsArts}.
				check(t, r.summary(t, "leader", "period=2025").item(t, "sports.specialist_schools"))
		}},
		{"indicator-count-share-per-org", func(t *testing.T, r *rlEnv) {
			family := func(school, committee bool) map[string]any {
				return map[string]any{"has_parent_school": school, "has_parent_committee": committee}
			}
			r.fill(t, "xhzx", "family-school", "2025", family(true, true), "approved")
			wl := family(false, true)
			wl["committee_members"] = 9
			r.fill(t, "wlzx", "family-school", "2025", wl, "approved")
			// Coverage divides by the 70 中小学幼儿园 expected, not the 2 that reported:
			// parent school 1 / 70 = 0.0142857… → 0.014286; committee 2 / 70 = 0.0285714… → 0.028571.
			s := r.summary(t, "leader", "period=2025")
			// wlzx has no parent school, and the plan wants one in every school: not_met at once; the
			// committees, all present so far, wait for the rest (insufficient_data).
			rlWant{value: "0.014286", num: "1", den: "70", status: "not_met", reporting: 2, expected: rlSchoolsAndKgs,
				perOrg: po(1, 1)}.check(t, s.item(t, "family.parent_school"))
			rlWant{value: "0.028571", num: "2", den: "70", status: "insufficient_data", reporting: 2, expected: rlSchoolsAndKgs,
				perOrg: po(2, 0)}.check(t, s.item(t, "family.parent_committee"))
			d := r.detail(t, "leader", "family.parent_school", "period=2025")
			rlWantFailing(t, d.FailingOrgs, [3]string{"wlzx", "正阳街道", "0"})
			if d.FailingOrgs[0].Org.Name != "武陵中学" {
				t.Errorf("want the failing school named 武陵中学, got %q", d.FailingOrgs[0].Org.Name)
			}
			if d := r.detail(t, "leader", "family.parent_committee", "period=2025"); len(d.FailingOrgs) != 0 {
				t.Errorf("parent committee: want no failing orgs, got %+v", d.FailingOrgs)
			}
			// 城南 in full (xhzx above, then cnzxyey, cnxx, xhcz with both, jfxx with a committee
			// only): parent school 4 / 5 = 0.8 against = 1, gap 0.2; committee 5 / 5 = 1: met.
			for _, o := range []string{"cnzxyey", "cnxx", "xhcz"} {
				r.fill(t, o, "family-school", "2025", family(true, true), "approved")
			}
			r.fill(t, "jfxx", "family-school", "2025", family(false, true), "approved")
			r.grant(t, "cn-leader", "town-chengnan", "leader")
			cn := r.summary(t, "cn-leader", "period=2025")
			// (A miss by named schools has no numeric gap: the list of them is the gap.)
			rlWant{value: "0.8", num: "4", den: "5", status: "not_met", reporting: 5, expected: 5, perOrg: po(4, 1)}.
				check(t, cn.item(t, "family.parent_school"))
			rlWant{value: "1", num: "5", den: "5", gap: "0", status: "met", reporting: 5, expected: 5, perOrg: po(5, 0)}.
				check(t, cn.item(t, "family.parent_committee"))
		}},
		{"indicator-sum-with-where", func(t *testing.T, r *rlEnv) {
			// children: syyey 300 (puhui, public, level1), zyyey 100 (neither, level3), cnzxyey 200
			// (puhui, public, level2). puhui 500/600 = 0.833333; public the same; level 1-2 is
			// coverage of the 21 kindergartens expected: 2/21 = 0.0952380… → 0.095238; certified
			// 35/40 = 0.875, zyyey's 5/10 failing its own check. 3 of 21 reported: insufficient_data.
			kg := func(rating string, puhui bool, own string, children, teachers, cert int) map[string]any {
				return map[string]any{"rating_level": rating, "is_puhui": puhui, "ownership": own,
					"children_enrolled": children, "teachers": teachers, "certified_teachers": cert}
			}
			r.fill(t, "syyey", "kindergarten", "2025", kg("level1", true, "public", 300, 20, 20), "approved")
			r.fill(t, "zyyey", "kindergarten", "2025", kg("level3", false, "private", 100, 10, 5), "approved")
			r.fill(t, "cnzxyey", "kindergarten", "2025", kg("level2", true, "public", 200, 10, 10), "approved")
			s := r.summary(t, "leader", "period=2025")
			rlWant{value: "0.833333", num: "500", den: "600", status: "insufficient_data", reporting: 3, expected: rlKindergartens}.
				check(t, s.item(t, "preschool.puhui_coverage"))
			rlWant{value: "0.833333", num: "500", den: "600", status: "insufficient_data", reporting: 3, expected: rlKindergartens}.
				check(t, s.item(t, "preschool.public_share"))
			rlWant{value: "0.095238", num: "2", den: "21", status: "insufficient_data", reporting: 3, expected: rlKindergartens}.
				check(t, s.item(t, "preschool.level2_share"))
			// zyyey below 100% certified settles the every-kindergarten target: not_met.
			rlWant{value: "0.875", num: "35", den: "40", status: "not_met", reporting: 3, expected: rlKindergartens,
				perOrg: po(2, 1)}.check(t, s.item(t, "preschool.teacher_cert"))
			// By town: 城西 has three kindergartens (syyey, jgyey, 金太阳) and one reported:
			// insufficient_data; 正阳 (zyyey) and 城南 (cnzxyey) have one each, complete: 0/100
			// against 90% is not met, 200/200 is.
			d := r.detail(t, "leader", "preschool.puhui_coverage", "period=2025&group_by=town")
			rlWantGroups(t, d.Groups, map[string]rlGroup{
				"城西街道": {Value: sp("1"), Numerator: sp("300"), Denominator: sp("300"), Status: rlInsuff, OrgsReporting: 1, OrgsExpected: 3},
				"正阳街道": {Value: sp("0"), Numerator: sp("0"), Denominator: sp("100"), Status: rlNotMet, OrgsReporting: 1, OrgsExpected: 1},
				"城南街道": {Value: sp("1"), Numerator: sp("200"), Denominator: sp("200"), Status: rlMet, OrgsReporting: 1, OrgsExpected: 1},
			}, nil)
			d = r.detail(t, "leader", "preschool.teacher_cert", "period=2025&group_by=town")
			rlWantFailing(t, d.FailingOrgs, [3]string{"zyyey", "正阳街道", "0.5"})
			rlWantGroups(t, d.Groups, map[string]rlGroup{
				"城西街道": {Value: sp("1"), Status: rlInsuff, OrgsReporting: 1, OrgsExpected: 3},
				"正阳街道": {Value: sp("0.5"), Status: rlNotMet, OrgsReporting: 1, OrgsExpected: 1},
				"城南街道": {Value: sp("1"), Status: rlMet, OrgsReporting: 1, OrgsExpected: 1},
			}, nil)
		}},
		{"indicator-bureau-stats", func(t *testing.T, r *rlEnv) {
			// The bureau reports its own statistics; admin is the bureau's sysadmin. One org is
			// expected (the bureau) and it reported: judged.
			res := r.as(t, "admin", http.MethodPost, "/api/v1/submissions", map[string]any{"form": "bureau-stats", "period": "2025"})
			if res.Status != http.StatusCreated && res.Status != http.StatusOK {
				t.Fatalf("open bureau-stats: %d %s", res.Status, res.Body)
			}
			doc := res.JSON(t)
			sub, version := id(t, doc, "id"), id(t, doc, "version")
			path := fmt.Sprintf("/api/v1/submissions/%d", sub)
			step := func(user, method, p string, body any) int64 {
				t.Helper()
				res := r.as(t, user, method, p, body)
				wantStatus(t, res, http.StatusOK)
				return id(t, res.JSON(t), "version")
			}
			values := map[string]any{"resident_children_3_5": 1000, "children_enrolled_3_5": 930, "cohort_grade1": 500,
				"cohort_grade9_graduates": 480, "regional_institutions": 2, "cooperation_projects": 0}
			step("admin", http.MethodPut, path, map[string]any{"version": version, "values": values})
			step("admin", http.MethodPost, path+"/submit", nil)
			step("reviewer", http.MethodPost, path+"/approve", nil)
			s := r.summary(t, "leader", "period=2025")
			// “建立1—3个”: at least one project; none is 1 short.
			co := s.item(t, "cooperation.projects")
			rlWant{value: "0", num: "0", gap: "1", status: "not_met", reporting: 1, expected: 1}.check(t, co)
			if co.Target.Op != ">=" || co.Target.Value != "1" || co.Target.Value2 != nil {
				t.Errorf("cooperation target: want >= 1, got %+v", co.Target)
			}
			// 930 / 1000 = 0.93 (>= 0.93); 480 / 500 = 0.96 (>= 0.95); 2 institutions, 1 short of 3.
			rlWant{value: "0.93", num: "930", den: "1000", gap: "0", status: "met", reporting: 1, expected: 1}.
				check(t, s.item(t, "preschool.gross_enrolment"))
			rlWant{value: "0.96", num: "480", den: "500", gap: "0", status: "met", reporting: 1, expected: 1}.
				check(t, s.item(t, "compulsory.retention"))
			rlWant{value: "2", num: "2", gap: "1", status: "not_met", reporting: 1, expected: 1}.
				check(t, s.item(t, "hub.regional_institutions"))

			// Reopened and corrected to 5 projects: more than 3 is no miss; provisional until
			// approved again, and the official figure has nobody reporting meanwhile.
			version = step("reviewer", http.MethodPost, path+"/reopen", map[string]any{"comment": "合作项目数请核实"})
			values["cooperation_projects"] = 5
			step("admin", http.MethodPut, path, map[string]any{"version": version, "values": values})
			step("admin", http.MethodPost, path+"/submit", nil)
			rlWant{value: "5", num: "5", gap: "0", status: "met", reporting: 1, expected: 1}.
				check(t, r.summary(t, "leader", "period=2025&basis=all").item(t, "cooperation.projects"))
			rlWant{num: "0", status: "insufficient_data", reporting: 0, expected: 1}.
				check(t, r.summary(t, "leader", "period=2025").item(t, "cooperation.projects"))
			step("reviewer", http.MethodPost, path+"/approve", nil)
			rlWant{value: "5", num: "5", gap: "0", status: "met", reporting: 1, expected: 1}.
				check(t, r.summary(t, "leader", "period=2025").item(t, "cooperation.projects"))
		}},
		{"indicator-between-top-university", func(t *testing.T, r *rlEnv) {
			// “稳定在8~10人”: the 7 普通高中 (3 senior, 4 complete-middle) all report.
			top := func(n int) map[string]any {
				return map[string]any{"gaokao_candidates": 300, "top_university_admissions": n, "double_first_class_admissions": 0}
			}
			xh := r.fill(t, "xhzx", "senior-high", "2025", top(4), "approved")
			for code, n := range map[string]int{"qjzx": 3, "mzzx": 2, "zhengyang-yucai-zx": 1, "zhuoshui-zx": 1, "shihui-zx": 0, "mala-zx": 0} {
				r.fill(t, code, "senior-high", "2025", top(n), "approved")
			}
			// 4 + 3 + 2 + 1 + 1 + 0 + 0 = 11, one above 10.
			in := r.summary(t, "leader", "period=2025").item(t, "senior.top_university")
			rlWant{value: "11", num: "11", gap: "1", status: "not_met", reporting: 7, expected: rlSeniorHigh}.check(t, in)
			if in.Target.Op != "between" || in.Target.Value != "8" || deref(in.Target.Value2) != "10" || in.Judged != "district" {
				t.Errorf("target: want between 8 and 10 judged district, got %+v %s", in.Target, in.Judged)
			}
			// xhzx corrects 4 to 2: 9 on the provisional figures; officially 6 of 7 reported, below
			// 0.9 × 7 = 6.3, until the correction is approved.
			wantStatus(t, r.as(t, "reviewer", http.MethodPost, fmt.Sprintf("/api/v1/submissions/%d/reopen", xh),
				map[string]any{"comment": "请核实上线人数"}), http.StatusOK)
			r.fill(t, "xhzx", "senior-high", "2025", top(2), "submitted")
			rlWant{value: "9", num: "9", gap: "0", status: "met", reporting: 7, expected: rlSeniorHigh}.
				check(t, r.summary(t, "leader", "period=2025&basis=all").item(t, "senior.top_university"))
			rlWant{value: "7", num: "7", status: "insufficient_data", reporting: 6, expected: rlSeniorHigh}.
				check(t, r.summary(t, "leader", "period=2025").item(t, "senior.top_university"))
			wantStatus(t, r.as(t, "reviewer", http.MethodPost, fmt.Sprintf("/api/v1/submissions/%d/approve", xh), nil), http.StatusOK)
			rlWant{value: "9", num: "9", gap: "0", status: "met", reporting: 7, expected: rlSeniorHigh}.
				check(t, r.summary(t, "leader", "period=2025").item(t, "senior.top_university"))
		}},
		{"indicator-sum-only-count", func(t *testing.T, r *rlEnv) {
			// students: xhzx 1,200 (300 from outside, municipal labour demo), wlzx 800 (100,
			// district), zjzx 3,000 (600), and the two colleges 12,000 (2,000) and 15,000 (3,000).
			st := func(total, outside int, labour string) map[string]any {
				return map[string]any{"students_total": total, "students_out_of_district": outside, "labour_demo_level": labour}
			}
			r.fill(t, "xhzx", "students", "2025", st(1200, 300, "municipal"), "approved")
			r.fill(t, "wlzx", "students", "2025", st(800, 100, "district"), "approved")
			r.fill(t, "zjzx", "students", "2025", st(3000, 600, "none"), "approved")
			r.fill(t, "cqjmzyxy", "students", "2025", st(12000, 2000, "none"), "approved")
			r.fill(t, "cqlyzyxy", "students", "2025", st(15000, 3000, "none"), "approved")
			s := r.summary(t, "leader", "period=2025")
			// 各级各类学校: 1,200 + 800 + 3,000 + 12,000 + 15,000 = 32,000 students, 300 + 100 +
			// 600 + 2,000 + 3,000 = 6,000 from outside, 6,000 / 32,000 = 0.1875; 5 of 73 reported.
			rlWant{value: "32000", num: "32000", status: "insufficient_data", reporting: 5, expected: rlAllSchools}.
				check(t, s.item(t, "hub.students_total"))
			rlWant{value: "6000", num: "6000", status: "insufficient_data", reporting: 5, expected: rlAllSchools}.
				check(t, s.item(t, "hub.out_of_district"))
			rlWant{value: "0.1875", num: "6000", den: "32000", status: "insufficient_data", reporting: 5, expected: rlAllSchools}.
				check(t, s.item(t, "hub.out_of_district_share"))
			// 职业教育: all 3 reported, 3,000 + 12,000 + 15,000 = 30,000 against 35,000: judged, 5,000 short.
			rlWant{value: "30000", num: "30000", gap: "5000", status: "not_met", reporting: 3, expected: rlVocational}.
				check(t, s.item(t, "vocational.enrolment"))
			// 区属学校 only (the colleges do not count): xhzx is the one municipal demo school, 3 of 71.
			rlWant{value: "1", num: "1", status: "insufficient_data", reporting: 3, expected: rlDistrictSchools}.
				check(t, s.item(t, "labour.demo_schools"))
		}},
		{"indicator-group-by-org-type", func(t *testing.T, r *rlEnv) {
			nineSchools(t, r)
			d := r.detail(t, "leader", "training.spend_ratio", "period=2025&group_by=org_type")
			// district: 95,000.5 (城南) + 60,000 + 5,000 + 40,000 + 20,000 = 220,000.5 over
			// 5,500,000 + 3,000,000 + 500,000 + 2,000,000 + 1,000,000 = 12,000,000 = 0.0183333… →
			// 0.018333; 9 of 71; xhzx and syyey fail their own 1.5%: not_met.
			rlWant{value: "0.018333", num: "220000.5", den: "12000000", status: "not_met", reporting: 9,
				expected: rlDistrictSchools, perOrg: po(7, 2)}.check(t, d.rlIndicator)
			if d.GroupBy != "org_type" {
				t.Errorf("want group_by org_type, got %q", d.GroupBy)
			}
			// kindergarten: cnzxyey + syyey = 15,000 / 1,000,000 = 0.015, 2 of 21, syyey below: not_met.
			// primary: cnxx + jfxx = 35,000 / 2,000,000 = 0.0175, 2 of 28.
			// junior: xhcz + wlzx = 100,000 / 5,000,000 = 0.02, 2 of 8.
			// senior: xhzx + qjzx + mzzx = 70,000.5 / 4,000,000 = 0.017500125 → 0.0175, all 3: above
			// 1.5% in aggregate, but xhzx fails its own check: not_met.
			rlWantGroups(t, d.Groups, map[string]rlGroup{
				"kindergarten": {Value: sp("0.015"), Numerator: sp("15000"), Denominator: sp("1000000"), Status: rlNotMet, OrgsReporting: 2, OrgsExpected: 21},
				"primary":      {Value: sp("0.0175"), Numerator: sp("35000"), Denominator: sp("2000000"), Status: rlInsuff, OrgsReporting: 2, OrgsExpected: 28},
				"junior":       {Value: sp("0.02"), Numerator: sp("100000"), Denominator: sp("5000000"), Status: rlInsuff, OrgsReporting: 2, OrgsExpected: 8},
				"senior":       {Value: sp("0.0175"), Numerator: sp("70000.5"), Denominator: sp("4000000"), Status: rlNotMet, OrgsReporting: 3, OrgsExpected: 3},
			}, func(label string) string { return label })
		}},
		{"indicator-group-by-town", func(t *testing.T, r *rlEnv) {
			nineSchools(t, r)
			d := r.detail(t, "leader", "training.spend_ratio", "period=2025&group_by=town")
			towns := map[string]string{"城南街道": "town-chengnan", "正阳街道": "town-zhengyang", "城西街道": "town-chengxi", "城东街道": "town-chengdong"}
			// 城南: 95,000.5 / 5,500,000 = 0.0172728… → 0.017273, 5 of 5, xhzx fails: not_met.
			// 正阳: 60,000 / 3,000,000 = 0.02, 1 of 7. 城西: (5,000 + 40,000) / (500,000 + 2,000,000)
			// = 0.018, 2 of 6, syyey's 5,000 < 0.015 × 500,000 = 7,500: not_met. 城东: 20,000 /
			// 1,000,000 = 0.02, 1 of 6.
			rlWantGroups(t, d.Groups, map[string]rlGroup{
				"城南街道": {Value: sp("0.017273"), Numerator: sp("95000.5"), Denominator: sp("5500000"), Status: rlNotMet, OrgsReporting: 5, OrgsExpected: 5},
				"正阳街道": {Value: sp("0.02"), Numerator: sp("60000"), Denominator: sp("3000000"), Status: rlInsuff, OrgsReporting: 1, OrgsExpected: 7},
				"城西街道": {Value: sp("0.018"), Numerator: sp("45000"), Denominator: sp("2500000"), Status: rlNotMet, OrgsReporting: 2, OrgsExpected: 6},
				"城东街道": {Value: sp("0.02"), Numerator: sp("20000"), Denominator: sp("1000000"), Status: rlInsuff, OrgsReporting: 1, OrgsExpected: 6},
			}, func(label string) string { return strconv.FormatInt(oid(t, r.Env, towns[label]), 10) })
		}},
		{"indicator-group-by-org", func(t *testing.T, r *rlEnv) {
			nineSchools(t, r)
			d := r.detail(t, "leader", "training.spend_ratio", "period=2025&group_by=org")
			codes := map[string]string{"城南中心幼儿园": "cnzxyey", "城南小学": "cnxx", "积富小学": "jfxx", "新华初级中学": "xhcz",
				"新华中学": "xhzx", "武陵中学": "wlzx", "实验幼儿园": "syyey", "黔江中学": "qjzx", "民族中学": "mzzx"}
			// Each school is judged by its own exact check: jfxx at exactly 1.5% passes; xhzx
			// (0.0100005 → 0.010001) and syyey (0.01) fail.
			rlWantGroups(t, d.Groups, map[string]rlGroup{
				"城南中心幼儿园": {Value: sp("0.02"), Status: rlMet, OrgsReporting: 1, OrgsExpected: 1},
				"城南小学":    {Value: sp("0.02"), Status: rlMet, OrgsReporting: 1, OrgsExpected: 1},
				"积富小学":    {Value: sp("0.015"), Numerator: sp("15000"), Denominator: sp("1000000"), Status: rlMet, OrgsReporting: 1, OrgsExpected: 1},
				"新华初级中学":  {Value: sp("0.02"), Status: rlMet, OrgsReporting: 1, OrgsExpected: 1},
				"新华中学":    {Value: sp("0.010001"), Status: rlNotMet, OrgsReporting: 1, OrgsExpected: 1},
				"武陵中学":    {Value: sp("0.02"), Status: rlMet, OrgsReporting: 1, OrgsExpected: 1},
				"实验幼儿园":   {Value: sp("0.01"), Numerator: sp("5000"), Denominator: sp("500000"), Status: rlNotMet, OrgsReporting: 1, OrgsExpected: 1},
				"黔江中学":    {Value: sp("0.02"), Status: rlMet, OrgsReporting: 1, OrgsExpected: 1},
				"民族中学":    {Value: sp("0.02"), Status: rlMet, OrgsReporting: 1, OrgsExpected: 1},
			}, func(label string) string { return strconv.FormatInt(oid(t, r.Env, codes[label]), 10) })
			// A target with no per-school check judges no school: 区外生源占比 is a district share.
			r.fill(t, "xhzx", "students", "2025", map[string]any{"students_total": 1200, "students_out_of_district": 300}, "approved")
			d = r.detail(t, "leader", "hub.out_of_district_share", "period=2025&group_by=org")
			rlWantGroups(t, d.Groups, map[string]rlGroup{
				"新华中学": {Value: sp("0.25"), Numerator: sp("300"), Denominator: sp("1200"), OrgsReporting: 1, OrgsExpected: 1},
			}, nil)
		}},
		{"indicator-per-org-failing-list", func(t *testing.T, r *rlEnv) {
			nineSchools(t, r)
			d := r.detail(t, "leader", "training.spend_ratio", "period=2025")
			if d.PerOrg == nil || d.PerOrg.Passing != 7 || d.PerOrg.Failing != 2 {
				t.Errorf("want 7 passing and 2 failing, got %+v", d.PerOrg)
			}
			// Worst first on the exact ratio: syyey 0.01, then xhzx 0.0100005.
			rlWantFailing(t, d.FailingOrgs, [3]string{"syyey", "城西街道", "0.01"}, [3]string{"xhzx", "城南街道", "0.0100005"})
			// Provisional figures name a submitted-only failing school too: wtxx 1,000 / 1,000,000.
			r.train(t, "wtxx", "1000000.00", "1000.00", "submitted")
			d = r.detail(t, "leader", "training.spend_ratio", "period=2025&basis=all")
			rlWantFailing(t, d.FailingOrgs, [3]string{"wtxx", "城东街道", "0.001"}, [3]string{"syyey", "城西街道", "0.01"},
				[3]string{"xhzx", "城南街道", "0.0100005"})
			if d.PerOrg == nil || d.PerOrg.Passing != 7 || d.PerOrg.Failing != 3 {
				t.Errorf("basis=all: want 7 passing and 3 failing, got %+v", d.PerOrg)
			}
		}},
		{"indicator-scope-by-town", func(t *testing.T, r *rlEnv) {
			nineSchools(t, r)
			r.grant(t, "cn-leader", "town-chengnan", "leader")
			r.grant(t, "zy-reviewer", "town-zhengyang", "reviewer")
			// 城南 in full: 95,000.5 / 5,500,000 → 0.017273, 5 of the 5 orgs with the task; above
			// 1.5% in aggregate, but xhzx fails its own check.
			s := r.summary(t, "cn-leader", "period=2025")
			rlWant{value: "0.017273", num: "95000.5", den: "5500000", status: "not_met", reporting: 5, expected: 5,
				perOrg: po(4, 1)}.check(t, s.item(t, "training.spend_ratio"))
			d := r.detail(t, "cn-leader", "training.spend_ratio", "period=2025&group_by=town")
			rlWantGroups(t, d.Groups, map[string]rlGroup{
				"城南街道": {Value: sp("0.017273"), Status: rlNotMet, OrgsReporting: 5, OrgsExpected: 5},
			}, nil)
			rlWantFailing(t, d.FailingOrgs, [3]string{"xhzx", "城南街道", "0.0100005"})
			if len(d.MissingOrgs) != 0 {
				t.Errorf("城南 reported in full: want no missing orgs, got %+v", d.MissingOrgs)
			}
			d = r.detail(t, "cn-leader", "training.spend_ratio", "period=2025&group_by=org")
			rlWantGroups(t, d.Groups, map[string]rlGroup{
				"城南中心幼儿园": {Value: sp("0.02"), Status: rlMet, OrgsReporting: 1, OrgsExpected: 1},
				"城南小学":    {Value: sp("0.02"), Status: rlMet, OrgsReporting: 1, OrgsExpected: 1},
				"积富小学":    {Value: sp("0.015"), Status: rlMet, OrgsReporting: 1, OrgsExpected: 1},
				"新华初级中学":  {Value: sp("0.02"), Status: rlMet, OrgsReporting: 1, OrgsExpected: 1},
				"新华中学":    {Value: sp("0.010001"), Status: rlNotMet, OrgsReporting: 1, OrgsExpected: 1},
			}, nil)
			// 正阳: wlzx alone; seven orgs there have the form's types (the college does not).
			rlWant{value: "0.02", num: "60000", den: "3000000", status: "insufficient_data", reporting: 1, expected: 7, perOrg: po(1, 0)}.
				check(t, r.summary(t, "zy-reviewer", "period=2025").item(t, "training.spend_ratio"))
			d = r.detail(t, "zy-reviewer", "training.spend_ratio", "period=2025&group_by=org_type")
			if len(d.FailingOrgs) != 0 || len(d.Groups) != 1 || d.Groups[0].Key != "junior" {
				t.Errorf("正阳: want one junior group and nobody failing, got %+v %+v", d.Groups, d.FailingOrgs)
			}
			// 7 − 1 = 6 of 正阳's own orgs still owe it, none of another town's.
			rlWantMissing(t, d.MissingOrgs, 6, rlTypesDistrictSchool, "wlzx")
			// No body a town user sees names another town's schools or towns (the plan's own
			// wording, which names schools, aside).
			for _, q := range []string{"/indicators?period=2025&basis=all", "/indicators/training.spend_ratio?period=2025&group_by=org",
				"/indicators/training.spend_ratio?period=2025&group_by=town", "/indicators/training.spend_ratio/trend"} {
				res := r.as(t, "cn-leader", http.MethodGet, "/api/v1"+q, nil)
				wantStatus(t, res, http.StatusOK)
				body := rlFigures(t, r, res.Body)
				for _, foreign := range []string{"武陵中学", "实验幼儿园", "黔江中学", "民族中学", "正阳街道", "城西街道", "城东街道"} {
					if strings.Contains(body, foreign) {
						t.Errorf("cn-leader %s: body names %s", q, foreign)
					}
				}
			}
			wantStatus(t, r.as(t, "", http.MethodGet, "/api/v1/indicators?period=2025", nil), http.StatusUnauthorized)
		}},
		{"indicator-trend-two-periods", func(t *testing.T, r *rlEnv) {
			r.openCampaign(t, map[string]any{"form": "teacher-training", "period": "2024", "deadline": r.Clock.Now().Add(30 * 24 * time.Hour)})
			r.fill(t, "xhzx", "teacher-training", "2024", map[string]any{"payroll_total": "1000000", "training_spend": "20000"}, "approved")
			r.train(t, "xhzx", "1000000.00", "10000.50", "approved")
			r.train(t, "wlzx", "3000000.00", "60000.00", "submitted")
			// District, 1 or 2 of 71 each year. 2024: 20,000 / 1,000,000 = 0.02, no school below:
			// insufficient_data. 2025: approved 0.0100005 → 0.010001, all 0.0175, and xhzx below its
			// own 1.5% either way: not_met.
			rlWantPoints(t, "approved", r.trend(t, "leader", "training.spend_ratio", ""),
				rlPoint{"2024", sp("0.02"), "insufficient_data"}, rlPoint{"2025", sp("0.010001"), "not_met"})
			rlWantPoints(t, "all", r.trend(t, "leader", "training.spend_ratio", "?basis=all"),
				rlPoint{"2024", sp("0.02"), "insufficient_data"}, rlPoint{"2025", sp("0.0175"), "not_met"})
			r.grant(t, "zy-leader", "town-zhengyang", "leader")
			rlWantPoints(t, "正阳 approved", r.trend(t, "zy-leader", "training.spend_ratio", ""))
			rlWantPoints(t, "正阳 all", r.trend(t, "zy-leader", "training.spend_ratio", "?basis=all"), rlPoint{"2025", sp("0.02"), "insufficient_data"})
			// A figure judged each year: the bureau, the one org expected, reports its institutions:
			// 3 in 2024 (>= 3, met), 2 in 2025 (not met).
			r.openCampaign(t, map[string]any{"form": "bureau-stats", "period": "2024", "deadline": r.Clock.Now().Add(30 * 24 * time.Hour)})
			bureau := func(n int) map[string]any {
				return map[string]any{"resident_children_3_5": 1000, "children_enrolled_3_5": 930, "regional_institutions": n}
			}
			r.fill(t, "qjjw", "bureau-stats", "2024", bureau(3), "approved")
			r.fill(t, "qjjw", "bureau-stats", "2025", bureau(2), "approved")
			rlWantPoints(t, "institutions", r.trend(t, "leader", "hub.regional_institutions", ""),
				rlPoint{"2024", sp("3"), "met"}, rlPoint{"2025", sp("2"), "not_met"})
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

// rlFigures returns a JSON body without the indicators' fixed wording (name, plan quote and
// denominator rule, where they equal the definition), for leak checks: the plan itself names
// schools and departments (新华中学教学综合楼, 区财政局), and that is no leak; anything else
// naming an org is.
func rlFigures(t *testing.T, r *rlEnv, body []byte) string {
	t.Helper()
	defs := map[string]rollup.Indicator{}
	for _, in := range r.App.Rollup.Indicators() {
		defs[in.Code] = in
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return string(body)
	}
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			if code, ok := x["code"].(string); ok {
				if in, ok := defs[code]; ok {
					for k, text := range map[string]string{"name": in.Name, "name_en": in.NameEn, "plan": in.Plan, "denominator_rule": in.DenominatorRule, "plan_en": in.PlanEn, "denominator_rule_en": in.DenominatorRuleEn} {
						if x[k] == text {
							delete(x, k)
						}
					}
				}
			}
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(v)
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestIndicatorValidation holds the endpoints to 404 and 422 with field codes.
func TestIndicatorValidation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		path   string
		status int
		field  string // the field with the error for 422
		code   string
	}{
		{"indicator-404-unknown-detail", "/indicators/no.such?period=2025", 404, "", ""},
		{"indicator-404-unknown-trend", "/indicators/no.such/trend", 404, "", ""},
		{"indicator-422-summary-no-period", "/indicators", 422, "period", "invalid_period"},
		{"indicator-422-summary-long-period", "/indicators?period=" + strings.Repeat("2", 17), 422, "period", "invalid_period"},
		{"indicator-422-detail-no-period", "/indicators/training.spend_ratio", 422, "period", "invalid_period"},
		{"indicator-422-summary-bad-basis", "/indicators?period=2025&basis=official", 422, "basis", "invalid_basis"},
		{"indicator-422-detail-bad-basis", "/indicators/training.spend_ratio?period=2025&basis=APPROVED", 422, "basis", "invalid_basis"},
		{"indicator-422-trend-bad-basis", "/indicators/training.spend_ratio/trend?basis=x", 422, "basis", "invalid_basis"},
		{"indicator-422-bad-group-by", "/indicators/training.spend_ratio?period=2025&group_by=school", 422, "group_by", "invalid_group_by"},
		{"indicator-422-group-by-injection", "/indicators/training.spend_ratio?period=2025&group_by=orgs.name", 422, "group_by", "invalid_group_by"},
	}
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		r := rlNew(t, kind)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				res := r.as(t, "leader", http.MethodGet, "/api/v1"+c.path, nil)
				if c.status == 404 {
					wantProblem(t, res, 404, "not_found")
					return
				}
				p := wantProblem(t, res, 422, "validation")
				wantFields(t, p, map[string]string{c.field: c.code})
			})
		}
	})
}
