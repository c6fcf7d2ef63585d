package api_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/tianbao-edu/tianbao/backend/config"
	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// op is a real OpenID provider (mockoidc) running in the test process, with a switch that makes
// its token endpoint answer as a broken or hostile provider would.
type op struct {
	m     *mockoidc.MockOIDC
	rogue *mockoidc.Keypair // a key the provider never published

	mu   sync.Mutex
	mode string
}

func (o *op) set(mode string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.mode = mode
}

func (o *op) current() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.mode
}

// ssoProvider runs a provider in the test process and returns the option that configures an Env
// to sign in with it. Call follow with the Env once it is open.
func ssoProvider(t *testing.T) (*op, testenv.Option) {
	t.Helper()
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	rogue, err := mockoidc.RandomKeypair(2048)
	if err != nil {
		t.Fatal(err)
	}
	o := &op{m: m, rogue: rogue}
	if err := m.AddMiddleware(o.middleware); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	return o, func(c *config.Config) {
		c.OIDC.Issuer = m.Issuer()
		c.OIDC.ClientID = m.ClientID
		c.OIDC.ClientSecret = m.ClientSecret
		c.OIDC.RedirectURL = "http://tianbao.test/sso/callback"
		c.OIDC.Name = "政务平台"
	}
}

// follow sets the provider's clock to the Env's (the ID token's iat and exp follow it).
func (o *op) follow(e *testenv.Env) { o.m.FastForward(e.Clock.Now().Sub(o.m.Now())) }

// middleware rewrites the token endpoint's ID token according to the mode.
func (o *op) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mode := o.current()
		if r.URL.Path != mockoidc.TokenEndpoint || mode == "" {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		var body map[string]any
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &body) != nil {
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
			return
		}
		raw, _ := body["id_token"].(string)
		body["id_token"] = o.rewrite(raw, mode)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(body)
	})
}

func (o *op) rewrite(raw, mode string) string {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return raw
	}
	if mode == "tamper-signature" {
		sig := []byte(parts[2])
		if sig[5] == 'A' {
			sig[5] = 'B'
		} else {
			sig[5] = 'A'
		}
		return parts[0] + "." + parts[1] + "." + string(sig)
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return raw
	}
	claims := jwt.MapClaims{}
	if err := json.Unmarshal(payload, &claims); err != nil {
		return raw
	}
	key := o.m.Keypair
	now := o.m.Now()
	switch mode {
	case "wrong-audience":
		claims["aud"] = "another-client"
	case "unpublished-key":
		key = o.rogue
	case "expired":
		claims["exp"] = now.Add(-10 * time.Minute).Unix()
	case "expired-within-skew":
		claims["exp"] = now.Add(-time.Minute).Unix()
	case "wrong-nonce":
		claims["nonce"] = "not-the-nonce-of-this-sign-in"
	case "altered-subject":
		// The payload changed after signing: the signature no longer matches.
		claims["sub"] = "ext-admin"
		b, _ := json.Marshal(claims)
		return parts[0] + "." + base64.RawURLEncoding.EncodeToString(b) + "." + parts[2]
	}
	s, err := key.SignJWT(claims)
	if err != nil {
		return raw
	}
	return s
}

// ssoEnv is a demo Env whose OIDC provider is o.
func ssoEnv(t *testing.T, kind string) (*testenv.Env, *op) {
	t.Helper()
	o, withOIDC := ssoProvider(t)
	e := testenv.New(t, kind, withOIDC)
	o.follow(e)
	return e, o
}

var noRedirect = &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}}

// authorize follows an authorize_url at the provider as the browser would, signed in there as
// subject, and returns the state and code the provider sends back to the redirect address.
func authorize(t *testing.T, o *op, authorizeURL, subject string) (state, code string) {
	t.Helper()
	u, err := url.Parse(authorizeURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256" || q.Get("nonce") == "" || q.Get("state") == "" {
		t.Fatalf("authorize URL lacks PKCE S256, nonce or state: %s", authorizeURL)
	}
	o.m.QueueUser(&mockoidc.MockUser{Subject: subject, Email: subject + "@example.edu.cn"})
	resp, err := noRedirect.Get(authorizeURL)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("provider's authorize: %d", resp.StatusCode)
	}
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(back.String(), "http://tianbao.test/sso/callback?") {
		t.Fatalf("provider redirected to %s", back)
	}
	return back.Query().Get("state"), back.Query().Get("code")
}

// startLogin asks Tianbao for a sign-in and goes through the provider as subject.
func startLogin(t *testing.T, e *testenv.Env, o *op, subject string) (state, code string) {
	t.Helper()
	r := e.Do(http.MethodPost, "/api/v1/auth/sso/oidc/start", "", nil)
	wantStatus(t, r, http.StatusOK)
	return authorize(t, o, fmt.Sprint(r.JSON(t)["authorize_url"]), subject)
}

func ssoCallback(e *testenv.Env, state, code string) *testenv.Response {
	return e.Do(http.MethodPost, "/api/v1/auth/sso/callback", "", map[string]string{"state": state, "code": code})
}

// wantNoTokens fails when a response carries a token.
func wantNoTokens(t *testing.T, r *testenv.Response) {
	t.Helper()
	if bytes.Contains(r.Body, []byte("access_token")) || bytes.Contains(r.Body, []byte("refresh_token")) {
		t.Fatalf("a refused sign-in issued tokens: %s", r.Body)
	}
}

func linkAs(e *testenv.Env, token string, userID int64, subject string) *testenv.Response {
	return e.Do(http.MethodPost, fmt.Sprintf("/api/v1/users/%d/identities", userID), token,
		map[string]string{"provider": "oidc", "subject": subject})
}

func TestSSOProvidersOff(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		r := e.Do(http.MethodGet, "/api/v1/auth/providers", "", nil)
		wantStatus(t, r, http.StatusOK)
		if got := string(r.Body); !strings.Contains(got, `"providers":[]`) {
			t.Fatalf("providers without configuration: %s", got)
		}
		wantStatus(t, e.Do(http.MethodPost, "/api/v1/auth/sso/oidc/start", "", nil), http.StatusNotFound)
	})
}

func TestSSOLogin(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e, o := ssoEnv(t, kind)
		admin := e.Login("admin")
		xhzx := demo(t, e, "xhzx")
		wantStatus(t, linkAs(e, admin, xhzx.UserID, "ext-xhzx"), http.StatusCreated)

		t.Run("providers-200-lists-oidc", func(t *testing.T) {
			r := e.Do(http.MethodGet, "/api/v1/auth/providers", "", nil)
			wantStatus(t, r, http.StatusOK)
			if !strings.Contains(string(r.Body), `{"id":"oidc","name":"政务平台"}`) {
				t.Fatalf("providers: %s", r.Body)
			}
		})
		t.Run("start-404-unknown-provider", func(t *testing.T) {
			wantProblem(t, e.Do(http.MethodPost, "/api/v1/auth/sso/wecom/start", "", nil), http.StatusNotFound, "sso_provider_unknown")
		})

		var state, code string
		t.Run("callback-200-linked-identity", func(t *testing.T) {
			state, code = startLogin(t, e, o, "ext-xhzx")
			p := mustPair(t, ssoCallback(e, state, code))
			if p.UserID != xhzx.UserID {
				t.Fatalf("signed in as user %d, want xhzx %d", p.UserID, xhzx.UserID)
			}
			me := e.Do(http.MethodGet, "/api/v1/me", p.Access, nil)
			wantStatus(t, me, http.StatusOK)
			if me.JSON(t)["username"] != "xhzx" {
				t.Fatalf("me: %s", me.Body)
			}
			// An ordinary session: it refreshes, and logging out revokes it.
			p2 := mustPair(t, refresh(e, p.Refresh))
			wantStatus(t, e.Do(http.MethodPost, "/api/v1/auth/logout", "", map[string]string{"refresh_token": p2.Refresh}), http.StatusNoContent)
			wantProblem(t, refresh(e, p2.Refresh), http.StatusUnauthorized, "invalid_refresh_token")
			var n int64
			if err := e.App.DB.Table("audit_log").Where("action = ? AND actor_id = ? AND detail LIKE ?", "login.success", xhzx.UserID, `%"method":"sso"%`).
				Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Fatalf("want one login.success audit row with method sso, got %d", n)
			}
		})
		t.Run("callback-422-replayed-state", func(t *testing.T) {
			r := ssoCallback(e, state, code)
			wantProblem(t, r, http.StatusUnprocessableEntity, "sso_state_invalid")
			wantNoTokens(t, r)
		})
		t.Run("callback-422-unknown-state", func(t *testing.T) {
			_, code := startLogin(t, e, o, "ext-xhzx")
			r := ssoCallback(e, "made-up-state", code)
			wantProblem(t, r, http.StatusUnprocessableEntity, "sso_state_invalid")
			wantNoTokens(t, r)
		})
		t.Run("callback-422-expired-state", func(t *testing.T) {
			state, code := startLogin(t, e, o, "ext-xhzx")
			e.Clock.Advance(11 * time.Minute)
			o.m.FastForward(11 * time.Minute)
			r := ssoCallback(e, state, code)
			wantProblem(t, r, http.StatusUnprocessableEntity, "sso_state_invalid")
			wantNoTokens(t, r)
		})
		t.Run("callback-422-missing-fields", func(t *testing.T) {
			p := wantProblem(t, ssoCallback(e, "", ""), http.StatusUnprocessableEntity, "validation")
			wantFields(t, p, map[string]string{"state": "required", "code": "required"})
		})
		t.Run("callback-403-unlinked-identity", func(t *testing.T) {
			state, code := startLogin(t, e, o, "ext-stranger")
			r := ssoCallback(e, state, code)
			wantProblem(t, r, http.StatusForbidden, "sso_not_linked")
			wantNoTokens(t, r)
			var n int64
			if err := e.App.DB.Table("users").Where("username LIKE ?", "%stranger%").Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Fatal("an unknown identity created an account")
			}
		})
		for _, tc := range []struct{ name, mode string }{
			{"callback-401-tampered-signature", "tamper-signature"},
			{"callback-401-altered-claims", "altered-subject"},
			{"callback-401-wrong-audience", "wrong-audience"},
			{"callback-401-key-not-in-provider-key-set", "unpublished-key"},
			{"callback-401-expired-id-token", "expired"},
			{"callback-401-wrong-nonce", "wrong-nonce"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				state, code := startLogin(t, e, o, "ext-xhzx")
				o.set(tc.mode)
				defer o.set("")
				r := ssoCallback(e, state, code)
				wantProblem(t, r, http.StatusUnauthorized, "sso_token_invalid")
				wantNoTokens(t, r)
			})
		}
		t.Run("callback-200-expired-within-clock-skew", func(t *testing.T) {
			state, code := startLogin(t, e, o, "ext-xhzx")
			o.set("expired-within-skew")
			defer o.set("")
			mustPair(t, ssoCallback(e, state, code))
		})
		t.Run("callback-401-code-reused-with-fresh-state", func(t *testing.T) {
			_, code := startLogin(t, e, o, "ext-xhzx")
			state2, code2 := startLogin(t, e, o, "ext-xhzx")
			mustPair(t, ssoCallback(e, state2, code2))
			state3, _ := startLogin(t, e, o, "ext-xhzx")
			// A code issued for another sign-in (another PKCE challenge) is refused by the provider.
			r := ssoCallback(e, state3, code)
			wantProblem(t, r, http.StatusUnauthorized, "sso_code_invalid")
			wantNoTokens(t, r)
		})
		t.Run("callback-403-disabled-account", func(t *testing.T) {
			czj := demo(t, e, "czj")
			wantStatus(t, linkAs(e, admin, czj.UserID, "ext-czj"), http.StatusCreated)
			wantStatus(t, e.Do(http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", czj.UserID), admin, map[string]string{"status": "disabled"}), http.StatusOK)
			state, code := startLogin(t, e, o, "ext-czj")
			r := ssoCallback(e, state, code)
			wantProblem(t, r, http.StatusForbidden, "account_disabled")
			wantNoTokens(t, r)
		})
		t.Run("callback-429-locked-account", func(t *testing.T) {
			for range 5 {
				login(e, "xhzx", "wrong-password")
			}
			state, code := startLogin(t, e, o, "ext-xhzx")
			r := ssoCallback(e, state, code)
			wantProblem(t, r, http.StatusTooManyRequests, "account_locked")
			wantNoTokens(t, r)
		})
	})
}

func TestSSOLinking(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e, o := ssoEnv(t, kind)
		admin := e.Login("admin")
		wlzx := e.Login("wlzx") // org_admin of 武陵中学
		xhzx := demo(t, e, "xhzx")
		syyey := demo(t, e, "syyey")
		teacher := createUser(t, e, admin, "wlzx_teacher", "wlzx", "filler")
		path := func(id int64) string { return fmt.Sprintf("/api/v1/users/%d/identities", id) }

		t.Run("link-404-org-admin-other-org", func(t *testing.T) {
			wantStatus(t, linkAs(e, wlzx, xhzx.UserID, "ext-steal"), http.StatusNotFound)
			wantStatus(t, e.Do(http.MethodGet, path(xhzx.UserID), wlzx, nil), http.StatusNotFound)
		})
		t.Run("link-403-without-user-write", func(t *testing.T) {
			wantStatus(t, linkAs(e, xhzx.Access, xhzx.UserID, "ext-self-by-admin-api"), http.StatusForbidden)
			wantStatus(t, linkAs(e, xhzx.Access, syyey.UserID, "ext-other"), http.StatusForbidden)
			wantStatus(t, e.Do(http.MethodGet, path(syyey.UserID), xhzx.Access, nil), http.StatusForbidden)
		})
		var linked int64
		t.Run("link-201-org-admin-own-org", func(t *testing.T) {
			r := linkAs(e, wlzx, teacher, "13800000001")
			wantStatus(t, r, http.StatusCreated)
			linked = id(t, r.JSON(t), "id")
			list := e.Do(http.MethodGet, path(teacher), wlzx, nil)
			wantStatus(t, list, http.StatusOK)
			if !strings.Contains(string(list.Body), `"subject":"13800000001"`) {
				t.Fatalf("identities: %s", list.Body)
			}
			var n int64
			if err := e.App.DB.Table("audit_log").Where("action = ? AND object_id = ?", "identity.link", fmt.Sprint(teacher)).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Fatalf("want one identity.link audit row, got %d", n)
			}
		})
		t.Run("link-409-identity-taken", func(t *testing.T) {
			wantProblem(t, linkAs(e, admin, xhzx.UserID, "13800000001"), http.StatusConflict, "sso_identity_taken")
		})
		t.Run("link-409-user-already-linked", func(t *testing.T) {
			wantProblem(t, linkAs(e, admin, teacher, "13800000002"), http.StatusConflict, "sso_already_linked")
		})
		t.Run("link-422-bad-input", func(t *testing.T) {
			r := e.Do(http.MethodPost, path(syyey.UserID), admin, map[string]string{"provider": "nope", "subject": " "})
			p := wantProblem(t, r, http.StatusUnprocessableEntity, "validation")
			wantFields(t, p, map[string]string{"provider": "unknown", "subject": "required"})
		})
		t.Run("unlink-404-org-admin-other-org", func(t *testing.T) {
			wantStatus(t, linkAs(e, admin, xhzx.UserID, "ext-xhzx"), http.StatusCreated)
			list := e.Do(http.MethodGet, path(xhzx.UserID), admin, nil)
			items, _ := items(t, list)
			xid := id(t, items[0], "id")
			wantStatus(t, e.Do(http.MethodDelete, fmt.Sprintf("%s/%d", path(xhzx.UserID), xid), wlzx, nil), http.StatusNotFound)
			// Another user's identity id under a user the caller may manage is not found either.
			wantStatus(t, e.Do(http.MethodDelete, fmt.Sprintf("%s/%d", path(teacher), xid), wlzx, nil), http.StatusNotFound)
			state, code := startLogin(t, e, o, "ext-xhzx")
			mustPair(t, ssoCallback(e, state, code))
		})
		t.Run("unlink-204-then-login-403", func(t *testing.T) {
			wantStatus(t, e.Do(http.MethodDelete, fmt.Sprintf("%s/%d", path(teacher), linked), wlzx, nil), http.StatusNoContent)
			state, code := startLogin(t, e, o, "13800000001")
			wantProblem(t, ssoCallback(e, state, code), http.StatusForbidden, "sso_not_linked")
		})

		selfStart := func(t *testing.T, token string) (string, string) {
			t.Helper()
			r := e.Do(http.MethodPost, "/api/v1/me/identities/start", token, map[string]string{"provider": "oidc"})
			wantStatus(t, r, http.StatusOK)
			return authorize(t, o, fmt.Sprint(r.JSON(t)["authorize_url"]), "ext-syyey")
		}
		t.Run("self-link-422-state-of-another-user", func(t *testing.T) {
			state, code := selfStart(t, xhzx.Access)
			r := e.Do(http.MethodPost, "/api/v1/me/identities", syyey.Access, map[string]string{"state": state, "code": code})
			wantProblem(t, r, http.StatusUnprocessableEntity, "sso_state_invalid")
		})
		t.Run("self-link-422-login-state", func(t *testing.T) {
			state, code := startLogin(t, e, o, "ext-syyey")
			r := e.Do(http.MethodPost, "/api/v1/me/identities", syyey.Access, map[string]string{"state": state, "code": code})
			wantProblem(t, r, http.StatusUnprocessableEntity, "sso_state_invalid")
		})
		t.Run("self-link-201-then-login", func(t *testing.T) {
			state, code := selfStart(t, syyey.Access)
			r := e.Do(http.MethodPost, "/api/v1/me/identities", syyey.Access, map[string]string{"state": state, "code": code})
			wantStatus(t, r, http.StatusCreated)
			if r.JSON(t)["subject"] != "ext-syyey" {
				t.Fatalf("linked: %s", r.Body)
			}
			mine := e.Do(http.MethodGet, "/api/v1/me/identities", syyey.Access, nil)
			wantStatus(t, mine, http.StatusOK)
			if !strings.Contains(string(mine.Body), "ext-syyey") {
				t.Fatalf("own identities: %s", mine.Body)
			}
			state, code = startLogin(t, e, o, "ext-syyey")
			p := mustPair(t, ssoCallback(e, state, code))
			if p.UserID != syyey.UserID {
				t.Fatalf("signed in as %d, want syyey %d", p.UserID, syyey.UserID)
			}
		})
		t.Run("self-link-409-second-time", func(t *testing.T) {
			state, code := selfStart(t, syyey.Access)
			r := e.Do(http.MethodPost, "/api/v1/me/identities", syyey.Access, map[string]string{"state": state, "code": code})
			wantProblem(t, r, http.StatusConflict, "sso_already_linked")
		})
		t.Run("self-link-401-anonymous", func(t *testing.T) {
			wantStatus(t, e.Do(http.MethodPost, "/api/v1/me/identities/start", "", map[string]string{"provider": "oidc"}), http.StatusUnauthorized)
		})
	})
}

func TestSSORequiredForOrg(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e, o := ssoEnv(t, kind)
		admin := e.Login("admin")
		wlzx := e.Login("wlzx")
		xhzx := demo(t, e, "xhzx")
		teacher := createUser(t, e, admin, "wlzx_teacher2", "wlzx", "filler")
		wantStatus(t, linkAs(e, admin, teacher, "ext-teacher2"), http.StatusCreated)
		policy := func(org string) string { return fmt.Sprintf("/api/v1/orgs/%d/sign-in", oid(t, e, org)) }
		on := map[string]bool{"sso_required": true}

		t.Run("sso-required-404-org-admin-other-org", func(t *testing.T) {
			wantStatus(t, e.Do(http.MethodPut, policy("xhzx"), wlzx, on), http.StatusNotFound)
			wantStatus(t, e.Do(http.MethodGet, policy("xhzx"), wlzx, nil), http.StatusNotFound)
			mustPair(t, login(e, "xhzx", testenv.DemoPassword))
		})
		t.Run("sso-required-403-without-user-write", func(t *testing.T) {
			wantStatus(t, e.Do(http.MethodPut, policy("xhzx"), xhzx.Access, on), http.StatusForbidden)
		})
		t.Run("sso-required-422-missing-field", func(t *testing.T) {
			p := wantProblem(t, e.Do(http.MethodPut, policy("wlzx"), wlzx, map[string]any{}), http.StatusUnprocessableEntity, "validation")
			wantFields(t, p, map[string]string{"sso_required": "required"})
		})
		t.Run("sso-required-200-password-refused-sso-works", func(t *testing.T) {
			mustPair(t, login(e, "wlzx_teacher2", "Fixture@2025!"))
			r := e.Do(http.MethodPut, policy("wlzx"), wlzx, on)
			wantStatus(t, r, http.StatusOK)
			g := e.Do(http.MethodGet, policy("wlzx"), wlzx, nil)
			wantStatus(t, g, http.StatusOK)
			if g.JSON(t)["sso_required"] != true {
				t.Fatalf("policy: %s", g.Body)
			}
			r = login(e, "wlzx_teacher2", "Fixture@2025!")
			wantProblem(t, r, http.StatusForbidden, "sso_required")
			wantNoTokens(t, r)
			// Another org's accounts are untouched.
			mustPair(t, login(e, "xhzx", testenv.DemoPassword))
			state, code := startLogin(t, e, o, "ext-teacher2")
			if p := mustPair(t, ssoCallback(e, state, code)); p.UserID != teacher {
				t.Fatalf("signed in as %d, want %d", p.UserID, teacher)
			}
			var n int64
			if err := e.App.DB.Table("audit_log").Where("action = ? AND object_id = ?", "org.sso_required", fmt.Sprint(oid(t, e, "wlzx"))).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Fatalf("want one org.sso_required audit row, got %d", n)
			}
		})
		t.Run("sso-required-lifted-password-works", func(t *testing.T) {
			wantStatus(t, e.Do(http.MethodPut, policy("wlzx"), admin, map[string]bool{"sso_required": false}), http.StatusOK)
			mustPair(t, login(e, "wlzx_teacher2", "Fixture@2025!"))
		})
	})
}

func TestSSORequiredWithoutProvider(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		admin := e.Login("admin")
		path := fmt.Sprintf("/api/v1/orgs/%d/sign-in", oid(t, e, "xhzx"))
		wantStatus(t, e.Do(http.MethodPut, path, admin, map[string]bool{"sso_required": true}), http.StatusOK)
		// With no provider to sign in with, nobody is locked out of the password.
		mustPair(t, login(e, "xhzx", testenv.DemoPassword))
	})
}
