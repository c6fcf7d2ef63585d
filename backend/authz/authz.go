// Package authz decides what a signed-in user may do where. Permission rules are few and
// written once per role (p, role, *, object, action); each role a user holds in an org
// becomes a casbin grouping rule whose domain covers that org's whole subtree. The answer
// to "where may this user do X" is a scope.Scope that the stores apply to every query.
package authz

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

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
//
// Several replicas each hold their own copy. A role change goes through Reload, which bumps the
// policy version in the database before reloading; every replica runs Watch, which polls that
// version and reloads when it moves. Request-time decisions (Scope, Allows) never trust the
// in-memory role assignments anyway: they take the caller's grants from the database (read on
// every request) and ask casbin only what each granted role may do, so a stale copy can delay
// nothing but a permission-rule change.
type Enforcer struct {
	mu  sync.RWMutex
	e   *casbin.SyncedEnforcer
	src PolicySource

	vmu     sync.Mutex
	version string // the policy version the loaded policy is at least as new as
}

// PolicySource loads the policy: permission rules and role assignments.
type PolicySource interface {
	Permissions(ctx context.Context) ([][4]string, error)
	Assignments(ctx context.Context) ([]Assignment, error)
}

// VersionSource is implemented by a PolicySource shared between replicas: the policy version
// is a value in the database that changes whenever the policy does.
type VersionSource interface {
	PolicyVersion(ctx context.Context) (string, error)
	BumpPolicyVersion(ctx context.Context) error
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
	if _, err := en.refresh(ctx, true); err != nil {
		return nil, err
	}
	return en, nil
}

// Reload is the one path for a policy change: it bumps the shared policy version, so every
// other replica reloads within its poll interval, then reloads this one. Call it after any
// role change (user create/update/roles, org moves, grant/revoke), once the change is committed.
func (en *Enforcer) Reload(ctx context.Context) error {
	if vs, ok := en.src.(VersionSource); ok {
		if err := vs.BumpPolicyVersion(ctx); err != nil {
			return fmt.Errorf("bump policy version: %w", err)
		}
	}
	_, err := en.refresh(ctx, true)
	return err
}

// Refresh reloads the policy if the shared version moved since the last load; it reports
// whether it reloaded. Without a VersionSource it does nothing.
func (en *Enforcer) Refresh(ctx context.Context) (bool, error) { return en.refresh(ctx, false) }

func (en *Enforcer) refresh(ctx context.Context, force bool) (bool, error) {
	en.vmu.Lock() // one load at a time, so an older load never overwrites a newer one
	defer en.vmu.Unlock()
	var ver string
	if vs, ok := en.src.(VersionSource); ok {
		v, err := vs.PolicyVersion(ctx)
		if err != nil {
			return false, fmt.Errorf("read policy version: %w", err)
		}
		if !force && v == en.version {
			return false, nil
		}
		ver = v
	} else if !force {
		return false, nil
	}
	// The version is read before the policy: a change committed after this read bumps the
	// version again, and the next Refresh loads it.
	if err := en.load(ctx); err != nil {
		return false, err
	}
	en.version = ver
	return true, nil
}

// Version returns the policy version of the loaded policy ("" without a VersionSource).
func (en *Enforcer) Version() string {
	en.vmu.Lock()
	defer en.vmu.Unlock()
	return en.version
}

// Watch calls Refresh every interval until ctx ends, logging failures (a database outage)
// once per outage. Run it in a goroutine on every server replica.
func (en *Enforcer) Watch(ctx context.Context, interval time.Duration, log *slog.Logger) {
	if interval <= 0 {
		interval = 2 * time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	failing := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		rctx, cancel := context.WithTimeout(ctx, interval+5*time.Second)
		reloaded, err := en.Refresh(rctx)
		cancel()
		switch {
		case err != nil && ctx.Err() == nil:
			if !failing {
				log.Warn("policy refresh failed", "err", err.Error())
			}
			failing = true
		case err == nil:
			if failing {
				log.Info("policy refresh recovered")
			}
			failing = false
			if reloaded {
				log.Info("policy reloaded", "policy_version", en.Version())
			}
		}
	}
}

// load replaces the in-memory policy with the database's.
func (en *Enforcer) load(ctx context.Context) error {
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

// Can reports whether the user may do act on obj at the org with path orgPath, by the user's
// role assignments as last loaded into memory (kept in step across replicas by Watch).
// Request paths use Scope or Allows, which take the grants from the database instead.
// An enforcement error is returned as an error (a 500), never as a silent allow or deny.
func (en *Enforcer) Can(userID int64, orgPath, obj, act string) (bool, error) {
	en.mu.RLock()
	defer en.mu.RUnlock()
	return en.e.Enforce(Subject(userID), orgPath, obj, act)
}

// roleCan reports whether role's permission rules allow act on obj at orgPath. The role is the
// casbin subject itself (g(role, role, dom) always holds), so no in-memory assignment is read.
func (en *Enforcer) roleCan(role, orgPath, obj, act string) (bool, error) {
	en.mu.RLock()
	defer en.mu.RUnlock()
	return en.e.Enforce(role, orgPath, obj, act)
}

// Allows reports whether p may do act on obj at orgPath through one of p's grants: a grant
// whose subtree covers orgPath and whose role allows it. p's grants are read from the database
// for every request, so a role revoked a moment ago (on any replica) grants nothing here.
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
// at once, whatever this replica's in-memory assignments still say.
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
