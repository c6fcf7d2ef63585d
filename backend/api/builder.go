package api

import (
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/form"
)

// registerBuilder adds the form builder's routes, for sysadmins (form:write): a dry run of a
// candidate version (POST /forms/{code}/dry-run), a version as YAML or as an XLSForm-like
// workbook (GET /forms/{code}/export.yaml, .xlsx), and a workbook read into a schema
// (POST /forms/read-xlsx). Publishing is the ordinary import, POST /forms.
func (s *server) registerBuilder(g *echo.Group, authn echo.MiddlewareFunc, need func(obj, act string) echo.MiddlewareFunc) {
	g.POST("/forms/:code/dry-run", s.dryRunForm, authn, need("form", "write"))
	g.GET("/forms/:code/export.yaml", s.exportFormYAML, authn, need("form", "write"))
	g.GET("/forms/:code/export.xlsx", s.exportFormXLSX, authn, need("form", "write"))
	g.POST("/forms/read-xlsx", s.readFormXLSX, authn, need("form", "write"))
}

// FormDryRun answers a dry run: what publishing the candidate would store and whom it affects.
type FormDryRun struct {
	Code           string                   `json:"code"`
	CurrentVersion int                      `json:"current_version"`
	Version        int                      `json:"version"`
	Unchanged      bool                     `json:"unchanged"`
	Diff           []form.FieldChange       `json:"diff"`
	Indicators     []form.AffectedIndicator `json:"indicators"`
	Warnings       []errs.FieldError        `json:"warnings"`
	// OpenCampaigns are the form's campaigns whose deadline has not passed, on an older version.
	OpenCampaigns []PinnedCampaign `json:"open_campaigns"`
	// PinnedDrafts counts the drafts and returned submissions on an older version: they stay on
	// it until upgraded.
	PinnedDrafts int64 `json:"pinned_drafts"`
}

// PinnedCampaign is an open campaign of the form on the version it was opened with.
type PinnedCampaign struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Period      string    `json:"period"`
	FormVersion int       `json:"form_version"`
	Deadline    time.Time `json:"deadline"`
}

// dryRunForm validates a candidate version (YAML or JSON, as an import) of the form named in the
// path and answers its diff against the current version and the indicators reading changed
// fields; a candidate an import would refuse is refused here with the same field errors.
func (s *server) dryRunForm(c echo.Context) error {
	f, err := parseFormBody(c)
	if err != nil {
		return err
	}
	if f.Code != c.Param("code") {
		return errs.Invalid("code", "code_mismatch", "the schema's code is not the form's code in the path")
	}
	ctx := c.Request().Context()
	r, err := s.Forms.DryRun(ctx, f)
	if err != nil {
		return err
	}
	out := FormDryRun{Code: f.Code, CurrentVersion: r.Current, Version: r.Version, Unchanged: r.Unchanged,
		Diff: r.Diff, Indicators: r.Indicators, Warnings: r.Warnings, OpenCampaigns: []PinnedCampaign{}}
	if r.Current == 0 || r.Unchanged {
		return c.JSON(http.StatusOK, out)
	}
	// What stays on the current version: the open campaigns (their tasks open on it) and the
	// submissions being filled on it or an older one.
	cs, _, err := s.Campaigns.List(ctx, scopeOf(c), f.Code, "", 1, pinnedCampaignsShown)
	if err != nil {
		return fmt.Errorf("dry run of form %s: campaigns: %w", f.Code, err)
	}
	now := s.Campaigns.Now()
	for _, cp := range cs {
		if cp.Deadline.After(now) && cp.FormVersion < r.Version {
			out.OpenCampaigns = append(out.OpenCampaigns, PinnedCampaign{ID: cp.ID, Title: cp.Title, Period: cp.Period,
				FormVersion: cp.FormVersion, Deadline: cp.Deadline})
		}
	}
	if out.PinnedDrafts, err = s.Submissions.PinnedEditable(ctx, f.Code, r.Version); err != nil {
		return fmt.Errorf("dry run of form %s: %w", f.Code, err)
	}
	return c.JSON(http.StatusOK, out)
}

// pinnedCampaignsShown bounds the newest campaigns a dry run looks at for open ones.
const pinnedCampaignsShown = 100

// xlsxType is the media type of an XLSX workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// exportFormXLSX answers a form version as an XLSForm-like workbook (form.XLSX) that
// POST /forms/read-xlsx reads back to the same form.
func (s *server) exportFormXLSX(c echo.Context) error {
	f, err := s.formVersion(c)
	if err != nil {
		return err
	}
	b, err := form.XLSX(f)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+f.Code+`.xlsx"`)
	return c.Blob(http.StatusOK, xlsxType, b)
}

// readFormXLSX reads an XLSForm-like workbook into a validated form schema without storing it:
// the builder loads it, and publishing is the ordinary import.
func (s *server) readFormXLSX(c echo.Context) error {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
	}
	f, err := form.ReadXLSX(body)
	if err != nil {
		return asValidation(err)
	}
	return c.JSON(http.StatusOK, f)
}

// formVersion is the form of the path, at ?version=N or the newest.
func (s *server) formVersion(c echo.Context) (*form.Form, error) {
	v, err := queryInt(c, "version")
	if err != nil {
		return nil, err
	}
	if c.QueryParam("version") != "" && v < 1 {
		return nil, errs.Invalid("version", "invalid_integer", "version must be a positive integer")
	}
	if v == 0 {
		return s.Forms.Current(c.Request().Context(), c.Param("code"))
	}
	return s.Forms.Version(c.Request().Context(), c.Param("code"), v)
}

// exportFormYAML answers the current version of a form (or ?version=N) as YAML that an import
// reads back to the same form.
func (s *server) exportFormYAML(c echo.Context) error {
	f, err := s.formVersion(c)
	if err != nil {
		return err
	}
	y, err := form.YAML(f)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+f.Code+`.yaml"`)
	return c.Blob(http.StatusOK, "application/yaml; charset=utf-8", y)
}

// parseFormBody reads a form schema sent as YAML or JSON, as an import does.
func parseFormBody(c echo.Context) (*form.Form, error) {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return nil, echo.NewHTTPError(http.StatusRequestEntityTooLarge)
	}
	ct := c.Request().Header.Get(echo.HeaderContentType)
	var f *form.Form
	switch {
	case strings.HasPrefix(ct, echo.MIMEApplicationJSON):
		if err := checkKeys(body, reflect.TypeOf(&form.Form{})); err != nil {
			return nil, err
		}
		f, err = form.ParseJSON(body)
	case strings.Contains(ct, "yaml"):
		f, err = form.Parse(body)
	default:
		return nil, echo.NewHTTPError(http.StatusUnsupportedMediaType)
	}
	if err != nil {
		return nil, asValidation(err)
	}
	return f, nil
}
