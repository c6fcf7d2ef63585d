package metrics_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// The submissions gauge is the database's count at scrape time, on both databases.
func TestSubmissionsByStatusAtScrape(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		h := e.App.Metrics.Gate(e.App.Echo, metricsToken)
		scrape := func() string {
			req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
			req.Header.Set("Authorization", "Bearer "+metricsToken)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("/metrics: %d", rec.Code)
			}
			return rec.Body.String()
		}
		if !strings.Contains(scrape(), `tianbao_submissions{status="draft"} 0`) {
			t.Fatal("no zero draft count before any submission")
		}
		tok := e.Login("xhzx")
		if r := e.Do(http.MethodPost, "/api/v1/submissions", tok, map[string]any{"form": "teacher-training", "period": "2025"}); r.Status != http.StatusCreated {
			t.Fatalf("open: %d %s", r.Status, r.Body)
		}
		body := scrape()
		for _, want := range []string{
			`tianbao_submissions{status="draft"} 1`,
			`tianbao_submissions{status="approved"} 0`,
			`tianbao_logins_total{result="success"} 1`,
			`tianbao_http_requests_total{method="POST",route="/api/v1/submissions",status="201"} 1`,
			`tianbao_http_request_duration_seconds_count{method="POST",route="/api/v1/auth/login"} 1`,
			`go_sql_max_open_connections{db_name="tianbao"}`,
			`tianbao_db_tx_retries_total 0`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
	})
}

const metricsToken = "metrics-token-0123456789"

// /metrics is no API route: without a token configured the API address answers 404; with one,
// only its bearer (any scheme case) gets the scrape, and the rest of the API is untouched.
func TestMetricsNotOnTheAPIUnlessConfigured(t *testing.T) {
	e := testenv.New(t, "sqlite")
	get := func(h http.Handler, path, auth string) int {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	if st := get(e.App.Echo, "/metrics", ""); st != http.StatusNotFound {
		t.Fatalf("/metrics on the API router: %d, want 404", st)
	}
	if st := get(e.App.Metrics.Gate(e.App.Echo, ""), "/metrics", ""); st != http.StatusNotFound {
		t.Fatalf("/metrics with no token configured: %d, want 404", st)
	}
	gated := e.App.Metrics.Gate(e.App.Echo, metricsToken)
	for auth, want := range map[string]int{"": 401, "Bearer wrong-token-0123456789": 401, "Basic " + metricsToken: 401,
		"Bearer " + metricsToken: 200, "bearer " + metricsToken: 200} {
		if st := get(gated, "/metrics", auth); st != want {
			t.Errorf("/metrics with %q: %d, want %d", auth, st, want)
		}
	}
	if st := get(gated, "/healthz", ""); st != http.StatusOK {
		t.Fatalf("/healthz behind the gate: %d", st)
	}
	if st := get(e.App.Metrics.Mux(), "/metrics", ""); st != http.StatusOK {
		t.Fatalf("the separate metrics listener: %d", st)
	}
	if st := get(e.App.Metrics.Mux(), "/api/v1/orgs", ""); st != http.StatusNotFound {
		t.Fatalf("the metrics listener serves the API: %d", st)
	}
}
