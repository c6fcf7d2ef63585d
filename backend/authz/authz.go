// Package authz decides what a signed-in user may do where. Permission rules are few and
// written once per role (p, role, *, object, action); each role a user holds in an org
// becomes a casbin grouping rule whose domain covers that org's whole subtree. The answer
// to "where may this user do X" is a scope.Scope that the stores apply to every query.
package authz

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"

	"github.com/tianbao-edu/tianbao/backend/scope"
)

// Role names, lowest to highest as far as granting goes.
const (
	RoleFiller   = "filler"
	RoleOrgAdmin = "org_admin"
	RoleReviewer = "reviewer"
	RoleLeader   = "leader"
	RoleSysadmin = "sysadmin"
)

// Roles lists every role, in the order the UI shows them.
var Roles = []string{RoleFiller, RoleOrgAdmin, RoleReviewer, RoleLeader, RoleSysadmin}

// ValidRole reports whether r is a known role.
func ValidRole(r string) bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Grant is one role held in one org (covering its subtree).
type Grant struct {
	Role    string
	OrgID   int64
	OrgPath string
}

// Principal is the authenticated caller of a request.
type Principal struct {
	UserID             int64
	Username           string
	OrgID              int64
	OrgPath            string
	Grants             []Grant
	MustChangePassword bool
}

// Subject is the casbin subject for a user.
func Subject(userID int64) string { return fmt.Sprintf("u:%d", userID) }

const modelText = `
[request_definition]
r = sub, dom, obj, act

[policy_definition]
p = sub, dom, obj, act

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub, r.dom) && (p.dom == "*" || r.dom == p.dom) && (p.obj == "*" || r.obj == p.obj) && (p.act == "*" || r.act == p.act)
`

// SubtreeMatch is the domain matching function: a grant held at "/1/7/*" covers "/1/7/" and
// every path below it.
func SubtreeMatch(reqDom, grantDom string) bool {
	if prefix, ok := strings.CutSuffix(grantDom, "*"); ok {
		return strings.HasPrefix(reqDom, prefix)
	}
	return reqDom == grantDom
}

// Enforcer wraps casbin with the policy loaded from the database.
type Enforcer struct {
	mu  sync.RWMutex
	e   *casbin.SyncedEnforcer
	src PolicySource
}

// PolicySource loads the policy: permission rules and role assignments.
type PolicySource interface {
	Permissions(ctx context.Context) ([][4]string, error)
	Assignments(ctx context.Context) ([]Assignment, error)
}

// Assignment is a role held by a user in an org, as stored.
type Assignment struct {
	UserID  int64
	Role    string
	OrgPath string
}

// NewEnforcer builds the enforcer and loads the policy.
func NewEnforcer(ctx context.Context, src PolicySource) (*Enforcer, error) {
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, err
	}
	e, err := casbin.NewSyncedEnforcer(m)
	if err != nil {
		return nil, err
	}
	e.AddNamedDomainMatchingFunc("g", "subtree", SubtreeMatch)
	en := &Enforcer{e: e, src: src}
	if err := en.Reload(ctx); err != nil {
		return nil, err
	}
	return en, nil
}

// Reload replaces the in-memory policy with the database's. Call it after any role change.
func (en *Enforcer) Reload(ctx context.Context) error {
	perms, err := en.src.Permissions(ctx)
	if err != nil {
		return fmt.Errorf("load permissions: %w", err)
	}
	as, err := en.src.Assignments(ctx)
	if err != nil {
		return fmt.Errorf("load assignments: %w", err)
	}
	en.mu.Lock()
	defer en.mu.Unlock()
	en.e.ClearPolicy()
	// ClearPolicy leaves the role manager's links in place; rebuilding them from the now empty
	// model drops them, so a revoked role is really gone.
	if err := en.e.BuildRoleLinks(); err != nil {
		return err
	}
	ps := make([][]string, 0, len(perms))
	for _, p := range perms {
		ps = append(ps, []string{p[0], p[1], p[2], p[3]})
	}
	if len(ps) > 0 {
		if _, err := en.e.AddPolicies(ps); err != nil {
			return err
		}
	}
	gs := make([][]string, 0, len(as))
	for _, a := range as {
		gs = append(gs, []string{Subject(a.UserID), a.Role, a.OrgPath + "*"})
	}
	if len(gs) > 0 {
		if _, err := en.e.AddGroupingPolicies(gs); err != nil {
			return err
		}
	}
	return nil
}

// Can reports whether the user may do act on obj at the org with path orgPath.
// An enforcement error is returned as an error (a 500), never as a silent allow or deny.
func (en *Enforcer) Can(userID int64, orgPath, obj, act string) (bool, error) {
	en.mu.RLock()
	defer en.mu.RUnlock()
	return en.e.Enforce(Subject(userID), orgPath, obj, act)
}

// Scope returns the subtrees where p may do act on obj: the domains of p's grants that casbin
// allows. Grants come from the database on every request, so a revoked role is gone at once.
func (en *Enforcer) Scope(p *Principal, obj, act string) (scope.Scope, error) {
	var paths []string
	for _, g := range p.Grants {
		ok, err := en.Can(p.UserID, g.OrgPath, obj, act)
		if err != nil {
			return scope.Scope{}, err
		}
		if ok {
			paths = append(paths, g.OrgPath)
		}
	}
	return scope.Of(paths...), nil
}
