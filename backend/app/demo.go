package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/audit"
	"github.com/tianbao-edu/tianbao/backend/migrations"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// PurgeCommand is the operator command that removes the demo accounts and data.
const PurgeCommand = "tianbao demo purge"

// ErrDemoAccounts stops a start outside demo mode while demo accounts can still log in.
var ErrDemoAccounts = errors.New("demo accounts can still log in")

// MarkDemoData marks every submission a demo account touched and every campaign one opened.
func (a *App) MarkDemoData(ctx context.Context) error {
	return database.Tx(ctx, a.DB, func(tx *gorm.DB) error { return migrations.MarkDemoData(tx) })
}

// DemoLogins names the active accounts that are demo accounts: marked as such, or one of the
// DemoAccounts names that still opens with DemoPassword (an account made before the marks).
func (a *App) DemoLogins(ctx context.Context) ([]string, error) {
	names := make([]string, len(DemoAccounts))
	for i, d := range DemoAccounts {
		names[i] = d.Username
	}
	return a.Users.DemoLogins(ctx, names, DemoPassword)
}

// RefuseDemoLogins is the start-up check outside demo mode: while any demo account can log in
// with the public demo password, the server does not start, and says how to remove them.
func (a *App) RefuseDemoLogins(ctx context.Context) error {
	names, err := a.DemoLogins(ctx)
	if err != nil {
		return err
	}
	if len(names) > 0 {
		return fmt.Errorf("%w outside demo mode (%s, with the published demo password) and demo data counts in the figures: "+
			"run `%s` to delete the demo accounts and their submissions, or start with TIANBAO_DEMO=1", ErrDemoAccounts,
			strings.Join(names, ", "), PurgeCommand)
	}
	return nil
}

// PurgeReport counts what PurgeDemo removed.
type PurgeReport struct {
	Users, Orgs, Submissions, Campaigns, Attachments, Notices int64
}

// PurgeDemo removes everything demo mode made, in one transaction: the demo accounts (and any
// account still opening with the demo password under a demo name), the invented schools and
// kindergartens of seeds/orgs.yaml with every account, role, task and submission there, every
// submission a demo account touched with its history, facts and attachments, and the campaigns
// demo accounts opened; the figures and expected-org counts are recounted in the same commit.
// Each domain deletes its own rows; this only orders them. Stored files no attachment names any
// more are removed after the commit.
func (a *App) PurgeDemo(ctx context.Context) (PurgeReport, error) {
	var rep PurgeReport
	names, err := a.DemoLogins(ctx)
	if err != nil {
		return rep, err
	}
	var shas []string
	err = database.Tx(ctx, a.DB, func(tx *gorm.DB) error {
		rep, shas = PurgeReport{}, nil // a retried transaction starts over
		orgIDs, err := a.Orgs.DemoIDsTx(ctx, tx)
		if err != nil {
			return err
		}
		userIDs, err := a.Users.DemoUserIDsTx(ctx, tx, names, orgIDs)
		if err != nil {
			return err
		}
		if err := migrations.MarkDemoData(tx); err != nil {
			return fmt.Errorf("mark demo data: %w", err)
		}
		subs, err := a.Submissions.PurgeDemoTx(ctx, tx, orgIDs)
		if err != nil {
			return err
		}
		rep.Submissions, rep.Attachments, shas = subs.Submissions, subs.Attachments, subs.SHA256s
		if rep.Campaigns, err = a.Campaigns.PurgeDemoTx(ctx, tx, orgIDs); err != nil {
			return err
		}
		if rep.Notices, err = a.Supervision.PurgeDemoTx(ctx, tx, userIDs, orgIDs); err != nil {
			return err
		}
		if err := a.Auth.ForgetUsersTx(ctx, tx, userIDs); err != nil {
			return err
		}
		if rep.Users, err = a.Users.PurgeDemoTx(ctx, tx, userIDs, orgIDs); err != nil {
			return err
		}
		if rep.Orgs, err = a.Orgs.PurgeDemoTx(ctx, tx, orgIDs); err != nil {
			return err
		}
		return a.Audit.Record(ctx, tx, audit.Entry{Action: "demo.purge", ObjectType: "system", ObjectID: "demo", Detail: rep})
	})
	if err != nil {
		return rep, fmt.Errorf("demo purge: %w", err)
	}
	if err := a.Submissions.RemoveOrphanFiles(ctx, shas); err != nil {
		a.Log.Warn("demo purge: remove attachment files", "err", err.Error())
	}
	return rep, nil
}
