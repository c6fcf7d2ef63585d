package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// TestStatementsPerRequest counts what the hot paths send to the database, so a read that
// creeps back in fails here: the session is checked in the user's query (no statement on
// refresh_tokens of its own), a task page carries its count (no separate COUNT), and a save
// answers from what it wrote (submissions read once, before the write). The save's answer
// equals a fresh GET of the submission.
func TestStatementsPerRequest(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		tok := e.Login("xhzx")
		r := e.Do(http.MethodPost, "/api/v1/submissions", tok, map[string]any{"form": "teacher-training", "period": e.App.DemoPeriod()})
		if r.Status != http.StatusCreated && r.Status != http.StatusOK {
			t.Fatalf("open a submission: %d %s", r.Status, r.Body)
		}
		var doc map[string]any
		r.Decode(t, &doc)
		subID := int64(doc["id"].(float64))
		path := fmt.Sprintf("/api/v1/submissions/%d", subID)
		log := logQueries(t, e.App.DB)

		// GET /tasks: the user with its session, then one page query with its count.
		sql := log.during(func() { r = e.Do(http.MethodGet, "/api/v1/tasks", tok, nil) })
		wantStatus(t, r, http.StatusOK)
		if n := reading(sql, "refresh_tokens"); n != 1 || !strings.Contains(strings.Join(sql, "\n"), "EXISTS (SELECT 1 FROM refresh_tokens") {
			t.Fatalf("tasks-session-in-user-query: %d statements name refresh_tokens, want the one user query:\n%s", n, strings.Join(sql, "\n"))
		}
		if n := reading(sql, "tasks"); n != 1 {
			t.Fatalf("tasks-one-page-query: %d statements on tasks, want 1:\n%s", n, strings.Join(sql, "\n"))
		}
		var page struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"total"`
		}
		r.Decode(t, &page)
		if page.Total < 1 || page.Total < len(page.Items) {
			t.Fatalf("tasks-total: total %d with %d items", page.Total, len(page.Items))
		}
		// Past the last page the count is still given.
		r = e.Do(http.MethodGet, fmt.Sprintf("/api/v1/tasks?page=%d&page_size=1", page.Total+1), tok, nil)
		wantStatus(t, r, http.StatusOK)
		var past struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"total"`
		}
		r.Decode(t, &past)
		if len(past.Items) != 0 || past.Total != page.Total {
			t.Fatalf("tasks-past-last-page: %d items, total %d, want 0 and %d", len(past.Items), past.Total, page.Total)
		}

		// A save: submissions read once (before the write), and its answer equals a GET.
		sql = log.during(func() {
			r = e.Do(http.MethodPut, path, tok, map[string]any{"version": doc["version"], "values": map[string]any{"training_spend": "1234.5"}})
		})
		wantStatus(t, r, http.StatusOK)
		reads := 0
		for _, s := range sql {
			// This submission, by id (another period's, read by key for other reasons, is not it).
			if strings.HasPrefix(strings.TrimSpace(strings.ToUpper(s)), "SELECT") && strings.Contains(s, "submissions.*") &&
				strings.Contains(s, "submissions.id = ?") {
				reads++
			}
		}
		if reads != 1 {
			t.Fatalf("save-one-read: the submission was read %d times, want 1:\n%s", reads, strings.Join(sql, "\n"))
		}
		saved := withoutRequestID(t, r.Body)
		got := e.Do(http.MethodGet, path, tok, nil)
		wantStatus(t, got, http.StatusOK)
		if fresh := withoutRequestID(t, got.Body); fresh != saved {
			t.Fatalf("save-answer-equals-get:\nsave %s\nget  %s", saved, fresh)
		}
	})
}
