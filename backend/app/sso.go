package app

import "github.com/tianbao-edu/tianbao/backend/sso"

// newSSO wires single sign-on for the configured providers (none: the login page offers only
// the password, and the sign-in routes answer that the provider is unknown).
func (a *App) newSSO() *sso.Service {
	var ps []sso.Provider
	if a.Config.OIDC.Enabled() {
		ps = append(ps, sso.NewOIDCProvider(a.Config.OIDC, a.Now))
	}
	if a.Config.DingTalk.Enabled() {
		ps = append(ps, sso.NewDingTalkProvider(a.Config.DingTalk))
	}
	if a.Config.WeCom.Enabled() {
		ps = append(ps, sso.NewWeComProvider(a.Config.WeCom, a.Now))
	}
	a.SSO = sso.NewService(sso.Deps{Store: sso.NewStore(a.DB), Providers: ps, Auth: a.Auth, Users: a.Users, Audit: a.Audit,
		Now: a.Now, StateTTL: a.Config.OIDC.StateTTL})
	return a.SSO
}
