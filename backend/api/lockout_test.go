package api_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/app"
	"github.com/tianbao-edu/tianbao/backend/testenv"
)

const wrongPassword = "Wrong@2025!"

// failTimes sends n logins with a wrong password and wants each refused with 401.
func failTimes(t *testing.T, e *testenv.Env, username string, n int) {
	t.Helper()
	for i := 1; i <= n; i++ {
		r := login(e, username, wrongPassword)
		if r.Status != http.StatusUnauthorized {
			t.Fatalf("failure %d of %d: want 401, got %d %s", i, n, r.Status, r.Body)
		}
	}
}

// wantLocked wants a 429 account_locked with a Retry-After of about secs seconds.
func wantLocked(t *testing.T, r *testenv.Response, secs int) {
	t.Helper()
	p := wantProblem(t, r, http.StatusTooManyRequests, "account_locked")
	ra, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil {
		t.Fatalf("Retry-After %q is not a number of seconds", r.Header.Get("Retry-After"))
	}
	if ra < secs-2 || ra > secs+1 {
		t.Fatalf("want Retry-After about %d s, got %d", secs, ra)
	}
	low := strings.ToLower(p.Detail + " " + p.Title)
	for _, word := range []string{"password", "username", "unknown"} {
		if strings.Contains(low, word) {
			t.Fatalf("lockout message mentions %q: %s", word, r.Body)
		}
	}
}

// TestLockout: after 5 failed logins an account is locked for 15 minutes, whatever password
// comes next; the state lives in the database.
func TestLockout(t *testing.T) {
	t.Parallel()
	scenarios := []struct {
		name string
		run  func(t *testing.T, e *testenv.Env)
	}{
		{"lockout-429-fifth-failure-locks", func(t *testing.T, e *testenv.Env) {
			failTimes(t, e, "xhzx", 4)
			wantLocked(t, login(e, "xhzx", wrongPassword), 15*60)
			// While locked even the right password is refused, with the same answer.
			wantLocked(t, login(e, "xhzx", testenv.DemoPassword), 15*60)
			e.Clock.Advance(5 * time.Minute)
			wantLocked(t, login(e, "xhzx", testenv.DemoPassword), 10*60)
		}},
		{"lockout-200-after-15-minutes", func(t *testing.T, e *testenv.Env) {
			failTimes(t, e, "xhzx", 4)
			wantLocked(t, login(e, "xhzx", wrongPassword), 15*60)
			e.Clock.Advance(15*time.Minute - 2*time.Second)
			wantLocked(t, login(e, "xhzx", testenv.DemoPassword), 2)
			e.Clock.Advance(3 * time.Second)
			p := demo(t, e, "xhzx")
			wantStatus(t, e.Do("GET", "/api/v1/orgs", p.Access, nil), 200)
			// The counter started afresh: four more failures do not lock again.
			failTimes(t, e, "xhzx", 4)
			demo(t, e, "xhzx")
		}},
		{"lockout-401-failures-reset-by-success", func(t *testing.T, e *testenv.Env) {
			failTimes(t, e, "xhzx", 4)
			demo(t, e, "xhzx")
			failTimes(t, e, "xhzx", 4)
			demo(t, e, "xhzx")
		}},
		{"lockout-401-messages-never-say-which-part", func(t *testing.T, e *testenv.Env) {
			bodies := map[string]string{}
			for name, r := range map[string]*testenv.Response{
				"wrong password":     login(e, "xhzx", wrongPassword),
				"unknown user":       login(e, "no-such-user", wrongPassword),
				"unknown user, demo": login(e, "nobody", testenv.DemoPassword),
			} {
				wantProblem(t, r, http.StatusUnauthorized, "invalid_credentials")
				bodies[name] = withoutRequestID(t, r.Body)
			}
			if bodies["wrong password"] != bodies["unknown user"] || bodies["unknown user"] != bodies["unknown user, demo"] {
				t.Fatalf("failure bodies differ: %v", bodies)
			}
		}},
		{"lockout-200-other-accounts-unaffected", func(t *testing.T, e *testenv.Env) {
			failTimes(t, e, "xhzx", 4)
			wantLocked(t, login(e, "xhzx", wrongPassword), 15*60)
			demo(t, e, "syyey")
			demo(t, e, "wlzx")
		}},
		{"lockout-429-seen-by-second-instance", func(t *testing.T, e *testenv.Env) {
			failTimes(t, e, "xhzx", 4)
			wantLocked(t, login(e, "xhzx", wrongPassword), 15*60)
			// A second replica on the same database, with its own process memory, refuses too.
			b, err := app.Open(context.Background(), e.App.Config, app.Options{
				Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), Now: e.Clock.Now})
			if err != nil {
				t.Fatalf("open second instance: %v", err)
			}
			defer b.Close()
			req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login",
				strings.NewReader(fmt.Sprintf(`{"username":"xhzx","password":%q}`, testenv.DemoPassword)))
			req.Header.Set("Content-Type", "application/json")
			req.RemoteAddr = "203.0.113.9:4000" // another client address, too
			rec := httptest.NewRecorder()
			b.Echo.ServeHTTP(rec, req)
			wantLocked(t, &testenv.Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}, 15*60)
		}},
		{"throttle-429-per-address", func(t *testing.T, e *testenv.Env) {
			// Twenty failures from one address, spread over many usernames so no account locks,
			// block the address; another address is unaffected.
			const addr = "198.51.100.7:5555"
			try := func(user, pw, from string) *testenv.Response {
				return raw(e, http.MethodPost, "/api/v1/auth/login", "application/json",
					fmt.Sprintf(`{"username":%q,"password":%q}`, user, pw), nil, from)
			}
			for i := 1; i <= 20; i++ {
				wantProblem(t, try(fmt.Sprintf("guess-%d", i), wrongPassword, addr), 401, "invalid_credentials")
			}
			r := try("xhzx", testenv.DemoPassword, addr)
			wantProblem(t, r, http.StatusTooManyRequests, "too_many_attempts")
			if r.Header.Get("Retry-After") == "" {
				t.Fatalf("429 without Retry-After")
			}
			wantStatus(t, try("xhzx", testenv.DemoPassword, "198.51.100.8:5555"), 200)
			e.Clock.Advance(15*time.Minute + time.Second)
			wantStatus(t, try("xhzx", testenv.DemoPassword, addr), 200)
		}},
	}
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		for _, s := range scenarios {
			t.Run(s.name, func(t *testing.T) {
				t.Parallel()
				s.run(t, testenv.New(t, kind))
			})
		}
	})
}

// TestMustChangePassword: outside demo mode a new account must change its password before it
// may use anything but /me and /me/password.
func TestMustChangePassword(t *testing.T) {
	t.Parallel()
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		e := testenv.New(t, kind, testenv.WithoutDemo())
		admin := demo(t, e, "admin")
		r := e.Do("POST", "/api/v1/users", admin.Access, map[string]any{"username": "13800000001", "display_name": "新填报员",
			"password": "Initial@2025!", "org_id": oid(t, e, "xhzx"), "roles": []map[string]any{{"role": "filler"}}})
		wantStatus(t, r, 201)
		if r.JSON(t)["must_change_password"] != true {
			t.Fatalf("outside demo mode a new user must change the password: %s", r.Body)
		}

		t.Run("must-change-200-login-and-me", func(t *testing.T) {
			p := loginPair(t, e, "13800000001", "Initial@2025!")
			if p.Body["user"].(map[string]any)["must_change_password"] != true {
				t.Fatalf("login response should say must_change_password: %v", p.Body["user"])
			}
			me := e.Do("GET", "/api/v1/me", p.Access, nil)
			wantStatus(t, me, 200)
			if me.JSON(t)["must_change_password"] != true {
				t.Fatalf("GET /me: %s", me.Body)
			}
		})
		t.Run("must-change-403-everything-else", func(t *testing.T) {
			p := loginPair(t, e, "13800000001", "Initial@2025!")
			for _, path := range []string{"/api/v1/orgs", "/api/v1/orgs?tree=1", fmt.Sprintf("/api/v1/orgs/%d", oid(t, e, "xhzx"))} {
				wantProblem(t, e.Do("GET", path, p.Access, nil), 403, "password_change_required")
			}
		})
		t.Run("must-change-200-after-change", func(t *testing.T) {
			p := loginPair(t, e, "13800000001", "Initial@2025!")
			np := mustPair(t, e.Do("POST", "/api/v1/me/password", p.Access, map[string]string{
				"current_password": "Initial@2025!", "new_password": "Mine@2025!abc"}))
			if np.Body["user"].(map[string]any)["must_change_password"] != false {
				t.Fatalf("flag still set after the change: %v", np.Body["user"])
			}
			lr := e.Do("GET", "/api/v1/orgs", np.Access, nil)
			wantStatus(t, lr, 200)
			if got := strs(mustItems(t, lr), "code"); fmt.Sprint(got) != "[xhzx]" {
				t.Fatalf("filler of 新华中学 sees %v", got)
			}
			wantProblem(t, e.Do("GET", "/api/v1/orgs", p.Access, nil), 401, "invalid_token")
			// The next login is not asked to change again.
			again := loginPair(t, e, "13800000001", "Mine@2025!abc")
			if again.Body["user"].(map[string]any)["must_change_password"] != false {
				t.Fatalf("flag back after login: %v", again.Body["user"])
			}
		})
		t.Run("must-change-403-after-admin-reset", func(t *testing.T) {
			uid := createUser(t, e, admin.Access, "reset-me", "syyey", "filler")
			wantStatus(t, e.Do("POST", fmt.Sprintf("/api/v1/users/%d/reset-password", uid), admin.Access,
				map[string]string{"password": "Temporary@2025"}), 204)
			p := loginPair(t, e, "reset-me", "Temporary@2025")
			wantProblem(t, e.Do("GET", "/api/v1/orgs", p.Access, nil), 403, "password_change_required")
		})
	})
}

func mustItems(t *testing.T, r *testenv.Response) []map[string]any {
	t.Helper()
	list, _ := items(t, r)
	return list
}
