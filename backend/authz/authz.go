// Package authz decides what a signed-in user may do where. Permission rules are few and
// written once per role (p, role, *, object, action) and answered by casbin; each role a user
// holds in an org (a Grant, read with the user on every request) covers that org's whole
// subtree. The answer to "where may this user do X" is a scope.Scope that the stores apply to
// every query.
package authz

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"

	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Role names, lowest to highest as far as granting goes; the words are vocab's.
const (
	RoleFiller   = vocab.RoleFiller
	RoleOrgAdmin = vocab.RoleOrgAdmin
	RoleReviewer = vocab.RoleReviewer
	RoleLeader   = vocab.RoleLeader
	RoleSysadmin = vocab.RoleSysadmin
)

// Roles lists every role, in the order the UI shows them.
var Roles = vocab.Roles

// ValidRole reports whether r is a known role.
func ValidRole(r string) bool { return vocab.ValidRole(r) }

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

// Enforcer answers "what may this role do where" from casbin, with the permission rules
// (p, role, *, object, action) loaded from the database at start-up. Those rules change only with
// a migration, so every replica holds the same ones and nothing is polled or reloaded.
//
// Who holds which role is not in casbin: a request's Principal carries the caller's grants, read
// from the database with the user on every request (one query), so a role granted or revoked on
// any replica counts on every replica at the next request. Scope and Allows ask casbin only what
// each granted role may do; the role is the casbin subject itself (g(role, role, dom) always
// holds), so casbin keeps no role assignments at all.
//
// Since the rules are fixed once loaded, every answer casbin gives is kept (decisions): a
// request's permission checks are then map reads, not a casbin evaluation each. When every rule
// holds for all domains ("*", as the migrations write them) the answer does not depend on the
// org path and is kept per role, object and action; otherwise per path too, at most
// maxDecisions answers.
type Enforcer struct {
	mu sync.RWMutex
	e  *casbin.SyncedEnforcer
	// anyDomain: every rule's domain is "*", so a decision does not depend on the org path.
	anyDomain bool
	decisions sync.Map // decisionKey → bool
	kept      atomic.Int64
}

// decisionKey names one casbin question; dom is "" when the answer does not depend on it.
type decisionKey struct{ role, dom, obj, act string }

// maxDecisions bounds the answers kept when they depend on the org path.
const maxDecisions = 1 << 16

// PolicySource loads the permission rules.
type PolicySource interface {
	Permissions(ctx context.Context) ([][4]string, error)
}

// NewEnforcer builds the enforcer and loads the permission rules.
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
	perms, err := src.Permissions(ctx)
	if err != nil {
		return nil, fmt.Errorf("load permissions: %w", err)
	}
	ps := make([][]string, 0, len(perms))
	anyDomain := true
	for _, p := range perms {
		ps = append(ps, []string{p[0], p[1], p[2], p[3]})
		anyDomain = anyDomain && p[1] == "*"
	}
	if len(ps) > 0 {
		if _, err := e.AddPolicies(ps); err != nil {
			return nil, err
		}
	}
	return &Enforcer{e: e, anyDomain: anyDomain}, nil
}

// roleCan reports whether role's permission rules allow act on obj at orgPath. The role is the
// casbin subject itself (g(role, role, dom) always holds).
func (en *Enforcer) roleCan(role, orgPath, obj, act string) (bool, error) {
	k := decisionKey{role: role, dom: orgPath, obj: obj, act: act}
	if en.anyDomain {
		k.dom = ""
	}
	if v, ok := en.decisions.Load(k); ok {
		return v.(bool), nil
	}
	ok, err := en.enforce(role, orgPath, obj, act)
	if err != nil {
		return false, err // not kept: an error is not an answer
	}
	if en.kept.Add(1) > maxDecisions {
		en.decisions.Clear()
		en.kept.Store(1)
	}
	en.decisions.Store(k, ok)
	return ok, nil
}

// enforce asks casbin.
func (en *Enforcer) enforce(role, orgPath, obj, act string) (bool, error) {
	en.mu.RLock()
	defer en.mu.RUnlock()
	return en.e.Enforce(role, orgPath, obj, act)
}

// Allows reports whether p may do act on obj at orgPath through one of p's grants: a grant
// whose subtree covers orgPath and whose role allows it. p's grants are read from the database
// for every request, so a role revoked a moment ago (on any replica) grants nothing here.
// An enforcement error is returned as an error (a 500), never as a silent allow or deny.
func (en *Enforcer) Allows(p *Principal, orgPath, obj, act string) (bool, error) {
	for _, g := range p.Grants {
		if !strings.HasPrefix(orgPath, g.OrgPath) {
			continue
		}
		ok, err := en.roleCan(g.Role, orgPath, obj, act)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// Scope returns the subtrees where p may do act on obj: the domains of p's grants whose role
// casbin allows it. Grants come from the database on every request, so a revoked role is gone
// at once on every replica.
func (en *Enforcer) Scope(p *Principal, obj, act string) (scope.Scope, error) {
	var paths []string
	for _, g := range p.Grants {
		ok, err := en.roleCan(g.Role, g.OrgPath, obj, act)
		if err != nil {
			return scope.Scope{}, err
		}
		if ok {
			paths = append(paths, g.OrgPath)
		}
	}
	return scope.Of(paths...), nil
}
