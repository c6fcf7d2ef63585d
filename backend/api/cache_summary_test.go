package api_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/app"
	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// getWith sends GET path to h as the bearer of token with extra request headers.
func getWith(t *testing.T, h http.Handler, token, path string, hdr map[string]string) *testenv.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.RemoteAddr = "192.0.2.10:1234"
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return &testenv.Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

// plainBody returns r's body, gunzipped when it is gzip-encoded.
func plainBody(t *testing.T, r *testenv.Response) []byte {
	t.Helper()
	if r.Header.Get(echo.HeaderContentEncoding) != "gzip" {
		return r.Body
	}
	zr, err := gzip.NewReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	return b
}

// openReplica opens a second instance on w's database: a replica with its own caches.
func openReplica(t *testing.T, w *wfEnv) *app.App {
	t.Helper()
	b, err := app.Open(context.Background(), w.App.Config, app.Options{Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), Now: w.Clock.Now})
	if err != nil {
		t.Fatalf("open a second instance: %v", err)
	}
	t.Cleanup(func() { _ = b.Close() })
	return b
}

var gzipOK = map[string]string{echo.HeaderAcceptEncoding: "gzip"}

// The district summary's answer is kept encoded under the totals version: gzip and identity
// carry the same JSON and the same weak ETag; If-None-Match with it is 304 without a body; the
// kept answer equals what a replica with a cold cache computes; an approval changes the answer
// and its ETag at once, and the old ETag no longer gets a 304.
func TestSummaryAnswerETag(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		w := wfNew(t, kind)
		const path = "/api/v1/indicators?period=2025"
		leader := w.tok("leader")

		first := getWith(t, w.App.Echo, leader, path, gzipOK)
		wantStatus(t, first, http.StatusOK)
		if first.Header.Get(echo.HeaderContentEncoding) != "gzip" {
			t.Fatalf("gzip accepted, answer encoded %q", first.Header.Get(echo.HeaderContentEncoding))
		}
		etag := first.Header.Get("ETag")
		if !strings.HasPrefix(etag, `W/"`) || len(etag) < 10 {
			t.Fatalf("ETag %q, want a weak tag", etag)
		}
		if cc := first.Header.Get(echo.HeaderCacheControl); cc != "private, no-cache" {
			t.Fatalf("Cache-Control %q", cc)
		}
		if ct := first.Header.Get(echo.HeaderContentType); !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("Content-Type %q", ct)
		}
		body := plainBody(t, first)
		var doc struct {
			View  string            `json:"view"`
			Basis string            `json:"basis"`
			Items []json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal(body, &doc); err != nil || doc.View != "subtree" || doc.Basis != "approved" || len(doc.Items) == 0 {
			t.Fatalf("summary %v: %.300s", err, body)
		}

		plain := getWith(t, w.App.Echo, leader, path, nil)
		wantStatus(t, plain, http.StatusOK)
		if plain.Header.Get(echo.HeaderContentEncoding) != "" || !bytes.Equal(plain.Body, body) || plain.Header.Get("ETag") != etag {
			t.Fatalf("identity answer differs from the gzip one (ETag %q vs %q)", plain.Header.Get("ETag"), etag)
		}
		if r := getWith(t, w.App.Echo, leader, path+"&basis=approved", gzipOK); !bytes.Equal(plainBody(t, r), body) || r.Header.Get("ETag") != etag {
			t.Fatal("basis=approved answers differently from the default basis")
		}
		// A replica computing it afresh sends the same bytes.
		b := openReplica(t, w)
		if r := getWith(t, b.Echo, leader, path, nil); !bytes.Equal(r.Body, body) || r.Header.Get("ETag") != etag {
			t.Fatalf("a cold replica answers differently:\n%.300s\nvs\n%.300s", r.Body, body)
		}

		for _, inm := range []string{etag, strings.TrimPrefix(etag, "W/"), `"x", ` + etag, "*"} {
			r := getWith(t, w.App.Echo, leader, path, map[string]string{"If-None-Match": inm, echo.HeaderAcceptEncoding: "gzip"})
			if r.Status != http.StatusNotModified || len(r.Body) != 0 || r.Header.Get("ETag") != etag {
				t.Fatalf("If-None-Match %s: %d, %d bytes, ETag %q; want 304, empty, %q", inm, r.Status, len(r.Body), r.Header.Get("ETag"), etag)
			}
		}
		if r := getWith(t, w.App.Echo, leader, path, map[string]string{"If-None-Match": `W/"not-it"`}); r.Status != http.StatusOK || !bytes.Equal(r.Body, body) {
			t.Fatalf("another ETag: %d", r.Status)
		}

		// An approval: a new answer and a new ETag at once; the old ETag gets the new answer.
		before := indicatorReported(t, body, "teacher-training")
		d := w.wfFill(t, "xhzx", "1000000", "20000")
		w.wfAct(t, "reviewer", d.ID, "approve", nil)
		r := getWith(t, w.App.Echo, leader, path, map[string]string{"If-None-Match": etag, echo.HeaderAcceptEncoding: "gzip"})
		wantStatus(t, r, http.StatusOK)
		after := plainBody(t, r)
		if got := indicatorReported(t, after, "teacher-training"); got == before {
			t.Fatalf("the answer after an approval still says %s", got)
		}
		if r.Header.Get("ETag") == etag || r.Header.Get("ETag") == "" {
			t.Fatalf("the ETag did not change with the answer: %q", r.Header.Get("ETag"))
		}
		// And the replica, whose kept answer is of the old version, follows too.
		if rb := getWith(t, b.Echo, leader, path, nil); !bytes.Equal(rb.Body, after) || rb.Header.Get("ETag") != r.Header.Get("ETag") {
			t.Fatal("the replica serves another answer after the approval")
		}
		// A bad period is still refused, not served from anything kept.
		wantStatus(t, getWith(t, w.App.Echo, leader, "/api/v1/indicators?period=nope", nil), http.StatusUnprocessableEntity)
	})
}

// Kept answers never cross scopes: a district leader, two town leaders and a reviewer of one
// town, asking in turn with every cache warm, each get exactly what a replica computes afresh for
// them; one town's ETag gets no 304 from the other town; a school's own view is not the
// subtree answer.
func TestSummaryAnswerIsolation(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		w := wfNew(t, kind)
		for _, u := range []struct{ name, town, role string }{
			{"ld-cn", "town-chengnan", "leader"}, {"ld-cx", "town-chengxi", "leader"}, {"rv-cn", "town-chengnan", "reviewer"},
		} {
			r := w.as("admin", http.MethodPost, "/api/v1/users", map[string]any{"username": u.name, "display_name": "缓存 " + u.name,
				"password": testenv.DemoPassword, "org_id": w.OrgID(u.town), "roles": []map[string]any{{"role": u.role}}})
			wantStatus(t, r, http.StatusCreated)
		}
		// Figures in one town only, so the scopes' answers differ.
		d := w.wfFill(t, "xhzx", "1000000", "20000")
		w.wfAct(t, "reviewer", d.ID, "approve", nil)

		const path = "/api/v1/indicators?period=2025"
		users := []string{"leader", "ld-cn", "ld-cx", "rv-cn", "leader", "ld-cx", "ld-cn"}
		got := map[string][]byte{}
		tags := map[string]string{}
		for round := range 2 { // the second round is served from what the first kept
			for _, u := range users {
				r := getWith(t, w.App.Echo, w.tok(u), path, gzipOK)
				wantStatus(t, r, http.StatusOK)
				body := plainBody(t, r)
				if prev, ok := got[u]; ok && !bytes.Equal(prev, body) {
					t.Fatalf("round %d: %s got another answer than before", round, u)
				}
				got[u], tags[u] = body, r.Header.Get("ETag")
			}
		}
		b := openReplica(t, w)
		for _, u := range []string{"ld-cx", "rv-cn", "ld-cn", "leader"} { // cold, in another order
			r := getWith(t, b.Echo, w.tok(u), path, nil)
			wantStatus(t, r, http.StatusOK)
			if !bytes.Equal(r.Body, got[u]) {
				t.Fatalf("%s: the kept answer differs from a fresh one:\n%.400s\nvs\n%.400s", u, got[u], r.Body)
			}
		}
		for _, pair := range [][2]string{{"leader", "ld-cn"}, {"ld-cn", "ld-cx"}, {"leader", "ld-cx"}} {
			if bytes.Equal(got[pair[0]], got[pair[1]]) || tags[pair[0]] == tags[pair[1]] {
				t.Fatalf("%s and %s got the same answer", pair[0], pair[1])
			}
		}
		// The same town under two roles: the same subtree, the same answer.
		if !bytes.Equal(got["ld-cn"], got["rv-cn"]) {
			t.Fatal("a town's leader and reviewer got different answers")
		}
		r := getWith(t, w.App.Echo, w.tok("ld-cx"), path, map[string]string{"If-None-Match": tags["ld-cn"]})
		if r.Status != http.StatusOK || !bytes.Equal(r.Body, got["ld-cx"]) {
			t.Fatalf("another town's ETag: %d", r.Status)
		}
		// A school sees its own view, never a kept subtree answer.
		r = getWith(t, w.App.Echo, w.tok("xhzx"), path, nil)
		wantStatus(t, r, http.StatusOK)
		var own struct {
			View string `json:"view"`
		}
		r.Decode(t, &own)
		if own.View != "own" || r.Header.Get("ETag") != "" {
			t.Fatalf("school: view %q, ETag %q", own.View, r.Header.Get("ETag"))
		}
	})
}
