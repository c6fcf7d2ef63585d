package api

import (
	"io"
	"net/http"
	"reflect"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/form"
)

// FormSummary is a form in the list.
type FormSummary struct {
	Code        string   `json:"code"`
	Version     int      `json:"version"`
	Title       string   `json:"title"`
	TitleEn     string   `json:"title_en,omitempty"`
	PeriodType  string   `json:"period_type"`
	OrgTypes    []string `json:"org_types"`
	PlanSection string   `json:"plan_section"`
	Fields      int      `json:"fields"`
}

func toFormSummary(f *form.Form) FormSummary {
	return FormSummary{Code: f.Code, Version: f.Version, Title: f.Title, TitleEn: f.TitleEn, PeriodType: string(f.PeriodType),
		OrgTypes: f.OrgTypes, PlanSection: f.PlanSection, Fields: len(f.Fields)}
}

func (s *server) listForms(c echo.Context) error {
	fs, err := s.Forms.List(c.Request().Context())
	if err != nil {
		return err
	}
	items := make([]FormSummary, len(fs))
	for i, f := range fs {
		items[i] = toFormSummary(f)
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items, "total": len(items)})
}

// getForm returns the current schema, or with ?version=N that version (the one a submission is
// pinned to); the form schema is itself the documented wire format.
func (s *server) getForm(c echo.Context) error {
	v, err := queryInt(c, "version")
	if err != nil {
		return err
	}
	if c.QueryParam("version") != "" && v < 1 {
		return errs.Invalid("version", "invalid_integer", "version must be a positive integer")
	}
	ctx := c.Request().Context()
	var f *form.Form
	if v == 0 {
		f, err = s.Forms.Current(ctx, c.Param("code"))
	} else {
		f, err = s.Forms.Version(ctx, c.Param("code"), v)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, f)
}

// importForm takes a schema as YAML or JSON, validates it and stores it as the next version.
func (s *server) importForm(c echo.Context) error {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
	}
	ct := c.Request().Header.Get(echo.HeaderContentType)
	var f *form.Form
	switch {
	case strings.HasPrefix(ct, echo.MIMEApplicationJSON):
		// Duplicate and case-variant keys are refused here as in every JSON body (bindJSON);
		// YAML refuses duplicates itself and matches keys exactly.
		if err := checkKeys(body, reflect.TypeOf(&form.Form{})); err != nil {
			return err
		}
		f, err = form.ParseJSON(body)
	case strings.Contains(ct, "yaml"):
		f, err = form.Parse(body)
	default:
		return echo.NewHTTPError(http.StatusUnsupportedMediaType)
	}
	if err != nil {
		return asValidation(err)
	}
	uid := principal(c).UserID
	out, created, err := s.Forms.Import(c.Request().Context(), &uid, f)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return c.JSON(status, FormImported{FormSummary: toFormSummary(out), Warnings: out.RuleWarnings()})
}

// FormImported answers an import: the stored version, and what its rules do that is legal but
// likely not meant (form.RuleWarnings: a reduce without an initial value, a division by what may be 0).
type FormImported struct {
	FormSummary
	Warnings []errs.FieldError `json:"warnings"`
}

// asValidation makes a parse failure that is not already a ValidationError into one, so the
// client always gets field-coded errors.
func asValidation(err error) error {
	if _, ok := err.(*errs.ValidationError); ok {
		return err
	}
	return &errs.ValidationError{Code: "invalid_schema", Fields: []errs.FieldError{{Field: "", Code: "invalid_schema", Message: err.Error()}}}
}
