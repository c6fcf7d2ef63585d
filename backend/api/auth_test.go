package api_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// TestLoginRequests covers the shapes of a login request and their answers.
func TestLoginRequests(t *testing.T) {
	t.Parallel()
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		e := testenv.New(t, kind)
		cases := []struct {
			name   string
			ctype  string // "" means application/json
			body   string
			status int
			code   string
			fields map[string]string
		}{
			{name: "login-401-wrong-password", body: `{"username":"xhzx","password":"Wrong@2025!"}`, status: 401, code: "invalid_credentials"},
			{name: "login-401-unknown-user", body: `{"username":"nobody","password":"Demo@2025!"}`, status: 401, code: "invalid_credentials"},
			{name: "login-401-wrong-case-password", body: `{"username":"xhzx","password":"demo@2025!"}`, status: 401, code: "invalid_credentials"},
			{name: "login-422-missing-fields", body: `{}`, status: 422, code: "validation",
				fields: map[string]string{"username": "required", "password": "required"}},
			{name: "login-422-missing-password", body: `{"username":"xhzx"}`, status: 422, code: "validation",
				fields: map[string]string{"password": "required"}},
			{name: "login-422-wrong-type", body: `{"username":42,"password":"x"}`, status: 422, code: "validation",
				fields: map[string]string{"username": "invalid_type"}},
			{name: "login-422-unknown-field", body: `{"username":"xhzx","password":"Demo@2025!","role":"sysadmin"}`, status: 422,
				code: "validation", fields: map[string]string{"role": "unknown_field"}},
			{name: "login-422-invalid-json", body: `{"username":`, status: 422, code: "invalid_json"},
			{name: "login-422-two-values", body: `{"username":"a","password":"b"} {}`, status: 422, code: "invalid_json"},
			{name: "login-415-text-plain", ctype: "text/plain", body: `{"username":"xhzx","password":"Demo@2025!"}`, status: 415,
				code: "unsupported_media_type"},
			{name: "login-415-form-encoded", ctype: "application/x-www-form-urlencoded", body: `username=xhzx&password=Demo%402025!`,
				status: 415, code: "unsupported_media_type"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				ct := c.ctype
				if ct == "" {
					ct = "application/json"
				}
				r := raw(e, http.MethodPost, "/api/v1/auth/login", ct, c.body, nil, "")
				p := wantProblem(t, r, c.status, c.code)
				if c.fields != nil {
					wantFields(t, p, c.fields)
				}
				if strings.Contains(string(r.Body), "access_token") {
					t.Fatalf("a refused login returned a token: %s", r.Body)
				}
			})
		}

		t.Run("login-401-same-body-for-unknown-user-and-wrong-password", func(t *testing.T) {
			a := login(e, "syyey", "Wrong@2025!")
			b := login(e, "no-such-user", "Wrong@2025!")
			wantProblem(t, a, 401, "invalid_credentials")
			wantProblem(t, b, 401, "invalid_credentials")
			if x, y := withoutRequestID(t, a.Body), withoutRequestID(t, b.Body); x != y {
				t.Fatalf("bodies differ:\nwrong password: %s\nunknown user:   %s", x, y)
			}
			for _, word := range []string{"unknown", "not found", "exist", "incorrect password", "wrong password"} {
				if strings.Contains(strings.ToLower(string(a.Body)), word) {
					t.Fatalf("failure says which part was wrong (%q): %s", word, a.Body)
				}
			}
		})

		t.Run("login-200-ok", func(t *testing.T) {
			r := login(e, "xhzx", testenv.DemoPassword)
			p := mustPair(t, r)
			m := p.Body
			if m["token_type"] != "Bearer" || m["expires_in"] != float64(900) {
				t.Fatalf("want Bearer, 900 s: %s", r.Body)
			}
			u := m["user"].(map[string]any)
			if u["username"] != "xhzx" || u["org_name"] != "新华中学" || u["must_change_password"] != false {
				t.Fatalf("unexpected user: %v", u)
			}
			roles := u["roles"].([]any)
			if len(roles) != 1 || roles[0].(map[string]any)["role"] != "filler" || roles[0].(map[string]any)["org_code"] != "xhzx" {
				t.Fatalf("unexpected roles: %v", roles)
			}
			for _, secret := range []string{"password_hash", "PasswordHash", "$2a$", "failed_logins", "token_version"} {
				if strings.Contains(string(r.Body), secret) {
					t.Fatalf("login response leaks %q: %s", secret, r.Body)
				}
			}
			me := e.Do(http.MethodGet, "/api/v1/me", p.Access, nil)
			wantStatus(t, me, 200)
			if me.JSON(t)["username"] != "xhzx" {
				t.Fatalf("GET /me: %s", me.Body)
			}
		})
	})
}

// claims returns access-token claims that the server accepts for the user, so each crafted
// token differs from a valid one only in what the case changes.
func claims(e *testenv.Env, userID int64) jwt.MapClaims {
	now := e.Clock.Now()
	return jwt.MapClaims{
		"iss": "tianbao", "aud": []string{"tianbao-api"}, "sub": strconv.FormatInt(userID, 10), "tv": 1,
		"iat": now.Unix(), "nbf": now.Add(-time.Second).Unix(), "exp": now.Add(10 * time.Minute).Unix(), "jti": "test",
	}
}

// sessionOf reads the session id from an access token's claims (not verifying it).
func sessionOf(t *testing.T, access string) string {
	t.Helper()
	var c jwt.MapClaims
	if _, _, err := jwt.NewParser().ParseUnverified(access, &c); err != nil {
		t.Fatalf("parse access token: %v", err)
	}
	sid, _ := c["sid"].(string)
	return sid
}

func sign(t *testing.T, method jwt.SigningMethod, key any, c jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, c).SignedString(key)
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	return s
}

// TestAccessTokens checks that only genuine, current tokens open the API.
func TestAccessTokens(t *testing.T) {
	t.Parallel()
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		e := testenv.New(t, kind)
		key := []byte(e.App.Config.JWTSecret)
		live := demo(t, e, "xhzx")
		uid, sid := live.UserID, sessionOf(t, live.Access)
		forge := func(mut func(jwt.MapClaims)) jwt.MapClaims {
			c := claims(e, uid)
			c["sid"] = sid
			if mut != nil {
				mut(c)
			}
			return c
		}
		cases := []struct {
			name   string
			token  func(t *testing.T) string
			header string // overrides the Authorization header when set
			status int
			code   string
		}{
			// The control: a hand-made token with the right key and claims is accepted, so every
			// refusal below is caused by the one thing the case changes.
			{name: "token-200-forged-with-right-key-control", status: 200,
				token: func(t *testing.T) string { return sign(t, jwt.SigningMethodHS256, key, forge(nil)) }},
			{name: "token-401-no-session", status: 401, code: "invalid_token",
				token: func(t *testing.T) string {
					return sign(t, jwt.SigningMethodHS256, key, forge(func(c jwt.MapClaims) { delete(c, "sid") }))
				}},
			{name: "token-401-unknown-session", status: 401, code: "invalid_token",
				token: func(t *testing.T) string {
					return sign(t, jwt.SigningMethodHS256, key, forge(func(c jwt.MapClaims) { c["sid"] = "no-such-session" }))
				}},
			{name: "token-401-other-key", status: 401, code: "invalid_token",
				token: func(t *testing.T) string {
					return sign(t, jwt.SigningMethodHS256, []byte("another-secret-another-secret-0123456"), forge(nil))
				}},
			{name: "token-401-alg-none", status: 401, code: "invalid_token",
				token: func(t *testing.T) string {
					return sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, forge(nil))
				}},
			{name: "token-401-hs512-not-allowed", status: 401, code: "invalid_token",
				token: func(t *testing.T) string { return sign(t, jwt.SigningMethodHS512, key, forge(nil)) }},
			{name: "token-401-wrong-audience", status: 401, code: "invalid_token",
				token: func(t *testing.T) string {
					return sign(t, jwt.SigningMethodHS256, key, forge(func(c jwt.MapClaims) { c["aud"] = []string{"other-api"} }))
				}},
			{name: "token-401-no-audience", status: 401, code: "invalid_token",
				token: func(t *testing.T) string {
					return sign(t, jwt.SigningMethodHS256, key, forge(func(c jwt.MapClaims) { delete(c, "aud") }))
				}},
			{name: "token-401-wrong-issuer", status: 401, code: "invalid_token",
				token: func(t *testing.T) string {
					return sign(t, jwt.SigningMethodHS256, key, forge(func(c jwt.MapClaims) { c["iss"] = "someone-else" }))
				}},
			{name: "token-401-no-exp", status: 401, code: "invalid_token",
				token: func(t *testing.T) string {
					return sign(t, jwt.SigningMethodHS256, key, forge(func(c jwt.MapClaims) { delete(c, "exp") }))
				}},
			{name: "token-401-expired-exp", status: 401, code: "invalid_token",
				token: func(t *testing.T) string {
					return sign(t, jwt.SigningMethodHS256, key, forge(func(c jwt.MapClaims) {
						c["exp"] = e.Clock.Now().Add(-time.Minute).Unix()
					}))
				}},
			{name: "token-401-stale-token-version", status: 401, code: "invalid_token",
				token: func(t *testing.T) string {
					return sign(t, jwt.SigningMethodHS256, key, forge(func(c jwt.MapClaims) { c["tv"] = 0 }))
				}},
			{name: "token-401-unknown-subject", status: 401, code: "invalid_token",
				token: func(t *testing.T) string {
					return sign(t, jwt.SigningMethodHS256, key, forge(func(c jwt.MapClaims) { c["sub"] = "999999" }))
				}},
			{name: "token-401-garbage", status: 401, code: "invalid_token",
				token: func(*testing.T) string { return "not.a.jwt" }},
			{name: "token-401-missing", status: 401, code: "missing_token",
				token: func(*testing.T) string { return "" }},
			{name: "token-401-basic-scheme", status: 401, code: "missing_token", header: "Basic eGh6eDpEZW1vQDIwMjUh"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				h := c.header
				if h == "" && c.token != nil {
					if tok := c.token(t); tok != "" {
						h = "Bearer " + tok
					}
				}
				var hdr map[string]string
				if h != "" {
					hdr = map[string]string{"Authorization": h}
				}
				for _, path := range []string{"/api/v1/me", "/api/v1/orgs"} {
					r := raw(e, http.MethodGet, path, "", "", hdr, "")
					if c.status == 200 {
						wantStatus(t, r, 200)
						continue
					}
					wantProblem(t, r, c.status, c.code)
				}
			})
		}
	})
}

// TestSessions covers refresh rotation, reuse detection, logout, expiry, password change and
// disabled accounts. Every scenario gets its own instance.
func TestSessions(t *testing.T) {
	t.Parallel()
	scenarios := []struct {
		name string
		run  func(t *testing.T, e *testenv.Env)
	}{
		{"refresh-200-rotates-pair", func(t *testing.T, e *testenv.Env) {
			p1 := demo(t, e, "xhzx")
			p2 := mustPair(t, refresh(e, p1.Refresh))
			if p2.Access == p1.Access || p2.Refresh == p1.Refresh {
				t.Fatalf("refresh did not rotate the pair")
			}
			if p2.UserID != p1.UserID {
				t.Fatalf("refresh changed the user: %d → %d", p1.UserID, p2.UserID)
			}
			wantStatus(t, e.Do("GET", "/api/v1/me", p2.Access, nil), 200)
			// The old access token stays valid until it expires: access tokens are stateless.
			wantStatus(t, e.Do("GET", "/api/v1/me", p1.Access, nil), 200)
			// The new refresh token rotates again.
			p3 := mustPair(t, refresh(e, p2.Refresh))
			wantStatus(t, e.Do("GET", "/api/v1/orgs", p3.Access, nil), 200)
		}},
		{"refresh-401-reuse-revokes-family", func(t *testing.T, e *testenv.Env) {
			p1 := demo(t, e, "xhzx")
			other := demo(t, e, "xhzx") // a second session on another device: a different family
			p2 := mustPair(t, refresh(e, p1.Refresh))
			// An attacker (or a confused client) replays the consumed token.
			wantProblem(t, refresh(e, p1.Refresh), 401, "refresh_reused")
			// The whole family is dead now, including the newest token the legitimate client holds.
			wantProblem(t, refresh(e, p2.Refresh), 401, "invalid_refresh_token")
			// The other family is untouched.
			mustPair(t, refresh(e, other.Refresh))
		}},
		{"refresh-401-reuse-after-several-rotations", func(t *testing.T, e *testenv.Env) {
			p := demo(t, e, "syyey")
			first := p.Refresh
			for i := 0; i < 3; i++ {
				p = mustPair(t, refresh(e, p.Refresh))
			}
			wantProblem(t, refresh(e, first), 401, "refresh_reused")
			wantProblem(t, refresh(e, p.Refresh), 401, "invalid_refresh_token")
		}},
		{"refresh-401-unknown-token", func(t *testing.T, e *testenv.Env) {
			wantProblem(t, refresh(e, "bm90LWEtcmVhbC10b2tlbi1ub3QtYS1yZWFsLXRva2Vu"), 401, "invalid_refresh_token")
		}},
		{"refresh-401-access-token-is-not-a-refresh-token", func(t *testing.T, e *testenv.Env) {
			p := demo(t, e, "xhzx")
			wantProblem(t, refresh(e, p.Access), 401, "invalid_refresh_token")
		}},
		{"refresh-422-missing-token", func(t *testing.T, e *testenv.Env) {
			p := wantProblem(t, e.Do("POST", "/api/v1/auth/refresh", "", map[string]string{}), 422, "validation")
			wantFields(t, p, map[string]string{"refresh_token": "required"})
		}},
		{"refresh-401-expired-after-ttl", func(t *testing.T, e *testenv.Env) {
			p := demo(t, e, "xhzx")
			e.Clock.Advance(e.App.Config.RefreshTTL + time.Minute)
			wantProblem(t, refresh(e, p.Refresh), 401, "invalid_refresh_token")
		}},
		{"logout-204-revokes-session", func(t *testing.T, e *testenv.Env) {
			p1 := demo(t, e, "xhzx")
			p2 := mustPair(t, refresh(e, p1.Refresh))
			wantStatus(t, e.Do("POST", "/api/v1/auth/logout", "", map[string]string{"refresh_token": p2.Refresh}), 204)
			wantProblem(t, refresh(e, p2.Refresh), 401, "invalid_refresh_token")
			// Logging out twice, or with an unknown token, is harmless.
			wantStatus(t, e.Do("POST", "/api/v1/auth/logout", "", map[string]string{"refresh_token": p2.Refresh}), 204)
			wantStatus(t, e.Do("POST", "/api/v1/auth/logout", "", map[string]string{"refresh_token": "unknown"}), 204)
		}},
		{"logout-204-other-sessions-survive", func(t *testing.T, e *testenv.Env) {
			a := demo(t, e, "xhzx")
			b := demo(t, e, "xhzx")
			wantStatus(t, e.Do("POST", "/api/v1/auth/logout", "", map[string]string{"refresh_token": a.Refresh}), 204)
			wantProblem(t, refresh(e, a.Refresh), 401, "invalid_refresh_token")
			mustPair(t, refresh(e, b.Refresh))
		}},
		{"access-401-expired-after-15-minutes", func(t *testing.T, e *testenv.Env) {
			p := demo(t, e, "xhzx")
			e.Clock.Advance(14 * time.Minute)
			wantStatus(t, e.Do("GET", "/api/v1/me", p.Access, nil), 200)
			e.Clock.Advance(time.Minute + 10*time.Second) // past exp and the 5 s leeway
			wantProblem(t, e.Do("GET", "/api/v1/me", p.Access, nil), 401, "invalid_token")
			wantProblem(t, e.Do("GET", "/api/v1/orgs", p.Access, nil), 401, "invalid_token")
			// The refresh token still works and gives a fresh access token.
			np := mustPair(t, refresh(e, p.Refresh))
			wantStatus(t, e.Do("GET", "/api/v1/me", np.Access, nil), 200)
		}},
		{"password-change-401-old-token", func(t *testing.T, e *testenv.Env) {
			p := demo(t, e, "xhzx")
			other := demo(t, e, "xhzx")
			r := e.Do("POST", "/api/v1/me/password", p.Access, map[string]string{
				"current_password": testenv.DemoPassword, "new_password": "Changed@2025!x"})
			np := mustPair(t, r)
			// Every token issued before the change is dead, on this device and the others.
			wantProblem(t, e.Do("GET", "/api/v1/me", p.Access, nil), 401, "invalid_token")
			wantProblem(t, e.Do("GET", "/api/v1/me", other.Access, nil), 401, "invalid_token")
			wantProblem(t, refresh(e, p.Refresh), 401, "invalid_refresh_token")
			wantProblem(t, refresh(e, other.Refresh), 401, "invalid_refresh_token")
			// The new pair works.
			wantStatus(t, e.Do("GET", "/api/v1/me", np.Access, nil), 200)
			wantStatus(t, e.Do("GET", "/api/v1/orgs", np.Access, nil), 200)
			mustPair(t, refresh(e, np.Refresh))
			// And so does the new password, while the old one does not.
			wantProblem(t, login(e, "xhzx", testenv.DemoPassword), 401, "invalid_credentials")
			loginPair(t, e, "xhzx", "Changed@2025!x")
		}},
		{"password-change-422-bad-input", func(t *testing.T, e *testenv.Env) {
			p := demo(t, e, "xhzx")
			for _, c := range []struct {
				cur, next, field, code string
			}{
				{"Wrong@2025!", "Changed@2025!x", "current_password", "wrong_password"},
				{testenv.DemoPassword, "short", "new_password", "password_too_short"},
				{testenv.DemoPassword, testenv.DemoPassword, "new_password", "password_unchanged"},
			} {
				r := e.Do("POST", "/api/v1/me/password", p.Access, map[string]string{"current_password": c.cur, "new_password": c.next})
				pr := wantProblem(t, r, 422, "validation")
				wantFields(t, pr, map[string]string{c.field: c.code})
			}
			// Nothing changed: the token and the password still work.
			wantStatus(t, e.Do("GET", "/api/v1/me", p.Access, nil), 200)
			demo(t, e, "xhzx")
		}},
		{"password-change-401-without-token", func(t *testing.T, e *testenv.Env) {
			wantProblem(t, e.Do("POST", "/api/v1/me/password", "", map[string]string{
				"current_password": testenv.DemoPassword, "new_password": "Changed@2025!x"}), 401, "missing_token")
		}},
		{"disabled-401-token-refresh-and-login", func(t *testing.T, e *testenv.Env) {
			admin := demo(t, e, "admin")
			p := demo(t, e, "xhzx")
			r := e.Do("PATCH", fmt.Sprintf("/api/v1/users/%d", p.UserID), admin.Access, map[string]string{"status": "disabled"})
			wantStatus(t, r, 200)
			if r.JSON(t)["status"] != "disabled" {
				t.Fatalf("status not disabled: %s", r.Body)
			}
			wantProblem(t, e.Do("GET", "/api/v1/me", p.Access, nil), 401, "invalid_token")
			wantProblem(t, refresh(e, p.Refresh), 401, "invalid_refresh_token")
			// The right password of a disabled account gets the same answer as a wrong one.
			wantProblem(t, login(e, "xhzx", testenv.DemoPassword), 401, "invalid_credentials")
			// Enabling it again lets the user log in; the old token stays dead.
			wantStatus(t, e.Do("PATCH", fmt.Sprintf("/api/v1/users/%d", p.UserID), admin.Access, map[string]string{"status": "active"}), 200)
			np := demo(t, e, "xhzx")
			wantStatus(t, e.Do("GET", "/api/v1/me", np.Access, nil), 200)
			wantProblem(t, e.Do("GET", "/api/v1/me", p.Access, nil), 401, "invalid_token")
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
