package api_test

// Tests of GET /indicators, /indicators/{code} and /indicators/{code}/trend through the real
// router on small fixtures whose figures are worked out by hand: each indicator kind, approved
// versus all, breakdowns, per-org checks, town scope, trend and input validation. Helpers shared
// with completeness_test.go and rollup_isolation_test.go are prefixed rl.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/submission"
	"github.com/tianbao-edu/tianbao/backend/testenv"
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
	return &rlEnv{Env: e, p: &authz.Principal{UserID: admin.ID, Username: admin.Username, OrgID: root.ID, OrgPath: root.Path},
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
	switch status {
	case "submitted":
	case "approved":
		_, err = r.App.Submissions.Approve(ctx, r.p, r.sc, sub.ID, nil)
	case "returned":
		_, err = r.App.Submissions.Return(ctx, r.p, r.sc, sub.ID, nil, "请核实数据", nil)
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
	Code          string  `json:"code"`
	Unit          string  `json:"unit"`
	Value         *string `json:"value"`
	Numerator     *string `json:"numerator"`
	Denominator   *string `json:"denominator"`
	Status        string  `json:"status"`
	Gap           *string `json:"gap"`
	OrgsReporting int64   `json:"orgs_reporting"`
	OrgsExpected  int64   `json:"orgs_expected"`
	Target        struct {
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

type rlGroup struct {
	Key           string  `json:"key"`
	Label         string  `json:"label"`
	Value         *string `json:"value"`
	Numerator     *string `json:"numerator"`
	Denominator   *string `json:"denominator"`
	OrgsReporting int64   `json:"orgs_reporting"`
	Status        string  `json:"status"`
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
func (r *rlEnv) detail(t *testing.T, user, code, query string) rlDetail {
	t.Helper()
	res := r.as(t, user, http.MethodGet, "/api/v1/indicators/"+code+"?"+query, nil)
	wantStatus(t, res, http.StatusOK)
	var d rlDetail
	res.Decode(t, &d)
	return d
}

// rlWant is an indicator's expected standing; "" for a number means null, nil per-org counts
// mean no per-org check.
type rlWant struct {
	value, num, den, gap, status string
	reporting                    int64
	perOrg                       *[2]int64 // passing, failing
}

func po(pass, fail int64) *[2]int64 { return &[2]int64{pass, fail} }

// rlDec fails unless got is the decimal want ("" means null).
func rlDec(t *testing.T, what string, got *string, want string) {
	t.Helper()
	if want == "" || got == nil {
		if (want == "") != (got == nil) {
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
	if in.OrgsReporting != w.reporting {
		t.Errorf("%s orgs_reporting: want %d, got %d", in.Code, w.reporting, in.OrgsReporting)
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

// rlWantGroups checks a breakdown: label → value, status and orgs reporting, and that groups
// come sorted by label.
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
		if g.Status != w.Status || g.OrgsReporting != w.OrgsReporting {
			t.Errorf("group %s: want %s with %d orgs, got %s with %d", g.Label, w.Status, w.OrgsReporting, g.Status, g.OrgsReporting)
		}
		if key != nil && g.Key != key(g.Label) {
			t.Errorf("group %s: want key %s, got %s", g.Label, key(g.Label), g.Key)
		}
	}
}

func sp(s string) *string { return &s }

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

// fourSchools is the breakdown fixture: two schools in 城南, one in 正阳, one kindergarten in
// 城西, all approved. Ratios: xhzx 0.0100005, xhcz 0.02, wlzx 0.02, syyey 0.01.
func fourSchools(t *testing.T, r *rlEnv) {
	r.train(t, "xhzx", "1000000.00", "10000.50", "approved")
	r.train(t, "xhcz", "2000000.00", "40000.00", "approved")
	r.train(t, "wlzx", "3000000.00", "60000.00", "approved")
	r.train(t, "syyey", "500000.00", "5000.00", "approved")
}

// TestIndicators covers every indicator kind and basis with hand-computed figures.
func TestIndicators(t *testing.T) {
	t.Parallel()
	scenarios := []struct {
		name string
		run  func(t *testing.T, r *rlEnv)
	}{
		{"indicator-ratio-sum-over-sum", func(t *testing.T, r *rlEnv) {
			// 70000.50 / 4000000.00 = 0.017500125 → 0.017500 (6 places): met, gap 0.
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
			rlWant{value: "0.017500", num: "70000.5", den: "4000000", gap: "0", status: "met", reporting: 2, perOrg: po(1, 1)}.check(t, in)
			if in.Target.Op != ">=" || in.Target.Value != "0.015" || in.Target.Value2 != nil {
				t.Errorf("target: want >= 0.015, got %+v", in.Target)
			}
			if _, tasks := r.campaignID(t, "teacher-training", "2025"); in.OrgsExpected != tasks || tasks < 2 {
				t.Errorf("orgs_expected: want the campaign's %d tasks, got %d", tasks, in.OrgsExpected)
			}
			if n := len(r.App.Rollup.Indicators()); len(s.Items) != n {
				t.Errorf("want all %d indicators in the summary, got %d", n, len(s.Items))
			}
			d := r.detail(t, "leader", "training.spend_ratio", "period=2025")
			rlWant{value: "0.0175", num: "70000.5", den: "4000000", gap: "0", status: "met", reporting: 2, perOrg: po(1, 1)}.check(t, d.rlIndicator)
			if d.GroupBy != "" || len(d.Groups) != 0 {
				t.Errorf("no group_by: want no groups, got %q %+v", d.GroupBy, d.Groups)
			}
			rlWantFailing(t, d.FailingOrgs, [3]string{"xhzx", "城南街道", "0.01"})
		}},
		{"indicator-ratio-approved-only", func(t *testing.T, r *rlEnv) {
			// approved: xhzx alone, 10000.5 / 1000000 = 0.0100005 → 0.010001, gap 0.004999.
			// all: with wlzx's submitted 60000 / 3000000 → 0.0175.
			r.train(t, "xhzx", "1000000.00", "10000.50", "approved")
			r.train(t, "wlzx", "3000000.00", "60000.00", "submitted")
			rlWant{value: "0.010001", num: "10000.5", den: "1000000", gap: "0.004999", status: "not_met", reporting: 1, perOrg: po(0, 1)}.
				check(t, r.summary(t, "leader", "period=2025&basis=approved").item(t, "training.spend_ratio"))
			all := r.summary(t, "leader", "period=2025&basis=all")
			if all.Basis != "all" {
				t.Errorf("want basis all, got %s", all.Basis)
			}
			rlWant{value: "0.0175", num: "70000.5", den: "4000000", gap: "0", status: "met", reporting: 2, perOrg: po(1, 1)}.
				check(t, all.item(t, "training.spend_ratio"))
			d := r.detail(t, "leader", "training.spend_ratio", "period=2025&basis=all&group_by=org")
			if d.Basis != "all" || len(d.Groups) != 2 {
				t.Errorf("basis=all detail: want 2 org groups, got %s %+v", d.Basis, d.Groups)
			}
		}},
		{"indicator-approve-counts-at-once", func(t *testing.T, r *rlEnv) {
			sub := r.train(t, "wlzx", "3000000.00", "60000.00", "submitted")
			rlWant{num: "0", den: "0", status: "no_data", reporting: 0, perOrg: po(0, 0)}.
				check(t, r.summary(t, "leader", "period=2025").item(t, "training.spend_ratio"))
			wantStatus(t, r.as(t, "reviewer", http.MethodPost, fmt.Sprintf("/api/v1/submissions/%d/approve", sub), nil), http.StatusOK)
			rlWant{value: "0.02", num: "60000", den: "3000000", gap: "0", status: "met", reporting: 1, perOrg: po(1, 0)}.
				check(t, r.summary(t, "leader", "period=2025").item(t, "training.spend_ratio"))
		}},
		{"indicator-returned-counts-nowhere", func(t *testing.T, r *rlEnv) {
			approved := r.train(t, "xhzx", "1000000.00", "10000.50", "approved")
			sub := r.train(t, "wlzx", "3000000.00", "60000.00", "submitted")
			wantStatus(t, r.as(t, "reviewer", http.MethodPost, fmt.Sprintf("/api/v1/submissions/%d/return", sub),
				map[string]any{"comment": "工资总额有误"}), http.StatusOK)
			one := rlWant{value: "0.010001", num: "10000.5", den: "1000000", gap: "0.004999", status: "not_met", reporting: 1, perOrg: po(0, 1)}
			for _, basis := range []string{"approved", "all"} {
				one.check(t, r.summary(t, "leader", "period=2025&basis="+basis).item(t, "training.spend_ratio"))
			}
			// Reopening the approved one takes it out of both as well.
			wantStatus(t, r.as(t, "reviewer", http.MethodPost, fmt.Sprintf("/api/v1/submissions/%d/reopen", approved),
				map[string]any{"comment": "请补充"}), http.StatusOK)
			for _, basis := range []string{"approved", "all"} {
				rlWant{num: "0", den: "0", status: "no_data", reporting: 0, perOrg: po(0, 0)}.
					check(t, r.summary(t, "leader", "period=2025&basis="+basis).item(t, "training.spend_ratio"))
			}
		}},
		{"indicator-count-where", func(t *testing.T, r *rlEnv) {
			r.fill(t, "xhzx", "sports-arts", "2025", map[string]any{"sports_specialist": true, "sports_level": "municipal",
				"arts_specialist": false, "students_total": 1000}, "approved")
			r.fill(t, "wlzx", "sports-arts", "2025", map[string]any{"sports_specialist": true, "sports_level": "district",
				"arts_specialist": true, "arts_level": "district", "students_total": 800}, "approved")
			r.fill(t, "cnxx", "sports-arts", "2025", map[string]any{"sports_specialist": false, "arts_specialist": false,
				"students_total": 600}, "approved")
			s := r.summary(t, "leader", "period=2025")
			rlWant{value: "2", num: "2", gap: "28", status: "not_met", reporting: 3}.check(t, s.item(t, "sports.specialist_schools"))
			rlWant{value: "1", num: "1", gap: "19", status: "not_met", reporting: 3}.check(t, s.item(t, "arts.specialist_schools"))
		}},
		{"indicator-count-where-none-met-is-zero", func(t *testing.T, r *rlEnv) {
			r.fill(t, "cnxx", "sports-arts", "2025", map[string]any{"sports_specialist": false, "arts_specialist": false,
				"students_total": 600}, "approved")
			rlWant{value: "0", num: "0", gap: "30", status: "not_met", reporting: 1}.
				check(t, r.summary(t, "leader", "period=2025").item(t, "sports.specialist_schools"))
		}},
		{"indicator-count-share-per-org", func(t *testing.T, r *rlEnv) {
			// parent school: 1 of 2 → 0.5 against = 1, gap 0.5; committee: 2 of 2 → met.
			r.fill(t, "xhzx", "family-school", "2025", map[string]any{"has_parent_school": true, "has_parent_committee": true}, "approved")
			r.fill(t, "wlzx", "family-school", "2025", map[string]any{"has_parent_school": false, "has_parent_committee": true,
				"committee_members": 9}, "approved")
			s := r.summary(t, "leader", "period=2025")
			rlWant{value: "0.5", num: "1", den: "2", gap: "0.5", status: "not_met", reporting: 2, perOrg: po(1, 1)}.
				check(t, s.item(t, "family.parent_school"))
			rlWant{value: "1", num: "2", den: "2", gap: "0", status: "met", reporting: 2, perOrg: po(2, 0)}.
				check(t, s.item(t, "family.parent_committee"))
			d := r.detail(t, "leader", "family.parent_school", "period=2025")
			rlWantFailing(t, d.FailingOrgs, [3]string{"wlzx", "正阳街道", "0"})
			if d.FailingOrgs[0].Org.Name != "武陵中学" {
				t.Errorf("want the failing school named 武陵中学, got %q", d.FailingOrgs[0].Org.Name)
			}
			if d := r.detail(t, "leader", "family.parent_committee", "period=2025"); len(d.FailingOrgs) != 0 {
				t.Errorf("parent committee: want no failing orgs, got %+v", d.FailingOrgs)
			}
		}},
		{"indicator-sum-with-where", func(t *testing.T, r *rlEnv) {
			// children: syyey 300 (puhui, public, level1), zyyey 100 (neither, level3), cnzxyey 200
			// (puhui, public, level2). puhui 500/600 = 0.833333 < 0.90; public the same >= 0.55;
			// level 1-2: 2/3 = 0.666667 >= 0.65; certified 35/40 = 0.875 against = 1.
			kg := func(rating string, puhui bool, own string, children, teachers, cert int) map[string]any {
				return map[string]any{"rating_level": rating, "is_puhui": puhui, "ownership": own,
					"children_enrolled": children, "teachers": teachers, "certified_teachers": cert}
			}
			r.fill(t, "syyey", "kindergarten", "2025", kg("level1", true, "public", 300, 20, 20), "approved")
			r.fill(t, "zyyey", "kindergarten", "2025", kg("level3", false, "private", 100, 10, 5), "approved")
			r.fill(t, "cnzxyey", "kindergarten", "2025", kg("level2", true, "public", 200, 10, 10), "approved")
			s := r.summary(t, "leader", "period=2025")
			rlWant{value: "0.833333", num: "500", den: "600", gap: "0.066667", status: "not_met", reporting: 3}.
				check(t, s.item(t, "preschool.puhui_coverage"))
			rlWant{value: "0.833333", num: "500", den: "600", gap: "0", status: "met", reporting: 3}.
				check(t, s.item(t, "preschool.public_share"))
			rlWant{value: "0.666667", num: "2", den: "3", gap: "0", status: "met", reporting: 3}.
				check(t, s.item(t, "preschool.level2_share"))
			rlWant{value: "0.875", num: "35", den: "40", gap: "0.125", status: "not_met", reporting: 3}.
				check(t, s.item(t, "preschool.teacher_cert"))
			d := r.detail(t, "leader", "preschool.puhui_coverage", "period=2025&group_by=town")
			rlWantGroups(t, d.Groups, map[string]rlGroup{
				"城西街道": {Value: sp("1"), Numerator: sp("300"), Denominator: sp("300"), Status: "met", OrgsReporting: 1},
				"正阳街道": {Value: sp("0"), Numerator: sp("0"), Denominator: sp("100"), Status: "not_met", OrgsReporting: 1},
				"城南街道": {Value: sp("1"), Numerator: sp("200"), Denominator: sp("200"), Status: "met", OrgsReporting: 1},
			}, nil)
		}},
		{"indicator-between-bureau-stats", func(t *testing.T, r *rlEnv) {
			// The bureau reports its own statistics; admin is the bureau's sysadmin.
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
				"cohort_grade9_graduates": 480, "regional_institutions": 2, "cooperation_projects": 5}
			version = step("admin", http.MethodPut, path, map[string]any{"version": version, "values": values})
			step("admin", http.MethodPost, path+"/submit", nil)
			step("reviewer", http.MethodPost, path+"/approve", nil)
			s := r.summary(t, "leader", "period=2025")
			// 5 projects against between 1 and 3: 2 too many.
			co := s.item(t, "cooperation.projects")
			rlWant{value: "5", num: "5", gap: "2", status: "not_met", reporting: 1}.check(t, co)
			if co.Target.Op != "between" || co.Target.Value != "1" || deref(co.Target.Value2) != "3" {
				t.Errorf("cooperation target: want between 1 and 3, got %+v", co.Target)
			}
			rlWant{value: "0.93", num: "930", den: "1000", gap: "0", status: "met", reporting: 1}.check(t, s.item(t, "preschool.gross_enrolment"))
			rlWant{value: "0.96", num: "480", den: "500", gap: "0", status: "met", reporting: 1}.check(t, s.item(t, "compulsory.retention"))
			rlWant{value: "2", num: "2", gap: "1", status: "not_met", reporting: 1}.check(t, s.item(t, "hub.regional_institutions"))

			// Reopened and corrected to 2: inside the range, provisional until approved again.
			version = step("reviewer", http.MethodPost, path+"/reopen", map[string]any{"comment": "合作项目数请核实"})
			values["cooperation_projects"] = 2
			step("admin", http.MethodPut, path, map[string]any{"version": version, "values": values})
			step("admin", http.MethodPost, path+"/submit", nil)
			rlWant{value: "2", num: "2", gap: "0", status: "met", reporting: 1}.
				check(t, r.summary(t, "leader", "period=2025&basis=all").item(t, "cooperation.projects"))
			rlWant{num: "0", status: "no_data", reporting: 0}.
				check(t, r.summary(t, "leader", "period=2025").item(t, "cooperation.projects"))
			step("reviewer", http.MethodPost, path+"/approve", nil)
			rlWant{value: "2", num: "2", gap: "0", status: "met", reporting: 1}.
				check(t, r.summary(t, "leader", "period=2025").item(t, "cooperation.projects"))
		}},
		{"indicator-sum-only-count", func(t *testing.T, r *rlEnv) {
			// students: xhzx 1200 (300 from outside, municipal labour demo), wlzx 800 (100,
			// district), zjzx 3000 (600, vocational). Total 5000, outside 1000, share 0.2.
			st := func(total, outside int, labour string) map[string]any {
				return map[string]any{"students_total": total, "students_out_of_district": outside, "labour_demo_level": labour}
			}
			r.fill(t, "xhzx", "students", "2025", st(1200, 300, "municipal"), "approved")
			r.fill(t, "wlzx", "students", "2025", st(800, 100, "district"), "approved")
			r.fill(t, "zjzx", "students", "2025", st(3000, 600, "none"), "approved")
			s := r.summary(t, "leader", "period=2025")
			rlWant{value: "5000", num: "5000", gap: "145000", status: "not_met", reporting: 3}.check(t, s.item(t, "hub.students_total"))
			rlWant{value: "1000", num: "1000", gap: "36500", status: "not_met", reporting: 3}.check(t, s.item(t, "hub.out_of_district"))
			rlWant{value: "0.2", num: "1000", den: "5000", gap: "0.05", status: "not_met", reporting: 3}.check(t, s.item(t, "hub.out_of_district_share"))
			rlWant{value: "3000", num: "3000", gap: "32000", status: "not_met", reporting: 1}.check(t, s.item(t, "vocational.enrolment"))
			rlWant{value: "1", num: "1", gap: "9", status: "not_met", reporting: 3}.check(t, s.item(t, "labour.demo_schools"))
		}},
		{"indicator-group-by-org-type", func(t *testing.T, r *rlEnv) {
			fourSchools(t, r)
			d := r.detail(t, "leader", "training.spend_ratio", "period=2025&group_by=org_type")
			// district: 115000.5 / 6500000 = 0.017692384… → 0.017692.
			rlWant{value: "0.017692", num: "115000.5", den: "6500000", gap: "0", status: "met", reporting: 4, perOrg: po(2, 2)}.check(t, d.rlIndicator)
			if d.GroupBy != "org_type" {
				t.Errorf("want group_by org_type, got %q", d.GroupBy)
			}
			rlWantGroups(t, d.Groups, map[string]rlGroup{
				"junior":       {Value: sp("0.02"), Numerator: sp("100000"), Denominator: sp("5000000"), Status: "met", OrgsReporting: 2},
				"kindergarten": {Value: sp("0.01"), Numerator: sp("5000"), Denominator: sp("500000"), Status: "not_met", OrgsReporting: 1},
				"senior":       {Value: sp("0.010001"), Numerator: sp("10000.5"), Denominator: sp("1000000"), Status: "not_met", OrgsReporting: 1},
			}, func(label string) string { return label })
		}},
		{"indicator-group-by-town", func(t *testing.T, r *rlEnv) {
			fourSchools(t, r)
			d := r.detail(t, "leader", "training.spend_ratio", "period=2025&group_by=town")
			towns := map[string]string{"城南街道": "town-chengnan", "正阳街道": "town-zhengyang", "城西街道": "town-chengxi"}
			// 城南: 50000.5 / 3000000 = 0.0166668… → 0.016667.
			rlWantGroups(t, d.Groups, map[string]rlGroup{
				"城南街道": {Value: sp("0.016667"), Numerator: sp("50000.5"), Denominator: sp("3000000"), Status: "met", OrgsReporting: 2},
				"正阳街道": {Value: sp("0.02"), Numerator: sp("60000"), Denominator: sp("3000000"), Status: "met", OrgsReporting: 1},
				"城西街道": {Value: sp("0.01"), Numerator: sp("5000"), Denominator: sp("500000"), Status: "not_met", OrgsReporting: 1},
			}, func(label string) string { return strconv.FormatInt(oid(t, r.Env, towns[label]), 10) })
		}},
		{"indicator-group-by-org", func(t *testing.T, r *rlEnv) {
			fourSchools(t, r)
			d := r.detail(t, "leader", "training.spend_ratio", "period=2025&group_by=org")
			codes := map[string]string{"新华中学": "xhzx", "新华初级中学": "xhcz", "武陵中学": "wlzx", "实验幼儿园": "syyey"}
			rlWantGroups(t, d.Groups, map[string]rlGroup{
				"新华中学":   {Value: sp("0.010001"), Status: "not_met", OrgsReporting: 1},
				"新华初级中学": {Value: sp("0.02"), Status: "met", OrgsReporting: 1},
				"武陵中学":   {Value: sp("0.02"), Status: "met", OrgsReporting: 1},
				"实验幼儿园":  {Value: sp("0.01"), Numerator: sp("5000"), Denominator: sp("500000"), Status: "not_met", OrgsReporting: 1},
			}, func(label string) string { return strconv.FormatInt(oid(t, r.Env, codes[label]), 10) })
		}},
		{"indicator-per-org-failing-list", func(t *testing.T, r *rlEnv) {
			fourSchools(t, r)
			d := r.detail(t, "leader", "training.spend_ratio", "period=2025")
			if d.PerOrg == nil || d.PerOrg.Passing != 2 || d.PerOrg.Failing != 2 {
				t.Errorf("want 2 passing and 2 failing, got %+v", d.PerOrg)
			}
			// Worst first, then by code: both at 0.0100 (the computed ratio keeps 4 places).
			rlWantFailing(t, d.FailingOrgs, [3]string{"syyey", "城西街道", "0.01"}, [3]string{"xhzx", "城南街道", "0.01"})
			// Provisional figures name a submitted-only failing school too.
			r.train(t, "cnxx", "1000000.00", "1000.00", "submitted")
			d = r.detail(t, "leader", "training.spend_ratio", "period=2025&basis=all")
			rlWantFailing(t, d.FailingOrgs, [3]string{"cnxx", "城南街道", "0.001"}, [3]string{"syyey", "城西街道", "0.01"},
				[3]string{"xhzx", "城南街道", "0.01"})
			if d.PerOrg == nil || d.PerOrg.Passing != 2 || d.PerOrg.Failing != 3 {
				t.Errorf("basis=all: want 2 passing and 3 failing, got %+v", d.PerOrg)
			}
		}},
		{"indicator-scope-by-town", func(t *testing.T, r *rlEnv) {
			fourSchools(t, r)
			r.grant(t, "cn-leader", "town-chengnan", "leader")
			r.grant(t, "zy-reviewer", "town-zhengyang", "reviewer")
			// 城南: xhzx and xhcz, 50000.5 / 3000000; five orgs there have the task
			// (cnzxyey, cnxx, jfxx, xhcz, xhzx).
			s := r.summary(t, "cn-leader", "period=2025")
			in := s.item(t, "training.spend_ratio")
			rlWant{value: "0.016667", num: "50000.5", den: "3000000", gap: "0", status: "met", reporting: 2, perOrg: po(1, 1)}.check(t, in)
			if in.OrgsExpected != 5 {
				t.Errorf("城南 orgs_expected: want 5, got %d", in.OrgsExpected)
			}
			d := r.detail(t, "cn-leader", "training.spend_ratio", "period=2025&group_by=town")
			rlWantGroups(t, d.Groups, map[string]rlGroup{
				"城南街道": {Value: sp("0.016667"), Status: "met", OrgsReporting: 2},
			}, nil)
			rlWantFailing(t, d.FailingOrgs, [3]string{"xhzx", "城南街道", "0.01"})
			d = r.detail(t, "cn-leader", "training.spend_ratio", "period=2025&group_by=org")
			rlWantGroups(t, d.Groups, map[string]rlGroup{
				"新华中学":   {Value: sp("0.010001"), Status: "not_met", OrgsReporting: 1},
				"新华初级中学": {Value: sp("0.02"), Status: "met", OrgsReporting: 1},
			}, nil)
			// 正阳: wlzx alone; seven orgs there have the form's types (the college does not).
			in = r.summary(t, "zy-reviewer", "period=2025").item(t, "training.spend_ratio")
			rlWant{value: "0.02", num: "60000", den: "3000000", gap: "0", status: "met", reporting: 1, perOrg: po(1, 0)}.check(t, in)
			if in.OrgsExpected != 7 {
				t.Errorf("正阳 orgs_expected: want 7, got %d", in.OrgsExpected)
			}
			if d := r.detail(t, "zy-reviewer", "training.spend_ratio", "period=2025&group_by=org_type"); len(d.FailingOrgs) != 0 || len(d.Groups) != 1 {
				t.Errorf("正阳: want one junior group and nobody failing, got %+v %+v", d.Groups, d.FailingOrgs)
			}
			// No body a town user sees names another town's schools or towns.
			for _, q := range []string{"/indicators?period=2025&basis=all", "/indicators/training.spend_ratio?period=2025&group_by=org",
				"/indicators/training.spend_ratio?period=2025&group_by=town", "/indicators/training.spend_ratio/trend"} {
				res := r.as(t, "cn-leader", http.MethodGet, "/api/v1"+q, nil)
				wantStatus(t, res, http.StatusOK)
				for _, foreign := range []string{"武陵中学", "实验幼儿园", "正阳街道", "城西街道"} {
					if strings.Contains(string(res.Body), foreign) {
						t.Errorf("cn-leader %s: body names %s", q, foreign)
					}
				}
			}
			wantProblem(t, r.as(t, "xhzx", http.MethodGet, "/api/v1/indicators?period=2025", nil), http.StatusForbidden, "forbidden")
			wantStatus(t, r.as(t, "", http.MethodGet, "/api/v1/indicators?period=2025", nil), http.StatusUnauthorized)
		}},
		{"indicator-trend-two-periods", func(t *testing.T, r *rlEnv) {
			r.openCampaign(t, map[string]any{"form": "teacher-training", "period": "2024", "deadline": r.Clock.Now().Add(30 * 24 * time.Hour)})
			r.fill(t, "xhzx", "teacher-training", "2024", map[string]any{"payroll_total": "1000000", "training_spend": "20000"}, "approved")
			r.train(t, "xhzx", "1000000.00", "10000.50", "approved")
			r.train(t, "wlzx", "3000000.00", "60000.00", "submitted")
			trend := func(user, query string) []rlPoint {
				t.Helper()
				res := r.as(t, user, http.MethodGet, "/api/v1/indicators/training.spend_ratio/trend"+query, nil)
				wantStatus(t, res, http.StatusOK)
				var out struct {
					Code   string    `json:"code"`
					Points []rlPoint `json:"points"`
				}
				res.Decode(t, &out)
				if out.Code != "training.spend_ratio" {
					t.Errorf("trend code: got %q", out.Code)
				}
				return out.Points
			}
			check := func(what string, got []rlPoint, want ...rlPoint) {
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
			check("approved", trend("leader", ""), rlPoint{"2024", sp("0.02"), "met"}, rlPoint{"2025", sp("0.010001"), "not_met"})
			check("all", trend("leader", "?basis=all"), rlPoint{"2024", sp("0.02"), "met"}, rlPoint{"2025", sp("0.0175"), "met"})
			r.grant(t, "zy-leader", "town-zhengyang", "leader")
			check("正阳 approved", trend("zy-leader", ""))
			check("正阳 all", trend("zy-leader", "?basis=all"), rlPoint{"2025", sp("0.02"), "met"})
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
