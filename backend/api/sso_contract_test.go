package api_test

import (
	"fmt"
	"net/http"
	"testing"
)

// ssoContract exercises the single sign-on routes, successes and errors, against openapi.yaml
// with the provider o configured on c's Env.
func ssoContract(t *testing.T, c *contract, o *op) {
	const v1 = "/api/v1"
	o.follow(c.Env)
	admin := c.login(t, "admin")
	wlzx := c.login(t, "wlzx")
	xhzx := c.send(t, http.MethodPost, "", v1+"/auth/login", map[string]string{"username": "xhzx", "password": "Demo@2025!"}, 200)
	xTok := fmt.Sprint(xhzx.JSON(t)["access_token"])
	xID := id(t, xhzx.JSON(t)["user"].(map[string]any), "id")
	ids := fmt.Sprintf("%s/users/%d/identities", v1, xID)

	c.get(t, "", v1+"/auth/providers", 200)
	c.send(t, http.MethodPost, "", v1+"/auth/sso/nope/start", nil, 404)

	// Linking by an administrator, and its refusals.
	c.send(t, http.MethodPost, wlzx, ids, map[string]string{"provider": "oidc", "subject": "ext-contract"}, 404)
	c.send(t, http.MethodPost, xTok, ids, map[string]string{"provider": "oidc", "subject": "ext-contract"}, 403)
	c.send(t, http.MethodPost, admin, ids, map[string]string{"provider": "nope", "subject": "ext-contract"}, 422)
	linked := c.send(t, http.MethodPost, admin, ids, map[string]string{"provider": "oidc", "subject": "ext-contract"}, 201)
	c.send(t, http.MethodPost, admin, ids, map[string]string{"provider": "oidc", "subject": "ext-other"}, 409)
	c.get(t, admin, ids, 200)
	c.get(t, wlzx, ids, 404)

	// A sign-in: start, the provider, the callback; then the state again.
	start := c.send(t, http.MethodPost, "", v1+"/auth/sso/oidc/start", nil, 200)
	state, code := authorize(t, o, fmt.Sprint(start.JSON(t)["authorize_url"]), "ext-contract")
	c.send(t, http.MethodPost, "", v1+"/auth/sso/callback", map[string]string{"state": state, "code": code}, 200)
	c.send(t, http.MethodPost, "", v1+"/auth/sso/callback", map[string]string{"state": state, "code": code}, 422)
	start = c.send(t, http.MethodPost, "", v1+"/auth/sso/oidc/start", nil, 200)
	state, code = authorize(t, o, fmt.Sprint(start.JSON(t)["authorize_url"]), "ext-stranger")
	c.send(t, http.MethodPost, "", v1+"/auth/sso/callback", map[string]string{"state": state, "code": code}, 403)

	// The user's own linking.
	syyey := c.login(t, "syyey")
	c.get(t, syyey, v1+"/me/identities", 200)
	c.bad(t, http.MethodGet, "", v1+"/me/identities", nil, "", 401)
	c.send(t, http.MethodPost, syyey, v1+"/me/identities/start", map[string]string{"provider": "nope"}, 404)
	start = c.send(t, http.MethodPost, syyey, v1+"/me/identities/start", map[string]string{"provider": "oidc"}, 200)
	state, code = authorize(t, o, fmt.Sprint(start.JSON(t)["authorize_url"]), "ext-contract-syyey")
	c.send(t, http.MethodPost, xTok, v1+"/me/identities", map[string]string{"state": state, "code": code}, 422)
	start = c.send(t, http.MethodPost, syyey, v1+"/me/identities/start", map[string]string{"provider": "oidc"}, 200)
	state, code = authorize(t, o, fmt.Sprint(start.JSON(t)["authorize_url"]), "ext-contract-syyey")
	c.send(t, http.MethodPost, syyey, v1+"/me/identities", map[string]string{"state": state, "code": code}, 201)

	// The org's sign-in policy.
	xOrg := fmt.Sprintf("%s/orgs/%d/sign-in", v1, oid(t, c.Env, "xhzx"))
	c.get(t, admin, xOrg, 200)
	c.get(t, wlzx, xOrg, 404)
	c.send(t, http.MethodPut, xTok, xOrg, map[string]bool{"sso_required": true}, 403)
	c.send(t, http.MethodPut, admin, xOrg, map[string]bool{"sso_required": true}, 200)
	c.send(t, http.MethodPost, "", v1+"/auth/login", map[string]string{"username": "xhzx", "password": "Demo@2025!"}, 403)
	c.send(t, http.MethodPut, admin, xOrg, map[string]bool{"sso_required": false}, 200)

	// Unlinking.
	one := fmt.Sprintf("%s/%d", ids, id(t, linked.JSON(t), "id"))
	c.send(t, http.MethodDelete, wlzx, one, nil, 404)
	c.send(t, http.MethodDelete, admin, one, nil, 204)
}
