package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
	gormlogger "gorm.io/gorm/logger"

	"github.com/tianbao-edu/tianbao/backend/app"
	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// queryLog records the SQL of every statement run on a database while on: it is the handle's
// logger, which sees gorm's statements and the hot reads sent to the pool directly
// (database.Query) alike.
type queryLog struct {
	mu  sync.Mutex
	on  bool
	sql []string
}

func logQueries(t testing.TB, db *gorm.DB) *queryLog {
	t.Helper()
	l := &queryLog{}
	prev := db.Logger
	db.Logger = l
	t.Cleanup(func() { db.Logger = prev })
	return l
}

func (l *queryLog) LogMode(gormlogger.LogLevel) gormlogger.Interface { return l }
func (l *queryLog) Info(context.Context, string, ...any)             {}
func (l *queryLog) Warn(context.Context, string, ...any)             {}
func (l *queryLog) Error(context.Context, string, ...any)            {}

// ParamsFilter keeps the placeholders: the log holds each statement's SQL as written, "?" and
// all, so tests match on its shape, not on the values of one run.
func (l *queryLog) ParamsFilter(_ context.Context, sql string, _ ...any) (string, []any) {
	return sql, nil
}

// Trace is called once for every statement run.
func (l *queryLog) Trace(_ context.Context, _ time.Time, fc func() (string, int64), _ error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.on {
		sql, _ := fc()
		l.sql = append(l.sql, sql)
	}
}

// during returns the statements fn ran.
func (l *queryLog) during(fn func()) []string {
	l.mu.Lock()
	l.on, l.sql = true, nil
	l.mu.Unlock()
	fn()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.on = false
	return append([]string(nil), l.sql...)
}

// reading counts the statements that read table (FROM or JOIN it).
func reading(sql []string, table string) int {
	n := 0
	for _, s := range sql {
		if strings.Contains(s, "FROM `"+table+"`") || strings.Contains(s, "FROM "+table+" ") ||
			strings.Contains(s, "JOIN "+table+" ") || strings.HasSuffix(s, "FROM "+table) {
			n++
		}
	}
	return n
}

// A request loads the caller's account and roles once: authn loads them and /me answers from
// what it loaded; every authenticated route reads users and user_roles once.
func TestUserLoadedOncePerRequest(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		tok := e.Login("xhzx")
		log := logQueries(t, e.App.DB)
		for _, path := range []string{"/api/v1/me", "/api/v1/tasks", "/api/v1/orgs"} {
			var r *testenv.Response
			sql := log.during(func() { r = e.Do(http.MethodGet, path, tok, nil) })
			wantStatus(t, r, http.StatusOK)
			if users, roles := reading(sql, "users"), reading(sql, "user_roles"); users != 1 || roles != 1 {
				t.Fatalf("GET %s read users %d and user_roles %d times (want once each):\n%s", path, users, roles, strings.Join(sql, "\n"))
			}
		}
		var me map[string]any
		r := e.Do(http.MethodGet, "/api/v1/me", tok, nil)
		r.Decode(t, &me)
		if me["username"] != "xhzx" || me["org_name"] != "新华中学" {
			t.Fatalf("/me from the request's load: %v", me)
		}
		if roles, _ := me["roles"].([]any); len(roles) != 1 {
			t.Fatalf("/me roles: %v", me["roles"])
		}
	})
}

// indicatorReported returns, per indicator of form, the orgs reported in a summary body.
func indicatorReported(t *testing.T, body []byte, form string) string {
	t.Helper()
	var sum struct {
		Items []struct {
			Code     string `json:"code"`
			Form     string `json:"form"`
			Reported int64  `json:"reported"`
			Value    *string
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &sum); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, it := range sum.Items {
		if it.Form == form {
			fmt.Fprintf(&b, "%s=%d ", it.Code, it.Reported)
		}
	}
	if b.Len() == 0 {
		t.Fatalf("no indicator of %s in %s", form, body)
	}
	return b.String()
}

// The district summary is cached by totals version: a warm read touches no totals, and an
// approval (or a reopen) changes the next summary at once, also when it went through another
// instance on the same database (a replica, with its own cache).
func TestSummaryCacheFollowsEveryChange(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		w := wfNew(t, kind)
		ctx := context.Background()
		b, err := app.Open(ctx, w.App.Config, app.Options{Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), Now: w.Clock.Now})
		if err != nil {
			t.Fatalf("open a second instance: %v", err)
		}
		defer b.Close()
		onB := func(user, method, path string) *testenv.Response {
			req := httptest.NewRequest(method, path, nil)
			req.Header.Set("Authorization", "Bearer "+w.tok(user))
			rec := httptest.NewRecorder()
			b.Echo.ServeHTTP(rec, req)
			return &testenv.Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
		}
		const path = "/api/v1/indicators?period=2025"
		summary := func(on func(user, method, path string) *testenv.Response) string {
			t.Helper()
			r := on("leader", http.MethodGet, path)
			wantStatus(t, r, http.StatusOK)
			return indicatorReported(t, r.Body, "teacher-training")
		}
		onA := func(user, method, path string) *testenv.Response { return w.as(user, method, path, nil) }
		log := logQueries(t, w.App.DB)

		before := summary(onA)
		if summary(onB) != before {
			t.Fatal("the two instances disagree before any change")
		}
		sql := log.during(func() { summary(onA) })
		if n := reading(sql, "indicator_totals") + reading(sql, "task_totals"); n != 0 {
			t.Fatalf("a warm summary read the totals %d times:\n%s", n, strings.Join(sql, "\n"))
		}

		// Submitted on A, approved through B: A's next summary counts it.
		d := w.wfFill(t, "xhzx", "1000000", "20000")
		if got := summary(onA); got != before {
			t.Fatalf("a submission (not approved) changed the approved summary: %s → %s", before, got)
		}
		if r := onB("reviewer", http.MethodPost, wfSub(d.ID, "/approve")); r.Status != http.StatusOK {
			t.Fatalf("approve on B: %d %s", r.Status, r.Body)
		}
		approved := summary(onA)
		if approved == before {
			t.Fatalf("A still serves the summary from before the approval on B: %s", approved)
		}
		if summary(onB) != approved {
			t.Fatal("the instances disagree after the approval")
		}
		// Reopened on A: both instances drop it at once.
		w.wfAct(t, "reviewer", d.ID, "reopen", map[string]any{"comment": "重新核对"})
		if got := summary(onA); got != before {
			t.Fatalf("after a reopen on A: %s, want %s", got, before)
		}
		if got := summary(onB); got != before {
			t.Fatalf("after a reopen on A, B says %s, want %s", got, before)
		}
		// And an approval on A.
		d = wfDecodeDoc(t, w.as("xhzx", http.MethodGet, wfSub(d.ID, ""), nil))
		d = w.wfAct(t, "xhzx", d.ID, "submit", map[string]any{"version": d.Version})
		w.wfAct(t, "reviewer", d.ID, "approve", nil)
		if got := summary(onA); got != approved {
			t.Fatalf("after an approval on A: %s, want %s", got, approved)
		}
		if got := summary(onB); got != approved {
			t.Fatalf("after an approval on A, B says %s, want %s", got, approved)
		}
	})
}
