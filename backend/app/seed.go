package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/campaign"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/period"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/synthetic"
	"github.com/tianbao-edu/tianbao/backend/vocab"
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
	// The first review level of the school forms in 城南街道, where 新华中学 (xhzx) reports.
	{"cnreview", "城南街道审核员", authz.RoleReviewer, "town-chengnan"},
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

// SeedForms loads every form schema under seeds/forms; idempotent.
// It also loads the plan's measures (seeds/measures.yaml), which name the seeded orgs.
func (a *App) SeedForms(ctx context.Context) (int, error) {
	n, err := a.Forms.Seed(ctx, seeds.FS)
	if err != nil {
		return n, err
	}
	if _, err := a.SeedMeasures(ctx); err != nil {
		return n, fmt.Errorf("seed measures: %w", err)
	}
	return n, nil
}

// SeedDemo loads the whole org tree, the forms and the demo accounts. Running it twice
// changes nothing.
func (a *App) SeedDemo(ctx context.Context) error {
	if _, err := a.SeedOrgs(ctx, true); err != nil {
		return fmt.Errorf("seed orgs: %w", err)
	}
	if _, err := a.SeedForms(ctx); err != nil {
		return fmt.Errorf("seed forms: %w", err)
	}
	for _, d := range DemoAccounts {
		u, created, err := a.Users.Bootstrap(ctx, d.Username, d.DisplayName, DemoPassword, d.OrgCode, []string{d.Role}, false)
		if err != nil {
			return fmt.Errorf("seed demo user %s: %w", d.Username, err)
		}
		// Marked, so a start outside demo mode refuses while it can log in and `demo purge` removes it.
		if created {
			if err := a.Users.MarkDemo(ctx, u.ID); err != nil {
				return fmt.Errorf("mark demo user %s: %w", d.Username, err)
			}
		}
	}
	if err := a.seedDemoCampaigns(ctx); err != nil {
		return err
	}
	return a.MarkDemoData(ctx)
}

// DemoPeriod is the year demo campaigns collect: the last full year.
func (a *App) DemoPeriod() string { return strconv.Itoa(a.Now().Year() - 1) }

// demoReporters names the units that report a bureau or department form in demo mode, one
// campaign each (rooted at the unit, for its own type only): 区财政局 the finance form, 区人力社保局
// pay parity, and 区教委 and 区住房城乡建委 the school-building projects. Other forms go district-wide.
var demoReporters = map[string][]string{"finance": {"czj"}, "pay-parity": {"rlsbj"}, "school-building": {"qjjw", "zjw"}}

// seedDemoCampaigns opens the campaigns of every seeded form for the demo period — district-wide,
// or one per unit in demoReporters — unless the form has one already, so demo clerks have tasks at once.
func (a *App) seedDemoCampaigns(ctx context.Context) error {
	admin, err := a.Users.ByUsername(ctx, "admin")
	if err != nil {
		return err
	}
	root, err := a.Orgs.ByCode(ctx, "qjjw")
	if err != nil {
		return err
	}
	forms, err := a.Forms.List(ctx)
	if err != nil {
		return err
	}
	sc := scope.Of(root.Path)
	for _, f := range forms {
		if f.PeriodType != period.Year {
			continue // the quarterly measure progress has its own demo campaign (seedDemoMeasures)
		}
		if _, n, err := a.Campaigns.List(ctx, sc, f.Code, a.DemoPeriod(), 1, 1); err != nil {
			return err
		} else if n > 0 {
			continue
		}
		reporters, ok := demoReporters[f.Code]
		if !ok {
			if err := a.openDemoCampaign(ctx, admin.ID, sc, f.Code, root.ID, nil, demoLevels(f.OrgTypes)); err != nil {
				return err
			}
			continue
		}
		for _, code := range reporters {
			unit, err := a.Orgs.ByCode(ctx, code)
			if err != nil {
				return err
			}
			if err := a.openDemoCampaign(ctx, admin.ID, sc, f.Code, unit.ID, []string{string(unit.Type)}, nil); err != nil {
				return err
			}
		}
	}
	return a.seedDemoMeasureCampaign(ctx, admin.ID, sc, root.ID)
}

// demoLevels are the review levels of a demo campaign: schools and kindergartens report through
// their town (学区) to the bureau; forms of departments and the bureau have one step.
func demoLevels(formTypes []string) []string {
	for _, t := range formTypes {
		if slices.Contains(vocab.OrgTypeSets["schools_and_kindergartens"], vocab.OrgType(t)) {
			return []string{string(vocab.LevelTown), string(vocab.LevelDistrict)}
		}
	}
	return nil
}

// openDemoCampaign opens a demo-period campaign for a form over the orgs of types (nil: the
// form's own) under rootID, reviewed at levels (nil: one step).
func (a *App) openDemoCampaign(ctx context.Context, adminID int64, sc scope.Scope, formCode string, rootID int64, types, levels []string) error {
	if _, err := a.Campaigns.Create(ctx, adminID, sc, campaign.NewCampaign{FormCode: formCode, Period: a.DemoPeriod(),
		Deadline: a.Now().Add(45 * 24 * time.Hour), RootOrgID: rootID, OrgTypes: types, ReviewLevels: levels}); err != nil {
		return fmt.Errorf("demo campaign %s: %w", formCode, err)
	}
	return nil
}

// SeedSynthetic adds n synthetic orgs with approved submissions of every form for the demo
// period, for benchmarks and load tests. The demo district must be seeded first. progress, if
// not nil, hears how far it has got.
func (a *App) SeedSynthetic(ctx context.Context, n int, progress func(string)) (synthetic.Report, error) {
	admin, err := a.Users.ByUsername(ctx, "admin")
	if err != nil {
		return synthetic.Report{}, fmt.Errorf("synthetic data needs the demo accounts (seed --demo first): %w", err)
	}
	rep, err := synthetic.Run(ctx, synthetic.Deps{Orgs: a.Orgs, Forms: a.Forms, Campaigns: a.Campaigns,
		Submissions: a.Submissions, Now: a.Now, Progress: progress}, "qjjw", n, a.DemoPeriod(), admin.ID, 2025)
	if err != nil {
		return rep, err
	}
	return rep, a.MarkDemoData(ctx)
}

// SeedDemoData fills most demo orgs' forms for the demo period with approved data, once (it
// does nothing when any submission exists), leaving the demo clerks' own orgs to fill by hand.
func (a *App) SeedDemoData(ctx context.Context) (synthetic.Report, error) {
	if n, err := a.Submissions.Count(ctx); err != nil || n > 0 {
		return synthetic.Report{}, err
	}
	admin, err := a.Users.ByUsername(ctx, "admin")
	if err != nil {
		return synthetic.Report{}, err
	}
	keep := map[string]bool{}
	for _, d := range DemoAccounts {
		keep[d.OrgCode] = d.Role != authz.RoleSysadmin && d.Role != authz.RoleReviewer && d.Role != authz.RoleLeader
	}
	rep, err := synthetic.Fill(ctx, synthetic.Deps{Orgs: a.Orgs, Forms: a.Forms, Campaigns: a.Campaigns,
		Submissions: a.Submissions, Now: a.Now}, "qjjw", a.DemoPeriod(), admin.ID, keep, 2025)
	if err != nil {
		return rep, err
	}
	if err := a.seedDemoMeasureData(ctx, keep); err != nil {
		return rep, fmt.Errorf("demo measure reports and notices: %w", err)
	}
	return rep, a.MarkDemoData(ctx)
}
