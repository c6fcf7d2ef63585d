package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/sso"
)

// ProviderResponse is a configured sign-in provider.
type ProviderResponse struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// ProvidersResponse lists the configured sign-in providers (empty: password only).
type ProvidersResponse struct {
	Providers []ProviderResponse `json:"providers"`
}

// SSOStartResponse is where to send the browser to sign in with a provider.
type SSOStartResponse struct {
	AuthorizeURL string `json:"authorize_url"`
}

type ssoCallbackRequest struct {
	State string `json:"state"`
	Code  string `json:"code"`
}

type ssoLinkStartRequest struct {
	Provider string `json:"provider"`
	InApp    bool   `json:"in_app"`
}

type identityLinkRequest struct {
	Provider string `json:"provider"`
	Subject  string `json:"subject"`
}

// IdentityResponse is an external identity linked to a user.
type IdentityResponse struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	Provider  string    `json:"provider"`
	Subject   string    `json:"subject"`
	LinkedBy  *int64    `json:"linked_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// IdentitiesResponse lists a user's linked identities.
type IdentitiesResponse struct {
	Items []IdentityResponse `json:"items"`
}

func toIdentityResponse(i sso.Identity) IdentityResponse {
	return IdentityResponse{ID: i.ID, UserID: i.UserID, Provider: i.Provider, Subject: i.Subject, LinkedBy: i.LinkedBy, CreatedAt: i.CreatedAt}
}

func toIdentitiesResponse(is []sso.Identity) IdentitiesResponse {
	out := IdentitiesResponse{Items: make([]IdentityResponse, len(is))}
	for i, x := range is {
		out.Items[i] = toIdentityResponse(x)
	}
	return out
}

// registerSSO adds single sign-on: the public provider list and sign-in, the user's own linking
// and the administrators' linking of the users in their scope. Without a configured provider the
// list is empty and a sign-in with any provider is not found.
func (s *server) registerSSO(g *echo.Group, authn echo.MiddlewareFunc, need func(obj, act string) echo.MiddlewareFunc) {
	g.GET("/auth/providers", s.ssoProviders)
	if s.SSO == nil {
		return
	}
	g.POST("/auth/sso/:provider/start", s.ssoStart)
	g.POST("/auth/sso/callback", s.ssoCallback)
	g.GET("/me/identities", s.ownIdentities, authn)
	g.POST("/me/identities/start", s.ownLinkStart, authn)
	g.POST("/me/identities", s.ownLinkFinish, authn)
	g.GET("/users/:id/identities", s.userIdentities, authn, need("user", "read"))
	g.POST("/users/:id/identities", s.linkIdentity, authn, need("user", "write"))
	g.DELETE("/users/:id/identities/:identity", s.unlinkIdentity, authn, need("user", "write"))
	g.GET("/orgs/:id/sign-in", s.orgSignIn, authn, need("user", "read"))
	// Whose accounts may use a password is a user-management decision: the org admin makes it for his org.
	g.PUT("/orgs/:id/sign-in", s.setOrgSignIn, authn, need("user", "write"))
}

// OrgSignInResponse is an org's sign-in policy.
type OrgSignInResponse struct {
	SSORequired bool `json:"sso_required"`
}

type orgSignInRequest struct {
	SSORequired *bool `json:"sso_required"`
}

func (s *server) orgSignIn(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	req, err := s.SSO.Required(c.Request().Context(), scopeOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, OrgSignInResponse{SSORequired: req})
}

func (s *server) setOrgSignIn(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in orgSignInRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if in.SSORequired == nil {
		return errs.Invalid("sso_required", "required", "sso_required is required")
	}
	if err := s.SSO.SetRequired(c.Request().Context(), principal(c), scopeOf(c), id, *in.SSORequired); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, OrgSignInResponse{SSORequired: *in.SSORequired})
}

func (s *server) ssoProviders(c echo.Context) error {
	out := ProvidersResponse{Providers: []ProviderResponse{}}
	if s.SSO != nil {
		for _, p := range s.SSO.Providers() {
			out.Providers = append(out.Providers, ProviderResponse{ID: p.ID, Name: p.Name})
		}
	}
	return c.JSON(http.StatusOK, out)
}

func (s *server) ssoStart(c echo.Context) error {
	u, err := s.SSO.StartLogin(c.Request().Context(), c.Param("provider"), c.QueryParam("in_app") == "1")
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.JSON(http.StatusOK, SSOStartResponse{AuthorizeURL: u})
}

func (s *server) ssoCallback(c echo.Context) error {
	var in ssoCallbackRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	t, err := s.SSO.FinishLogin(c.Request().Context(), in.State, in.Code)
	if err != nil {
		s.Log.Warn("sso login refused", "remote", c.RealIP(), "err", err.Error(),
			"request_id", c.Response().Header().Get(echo.HeaderXRequestID))
		return err
	}
	return tokenJSON(c, t)
}

func (s *server) ownIdentities(c echo.Context) error {
	is, err := s.SSO.OwnIdentities(c.Request().Context(), principal(c).UserID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toIdentitiesResponse(is))
}

func (s *server) ownLinkStart(c echo.Context) error {
	var in ssoLinkStartRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u, err := s.SSO.StartLink(c.Request().Context(), principal(c).UserID, in.Provider, in.InApp)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.JSON(http.StatusOK, SSOStartResponse{AuthorizeURL: u})
}

func (s *server) ownLinkFinish(c echo.Context) error {
	var in ssoCallbackRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	id, err := s.SSO.FinishLink(c.Request().Context(), principal(c).UserID, in.State, in.Code)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toIdentityResponse(id))
}

func (s *server) userIdentities(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	is, err := s.SSO.Identities(c.Request().Context(), scopeOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toIdentitiesResponse(is))
}

func (s *server) linkIdentity(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in identityLinkRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	out, err := s.SSO.Link(c.Request().Context(), principal(c), scopeOf(c), id, in.Provider, in.Subject)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toIdentityResponse(out))
}

func (s *server) unlinkIdentity(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	identity, err := strconv.ParseInt(c.Param("identity"), 10, 64)
	if err != nil || identity <= 0 {
		return errs.ErrNotFound
	}
	if err := s.SSO.Unlink(c.Request().Context(), principal(c), scopeOf(c), id, identity); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
