package rollup

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/period"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Basis chooses official or provisional figures.
type Basis string

// Bases.
const (
	BasisApproved Basis = Basis(vocab.StatusApproved) // official: approved submissions only
	BasisAll      Basis = "all"                       // provisional: every submission handed in
	// basisPassed prefixes a level: what that review level has passed ("passed_town": approved,
	// and everything waiting above the town).
	basisPassed = "passed_"
)

// BasisPassed is the basis of what level l has passed.
func BasisPassed(l vocab.ReviewLevel) Basis { return Basis(basisPassed + string(l)) }

// Bases lists every basis: official, provisional, and what each level below the last has passed.
func Bases() []Basis {
	out := []Basis{BasisApproved, BasisAll}
	for _, l := range vocab.ReviewLevels {
		if l != vocab.LevelDistrict {
			out = append(out, BasisPassed(l))
		}
	}
	return out
}

func (b Basis) statuses() ([]string, error) {
	switch b {
	case BasisApproved, "":
		return []string{string(vocab.StatusApproved)}, nil
	case BasisAll:
		return vocab.HandedInFacts(), nil
	}
	if l, ok := strings.CutPrefix(string(b), basisPassed); ok && vocab.ValidReviewLevel(l) && vocab.ReviewLevel(l) != vocab.LevelDistrict {
		return vocab.PassedFacts(vocab.ReviewLevel(l)), nil
	}
	return nil, errs.Invalid("basis", "invalid_basis", "basis must be approved, all, or passed_<level> (passed_school, passed_town)")
}

// Statuses of an indicator against its target.
const (
	StatusMet    = vocab.TargetMet
	StatusNotMet = vocab.TargetNotMet
	// StatusInsufficient holds until enough of the expected orgs have reported
	// (Indicator.MinCompleteness): five schools of 73 do not make a district figure.
	StatusInsufficient = vocab.TargetInsufficient
)

// Result is one indicator's standing.
type Result struct {
	Indicator   *Indicator
	Value       *decimal.Decimal
	Numerator   *decimal.Decimal
	Denominator *decimal.Decimal
	Status      string
	Gap         *decimal.Decimal
	// OrgsReporting and OrgsExpected: orgs whose figures count, and orgs expected to report
	// (the campaign's target orgs of the indicator's org types).
	OrgsReporting int64
	OrgsExpected  int64
	// Completeness is OrgsReporting / OrgsExpected (nil when none are expected).
	Completeness *decimal.Decimal
	Passing      *int64 // per-org check, when the indicator has one
	Failing      *int64
	// Previous is the previous period's value, for a rising target.
	Previous *decimal.Decimal
	exact    *frac // Value unrounded, for judging
}

// Summary is every indicator for a period.
type Summary struct {
	Period string
	Basis  Basis
	AsOf   *time.Time
	Items  []Result
}

// Group is one slice of a breakdown. Status is empty when the slice is not judged on its own:
// a town's share of a district count target, or a school under a target with no per-school check.
type Group struct {
	Key           string
	Label         string
	Value         *decimal.Decimal
	Numerator     *decimal.Decimal
	Denominator   *decimal.Decimal
	OrgsReporting int64
	OrgsExpected  int64
	Passing       *int64
	Failing       *int64
	Status        string
}

// FailingOrg is an org that misses a per-org check (or, in Missing, has not reported).
type FailingOrg struct {
	OrgID   int64
	OrgCode string
	OrgName string
	OrgType string
	Town    string
	Value   *decimal.Decimal
}

// Detail is one indicator broken down. Groups, Failing and Missing are the pages Paging chose;
// the totals count every group, failing org and missing org.
type Detail struct {
	Result
	GroupBy string
	Groups  []Group
	Failing []FailingOrg
	// Missing lists the expected orgs with no figures on this basis yet.
	Missing      []FailingOrg
	Paging       Paging
	GroupsTotal  int64
	FailingTotal int64
	MissingTotal int64
}

// Point is an indicator's value in one period.
type Point struct {
	Period string
	Value  *decimal.Decimal
	Status string
}

// Service computes indicators.
type Service struct {
	store      *Store
	indicators []Indicator
	byCode     map[string]*Indicator
	byForm     map[string][]*Indicator
	summaries  summaryCache // district and town summaries by totals version (version.go)
}

// NewService returns a Service over the parsed indicators. Call Rebuild when the indicator
// definitions may have changed since the contributions were written.
func NewService(store *Store, indicators []Indicator) *Service {
	s := &Service{store: store, indicators: indicators, byCode: map[string]*Indicator{}, byForm: map[string][]*Indicator{}}
	for i := range s.indicators {
		in := &s.indicators[i]
		s.byCode[in.Code] = in
		s.byForm[in.Form] = append(s.byForm[in.Form], in)
	}
	return s
}

// Indicators returns the definitions.
func (s *Service) Indicators() []Indicator { return s.indicators }

// NoTownLabel names the group of orgs that belong to no town: the bureau and the departments
// directly under the district.
const NoTownLabel = "区直属单位"

// ErrUnknownIndicator is a not-found for an indicator code.
var ErrUnknownIndicator = fmt.Errorf("indicator: %w", errs.ErrNotFound)

// checkPeriod accepts a period of any type (2025, 2025H1, 2025Q3, 2025-09), as forms have.
func checkPeriod(p string) error {
	for _, t := range []period.Type{period.Year, period.Half, period.Quarter, period.Month} {
		if _, err := period.Parse(t, p); err == nil {
			return nil
		}
	}
	return errs.Invalid("period", "invalid_period", "period is required, e.g. 2025, 2025H1, 2025Q3 or 2025-09")
}

// Summary computes every indicator for a period in sc with a handful of queries: the
// contribution totals, the expected orgs, the previous period's totals (for rising targets) and
// the data's age.
//
// A summary of a scope the group totals cover (the district, a town) is cached under the totals
// version read before computing it, and served again only while the version is unchanged: one
// single-row read instead of the queries (see version.go).
func (s *Service) Summary(ctx context.Context, sc scope.Scope, period string, basis Basis) (Summary, error) {
	if err := checkPeriod(period); err != nil {
		return Summary{}, err
	}
	if _, err := basis.statuses(); err != nil {
		return Summary{}, err
	}
	if basis == "" {
		basis = BasisApproved
	}
	_, covered, err := s.store.totalsCover(ctx, sc)
	if err != nil || !covered {
		if err != nil {
			return Summary{}, err
		}
		return s.summary(ctx, sc, period, basis)
	}
	version, err := s.store.totalsVersion(ctx)
	if err != nil {
		return Summary{}, err
	}
	if version == "" {
		return s.summary(ctx, sc, period, basis)
	}
	return s.summaries.do(ctx, summaryKeyOf(sc, period, basis), version, func() (Summary, error) {
		return s.summary(ctx, sc, period, basis)
	})
}

// summary computes a Summary; basis is valid and not empty.
func (s *Service) summary(ctx context.Context, sc scope.Scope, period string, basis Basis) (Summary, error) {
	statuses, err := basis.statuses()
	if err != nil {
		return Summary{}, err
	}
	byCode, err := s.totalsByCode(ctx, sc, period, statuses, nil)
	if err != nil {
		return Summary{}, err
	}
	exp, err := s.store.expectedByType(ctx, sc, period)
	if err != nil {
		return Summary{}, fmt.Errorf("expected orgs for %s: %w", period, err)
	}
	prev, err := s.previous(ctx, sc, period, statuses, s.indicators)
	if err != nil {
		return Summary{}, err
	}
	out := Summary{Period: period, Basis: basis, Items: make([]Result, len(s.indicators))}
	for i := range s.indicators {
		in := &s.indicators[i]
		out.Items[i] = forScope(s.result(in, byCode[in.Code], expected(in, exp, nil), prev[in.Code]), isRoot(sc))
	}
	if out.AsOf, err = s.store.AsOf(ctx, sc, period, statuses); err != nil {
		return Summary{}, fmt.Errorf("rollup age for %s: %w", period, err)
	}
	return out, nil
}

func (s *Service) totalsByCode(ctx context.Context, sc scope.Scope, period string, statuses, codes []string) (map[string]Total, error) {
	totals, err := s.store.Totals(ctx, sc, period, statuses, codes, GroupNone)
	if err != nil {
		return nil, fmt.Errorf("indicator totals for %s: %w", period, err)
	}
	out := make(map[string]Total, len(totals))
	for _, t := range totals {
		out[t.Indicator] = t
	}
	return out, nil
}

// previous returns the previous period's value of every rising indicator among ins.
func (s *Service) previous(ctx context.Context, sc scope.Scope, p string, statuses []string, ins []Indicator) (map[string]*decimal.Decimal, error) {
	var codes []string
	for _, in := range ins {
		if in.Target.Op == OpRising {
			codes = append(codes, in.Code)
		}
	}
	out := map[string]*decimal.Decimal{}
	if len(codes) == 0 {
		return out, nil
	}
	prev := prevPeriod(p)
	byCode, err := s.totalsByCode(ctx, sc, prev, statuses, codes)
	if err != nil {
		return nil, err
	}
	for _, code := range codes {
		in := s.byCode[code]
		v, _, _, _ := value(in, byCode[code], 1)
		out[code] = v
	}
	return out, nil
}

// OpRising is the target of a figure that must grow year on year (双一流 admissions).
const OpRising = "rising"

func prevPeriod(p string) string {
	for _, t := range []period.Type{period.Year, period.Half, period.Quarter, period.Month} {
		if pd, err := period.Parse(t, p); err == nil {
			return pd.Prev().String()
		}
	}
	return ""
}

// expected sums the task counts of an indicator's form and org types (and, when match is set,
// of one group: an org type or a town).
func expected(in *Indicator, exp []Expected, match func(e Expected) bool) int64 {
	var n int64
	for _, e := range exp {
		if e.Form != in.Form || (len(in.OrgTypes) > 0 && !contains(in.OrgTypes, e.OrgType)) {
			continue
		}
		if match == nil || match(e) {
			n += e.N
		}
	}
	return n
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// frac is an indicator's exact value p / q (q > 0). Verdicts compare it with the target
// without rounding: 8,999,996 of 10,000,000 children is below "90%以上" although it shows as 0.9.
type frac struct{ p, q decimal.Decimal }

// cmp compares p / q with t exactly.
func (f frac) cmp(t decimal.Decimal) int { return f.p.Cmp(t.Mul(f.q)) }

// minus is t − p / q, for the gap still to close.
func (f frac) minus(t decimal.Decimal) decimal.Decimal { return t.Mul(f.q).Sub(f.p).DivRound(f.q, 8) }

// value turns summed contributions into the indicator's value: nil when nothing was reported
// or the denominator is zero. A coverage denominator is the orgs expected to report. Shown
// figures are rounded to 6 places; the exact fraction comes back for judging.
func value(in *Indicator, t Total, expected int64) (v, n, d *decimal.Decimal, exact *frac) {
	nsum, nq := join(t.NumHi, t.NumLo), decimal.NewFromInt(1)
	nv := nsum
	if in.Numerator.Agg == AggAvg {
		if t.NumN == 0 {
			return nil, &nv, nil, nil
		}
		nq = decimal.NewFromInt(t.NumN)
		nv = nsum.DivRound(nq, 6)
	}
	n = &nv
	if in.Denominator == nil {
		if t.Orgs == 0 {
			return nil, n, nil, nil
		}
		return n, n, nil, &frac{p: nsum, q: nq}
	}
	dsum, dq := join(t.DenHi, t.DenLo), decimal.NewFromInt(1)
	dv := dsum
	switch in.Denominator.Agg {
	case AggExpected:
		dsum = decimal.NewFromInt(expected)
		dv = dsum
	case AggAvg:
		if t.DenN > 0 {
			dq = decimal.NewFromInt(t.DenN)
			dv = dsum.DivRound(dq, 6)
		}
	}
	d = &dv
	if dsum.IsZero() || t.Orgs == 0 {
		return nil, n, d, nil
	}
	// (nsum / nq) / (dsum / dq) = nsum·dq / (nq·dsum), with a positive denominator.
	f := frac{p: nsum.Mul(dq), q: nq.Mul(dsum)}
	if f.q.IsNegative() {
		f.p, f.q = f.p.Neg(), f.q.Neg()
	}
	q := f.p.DivRound(f.q, 6)
	return &q, n, d, &f
}

// complete reports whether enough of the expected orgs have reported to judge the indicator.
func complete(in *Indicator, reported, expected int64) bool {
	if in.MinCompleteness.IsZero() {
		return true // judged on whatever has arrived
	}
	if expected <= 0 {
		return false
	}
	return decimal.NewFromInt(reported).GreaterThanOrEqual(in.MinCompleteness.Mul(decimal.NewFromInt(expected)))
}

// verdict judges a value: for a target the plan sets for every org, any org failing its own
// check misses it outright; otherwise insufficient_data until enough orgs reported, then the
// target.
func verdict(in *Indicator, v *decimal.Decimal, exact *frac, reported, expected, failing int64, prev *decimal.Decimal) (string, *decimal.Decimal) {
	if in.EveryOrg && failing > 0 {
		// One school below a target the plan sets for every school settles it, however many
		// are still to report; the schools below are the gap (per_org.failing), not a number.
		return StatusNotMet, nil
	}
	if v == nil || exact == nil || !complete(in, reported, expected) {
		return StatusInsufficient, nil
	}
	return judge(in.Target, *exact, prev)
}

func (s *Service) result(in *Indicator, t Total, expected int64, prev *decimal.Decimal) Result {
	r := Result{Indicator: in, OrgsReporting: t.Orgs, OrgsExpected: expected, Previous: prev}
	r.Value, r.Numerator, r.Denominator, r.exact = value(in, t, expected)
	if expected > 0 {
		c := decimal.NewFromInt(t.Orgs).DivRound(decimal.NewFromInt(expected), 4)
		r.Completeness = &c
	}
	r.Status, r.Gap = verdict(in, r.Value, r.exact, t.Orgs, expected, t.Fail, prev)
	if in.PerOrg != nil {
		pass, fail := t.Pass, t.Fail
		r.Passing, r.Failing = &pass, &fail
	}
	return r
}

// forScope leaves a district figure unjudged outside the whole district: a town's 2 sports
// specialist schools are its share of the district's 30, not a miss of them; a rising target
// is the district's to meet. Status is then "" (a contribution).
func forScope(r Result, whole bool) Result {
	if !whole && (r.Indicator.DistrictOnly() || r.Indicator.Target.Op == OpRising) {
		r.Status, r.Gap = "", nil
	}
	return r
}

// judge compares an exact value with the target and returns the status and the gap still to
// close (zero when met). A rising target compares with the previous period's value.
func judge(t Target, v frac, prev *decimal.Decimal) (string, *decimal.Decimal) {
	var gap decimal.Decimal
	met := false
	switch t.Op {
	case ">=":
		met, gap = v.cmp(t.Value) >= 0, v.minus(t.Value)
	case "<=":
		met, gap = v.cmp(t.Value) <= 0, v.minus(t.Value).Neg()
	case "=":
		met, gap = v.cmp(t.Value) == 0, v.minus(t.Value).Abs()
	case "between":
		switch {
		case v.cmp(t.Value) < 0:
			gap = v.minus(t.Value)
		case t.Value2 != nil && v.cmp(*t.Value2) > 0:
			gap = v.minus(*t.Value2).Neg()
		default:
			met = true
		}
	case OpRising:
		if prev == nil {
			return StatusInsufficient, nil
		}
		if v.cmp(*prev) > 0 {
			return StatusMet, nil
		}
		return StatusNotMet, nil
	}
	if met {
		z := decimal.Zero
		return StatusMet, &z
	}
	return StatusNotMet, &gap
}

// Detail breaks one indicator down by org type, town or org, and lists the orgs that fail
// its per-org check and the expected orgs that have not reported: the first MaxPageSize of
// each, by name (DetailPage chooses the page).
func (s *Service) Detail(ctx context.Context, sc scope.Scope, code, period string, basis Basis, groupBy string) (Detail, error) {
	return s.DetailPage(ctx, sc, code, period, basis, groupBy, Paging{Size: MaxPageSize})
}

// DetailPage is Detail with one page of each list, as pg says, and their totals. The headline,
// the groups, the failing list and the pass/fail counts all come from the same per-org
// contributions.
func (s *Service) DetailPage(ctx context.Context, sc scope.Scope, code, period string, basis Basis, groupBy string, pg Paging) (Detail, error) {
	return s.detail(ctx, sc, code, period, basis, groupBy, pg, nil)
}

// detail is DetailPage; judge, when not nil, gives each group its status before the groups are
// sorted and paged (the own view judges them its own way).
func (s *Service) detail(ctx context.Context, sc scope.Scope, code, period string, basis Basis, groupBy string, pg Paging, judge func(*Group)) (Detail, error) {
	in := s.byCode[code]
	if in == nil {
		return Detail{}, ErrUnknownIndicator
	}
	pg, err := pg.Normalize()
	if err != nil {
		return Detail{}, err
	}
	if err := checkPeriod(period); err != nil {
		return Detail{}, err
	}
	if _, ok := groupExprs[groupBy]; !ok {
		return Detail{}, errs.Invalid("group_by", "invalid_group_by", "group_by must be org_type, town or org")
	}
	statuses, err := basis.statuses()
	if err != nil {
		return Detail{}, err
	}
	codes := []string{code}
	byCode, err := s.totalsByCode(ctx, sc, period, statuses, codes)
	if err != nil {
		return Detail{}, err
	}
	exp, err := s.store.ExpectedCounts(ctx, sc, period)
	if err != nil {
		return Detail{}, fmt.Errorf("expected orgs for %s: %w", period, err)
	}
	prev, err := s.previous(ctx, sc, period, statuses, []Indicator{*in})
	if err != nil {
		return Detail{}, err
	}
	d := Detail{Result: forScope(s.result(in, byCode[code], expected(in, exp, nil), prev[code]), isRoot(sc)), GroupBy: groupBy,
		Groups: []Group{}, Failing: []FailingOrg{}, Missing: []FailingOrg{}, Paging: pg}
	if groupBy != GroupNone {
		rows, err := s.store.Totals(ctx, sc, period, statuses, codes, groupBy)
		if err != nil {
			return Detail{}, fmt.Errorf("indicator %s by %s: %w", code, groupBy, err)
		}
		gs, err := s.groups(ctx, in, rows, exp, groupBy)
		if err != nil {
			return Detail{}, err
		}
		if judge != nil {
			for i := range gs {
				judge(&gs[i])
			}
		}
		sortGroups(gs, pg.Sort)
		d.Groups, d.GroupsTotal = pageOf(gs, pg.offset(ListGroups), pg.Size), int64(len(gs))
	}
	if in.PerOrg != nil {
		fs, total, err := s.store.FailingPage(ctx, sc, code, period, statuses, pg.offset(ListFailing), pg.Size)
		if err != nil {
			return Detail{}, fmt.Errorf("failing orgs of %s: %w", code, err)
		}
		if d.Failing, err = s.orgList(ctx, fs); err != nil {
			return Detail{}, err
		}
		d.FailingTotal = total
	}
	ms, total, err := s.store.MissingPage(ctx, sc, in.Form, in.OrgTypes, code, period, statuses, pg.offset(ListMissing), pg.Size)
	if err != nil {
		return Detail{}, fmt.Errorf("orgs not reported for %s: %w", code, err)
	}
	if d.Missing, err = s.orgList(ctx, ms); err != nil {
		return Detail{}, err
	}
	d.MissingTotal = total
	return d, nil
}

// orgList names the towns of listed orgs.
func (s *Service) orgList(ctx context.Context, fs []Failing) ([]FailingOrg, error) {
	var towns []int64
	for _, f := range fs {
		if f.TownID != nil {
			towns = append(towns, *f.TownID)
		}
	}
	names, err := s.store.OrgNames(ctx, towns)
	if err != nil {
		return nil, fmt.Errorf("town names: %w", err)
	}
	out := make([]FailingOrg, 0, len(fs))
	for _, f := range fs {
		fo := FailingOrg{OrgID: f.OrgID, OrgCode: f.OrgCode, OrgName: f.OrgName, OrgType: f.OrgType}
		if f.TownID != nil {
			fo.Town = names[*f.TownID]
		}
		if f.ValueE8 != nil {
			v := decimal.New(*f.ValueE8, -8)
			fo.Value = &v
		}
		out = append(out, fo)
	}
	return out, nil
}

// groups judges each slice of a breakdown. A district count target is not judged per slice
// (a town's 3 sports schools are its share of the district's 30, not a miss). A school is
// judged by its own per-org check, the same one the failing list uses, or not at all.
func (s *Service) groups(ctx context.Context, in *Indicator, rows []Total, exp []Expected, groupBy string) ([]Group, error) {
	out := make([]Group, 0, len(rows))
	var ids []int64
	for _, r := range rows {
		g := Group{Key: r.Key, Label: r.Key, OrgsReporting: r.Orgs}
		var ge int64
		switch groupBy {
		case GroupOrg:
			ge = r.Orgs // a reporting org is the one org expected of itself
		case GroupOrgType:
			ge = expected(in, exp, func(e Expected) bool { return e.OrgType == r.Key })
		case GroupTown:
			ge = expected(in, exp, func(e Expected) bool { return strconv.FormatInt(e.TownID, 10) == r.Key })
		}
		g.OrgsExpected = ge
		var exact *frac
		g.Value, g.Numerator, g.Denominator, exact = value(in, r, ge)
		if in.PerOrg != nil {
			pass, fail := r.Pass, r.Fail
			g.Passing, g.Failing = &pass, &fail
		}
		switch {
		case groupBy == GroupOrg && in.PerOrg != nil:
			g.Status = StatusInsufficient
			if r.Fail > 0 {
				g.Status = StatusNotMet
			} else if r.Pass > 0 {
				g.Status = StatusMet
			}
		case groupBy == GroupOrg, in.DistrictOnly(), in.Target.Op == OpRising:
			// not judged on its own
		default:
			g.Status, _ = verdict(in, g.Value, exact, r.Orgs, ge, r.Fail, nil)
		}
		out = append(out, g)
		if id, err := strconv.ParseInt(r.Key, 10, 64); err == nil && groupBy != GroupOrgType {
			ids = append(ids, id)
		}
	}
	names, err := s.store.OrgNames(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("group names: %w", err)
	}
	for i := range out {
		if id, err := strconv.ParseInt(out[i].Key, 10, 64); err == nil && names[id] != "" {
			out[i].Label = names[id]
		} else if groupBy == GroupTown && out[i].Key == "0" {
			out[i].Label = NoTownLabel
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out, nil
}

// Trend returns an indicator's value in every period that has data, oldest first, each judged
// as the summary would judge it then.
func (s *Service) Trend(ctx context.Context, sc scope.Scope, code string, basis Basis) ([]Point, error) {
	in := s.byCode[code]
	if in == nil {
		return nil, ErrUnknownIndicator
	}
	whole := isRoot(sc)
	return s.trend(ctx, sc, in, basis, func(r Result) Result { return forScope(r, whole) })
}

// trend computes in's result in sc for every period with data, oldest first, judged by judged.
func (s *Service) trend(ctx context.Context, sc scope.Scope, in *Indicator, basis Basis, judged func(Result) Result) ([]Point, error) {
	statuses, err := basis.statuses()
	if err != nil {
		return nil, err
	}
	periods, err := s.store.Periods(ctx, sc, in.Code, statuses)
	if err != nil {
		return nil, fmt.Errorf("periods of %s: %w", in.Code, err)
	}
	out := make([]Point, 0, len(periods))
	for _, p := range periods {
		r, err := s.result1(ctx, sc, in, p, basis)
		if err != nil {
			return nil, err
		}
		r = judged(r)
		out = append(out, Point{Period: p, Value: r.Value, Status: r.Status})
	}
	return out, nil
}
