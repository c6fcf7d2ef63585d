package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/briefing"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// Briefing content types.
const (
	mimeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	mimePDF  = "application/pdf"
)

// registerBriefing adds GET /reports/briefing.docx (and .pdf): the work briefing of the
// caller's rollup:read scope (leaders and reviewers), or of one org in it (?scope=ORG_ID).
func (s *server) registerBriefing(g *echo.Group, authn echo.MiddlewareFunc, need func(obj, act string) echo.MiddlewareFunc) {
	if s.Briefing == nil {
		return
	}
	g.GET("/reports/briefing.docx", s.briefing(""), authn, need("rollup", "read"))
	g.GET("/reports/briefing.pdf", s.briefing("pdf"), authn, need("rollup", "read"))
}

// briefing answers the briefing as DOCX, or as PDF when format (the path's or ?format=pdf) asks
// and a converter is configured (404 pdf_unavailable otherwise).
func (s *server) briefing(pathFormat string) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, p, format := c.Request().Context(), principal(c), pathFormat
		if f := c.QueryParam("format"); f != "" {
			if f != "docx" && f != "pdf" {
				return errs.Invalid("format", "invalid_option", "format must be docx or pdf")
			}
			if format == "" {
				format = f
			}
		}
		lang, err := briefing.ParseLang(c.QueryParam("lang"))
		if err != nil {
			return err
		}
		basis := rollup.Basis(c.QueryParam("basis"))
		sc := scopeOf(c)
		// The issuer is the caller's own org (a town reviewer's town, the bureau for the district's).
		caller, err := s.Orgs.Get(ctx, scope.Of(p.OrgPath), p.OrgID)
		if err != nil {
			return fmt.Errorf("briefing issuer: %w", err)
		}
		req := briefing.Request{Principal: p, Scope: sc, ScopeName: caller.Name, Issuer: caller.Name,
			Period: c.QueryParam("period"), Basis: basis, Lang: lang, MeasureScope: sc}
		orgID, err := queryID(c, "scope")
		if err != nil {
			return err
		}
		if orgID != nil {
			o, err := s.Orgs.Get(ctx, sc, *orgID)
			if errors.Is(err, errs.ErrNotFound) {
				return errs.Invalid("scope", "not_found", "org not found")
			} else if err != nil {
				return err
			}
			req.Scope, req.MeasureScope, req.ScopeName = scope.Of(o.Path), scope.Of(o.Path), o.Name
		}
		if req.ScopeName == "" {
			req.ScopeName = req.Issuer
		}
		if s.Supervision != nil {
			nsc, err := s.Enforcer.Scope(p, "notice", "read")
			if err != nil {
				return fmt.Errorf("enforce notice:read: %w", err)
			}
			if !nsc.Empty() {
				req.NoticeScope = req.Scope
			}
		}
		if s.Measures == nil {
			req.MeasureScope = scope.Scope{}
		}
		var (
			body []byte
			mime = mimeDOCX
			ext  = "docx"
		)
		if format == "pdf" {
			mime, ext = mimePDF, "pdf"
			body, err = s.Briefing.PDF(ctx, req)
		} else {
			body, err = s.Briefing.DOCX(ctx, req)
		}
		if err != nil {
			return err
		}
		name := fmt.Sprintf("briefing-%s.%s", req.Period, ext)
		if lang == briefing.LangZh {
			name = fmt.Sprintf("工作简报-%s.%s", req.Period, ext)
		}
		h := c.Response().Header()
		h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="briefing-%s.%s"; filename*=UTF-8''%s`,
			url.PathEscape(req.Period), ext, url.PathEscape(name)))
		h.Set("Cache-Control", "private, no-store")
		return c.Blob(http.StatusOK, mime, body)
	}
}
