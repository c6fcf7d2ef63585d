package config

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestOIDCEnv(t *testing.T) {
	env := map[string]string{
		"TIANBAO_OIDC_ISSUER": "https://id.example.gov.cn", "TIANBAO_OIDC_CLIENT_ID": "tianbao",
		"TIANBAO_OIDC_CLIENT_SECRET": "s", "TIANBAO_OIDC_SCOPES": "openid, phone profile",
		"TIANBAO_OIDC_USER_CLAIM": "phone_number", "TIANBAO_OIDC_REDIRECT_URL": "https://tb.example.cn/sso/callback",
		"TIANBAO_OIDC_NAME": "渝快政", "TIANBAO_OIDC_CLOCK_SKEW": "30s", "TIANBAO_OIDC_STATE_TTL": "5m",
	}
	c, err := Load(nil, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	want := OIDC{Issuer: "https://id.example.gov.cn", ClientID: "tianbao", ClientSecret: "s", Scopes: []string{"openid", "phone", "profile"},
		UserClaim: "phone_number", RedirectURL: "https://tb.example.cn/sso/callback", Name: "渝快政", ClockSkew: 30 * time.Second, StateTTL: 5 * time.Minute}
	if !reflect.DeepEqual(c.OIDC, want) || !c.OIDC.Enabled() {
		t.Fatalf("got %+v\nwant %+v", c.OIDC, want)
	}
	for name, tc := range map[string]struct {
		env  map[string]string
		want string
	}{
		"config-oidc-needs-client-id":    {map[string]string{"TIANBAO_OIDC_ISSUER": "https://id", "TIANBAO_OIDC_REDIRECT_URL": "https://tb/cb"}, "TIANBAO_OIDC_CLIENT_ID"},
		"config-oidc-needs-redirect-url": {map[string]string{"TIANBAO_OIDC_ISSUER": "https://id", "TIANBAO_OIDC_CLIENT_ID": "x"}, "TIANBAO_OIDC_REDIRECT_URL"},
		"config-oidc-bad-skew":           {map[string]string{"TIANBAO_OIDC_CLOCK_SKEW": "soon"}, "TIANBAO_OIDC_CLOCK_SKEW"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Load(nil, func(k string) string { return tc.env[k] })
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("want an error naming %s, got %v", tc.want, err)
			}
		})
	}
	if DefaultOIDC().Enabled() {
		t.Fatal("OIDC is on by default")
	}
}
