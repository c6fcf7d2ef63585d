package api_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/app"
	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/config"
	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// refModel is the server's casbin model (authz's modelText), for the reference's own enforcer.
const refModel = `
[request_definition]
r = sub, dom, obj, act

[policy_definition]
p = sub, dom, obj, act

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub, r.dom) && (p.dom == "*" || r.dom == p.dom) && (p.obj == "*" || r.obj == p.obj) && (p.act == "*" || r.act == p.act)
`

// referenceHandler is the floor the read paths are measured against: an echo handler that
// verifies the JWT, runs one casbin check and reads one row by key, then writes it as JSON. The
// check is a casbin evaluation on every request, with the server's model and permission rules in
// an enforcer of its own: the check the reference made through authz.Enforcer before that began
// keeping its answers (2026-11-30), so the yardstick stays where it was.
func referenceHandler(b *testing.B, a *app.App) *echo.Echo {
	m, err := model.NewModelFromString(refModel)
	if err != nil {
		b.Fatal(err)
	}
	enf, err := casbin.NewSyncedEnforcer(m)
	if err != nil {
		b.Fatal(err)
	}
	enf.AddNamedDomainMatchingFunc("g", "subtree", authz.SubtreeMatch)
	perms, err := authz.NewStore(a.DB).Permissions(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range perms {
		if _, err := enf.AddPolicy(p[0], p[1], p[2], p[3]); err != nil {
			b.Fatal(err)
		}
	}
	e := echo.New()
	e.GET("/ref/:id", func(c echo.Context) error {
		tok := strings.TrimPrefix(c.Request().Header.Get("Authorization"), "Bearer ")
		uid, _, _, err := a.Auth.Signer().VerifySession(tok)
		if err != nil {
			return echo.ErrUnauthorized
		}
		if ok, err := enf.Enforce(authz.RoleFiller, "/1/", "submission", "read"); err != nil || !ok {
			return echo.ErrForbidden
		}
		var row struct {
			ID       int64  `json:"id"`
			OrgID    int64  `json:"org_id"`
			FormCode string `json:"form_code"`
			Status   string `json:"status"`
			Data     string `json:"data"`
		}
		if err := a.DB.WithContext(c.Request().Context()).Table("submissions").Where("id = ?", c.Param("id")).
			Take(&row).Error; err != nil {
			return err
		}
		c.Response().Header().Set("X-User", fmt.Sprint(uid))
		return c.JSON(http.StatusOK, row)
	})
	return e
}

// cost is one path's measured cost per request: CPU time of the request's own thread, wall
// time and heap allocations.
type cost struct{ cpu, wall, allocs float64 }

// request sends one GET through h as the bearer of token and fails unless it is 200.
func request(b *testing.B, h http.Handler, path, token string) {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.Header.Set("Authorization", "Bearer "+token)
	r.RemoteAddr = "192.0.2.10:1234"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
	}
}

// measure runs the path and the reference alternately b.N times each, on one locked OS thread,
// and returns the cost per request of each: interleaved, so a busy machine slows both alike.
func measure(b *testing.B, h http.Handler, path string, ref http.Handler, refPath, token string) (got, base cost) {
	b.Helper()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	request(b, h, path, token) // warm: the first requests fill caches a running server has long filled
	request(b, ref, refPath, token)
	one := func(h http.Handler, path string, c *cost) {
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		cpu0, wall0 := testenv.ThreadCPU(), time.Now()
		request(b, h, path, token)
		c.cpu += float64(testenv.ThreadCPU() - cpu0)
		c.wall += float64(time.Since(wall0))
		runtime.ReadMemStats(&m1)
		c.allocs += float64(m1.Mallocs - m0.Mallocs)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		one(h, path, &got)
		one(ref, refPath, &base)
	}
	b.StopTimer()
	n := float64(b.N)
	return cost{got.cpu / n, got.wall / n, got.allocs / n}, cost{base.cpu / n, base.wall / n, base.allocs / n}
}

// readPathEnv is the seeded instance the benchmark reads from: the demo district on a fresh
// SQLite file, or the database TIANBAO_BENCH_DB names (a synthetic district, see
// scripts/bench.sh), opened as a second instance would.
func readPathEnv(b *testing.B) (*app.App, func(user string) string) {
	b.Helper()
	if dsn := os.Getenv("TIANBAO_BENCH_DB"); dsn != "" {
		cfg := config.Default()
		cfg.DB, cfg.Demo, cfg.DataDir, cfg.BcryptCost = dsn, true, b.TempDir(), 4
		cfg.JWTSecret = "bench-secret-bench-secret-bench-secret-00"
		// Request logs are formatted and dropped, as in testenv: the cost stays, the noise goes.
		a, err := app.Open(context.Background(), cfg, app.Options{Log: slog.New(slog.NewJSONHandler(io.Discard, nil))})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = a.Close() })
		return a, func(user string) string {
			t, err := a.Auth.Login(context.Background(), user, testenv.DemoPassword, "192.0.2.10")
			if err != nil {
				b.Fatalf("login %s: %v", user, err)
			}
			return t.AccessToken
		}
	}
	e := testenv.New(b, "sqlite")
	return e.App, e.Login
}

// draft is the clerk's teacher-training submission as the benchmarks open it.
type draft struct {
	ID      int64 `json:"id"`
	Version int   `json:"version"`
}

// openDraft opens the clerk's submission through the API (a draft, or the one there is).
func openDraft(b *testing.B, a *app.App, token string) draft {
	b.Helper()
	w := &testenv.Env{T: b, App: a, Kind: "sqlite"}
	r := w.Do(http.MethodPost, "/api/v1/submissions", token, map[string]any{"form": "teacher-training", "period": a.DemoPeriod()})
	if r.Status != http.StatusCreated && r.Status != http.StatusOK {
		b.Fatalf("open a submission: %d %s", r.Status, r.Body)
	}
	var d draft
	r.Decode(b, &d)
	return d
}

// BenchmarkReadPaths measures /me, GET /submissions/{id}, /tasks and the district summary
// through the real router, each alternating request by request with the reference handler, and
// reports each path's CPU time, wall time and allocations per request as multiples of the
// reference's (cpu_x_ref, wall_x_ref, allocs_x_ref); ns/op is the pair's wall time.
// Run: go test ./backend/api -run '^$' -bench ReadPaths -benchtime 2000x
func BenchmarkReadPaths(b *testing.B) {
	a, login := readPathEnv(b)
	filler, leader := login("xhzx"), login("leader")
	doc := openDraft(b, a, filler)
	ref, refPath := referenceHandler(b, a), fmt.Sprintf("/ref/%d", doc.ID)
	for _, c := range []struct{ name, path, token string }{
		{"me", "/api/v1/me", filler},
		{"submission", fmt.Sprintf("/api/v1/submissions/%d", doc.ID), filler},
		{"tasks", "/api/v1/tasks", filler},
		{"summary", "/api/v1/indicators?period=" + a.DemoPeriod(), leader},
	} {
		b.Run(c.name, func(b *testing.B) {
			got, base := measure(b, a.Echo, c.path, ref, refPath, c.token)
			b.ReportMetric(got.cpu/1e3, "cpu_us/req")
			b.ReportMetric(base.cpu/1e3, "ref_cpu_us/req")
			b.ReportMetric(got.cpu/base.cpu, "cpu_x_ref")
			b.ReportMetric(got.wall/base.wall, "wall_x_ref")
			b.ReportMetric(got.allocs, "allocs/req")
			b.ReportMetric(got.allocs/base.allocs, "allocs_x_ref")
		})
	}
}

// BenchmarkSave is a clerk's draft save (PUT /submissions/{id}) through the real router, one
// after another on one thread, each changing the amount: CPU time and allocations per save, for
// profiling the write path (-cpuprofile). Run: go test ./backend/api -run '^$' -bench Save -benchtime 2000x
func BenchmarkSave(b *testing.B) {
	a, login := readPathEnv(b)
	filler := login("xhzx")
	doc := openDraft(b, a, filler)
	path := fmt.Sprintf("/api/v1/submissions/%d", doc.ID)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var cpu, allocs float64
	version := doc.Version
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		body := fmt.Sprintf(`{"version":%d,"values":{"training_spend":"%d.50"}}`, version, 1000+i)
		req := httptest.NewRequest(http.MethodPut, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+filler)
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = "192.0.2.10:1234"
		rec := httptest.NewRecorder()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		cpu0 := testenv.ThreadCPU()
		a.Echo.ServeHTTP(rec, req)
		cpu += float64(testenv.ThreadCPU() - cpu0)
		runtime.ReadMemStats(&m1)
		allocs += float64(m1.Mallocs - m0.Mallocs)
		if rec.Code != http.StatusOK {
			b.Fatalf("save %d: %d %s", i, rec.Code, rec.Body)
		}
		version++
	}
	b.StopTimer()
	b.ReportMetric(cpu/float64(b.N)/1e3, "cpu_us/save")
	b.ReportMetric(allocs/float64(b.N), "allocs/save")
}
