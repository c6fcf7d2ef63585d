// Package web serves the single-page app: hashed assets with a long cache, index.html (the SPA
// fallback for every non-API path, naming the route's screen files for the browser to fetch early)
// without cache, and a Content-Security-Policy on every answer.
// An asset the build pre-compressed (NAME.br and NAME.gz beside it, frontend/vite.config.ts) is
// answered with the variant the client accepts, brotli before gzip.
package web

import (
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/frontend"
)

// CSP is the Content-Security-Policy sent with the SPA. Fonts come from the app's own files only
// (the UI kit's icon font is assets/vant-icon-*.woff2, not a data: URL in the stylesheet).
const CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"

const notBuilt = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Tianbao</title></head>
<body><p>The web app was not built into this binary. Run <code>make build</code> (it builds frontend/dist and
the binary with -tags embedspa).</p><p>前端未构建：请运行 make build。</p></body></html>`

// Register serves fsys (the contents of frontend/dist) at / on e. Routes registered on e for
// exact paths (the API, /healthz) take precedence; /api/ paths never fall back to the SPA.
func Register(e *echo.Echo, fsys fs.FS) {
	h := Handler(fsys)
	e.GET("/*", h)
	e.HEAD("/*", h)
}

// Handler answers SPA requests from fsys.
func Handler(fsys fs.FS) echo.HandlerFunc {
	index, err := loadPages(fsys)
	built := err == nil
	return func(c echo.Context) error {
		p := c.Request().URL.Path
		if p == "/api" || strings.HasPrefix(p, "/api/") {
			return echo.ErrNotFound
		}
		hdr := c.Response().Header()
		hdr.Set("Content-Security-Policy", CSP)
		if !built {
			hdr.Set("Cache-Control", "no-cache")
			return c.HTML(http.StatusOK, notBuilt)
		}
		name := strings.TrimPrefix(path.Clean("/"+p), "/")
		if name != "" && name != "index.html" {
			if st, err := fs.Stat(fsys, name); err == nil && !st.IsDir() {
				if strings.HasPrefix(name, "assets/") {
					hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
				} else {
					hdr.Set("Cache-Control", "no-cache")
				}
				return serveAsset(c, fsys, name)
			}
			// A missing asset is a 404, not the app: a stale hashed name must not be cached as HTML.
			// Every other path is a route of the app, dots and all (/leader/training.spend_ratio):
			// whether a name "looks like a file" would hang on the host's MIME table.
			if name == "assets" || strings.HasPrefix(name, "assets/") {
				return echo.ErrNotFound
			}
		}
		hdr.Set("Cache-Control", "no-cache")
		page := index.forPath(path.Clean("/" + p))
		hdr.Set(echo.HeaderContentLength, strconv.Itoa(len(page)))
		return c.Blob(http.StatusOK, echo.MIMETextHTMLCharsetUTF8, page)
	}
}

// encodings are the pre-compressed variants, in order of preference, by file suffix.
var encodings = []struct{ name, suffix string }{{"br", ".br"}, {"gzip", ".gz"}}

// serveAsset answers name, or its pre-compressed variant when the client accepts one, with the
// original's Content-Type and Vary: Accept-Encoding wherever a variant exists.
func serveAsset(c echo.Context, fsys fs.FS, name string) error {
	accept := c.Request().Header.Get(echo.HeaderAcceptEncoding)
	varies := false
	for _, enc := range encodings {
		if st, err := fs.Stat(fsys, name+enc.suffix); err != nil || st.IsDir() {
			continue
		}
		varies = true
		if !Accepts(accept, enc.name) {
			continue
		}
		data, err := fs.ReadFile(fsys, name+enc.suffix)
		if err != nil {
			return err
		}
		hdr := c.Response().Header()
		hdr.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
		hdr.Set(echo.HeaderContentEncoding, enc.name)
		hdr.Set(echo.HeaderContentLength, strconv.Itoa(len(data)))
		return c.Blob(http.StatusOK, contentType(name, nil), data)
	}
	if varies {
		c.Response().Header().Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
	}
	return serveFile(c, fsys, name)
}

// Accepts reports whether an Accept-Encoding header admits coding: named (or matched by *) with
// a quality above zero.
func Accepts(header, coding string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		tok, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		tok = strings.ToLower(strings.TrimSpace(tok))
		if tok != coding && tok != "*" {
			continue
		}
		ok := true
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				if q, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && q <= 0 {
					ok = false
				}
			}
		}
		if tok == coding {
			return ok
		}
		star = ok
	}
	return star
}

func contentType(name string, data []byte) string {
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" && data != nil {
		ct = http.DetectContentType(data)
	}
	if ct == "" {
		ct = echo.MIMEOctetStream
	}
	return ct
}

func serveFile(c echo.Context, fsys fs.FS, name string) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return echo.ErrNotFound
		}
		return err
	}
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(len(data)))
	return c.Blob(http.StatusOK, contentType(name, data), data)
}

// RegisterEmbedded serves the SPA embedded in the binary (empty unless built with -tags embedspa).
func RegisterEmbedded(e *echo.Echo) { Register(e, frontend.Dist) }
