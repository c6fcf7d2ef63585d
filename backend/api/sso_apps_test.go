package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/config"
	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// fakeWeCom speaks WeCom's server API for a self-built app: gettoken, and auth/getuserinfo that
// turns a one-time code into the member's userid (or an openid for a non-member).
type fakeWeCom struct {
	mu       sync.Mutex
	token    string
	fetches  int
	members  map[string]string // code -> userid
	outsider map[string]bool   // codes of people outside the corp
}

func (f *fakeWeCom) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := r.URL.Query()
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/cgi-bin/gettoken":
		if q.Get("corpid") != "wwcorp" || q.Get("corpsecret") != "wecom-secret" {
			_, _ = fmt.Fprint(w, `{"errcode":40001,"errmsg":"invalid credential"}`)
			return
		}
		f.fetches++
		f.token = fmt.Sprintf("wtok-%d", f.fetches)
		_, _ = fmt.Fprintf(w, `{"errcode":0,"errmsg":"ok","access_token":%q,"expires_in":7200}`, f.token)
	case "/cgi-bin/auth/getuserinfo":
		if q.Get("access_token") != f.token {
			_, _ = fmt.Fprint(w, `{"errcode":42001,"errmsg":"access_token expired"}`)
			return
		}
		code := q.Get("code")
		if uid, ok := f.members[code]; ok {
			delete(f.members, code) // a code works once
			_, _ = fmt.Fprintf(w, `{"errcode":0,"errmsg":"ok","userid":%q,"user_ticket":"t","expires_in":1800}`, uid)
			return
		}
		if f.outsider[code] {
			_, _ = fmt.Fprint(w, `{"errcode":0,"errmsg":"ok","openid":"oAAAA","external_userid":"wmAAAA"}`)
			return
		}
		_, _ = fmt.Fprint(w, `{"errcode":40029,"errmsg":"invalid code"}`)
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeWeCom) member(code, userID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.members[code] = userID
}

func (f *fakeWeCom) stranger(code string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.outsider[code] = true
}

func (f *fakeWeCom) tokenFetches() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.fetches
}

// expire makes the provider's cached access token invalid, as WeCom does after 7200 s.
func (f *fakeWeCom) expire() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.token = "rotated"
}

// fakeDingTalk speaks DingTalk's OAuth 2.0 API: userAccessToken for a code, contact/users/me for
// the user's token.
type fakeDingTalk struct {
	mu     sync.Mutex
	users  map[string][2]string // code -> unionId, mobile
	tokens map[string][2]string // access token -> unionId, mobile
}

func (f *fakeDingTalk) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v1.0/oauth2/userAccessToken":
		var in struct{ ClientID, ClientSecret, Code, GrantType string }
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.ClientID != "dingapp" || in.ClientSecret != "ding-secret" || in.GrantType != "authorization_code" {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = fmt.Fprint(w, `{"code":"invalidClient","message":"bad client"}`)
			return
		}
		u, ok := f.users[in.Code]
		if !ok {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = fmt.Fprint(w, `{"code":"invalidAuthCode","message":"the code is invalid"}`)
			return
		}
		delete(f.users, in.Code)
		tok := "dt-" + in.Code
		f.tokens[tok] = u
		_, _ = fmt.Fprintf(w, `{"accessToken":%q,"refreshToken":"r","expireIn":7200,"corpId":"dingcorp"}`, tok)
	case r.Method == http.MethodGet && r.URL.Path == "/v1.0/contact/users/me":
		u, ok := f.tokens[r.Header.Get("x-acs-dingtalk-access-token")]
		if !ok {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = fmt.Fprint(w, `{"code":"InvalidAuthentication","message":"token invalid"}`)
			return
		}
		_, _ = fmt.Fprintf(w, `{"nick":"张三","unionId":%q,"openId":"o1","mobile":%q,"stateCode":"86"}`, u[0], u[1])
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeDingTalk) user(code, unionID, mobile string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.users[code] = [2]string{unionID, mobile}
}

// appsEnv is a demo Env signing in with a local WeCom and DingTalk.
func appsEnv(t *testing.T, kind, dingField string) (*testenv.Env, *fakeWeCom, *fakeDingTalk) {
	t.Helper()
	wc := &fakeWeCom{members: map[string]string{}, outsider: map[string]bool{}}
	dt := &fakeDingTalk{users: map[string][2]string{}, tokens: map[string][2]string{}}
	wcs, dts := httptest.NewServer(wc), httptest.NewServer(dt)
	t.Cleanup(wcs.Close)
	t.Cleanup(dts.Close)
	e := testenv.New(t, kind, func(c *config.Config) {
		c.WeCom = config.DefaultWeCom()
		c.WeCom.CorpID, c.WeCom.AgentID, c.WeCom.Secret = "wwcorp", "1000002", "wecom-secret"
		c.WeCom.RedirectURL, c.WeCom.APIBase = "http://tianbao.test/sso/callback", wcs.URL
		c.DingTalk = config.DefaultDingTalk()
		c.DingTalk.ClientID, c.DingTalk.ClientSecret, c.DingTalk.UserField = "dingapp", "ding-secret", dingField
		c.DingTalk.RedirectURL, c.DingTalk.APIBase = "http://tianbao.test/sso/callback", dts.URL
	})
	return e, wc, dt
}

// appStart starts a sign-in with provider and returns the authorization URL and its state.
func appStart(t *testing.T, e *testenv.Env, provider, query string) (*url.URL, string) {
	t.Helper()
	r := e.Do(http.MethodPost, "/api/v1/auth/sso/"+provider+"/start"+query, "", nil)
	wantStatus(t, r, http.StatusOK)
	u, err := url.Parse(fmt.Sprint(r.JSON(t)["authorize_url"]))
	if err != nil {
		t.Fatal(err)
	}
	if u.Query().Get("redirect_uri") != "http://tianbao.test/sso/callback" || u.Query().Get("state") == "" {
		t.Fatalf("authorize URL lacks the redirect or state: %s", u)
	}
	return u, u.Query().Get("state")
}

func TestSSOWeCom(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e, wc, _ := appsEnv(t, kind, "unionId")
		admin := e.Login("admin")
		xhzx := demo(t, e, "xhzx")
		r := e.Do(http.MethodPost, fmt.Sprintf("/api/v1/users/%d/identities", xhzx.UserID), admin, map[string]string{"provider": "wecom", "subject": "ZhangSan"})
		wantStatus(t, r, http.StatusCreated)

		t.Run("wecom-start-qr-and-in-app-urls", func(t *testing.T) {
			u, _ := appStart(t, e, "wecom", "")
			if u.Host != "login.work.weixin.qq.com" || u.Path != "/wwlogin/sso/login" || u.Query().Get("appid") != "wwcorp" ||
				u.Query().Get("agentid") != "1000002" || u.Query().Get("login_type") != "CorpApp" {
				t.Fatalf("QR sign-in URL: %s", u)
			}
			u, _ = appStart(t, e, "wecom", "?in_app=1")
			if u.Host != "open.weixin.qq.com" || u.Path != "/connect/oauth2/authorize" || u.Query().Get("scope") != "snsapi_base" ||
				u.Fragment != "wechat_redirect" || u.Query().Get("response_type") != "code" {
				t.Fatalf("in-app URL: %s", u)
			}
		})
		t.Run("wecom-callback-200-linked-member", func(t *testing.T) {
			_, state := appStart(t, e, "wecom", "")
			wc.member("code-zs", "ZhangSan")
			p := mustPair(t, ssoCallback(e, state, "code-zs"))
			if p.UserID != xhzx.UserID {
				t.Fatalf("signed in as %d, want %d", p.UserID, xhzx.UserID)
			}
			r := ssoCallback(e, state, "code-zs")
			wantProblem(t, r, http.StatusUnprocessableEntity, "sso_state_invalid")
			wantNoTokens(t, r)
		})
		t.Run("wecom-callback-200-expired-access-token-fetched-again", func(t *testing.T) {
			before := wc.tokenFetches()
			wc.expire()
			_, state := appStart(t, e, "wecom", "")
			wc.member("code-zs2", "ZhangSan")
			mustPair(t, ssoCallback(e, state, "code-zs2"))
			if got := wc.tokenFetches(); got != before+1 {
				t.Fatalf("gettoken calls: %d, want %d", got, before+1)
			}
		})
		t.Run("wecom-callback-401-invalid-code", func(t *testing.T) {
			_, state := appStart(t, e, "wecom", "")
			r := ssoCallback(e, state, "forged")
			wantProblem(t, r, http.StatusUnauthorized, "sso_code_invalid")
			wantNoTokens(t, r)
		})
		t.Run("wecom-callback-403-not-a-member", func(t *testing.T) {
			_, state := appStart(t, e, "wecom", "")
			wc.stranger("code-out")
			r := ssoCallback(e, state, "code-out")
			wantProblem(t, r, http.StatusForbidden, "sso_not_linked")
			wantNoTokens(t, r)
		})
		t.Run("wecom-callback-403-unlinked-member", func(t *testing.T) {
			_, state := appStart(t, e, "wecom", "")
			wc.member("code-ls", "LiSi")
			r := ssoCallback(e, state, "code-ls")
			wantProblem(t, r, http.StatusForbidden, "sso_not_linked")
			wantNoTokens(t, r)
		})
	})
}

func TestSSODingTalk(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e, _, dt := appsEnv(t, kind, "mobile")
		admin := e.Login("admin")
		syyey := demo(t, e, "syyey")
		// Linked in advance by phone number (TIANBAO_DINGTALK_USER_FIELD=mobile).
		r := e.Do(http.MethodPost, fmt.Sprintf("/api/v1/users/%d/identities", syyey.UserID), admin, map[string]string{"provider": "dingtalk", "subject": "13900000009"})
		wantStatus(t, r, http.StatusCreated)

		t.Run("dingtalk-start-url", func(t *testing.T) {
			u, _ := appStart(t, e, "dingtalk", "")
			if u.Host != "login.dingtalk.com" || u.Path != "/oauth2/auth" || u.Query().Get("client_id") != "dingapp" ||
				u.Query().Get("scope") != "openid" || u.Query().Get("response_type") != "code" {
				t.Fatalf("DingTalk URL: %s", u)
			}
		})
		t.Run("dingtalk-callback-200-linked-by-mobile", func(t *testing.T) {
			_, state := appStart(t, e, "dingtalk", "")
			dt.user("dc1", "union-1", "13900000009")
			p := mustPair(t, ssoCallback(e, state, "dc1"))
			if p.UserID != syyey.UserID {
				t.Fatalf("signed in as %d, want %d", p.UserID, syyey.UserID)
			}
		})
		t.Run("dingtalk-callback-401-invalid-code", func(t *testing.T) {
			_, state := appStart(t, e, "dingtalk", "")
			r := ssoCallback(e, state, "dc-forged")
			wantProblem(t, r, http.StatusUnauthorized, "sso_code_invalid")
			wantNoTokens(t, r)
		})
		t.Run("dingtalk-callback-403-unlinked", func(t *testing.T) {
			_, state := appStart(t, e, "dingtalk", "")
			dt.user("dc2", "union-2", "13900000001")
			r := ssoCallback(e, state, "dc2")
			wantProblem(t, r, http.StatusForbidden, "sso_not_linked")
			wantNoTokens(t, r)
		})
	})
}
