package sso

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/tianbao-edu/tianbao/backend/config"
)

// The work apps' sign-ins (DingTalk, WeCom) are plain OAuth 2.0 codes exchanged server to server
// for the user's id in the organisation; there is no ID token to verify. The state is Tianbao's,
// kept server-side and used once, as for OIDC; the code is worth something only with the app's
// secret, which never leaves the server.

// getJSON sends req with client and decodes a JSON answer into out; a transport failure is
// ErrUnavailable.
func getJSON(client *http.Client, req *http.Request, out any) (int, error) {
	resp, err := client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%s %s: %w: %w", req.Method, req.URL.Path, ErrUnavailable, err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return resp.StatusCode, fmt.Errorf("%s %s: %w: %w", req.Method, req.URL.Path, ErrUnavailable, err)
	}
	if resp.StatusCode >= 500 {
		return resp.StatusCode, fmt.Errorf("%s %s: status %d: %w", req.Method, req.URL.Path, resp.StatusCode, ErrUnavailable)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return resp.StatusCode, fmt.Errorf("%s %s: status %d, not JSON: %w", req.Method, req.URL.Path, resp.StatusCode, ErrUnavailable)
	}
	return resp.StatusCode, nil
}

// WeComProvider signs in with WeCom (企业微信) for a self-built app: inside the WeCom app the
// authorization is silent (snsapi_base), in another browser a QR code is scanned. The subject is
// the member's userid in the corp.
type WeComProvider struct {
	cfg    config.WeCom
	now    func() time.Time
	client *http.Client

	mu      sync.Mutex
	token   string
	expires time.Time
}

// NewWeComProvider returns the provider cfg describes.
func NewWeComProvider(cfg config.WeCom, now func() time.Time) *WeComProvider {
	return &WeComProvider{cfg: cfg, now: now, client: &http.Client{Timeout: 10 * time.Second}}
}

// Info names the provider "wecom".
func (p *WeComProvider) Info() ProviderInfo { return ProviderInfo{ID: "wecom", Name: p.cfg.Name} }

// AuthURL implements Provider: the in-app OAuth page inside WeCom, else the QR sign-in page.
func (p *WeComProvider) AuthURL(_ context.Context, a AuthRequest) (string, error) {
	q := url.Values{}
	if a.InApp {
		q.Set("appid", p.cfg.CorpID)
		q.Set("redirect_uri", p.cfg.RedirectURL)
		q.Set("response_type", "code")
		q.Set("scope", "snsapi_base")
		q.Set("state", a.State)
		q.Set("agentid", p.cfg.AgentID)
		return strings.TrimSuffix(p.cfg.OAuthBase, "/") + "/connect/oauth2/authorize?" + q.Encode() + "#wechat_redirect", nil
	}
	q.Set("login_type", "CorpApp")
	q.Set("appid", p.cfg.CorpID)
	q.Set("agentid", p.cfg.AgentID)
	q.Set("redirect_uri", p.cfg.RedirectURL)
	q.Set("state", a.State)
	return strings.TrimSuffix(p.cfg.LoginBase, "/") + "/wwlogin/sso/login?" + q.Encode(), nil
}

// accessToken returns the app's access token, fetching a new one when the cached one is near
// its end or refresh is set.
func (p *WeComProvider) accessToken(ctx context.Context, refresh bool) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !refresh && p.token != "" && p.now().Before(p.expires) {
		return p.token, nil
	}
	q := url.Values{"corpid": {p.cfg.CorpID}, "corpsecret": {p.cfg.Secret}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(p.cfg.APIBase, "/")+"/cgi-bin/gettoken?"+q.Encode(), nil)
	if err != nil {
		return "", err
	}
	var out struct {
		ErrCode     int    `json:"errcode"`
		ErrMsg      string `json:"errmsg"`
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if _, err := getJSON(p.client, req, &out); err != nil {
		return "", fmt.Errorf("WeCom gettoken: %w", err)
	}
	if out.ErrCode != 0 || out.AccessToken == "" {
		return "", fmt.Errorf("WeCom gettoken: errcode %d %s: %w", out.ErrCode, out.ErrMsg, ErrUnavailable)
	}
	p.token = out.AccessToken
	// Renewed a little before the provider's end.
	p.expires = p.now().Add(time.Duration(out.ExpiresIn)*time.Second - 5*time.Minute)
	return p.token, nil
}

// Subject implements Provider: the code is exchanged for the member's userid.
func (p *WeComProvider) Subject(ctx context.Context, code, _, _ string) (string, error) {
	for attempt := 0; ; attempt++ {
		tok, err := p.accessToken(ctx, attempt > 0)
		if err != nil {
			return "", err
		}
		q := url.Values{"access_token": {tok}, "code": {code}}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(p.cfg.APIBase, "/")+"/cgi-bin/auth/getuserinfo?"+q.Encode(), nil)
		if err != nil {
			return "", err
		}
		var out struct {
			ErrCode int    `json:"errcode"`
			ErrMsg  string `json:"errmsg"`
			UserID  string `json:"userid"`
			OpenID  string `json:"openid"`
		}
		if _, err := getJSON(p.client, req, &out); err != nil {
			return "", fmt.Errorf("WeCom getuserinfo: %w", err)
		}
		switch {
		case out.ErrCode == 0 && out.UserID != "":
			return out.UserID, nil
		case out.ErrCode == 0:
			// Not a member of the corp (only an openid): nobody Tianbao could link.
			return "", fmt.Errorf("WeCom getuserinfo: not a member of the corp: %w", ErrNotLinked)
		case (out.ErrCode == 40014 || out.ErrCode == 42001) && attempt == 0:
			continue // the cached access token is invalid or expired: fetch another once
		default:
			return "", fmt.Errorf("WeCom getuserinfo: errcode %d %s: %w", out.ErrCode, out.ErrMsg, ErrCode)
		}
	}
}

// DingTalkProvider signs in with DingTalk (钉钉) OAuth 2.0 for an internal app: the same page
// works inside the DingTalk app (one tap) and elsewhere (QR code). The subject is the user's
// unionId, or the mobile number when configured so (for accounts linked by phone in advance).
type DingTalkProvider struct {
	cfg    config.DingTalk
	client *http.Client
}

// NewDingTalkProvider returns the provider cfg describes.
func NewDingTalkProvider(cfg config.DingTalk) *DingTalkProvider {
	return &DingTalkProvider{cfg: cfg, client: &http.Client{Timeout: 10 * time.Second}}
}

// Info names the provider "dingtalk".
func (p *DingTalkProvider) Info() ProviderInfo { return ProviderInfo{ID: "dingtalk", Name: p.cfg.Name} }

// AuthURL implements Provider.
func (p *DingTalkProvider) AuthURL(_ context.Context, a AuthRequest) (string, error) {
	q := url.Values{}
	q.Set("redirect_uri", p.cfg.RedirectURL)
	q.Set("response_type", "code")
	q.Set("client_id", p.cfg.ClientID)
	q.Set("scope", "openid")
	q.Set("state", a.State)
	q.Set("prompt", "consent")
	return strings.TrimSuffix(p.cfg.LoginBase, "/") + "/oauth2/auth?" + q.Encode(), nil
}

// Subject implements Provider: the code is exchanged for the user's access token, which reads
// the user's own profile.
func (p *DingTalkProvider) Subject(ctx context.Context, code, _, _ string) (string, error) {
	body, _ := json.Marshal(map[string]string{"clientId": p.cfg.ClientID, "clientSecret": p.cfg.ClientSecret, "code": code,
		"grantType": "authorization_code"})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(p.cfg.APIBase, "/")+"/v1.0/oauth2/userAccessToken", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	var tok struct {
		AccessToken string `json:"accessToken"`
		Code        string `json:"code"`
		Message     string `json:"message"`
	}
	status, err := getJSON(p.client, req, &tok)
	if err != nil {
		return "", fmt.Errorf("DingTalk userAccessToken: %w", err)
	}
	if status != http.StatusOK || tok.AccessToken == "" {
		return "", fmt.Errorf("DingTalk userAccessToken: %d %s %s: %w", status, tok.Code, tok.Message, ErrCode)
	}
	req, err = http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(p.cfg.APIBase, "/")+"/v1.0/contact/users/me", nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("x-acs-dingtalk-access-token", tok.AccessToken)
	var me struct {
		UnionID string `json:"unionId"`
		Mobile  string `json:"mobile"`
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	status, err = getJSON(p.client, req, &me)
	if err != nil {
		return "", fmt.Errorf("DingTalk users/me: %w", err)
	}
	if status != http.StatusOK {
		return "", fmt.Errorf("DingTalk users/me: %d %s %s: %w", status, me.Code, me.Message, ErrToken)
	}
	sub := me.UnionID
	if p.cfg.UserField == "mobile" {
		sub = me.Mobile
	}
	if strings.TrimSpace(sub) == "" {
		return "", fmt.Errorf("DingTalk users/me has no %s: %w", p.cfg.UserField, ErrToken)
	}
	return strings.TrimSpace(sub), nil
}
