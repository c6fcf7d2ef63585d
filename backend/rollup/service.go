package rollup

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tianbao-edu/tianbao/backend/errs"
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
}

// NewService returns a Service over the parsed indicators.
func NewService(store *Store, indicators []Indicator) *Service {
	s := &Service{store: store, indicators: indicators, byCode: map[string]*Indicator{}}
	for i := range s.indicators {
		s.byCode[s.indicators[i].Code] = &s.indicators[i]
	}
	return s
}

// Indicators returns the definitions.
func (s *Service) Indicators() []Indicator { return s.indicators }

// ErrUnknownIndicator is a not-found for an indicator code.
var ErrUnknownIndicator = fmt.Errorf("indicator: %w", errs.ErrNotFound)

func (s *Service) slice(in *Indicator, sc scope.Scope, period string, statuses []string) Slice {
	return Slice{Form: in.Form, Period: period, Statuses: statuses, Scope: sc, OrgTypes: in.OrgTypes}
}

func checkPeriod(p string) error {
	if p == "" || len(p) > 16 {
		return errs.Invalid("period", "invalid_period", "period is required, e.g. 2025")
	}
	return nil
}

// Summary computes every indicator for a period in sc. The indicators run concurrently; each
// is a handful of GROUP BY queries.
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
	out := Summary{Period: period, Basis: basis, Items: make([]Result, len(s.indicators))}
	errc := make([]error, len(s.indicators))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i := range s.indicators {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			out.Items[i], errc[i] = s.result(ctx, &s.indicators[i], sc, period, statuses)
		}(i)
	}
	wg.Wait()
	if err := errors.Join(errc...); err != nil {
		return Summary{}, err
	}
	out.AsOf, err = s.store.AsOf(ctx, sc, period, statuses)
	return out, err
}

func single(rows []Row) Row {
	if len(rows) == 0 {
		return Row{}
	}
	return rows[0]
}

// amount turns an aggregate row into its number: sums are stored scaled by 10^4.
func amount(a *Agg, r Row) decimal.Decimal {
	switch a.Agg {
	case AggSum:
		return decimal.New(r.Total, -4)
	case AggAvg:
		if r.Orgs == 0 {
			return decimal.Zero
		}
		return decimal.New(r.Total, -4).DivRound(decimal.NewFromInt(r.Orgs), 6)
	}
	return decimal.NewFromInt(r.Total)
}

// value combines numerator and denominator rows into the indicator's value (nil: no data).
func value(in *Indicator, num Row, den *Row) (v, n, d *decimal.Decimal) {
	nv := amount(&in.Numerator, num)
	n = &nv
	if in.Denominator == nil {
		if num.Orgs == 0 {
			return nil, n, nil
		}
		return n, n, nil
	}
	dv := amount(in.Denominator, *den)
	d = &dv
	if dv.IsZero() {
		return nil, n, d
	}
	q := nv.DivRound(dv, 6)
	return &q, n, d
}

func (s *Service) result(ctx context.Context, in *Indicator, sc scope.Scope, period string, statuses []string) (Result, error) {
	sl := s.slice(in, sc, period, statuses)
	r := Result{Indicator: in}
	num, err := s.store.Aggregate(ctx, sl, in.Numerator, GroupNone)
	if err != nil {
		return r, err
	}
	var den *Row
	if in.Denominator != nil {
		rows, err := s.store.Aggregate(ctx, sl, *in.Denominator, GroupNone)
		if err != nil {
			return r, err
		}
		d := single(rows)
		den = &d
	}
	r.Value, r.Numerator, r.Denominator = value(in, single(num), den)
	rep, err := s.store.Reporting(ctx, sl, GroupNone)
	if err != nil {
		return r, err
	}
	exp, err := s.store.Expected(ctx, sl, GroupNone)
	if err != nil {
		return r, err
	}
	r.OrgsReporting, r.OrgsExpected = single(rep).Total, single(exp).Total
	if r.OrgsReporting == 0 {
		r.Value = nil
	} else if in.Denominator == nil && r.Value == nil {
		r.Value = r.Numerator // reported, with nothing counted: the value is zero, not missing
	}
	r.Status, r.Gap = judge(in.Target, r.Value)
	if in.PerOrg != nil {
		pass, fail, err := s.store.PerOrgCounts(ctx, sl, *in.PerOrg)
		if err != nil {
			return r, err
		}
		r.Passing, r.Failing = &pass, &fail
	}
	return r, nil
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
	res, err := s.result(ctx, in, sc, period, statuses)
	if err != nil {
		return Detail{}, err
	}
	d := Detail{Result: res, GroupBy: groupBy, Groups: []Group{}, Failing: []FailingOrg{}}
	sl := s.slice(in, sc, period, statuses)
	if groupBy != GroupNone {
		if d.Groups, err = s.groups(ctx, in, sl, groupBy); err != nil {
			return Detail{}, err
		}
	}
	if in.PerOrg != nil {
		fs, err := s.store.FailingOrgs(ctx, sl, *in.PerOrg, 500)
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
			if f.NumE4 != nil {
				v := decimal.New(*f.NumE4, -4)
				fo.Value = &v
			}
			d.Failing = append(d.Failing, fo)
		}
	}
	return d, nil
}

func (s *Service) groups(ctx context.Context, in *Indicator, sl Slice, groupBy string) ([]Group, error) {
	num, err := s.store.Aggregate(ctx, sl, in.Numerator, groupBy)
	if err != nil {
		return nil, err
	}
	dens := map[string]Row{}
	if in.Denominator != nil {
		rows, err := s.store.Aggregate(ctx, sl, *in.Denominator, groupBy)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			dens[r.Key] = r
		}
	}
	rep, err := s.store.Reporting(ctx, sl, groupBy)
	if err != nil {
		return nil, err
	}
	nums := map[string]Row{}
	for _, r := range num {
		nums[r.Key] = r
	}
	// Every group that reported appears, even when its numerator is empty (e.g. no school met).
	out := make([]Group, 0, len(rep))
	var townIDs, orgIDs []int64
	for _, r := range rep {
		var den *Row
		if in.Denominator != nil {
			dr := dens[r.Key]
			den = &dr
		}
		nr := nums[r.Key]
		if in.Denominator == nil && nr.Orgs == 0 {
			nr.Orgs = r.Orgs // reported, with nothing counted: the value is zero, not missing
		}
		g := Group{Key: r.Key, Label: r.Key, OrgsReporting: r.Total}
		g.Value, g.Numerator, g.Denominator = value(in, nr, den)
		g.Status, _ = judge(in.Target, g.Value)
		out = append(out, g)
		if id, err := strconv.ParseInt(r.Key, 10, 64); err == nil {
			if groupBy == GroupTown {
				townIDs = append(townIDs, id)
			} else if groupBy == GroupOrg {
				orgIDs = append(orgIDs, id)
			}
		}
	}
	names, err := s.store.OrgNames(ctx, append(townIDs, orgIDs...))
	if err != nil {
		return nil, err
	}
	for i := range out {
		if id, err := strconv.ParseInt(out[i].Key, 10, 64); err == nil && names[id] != "" {
			out[i].Label = names[id]
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
	periods, err := s.store.Periods(ctx, sc, in.Form, statuses)
	if err != nil {
		return nil, err
	}
	out := make([]Point, 0, len(periods))
	for _, p := range periods {
		r, err := s.result(ctx, in, sc, p, statuses)
		if err != nil {
			return nil, err
		}
		out = append(out, Point{Period: p, Value: r.Value, Status: r.Status})
	}
	return out, nil
}
