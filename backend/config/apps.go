package config

import (
	"fmt"
	"strings"
)

// WeCom configures sign-in with WeCom (企业微信) for a self-built app; off while CorpID is empty.
type WeCom struct {
	CorpID      string // TIANBAO_WECOM_CORP_ID
	AgentID     string // TIANBAO_WECOM_AGENT_ID
	Secret      string // TIANBAO_WECOM_SECRET, the app's secret
	RedirectURL string // TIANBAO_WECOM_REDIRECT_URL, the SPA's /sso/callback (its domain must be the app's trusted domain)
	Name        string // TIANBAO_WECOM_NAME, the button's label (default 企业微信)
	APIBase     string // TIANBAO_WECOM_API_BASE (default https://qyapi.weixin.qq.com)
	OAuthBase   string // TIANBAO_WECOM_OAUTH_BASE (default https://open.weixin.qq.com), the in-app authorization page
	LoginBase   string // TIANBAO_WECOM_LOGIN_BASE (default https://login.work.weixin.qq.com), the QR sign-in page
}

// Enabled reports whether WeCom sign-in is configured.
func (w WeCom) Enabled() bool { return w.CorpID != "" }

// DingTalk configures sign-in with DingTalk (钉钉) for an internal app; off while ClientID is empty.
type DingTalk struct {
	ClientID     string // TIANBAO_DINGTALK_CLIENT_ID, the app's AppKey / Client ID
	ClientSecret string // TIANBAO_DINGTALK_CLIENT_SECRET
	RedirectURL  string // TIANBAO_DINGTALK_REDIRECT_URL, the SPA's /sso/callback
	UserField    string // TIANBAO_DINGTALK_USER_FIELD: unionId (default) or mobile names the person
	Name         string // TIANBAO_DINGTALK_NAME, the button's label (default 钉钉)
	APIBase      string // TIANBAO_DINGTALK_API_BASE (default https://api.dingtalk.com)
	LoginBase    string // TIANBAO_DINGTALK_LOGIN_BASE (default https://login.dingtalk.com)
}

// Enabled reports whether DingTalk sign-in is configured.
func (d DingTalk) Enabled() bool { return d.ClientID != "" }

// DefaultWeCom is the WeCom configuration when nothing is set (off).
func DefaultWeCom() WeCom {
	return WeCom{Name: "企业微信", APIBase: "https://qyapi.weixin.qq.com", OAuthBase: "https://open.weixin.qq.com",
		LoginBase: "https://login.work.weixin.qq.com"}
}

// DefaultDingTalk is the DingTalk configuration when nothing is set (off).
func DefaultDingTalk() DingTalk {
	return DingTalk{UserField: "unionId", Name: "钉钉", APIBase: "https://api.dingtalk.com", LoginBase: "https://login.dingtalk.com"}
}

// loadApps applies the TIANBAO_WECOM_* and TIANBAO_DINGTALK_* variables.
func loadApps(getenv func(string) string, w *WeCom, d *DingTalk) []error {
	var errs []error
	set := func(dst *string, key string) {
		if v := strings.TrimSpace(getenv(key)); v != "" {
			*dst = v
		}
	}
	set(&w.CorpID, "TIANBAO_WECOM_CORP_ID")
	set(&w.AgentID, "TIANBAO_WECOM_AGENT_ID")
	set(&w.Secret, "TIANBAO_WECOM_SECRET")
	set(&w.RedirectURL, "TIANBAO_WECOM_REDIRECT_URL")
	set(&w.Name, "TIANBAO_WECOM_NAME")
	set(&w.APIBase, "TIANBAO_WECOM_API_BASE")
	set(&w.OAuthBase, "TIANBAO_WECOM_OAUTH_BASE")
	set(&w.LoginBase, "TIANBAO_WECOM_LOGIN_BASE")
	if w.Enabled() && (w.AgentID == "" || w.Secret == "" || w.RedirectURL == "") {
		errs = append(errs, fmt.Errorf("TIANBAO_WECOM_CORP_ID needs TIANBAO_WECOM_AGENT_ID, TIANBAO_WECOM_SECRET and TIANBAO_WECOM_REDIRECT_URL"))
	}
	set(&d.ClientID, "TIANBAO_DINGTALK_CLIENT_ID")
	set(&d.ClientSecret, "TIANBAO_DINGTALK_CLIENT_SECRET")
	set(&d.RedirectURL, "TIANBAO_DINGTALK_REDIRECT_URL")
	set(&d.UserField, "TIANBAO_DINGTALK_USER_FIELD")
	set(&d.Name, "TIANBAO_DINGTALK_NAME")
	set(&d.APIBase, "TIANBAO_DINGTALK_API_BASE")
	set(&d.LoginBase, "TIANBAO_DINGTALK_LOGIN_BASE")
	if d.Enabled() && (d.ClientSecret == "" || d.RedirectURL == "") {
		errs = append(errs, fmt.Errorf("TIANBAO_DINGTALK_CLIENT_ID needs TIANBAO_DINGTALK_CLIENT_SECRET and TIANBAO_DINGTALK_REDIRECT_URL"))
	}
	if d.UserField != "unionId" && d.UserField != "mobile" {
		errs = append(errs, fmt.Errorf("TIANBAO_DINGTALK_USER_FIELD: want unionId or mobile, got %q", d.UserField))
	}
	return errs
}
