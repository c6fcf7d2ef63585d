package config

import (
	"fmt"
	"strings"
	"time"
)

// OIDC configures single sign-on with an OpenID Connect provider (authorization code with
// PKCE). It is off while Issuer is empty.
type OIDC struct {
	Issuer       string        // TIANBAO_OIDC_ISSUER, the provider's issuer URL (discovery is Issuer/.well-known/openid-configuration)
	ClientID     string        // TIANBAO_OIDC_CLIENT_ID
	ClientSecret string        // TIANBAO_OIDC_CLIENT_SECRET; empty: a public client (PKCE only)
	Scopes       []string      // TIANBAO_OIDC_SCOPES, comma- or space-separated (default "openid"; openid is always asked for)
	UserClaim    string        // TIANBAO_OIDC_USER_CLAIM, the ID-token claim naming the person (default "sub")
	RedirectURL  string        // TIANBAO_OIDC_REDIRECT_URL, the SPA's callback, e.g. https://tianbao.example.edu.cn/sso/callback
	Name         string        // TIANBAO_OIDC_NAME, the button's label (default "OIDC")
	ClockSkew    time.Duration // TIANBAO_OIDC_CLOCK_SKEW, tolerated clock difference with the provider (default 2m)
	StateTTL     time.Duration // TIANBAO_OIDC_STATE_TTL, how long a started sign-in may take (default 10m)
}

// Enabled reports whether OIDC sign-in is configured.
func (o OIDC) Enabled() bool { return o.Issuer != "" }

// DefaultOIDC is the OIDC configuration when nothing is set (off).
func DefaultOIDC() OIDC {
	return OIDC{Scopes: []string{"openid"}, UserClaim: "sub", Name: "OIDC", ClockSkew: 2 * time.Minute, StateTTL: 10 * time.Minute}
}

// loadOIDC applies the TIANBAO_OIDC_* variables to o and checks that a configured provider
// has what the flow needs.
func loadOIDC(getenv func(string) string, o *OIDC) []error {
	var errs []error
	set := func(dst *string, key string) {
		if v := strings.TrimSpace(getenv(key)); v != "" {
			*dst = v
		}
	}
	dur := func(dst *time.Duration, key string) {
		if v := getenv(key); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				errs = append(errs, fmt.Errorf("%s: want a non-negative Go duration, got %q", key, v))
				return
			}
			*dst = d
		}
	}
	set(&o.Issuer, "TIANBAO_OIDC_ISSUER")
	set(&o.ClientID, "TIANBAO_OIDC_CLIENT_ID")
	set(&o.ClientSecret, "TIANBAO_OIDC_CLIENT_SECRET")
	set(&o.UserClaim, "TIANBAO_OIDC_USER_CLAIM")
	set(&o.RedirectURL, "TIANBAO_OIDC_REDIRECT_URL")
	set(&o.Name, "TIANBAO_OIDC_NAME")
	dur(&o.ClockSkew, "TIANBAO_OIDC_CLOCK_SKEW")
	dur(&o.StateTTL, "TIANBAO_OIDC_STATE_TTL")
	if v := getenv("TIANBAO_OIDC_SCOPES"); v != "" {
		o.Scopes = strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })
	}
	if o.Issuer != "" {
		if o.ClientID == "" {
			errs = append(errs, fmt.Errorf("TIANBAO_OIDC_CLIENT_ID is required with TIANBAO_OIDC_ISSUER"))
		}
		if o.RedirectURL == "" {
			errs = append(errs, fmt.Errorf("TIANBAO_OIDC_REDIRECT_URL is required with TIANBAO_OIDC_ISSUER"))
		}
		if o.StateTTL == 0 {
			errs = append(errs, fmt.Errorf("TIANBAO_OIDC_STATE_TTL must be positive"))
		}
	}
	return errs
}
