package api

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/web"
)

// The subtree view of the indicator summary (GET /indicators?period=…) is the same answer for
// every caller with the same scope, period and basis: it holds no language-dependent text (both
// languages' names travel in it) and nothing of the caller but the scope. Its encoded bytes —
// the JSON and its gzip — are kept beside the summary under the totals version
// (rollup.Service.SummaryDerived), so a dashboard's request costs the version read and a write
// of ready bytes; the first request after any change to the totals, committed through any
// replica, reads a new version and encodes afresh.
//
// Every subtree answer carries a weak ETag, a hash of its JSON: a request whose If-None-Match
// names it gets 304 Not Modified without a body. The hash is of the bytes themselves, so two
// replicas with different indicator definitions (a rolling upgrade) never vouch for each
// other's answers, and a 304 means the client holds exactly what a 200 would have sent.

// summaryKind names the encoded answer among the values the rollup keeps beside a summary.
const summaryKind = "api.summary.v1"

// encodedSummary is one summary answer, ready to send: its JSON, the gzip of it and a weak ETag.
type encodedSummary struct {
	etag string
	json []byte
	gz   []byte
}

// encodeSummary encodes v as the JSON serializer does (no HTML escaping, a final newline),
// gzips it and names it with a weak ETag.
func encodeSummary(v any) (*encodedSummary, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode the summary: %w", err)
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return nil, fmt.Errorf("gzip the summary: %w", err)
	}
	if _, err := zw.Write(buf.Bytes()); err != nil {
		return nil, fmt.Errorf("gzip the summary: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("gzip the summary: %w", err)
	}
	sum := sha256.Sum256(buf.Bytes())
	return &encodedSummary{etag: `W/"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`,
		json: buf.Bytes(), gz: gz.Bytes()}, nil
}

// etagMatches reports whether an If-None-Match header names etag (weak comparison, RFC 9110
// section 13.1.2) or is "*".
func etagMatches(header, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}

// sendSummary answers with e: 304 when the request's If-None-Match names it, else its gzip when
// the client accepts gzip (the compress middleware passes an encoded answer through), else
// its JSON. Caches may keep it for the caller only and must ask again before reusing it.
func sendSummary(c echo.Context, e *encodedSummary) error {
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, "private, no-cache")
	h.Set("ETag", e.etag)
	if inm := c.Request().Header.Get("If-None-Match"); inm != "" && etagMatches(inm, e.etag) {
		return c.NoContent(http.StatusNotModified)
	}
	if web.Accepts(c.Request().Header.Get(echo.HeaderAcceptEncoding), "gzip") {
		h.Set(echo.HeaderContentEncoding, "gzip")
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, e.gz)
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, e.json)
}
