package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/measure"
	"github.com/tianbao-edu/tianbao/backend/supervision"
)

// registerMeasures adds the measure, progress-report, board and notice routes.
func (s *server) registerMeasures(g *echo.Group, authn echo.MiddlewareFunc) {
	if s.Measures == nil || s.Supervision == nil {
		return
	}
	need := s.need
	g.GET("/measures", s.listMeasures, authn, need("measure", "read"))
	g.POST("/measures", s.importMeasures, authn, need("measure", "write"))
	g.GET("/measures/board", s.measureBoard, authn, need("rollup", "read"))
	g.POST("/measures/report", s.openMeasureReport, authn, need("submission", "write"))
	g.GET("/measures/:number", s.getMeasure, authn, need("measure", "read"))
	g.GET("/measures/:number/versions", s.measureVersions, authn, need("measure", "read"))
	g.GET("/measures/:number/reports", s.measureReports, authn, need("measure", "read"))

	g.GET("/notices", s.listNotices, authn, need("notice", "read"))
	g.POST("/notices", s.issueNotice, authn, need("notice", "issue"))
	g.GET("/notices/candidates", s.noticeCandidates, authn, need("notice", "issue"))
	g.GET("/notices/:id", s.getNotice, authn, need("notice", "read"))
	g.POST("/notices/:id/answer", s.answerNotice, authn, need("notice", "answer"))
	g.GET("/notices/:id/evidence/:file", s.noticeEvidence, authn, need("notice", "read"))
	g.POST("/notices/:id/return", s.noticeStep(s.Supervision.Return), authn, need("notice", "issue"))
	g.POST("/notices/:id/escalate", s.noticeStep(s.Supervision.Escalate), authn, need("notice", "issue"))
	g.POST("/notices/:id/close", s.noticeStep(s.Supervision.Close), authn, need("notice", "issue"))
}

// UnitResponse is a responsible unit of a measure.
type UnitResponse struct {
	OrgID int64  `json:"org_id"`
	Code  string `json:"code"`
	Name  string `json:"name"`
	Lead  bool   `json:"lead"`
}

// MilestoneResponse is one milestone with whether it is overdue today.
type MilestoneResponse struct {
	Key    string `json:"key"`
	Title  string `json:"title"`
	Due    string `json:"due"`
	DoneOn string `json:"done_on,omitempty"`
}

// MeasureResponse is a measure's current version.
type MeasureResponse struct {
	Number     int                 `json:"number"`
	Version    int                 `json:"version"`
	Part       string              `json:"part"`
	Title      string              `json:"title"`
	TitleEn    string              `json:"title_en"`
	Text       string              `json:"text"`
	LeadUnits  []string            `json:"lead_units"`
	Units      []UnitResponse      `json:"units"`
	Indicators []string            `json:"indicators"`
	Milestones []MilestoneResponse `json:"milestones"`
	Note       string              `json:"note"`
	// Role is the caller's org's part in the measure: lead, co or none.
	Role      string    `json:"role"`
	UpdatedAt time.Time `json:"updated_at"`
}

func toUnit(u measure.Unit) UnitResponse {
	return UnitResponse{OrgID: u.OrgID, Code: u.Code, Name: u.Name, Lead: u.Lead}
}

func toMeasureResponse(m measure.Measure, orgID int64) MeasureResponse {
	r := MeasureResponse{Number: m.Number, Version: m.Version, Part: m.Part, Title: m.Title, TitleEn: m.TitleEn, Text: m.Text,
		LeadUnits: nonNil(m.LeadUnits), Units: []UnitResponse{}, Indicators: nonNil(m.Indicators), Milestones: []MilestoneResponse{},
		Note: m.Note, Role: "none", UpdatedAt: m.UpdatedAt}
	for _, u := range m.Units {
		r.Units = append(r.Units, toUnit(u))
		if u.OrgID == orgID {
			r.Role = "co"
			if u.Lead {
				r.Role = "lead"
			}
		}
	}
	for _, ms := range m.Milestones {
		r.Milestones = append(r.Milestones, MilestoneResponse(ms))
	}
	return r
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func (s *server) listMeasures(c echo.Context) error {
	ctx, p := c.Request().Context(), principal(c)
	var (
		ms  []measure.Measure
		err error
	)
	if c.QueryParam("mine") == "1" {
		ms, err = s.Measures.Mine(ctx, p.OrgID)
	} else {
		ms, err = s.Measures.List(ctx)
	}
	if err != nil {
		return err
	}
	items := make([]MeasureResponse, len(ms))
	for i, m := range ms {
		items[i] = toMeasureResponse(m, p.OrgID)
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items, "total": len(items)})
}

// measureNumber reads the :number path parameter; anything but a positive number is a 404.
func measureNumber(c echo.Context) (int, error) {
	n, err := strconv.Atoi(c.Param("number"))
	if err != nil || n <= 0 {
		return 0, errs.ErrNotFound
	}
	return n, nil
}

func (s *server) getMeasure(c echo.Context) error {
	n, err := measureNumber(c)
	if err != nil {
		return err
	}
	m, err := s.Measures.Get(c.Request().Context(), n)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toMeasureResponse(m, principal(c).OrgID))
}

// MeasureVersionResponse is one stored version of a measure.
type MeasureVersionResponse struct {
	Version   int                `json:"version"`
	Measure   measure.Definition `json:"measure"`
	CreatedBy *int64             `json:"created_by"`
	CreatedAt time.Time          `json:"created_at"`
}

func (s *server) measureVersions(c echo.Context) error {
	n, err := measureNumber(c)
	if err != nil {
		return err
	}
	vs, err := s.Measures.Versions(c.Request().Context(), n)
	if err != nil {
		return err
	}
	items := make([]MeasureVersionResponse, len(vs))
	for i, v := range vs {
		items[i] = MeasureVersionResponse{Version: v.Version, Measure: v.Def, CreatedBy: v.CreatedBy, CreatedAt: v.CreatedAt}
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

type importMeasuresRequest struct {
	Measures []measure.Definition `json:"measures"`
}

// ImportResultResponse is what an import did to one measure.
type ImportResultResponse struct {
	Number  int  `json:"number"`
	Version int  `json:"version"`
	Changed bool `json:"changed"`
}

func (s *server) importMeasures(c echo.Context) error {
	var in importMeasuresRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	res, err := s.Measures.Import(c.Request().Context(), principal(c).UserID, in.Measures)
	if err != nil {
		return err
	}
	items := make([]ImportResultResponse, len(res))
	for i, r := range res {
		items[i] = ImportResultResponse(r)
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

// ReportRowResponse is one unit's handed-in progress on a measure.
type ReportRowResponse struct {
	OrgCode    string     `json:"org_code"`
	OrgName    string     `json:"org_name"`
	Lead       bool       `json:"lead"`
	Report     string     `json:"report_status"`
	Status     string     `json:"status"`
	Percent    int        `json:"percent"`
	Done       string     `json:"done"`
	Problems   string     `json:"problems"`
	NextSteps  string     `json:"next_steps"`
	ReportedAt *time.Time `json:"reported_at"`
}

func (s *server) measureReports(c echo.Context) error {
	n, err := measureNumber(c)
	if err != nil {
		return err
	}
	pd, err := s.Measures.ParsePeriod(c.QueryParam("period"))
	if err != nil {
		return err
	}
	_, rows, err := s.Measures.Reports(c.Request().Context(), scopeOf(c), n, pd)
	if err != nil {
		return err
	}
	items := make([]ReportRowResponse, len(rows))
	for i, r := range rows {
		items[i] = ReportRowResponse{OrgCode: r.OrgCode, OrgName: r.OrgName, Lead: r.Lead, Report: r.Report, Status: string(r.Status),
			Percent: r.Percent, Done: r.Done, Problems: r.Problems, NextSteps: r.NextSteps, ReportedAt: r.ReportedAt}
	}
	return c.JSON(http.StatusOK, map[string]any{"period": pd, "items": items})
}

type openReportRequest struct {
	Period string `json:"period"`
}

// OpenReportResponse names the caller's progress report, a submission of measure-progress.
type OpenReportResponse struct {
	SubmissionID int64  `json:"submission_id"`
	Period       string `json:"period"`
	Status       string `json:"status"`
	Version      int    `json:"version"`
}

func (s *server) openMeasureReport(c echo.Context) error {
	var in openReportRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	sub, err := s.Measures.OpenReport(c.Request().Context(), principal(c), scopeOf(c), in.Period)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, OpenReportResponse{SubmissionID: sub.ID, Period: sub.Period, Status: string(sub.Status), Version: sub.Version})
}

// BoardMeasureResponse is one measure on the leader's board.
type BoardMeasureResponse struct {
	Number            int          `json:"number"`
	Title             string       `json:"title"`
	TitleEn           string       `json:"title_en"`
	Lead              UnitResponse `json:"lead"`
	Status            string       `json:"status"`
	Percent           int          `json:"percent"`
	Reported          int          `json:"reported"`
	Units             int          `json:"units"`
	OverdueMilestones int          `json:"overdue_milestones"`
	LateDays          int          `json:"late_days"`
	OpenNotices       int          `json:"open_notices"`
}

// BoardUnitResponse is one unit ranked by its overdue items.
type BoardUnitResponse struct {
	OrgID             int64  `json:"org_id"`
	Code              string `json:"code"`
	Name              string `json:"name"`
	OverdueMilestones int    `json:"overdue_milestones"`
	OverdueNotices    int    `json:"overdue_notices"`
	OpenNotices       int    `json:"open_notices"`
	Overdue           int    `json:"overdue"`
}

// BoardResponse is the leader's board.
type BoardResponse struct {
	Period      string                 `json:"period"`
	ByStatus    map[string]int         `json:"by_status"`
	Measures    []BoardMeasureResponse `json:"measures"`
	Units       []BoardUnitResponse    `json:"units"`
	OpenNotices []NoticeResponse       `json:"open_notices"`
}

func (s *server) measureBoard(c echo.Context) error {
	ctx, sc := c.Request().Context(), scopeOf(c)
	pd, err := s.Measures.ParsePeriod(c.QueryParam("period"))
	if err != nil {
		return err
	}
	b, err := s.Measures.Board(ctx, sc, pd)
	if err != nil {
		return err
	}
	counts, err := s.Supervision.Counts(ctx, sc)
	if err != nil {
		return err
	}
	open, _, err := s.Supervision.List(ctx, principal(c), sc, supervision.Filter{Active: true, PageSize: 20})
	if err != nil {
		return err
	}
	out := BoardResponse{Period: b.Period, ByStatus: b.ByStatus, Measures: []BoardMeasureResponse{}, Units: []BoardUnitResponse{},
		OpenNotices: []NoticeResponse{}}
	byMeasure, err := s.Supervision.ByMeasure(ctx, sc)
	if err != nil {
		return err
	}
	for _, n := range open {
		out.OpenNotices = append(out.OpenNotices, toNoticeResponse(n))
	}
	for _, m := range b.Measures {
		out.Measures = append(out.Measures, BoardMeasureResponse{Number: m.Number, Title: m.Title, TitleEn: m.TitleEn, Lead: toUnit(m.Lead),
			Status: string(m.Status), Percent: m.Percent, Reported: m.Reported, Units: m.Units, OverdueMilestones: m.OverdueMilestones,
			LateDays: m.LateDays, OpenNotices: byMeasure[m.Number]})
	}
	units := map[int64]*BoardUnitResponse{}
	var order []int64
	unit := func(id int64, code, name string) *BoardUnitResponse {
		if units[id] == nil {
			units[id] = &BoardUnitResponse{OrgID: id, Code: code, Name: name}
			order = append(order, id)
		}
		return units[id]
	}
	for _, u := range b.Units {
		unit(u.Unit.OrgID, u.Unit.Code, u.Unit.Name).OverdueMilestones = u.OverdueMilestones
	}
	for _, cnt := range counts {
		u := unit(cnt.OrgID, cnt.OrgCode, cnt.OrgName)
		u.OpenNotices, u.OverdueNotices = cnt.Open, cnt.Overdue
	}
	for _, id := range order {
		u := units[id]
		u.Overdue = u.OverdueMilestones + u.OverdueNotices
		out.Units = append(out.Units, *u)
	}
	sortUnits(out.Units)
	return c.JSON(http.StatusOK, out)
}
