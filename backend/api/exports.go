package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/export"
)

// Export content types.
const (
	mimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	mimeCSV  = "text/csv; charset=utf-8"
)

// exportSubmissions answers GET /exports/submissions.xlsx|csv?form=&period=&status= with one
// form's submissions for a period, limited to the caller's submission:read scope.
func (s *server) exportSubmissions(ext string) echo.HandlerFunc {
	return func(c echo.Context) error {
		t, err := s.Exports.Submissions(c.Request().Context(), scopeOf(c), export.SubmissionsQuery{
			Form: c.QueryParam("form"), Period: c.QueryParam("period"), Status: c.QueryParam("status")})
		if err != nil {
			return err
		}
		return s.writeExport(c, t, ext)
	}
}

// exportIndicators answers GET /exports/indicators.xlsx|csv?period=&basis= with the indicator
// summary of the caller's rollup:read scope.
func (s *server) exportIndicators(ext string) echo.HandlerFunc {
	return func(c echo.Context) error {
		t, err := s.Exports.Indicators(c.Request().Context(), scopeOf(c), export.IndicatorsQuery{
			Period: c.QueryParam("period"), Basis: c.QueryParam("basis")})
		if err != nil {
			return err
		}
		return s.writeExport(c, t, ext)
	}
}

// writeExport streams t. The headers are sent with the first byte, so an error before any
// output is still answered as a problem; one after it can only cut the download short, and is
// logged.
func (s *server) writeExport(c echo.Context, t *export.Table, ext string) error {
	w := &lazyDownload{c: c, disposition: export.FileName(t, ext), contentType: mimeCSV}
	var err error
	if ext == "xlsx" {
		w.contentType = mimeXLSX
		err = export.WriteXLSX(c.Request().Context(), w, t)
	} else {
		err = export.WriteCSV(c.Request().Context(), w, t)
	}
	if err != nil && w.started {
		s.Log.ErrorContext(c.Request().Context(), "export failed mid-stream", "err", err.Error(),
			"request_id", c.Response().Header().Get(echo.HeaderXRequestID), "path", c.Path())
		return nil
	}
	if err == nil && !w.started {
		w.start()
	}
	return err
}

// lazyDownload sets the download headers and the 200 status on the first write.
type lazyDownload struct {
	c           echo.Context
	contentType string
	disposition string
	started     bool
}

func (w *lazyDownload) start() {
	h := w.c.Response().Header()
	h.Set(echo.HeaderContentType, w.contentType)
	h.Set(echo.HeaderContentDisposition, w.disposition)
	h.Set("Cache-Control", "private, no-store")
	w.c.Response().WriteHeader(http.StatusOK)
	w.started = true
}

func (w *lazyDownload) Write(p []byte) (int, error) {
	if !w.started {
		w.start()
	}
	return w.c.Response().Write(p)
}
