package loadtest

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A run on a database an earlier run used finds its workers' accounts there: the server's
// duplicate-username answer counts as the account being there, any other refusal does not.
func TestAccountThere(t *testing.T) {
	for _, c := range []struct {
		status int
		body   string
		want   bool
	}{
		{http.StatusCreated, `{"id":7}`, true},
		{http.StatusConflict, `{}`, true},
		{http.StatusUnprocessableEntity, `{"code":"validation","errors":[{"field":"username","code":"duplicate","message":"this username is taken"}]}`, true},
		{http.StatusUnprocessableEntity, `{"code":"validation","errors":[{"field":"password","code":"weak"}]}`, false},
		{http.StatusUnprocessableEntity, `{"code":"validation","errors":[{"field":"username","code":"duplicate"},{"field":"org_id","code":"not_found"}]}`, false},
		{http.StatusUnprocessableEntity, `not json`, false},
		{http.StatusForbidden, `{}`, false},
		{http.StatusInternalServerError, `{}`, false},
	} {
		if got := accountThere(result{status: c.status, body: []byte(c.body)}); got != c.want {
			t.Errorf("%d %s: %v, want %v", c.status, c.body, got, c.want)
		}
	}
}

// The timed reads ask for gzip themselves and drain the answer without inflating or keeping it
// (the start of an error answer excepted), and a revalidating read sends back the ETag it got:
// the server answers 304, which counts as answered.
func TestReadDrainsAndRevalidates(t *testing.T) {
	var sawINM []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/bad" {
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = io.WriteString(w, strings.Repeat("e", 2000))
			return
		}
		if r.Header.Get("Accept-Encoding") != "gzip" {
			t.Errorf("Accept-Encoding %q", r.Header.Get("Accept-Encoding"))
		}
		sawINM = append(sawINM, r.Header.Get("If-None-Match"))
		w.Header().Set("ETag", `W/"v1"`)
		if r.Header.Get("If-None-Match") == `W/"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write([]byte("\x1f\x8bnot really gzip")) // inflating it would fail
	}))
	defer srv.Close()
	c := newClient(srv.URL, 1)
	ctx := context.Background()
	r, tag := c.read(ctx, "/s", "tok", "")
	if r.err != nil || r.status != http.StatusOK || len(r.body) != 0 || tag != `W/"v1"` {
		t.Fatalf("first read: %v %d %q %q", r.err, r.status, r.body, tag)
	}
	r, _ = c.read(ctx, "/s", "tok", tag)
	if r.err != nil || r.status != http.StatusNotModified {
		t.Fatalf("revalidation: %v %d", r.err, r.status)
	}
	if len(sawINM) != 2 || sawINM[0] != "" || sawINM[1] != `W/"v1"` {
		t.Fatalf("If-None-Match sent: %q", sawINM)
	}
	var st stats
	st.add(r, "revalidated")
	if st.ok != 1 || st.other != 0 {
		t.Fatalf("a 304 counted ok=%d other=%d", st.ok, st.other)
	}
	r, _ = c.read(ctx, "/bad", "tok", "")
	if r.status != http.StatusInternalServerError || len(r.body) != readKeep {
		t.Fatalf("error answer: %d, kept %d bytes", r.status, len(r.body))
	}
}
