package app_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/app"
	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// A demo-seeded database outside demo mode: the start is refused while the demo accounts can
// log in, naming the purge; the purge deletes the demo accounts, the submissions they made and
// the campaigns they opened, rebuilds the figures, and keeps a real account, after which the
// start goes ahead. On both databases.
func TestDemoPurge(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		ctx := context.Background()
		a := e.App
		if _, _, err := a.Users.Bootstrap(ctx, "real-admin", "真管理员", "Real@Admin2025", "qjjw", []string{authz.RoleSysadmin}, false); err != nil {
			t.Fatal(err)
		}
		rep, err := a.SeedDemoData(ctx)
		if err != nil || rep.Submissions == 0 {
			t.Fatalf("demo data: %+v %v", rep, err)
		}
		// A demo clerk's hand-made draft is demo data too.
		x := e.Login("xhzx")
		if r := e.Do(http.MethodPost, "/api/v1/submissions", x, map[string]any{"form": "teacher-training", "period": "2025"}); r.Status != http.StatusCreated {
			t.Fatalf("open: %d %s", r.Status, r.Body)
		}
		count := func(q string) int64 {
			t.Helper()
			var n int64
			if err := a.DB.Raw(q).Scan(&n).Error; err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return n
		}
		subs := count("SELECT COUNT(*) FROM submissions")
		demoOrgs, orgs := count("SELECT COUNT(*) FROM orgs WHERE demo = 1"), count("SELECT COUNT(*) FROM orgs")
		if demoOrgs == 0 {
			t.Fatal("demo mode invented no schools")
		}
		// A real account given a role at an invented school keeps its account, not the role.
		var demoSchool int64
		if err := a.DB.Raw("SELECT id FROM orgs WHERE demo = 1 AND depth = (SELECT MAX(depth) FROM orgs) ORDER BY id LIMIT 1").Scan(&demoSchool).Error; err != nil || demoSchool == 0 {
			t.Fatalf("a demo school: %d %v", demoSchool, err)
		}
		if err := a.DB.Exec("INSERT INTO user_roles (user_id, role, org_id, created_at) SELECT id, 'reviewer', ?, created_at FROM users WHERE username = 'real-admin'", demoSchool).Error; err != nil {
			t.Fatal(err)
		}
		if figures := count("SELECT COUNT(*) FROM indicator_facts"); figures == 0 {
			t.Fatal("the demo data made no figures")
		}

		err = a.RefuseDemoLogins(ctx)
		if !errors.Is(err, app.ErrDemoAccounts) || !strings.Contains(err.Error(), "tianbao demo purge") || !strings.Contains(err.Error(), "admin") {
			t.Fatalf("a demo-seeded database outside demo mode: %v", err)
		}

		got, err := a.PurgeDemo(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got.Users != int64(len(app.DemoAccounts)) || got.Submissions != subs || got.Campaigns == 0 || got.Orgs != demoOrgs {
			t.Fatalf("purged %+v; want %d users, all %d submissions and %d invented orgs", got, len(app.DemoAccounts), subs, demoOrgs)
		}
		if err := a.RefuseDemoLogins(ctx); err != nil {
			t.Fatalf("after the purge: %v", err)
		}
		for q, want := range map[string]int64{
			"SELECT COUNT(*) FROM submissions": 0, "SELECT COUNT(*) FROM submission_revisions": 0, "SELECT COUNT(*) FROM facts": 0,
			"SELECT COUNT(*) FROM indicator_facts": 0, "SELECT COUNT(*) FROM campaigns": 0, "SELECT COUNT(*) FROM tasks": 0,
			"SELECT COUNT(*) FROM task_totals": 0, "SELECT COUNT(*) FROM users WHERE demo = 1": 0,
			"SELECT COUNT(*) FROM users WHERE username = 'real-admin'": 1, "SELECT COUNT(*) FROM audit_log WHERE action = 'demo.purge'": 1,
			"SELECT COUNT(*) FROM orgs WHERE demo = 1": 0, "SELECT COUNT(*) FROM orgs": orgs - demoOrgs,
			"SELECT COUNT(*) FROM user_roles WHERE role = 'reviewer' AND user_id = (SELECT id FROM users WHERE username = 'real-admin')": 0,
		} {
			if n := count(q); n != want {
				t.Errorf("%s: %d, want %d", q, n, want)
			}
		}
		if r := e.Do(http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": testenv.DemoPassword}); r.Status != http.StatusUnauthorized {
			t.Fatalf("demo admin after the purge: %d %s", r.Status, r.Body)
		}
		if r := e.Do(http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": "real-admin", "password": "Real@Admin2025"}); r.Status != http.StatusOK {
			t.Fatalf("the real admin after the purge: %d %s", r.Status, r.Body)
		}
		if again, err := a.PurgeDemo(ctx); err != nil || again != (app.PurgeReport{}) {
			t.Fatalf("a second purge: %+v %v", again, err)
		}
	})
}

// An account made before demo accounts were marked is still found by its demo password, and a
// real account that happens to have a demo name is not.
func TestDemoLoginsUnmarked(t *testing.T) {
	e := testenv.New(t, "sqlite")
	ctx := context.Background()
	if err := e.App.DB.Exec("UPDATE users SET demo = 0").Error; err != nil {
		t.Fatal(err)
	}
	names, err := e.App.DemoLogins(ctx)
	if err != nil || len(names) != len(app.DemoAccounts) {
		t.Fatalf("unmarked demo accounts: %v %v", names, err)
	}
	if err := e.App.Users.ResetPasswordByName(ctx, "admin", "Real@Admin2025"); err != nil {
		t.Fatal(err)
	}
	names, _ = e.App.DemoLogins(ctx)
	for _, n := range names {
		if n == "admin" {
			t.Fatalf("an admin with its own password counted as a demo login: %v", names)
		}
	}
}

// Real work done beside the demo survives the purge: a real clerk's approved submission in a real
// campaign keeps its figures, and the maintained totals equal a full rebuild afterwards.
func TestDemoPurgeKeepsRealWork(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		ctx := context.Background()
		a := e.App
		for _, u := range []struct{ name, org, role string }{{"real-admin", "qjjw", authz.RoleSysadmin}, {"real-clerk", "wlzx", authz.RoleFiller}} {
			if _, _, err := a.Users.Bootstrap(ctx, u.name, u.name, "Real@Work2025", u.org, []string{u.role}, false); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := a.SeedDemoData(ctx); err != nil {
			t.Fatal(err)
		}
		as := func(user string) string {
			r := e.Do(http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": user, "password": "Real@Work2025"})
			if r.Status != http.StatusOK {
				t.Fatalf("login %s: %d %s", user, r.Status, r.Body)
			}
			return r.JSON(t)["access_token"].(string)
		}
		admin, clerk := as("real-admin"), as("real-clerk")
		if r := e.Do(http.MethodPost, "/api/v1/campaigns", admin, map[string]any{"form": "teacher-training", "period": "2026",
			"deadline": e.Clock.Now().Add(240 * time.Hour)}); r.Status != http.StatusCreated {
			t.Fatalf("campaign: %d %s", r.Status, r.Body)
		}
		r := e.Do(http.MethodPost, "/api/v1/submissions", clerk, map[string]any{"form": "teacher-training", "period": "2026"})
		if r.Status != http.StatusCreated {
			t.Fatalf("open: %d %s", r.Status, r.Body)
		}
		sub := r.JSON(t)
		id, version := int64(sub["id"].(float64)), sub["version"]
		path := fmt.Sprintf("/api/v1/submissions/%d", id)
		r = e.Do(http.MethodPut, path, clerk, map[string]any{"version": version, "values": map[string]any{
			"payroll_total": "8000000", "training_spend": "130000", "trainees": 80, "training_hours": 6400}})
		if r.Status != http.StatusOK {
			t.Fatalf("save: %d %s", r.Status, r.Body)
		}
		if r = e.Do(http.MethodPost, path+"/submit", clerk, map[string]any{"version": r.JSON(t)["version"]}); r.Status != http.StatusOK {
			t.Fatalf("submit: %d %s", r.Status, r.Body)
		}
		if r = e.Do(http.MethodPost, path+"/approve", admin, map[string]any{"version": r.JSON(t)["version"]}); r.Status != http.StatusOK {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}
		if _, err := a.PurgeDemo(ctx); err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := a.DB.Raw("SELECT COUNT(*) FROM indicator_facts WHERE period = '2026' AND org_id = ?", sub["org"].(map[string]any)["id"]).Scan(&n).Error; err != nil || n == 0 {
			t.Fatalf("the real school's figures are gone: %d %v", n, err)
		}
		if r = e.Do(http.MethodGet, path, clerk, nil); r.Status != http.StatusOK || r.JSON(t)["status"] != "approved" {
			t.Fatalf("the real submission after the purge: %d %s", r.Status, r.Body)
		}
		checks, err := a.Rollup.CheckRebuild(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range checks {
			if !c.Equal() {
				t.Fatalf("figures after the purge differ from a rebuild: %s", c)
			}
		}
	})
}
