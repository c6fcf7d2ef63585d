package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/audit"
	"github.com/tianbao-edu/tianbao/backend/migrations"
	"github.com/tianbao-edu/tianbao/backend/user"
)

// PurgeCommand is the operator command that removes the demo accounts and data.
const PurgeCommand = "tianbao demo purge"

// ErrDemoAccounts stops a start outside demo mode while demo accounts can still log in.
var ErrDemoAccounts = errors.New("demo accounts can still log in")

// markDemoUser marks a demo account as such, so purge and the start-up check find it.
func (a *App) markDemoUser(ctx context.Context, id int64) error {
	return a.DB.WithContext(ctx).Exec("UPDATE users SET demo = ? WHERE id = ?", true, id).Error
}

// MarkDemoData marks every submission a demo account touched and every campaign one opened.
func (a *App) MarkDemoData(ctx context.Context) error {
	return a.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return migrations.MarkDemoData(tx) })
}

// DemoLogins names the active accounts that are demo accounts: marked as such, or one of the
// DemoAccounts names that still opens with DemoPassword (an account made before the marks).
func (a *App) DemoLogins(ctx context.Context) ([]string, error) {
	var marked []string
	if err := a.DB.WithContext(ctx).Table("users").Where("demo = ? AND status = ?", true, user.StatusActive).
		Order("username").Pluck("username", &marked).Error; err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, u := range marked {
		seen[u] = true
	}
	names := make([]string, 0, len(DemoAccounts))
	for _, d := range DemoAccounts {
		if !seen[d.Username] {
			names = append(names, d.Username)
		}
	}
	var rows []struct {
		Username, PasswordHash string
	}
	if err := a.DB.WithContext(ctx).Table("users").Select("username, password_hash").
		Where("username IN ? AND status = ?", names, user.StatusActive).Find(&rows).Error; err != nil {
		return nil, err
	}
	h := user.Hasher{Cost: a.Config.BcryptCost}
	for _, r := range rows {
		if h.Check(r.PasswordHash, DemoPassword) {
			marked = append(marked, r.Username)
		}
	}
	return marked, nil
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
	Users, Submissions, Campaigns, Attachments int64
}

// PurgeDemo deletes the demo accounts (and any account still opening with the demo password
// under a demo name), every submission they touched with its history, facts and attachments,
// and the campaigns they opened, in one transaction; then reloads the policy, recounts the
// task totals and rebuilds the indicator figures from what is left.
func (a *App) PurgeDemo(ctx context.Context) (PurgeReport, error) {
	var rep PurgeReport
	names, err := a.DemoLogins(ctx)
	if err != nil {
		return rep, err
	}
	var shas []string
	err = a.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if len(names) > 0 {
			if err := tx.Exec("UPDATE users SET demo = ? WHERE username IN ?", true, names).Error; err != nil {
				return err
			}
		}
		if err := migrations.MarkDemoData(tx); err != nil {
			return err
		}
		subs := tx.Table("submissions").Select("id").Where("demo = ?", true)
		if err := tx.Table("attachments").Where("submission_id IN (?)", subs).Distinct().Pluck("sha256", &shas).Error; err != nil {
			return err
		}
		r := tx.Exec("DELETE FROM attachments WHERE submission_id IN (?)", subs)
		if r.Error != nil {
			return r.Error
		}
		rep.Attachments = r.RowsAffected
		if err := tx.Exec("DELETE FROM submission_revisions WHERE submission_id IN (?)", subs).Error; err != nil {
			return err
		}
		// A submission's facts are its org, form and period's (one submission each).
		if err := tx.Exec(`DELETE FROM facts WHERE EXISTS (SELECT 1 FROM submissions s WHERE s.demo = ?
			AND s.org_id = facts.org_id AND s.form_code = facts.form_code AND s.period = facts.period)`, true).Error; err != nil {
			return err
		}
		if r = tx.Exec("DELETE FROM submissions WHERE demo = ?", true); r.Error != nil {
			return r.Error
		}
		rep.Submissions = r.RowsAffected
		camps := tx.Table("campaigns").Select("id").Where("demo = ?", true)
		if err := tx.Exec("DELETE FROM tasks WHERE campaign_id IN (?)", camps).Error; err != nil {
			return err
		}
		if r = tx.Exec("DELETE FROM campaigns WHERE demo = ?", true); r.Error != nil {
			return r.Error
		}
		rep.Campaigns = r.RowsAffected
		demoUsers := tx.Table("users").Select("id").Where("demo = ?", true)
		for _, t := range []string{"user_roles", "refresh_tokens"} {
			if err := tx.Exec("DELETE FROM "+t+" WHERE user_id IN (?)", demoUsers).Error; err != nil {
				return err
			}
		}
		if r = tx.Exec("DELETE FROM users WHERE demo = ?", true); r.Error != nil {
			return r.Error
		}
		rep.Users = r.RowsAffected
		return a.Audit.Record(ctx, tx, audit.Entry{Action: "demo.purge", ObjectType: "system", ObjectID: "demo",
			Detail: rep})
	})
	if err != nil {
		return rep, fmt.Errorf("demo purge: %w", err)
	}
	if err := a.Enforcer.Reload(ctx); err != nil {
		return rep, fmt.Errorf("demo purge: reload the policy: %w", err)
	}
	if err := a.Campaigns.OrgsChanged(ctx); err != nil {
		return rep, fmt.Errorf("demo purge: recount the task totals: %w", err)
	}
	if err := a.Rollup.Rebuild(ctx); err != nil {
		return rep, fmt.Errorf("demo purge: rebuild the figures: %w", err)
	}
	a.removeOrphanFiles(ctx, shas)
	return rep, nil
}

// removeOrphanFiles deletes the stored attachment files no attachment row names any more
// (files are stored once per content, so another submission may share one).
func (a *App) removeOrphanFiles(ctx context.Context, shas []string) {
	for _, sha := range shas {
		var n int64
		if err := a.DB.WithContext(ctx).Table("attachments").Where("sha256 = ?", sha).Count(&n).Error; err != nil || n > 0 || len(sha) < 2 {
			continue
		}
		p := filepath.Join(a.Config.DataDir, "attachments", sha[:2], sha)
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			a.Log.Warn("demo purge: remove attachment file", "path", p, "err", err.Error())
		}
	}
}
