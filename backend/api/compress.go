package api

import (
	"compress/gzip"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/tianbao-edu/tianbao/backend/web"
)

// gzipMinLength is the smallest API answer worth compressing: below it the gzip framing and the
// CPU cost more than the bytes saved.
const gzipMinLength = 1024

// uncompressed are the API routes whose bodies are never gzipped: downloads already compressed
// (an XLSX is a zip; an attachment is whatever was uploaded, mostly PDF, JPEG or Office files) or
// served with their own length and type.
var uncompressed = map[string]bool{
	"/api/v1/attachments/:id":          true,
	"/api/v1/exports/submissions.xlsx": true,
	"/api/v1/exports/indicators.xlsx":  true,
}

// compress gzips API answers of at least gzipMinLength bytes for clients that accept gzip, with
// Vary: Accept-Encoding. The SPA's files are not its business: web serves their pre-compressed
// variants itself. The API streams nothing (no SSE), so buffering the first KB costs no latency.
func compress() echo.MiddlewareFunc {
	return middleware.GzipWithConfig(middleware.GzipConfig{
		Level:     gzip.DefaultCompression,
		MinLength: gzipMinLength,
		Skipper: func(c echo.Context) bool {
			p := c.Request().URL.Path
			if !strings.HasPrefix(p, "/api/") || uncompressed[c.Path()] {
				return true
			}
			if !web.Accepts(c.Request().Header.Get(echo.HeaderAcceptEncoding), "gzip") {
				// The answer still depends on the header for a cache in between.
				c.Response().Header().Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
				return true
			}
			return false
		},
	})
}
