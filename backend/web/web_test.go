package web

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/labstack/echo/v4"
)

func newServer(fsys fstest.MapFS) *echo.Echo {
	e := echo.New()
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	g := e.Group("/api/v1")
	g.GET("/me", func(c echo.Context) error { return c.JSON(http.StatusOK, map[string]string{"id": "1"}) })
	g.Any("/*", func(echo.Context) error { return echo.ErrNotFound })
	Register(e, fsys)
	return e
}

func get(e *echo.Echo, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

var built = fstest.MapFS{
	"index.html":             {Data: []byte("<!doctype html><title>app</title>")},
	"assets/index-AbC123.js": {Data: []byte("console.log(1)")},
	"favicon.svg":            {Data: []byte("<svg/>")},
}

func TestServesIndexWithoutCache(t *testing.T) {
	e := newServer(built)
	for _, p := range []string{"/", "/index.html", "/tasks", "/fill/12", "/leader/indicators/x",
		"/leader/training.spend_ratio", "/leader/family.parent_committee?period=2025"} {
		rec := get(e, p)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "<title>app</title>") {
			t.Fatalf("%s: %d %q", p, rec.Code, rec.Body.String())
		}
		if got := rec.Header().Get("Cache-Control"); got != "no-cache" {
			t.Errorf("%s: Cache-Control %q", p, got)
		}
		if got := rec.Header().Get("Content-Security-Policy"); got != CSP {
			t.Errorf("%s: CSP %q", p, got)
		}
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			t.Errorf("%s: Content-Type %q", p, rec.Header().Get("Content-Type"))
		}
	}
}

func TestHashedAssetsCachedForever(t *testing.T) {
	rec := get(newServer(built), "/assets/index-AbC123.js")
	if rec.Code != http.StatusOK || rec.Body.String() != "console.log(1)" {
		t.Fatalf("%d %q", rec.Code, rec.Body.String())
	}
	if got := rec.Header().Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control %q", got)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.Contains(ct, "javascript") {
		t.Errorf("Content-Type %q", ct)
	}
	if rec := get(newServer(built), "/favicon.svg"); rec.Header().Get("Cache-Control") != "no-cache" {
		t.Errorf("unhashed file Cache-Control %q", rec.Header().Get("Cache-Control"))
	}
}

func TestMissingAssetIs404(t *testing.T) {
	for _, p := range []string{"/assets/gone-123.js", "/assets/x/y.css", "/assets/"} {
		if rec := get(newServer(built), p); rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "<title>app</title>") {
			t.Errorf("%s: %d", p, rec.Code)
		}
	}
}

// Any path outside /assets/ and /api/ is a route of the app, whatever its last segment's dots say
// (indicator codes hold dots; .c, .sh or .txt would be a "file" on one host's MIME table, not another's).
func TestEveryOtherPathIsTheApp(t *testing.T) {
	for _, p := range []string{"/leader/training.spend_ratio", "/leader/a.b.c", "/leader/kg.enrol.sh", "/robots.txt", "/x/y.png"} {
		rec := get(newServer(built), p)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "<title>app</title>") {
			t.Errorf("%s: %d %q", p, rec.Code, rec.Body.String())
		}
		if rec.Header().Get("Cache-Control") != "no-cache" {
			t.Errorf("%s: Cache-Control %q", p, rec.Header().Get("Cache-Control"))
		}
	}
}

func TestAPINotSwallowed(t *testing.T) {
	e := newServer(built)
	if rec := get(e, "/api/v1/me"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"id"`) {
		t.Fatalf("/api/v1/me: %d %q", rec.Code, rec.Body.String())
	}
	for _, p := range []string{"/api/v1/nope", "/api/v2/x", "/api", "/api/"} {
		rec := get(e, p)
		if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "<title>app</title>") {
			t.Errorf("%s: %d %q", p, rec.Code, rec.Body.String())
		}
	}
	if rec := get(e, "/healthz"); rec.Body.String() != "ok" {
		t.Errorf("/healthz: %q", rec.Body.String())
	}
}

func TestNotBuilt(t *testing.T) {
	rec := get(newServer(fstest.MapFS{}), "/tasks")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "make build") {
		t.Fatalf("%d %q", rec.Code, rec.Body.String())
	}
	if rec.Header().Get("Content-Security-Policy") != CSP {
		t.Error("no CSP on the not-built page")
	}
}

func TestPathTraversalStaysInFS(t *testing.T) {
	rec := get(newServer(built), "/../../etc/passwd")
	if strings.Contains(rec.Body.String(), "root:") {
		t.Fatal("escaped the fs")
	}
}

// The build's routes file names each screen's files; index.html for that route links them in its head.
func TestIndexNamesTheRoutesScreenFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"index.html": {Data: []byte("<!doctype html><html><head><title>app</title></head><body></body></html>")},
		RoutesFile: {Data: []byte(`[
			{"path": "/leader", "modules": ["/assets/Dashboard-a1.js", "/assets/StatusTag-b2.js"], "styles": ["/assets/Dashboard-c3.css"]},
			{"path": "/leader/:code", "modules": ["/assets/IndicatorDetail-d4.js"], "styles": []},
			{"path": "/fill/:id", "modules": ["/assets/Fill-e5.js", "https://evil.example/x.js", "/assets/\"><script>"], "styles": []},
			{"path": "/:rest(.*)*", "modules": ["/assets/Nope-f6.js"], "styles": []}
		]`)},
	}
	e := newServer(fsys)
	cases := []struct {
		path      string
		want, not []string
	}{
		{"/leader", []string{`<link rel="modulepreload" crossorigin href="/assets/Dashboard-a1.js">`, `<link rel="modulepreload" crossorigin href="/assets/StatusTag-b2.js">`, `<link rel="preload" as="style" crossorigin href="/assets/Dashboard-c3.css">`}, []string{"IndicatorDetail"}},
		{"/leader/", []string{"Dashboard-a1.js"}, nil},
		{"/leader/training.spend_ratio", []string{"IndicatorDetail-d4.js"}, []string{"Dashboard-a1.js"}},
		{"/leader/training.spend_ratio?period=2025", []string{"IndicatorDetail-d4.js"}, nil},
		// Only the build's own assets are ever linked.
		{"/fill/12", []string{"Fill-e5.js"}, []string{"evil.example", "<script>"}},
		{"/fill", nil, []string{"Fill-e5.js"}},
		{"/unknown/path", nil, []string{"modulepreload", "Nope-f6.js"}},
	}
	for _, tc := range cases {
		rec := get(e, tc.path)
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, "<title>app</title>") {
			t.Fatalf("%s: %d %q", tc.path, rec.Code, body)
		}
		if head := strings.Index(body, "</head>"); head < 0 || strings.LastIndex(body, "<link") > head {
			t.Errorf("%s: links outside the head: %q", tc.path, body)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: want %q in %q", tc.path, w, body)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(body, n) {
				t.Errorf("%s: %q should not be in %q", tc.path, n, body)
			}
		}
		if rec.Header().Get("Content-Length") != strconv.Itoa(len(body)) {
			t.Errorf("%s: Content-Length %s for %d bytes", tc.path, rec.Header().Get("Content-Length"), len(body))
		}
	}
}

// A routes file the server cannot read leaves every route with the plain index.html.
func TestIndexWithoutUsableRoutesFile(t *testing.T) {
	for name, data := range map[string]string{"missing": "", "not json": "{", "not a list": `{"path": "/leader"}`} {
		fsys := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><head><title>app</title></head>")}}
		if data != "" {
			fsys[RoutesFile] = &fstest.MapFile{Data: []byte(data)}
		}
		rec := get(newServer(fsys), "/leader")
		if rec.Code != http.StatusOK || rec.Body.String() != "<!doctype html><head><title>app</title></head>" {
			t.Errorf("%s: %d %q", name, rec.Code, rec.Body.String())
		}
	}
}
