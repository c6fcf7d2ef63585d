package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestReplicasOnMariaDB runs two replicas on one fresh MariaDB database: A connects directly,
// B through a TCP proxy the test can cut. The subtests run in order and share the servers.
func TestReplicasOnMariaDB(t *testing.T) {
	dbAddr, dsn := freshMySQL(t)
	proxy := newProxy(t, dbAddr)
	common := func(dataDir string, dsn string) map[string]string {
		return map[string]string{"TIANBAO_DB": "mysql:" + dsn, "TIANBAO_DEMO": "1", "TIANBAO_DATA_DIR": dataDir,
			"TIANBAO_TRUSTED_PROXIES": "127.0.0.1", "TIANBAO_SHUTDOWN_TIMEOUT": "15s"}
	}
	t0 := time.Now()
	// A seeds the demo district first; B finds it seeded.
	a := start(t, "A", common(t.TempDir(), dsn))
	b := start(t, "B", common(t.TempDir(), dsnVia(t, dsn, proxy.addr)))
	t.Logf("two replicas ready in %s", time.Since(t0).Round(time.Millisecond))

	t.Run("token-from-A-accepted-by-B", func(t *testing.T) {
		tok := a.login(t, "xhzx").AccessToken
		var me struct {
			Username string `json:"username"`
		}
		b.json(t, http.MethodGet, "/api/v1/me", tok, nil, http.StatusOK, &me)
		if me.Username != "xhzx" {
			t.Fatalf("B says the token is %q's", me.Username)
		}
	})

	t.Run("role-revoked-on-A-refused-on-B-at-once", func(t *testing.T) {
		admin := a.login(t, "admin").AccessToken
		victim := b.login(t, "wlzx") // org_admin of 武陵中学: may list users
		b.json(t, http.MethodGet, "/api/v1/users", victim.AccessToken, nil, http.StatusOK, nil)

		// B holds no copy of anyone's roles (there is no policy poll): it reads the grants with the
		// user on every request, so its very next request after the revoke is refused.
		a.json(t, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", victim.User.ID), admin,
			map[string]any{"roles": []map[string]any{{"role": "filler", "org_id": 0}}}, http.StatusOK, nil)
		if st, body := b.status(http.MethodGet, "/api/v1/users", victim.AccessToken, nil); st != http.StatusForbidden {
			t.Fatalf("B's first request after the revoke on A: %d %s", st, body)
		}
		// What the filler role still allows keeps working on B.
		b.json(t, http.MethodGet, "/api/v1/tasks", victim.AccessToken, nil, http.StatusOK, nil)

		// And a grant through A counts on B at once.
		a.json(t, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", victim.User.ID), admin,
			map[string]any{"roles": []map[string]any{{"role": "org_admin", "org_id": 0}}}, http.StatusOK, nil)
		b.json(t, http.MethodGet, "/api/v1/users", victim.AccessToken, nil, http.StatusOK, nil)
	})

	t.Run("lockout-counted-across-replicas", func(t *testing.T) {
		xff := []string{"X-Forwarded-For", "198.51.100.1"}
		wrong := map[string]string{"username": "czj", "password": "wrong-password-1"}
		for i, s := range []*server{a, a, a, b} {
			if st, body := s.status(http.MethodPost, "/api/v1/auth/login", "", wrong, xff...); st != http.StatusUnauthorized {
				t.Fatalf("failure %d on %s: %d %s", i+1, s.name, st, body)
			}
		}
		if st, body := b.status(http.MethodPost, "/api/v1/auth/login", "", wrong, xff...); st != http.StatusTooManyRequests {
			t.Fatalf("fifth failure (on B) does not lock: %d %s", st, body)
		}
		right := map[string]string{"username": "czj", "password": demoPassword}
		for _, s := range []*server{a, b} {
			st, body := s.status(http.MethodPost, "/api/v1/auth/login", "", right, "X-Forwarded-For", "198.51.100.2")
			if st != http.StatusTooManyRequests || !strings.Contains(string(body), "account_locked") {
				t.Fatalf("%s lets a locked account in: %d %s", s.name, st, body)
			}
		}
	})

	t.Run("address-throttle-counted-across-replicas", func(t *testing.T) {
		xff := []string{"X-Forwarded-For", "198.51.100.7"}
		for i := range 20 {
			s := a
			if i%2 == 1 {
				s = b
			}
			body := map[string]string{"username": fmt.Sprintf("nobody%d", i), "password": "x-wrong-password"}
			if st, b := s.status(http.MethodPost, "/api/v1/auth/login", "", body, xff...); st != http.StatusUnauthorized {
				t.Fatalf("failure %d on %s: %d %s", i+1, s.name, st, b)
			}
		}
		right := map[string]string{"username": "leader", "password": demoPassword}
		for _, s := range []*server{a, b} {
			st, body := s.status(http.MethodPost, "/api/v1/auth/login", "", right, xff...)
			if st != http.StatusTooManyRequests || !strings.Contains(string(body), "too_many_attempts") {
				t.Fatalf("%s does not throttle the address after 20 failures across replicas: %d %s", s.name, st, body)
			}
		}
		// Another address is not affected.
		a.login(t, "leader", "X-Forwarded-For", "198.51.100.8")
	})

	t.Run("metrics-expose-the-named-series", func(t *testing.T) {
		_, text := b.status(http.MethodGet, "/metrics", metricsToken, nil)
		exp := string(text)
		for _, c := range []struct {
			series string
			min    float64
		}{
			{`tianbao_http_requests_total{method="POST",route="/api/v1/auth/login",status="401"}`, 2},
			{`tianbao_http_requests_total{method="GET",route="/api/v1/users",status="200"}`, 1},
			{`tianbao_http_request_duration_seconds_bucket{method="GET",route="/api/v1/users",le="+Inf"}`, 1},
			{`tianbao_http_request_duration_seconds_count{method="POST",route="/api/v1/auth/login"}`, 3},
			{`tianbao_logins_total{result="success"}`, 1},
			{`tianbao_logins_total{result="failure"}`, 2},
			{`tianbao_logins_total{result="locked"}`, 1},
			{`tianbao_lockouts_total`, 1},
			{`tianbao_submissions{status="draft"}`, 0},
			{`tianbao_submissions{status="approved"}`, 0},
			{`go_sql_max_open_connections{db_name="tianbao"}`, 1},
			{`go_sql_open_connections{db_name="tianbao"}`, 0},
			{`tianbao_http_requests_in_flight`, 0}, // the scrape is no API request (metrics.Gate serves it)
		} {
			if v := metric(exp, c.series); v < c.min {
				t.Errorf("%s = %v, want >= %v", c.series, v, c.min)
			}
		}
		if t.Failed() {
			t.Logf("exposition:\n%s", tail(exp, 6000))
		}
	})

	t.Run("sigterm-during-a-burst-of-saves", func(t *testing.T) {
		tok := b.login(t, "xhzx").AccessToken
		var doc struct {
			ID      int64 `json:"id"`
			Version int   `json:"version"`
		}
		b.json(t, http.MethodPost, "/api/v1/submissions", tok, map[string]any{"form": "teacher-training", "period": "2025"},
			http.StatusCreated, &doc)
		if doc.Version != 1 {
			t.Fatalf("a fresh draft at version %d", doc.Version)
		}
		path := fmt.Sprintf("/api/v1/submissions/%d", doc.ID)
		var ok200, conflicts, refused, other atomic.Int64
		var seq atomic.Int64
		var wg sync.WaitGroup
		firstDone := make(chan struct{})
		var once sync.Once
		for w := 0; w < 8; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				version := 1
				for {
					n := seq.Add(1)
					body := map[string]any{"version": version, "values": map[string]any{"payroll_total": fmt.Sprint(100000 + n)}}
					st, raw, err := a.do(http.MethodPut, path, tok, body)
					switch {
					case err != nil:
						refused.Add(1) // no answer: refused or closed at the connection
						return
					case st == http.StatusOK:
						ok200.Add(1)
						once.Do(func() { close(firstDone) })
						var d struct {
							Version int `json:"version"`
						}
						_ = jsonUnmarshal(raw, &d)
						version = d.Version
					case st == http.StatusConflict:
						conflicts.Add(1)
						var d struct {
							Version int `json:"version"`
						}
						st, raw, err := a.do(http.MethodGet, path, tok, nil)
						if err != nil {
							refused.Add(1)
							return
						}
						if st == http.StatusOK && jsonUnmarshal(raw, &d) == nil {
							version = d.Version
						}
					default:
						other.Add(1)
						t.Errorf("save answered %d %s", st, raw)
						return
					}
				}
			}()
		}
		select {
		case <-firstDone:
		case <-time.After(10 * time.Second):
			t.Fatal("no save succeeded within 10 s")
		}
		time.Sleep(300 * time.Millisecond)
		a.sigterm()
		signalled := time.Now()
		wg.Wait()
		if err := a.wait(20 * time.Second); err != nil {
			t.Fatalf("A exited with %v", err)
		}
		exited := time.Since(signalled)
		log := a.log.String()
		for _, want := range []string{"shutting down", "http server stopped", "database closed"} {
			if !strings.Contains(log, want) {
				t.Errorf("A's log lacks %q", want)
			}
		}

		var final struct {
			Version int `json:"version"`
			Values  map[string]any
		}
		b.json(t, http.MethodGet, path, tok, nil, http.StatusOK, &final)
		var hist struct {
			Items []struct {
				Version int    `json:"version"`
				Action  string `json:"action"`
			} `json:"items"`
		}
		b.json(t, http.MethodGet, path+"/history", tok, nil, http.StatusOK, &hist)
		saves := 0
		for i, h := range hist.Items {
			if h.Version != i+1 {
				t.Errorf("history entry %d has version %d", i, h.Version)
			}
			if h.Action == "save" {
				saves++
			}
		}
		t.Logf("burst: %d saved (200), %d conflicts (409), %d refused at the connection; A exited %s after SIGTERM",
			ok200.Load(), conflicts.Load(), refused.Load(), exited.Round(time.Millisecond))
		if other.Load() != 0 {
			t.Fatalf("%d saves got neither 2xx, 409 nor a refused connection", other.Load())
		}
		if int64(final.Version) != ok200.Load()+1 {
			t.Fatalf("stored version %d, but %d saves were acknowledged (want %d)", final.Version, ok200.Load(), ok200.Load()+1)
		}
		if int64(saves) != ok200.Load() || len(hist.Items) != final.Version {
			t.Fatalf("history has %d saves in %d entries; %d acknowledged, version %d", saves, len(hist.Items), ok200.Load(), final.Version)
		}
		if refused.Load() == 0 {
			t.Log("note: every worker finished before the listener closed")
		}
	})

	t.Run("readyz-red-while-database-unreachable-then-green", func(t *testing.T) {
		if st, _ := b.status(http.MethodGet, "/readyz", "", nil); st != http.StatusOK {
			t.Fatalf("B not ready before the cut: %d", st)
		}
		proxy.Cut()
		cut := time.Now()
		red := waitFor(t, 10*time.Second, "/readyz goes red", func() bool {
			st, _ := b.status(http.MethodGet, "/readyz", "", nil)
			return st == http.StatusServiceUnavailable
		})
		// Liveness is not readiness: an orchestrator must not restart B for a database outage.
		if st, _ := b.status(http.MethodGet, "/healthz", "", nil); st != http.StatusOK {
			t.Fatalf("/healthz %d during the outage", st)
		}
		if st, _ := b.status(http.MethodGet, "/metrics", metricsToken, nil); st != http.StatusOK {
			t.Fatalf("/metrics %d during the outage", st)
		}
		time.Sleep(time.Second)
		if st, _ := b.status(http.MethodGet, "/readyz", "", nil); st != http.StatusServiceUnavailable {
			t.Fatalf("/readyz %d while the database is still cut", st)
		}
		proxy.Restore()
		restored := time.Now()
		green := waitFor(t, 10*time.Second, "/readyz goes green again", func() bool {
			st, _ := b.status(http.MethodGet, "/readyz", "", nil)
			return st == http.StatusOK
		})
		t.Logf("database cut: /readyz red after %s; restored: green after %s (outage %s, same process)",
			red.Round(time.Millisecond), green.Round(time.Millisecond), restored.Sub(cut).Round(time.Millisecond))
		// And B serves again, on the same process.
		b.login(t, "leader")
		select {
		case <-b.done:
			t.Fatal("B exited during the outage")
		default:
		}
	})
}

// TestReplicasStartTogether: two replicas started at the same moment on an empty database
// migrate one after the other (a named lock), and both come up.
func TestReplicasStartTogether(t *testing.T) {
	_, dsn := freshMySQL(t)
	env := func() map[string]string {
		return map[string]string{"TIANBAO_DB": "mysql:" + dsn, "TIANBAO_DATA_DIR": t.TempDir()}
	}
	var wg sync.WaitGroup
	servers := make([]*server, 2)
	for i := range servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			servers[i] = startAsync(t, fmt.Sprintf("R%d", i), env())
		}()
	}
	wg.Wait()
	for _, s := range servers {
		s.waitReady(t)
	}
}
