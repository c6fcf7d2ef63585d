package api_test

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/config"
	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// statuses sends n wrong-password logins for username from remote and returns their statuses.
func statuses(e *testenv.Env, username, remote string, n int) []int {
	out := make([]int, 0, n)
	for i := 0; i < n; i++ {
		r := raw(e, http.MethodPost, "/api/v1/auth/login", "application/json",
			fmt.Sprintf(`{"username":%q,"password":%q}`, username, wrongPassword), nil, remote)
		out = append(out, r.Status)
	}
	return out
}

// bearer sends GET path with a raw Authorization header.
func bearer(e *testenv.Env, path, authorization string) *testenv.Response {
	return raw(e, http.MethodGet, path, "", "", map[string]string{"Authorization": authorization}, "192.0.2.10:1234")
}

func wantNoStore(t *testing.T, r *testenv.Response) {
	t.Helper()
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Fatalf("token response without Cache-Control: no-store (got %q): %s", cc, r.Body)
	}
}

// TestAuthHardening covers issue 11, build item 4: lockout answers that do not reveal accounts,
// a throttled /me/password, sessions revoked at once, token caching, the bearer scheme, strict
// JSON, HSTS, request ids and self-resets.
func TestAuthHardening(t *testing.T) {
	t.Parallel()
	scenarios := []struct {
		name string
		opts []testenv.Option
		run  func(t *testing.T, e *testenv.Env)
	}{
		{name: "login-429-same-for-unknown-user", run: func(t *testing.T, e *testenv.Env) {
			known := statuses(e, "xhzx", "198.51.100.1:1000", 6)
			unknown := statuses(e, "no-such-user", "198.51.100.2:1000", 6)
			if fmt.Sprint(known) != fmt.Sprint(unknown) {
				t.Fatalf("a real and a made-up name answer differently: real %v, unknown %v", known, unknown)
			}
			if want := "[401 401 401 401 429 429]"; fmt.Sprint(known) != want {
				t.Fatalf("want %s, got %v", want, known)
			}
			wantLocked(t, login(e, "no-such-user", wrongPassword), 15*60)
		}},
		{name: "me-password-429-sixth-wrong-current", run: func(t *testing.T, e *testenv.Env) {
			p := demo(t, e, "xhzx")
			change := func(current string) *testenv.Response {
				return e.Do("POST", "/api/v1/me/password", p.Access, map[string]string{
					"current_password": current, "new_password": "Mine@2025!abc"})
			}
			for i := 1; i <= 5; i++ {
				wantFields(t, wantProblem(t, change(wrongPassword), 422, "validation"),
					map[string]string{"current_password": "wrong_password"})
			}
			wantLocked(t, change(wrongPassword), 15*60)
			// Locked: even the right current password is refused, and so is a login.
			wantLocked(t, change(testenv.DemoPassword), 15*60)
			wantLocked(t, login(e, "xhzx", testenv.DemoPassword), 15*60)
		}},
		{name: "me-password-200-failures-reset-by-success", run: func(t *testing.T, e *testenv.Env) {
			p := demo(t, e, "xhzx")
			for i := 1; i <= 4; i++ {
				wantStatus(t, e.Do("POST", "/api/v1/me/password", p.Access, map[string]string{
					"current_password": wrongPassword, "new_password": "Mine@2025!abc"}), 422)
			}
			np := mustPair(t, e.Do("POST", "/api/v1/me/password", p.Access, map[string]string{
				"current_password": testenv.DemoPassword, "new_password": "Mine@2025!abc"}))
			for i := 1; i <= 4; i++ {
				wantStatus(t, e.Do("POST", "/api/v1/me/password", np.Access, map[string]string{
					"current_password": wrongPassword, "new_password": "Other@2025!abc"}), 422)
			}
			loginPair(t, e, "xhzx", "Mine@2025!abc")
		}},
		{name: "logout-401-access-token-at-once", run: func(t *testing.T, e *testenv.Env) {
			p := demo(t, e, "xhzx")
			other := demo(t, e, "xhzx") // another session of the same user
			wantStatus(t, e.Do("GET", "/api/v1/me", p.Access, nil), 200)
			wantStatus(t, e.Do("POST", "/api/v1/auth/logout", "", map[string]string{"refresh_token": p.Refresh}), 204)
			wantProblem(t, e.Do("GET", "/api/v1/me", p.Access, nil), 401, "invalid_token")
			wantProblem(t, e.Do("GET", "/api/v1/orgs", p.Access, nil), 401, "invalid_token")
			wantStatus(t, e.Do("GET", "/api/v1/me", other.Access, nil), 200)
		}},
		{name: "refresh-reuse-401-access-tokens-at-once", run: func(t *testing.T, e *testenv.Env) {
			p := demo(t, e, "xhzx")
			p2 := mustPair(t, refresh(e, p.Refresh))
			// Rotation alone keeps the session: the earlier access token still works.
			wantStatus(t, e.Do("GET", "/api/v1/me", p.Access, nil), 200)
			wantStatus(t, e.Do("GET", "/api/v1/me", p2.Access, nil), 200)
			wantProblem(t, refresh(e, p.Refresh), 401, "refresh_reused")
			wantProblem(t, e.Do("GET", "/api/v1/me", p.Access, nil), 401, "invalid_token")
			wantProblem(t, e.Do("GET", "/api/v1/me", p2.Access, nil), 401, "invalid_token")
		}},
		{name: "token-no-store-on-every-token-response", run: func(t *testing.T, e *testenv.Env) {
			r := login(e, "xhzx", testenv.DemoPassword)
			wantNoStore(t, r)
			p := mustPair(t, r)
			r = refresh(e, p.Refresh)
			wantNoStore(t, r)
			p = mustPair(t, r)
			r = e.Do("POST", "/api/v1/me/password", p.Access, map[string]string{
				"current_password": testenv.DemoPassword, "new_password": "Mine@2025!abc"})
			wantNoStore(t, r)
		}},
		{name: "bearer-200-scheme-any-case", run: func(t *testing.T, e *testenv.Env) {
			p := demo(t, e, "xhzx")
			for _, scheme := range []string{"Bearer", "bearer", "BEARER", "bEaReR"} {
				wantStatus(t, bearer(e, "/api/v1/me", scheme+" "+p.Access), 200)
			}
			for _, h := range []string{"Basic " + p.Access, p.Access, "Bearer", "Bearer "} {
				wantProblem(t, bearer(e, "/api/v1/me", h), 401, "missing_token")
			}
		}},
		{name: "json-422-case-variant-key-not-admin", run: func(t *testing.T, e *testenv.Env) {
			cases := []struct{ body, field, code string }{
				{`{"username":"xhzx","Username":"admin","password":"Demo@2025!"}`, "Username", "duplicate_key"},
				{`{"Username":"admin","password":"Demo@2025!"}`, "Username", "unknown_field"},
				{`{"username":"admin","PASSWORD":"Demo@2025!"}`, "PASSWORD", "unknown_field"},
				{`{"username":"xhzx","username":"admin","password":"Demo@2025!"}`, "username", "duplicate_key"},
			}
			for _, c := range cases {
				r := raw(e, http.MethodPost, "/api/v1/auth/login", "application/json", c.body, nil, "")
				wantFields(t, wantProblem(t, r, 422, "validation"), map[string]string{c.field: c.code})
			}
		}},
		{name: "json-422-duplicate-key-nested", run: func(t *testing.T, e *testenv.Env) {
			admin := demo(t, e, "admin").Access
			body := fmt.Sprintf(`{"username":"13800000009","display_name":"x","password":"Initial@2025!","org_id":%d,`+
				`"roles":[{"role":"filler","role":"sysadmin"}]}`, oid(t, e, "xhzx"))
			wantFields(t, wantProblem(t, e.Do("POST", "/api/v1/users", admin, body), 422, "validation"),
				map[string]string{"roles[0].role": "duplicate_key"})
			body = fmt.Sprintf(`{"username":"13800000009","display_name":"x","password":"Initial@2025!","org_id":%d,`+
				`"roles":[{"Role":"sysadmin"}]}`, oid(t, e, "xhzx"))
			wantFields(t, wantProblem(t, e.Do("POST", "/api/v1/users", admin, body), 422, "validation"),
				map[string]string{"roles[0].Role": "unknown_field"})
		}},
		{name: "json-422-duplicate-key-form-import", run: func(t *testing.T, e *testenv.Env) {
			admin := demo(t, e, "admin").Access
			for _, c := range []struct{ body, field, code string }{
				{`{"code":"dup-probe","code":"other","version":1,"title":"T","period_type":"year","org_types":["senior"],` +
					`"fields":[{"key":"n","label":"N","type":"integer"}]}`, "code", "duplicate_key"},
				{`{"code":"dup-probe","version":1,"title":"T","period_type":"year","org_types":["senior"],` +
					`"fields":[{"key":"n","Key":"m","label":"N","type":"integer"}]}`, "fields[0].Key", "duplicate_key"},
			} {
				r := raw(e, http.MethodPost, "/api/v1/forms", "application/json", c.body,
					map[string]string{"Authorization": "Bearer " + admin}, "")
				wantFields(t, wantProblem(t, r, 422, "validation"), map[string]string{c.field: c.code})
			}
		}},
		{name: "hsts-only-over-tls-or-trusted-proxy",
			opts: []testenv.Option{func(c *config.Config) { c.TrustedProxies = "10.9.8.7" }},
			run: func(t *testing.T, e *testenv.Env) {
				send := func(remote, proto string, overTLS bool) http.Header {
					req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
					req.RemoteAddr = remote
					if proto != "" {
						req.Header.Set("X-Forwarded-Proto", proto)
					}
					if overTLS {
						req.TLS = &tls.ConnectionState{}
					}
					rec := httptest.NewRecorder()
					e.App.Echo.ServeHTTP(rec, req)
					return rec.Header()
				}
				for _, c := range []struct {
					name, remote, proto string
					tls, want           bool
				}{
					{"plain http", "192.0.2.10:1234", "", false, false},
					{"client claims https", "192.0.2.10:1234", "https", false, false},
					{"tls", "192.0.2.10:1234", "", true, true},
					{"trusted proxy says https", "10.9.8.7:4000", "https", false, true},
					{"trusted proxy says http", "10.9.8.7:4000", "http", false, false},
				} {
					got := send(c.remote, c.proto, c.tls).Get("Strict-Transport-Security") != ""
					if got != c.want {
						t.Errorf("%s: HSTS %v, want %v", c.name, got, c.want)
					}
				}
			}},
		{name: "request-id-capped-and-sanitised", run: func(t *testing.T, e *testenv.Env) {
			for _, c := range []struct {
				sent string
				keep bool
			}{
				{"abc-123_x.y:z", true},
				{strings.Repeat("a", 64), true},
				{strings.Repeat("a", 65), false},
				{strings.Repeat("a", 10000), false},
				{"<script>alert(1)</script>", false},
				{"id with spaces", false},
				{"一二三", false},
			} {
				r := raw(e, http.MethodGet, "/api/v1/me", "", "", map[string]string{"X-Request-ID": c.sent}, "")
				got := r.Header.Get("X-Request-ID")
				if (got == c.sent) != c.keep || got == "" || len(got) > 64 {
					t.Errorf("sent X-Request-ID %.40q (%d bytes), got %.40q (keep %v)", c.sent, len(c.sent), got, c.keep)
				}
				p := wantProblem(t, r, 401, "missing_token")
				if p.RequestID != got {
					t.Errorf("problem request_id %q, header %q", p.RequestID, got)
				}
			}
		}},
		{name: "reset-password-403-own-account", run: func(t *testing.T, e *testenv.Env) {
			for _, who := range []string{"admin", "wlzx"} {
				p := demo(t, e, who)
				r := e.Do("POST", fmt.Sprintf("/api/v1/users/%d/reset-password", p.UserID), p.Access,
					map[string]string{"password": "Hijack@2025!x"})
				wantProblem(t, r, 403, "own_password")
				// The password did not change.
				demo(t, e, who)
			}
			// Control: an admin still resets someone else's.
			admin := demo(t, e, "admin")
			wantStatus(t, e.Do("POST", fmt.Sprintf("/api/v1/users/%d/reset-password", demo(t, e, "xhzx").UserID),
				admin.Access, map[string]string{"password": "Reset@2025!abc"}), 204)
		}},
	}
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		for _, s := range scenarios {
			t.Run(s.name, func(t *testing.T) {
				t.Parallel()
				s.run(t, testenv.New(t, kind, s.opts...))
			})
		}
	})
}
