package app

import (
	"context"
	"fmt"

	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/seeds"
)

// DemoPassword is the password of every demo account. It exists only in demo mode.
const DemoPassword = "Demo@2025!"

// DemoAccount is one account demo mode creates.
type DemoAccount struct {
	Username, DisplayName, Role, OrgCode string
}

// DemoAccounts are the accounts `make run` prints.
var DemoAccounts = []DemoAccount{
	{"admin", "系统管理员", authz.RoleSysadmin, "qjjw"},
	{"reviewer", "区教委审核员", authz.RoleReviewer, "qjjw"},
	{"leader", "区领导", authz.RoleLeader, "qjjw"},
	{"wlzx", "武陵中学管理员", authz.RoleOrgAdmin, "wlzx"},
	{"xhzx", "新华中学填报员", authz.RoleFiller, "xhzx"},
	{"syyey", "实验幼儿园填报员", authz.RoleFiller, "syyey"},
	{"czj", "区财政局填报员", authz.RoleFiller, "czj"},
}

// SeedOrgs loads seeds/orgs.yaml; orgs marked demo are loaded only when demo is set.
// It is idempotent: existing orgs (by code) are left as they are.
func (a *App) SeedOrgs(ctx context.Context, demo bool) (int, error) {
	data, err := seeds.FS.ReadFile("orgs.yaml")
	if err != nil {
		return 0, err
	}
	nodes, err := org.ParseSeed(data)
	if err != nil {
		return 0, err
	}
	if !demo {
		nodes = withoutDemo(nodes)
	}
	return a.Orgs.Seed(ctx, nodes)
}

func withoutDemo(ns []*org.SeedNode) []*org.SeedNode {
	out := ns[:0:0]
	for _, n := range ns {
		if n.Demo {
			continue
		}
		c := *n
		c.Children = withoutDemo(n.Children)
		out = append(out, &c)
	}
	return out
}

// SeedDemo loads the whole org tree and the demo accounts. Running it twice changes nothing.
func (a *App) SeedDemo(ctx context.Context) error {
	if _, err := a.SeedOrgs(ctx, true); err != nil {
		return fmt.Errorf("seed orgs: %w", err)
	}
	for _, d := range DemoAccounts {
		if _, _, err := a.Users.Bootstrap(ctx, d.Username, d.DisplayName, DemoPassword, d.OrgCode, []string{d.Role}, false); err != nil {
			return fmt.Errorf("seed demo user %s: %w", d.Username, err)
		}
	}
	return nil
}
