package api_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tianbao-edu/tianbao/backend/testenv"
	"github.com/tianbao-edu/tianbao/backend/web"
)

// fetch sends a GET through the real router with an Accept-Encoding header (none when empty).
func fetch(e *testenv.Env, path, token, acceptEncoding string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	req.RemoteAddr = "192.0.2.10:1234"
	rec := httptest.NewRecorder()
	e.App.Echo.ServeHTTP(rec, req)
	return rec
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	return out
}

// nodeBrotli runs Node's zlib (what frontend/vite.config.ts compresses with) on data: "compress"
// or "decompress". Go's standard library has no brotli; without node the test uses a stand-in.
func nodeBrotli(t *testing.T, op string, data []byte) ([]byte, bool) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		return nil, false
	}
	fn := map[string]string{"compress": "brotliCompressSync", "decompress": "brotliDecompressSync"}[op]
	cmd := exec.Command("node", "-e", "process.stdout.write(require('node:zlib')."+fn+"(require('node:fs').readFileSync(0)))")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v", op, err)
	}
	return out, true
}

func hasVary(h http.Header) bool {
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), "Accept-Encoding") {
				return true
			}
		}
	}
	return false
}

// The SPA's pre-compressed assets, through the server's router with a built app mounted as
// app.go mounts the embedded one: brotli, gzip or the file itself by Accept-Encoding, always
// with the original's type, Vary and the immutable cache; index.html is not cached.
func TestPrecompressedAssets(t *testing.T) {
	original := []byte(strings.Repeat("export const answer = 42; // tianbao\n", 200))
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(original)
	zw.Close()
	br, haveNode := nodeBrotli(t, "compress", original)
	if !haveNode {
		br = []byte("stand-in for brotli bytes")
	}
	dist := fstest.MapFS{
		"index.html":                {Data: []byte("<!doctype html><title>app</title>")},
		"assets/index-AbC123.js":    {Data: original},
		"assets/index-AbC123.js.gz": {Data: gz.Bytes()},
		"assets/index-AbC123.js.br": {Data: br},
		"assets/tiny-XyZ789.css":    {Data: []byte("a{}")},
	}
	e := testenv.New(t, "sqlite")
	web.Register(e.App.Echo, dist)

	const asset = "/assets/index-AbC123.js"
	for _, c := range []struct{ accept, encoding string }{
		{"gzip, deflate, br, zstd", "br"},
		{"br", "br"},
		{"gzip, deflate", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"*", "br"},
		{"", ""},
		{"identity", ""},
		{"gzip;q=0, br;q=0", ""},
	} {
		rec := fetch(e, asset, "", c.accept)
		if rec.Code != http.StatusOK {
			t.Fatalf("%q: %d", c.accept, rec.Code)
		}
		if got := rec.Header().Get("Content-Encoding"); got != c.encoding {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", c.accept, got, c.encoding)
		}
		if ct := rec.Header().Get("Content-Type"); !strings.Contains(ct, "javascript") {
			t.Errorf("%q: Content-Type %q", c.accept, ct)
		}
		if !hasVary(rec.Header()) {
			t.Errorf("%q: no Vary: Accept-Encoding (%v)", c.accept, rec.Header().Values("Vary"))
		}
		if got := rec.Header().Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
			t.Errorf("%q: Cache-Control %q", c.accept, got)
		}
		if got := rec.Header().Get("Content-Length"); got != strconv.Itoa(rec.Body.Len()) {
			t.Errorf("%q: Content-Length %q for %d bytes", c.accept, got, rec.Body.Len())
		}
		var body []byte
		switch c.encoding {
		case "br":
			if !bytes.Equal(rec.Body.Bytes(), br) {
				t.Fatalf("%q: not the .br file", c.accept)
			}
			body = original
			if haveNode {
				body, _ = nodeBrotli(t, "decompress", rec.Body.Bytes())
			}
		case "gzip":
			body = gunzip(t, rec.Body.Bytes())
		default:
			body = rec.Body.Bytes()
		}
		if !bytes.Equal(body, original) {
			t.Errorf("%q: the body does not decode to the asset (%d bytes)", c.accept, len(body))
		}
	}
	// An asset without variants is sent as it is, without Vary; index.html is never cached.
	if rec := fetch(e, "/assets/tiny-XyZ789.css", "", "br, gzip"); rec.Header().Get("Content-Encoding") != "" || rec.Body.String() != "a{}" ||
		!strings.HasPrefix(rec.Header().Get("Content-Type"), "text/css") {
		t.Errorf("tiny css: %q %q %q", rec.Header().Get("Content-Encoding"), rec.Header().Get("Content-Type"), rec.Body.String())
	}
	if rec := fetch(e, "/tasks", "", "br, gzip"); rec.Header().Get("Cache-Control") != "no-cache" || rec.Header().Get("Content-Encoding") != "" ||
		!strings.Contains(rec.Body.String(), "<title>app</title>") {
		t.Errorf("index: %q %q", rec.Header().Get("Cache-Control"), rec.Body.String())
	}
}

// JSON answers of 1 KB and more are gzipped for a client that accepts it, with Vary; small ones
// and clients that do not accept gzip get the bytes as they are; an XLSX is never compressed again.
func TestAPICompression(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		e := testenv.New(t, kind)
		leader := e.Login("leader")

		// The district summary: tens of KB of JSON.
		const big = "/api/v1/indicators?period=2025"
		plain := fetch(e, big, leader, "")
		if plain.Code != http.StatusOK || plain.Header().Get("Content-Encoding") != "" || plain.Body.Len() < 1024 {
			t.Fatalf("plain summary: %d %q %d bytes", plain.Code, plain.Header().Get("Content-Encoding"), plain.Body.Len())
		}
		zipped := fetch(e, big, leader, "gzip, deflate, br")
		if zipped.Code != http.StatusOK || zipped.Header().Get("Content-Encoding") != "gzip" || !hasVary(zipped.Header()) {
			t.Fatalf("gzipped summary: %d %q %v", zipped.Code, zipped.Header().Get("Content-Encoding"), zipped.Header().Values("Vary"))
		}
		if !strings.HasPrefix(zipped.Header().Get("Content-Type"), "application/json") {
			t.Errorf("gzipped summary: Content-Type %q", zipped.Header().Get("Content-Type"))
		}
		body := gunzip(t, zipped.Body.Bytes())
		if !json.Valid(body) || zipped.Body.Len()*2 > len(body) {
			t.Errorf("gzipped summary: %d bytes for %d of JSON", zipped.Body.Len(), len(body))
		}
		if !bytes.Equal(body, plain.Body.Bytes()) {
			// as_of and the like are the same in both: the figures did not change in between.
			t.Errorf("gzipped summary differs from the plain one")
		}
		if r := fetch(e, big, leader, "gzip;q=0"); r.Header().Get("Content-Encoding") != "" || !hasVary(r.Header()) {
			t.Errorf("gzip;q=0: Content-Encoding %q Vary %v", r.Header().Get("Content-Encoding"), r.Header().Values("Vary"))
		}
		// The OpenAPI document is big too.
		if r := fetch(e, "/api/v1/openapi.yaml", "", "gzip"); r.Header().Get("Content-Encoding") != "gzip" || !bytes.HasPrefix(gunzip(t, r.Body.Bytes()), []byte("openapi:")) {
			t.Errorf("openapi.yaml: Content-Encoding %q", r.Header().Get("Content-Encoding"))
		}

		// Small JSON is not worth it.
		for _, p := range []string{"/api/v1/me", "/healthz"} {
			r := fetch(e, p, leader, "gzip")
			if r.Code != http.StatusOK || r.Header().Get("Content-Encoding") != "" || !json.Valid(r.Body.Bytes()) || r.Body.Len() >= 1024 {
				t.Errorf("%s: %d %q %d bytes", p, r.Code, r.Header().Get("Content-Encoding"), r.Body.Len())
			}
		}
		// Errors are answered as they are.
		if r := fetch(e, "/api/v1/indicators/nope?period=2025", leader, "gzip"); r.Code != http.StatusNotFound || r.Header().Get("Content-Encoding") != "" {
			t.Errorf("404: %d %q", r.Code, r.Header().Get("Content-Encoding"))
		}

		// An XLSX is a zip already: sent as it is, whatever the client accepts.
		for _, p := range []string{"/api/v1/exports/indicators.xlsx?period=2025", "/api/v1/exports/submissions.xlsx?form=teacher-training&period=2025"} {
			r := fetch(e, p, leader, "gzip, br")
			if r.Code != http.StatusOK || r.Header().Get("Content-Encoding") != "" || !bytes.HasPrefix(r.Body.Bytes(), []byte("PK")) {
				t.Errorf("%s: %d %q %q", p, r.Code, r.Header().Get("Content-Encoding"), r.Body.Bytes()[:min(4, r.Body.Len())])
			}
		}
	})
}
