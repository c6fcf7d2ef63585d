package metrics_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// The submissions gauge is the database's count at scrape time, on both databases.
func TestSubmissionsByStatusAtScrape(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		scrape := func() string {
			r := e.Do(http.MethodGet, "/metrics", "", nil)
			if r.Status != http.StatusOK {
				t.Fatalf("/metrics: %d", r.Status)
			}
			return string(r.Body)
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
		} {
			if !strings.Contains(body, want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
	})
}
