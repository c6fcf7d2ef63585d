package user

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tianbao-edu/tianbao/backend/audit"
	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// Service manages accounts and the roles they hold; the next request of the account sees a
// role change on every replica, as the grants are read with the user.
type Service struct {
	store    *Store
	orgs     *org.Service
	enforcer *authz.Enforcer
	audit    *audit.Log
	hasher   Hasher
	now      func() time.Time
	// RequireChange makes new and reset passwords one-time (outside demo mode).
	requireChange bool

	dummyOnce sync.Once
	dummy     string
}

// Deps are what Service needs.
type Deps struct {
	Store         *Store
	Orgs          *org.Service
	Enforcer      *authz.Enforcer
	Audit         *audit.Log
	Hasher        Hasher
	Now           func() time.Time
	RequireChange bool
}

// NewService wires a Service.
func NewService(d Deps) *Service {
	return &Service{store: d.Store, orgs: d.Orgs, enforcer: d.Enforcer, audit: d.Audit, hasher: d.Hasher,
		now: d.Now, requireChange: d.RequireChange}
}

var usernameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$`)

// roleRank orders roles for "never grant above your own".
var roleRank = map[string]int{authz.RoleFiller: 1, authz.RoleOrgAdmin: 2, authz.RoleReviewer: 3, authz.RoleLeader: 3, authz.RoleSysadmin: 4}

// canGrant reports whether the actor may give role at the org (id, path): it needs a grant that
// covers the org, allows user writes there, and is at least as high as role; an org_admin's
// grant covers its own org only.
func (s *Service) canGrant(actor *authz.Principal, role string, orgID int64, orgPath string) (bool, error) {
	for _, g := range actor.Grants {
		if !strings.HasPrefix(orgPath, g.OrgPath) || roleRank[g.Role] < roleRank[role] {
			continue
		}
		if g.Role == authz.RoleOrgAdmin && g.OrgID != orgID {
			continue
		}
		ok, err := s.enforcer.Allows(actor, orgPath, "user", "write")
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// manageable returns the scope of orgs whose users actor may manage: a sysadmin's subtree, an
// org_admin's own org.
func manageable(actor *authz.Principal, writeScope scope.Scope) func(orgID int64, path string) bool {
	return func(orgID int64, path string) bool {
		if !writeScope.Contains(path) {
			return false
		}
		for _, g := range actor.Grants {
			if g.Role == authz.RoleSysadmin && strings.HasPrefix(path, g.OrgPath) {
				return true
			}
			if g.Role == authz.RoleOrgAdmin && g.OrgID == orgID {
				return true
			}
		}
		return false
	}
}

// Get returns a user in sc.
func (s *Service) Get(ctx context.Context, sc scope.Scope, id int64) (User, error) {
	return s.store.Get(ctx, sc, id)
}

// ByUsername returns a user without scope, for trusted internal callers.
func (s *Service) ByUsername(ctx context.Context, username string) (User, error) {
	return s.store.ByUsername(ctx, username)
}

// ByID returns a user without scope, for authentication.
func (s *Service) ByID(ctx context.Context, id int64) (User, error) { return s.store.ByID(ctx, id) }

// List returns a page of users in sc, ordered by id. An org_id outside sc (or unknown) matches
// nobody, so another tenant's org is never told apart from a missing one; an unknown role is a
// field error. The page size is clamped to org.MaxPageSize.
func (s *Service) List(ctx context.Context, sc scope.Scope, f Filter) ([]User, int64, error) {
	f.Page, f.PageSize = org.NormalizePage(f.Page, f.PageSize)
	f.Query = strings.TrimSpace(f.Query)
	v := &errs.ValidationError{}
	if len([]rune(f.Query)) > 64 {
		v.Add("q", "too_long", "at most 64 characters")
	}
	if f.Role != "" && !authz.ValidRole(f.Role) {
		v.Add("role", "invalid_role", "unknown role")
	}
	var under string
	if f.OrgID != nil {
		o, err := s.orgs.Get(ctx, sc, *f.OrgID)
		switch {
		case errors.Is(err, errs.ErrNotFound):
			return []User{}, 0, v.OrNil()
		case err != nil:
			return nil, 0, fmt.Errorf("list users: org %d: %w", *f.OrgID, err)
		default:
			under = o.Path
		}
	}
	if err := v.OrNil(); err != nil {
		return nil, 0, err
	}
	return s.store.List(ctx, sc, f, under)
}

// MaxRoles bounds the roles one account may be given in one request.
const MaxRoles = 20

// checkRoles validates role inputs and the actor's right to grant each; it fills OrgID 0
// with the user's own org.
func (s *Service) checkRoles(ctx context.Context, actor *authz.Principal, sc scope.Scope, own org.Org, roles []RoleInput, v *errs.ValidationError) ([]RoleInput, error) {
	if len(roles) > MaxRoles {
		v.Add("roles", "too_many", "at most "+strconv.Itoa(MaxRoles)+" roles")
		return nil, nil
	}
	out := make([]RoleInput, 0, len(roles))
	seen := map[string]bool{}
	for i, r := range roles {
		field := "roles[" + strconv.Itoa(i) + "]"
		if !authz.ValidRole(r.Role) {
			v.Add(field+".role", "invalid_role", "unknown role")
			continue
		}
		o := own
		if r.OrgID != 0 && r.OrgID != own.ID {
			var err error
			o, err = s.orgs.Get(ctx, sc, r.OrgID)
			if errors.Is(err, errs.ErrNotFound) {
				v.Add(field+".org_id", "not_found", "org not found")
				continue
			} else if err != nil {
				return nil, err
			}
		}
		ok, err := s.canGrant(actor, r.Role, o.ID, o.Path)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errs.Coded(errs.ErrForbidden, "role_not_grantable", "you may not grant this role here")
		}
		key := r.Role + "@" + strconv.FormatInt(o.ID, 10)
		if seen[key] {
			v.Add(field, "duplicate", "this role is already given at this org earlier in the list")
			continue
		}
		seen[key] = true
		out = append(out, RoleInput{Role: r.Role, OrgID: o.ID})
	}
	return out, nil
}

// Create makes an account in an org the actor manages (sc is the actor's user:write scope).
func (s *Service) Create(ctx context.Context, actor *authz.Principal, sc scope.Scope, in NewUser) (User, error) {
	own, roles, err := s.checkNew(ctx, actor, sc, &in)
	if err != nil {
		return User{}, err
	}
	hash, err := s.hasher.Hash(in.Password)
	if err != nil {
		return User{}, err
	}
	var id int64
	err = s.store.Tx(ctx, func(st *Store) error {
		var err error
		if id, err = st.Create(ctx, User{Username: in.Username, DisplayName: in.DisplayName, Phone: in.Phone,
			PasswordHash: hash, OrgID: own.ID, MustChangePassword: s.requireChange}, roles); err != nil {
			return err
		}
		return st.record(ctx, s.audit, audit.Entry{ActorID: &actor.UserID, OrgID: &own.ID, Action: "user.create",
			ObjectType: "user", ObjectID: strconv.FormatInt(id, 10), Detail: map[string]any{"username": in.Username, "roles": roles}})
	})
	if errors.Is(err, errs.ErrConflict) {
		return User{}, errs.Invalid("username", "duplicate", "this username is taken")
	} else if err != nil {
		return User{}, err
	}
	return s.store.ByID(ctx, id)
}

// checkNew validates a new account and the actor's right to create it: the rules of Create,
// shared with CreateMany. It trims in and returns the user's org and its checked roles.
func (s *Service) checkNew(ctx context.Context, actor *authz.Principal, sc scope.Scope, in *NewUser) (org.Org, []RoleInput, error) {
	v := &errs.ValidationError{}
	in.Username = strings.TrimSpace(in.Username)
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	if !usernameRE.MatchString(in.Username) {
		v.Add("username", "invalid_username", "username must be 2-64 letters, digits or ._@-")
	}
	if in.DisplayName == "" || len([]rune(in.DisplayName)) > 64 {
		v.Add("display_name", "invalid_display_name", "display name is required, at most 64 characters")
	}
	if err := CheckPolicy("password", in.Username, in.Password); err != nil {
		var ve *errs.ValidationError
		if errors.As(err, &ve) {
			v.Fields = append(v.Fields, ve.Fields...)
		}
	}
	if in.OrgID == 0 {
		v.Add("org_id", "required", "org is required")
		return org.Org{}, nil, v
	}
	own, err := s.orgs.Get(ctx, sc, in.OrgID)
	if errors.Is(err, errs.ErrNotFound) {
		return org.Org{}, nil, errs.Invalid("org_id", "not_found", "org not found")
	} else if err != nil {
		return org.Org{}, nil, err
	}
	if !manageable(actor, sc)(own.ID, own.Path) {
		return org.Org{}, nil, errs.Coded(errs.ErrForbidden, "org_not_manageable", "you may not manage users of this org")
	}
	roles, err := s.checkRoles(ctx, actor, sc, own, in.Roles, v)
	if err != nil {
		return org.Org{}, nil, err
	}
	if err := v.OrNil(); err != nil {
		return org.Org{}, nil, err
	}
	return own, roles, nil
}

// Update changes an account the actor manages.
func (s *Service) Update(ctx context.Context, actor *authz.Principal, sc scope.Scope, id int64, p Patch) (User, error) {
	target, err := s.store.Get(ctx, sc, id)
	if err != nil {
		return User{}, err
	}
	if !manageable(actor, sc)(target.OrgID, target.OrgPath) {
		return User{}, errs.Coded(errs.ErrForbidden, "org_not_manageable", "you may not manage users of this org")
	}
	// An actor may not change a user who holds a role above the actor's own.
	for _, g := range target.Roles {
		if ok, err := s.canGrant(actor, g.Role, g.OrgID, g.OrgPath); err != nil {
			return User{}, err
		} else if !ok {
			return User{}, errs.Coded(errs.ErrForbidden, "user_above_you", "this user holds a role above yours")
		}
	}
	v := &errs.ValidationError{}
	if p.DisplayName != nil {
		d := strings.TrimSpace(*p.DisplayName)
		p.DisplayName = &d
		if d == "" || len([]rune(d)) > 64 {
			v.Add("display_name", "invalid_display_name", "display name is required, at most 64 characters")
		}
	}
	if p.Status != nil && *p.Status != StatusActive && *p.Status != StatusDisabled {
		v.Add("status", "invalid_status", "status must be active or disabled")
	}
	if p.Status != nil && *p.Status == StatusDisabled && id == actor.UserID {
		v.Add("status", "cannot_disable_self", "you cannot disable your own account")
	}
	if p.Roles != nil {
		own, err := s.orgs.ByID(ctx, target.OrgID)
		if err != nil {
			return User{}, err
		}
		roles, err := s.checkRoles(ctx, actor, sc, own, *p.Roles, v)
		if err != nil {
			return User{}, err
		}
		p.Roles = &roles
	}
	if err := v.OrNil(); err != nil {
		return User{}, err
	}
	action := "user.update"
	if p.Roles != nil {
		action = "role.change"
	}
	err = s.store.Tx(ctx, func(st *Store) error {
		if err := st.Update(ctx, id, p); err != nil {
			return err
		}
		return st.record(ctx, s.audit, audit.Entry{ActorID: &actor.UserID, OrgID: &target.OrgID, Action: action,
			ObjectType: "user", ObjectID: strconv.FormatInt(id, 10), Detail: p})
	})
	if err != nil {
		return User{}, err
	}
	return s.store.ByID(ctx, id)
}

// ResetPassword sets a new password for a user the actor manages.
func (s *Service) ResetPassword(ctx context.Context, actor *authz.Principal, sc scope.Scope, id int64, pw string) error {
	target, err := s.store.Get(ctx, sc, id)
	if err != nil {
		return err
	}
	if !manageable(actor, sc)(target.OrgID, target.OrgPath) {
		return errs.Coded(errs.ErrForbidden, "org_not_manageable", "you may not manage users of this org")
	}
	for _, g := range target.Roles {
		if ok, err := s.canGrant(actor, g.Role, g.OrgID, g.OrgPath); err != nil {
			return err
		} else if !ok {
			return errs.Coded(errs.ErrForbidden, "user_above_you", "this user holds a role above yours")
		}
	}
	if err := CheckPolicy("password", target.Username, pw); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(pw)
	if err != nil {
		return err
	}
	return s.store.Tx(ctx, func(st *Store) error {
		if err := st.SetPassword(ctx, id, hash, true, s.now()); err != nil {
			return err
		}
		return st.record(ctx, s.audit, audit.Entry{ActorID: &actor.UserID, OrgID: &target.OrgID, Action: "user.reset_password",
			ObjectType: "user", ObjectID: strconv.FormatInt(id, 10)})
	})
}

// ChangeOwnPassword changes the caller's password after checking the current one.
func (s *Service) ChangeOwnPassword(ctx context.Context, userID int64, current, next string) error {
	u, err := s.store.ByID(ctx, userID)
	if err != nil {
		return err
	}
	if !s.hasher.Check(u.PasswordHash, current) {
		return errs.Invalid("current_password", "wrong_password", "the current password is wrong")
	}
	if err := CheckPolicy("new_password", u.Username, next); err != nil {
		return err
	}
	if current == next {
		return errs.Invalid("new_password", "password_unchanged", "the new password must differ from the current one")
	}
	hash, err := s.hasher.Hash(next)
	if err != nil {
		return err
	}
	return s.store.Tx(ctx, func(st *Store) error {
		if err := st.SetPassword(ctx, userID, hash, false, s.now()); err != nil {
			return err
		}
		return st.record(ctx, s.audit, audit.Entry{ActorID: &userID, OrgID: &u.OrgID, Action: "user.change_password",
			ObjectType: "user", ObjectID: strconv.FormatInt(userID, 10)})
	})
}

// Bootstrap creates or updates an account without an actor: for `tianbao user create` and demo
// seeding. It is idempotent by username. mustChange applies to a new account only.
func (s *Service) Bootstrap(ctx context.Context, username, displayName, password, orgCode string, roles []string, mustChange bool) (User, bool, error) {
	o, err := s.orgs.ByCode(ctx, orgCode)
	if err != nil {
		return User{}, false, err
	}
	if u, err := s.store.ByUsername(ctx, username); err == nil {
		return u, false, nil
	} else if !errors.Is(err, errs.ErrNotFound) {
		return User{}, false, err
	}
	if err := CheckPolicy("password", username, password); err != nil {
		return User{}, false, err
	}
	hash, err := s.hasher.Hash(password)
	if err != nil {
		return User{}, false, err
	}
	ris := make([]RoleInput, 0, len(roles))
	for _, r := range roles {
		if !authz.ValidRole(r) {
			return User{}, false, errs.Invalid("role", "invalid_role", "unknown role "+r)
		}
		ris = append(ris, RoleInput{Role: r, OrgID: o.ID})
	}
	var id int64
	err = s.store.Tx(ctx, func(st *Store) error {
		var err error
		if id, err = st.Create(ctx, User{Username: username, DisplayName: displayName, PasswordHash: hash, OrgID: o.ID,
			MustChangePassword: mustChange}, ris); err != nil {
			return err
		}
		return st.record(ctx, s.audit, audit.Entry{OrgID: &o.ID, Action: "user.bootstrap", ObjectType: "user",
			ObjectID: strconv.FormatInt(id, 10), Detail: map[string]any{"username": username, "roles": roles}})
	})
	if err != nil {
		return User{}, false, err
	}
	u, err := s.store.ByID(ctx, id)
	return u, true, err
}

// SetRoleByName grants or revokes a role for a username at an org code, from the command line.
func (s *Service) SetRoleByName(ctx context.Context, username, role, orgCode string, grant bool) error {
	if !authz.ValidRole(role) {
		return errs.Invalid("role", "invalid_role", "unknown role")
	}
	u, err := s.store.ByUsername(ctx, username)
	if err != nil {
		return err
	}
	o, err := s.orgs.ByCode(ctx, orgCode)
	if err != nil {
		return err
	}
	roles := make([]RoleInput, 0, len(u.Roles)+1)
	for _, g := range u.Roles {
		if g.Role == role && g.OrgID == o.ID {
			continue
		}
		roles = append(roles, RoleInput{Role: g.Role, OrgID: g.OrgID})
	}
	if grant {
		roles = append(roles, RoleInput{Role: role, OrgID: o.ID})
	}
	action := "role.revoke"
	if grant {
		action = "role.grant"
	}
	err = s.store.Tx(ctx, func(st *Store) error {
		if err := st.Update(ctx, u.ID, Patch{Roles: &roles}); err != nil {
			return err
		}
		return st.record(ctx, s.audit, audit.Entry{OrgID: &o.ID, Action: action, ObjectType: "user",
			ObjectID: strconv.FormatInt(u.ID, 10), Detail: map[string]any{"role": role, "org": orgCode, "via": "cli"}})
	})
	return err
}

// ResetPasswordByName sets a password from the command line; the user must change it at next login.
func (s *Service) ResetPasswordByName(ctx context.Context, username, pw string) error {
	u, err := s.store.ByUsername(ctx, username)
	if err != nil {
		return err
	}
	if err := CheckPolicy("password", username, pw); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(pw)
	if err != nil {
		return err
	}
	return s.store.Tx(ctx, func(st *Store) error {
		if err := st.SetPassword(ctx, u.ID, hash, true, s.now()); err != nil {
			return err
		}
		return st.record(ctx, s.audit, audit.Entry{OrgID: &u.OrgID, Action: "user.reset_password", ObjectType: "user",
			ObjectID: strconv.FormatInt(u.ID, 10), Detail: map[string]any{"via": "cli"}})
	})
}

// Authenticate checks a username and password. It is the login's core: it honours the lockout,
// counts failures in the database and never says which part was wrong.
func (s *Service) Authenticate(ctx context.Context, username, pw string, threshold int, lockFor time.Duration) (User, error) {
	now := s.now()
	u, err := s.store.ByUsername(ctx, username)
	if errors.Is(err, errs.ErrNotFound) {
		s.dummyOnce.Do(func() { s.dummy = s.hasher.dummyHash() })
		s.hasher.Check(s.dummy, pw)
		return User{}, ErrBadCredentials
	} else if err != nil {
		return User{}, err
	}
	if u.LockedUntil != nil && u.LockedUntil.After(now) {
		return User{}, &errs.TooManyError{RetryAfter: u.LockedUntil.Sub(now), Code: "account_locked"}
	}
	if !s.hasher.Check(u.PasswordHash, pw) || u.Status != StatusActive {
		// The failure count, the lockout and their audit rows are one transaction.
		var until *time.Time
		err := s.store.Tx(ctx, func(st *Store) error {
			var err error
			if until, err = st.RecordFailure(ctx, u.ID, threshold, lockFor, now); err != nil {
				return err
			}
			if err := st.record(ctx, s.audit, loginEntry(u, "login.failure")); err != nil {
				return err
			}
			if until != nil {
				return st.record(ctx, s.audit, loginEntry(u, "login.lockout"))
			}
			return nil
		})
		if err != nil {
			return User{}, err
		}
		if until != nil {
			return User{}, &errs.TooManyError{RetryAfter: until.Sub(now), Code: "account_locked"}
		}
		return User{}, ErrBadCredentials
	}
	err = s.store.Tx(ctx, func(st *Store) error {
		if err := st.RecordSuccess(ctx, u.ID, now); err != nil {
			return err
		}
		return st.record(ctx, s.audit, loginEntry(u, "login.success"))
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

func loginEntry(u User, action string) audit.Entry {
	return audit.Entry{ActorID: &u.ID, OrgID: &u.OrgID, Action: action, ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10)}
}

// ErrBadCredentials is the one answer to a wrong username, wrong password or disabled account.
var ErrBadCredentials = errs.Coded(errs.ErrUnauthorized, "invalid_credentials", "wrong username or password")
