package rollup

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// A school's own view: its own figures against every target that applies to it, beside the
// district's aggregate for comparison. The own figures are judged the way the district's
// breakdown judges one org (Service.groups): by the org's own per-org check, or not at all where
// the plan sets a district figure (30 sports schools) or a district share (90% of children in
// 普惠 kindergartens) that no one org is held to. The district's figure is the aggregate only:
// nothing of it names or shows another org.

// Reports says whether orgs of a type fill a form (the form's org types). The own view leaves
// out an indicator no org of the view fills the form of, even where the plan's wording covers
// the org's type (the building targets cover every unit, but only builders report them).
type Reports func(form, orgType string) bool

// Standing is one indicator in the own view: the org's own result (Status "" where the org is
// not judged on its own) and the district's.
type Standing struct {
	Result
	District Result
}

// Own is every indicator that applies to the orgs of an own view, for a period.
type Own struct {
	Period string
	Basis  Basis
	AsOf   *time.Time
	Items  []Standing
}

// ErrNoOwnScope is returned for an own view with no org in it; the router never asks for one.
var ErrNoOwnScope = fmt.Errorf("own view without an org: %w", errs.ErrForbidden)

// OwnStatus judges own figures as the district's breakdown judges one org: a district count or
// a rising target is the district's to meet (""), as is a target with no per-org check; with a
// check, any failing org misses it, and the orgs are met once enough of them reported and every
// one that did passes. reported and expected count the orgs of the view.
func OwnStatus(in *Indicator, reported, expected int64, passing, failing *int64) string {
	switch {
	case in.DistrictOnly(), in.Target.Op == OpRising, in.PerOrg == nil || passing == nil || failing == nil:
		return ""
	case *failing > 0:
		return StatusNotMet
	case *passing > 0 && complete(in, reported, expected):
		return StatusMet
	}
	return StatusInsufficient
}

// judgedOwn rejudges a result computed over an own view's orgs.
func judgedOwn(r Result) Result {
	r.Status = OwnStatus(r.Indicator, r.OrgsReporting, r.OrgsExpected, r.Passing, r.Failing)
	switch r.Status {
	case StatusMet:
		z := decimal.Zero
		r.Gap = &z
	case StatusNotMet:
		r.Gap = nil
		if r.exact != nil {
			_, r.Gap = judge(r.Indicator.Target, *r.exact, r.Previous)
		}
	default:
		r.Gap = nil
	}
	return r
}

// districtOf is the whole district an own scope lies in: the root of its tree ("/1/7/42/" → "/1/").
func districtOf(sc scope.Scope) (scope.Scope, error) {
	ps := sc.Paths()
	if len(ps) == 0 {
		return scope.Scope{}, ErrNoOwnScope
	}
	parts := strings.SplitN(strings.TrimPrefix(ps[0], "/"), "/", 2)
	return scope.Of("/" + parts[0] + "/"), nil
}

// orgTypes lists the distinct types of the orgs in sc.
func (s *Store) orgTypes(ctx context.Context, sc scope.Scope) ([]string, error) {
	return s.src.Orgs.TypesIn(ctx, sc)
}

// applies reports whether an indicator covers one of the org types (by the plan's wording,
// Indicator.OrgTypes, and by who fills its form).
func applies(in *Indicator, types []string, reports Reports) bool {
	for _, t := range types {
		if (len(in.OrgTypes) == 0 || contains(in.OrgTypes, t)) && (reports == nil || reports(in.Form, t)) {
			return true
		}
	}
	return false
}

// ownIndicator returns the indicator with code when it applies to the orgs in sc; an indicator
// that does not is unknown to them.
func (s *Service) ownIndicator(ctx context.Context, sc scope.Scope, code string, reports Reports) (*Indicator, error) {
	in := s.byCode[code]
	if in == nil {
		return nil, ErrUnknownIndicator
	}
	types, err := s.store.orgTypes(ctx, sc)
	if err != nil {
		return nil, fmt.Errorf("org types of the own view: %w", err)
	}
	if !applies(in, types, reports) {
		return nil, ErrUnknownIndicator
	}
	return in, nil
}

// Mine is the own view's summary: every indicator that applies to the orgs in sc (a school
// user's own org), with their figures judged as OwnStatus says and the district's aggregate.
func (s *Service) Mine(ctx context.Context, sc scope.Scope, period string, basis Basis, reports Reports) (Own, error) {
	district, err := districtOf(sc)
	if err != nil {
		return Own{}, err
	}
	mine, err := s.Summary(ctx, sc, period, basis)
	if err != nil {
		return Own{}, err
	}
	all, err := s.Summary(ctx, district, period, basis)
	if err != nil {
		return Own{}, fmt.Errorf("district summary: %w", err)
	}
	types, err := s.store.orgTypes(ctx, sc)
	if err != nil {
		return Own{}, fmt.Errorf("org types of the own view: %w", err)
	}
	out := Own{Period: mine.Period, Basis: mine.Basis, AsOf: mine.AsOf, Items: []Standing{}}
	for i, r := range mine.Items { // both summaries list s.indicators in order
		if applies(r.Indicator, types, reports) {
			out.Items = append(out.Items, Standing{Result: judgedOwn(r), District: all.Items[i]})
		}
	}
	return out, nil
}

// MyDetail is DetailPage over the own view's orgs, judged as OwnStatus says (the groups too),
// with the district's aggregate result for comparison. An indicator that does not apply to the
// orgs is not found.
func (s *Service) MyDetail(ctx context.Context, sc scope.Scope, code, period string, basis Basis, groupBy string, pg Paging, reports Reports) (Detail, Result, error) {
	district, err := districtOf(sc)
	if err != nil {
		return Detail{}, Result{}, err
	}
	in, err := s.ownIndicator(ctx, sc, code, reports)
	if err != nil {
		return Detail{}, Result{}, err
	}
	d, err := s.detail(ctx, sc, code, period, basis, groupBy, pg, func(g *Group) {
		g.Status = OwnStatus(in, g.OrgsReporting, g.OrgsExpected, g.Passing, g.Failing)
	})
	if err != nil {
		return Detail{}, Result{}, err
	}
	d.Result = judgedOwn(d.Result)
	dist, err := s.result1(ctx, district, in, period, basis)
	if err != nil {
		return Detail{}, Result{}, fmt.Errorf("district result of %s: %w", code, err)
	}
	return d, dist, nil
}

// result1 computes one indicator's result in sc, without the breakdown and lists of Detail.
func (s *Service) result1(ctx context.Context, sc scope.Scope, in *Indicator, period string, basis Basis) (Result, error) {
	statuses, err := basis.statuses()
	if err != nil {
		return Result{}, err
	}
	byCode, err := s.totalsByCode(ctx, sc, period, statuses, []string{in.Code})
	if err != nil {
		return Result{}, err
	}
	exp, err := s.store.ExpectedCounts(ctx, sc, period)
	if err != nil {
		return Result{}, fmt.Errorf("expected orgs for %s: %w", period, err)
	}
	prev, err := s.previous(ctx, sc, period, statuses, []Indicator{*in})
	if err != nil {
		return Result{}, err
	}
	return s.result(in, byCode[in.Code], expected(in, exp, nil), prev[in.Code]), nil
}

// MyTrend is Trend over the own view's orgs, each period judged as OwnStatus says. An indicator
// that does not apply to the orgs is not found.
func (s *Service) MyTrend(ctx context.Context, sc scope.Scope, code string, basis Basis, reports Reports) ([]Point, error) {
	if sc.Empty() {
		return nil, ErrNoOwnScope
	}
	in, err := s.ownIndicator(ctx, sc, code, reports)
	if err != nil {
		return nil, err
	}
	return s.trend(ctx, sc, in, basis, judgedOwn)
}
