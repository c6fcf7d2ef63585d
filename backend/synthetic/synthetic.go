// Package synthetic makes a large, plausible district for load and benchmark runs: N extra
// schools and kindergartens spread over the towns, a campaign per seeded form, and an approved
// submission with valid values for every task. `tianbao seed --synthetic N` calls it.
package synthetic

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tianbao-edu/tianbao/backend/campaign"
	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/backend/org"
	periods "github.com/tianbao-edu/tianbao/backend/period"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/submission"
)

// Deps are the services the generator drives.
type Deps struct {
	Orgs        *org.Service
	Forms       *form.Registry
	Campaigns   *campaign.Service
	Submissions *submission.Service
	Now         func() time.Time
	// Progress, when set, hears how far a long run has got, e.g. "teacher-training: 4000/9000".
	Progress func(msg string)
}

func (d Deps) progress(format string, args ...any) {
	if d.Progress != nil {
		d.Progress(fmt.Sprintf(format, args...))
	}
}

// Report says what a run made.
type Report struct {
	Orgs, Campaigns, Submissions, Skipped int
}

// schoolTypes is the mix of generated orgs, roughly a real district's.
var schoolTypes = []org.Type{org.TypePrimary, org.TypePrimary, org.TypePrimary, org.TypeKindergarten, org.TypeKindergarten,
	org.TypeJunior, org.TypeNineYear, org.TypeCompleteMiddle, org.TypeSenior}

// Run adds n synthetic orgs under the root org's towns (code prefix syn-), opens a campaign per
// form for period, and submits and approves valid data for every task. actorID is recorded as
// the approver. It is idempotent for orgs (by code) and campaigns (by form and period).
func Run(ctx context.Context, d Deps, rootCode string, n int, period string, actorID int64, seed uint64) (Report, error) {
	var rep Report
	root, err := d.Orgs.ByCode(ctx, rootCode)
	if err != nil {
		return rep, err
	}
	sc := scope.Of(root.Path)
	towns, _, err := d.Orgs.List(ctx, sc, org.Filter{Type: org.TypeTown, PageSize: org.MaxPageSize})
	if err != nil {
		return rep, err
	}
	if len(towns) == 0 {
		return rep, fmt.Errorf("synthetic: no towns under %s", rootCode)
	}
	byTown := map[string][]*org.SeedNode{}
	for i := 0; i < n; i++ {
		t := towns[i%len(towns)]
		typ := schoolTypes[i%len(schoolTypes)]
		own := org.OwnershipPublic
		if typ == org.TypeKindergarten && i%3 == 0 {
			own = org.OwnershipPrivate
		}
		byTown[t.Code] = append(byTown[t.Code], &org.SeedNode{Code: fmt.Sprintf("syn-%06d", i+1),
			Name: fmt.Sprintf("%s%s%d", t.Name, typ.Label(), i+1), Type: typ, Ownership: own, Demo: true})
	}
	var tree []*org.SeedNode
	for _, t := range towns {
		tree = append(tree, &org.SeedNode{Code: t.Code, Name: t.Name, Type: t.Type, Children: byTown[t.Code]})
	}
	rootNode := []*org.SeedNode{{Code: root.Code, Name: root.Name, Type: root.Type, Children: tree}}
	if rep.Orgs, err = d.Orgs.Seed(ctx, rootNode); err != nil {
		return rep, err
	}
	d.progress("orgs: %d added", rep.Orgs)
	forms, err := d.Forms.List(ctx)
	if err != nil {
		return rep, err
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	for _, f := range forms {
		if _, err := periods.Parse(f.PeriodType, period); err != nil {
			continue // a form of another period type (the quarterly measure progress) is not generated
		}
		cs, _, err := d.Campaigns.List(ctx, sc, f.Code, period, 1, org.MaxPageSize)
		if err != nil {
			return rep, err
		}
		if len(cs) == 0 {
			c, err := d.Campaigns.Create(ctx, actorID, sc, campaign.NewCampaign{FormCode: f.Code, Period: period,
				Deadline: d.Now().Add(30 * 24 * time.Hour), RootOrgID: root.ID})
			if err != nil {
				return rep, err
			}
			cs = []campaign.Campaign{c}
			rep.Campaigns++
		} else if _, err := d.Campaigns.AddTasks(ctx, actorID, sc, cs[0].ID); err != nil {
			return rep, err
		}
		// A form may have several campaigns (demo mode opens one per reporting unit of the
		// school-building form): fill them all.
		for _, c := range cs {
			n, skipped, err := fillCampaign(ctx, d, sc, f, c.ID, period, actorID, rng, nil)
			rep.Submissions, rep.Skipped = rep.Submissions+n, rep.Skipped+skipped
			if err != nil {
				return rep, err
			}
		}
	}
	return rep, nil
}

// Values makes values for a form that pass its checks, trying a few times; ok is false when
// no attempt passed.
func Values(f *form.Form, rng *rand.Rand) (form.Result, bool) {
	for attempt := 0; attempt < 40; attempt++ {
		vals := map[string]any{}
		for i := range f.Fields {
			fd := &f.Fields[i]
			if v, ok := value(fd, rng, vals); ok {
				vals[fd.Key] = v
			}
		}
		norm, verr := f.Normalize(vals)
		if verr != nil {
			continue
		}
		res := f.Evaluate(norm)
		if len(res.Errors) == 0 {
			return res, true
		}
	}
	return form.Result{}, false
}

func bound(s *string, def int64) int64 {
	if s == nil {
		return def
	}
	d, err := decimal.NewFromString(*s)
	if err != nil {
		return def
	}
	return d.IntPart()
}

// plausible bounds the counts a school, kindergarten or the bureau reports, so demo and load
// data look like a district's (field keys of the seeded forms).
var plausible = map[string][2]int64{
	"studios_municipal": {0, 0}, "studios_district": {0, 1}, "backbone_municipal": {0, 2}, "backbone_district": {1, 12},
	"special_grade_teachers": {0, 0}, "famous_teachers": {0, 1}, "senior_title_teachers": {0, 1},
	"mental_health_teachers": {0, 3}, "future_educator_candidates": {1, 1}, "teachers_total": {25, 180},
	"students_total": {300, 2600}, "students_out_of_district": {20, 700}, "students_two_sports": {200, 300},
	"students_two_arts": {150, 300}, "sports_since": {2010, 2024}, "arts_since": {2010, 2024},
	"children_enrolled": {90, 420}, "children_3_5": {80, 400}, "teachers": {10, 40}, "certified_teachers": {9, 40},
	"committee_members": {5, 15}, "meetings_held": {2, 6}, "home_visits": {40, 400}, "home_visit_households": {40, 400},
	"students": {120, 380}, "classes": {3, 8}, "classes_over_standard": {0, 0},
	"resident_children_3_5": {9200, 9800}, "children_enrolled_3_5": {8700, 9500}, "cohort_grade1": {5000, 5200},
	"cohort_grade9_graduates": {4850, 5050}, "regional_institutions": {2, 4}, "cooperation_projects": {1, 3},
	"trainees": {20, 150}, "gaokao_candidates": {300, 900}, "top_university_admissions": {0, 3}, "top_university_arts_sports": {0, 1},
	"double_first_class_admissions": {20, 120}, "special_type_qualified": {5, 40},
	"high_level_college_year": {2021, 2025}, "quality_secondary_year": {2021, 2025}, "heritage_since": {2016, 2025},
	"arts_teaching_awards": {1, 1}, "completed_year": {2021, 2025}, "seats_added": {0, 1200}, "floor_area": {1500, 20000},
}

// rarely are fields that only one org in n has: a boolean true (others are true for three in
// four), a count above 0 (drawn from plausible), so district counts stay near the plan's scale.
var rarely = map[string]int{"heritage_school": 12, "labour_practice_base": 12, "arts_teaching_awards": 8, "future_educator_candidates": 20}

// shareOf draws a count as 80–100% of a whole drawn before it (the plan wants every student to
// master 1–2 sports and arts skills, so schools report most of theirs).
var shareOf = map[string]string{"students_two_sports": "students_total", "students_two_arts": "students_total"}

// perUnit draws a count from a whole drawn before it: classes from a grade's students at 30–45
// pupils a class, so the standard class size holds and the form's check passes at the first draw
// (drawn independently, most draws failed it and were drawn again, up to 40 times).
var perUnit = map[string]struct {
	whole  string
	lo, hi int64
}{"classes": {"students", 30, 45}}

// rowsOf is how many rows a repeat group gets (default 3): a unit reports many building projects.
var rowsOf = map[string]int{"projects": 8}

// value draws one field's value; counts stay small and ordered so "part <= whole" checks
// usually hold (wholes are drawn first in the seeded forms).
func value(fd *form.Field, rng *rand.Rand, sofar map[string]any) (any, bool) {
	if fd.Computed() {
		return nil, false
	}
	lo := bound(fd.Min, 0)
	if n, ok := rarely[fd.Key]; ok && rng.IntN(n) != 0 {
		switch fd.Type {
		case form.TypeBoolean:
			return false, true
		case form.TypeInteger:
			return int64(0), true
		}
	}
	if whole, ok := shareOf[fd.Key]; ok && fd.Type == form.TypeInteger {
		if w, ok := sofar[whole].(int64); ok {
			return w * (80 + rng.Int64N(21)) / 100, true
		}
	}
	if u, ok := perUnit[fd.Key]; ok && fd.Type == form.TypeInteger {
		if w, ok := sofar[u.whole].(int64); ok && w > 0 {
			per := u.lo + rng.Int64N(u.hi-u.lo+1)
			return (w + per - 1) / per, true
		}
	}
	if r, ok := plausible[fd.Key]; ok && fd.Type == form.TypeInteger {
		return r[0] + rng.Int64N(r[1]-r[0]+1), true
	}
	switch fd.Type {
	case form.TypeInteger:
		hi := bound(fd.Max, lo+2000)
		if hi-lo > 2000 {
			hi = lo + 2000
		}
		return lo + rng.Int64N(hi-lo+1), true
	case form.TypeDecimal, form.TypePercent:
		hi := bound(fd.Max, lo+100)
		return decimal.NewFromInt(lo).Add(decimal.NewFromInt(rng.Int64N((hi-lo)*100 + 1)).Shift(-2)).String(), true
	case form.TypeMoney:
		// Payroll in the millions; spends around 1–2.5% of it, so both sides of the target occur.
		if p, ok := sofar["payroll_total"].(string); ok {
			d, _ := decimal.NewFromString(p)
			return d.Mul(decimal.NewFromInt(100 + rng.Int64N(150)).Shift(-4)).Round(2).StringFixed(2), true
		}
		return decimal.NewFromInt(1_000_000 + rng.Int64N(9_000_000)).Add(decimal.NewFromInt(rng.Int64N(100)).Shift(-2)).StringFixed(2), true
	case form.TypeBoolean:
		if _, ok := rarely[fd.Key]; ok {
			return true, true
		}
		return rng.IntN(4) != 0, true
	case form.TypeSingleChoice:
		if len(fd.Options) == 0 {
			return nil, false
		}
		return fd.Options[rng.IntN(len(fd.Options))].Value, true
	case form.TypeMultiChoice:
		if len(fd.Options) == 0 {
			return nil, false
		}
		return []any{fd.Options[rng.IntN(len(fd.Options))].Value}, true
	case form.TypeText:
		return "合成数据", true
	case form.TypeDate:
		return "2025-0" + strconv.Itoa(1+rng.IntN(9)) + "-15", true
	case form.TypeRepeat:
		// Three rows (or rowsOf); the first choice column takes a different option in each while
		// options last (grades g1–g3; stages preschool, compulsory, senior, vocational), the other
		// columns are drawn like fields.
		n := 3
		if r, ok := rowsOf[fd.Key]; ok {
			n = r
		}
		rows := []any{}
		for i := 0; i < n; i++ {
			row := map[string]any{}
			cycled := false
			for j := range fd.Fields {
				sub := &fd.Fields[j]
				if sub.Type == form.TypeSingleChoice && !cycled && len(sub.Options) > i {
					row[sub.Key] = sub.Options[i].Value
					cycled = true
					continue
				}
				if v, ok := value(sub, rng, row); ok {
					row[sub.Key] = v
				}
			}
			rows = append(rows, row)
		}
		return rows, true
	}
	return nil, false
}

// Fill gives most orgs with a not-started task in period valid, approved data, so a demo
// dashboard shows real figures. Orgs in keep stay untouched (the demo clerks fill theirs by
// hand), and roughly one org in twenty is left out so completeness has someone to chase while
// most targets have the 90% of expected orgs they need to be judged.
func Fill(ctx context.Context, d Deps, rootCode, period string, actorID int64, keep map[string]bool, seed uint64) (Report, error) {
	var rep Report
	root, err := d.Orgs.ByCode(ctx, rootCode)
	if err != nil {
		return rep, err
	}
	sc := scope.Of(root.Path)
	forms, err := d.Forms.List(ctx)
	if err != nil {
		return rep, err
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	skip := func(t campaign.Task) bool { return keep[t.OrgCode] || t.OrgID%20 == 3 }
	for _, f := range forms {
		cs, _, err := d.Campaigns.List(ctx, sc, f.Code, period, 1, org.MaxPageSize)
		if err != nil {
			return rep, err
		}
		for _, c := range cs {
			n, skipped, err := fillCampaign(ctx, d, sc, f, c.ID, period, actorID, rng, skip)
			rep.Submissions, rep.Skipped = rep.Submissions+n, rep.Skipped+skipped
			if err != nil {
				return rep, err
			}
		}
	}
	return rep, nil
}

// fillCampaign gives every not-started task of a campaign (but those skip names) valid,
// approved data, in chunks, reporting progress. It lists the tasks first, in one query (paging
// would count and skip the whole campaign once per page: quadratic at province scale).
func fillCampaign(ctx context.Context, d Deps, sc scope.Scope, f *form.Form, campaignID int64, period string,
	actorID int64, rng *rand.Rand, skip func(campaign.Task) bool) (done, skipped int, err error) {
	open, err := d.Campaigns.OpenTasks(ctx, sc, campaignID)
	if err != nil {
		return 0, 0, err
	}
	var todo []campaign.Task
	for _, t := range open {
		if skip == nil || !skip(t) {
			todo = append(todo, t)
		}
	}
	// Values are drawn on one goroutine while the previous chunk is written on this one (the
	// draws take a sixth of the time): the same values in the same order as drawing in line.
	const chunk = 500
	type batch struct {
		items   []submission.Seeded
		skipped int
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan batch, 1)
	go func() {
		defer close(batches)
		for start := 0; start < len(todo); start += chunk {
			b := batch{items: make([]submission.Seeded, 0, chunk)}
			for _, t := range todo[start:min(start+chunk, len(todo))] {
				res, ok := Values(f, rng)
				if !ok {
					b.skipped++
					continue
				}
				b.items = append(b.items, submission.Seeded{OrgID: t.OrgID, FormCode: f.Code, FormVersion: t.FormVersion,
					Period: period, Result: res, Facts: f.Facts(res.Values)})
			}
			select {
			case batches <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	for b := range batches {
		skipped += b.skipped
		if err := d.Submissions.SeedApproved(ctx, actorID, b.items); err != nil {
			cancel()
			for range batches { // let the drawing goroutine end before rng is used again
			}
			return done, skipped, err
		}
		done += len(b.items)
		d.progress("%s: %d/%d submissions", f.Code, done, len(todo))
	}
	return done, skipped, nil
}
