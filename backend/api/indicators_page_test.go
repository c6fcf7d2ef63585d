package api_test

// Paging of an indicator's detail (issue 12): the breakdown by org and the failing and missing
// lists come a page at a time, at most 500 long, with totals counted by hand; the groups sort by
// value and failing first; a town's leader pages through its own town only.

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// The paging town: pgSchools primary schools pg-001…; the first pgReported report their teacher
// training (approved), of which the first pgFailing spend under 1.5% of payroll.
const (
	pgSchools  = 75
	pgReported = 60
	pgFailing  = 20
)

func pgCode(i int) string { return fmt.Sprintf("pg-%03d", i) }

// pgTown imports the town and its schools, gives them their 2025 teacher-training tasks, and fills
// the reported ones: school i pays 1,000,000 and spends 10,000 + 10·i (failing, i ≤ pgFailing) or
// 20,000 + 10·i (passing), so a lower number is a lower ratio.
func pgTown(t *testing.T, r *rlEnv) {
	t.Helper()
	var csv strings.Builder
	csv.WriteString("编码,名称,类型,上级编码,性质\npg-town,分页镇,town,qjjw,\n")
	for i := 1; i <= pgSchools; i++ {
		fmt.Fprintf(&csv, "%s,分页镇第%03d小学,primary,pg-town,public\n", pgCode(i), i)
	}
	body, ct := multipartBody(t, nil, "orgs.csv", []byte(csv.String()))
	res := raw(r.Env, http.MethodPost, "/api/v1/imports/orgs", ct, string(body),
		map[string]string{"Authorization": "Bearer " + r.tok(t, "admin")}, "")
	wantStatus(t, res, http.StatusCreated)
	cid, _ := r.campaignID(t, "teacher-training", "2025")
	if n, err := r.App.Campaigns.AddTasks(context.Background(), r.p.UserID, r.sc, cid); err != nil || n != pgSchools {
		t.Fatalf("add tasks: want %d, got %d %v", pgSchools, n, err)
	}
	for i := 1; i <= pgReported; i++ {
		spend := 20000 + 10*i
		if i <= pgFailing {
			spend = 10000 + 10*i
		}
		r.train(t, pgCode(i), "1000000.00", fmt.Sprintf("%d.00", spend), "approved")
	}
	r.grant(t, "pg-leader", "pg-town", "leader")
	r.grant(t, "pg-reviewer", "pg-town", "reviewer")
}

// pgAll pages through one list of the detail as user and returns every page's entries' org codes
// (for groups, their labels) in order, checking each page's size and the totals on the way.
func pgAll(t *testing.T, r *rlEnv, user, query, list string, size int, total int64) []string {
	t.Helper()
	var out []string
	for page := 1; ; page++ {
		d := r.detail(t, user, "training.spend_ratio", fmt.Sprintf("%s&list=%s&page=%d&page_size=%d", query, list, page, size))
		if d.List != list || d.Page != page || d.PageSize != size {
			t.Fatalf("%s page %d: answered list %q page %d size %d", list, page, d.List, d.Page, d.PageSize)
		}
		var n int
		var got int64
		switch list {
		case "groups":
			n, got = len(d.Groups), d.GroupsTotal
			for _, g := range d.Groups {
				out = append(out, g.Label)
			}
		case "failing":
			n, got = len(d.FailingOrgs), d.FailingTotal
			for _, f := range d.FailingOrgs {
				out = append(out, f.Org.Code)
			}
		case "missing":
			n, got = len(d.MissingOrgs), d.MissingTotal
			for _, f := range d.MissingOrgs {
				out = append(out, f.Org.Code)
			}
		}
		if got != total {
			t.Fatalf("%s page %d: total %d, want %d", list, page, got, total)
		}
		if want := min(size, max(0, int(total)-(page-1)*size)); n != want {
			t.Fatalf("%s page %d: %d entries, want %d", list, page, n, want)
		}
		if n == 0 {
			return out
		}
	}
}

func pgSet(codes []string) map[string]bool {
	m := map[string]bool{}
	for _, c := range codes {
		m[c] = true
	}
	return m
}

// TestIndicatorPaging runs the paging scenarios on every database.
func TestIndicatorPaging(t *testing.T) {
	t.Parallel()
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		r := rlNew(t, kind)
		pgTown(t, r)
		const town = "period=2025&group_by=org"

		// By hand: 60 schools reported (60 groups by org), 20 of them fail, 75 − 60 = 15 owe it.
		var failing, missing, names []string
		for i := 1; i <= pgSchools; i++ {
			switch {
			case i <= pgFailing:
				failing = append(failing, pgCode(i))
			case i > pgReported:
				missing = append(missing, pgCode(i))
			}
			if i <= pgReported {
				names = append(names, fmt.Sprintf("分页镇第%03d小学", i))
			}
		}

		t.Run("page-size-capped", func(t *testing.T) {
			d := r.detail(t, "leader", "training.spend_ratio", town+"&page_size=100000")
			if d.PageSize != 500 || d.Page != 1 || d.List != "groups" || d.Sort != "name" {
				t.Errorf("page_size=100000: answered page %d size %d list %q sort %q, want 1, 500, groups, name", d.Page, d.PageSize, d.List, d.Sort)
			}
			if d.GroupsTotal != pgReported || len(d.Groups) != pgReported {
				t.Errorf("district by org: %d groups of %d, want all %d", len(d.Groups), d.GroupsTotal, pgReported)
			}
			// The district's missing orgs: the 71 district schools and the town's 15.
			if d.MissingTotal != rlDistrictSchools+pgSchools-pgReported || len(d.MissingOrgs) != rlDistrictSchools+pgSchools-pgReported {
				t.Errorf("district missing: %d of %d, want %d", len(d.MissingOrgs), d.MissingTotal, rlDistrictSchools+pgSchools-pgReported)
			}
			// No page size: 50 of each.
			d = r.detail(t, "leader", "training.spend_ratio", town+"&page_size=0")
			if d.PageSize != 50 || len(d.Groups) != 50 || len(d.MissingOrgs) != 50 || len(d.FailingOrgs) != pgFailing {
				t.Errorf("default page: size %d, %d groups, %d missing, %d failing", d.PageSize, len(d.Groups), len(d.MissingOrgs), len(d.FailingOrgs))
			}
			res := r.as(t, "leader", http.MethodGet, "/api/v1/indicators/training.spend_ratio?"+town, nil)
			wantStatus(t, res, http.StatusOK)
			var plain map[string]any
			res.Decode(t, &plain)
			if plain["page_size"] != float64(50) || plain["groups_total"] != float64(pgReported) {
				t.Errorf("without page_size: page_size %v groups_total %v", plain["page_size"], plain["groups_total"])
			}
			// Bad parameters are field errors.
			for q, field := range map[string]map[string]string{
				"&page=two":                       {"page": "invalid_integer"},
				"&page_size=lots":                 {"page_size": "invalid_integer"},
				"&sort=worst":                     {"sort": "invalid_sort"},
				"&list=everything":                {"list": "invalid_list"},
				"&sort=x&list=y":                  {"sort": "invalid_sort", "list": "invalid_list"},
				"&page_size=99999999999999999999": {"page_size": "invalid_integer"},
			} {
				res := r.as(t, "leader", http.MethodGet, "/api/v1/indicators/training.spend_ratio?"+town+q, nil)
				wantFields(t, wantProblem(t, res, http.StatusUnprocessableEntity, "validation"), field)
			}
		})

		t.Run("pages-cover-every-entry-once", func(t *testing.T) {
			// As the town's leader: 60 groups in pages of 25 (25, 25, 10), by name.
			got := pgAll(t, r, "pg-leader", town, "groups", 25, pgReported)
			if strings.Join(got, "|") != strings.Join(names, "|") {
				t.Errorf("groups by name: %v", got)
			}
			// The failing schools in pages of 8 (8, 8, 4), worst first: school 1 spends least.
			if got := pgAll(t, r, "pg-leader", "period=2025", "failing", 8, pgFailing); strings.Join(got, "|") != strings.Join(failing, "|") {
				t.Errorf("failing: %v, want %v", got, failing)
			}
			// The missing schools in pages of 10 (10, 5), by code.
			if got := pgAll(t, r, "pg-leader", "period=2025", "missing", 10, pgSchools-pgReported); strings.Join(got, "|") != strings.Join(missing, "|") {
				t.Errorf("missing: %v, want %v", got, missing)
			}
			// Paging one list leaves the others at their first page.
			d := r.detail(t, "pg-leader", "training.spend_ratio", town+"&list=failing&page=2&page_size=8")
			if len(d.Groups) != 8 || d.Groups[0].Label != names[0] || len(d.FailingOrgs) != 8 || d.FailingOrgs[0].Org.Code != failing[8] ||
				len(d.MissingOrgs) != 8 || d.MissingOrgs[0].Org.Code != missing[0] {
				t.Errorf("list=failing&page=2: groups from %v, failing from %v, missing from %v", d.Groups[:1], d.FailingOrgs[:1], d.MissingOrgs[:1])
			}
			// A page past the end is empty, with the total.
			d = r.detail(t, "pg-leader", "training.spend_ratio", town+"&page=99&page_size=10")
			if len(d.Groups) != 0 || d.GroupsTotal != pgReported {
				t.Errorf("page 99: %d groups of %d", len(d.Groups), d.GroupsTotal)
			}
		})

		t.Run("sorted-by-failing-and-value", func(t *testing.T) {
			d := r.detail(t, "pg-leader", "training.spend_ratio", town+"&sort=failing&page_size=30")
			if d.Sort != "failing" || len(d.Groups) != 30 {
				t.Fatalf("sort=failing: %q, %d groups", d.Sort, len(d.Groups))
			}
			for i, g := range d.Groups {
				want := "met"
				if i < pgFailing {
					want = "not_met"
				}
				if deref(g.Status) != want {
					t.Errorf("sort=failing: group %d (%s) is %s, want %s", i, g.Label, deref(g.Status), want)
				}
			}
			// By failing count, then name: the failing schools by name, then the passing ones.
			if d.Groups[0].Label != names[0] || d.Groups[pgFailing].Label != names[pgFailing] {
				t.Errorf("sort=failing: ties not by name: %s, %s", d.Groups[0].Label, d.Groups[pgFailing].Label)
			}
			for _, sortBy := range []string{"value", "-value"} {
				vals := pgValues(t, pgAllGroups(t, r, "pg-leader", town+"&sort="+sortBy))
				if len(vals) != pgReported {
					t.Fatalf("sort=%s: %d values", sortBy, len(vals))
				}
				ok := sort.SliceIsSorted(vals, func(i, j int) bool { return vals[i].LessThan(vals[j]) })
				if sortBy == "-value" {
					ok = sort.SliceIsSorted(vals, func(i, j int) bool { return vals[i].GreaterThan(vals[j]) })
				}
				if !ok {
					t.Errorf("sort=%s: not ordered: %v", sortBy, vals)
				}
			}
			// The smallest: school 1, 10,010 / 1,000,000; the largest: school 60, 20,600 / 1,000,000.
			if d := r.detail(t, "pg-leader", "training.spend_ratio", town+"&sort=value&page_size=1"); len(d.Groups) != 1 || deref(d.Groups[0].Value) != "0.01001" {
				t.Errorf("sort=value: first %+v", d.Groups)
			}
			if d := r.detail(t, "pg-leader", "training.spend_ratio", town+"&sort=-value&page_size=1"); len(d.Groups) != 1 || deref(d.Groups[0].Value) != "0.0206" {
				t.Errorf("sort=-value: first %+v", d.Groups)
			}
		})

		t.Run("town-sees-its-subtree-only", func(t *testing.T) {
			// The town's reviewer pages through the same 60, 20 and 15 as its leader, nothing else.
			groups := pgAll(t, r, "pg-reviewer", town, "groups", 40, pgReported)
			for _, g := range groups {
				if !strings.HasPrefix(g, "分页镇") {
					t.Errorf("pg-reviewer sees %s", g)
				}
			}
			if got := pgAll(t, r, "pg-reviewer", "period=2025", "missing", 500, pgSchools-pgReported); strings.Join(got, "|") != strings.Join(missing, "|") {
				t.Errorf("pg-reviewer missing: %v", got)
			}
			if got := pgAll(t, r, "pg-reviewer", "period=2025", "failing", 7, pgFailing); !equalSets(pgSet(got), pgSet(failing)) {
				t.Errorf("pg-reviewer failing: %v", got)
			}
			// Another town's leader sees none of them, on any page.
			r.grant(t, "cn-leader", "town-chengnan", "leader")
			d := r.detail(t, "cn-leader", "training.spend_ratio", town+"&page_size=500")
			for _, g := range d.Groups {
				if strings.HasPrefix(g.Label, "分页镇") {
					t.Errorf("cn-leader sees group %s", g.Label)
				}
			}
			for _, f := range append(d.FailingOrgs, d.MissingOrgs...) {
				if strings.HasPrefix(f.Org.Code, "pg-") {
					t.Errorf("cn-leader sees %s", f.Org.Code)
				}
			}
			if d.GroupsTotal != 0 || d.FailingTotal != 0 || d.MissingTotal >= rlDistrictSchools {
				t.Errorf("cn-leader totals: %d groups, %d failing, %d missing", d.GroupsTotal, d.FailingTotal, d.MissingTotal)
			}
			// A school's clerk gets its own view, whatever page it asks for: at most itself.
			d = r.detail(t, "xhzx", "training.spend_ratio", town+"&list=missing&page=1&page_size=500")
			if d.GroupsTotal > 1 || d.FailingTotal > 1 || d.MissingTotal > 1 {
				t.Errorf("xhzx own view: %d groups, %d failing, %d missing", d.GroupsTotal, d.FailingTotal, d.MissingTotal)
			}
			for _, f := range append(d.FailingOrgs, d.MissingOrgs...) {
				if f.Org.Code != "xhzx" {
					t.Errorf("xhzx sees %s", f.Org.Code)
				}
			}
			// A unit with no rollup right on schools' figures: refused.
			res := r.as(t, "czj", http.MethodGet, "/api/v1/indicators/training.spend_ratio?"+town+"&list=failing&page=2", nil)
			if res.Status != http.StatusForbidden && res.Status != http.StatusNotFound {
				t.Errorf("czj: %d %s", res.Status, res.Body)
			}
		})
	})
}

// pgAllGroups reads every group of a breakdown, 500 at a time.
func pgAllGroups(t *testing.T, r *rlEnv, user, query string) []rlGroup {
	t.Helper()
	var out []rlGroup
	for page := 1; ; page++ {
		d := r.detail(t, user, "training.spend_ratio", fmt.Sprintf("%s&page=%d&page_size=500", query, page))
		if len(d.Groups) == 0 {
			return out
		}
		out = append(out, d.Groups...)
	}
}

func pgValues(t *testing.T, gs []rlGroup) []decimal.Decimal {
	t.Helper()
	out := make([]decimal.Decimal, 0, len(gs))
	for _, g := range gs {
		if g.Value == nil {
			t.Fatalf("%s has no value", g.Label)
		}
		out = append(out, decimal.RequireFromString(*g.Value))
	}
	return out
}

func equalSets(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}
