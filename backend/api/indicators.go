package api

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/shopspring/decimal"

	"github.com/tianbao-edu/tianbao/backend/campaign"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Views of the indicator endpoints. A caller with rollup:read (reviewers, leaders) sees its
// subtree: every indicator, the breakdowns, the failing and missing orgs. A caller with only
// rollup:read_own (a school's org_admin or filler, migration v6) sees its own org: the
// indicators that apply to it, its own figures judged by its own per-org check, and the
// district's aggregate beside them; never another org's figures.
const (
	viewSubtree = "subtree"
	viewOwn     = "own"
)

// rollupViewKey holds the view the rollup middleware chose for the request.
const rollupViewKey = "tianbao.rollup_view"

var errNoRollup = errs.Coded(errs.ErrForbidden, "forbidden", "you do not have permission for this")

// needRollup admits a caller with rollup:read in some subtree (the subtree view) or, failing
// that, rollup:read_own (the own view), and stores the scope that permission grants.
func (s *server) needRollup() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			p := principal(c)
			for _, v := range []struct{ act, view string }{{"read", viewSubtree}, {"read_own", viewOwn}} {
				sc, err := s.Enforcer.Scope(p, "rollup", v.act)
				if err != nil {
					return fmt.Errorf("enforce rollup:%s: %w", v.act, err)
				}
				if !sc.Empty() {
					c.Set(scopeKey, sc)
					c.Set(rollupViewKey, v.view)
					return next(c)
				}
			}
			return errNoRollup
		}
	}
}

// ownView reports whether the request is served from the own view.
func ownView(c echo.Context) bool {
	v, _ := c.Get(rollupViewKey).(string)
	return v == viewOwn
}

// reports says which org types fill which form, from the current form definitions, so the own
// view lists the indicators its orgs report on.
func (s *server) reports(c echo.Context) (rollup.Reports, error) {
	fs, err := s.Forms.List(c.Request().Context())
	if err != nil {
		return nil, fmt.Errorf("forms for the own view: %w", err)
	}
	byCode := make(map[string]func(string) bool, len(fs))
	for _, f := range fs {
		byCode[f.Code] = f.AppliesTo
	}
	return func(form, orgType string) bool { return byCode[form] != nil && byCode[form](orgType) }, nil
}

// TargetResponse is what the plan asks for.
type TargetResponse struct {
	Op     string  `json:"op"`
	Value  string  `json:"value"`
	Value2 *string `json:"value2"`
	Year   int     `json:"year"`
}

// PerOrgResponse counts the orgs passing and failing a per-org check.
type PerOrgResponse struct {
	Passing int64 `json:"passing"`
	Failing int64 `json:"failing"`
}

// IndicatorResponse is one indicator's standing; numbers are decimal strings.
type IndicatorResponse struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	NameEn  string `json:"name_en"`
	Section string `json:"section"`
	// Plan quotes the plan's words for the target; AppliesTo and DenominatorRule say whose
	// figures count and why.
	Plan            string `json:"plan"`
	AppliesTo       string `json:"applies_to"`
	DenominatorRule string `json:"denominator_rule"`
	// PlanEn and DenominatorRuleEn are Plan and DenominatorRule in English.
	PlanEn            string         `json:"plan_en"`
	DenominatorRuleEn string         `json:"denominator_rule_en"`
	Unit              string         `json:"unit"`
	Form              string         `json:"form"`
	Value             *string        `json:"value"`
	Numerator         *string        `json:"numerator"`
	Denominator       *string        `json:"denominator"`
	Target            TargetResponse `json:"target"`
	// Status is met, not_met or insufficient_data (too few of the expected orgs reported). It is
	// null where the figure is not judged on its own: outside the whole district a district count
	// or rising target, and in the own view a target with no per-org check (the district object
	// carries the verdict).
	Status *string `json:"status"`
	Gap    *string `json:"gap"`
	// Reported and Expected count the orgs whose figures count and those expected to report;
	// OrgsReporting and OrgsExpected are the same numbers under their earlier names.
	Reported        int64   `json:"reported"`
	Expected        int64   `json:"expected"`
	Completeness    *string `json:"completeness"`
	MinCompleteness string  `json:"min_completeness"`
	OrgsReporting   int64   `json:"orgs_reporting"`
	OrgsExpected    int64   `json:"orgs_expected"`
	// EveryOrg: the plan sets the target for each org, so one failing org misses it.
	EveryOrg bool `json:"every_org"`
	// Judged is "district" for a count target (a town only contributes) and "each" otherwise.
	Judged   string          `json:"judged"`
	Previous *string         `json:"previous"`
	PerOrg   *PerOrgResponse `json:"per_org"`
	// District is the district's aggregate, in the own view only (null in the subtree view).
	District *DistrictResponse `json:"district"`
}

// DistrictResponse is the district's aggregate figure of one indicator, shown to a school beside
// its own: the value, the verdict and how many orgs reported, nothing of any one org.
type DistrictResponse struct {
	Value    *string `json:"value"`
	Status   string  `json:"status"`
	Reported int64   `json:"reported"`
	Expected int64   `json:"expected"`
}

func toDistrictResponse(r rollup.Result) *DistrictResponse {
	return &DistrictResponse{Value: dec(r.Value), Status: r.Status, Reported: r.OrgsReporting, Expected: r.OrgsExpected}
}

// status is a status for JSON: null when empty (not judged).
func status(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func dec(d *decimal.Decimal) *string {
	if d == nil {
		return nil
	}
	s := d.String()
	return &s
}

// Judgement scopes of an indicator.
const (
	judgedDistrict = "district"
	judgedEach     = "each"
)

func toIndicatorResponse(r rollup.Result) IndicatorResponse {
	in := r.Indicator
	out := IndicatorResponse{Code: in.Code, Name: in.Name, NameEn: in.NameEn, Section: in.Section, Plan: in.Plan,
		AppliesTo: in.AppliesTo, DenominatorRule: in.DenominatorRule, PlanEn: in.PlanEn, DenominatorRuleEn: in.DenominatorRuleEn, Unit: in.Unit, Form: in.Form,
		Value: dec(r.Value), Numerator: dec(r.Numerator), Denominator: dec(r.Denominator),
		Target: TargetResponse{Op: in.Target.Op, Value: in.Target.Value.String(), Value2: dec(in.Target.Value2), Year: in.Target.Year},
		Status: status(r.Status), Gap: dec(r.Gap), Reported: r.OrgsReporting, Expected: r.OrgsExpected, Completeness: dec(r.Completeness),
		MinCompleteness: in.MinCompleteness.String(), OrgsReporting: r.OrgsReporting, OrgsExpected: r.OrgsExpected,
		EveryOrg: in.EveryOrg, Judged: judgedEach, Previous: dec(r.Previous)}
	if in.DistrictOnly() {
		out.Judged = judgedDistrict
	}
	if r.Passing != nil {
		out.PerOrg = &PerOrgResponse{Passing: *r.Passing, Failing: *r.Failing}
	}
	return out
}

// SummaryResponse is every indicator for a period: all of them over the caller's subtree, or,
// in the own view, those that apply to the caller's org with the district's aggregate.
type SummaryResponse struct {
	Period string              `json:"period"`
	Basis  string              `json:"basis"`
	View   string              `json:"view"`
	AsOf   *time.Time          `json:"as_of"`
	Items  []IndicatorResponse `json:"items"`
}

func (s *server) indicatorSummary(c echo.Context) error {
	ctx, period, basis := c.Request().Context(), c.QueryParam("period"), rollup.Basis(c.QueryParam("basis"))
	if ownView(c) {
		reports, err := s.reports(c)
		if err != nil {
			return err
		}
		own, err := s.Rollup.Mine(ctx, scopeOf(c), period, basis, reports)
		if err != nil {
			return err
		}
		out := SummaryResponse{Period: own.Period, Basis: string(own.Basis), View: viewOwn, AsOf: own.AsOf,
			Items: make([]IndicatorResponse, len(own.Items))}
		for i, st := range own.Items {
			out.Items[i] = toIndicatorResponse(st.Result)
			out.Items[i].District = toDistrictResponse(st.District)
		}
		return c.JSON(http.StatusOK, out)
	}
	// The subtree view depends on the scope, period and basis alone: its encoded answer is kept
	// beside the summary, under the totals version (summarycache.go).
	v, err := s.Rollup.SummaryDerived(ctx, summaryKind, scopeOf(c), period, basis, func(sum rollup.Summary) (any, error) {
		out := SummaryResponse{Period: sum.Period, Basis: string(sum.Basis), View: viewSubtree, AsOf: sum.AsOf,
			Items: make([]IndicatorResponse, len(sum.Items))}
		for i, r := range sum.Items {
			out.Items[i] = toIndicatorResponse(r)
		}
		return encodeSummary(out)
	})
	if err != nil {
		return err
	}
	return sendSummary(c, v.(*encodedSummary))
}

// GroupResponse is one slice of a breakdown. Status is null where the slice is not judged on
// its own (a town's share of a district count; a school under a target with no per-school check).
type GroupResponse struct {
	Key           string          `json:"key"`
	Label         string          `json:"label"`
	Value         *string         `json:"value"`
	Numerator     *string         `json:"numerator"`
	Denominator   *string         `json:"denominator"`
	OrgsReporting int64           `json:"orgs_reporting"`
	OrgsExpected  int64           `json:"orgs_expected"`
	PerOrg        *PerOrgResponse `json:"per_org"`
	Status        *string         `json:"status"`
}

// FailingOrgResponse is an org that misses a per-org check.
type FailingOrgResponse struct {
	Org   OrgRef  `json:"org"`
	Town  string  `json:"town"`
	Value *string `json:"value"`
}

// DetailResponse is one indicator broken down (in the own view, over the caller's org only).
// Groups, FailingOrgs and MissingOrgs are pages: Page of the list named by List, the first page
// of the other two, PageSize long at most; the totals count every entry of each.
type DetailResponse struct {
	IndicatorResponse
	Period      string               `json:"period"`
	Basis       string               `json:"basis"`
	View        string               `json:"view"`
	GroupBy     string               `json:"group_by"`
	Groups      []GroupResponse      `json:"groups"`
	FailingOrgs []FailingOrgResponse `json:"failing_orgs"`
	// MissingOrgs are the expected orgs with no figures on this basis yet.
	MissingOrgs  []FailingOrgResponse `json:"missing_orgs"`
	GroupsTotal  int64                `json:"groups_total"`
	FailingTotal int64                `json:"failing_total"`
	MissingTotal int64                `json:"missing_total"`
	List         string               `json:"list"`
	Page         int                  `json:"page"`
	PageSize     int                  `json:"page_size"`
	Sort         string               `json:"sort"`
}

func toOrgList(fs []rollup.FailingOrg) []FailingOrgResponse {
	out := make([]FailingOrgResponse, len(fs))
	for i, f := range fs {
		out[i] = FailingOrgResponse{Org: OrgRef{ID: f.OrgID, Code: f.OrgCode, Name: f.OrgName, Type: f.OrgType},
			Town: f.Town, Value: dec(f.Value)}
	}
	return out
}

func (s *server) indicatorDetail(c echo.Context) error {
	ctx, code, period := c.Request().Context(), c.Param("code"), c.QueryParam("period")
	basis, groupBy := rollup.Basis(c.QueryParam("basis")), c.QueryParam("group_by")
	pg := rollup.Paging{List: c.QueryParam("list"), Sort: c.QueryParam("sort")}
	var err error
	if pg.Page, err = queryInt(c, "page"); err != nil {
		return err
	}
	if pg.Size, err = queryInt(c, "page_size"); err != nil {
		return err
	}
	// org_id narrows everything to that org's subtree (a town's schools), within the caller's scope.
	// A school's own view is always the school itself, whatever org a parameter names.
	sc := scopeOf(c)
	orgID, err := queryID(c, "org_id")
	if err != nil {
		return err
	}
	if orgID != nil && !ownView(c) {
		o, err := s.Orgs.Get(ctx, sc, *orgID)
		if errors.Is(err, errs.ErrNotFound) {
			return errs.Invalid("org_id", "not_found", "org not found")
		} else if err != nil {
			return err
		}
		sc = scope.Of(o.Path)
	}
	var (
		d        rollup.Detail
		district *DistrictResponse
		view     = viewSubtree
	)
	if ownView(c) {
		reports, err := s.reports(c)
		if err != nil {
			return err
		}
		var dist rollup.Result
		if d, dist, err = s.Rollup.MyDetail(ctx, sc, code, period, basis, groupBy, pg, reports); err != nil {
			return err
		}
		district, view = toDistrictResponse(dist), viewOwn
	} else if d, err = s.Rollup.DetailPage(ctx, sc, code, period, basis, groupBy, pg); err != nil {
		return err
	}
	if basis == "" {
		basis = rollup.BasisApproved
	}
	out := DetailResponse{IndicatorResponse: toIndicatorResponse(d.Result), Period: period, Basis: string(basis), View: view,
		GroupBy: d.GroupBy, Groups: make([]GroupResponse, len(d.Groups)), FailingOrgs: toOrgList(d.Failing), MissingOrgs: toOrgList(d.Missing),
		GroupsTotal: d.GroupsTotal, FailingTotal: d.FailingTotal, MissingTotal: d.MissingTotal,
		List: d.Paging.List, Page: d.Paging.Page, PageSize: d.Paging.Size, Sort: d.Paging.Sort}
	out.District = district
	for i, g := range d.Groups {
		out.Groups[i] = GroupResponse{Key: g.Key, Label: g.Label, Value: dec(g.Value), Numerator: dec(g.Numerator),
			Denominator: dec(g.Denominator), OrgsReporting: g.OrgsReporting, OrgsExpected: g.OrgsExpected, Status: status(g.Status)}
		if g.Passing != nil {
			out.Groups[i].PerOrg = &PerOrgResponse{Passing: *g.Passing, Failing: *g.Failing}
		}
	}
	return c.JSON(http.StatusOK, out)
}

// PointResponse is one period of a trend; Status is null where the own view does not judge the
// org on its own.
type PointResponse struct {
	Period string  `json:"period"`
	Value  *string `json:"value"`
	Status *string `json:"status"`
}

// TrendResponse is an indicator's value in every period with data.
type TrendResponse struct {
	Code   string          `json:"code"`
	Points []PointResponse `json:"points"`
}

func (s *server) indicatorTrend(c echo.Context) error {
	ctx, code, basis := c.Request().Context(), c.Param("code"), rollup.Basis(c.QueryParam("basis"))
	var (
		ps  []rollup.Point
		err error
	)
	if ownView(c) {
		reports, rerr := s.reports(c)
		if rerr != nil {
			return rerr
		}
		ps, err = s.Rollup.MyTrend(ctx, scopeOf(c), code, basis, reports)
	} else {
		ps, err = s.Rollup.Trend(ctx, scopeOf(c), code, basis)
	}
	if err != nil {
		return err
	}
	out := TrendResponse{Code: code, Points: make([]PointResponse, len(ps))}
	for i, p := range ps {
		out.Points[i] = PointResponse{Period: p.Period, Value: dec(p.Value), Status: status(p.Status)}
	}
	return c.JSON(http.StatusOK, out)
}

// TownCompletenessResponse is one town's part of a campaign.
type TownCompletenessResponse struct {
	Town      OrgRef `json:"town"`
	Expected  int64  `json:"expected"`
	Submitted int64  `json:"submitted"`
	Approved  int64  `json:"approved"`
	// Waiting counts the submitted ones by the review level they wait at ("" for one step).
	Waiting map[string]int64 `json:"waiting"`
	Missing []OrgRef         `json:"missing"`
}

// CompletenessResponse is how far a campaign has got.
type CompletenessResponse struct {
	Campaign   CampaignResponse `json:"campaign"`
	Expected   int64            `json:"expected"`
	Submitted  int64            `json:"submitted"`
	Approved   int64            `json:"approved"`
	Returned   int64            `json:"returned"`
	Draft      int64            `json:"draft"`
	NotStarted int64            `json:"not_started"`
	Overdue    int64            `json:"overdue"`
	OnTimeRate *string          `json:"on_time_rate"`
	// Waiting counts the submitted ones by the review level they wait at: how many at the town,
	// how many at the bureau ("" for a campaign's one step).
	Waiting map[string]int64           `json:"waiting"`
	ByTown  []TownCompletenessResponse `json:"by_town"`
}

func waitingOf(m map[vocab.ReviewLevel]int64) map[string]int64 {
	out := make(map[string]int64, len(m))
	for k, v := range m {
		out[string(k)] = v
	}
	return out
}

func toCompletenessResponse(cp campaign.Completeness) CompletenessResponse {
	out := CompletenessResponse{Campaign: toCampaignResponse(cp.Campaign), Expected: cp.Expected, Submitted: cp.Submitted,
		Approved: cp.Approved, Returned: cp.Returned, Draft: cp.Draft, NotStarted: cp.NotStarted, Overdue: cp.Overdue,
		Waiting: waitingOf(cp.Waiting), ByTown: make([]TownCompletenessResponse, len(cp.ByTown))}
	if cp.Expected > 0 {
		r := decimal.NewFromInt(cp.OnTime).DivRound(decimal.NewFromInt(cp.Expected), 4)
		out.OnTimeRate = dec(&r)
	}
	for i, t := range cp.ByTown {
		m := make([]OrgRef, len(t.Missing))
		for j, task := range t.Missing {
			m[j] = OrgRef{ID: task.OrgID, Code: task.OrgCode, Name: task.OrgName, Type: task.OrgType}
		}
		out.ByTown[i] = TownCompletenessResponse{Town: OrgRef{ID: t.TownID, Name: t.TownName}, Expected: t.Expected,
			Submitted: t.Submitted, Approved: t.Approved, Waiting: waitingOf(t.Waiting), Missing: m}
	}
	return out
}

func (s *server) completeness(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	cp, err := s.Campaigns.Completeness(c.Request().Context(), scopeOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCompletenessResponse(cp))
}
