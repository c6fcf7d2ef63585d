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
	a.SSO = sso.NewService(sso.Deps{Store: sso.NewStore(a.DB), Providers: ps, Auth: a.Auth, Users: a.Users, Orgs: a.Orgs, Audit: a.Audit,
		Now: a.Now, StateTTL: a.Config.OIDC.StateTTL})
	if len(ps) > 0 {
		// An org may require single sign-on only when there is a provider to sign in with.
		a.Auth.GatePassword(a.SSO.PasswordAllowed)
	}
	return a.SSO
}
