package api

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/supervision"
)

// NoticeResponse is a supervision notice (督办单) as the API shows it.
type NoticeResponse struct {
	ID             int64      `json:"id"`
	OrgID          int64      `json:"org_id"`
	OrgCode        string     `json:"org_code"`
	OrgName        string     `json:"org_name"`
	Measure        *int       `json:"measure"`
	Reason         string     `json:"reason"`
	Subject        string     `json:"subject"`
	Title          string     `json:"title"`
	RequiredAction string     `json:"required_action"`
	Deadline       time.Time  `json:"deadline"`
	Level          string     `json:"level"`
	Status         string     `json:"status"`
	Version        int        `json:"version"`
	IssuedBy       int64      `json:"issued_by"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	ClosedAt       *time.Time `json:"closed_at"`
}

func toNoticeResponse(n supervision.Notice) NoticeResponse {
	return NoticeResponse{ID: n.ID, OrgID: n.OrgID, OrgCode: n.OrgCode, OrgName: n.OrgName, Measure: n.MeasureNumber, Reason: n.Reason,
		Subject: n.Subject, Title: n.Title, RequiredAction: n.RequiredAction, Deadline: n.Deadline, Level: string(n.Level),
		Status: string(n.Status), Version: n.Version, IssuedBy: n.IssuedBy, CreatedAt: n.CreatedAt, UpdatedAt: n.UpdatedAt, ClosedAt: n.ClosedAt}
}

// NoticeEventResponse is one step of a notice.
type NoticeEventResponse struct {
	Kind     string             `json:"kind"`
	ActorID  int64              `json:"actor_id"`
	Level    string             `json:"level"`
	Text     string             `json:"text"`
	Evidence []EvidenceResponse `json:"evidence"`
	Deadline *time.Time         `json:"deadline"`
	At       time.Time          `json:"at"`
}

// EvidenceResponse is a file in an answer and where to download it: a submission's attachment
// (/attachments/{id}) or a file uploaded with the answer (/notices/{id}/evidence/{file}).
type EvidenceResponse struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
	URL         string `json:"url"`
}

func toEvidenceResponses(noticeID int64, es []supervision.Evidence) []EvidenceResponse {
	out := make([]EvidenceResponse, len(es))
	for i, e := range es {
		url := "/api/v1/attachments/" + e.ID
		if e.Uploaded {
			url = "/api/v1/notices/" + strconv.FormatInt(noticeID, 10) + "/evidence/" + e.ID
		}
		out[i] = EvidenceResponse{ID: e.ID, Name: e.Name, Size: e.Size, ContentType: e.ContentType, URL: url}
	}
	return out
}

// NoticeDetailResponse is a notice with its steps.
type NoticeDetailResponse struct {
	NoticeResponse
	Events []NoticeEventResponse `json:"events"`
}

type issueNoticeRequest struct {
	OrgID          int64     `json:"org_id"`
	Measure        *int      `json:"measure"`
	Reason         string    `json:"reason"`
	Subject        string    `json:"subject"`
	Title          string    `json:"title"`
	RequiredAction string    `json:"required_action"`
	Deadline       time.Time `json:"deadline"`
	Level          string    `json:"level"`
}

type noticeActionRequest struct {
	Version  *int       `json:"version"`
	Text     string     `json:"text"`
	Evidence []string   `json:"evidence"`
	Deadline *time.Time `json:"deadline"`
}

func (s *server) issueNotice(c echo.Context) error {
	var in issueNoticeRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	n, err := s.Supervision.Issue(c.Request().Context(), principal(c), scopeOf(c), supervision.NewNotice{OrgID: in.OrgID,
		MeasureNumber: in.Measure, Reason: in.Reason, Subject: in.Subject, Title: in.Title, RequiredAction: in.RequiredAction,
		Deadline: in.Deadline, Level: in.Level})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toNoticeResponse(n))
}

func (s *server) listNotices(c echo.Context) error {
	var f supervision.Filter
	var err error
	if f.Page, err = queryInt(c, "page"); err != nil {
		return err
	}
	if f.PageSize, err = queryInt(c, "page_size"); err != nil {
		return err
	}
	if f.Measure, err = queryInt(c, "measure"); err != nil {
		return err
	}
	orgID, err := queryID(c, "org_id")
	if err != nil {
		return err
	}
	if orgID != nil {
		f.OrgID = *orgID
	}
	f.Status, f.Level = c.QueryParam("status"), c.QueryParam("level")
	f.Active = c.QueryParam("active") == "1"
	ns, total, err := s.Supervision.List(c.Request().Context(), principal(c), scopeOf(c), f)
	if err != nil {
		return err
	}
	items := make([]NoticeResponse, len(ns))
	for i, n := range ns {
		items[i] = toNoticeResponse(n)
	}
	page, size := f.Page, f.PageSize
	if page < 1 {
		page = 1
	}
	if size < 1 || size > 200 {
		size = 50
	}
	return c.JSON(http.StatusOK, Page[NoticeResponse]{Items: items, Total: total, Page: page, PageSize: size})
}

func (s *server) getNotice(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	n, evs, err := s.Supervision.Get(c.Request().Context(), principal(c), scopeOf(c), id)
	if err != nil {
		return err
	}
	out := NoticeDetailResponse{NoticeResponse: toNoticeResponse(n), Events: make([]NoticeEventResponse, len(evs))}
	for i, e := range evs {
		out.Events[i] = NoticeEventResponse{Kind: e.Kind, ActorID: e.ActorID, Level: string(e.Level), Text: e.Text,
			Evidence: toEvidenceResponses(n.ID, e.Evidence), Deadline: e.Deadline, At: e.At}
	}
	return c.JSON(http.StatusOK, out)
}

// noticeStep is the handler of one notice action (answer, return, escalate, close).
func (s *server) noticeStep(fn func(ctx context.Context, p *authz.Principal, sc scope.Scope, id int64, act supervision.Action) (supervision.Notice, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c)
		if err != nil {
			return err
		}
		var in noticeActionRequest
		if err := bindJSON(c, &in); err != nil {
			return err
		}
		n, err := fn(c.Request().Context(), principal(c), scopeOf(c), id, supervision.Action{Version: in.Version, Text: in.Text,
			Evidence: in.Evidence, Deadline: in.Deadline})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, toNoticeResponse(n))
	}
}

// maxAnswerUpload bounds an answer sent with files (multipart); each file's own limit is
// checked on its bytes.
const maxAnswerUpload = 32 << 20

// answerNotice is the unit's 反馈: JSON {version, text, evidence}, or multipart/form-data with
// the fields version, text, evidence (repeated attachment ids) and files (repeated), so a phone
// sends its photos with the answer in one request.
func (s *server) answerNotice(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	req := c.Request()
	if !strings.HasPrefix(req.Header.Get(echo.HeaderContentType), echo.MIMEMultipartForm) {
		req.Body = http.MaxBytesReader(c.Response(), req.Body, 1<<20)
		return s.noticeStep(s.Supervision.Answer)(c)
	}
	req.Body = http.MaxBytesReader(c.Response(), req.Body, maxAnswerUpload)
	form, err := c.MultipartForm()
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errs.Invalid("files", "too_large", "the files are too large together")
		}
		return errs.Invalid("files", "invalid", "send the answer as multipart/form-data")
	}
	defer func() { _ = form.RemoveAll() }()
	act := supervision.Action{Text: c.FormValue("text"), Evidence: form.Value["evidence"]}
	if v := c.FormValue("version"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return errs.Invalid("version", "invalid", "version is a number")
		}
		act.Version = &n
	}
	for _, fh := range form.File["files"] {
		f, err := fh.Open()
		if err != nil {
			return fmt.Errorf("open uploaded evidence: %w", err)
		}
		defer f.Close()
		act.Files = append(act.Files, supervision.Upload{Name: fh.Filename, R: f})
	}
	n, err := s.Supervision.Answer(req.Context(), principal(c), scopeOf(c), id, act)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toNoticeResponse(n))
}

// noticeEvidence downloads a file uploaded with an answer, to the notice's parties.
func (s *server) noticeEvidence(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	e, f, err := s.Supervision.EvidenceFile(c.Request().Context(), scopeOf(c), id, c.Param("file"))
	if err != nil {
		return err
	}
	defer f.Close()
	h := c.Response().Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": e.Name}))
	h.Set("Content-Length", strconv.FormatInt(e.Size, 10))
	h.Set("Cache-Control", "private, no-store")
	return c.Stream(http.StatusOK, e.ContentType, f)
}

// NoticeCandidateResponse is a lapse a notice may name (GET /notices/candidates).
type NoticeCandidateResponse struct {
	Reason       string    `json:"reason"`
	OrgID        int64     `json:"org_id"`
	OrgCode      string    `json:"org_code"`
	OrgName      string    `json:"org_name"`
	FormCode     string    `json:"form_code"`
	Period       string    `json:"period"`
	SubmissionID *int64    `json:"submission_id"`
	Since        time.Time `json:"since"`
	Days         int       `json:"days"`
}

// NoticeCandidatesResponse is the candidate list.
type NoticeCandidatesResponse struct {
	Items []NoticeCandidateResponse `json:"items"`
}

// noticeCandidates lists the overdue tasks and returned forms left untouched ?days (7) in the
// reviewer's scope.
func (s *server) noticeCandidates(c echo.Context) error {
	days := supervision.DefaultUntouchedDays
	if c.QueryParam("days") != "" {
		var err error
		if days, err = queryInt(c, "days"); err != nil {
			return err
		}
	}
	cs, err := s.Supervision.Candidates(c.Request().Context(), scopeOf(c), days)
	if err != nil {
		return err
	}
	items := make([]NoticeCandidateResponse, len(cs))
	for i, x := range cs {
		items[i] = NoticeCandidateResponse{Reason: x.Reason, OrgID: x.OrgID, OrgCode: x.OrgCode, OrgName: x.OrgName, FormCode: x.FormCode,
			Period: x.Period, SubmissionID: x.SubmissionID, Since: x.Since, Days: x.Days}
	}
	return c.JSON(http.StatusOK, NoticeCandidatesResponse{Items: items})
}

// sortUnits ranks units by overdue items, then open notices, then code.
func sortUnits(us []BoardUnitResponse) {
	sort.SliceStable(us, func(i, j int) bool {
		if us[i].Overdue != us[j].Overdue {
			return us[i].Overdue > us[j].Overdue
		}
		if us[i].OpenNotices != us[j].OpenNotices {
			return us[i].OpenNotices > us[j].OpenNotices
		}
		return us[i].Code < us[j].Code
	})
}
