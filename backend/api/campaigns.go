package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/campaign"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

type createCampaignRequest struct {
	Form     string    `json:"form"`
	Period   string    `json:"period"`
	Title    string    `json:"title"`
	Deadline time.Time `json:"deadline"`
	OrgID    int64     `json:"org_id"`
	OrgTypes []string  `json:"org_types"`
	// ReviewLevels, bottom-up (school, town, district); empty is one step by any reviewer.
	ReviewLevels []string `json:"review_levels"`
}

// reviewLevelsRequest names a campaign's new review levels, bottom-up.
type reviewLevelsRequest struct {
	ReviewLevels []string `json:"review_levels"`
}

type extendRequest struct {
	OrgID    int64     `json:"org_id"`
	Deadline time.Time `json:"deadline"`
}

// CampaignResponse is a campaign as the API shows it.
type CampaignResponse struct {
	ID          int64     `json:"id"`
	Form        string    `json:"form"`
	FormVersion int       `json:"form_version"`
	Period      string    `json:"period"`
	Title       string    `json:"title"`
	Deadline    time.Time `json:"deadline"`
	OrgID       int64     `json:"org_id"`
	OrgName     string    `json:"org_name"`
	OrgTypes    []string  `json:"org_types"`
	// ReviewLevels its submissions climb, bottom-up; empty is one step by any reviewer.
	ReviewLevels []string  `json:"review_levels"`
	TaskCount    int64     `json:"task_count"`
	CreatedAt    time.Time `json:"created_at"`
}

func toCampaignResponse(cp campaign.Campaign) CampaignResponse {
	types := cp.OrgTypes
	if types == nil {
		types = []string{}
	}
	return CampaignResponse{ID: cp.ID, Form: cp.FormCode, FormVersion: cp.FormVersion, Period: cp.Period, Title: cp.Title,
		Deadline: cp.Deadline, OrgID: cp.RootOrgID, OrgName: cp.RootOrgName, OrgTypes: types, ReviewLevels: vocab.Strings(cp.ReviewLevels), TaskCount: cp.TaskCount,
		CreatedAt: cp.CreatedAt}
}

func (s *server) createCampaign(c echo.Context) error {
	var in createCampaignRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	cp, err := s.Campaigns.Create(c.Request().Context(), principal(c).UserID, scopeOf(c), campaign.NewCampaign{
		FormCode: in.Form, Period: in.Period, Title: in.Title, Deadline: in.Deadline, RootOrgID: in.OrgID, OrgTypes: in.OrgTypes,
		ReviewLevels: in.ReviewLevels})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toCampaignResponse(cp))
}

func (s *server) listCampaigns(c echo.Context) error {
	page, err := queryInt(c, "page")
	if err != nil {
		return err
	}
	size, err := queryInt(c, "page_size")
	if err != nil {
		return err
	}
	cs, total, err := s.Campaigns.List(c.Request().Context(), scopeOf(c), c.QueryParam("form"), c.QueryParam("period"), page, size)
	if err != nil {
		return err
	}
	page, size = org.NormalizePage(page, size)
	items := make([]CampaignResponse, len(cs))
	for i, cp := range cs {
		items[i] = toCampaignResponse(cp)
	}
	return c.JSON(http.StatusOK, Page[CampaignResponse]{Items: items, Total: total, Page: page, PageSize: size})
}

func (s *server) getCampaign(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	cp, err := s.Campaigns.Get(c.Request().Context(), scopeOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCampaignResponse(cp))
}

// setReviewLevels changes the levels a campaign's later submissions climb.
func (s *server) setReviewLevels(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in reviewLevelsRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if in.ReviewLevels == nil {
		return errs.Invalid("review_levels", "required", "review_levels is required; [] is one step")
	}
	cp, err := s.Campaigns.SetReviewLevels(c.Request().Context(), principal(c).UserID, scopeOf(c), id, in.ReviewLevels)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCampaignResponse(cp))
}

func (s *server) extendTask(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in extendRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := s.Campaigns.Extend(c.Request().Context(), principal(c).UserID, scopeOf(c), id, in.OrgID, in.Deadline); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// TaskResponse is one org's duty to report.
type TaskResponse struct {
	ID           int64      `json:"id"`
	CampaignID   int64      `json:"campaign_id"`
	Form         string     `json:"form"`
	FormTitle    string     `json:"form_title"`
	Period       string     `json:"period"`
	Org          OrgRef     `json:"org"`
	Deadline     time.Time  `json:"deadline"`
	Status       string     `json:"status"`
	SubmissionID *int64     `json:"submission_id"`
	SubmittedAt  *time.Time `json:"submitted_at"`
	Locked       bool       `json:"locked"`
	Overdue      bool       `json:"overdue"`
	// ReviewLevel is the level a submitted one waits at (null: one step, or not submitted), so
	// the phone can say 待学区审核 or 待区教委审核.
	ReviewLevel *string `json:"review_level"`
}

// OrgRef names an org inside another document.
type OrgRef struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
	Type string `json:"type,omitempty"`
}

func (s *server) listTasks(c echo.Context) error {
	f := campaign.TaskFilter{Status: c.QueryParam("status")}
	var err error
	if f.Page, err = queryInt(c, "page"); err != nil {
		return err
	}
	if f.PageSize, err = queryInt(c, "page_size"); err != nil {
		return err
	}
	if f.CampaignID, err = queryID(c, "campaign_id"); err != nil {
		return err
	}
	ctx := c.Request().Context()
	ts, total, err := s.Campaigns.Tasks(ctx, scopeOf(c), f)
	if err != nil {
		return err
	}
	// Each task's title is its campaign's form version's: a version never changes once published,
	// so the registry answers from memory after the first request, with no query for the newest.
	type fv struct {
		code string
		v    int
	}
	titles := map[fv]string{}
	for _, t := range ts {
		k := fv{t.FormCode, t.FormVersion}
		if _, ok := titles[k]; ok {
			continue
		}
		if fm, err := s.Forms.Version(ctx, t.FormCode, t.FormVersion); err == nil {
			titles[k] = fm.Title
		} else {
			titles[k] = t.FormCode
		}
	}
	now := s.Campaigns.Now()
	items := make([]TaskResponse, len(ts))
	for i, t := range ts {
		items[i] = TaskResponse{ID: t.ID, CampaignID: t.CampaignID, Form: t.FormCode, FormTitle: titles[fv{t.FormCode, t.FormVersion}],
			Period: t.Period, Org: OrgRef{ID: t.OrgID, Code: t.OrgCode, Name: t.OrgName, Type: t.OrgType},
			Deadline: t.Deadline, Status: t.Status, SubmissionID: t.SubmissionID, SubmittedAt: t.SubmittedAt,
			Locked: t.Locked(now), Overdue: t.Overdue(now), ReviewLevel: optLevel(t.ReviewLevel)}
	}
	page, size := org.NormalizePage(f.Page, f.PageSize)
	return c.JSON(http.StatusOK, Page[TaskResponse]{Items: items, Total: total, Page: page, PageSize: size})
}
