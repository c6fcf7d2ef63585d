package rollup

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/period"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// Basis chooses official or provisional figures.
type Basis string

// Bases.
const (
	BasisApproved Basis = "approved" // official: approved submissions only
	BasisAll      Basis = "all"      // provisional: submitted and approved
)

func (b Basis) statuses() ([]string, error) {
	switch b {
	case BasisApproved, "":
		return []string{"approved"}, nil
	case BasisAll:
		return []string{"submitted", "approved"}, nil
	}
	return nil, errs.Invalid("basis", "invalid_basis", "basis must be approved or all")
}

// Statuses of an indicator against its target.
const (
	StatusMet    = "met"
	StatusNotMet = "not_met"
	StatusNoData = "no_data"
)

// Result is one indicator's standing.
type Result struct {
	Indicator     *Indicator
	Value         *decimal.Decimal
	Numerator     *decimal.Decimal
	Denominator   *decimal.Decimal
	Status        string
	Gap           *decimal.Decimal
	OrgsReporting int64
	OrgsExpected  int64
	Passing       *int64 // per-org check, when the indicator has one
	Failing       *int64
}

// Summary is every indicator for a period.
type Summary struct {
	Period string
	Basis  Basis
	AsOf   *time.Time
	Items  []Result
}

// Group is one slice of a breakdown.
type Group struct {
	Key           string
	Label         string
	Value         *decimal.Decimal
	Numerator     *decimal.Decimal
	Denominator   *decimal.Decimal
	OrgsReporting int64
	Status        string
}

// FailingOrg is an org that misses a per-org check.
type FailingOrg struct {
	OrgID   int64
	OrgCode string
	OrgName string
	OrgType string
	Town    string
	Value   *decimal.Decimal
}

// Detail is one indicator broken down.
type Detail struct {
	Result
	GroupBy string
	Groups  []Group
	Failing []FailingOrg
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

// codes lists every indicator code.
func (s *Service) codes() []string {
	out := make([]string, len(s.indicators))
	for i, in := range s.indicators {
		out[i] = in.Code
	}
	return out
}

// Summary computes every indicator for a period in sc with three queries: the contribution
// totals, the expected orgs, and the data's age.
func (s *Service) Summary(ctx context.Context, sc scope.Scope, period string, basis Basis) (Summary, error) {
	if err := checkPeriod(period); err != nil {
		return Summary{}, err
	}
	statuses, err := basis.statuses()
	if err != nil {
		return Summary{}, err
	}
	if basis == "" {
		basis = BasisApproved
	}
	totals, err := s.store.Totals(ctx, sc, period, statuses, nil, GroupNone)
	if err != nil {
		return Summary{}, err
	}
	byCode := map[string]Total{}
	for _, t := range totals {
		byCode[t.Indicator] = t
	}
	exp, err := s.store.ExpectedCounts(ctx, sc, period)
	if err != nil {
		return Summary{}, err
	}
	out := Summary{Period: period, Basis: basis, Items: make([]Result, len(s.indicators))}
	for i := range s.indicators {
		in := &s.indicators[i]
		out.Items[i] = s.result(in, byCode[in.Code], expected(in, exp, nil))
	}
	out.AsOf, err = s.store.AsOf(ctx, sc, period, statuses)
	return out, err
}

// expected sums the task counts of an indicator's form and org types (and, when key is set,
// one group: an org type or a town id).
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

// value turns summed contributions into the indicator's value: nil when nothing was reported
// or the denominator is zero.
func value(in *Indicator, t Total) (v, n, d *decimal.Decimal) {
	if t.Orgs == 0 {
		z := decimal.Zero
		if in.Denominator != nil {
			return nil, &z, &z
		}
		return nil, &z, nil
	}
	nv := decimal.New(t.NumE4, -4)
	if in.Numerator.Agg == AggAvg {
		if t.NumN == 0 {
			return nil, &nv, nil
		}
		nv = nv.DivRound(decimal.NewFromInt(t.NumN), 6)
	}
	n = &nv
	if in.Denominator == nil {
		return n, n, nil
	}
	dv := decimal.New(t.DenE4, -4)
	if in.Denominator.Agg == AggAvg && t.DenN > 0 {
		dv = dv.DivRound(decimal.NewFromInt(t.DenN), 6)
	}
	d = &dv
	if dv.IsZero() {
		return nil, n, d
	}
	q := nv.DivRound(dv, 6)
	return &q, n, d
}

func (s *Service) result(in *Indicator, t Total, expected int64) Result {
	r := Result{Indicator: in, OrgsReporting: t.Orgs, OrgsExpected: expected}
	r.Value, r.Numerator, r.Denominator = value(in, t)
	r.Status, r.Gap = judge(in.Target, r.Value)
	if in.PerOrg != nil {
		pass, fail := t.Pass, t.Fail
		r.Passing, r.Failing = &pass, &fail
	}
	return r
}

// judge compares a value with the target and returns the status and the gap still to close
// (zero when met).
func judge(t Target, v *decimal.Decimal) (string, *decimal.Decimal) {
	if v == nil {
		return StatusNoData, nil
	}
	var gap decimal.Decimal
	switch t.Op {
	case ">=":
		gap = t.Value.Sub(*v)
	case "<=":
		gap = v.Sub(t.Value)
	case "=":
		gap = t.Value.Sub(*v).Abs()
	case "between":
		if v.LessThan(t.Value) {
			gap = t.Value.Sub(*v)
		} else if t.Value2 != nil && v.GreaterThan(*t.Value2) {
			gap = v.Sub(*t.Value2)
		}
	}
	if gap.IsPositive() {
		return StatusNotMet, &gap
	}
	z := decimal.Zero
	return StatusMet, &z
}

// Detail breaks one indicator down by org type, town or org, and lists the orgs that fail
// its per-org check.
func (s *Service) Detail(ctx context.Context, sc scope.Scope, code, period string, basis Basis, groupBy string) (Detail, error) {
	in := s.byCode[code]
	if in == nil {
		return Detail{}, ErrUnknownIndicator
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
	tot, err := s.store.Totals(ctx, sc, period, statuses, codes, GroupNone)
	if err != nil {
		return Detail{}, err
	}
	exp, err := s.store.ExpectedCounts(ctx, sc, period)
	if err != nil {
		return Detail{}, err
	}
	var t Total
	if len(tot) > 0 {
		t = tot[0]
	}
	d := Detail{Result: s.result(in, t, expected(in, exp, nil)), GroupBy: groupBy, Groups: []Group{}, Failing: []FailingOrg{}}
	if groupBy != GroupNone {
		rows, err := s.store.Totals(ctx, sc, period, statuses, codes, groupBy)
		if err != nil {
			return Detail{}, err
		}
		if d.Groups, err = s.groups(ctx, in, rows, groupBy); err != nil {
			return Detail{}, err
		}
	}
	if in.PerOrg != nil {
		fs, err := s.store.FailingOrgs(ctx, sc, code, period, statuses, 500)
		if err != nil {
			return Detail{}, err
		}
		var towns []int64
		for _, f := range fs {
			if f.TownID != nil {
				towns = append(towns, *f.TownID)
			}
		}
		names, err := s.store.OrgNames(ctx, towns)
		if err != nil {
			return Detail{}, err
		}
		for _, f := range fs {
			fo := FailingOrg{OrgID: f.OrgID, OrgCode: f.OrgCode, OrgName: f.OrgName, OrgType: f.OrgType}
			if f.TownID != nil {
				fo.Town = names[*f.TownID]
			}
			if f.ValueE4 != nil {
				v := decimal.New(*f.ValueE4, -4)
				fo.Value = &v
			}
			d.Failing = append(d.Failing, fo)
		}
	}
	return d, nil
}

func (s *Service) groups(ctx context.Context, in *Indicator, rows []Total, groupBy string) ([]Group, error) {
	out := make([]Group, 0, len(rows))
	var ids []int64
	for _, r := range rows {
		g := Group{Key: r.Key, Label: r.Key, OrgsReporting: r.Orgs}
		g.Value, g.Numerator, g.Denominator = value(in, r)
		g.Status, _ = judge(in.Target, g.Value)
		out = append(out, g)
		if id, err := strconv.ParseInt(r.Key, 10, 64); err == nil && groupBy != GroupOrgType {
			ids = append(ids, id)
		}
	}
	names, err := s.store.OrgNames(ctx, ids)
	if err != nil {
		return nil, err
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

// Trend returns an indicator's value in every period that has data, oldest first.
func (s *Service) Trend(ctx context.Context, sc scope.Scope, code string, basis Basis) ([]Point, error) {
	in := s.byCode[code]
	if in == nil {
		return nil, ErrUnknownIndicator
	}
	statuses, err := basis.statuses()
	if err != nil {
		return nil, err
	}
	periods, err := s.store.Periods(ctx, sc, code, statuses)
	if err != nil {
		return nil, err
	}
	out := make([]Point, 0, len(periods))
	for _, p := range periods {
		tot, err := s.store.Totals(ctx, sc, p, statuses, []string{code}, GroupNone)
		if err != nil {
			return nil, err
		}
		var t Total
		if len(tot) > 0 {
			t = tot[0]
		}
		r := s.result(in, t, 0)
		out = append(out, Point{Period: p, Value: r.Value, Status: r.Status})
	}
	return out, nil
}
