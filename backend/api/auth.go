package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/auth"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/user"
)

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type refreshRequest struct {
	RefreshToken string `json:"refresh_token"`
}

type passwordRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

// TokenResponse is the answer to a login, refresh or password change.
type TokenResponse struct {
	AccessToken  string       `json:"access_token"`
	RefreshToken string       `json:"refresh_token"`
	TokenType    string       `json:"token_type"`
	ExpiresIn    int          `json:"expires_in"`
	User         UserResponse `json:"user"`
}

// tokenJSON answers with a token pair that no cache may keep (RFC 6749 section 5.1).
func tokenJSON(c echo.Context, t auth.Tokens) error {
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, "no-store")
	h.Set("Pragma", "no-cache")
	return c.JSON(http.StatusOK, toTokenResponse(t))
}

func toTokenResponse(t auth.Tokens) TokenResponse {
	return TokenResponse{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, TokenType: "Bearer",
		ExpiresIn: int(t.ExpiresIn / time.Second), User: toUserResponse(t.User)}
}

func (s *server) login(c echo.Context) error {
	var in loginRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	t, err := s.Auth.Login(c.Request().Context(), in.Username, in.Password, c.RealIP())
	if err != nil {
		s.logRefusedLogin(c, in.Username, err)
		return err
	}
	return tokenJSON(c, t)
}

// logRefusedLogin writes failed and locked-out logins at warn, so an operator who logs only
// warnings still sees password guessing.
func (s *server) logRefusedLogin(c echo.Context, username string, err error) {
	var tm *errs.TooManyError
	switch {
	case errors.As(err, &tm):
		s.Log.Warn("login locked", "username", username, "remote", c.RealIP(), "code", tm.Code,
			"retry_after_s", int(tm.RetryAfter.Seconds()), "request_id", c.Response().Header().Get(echo.HeaderXRequestID))
	case errors.Is(err, errs.ErrUnauthorized):
		s.Log.Warn("login failed", "username", username, "remote", c.RealIP(),
			"request_id", c.Response().Header().Get(echo.HeaderXRequestID))
	}
}

func (s *server) refresh(c echo.Context) error {
	var in refreshRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	t, err := s.Auth.Refresh(c.Request().Context(), in.RefreshToken)
	if err != nil {
		return err
	}
	return tokenJSON(c, t)
}

func (s *server) logout(c echo.Context) error {
	var in refreshRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := s.Auth.Logout(c.Request().Context(), in.RefreshToken); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// me answers from the account authn loaded for this request: no second read.
func (s *server) me(c echo.Context) error {
	return c.JSON(http.StatusOK, toUserResponse(*signedIn(c)))
}

func (s *server) changePassword(c echo.Context) error {
	var in passwordRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	t, err := s.Auth.ChangePassword(c.Request().Context(), principal(c).UserID, in.CurrentPassword, in.NewPassword)
	if err != nil {
		return err
	}
	return tokenJSON(c, t)
}

// UserResponse is a user as the API shows it; never the hash or lockout counters.
type UserResponse struct {
	ID                 int64          `json:"id"`
	Username           string         `json:"username"`
	DisplayName        string         `json:"display_name"`
	Phone              string         `json:"phone,omitempty"`
	OrgID              int64          `json:"org_id"`
	OrgName            string         `json:"org_name"`
	Status             string         `json:"status"`
	MustChangePassword bool           `json:"must_change_password"`
	Roles              []RoleResponse `json:"roles"`
	LastLoginAt        *time.Time     `json:"last_login_at,omitempty"`
	CreatedAt          time.Time      `json:"created_at"`
}

// RoleResponse is one role held in one org.
type RoleResponse struct {
	Role    string `json:"role"`
	OrgID   int64  `json:"org_id"`
	OrgCode string `json:"org_code"`
	OrgName string `json:"org_name"`
}

func toUserResponse(u user.User) UserResponse {
	r := UserResponse{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Phone: u.Phone, OrgID: u.OrgID,
		OrgName: u.OrgName, Status: u.Status, MustChangePassword: u.MustChangePassword, Roles: []RoleResponse{},
		LastLoginAt: u.LastLoginAt, CreatedAt: u.CreatedAt}
	for _, g := range u.Roles {
		r.Roles = append(r.Roles, RoleResponse{Role: g.Role, OrgID: g.OrgID, OrgCode: g.OrgCode, OrgName: g.OrgName})
	}
	return r
}
