package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/user"
)

type roleRequest struct {
	Role  string `json:"role"`
	OrgID int64  `json:"org_id"`
}

type createUserRequest struct {
	Username    string        `json:"username"`
	DisplayName string        `json:"display_name"`
	Phone       string        `json:"phone"`
	Password    string        `json:"password"`
	OrgID       int64         `json:"org_id"`
	Roles       []roleRequest `json:"roles"`
}

type patchUserRequest struct {
	DisplayName *string        `json:"display_name"`
	Phone       *string        `json:"phone"`
	Status      *string        `json:"status"`
	Roles       *[]roleRequest `json:"roles"`
}

type resetPasswordRequest struct {
	Password string `json:"password"`
}

func toRoleInputs(rs []roleRequest) []user.RoleInput {
	out := make([]user.RoleInput, len(rs))
	for i, r := range rs {
		out[i] = user.RoleInput{Role: r.Role, OrgID: r.OrgID}
	}
	return out
}

func (s *server) listUsers(c echo.Context) error {
	f := user.Filter{Query: c.QueryParam("q"), Role: c.QueryParam("role")}
	var err error
	if f.Page, err = queryInt(c, "page"); err != nil {
		return err
	}
	if f.PageSize, err = queryInt(c, "page_size"); err != nil {
		return err
	}
	if f.OrgID, err = queryID(c, "org_id"); err != nil {
		return err
	}
	us, total, err := s.Users.List(c.Request().Context(), scopeOf(c), f)
	if err != nil {
		return err
	}
	page, size := org.NormalizePage(f.Page, f.PageSize)
	items := make([]UserResponse, len(us))
	for i, u := range us {
		items[i] = toUserResponse(u)
	}
	return c.JSON(http.StatusOK, Page[UserResponse]{Items: items, Total: total, Page: page, PageSize: size})
}

func (s *server) getUser(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	u, err := s.Users.Get(c.Request().Context(), scopeOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toUserResponse(u))
}

func (s *server) createUser(c echo.Context) error {
	var in createUserRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u, err := s.Users.Create(c.Request().Context(), principal(c), scopeOf(c), user.NewUser{Username: in.Username,
		DisplayName: in.DisplayName, Phone: in.Phone, Password: in.Password, OrgID: in.OrgID, Roles: toRoleInputs(in.Roles)})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toUserResponse(u))
}

func (s *server) updateUser(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in patchUserRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	p := user.Patch{DisplayName: in.DisplayName, Phone: in.Phone, Status: in.Status}
	if in.Roles != nil {
		rs := toRoleInputs(*in.Roles)
		p.Roles = &rs
	}
	u, err := s.Users.Update(c.Request().Context(), principal(c), scopeOf(c), id, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toUserResponse(u))
}

func (s *server) resetPassword(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in resetPasswordRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	// An admin route never changes the caller's own password: that needs the current one.
	if id == principal(c).UserID {
		return errs.Coded(errs.ErrForbidden, "own_password", "change your own password with /me/password")
	}
	if err := s.Users.ResetPassword(c.Request().Context(), principal(c), scopeOf(c), id, in.Password); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
