package app_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

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
		if got.Users != int64(len(app.DemoAccounts)) || got.Submissions != subs || got.Campaigns == 0 {
			t.Fatalf("purged %+v; want %d users and all %d submissions", got, len(app.DemoAccounts), subs)
		}
		if err := a.RefuseDemoLogins(ctx); err != nil {
			t.Fatalf("after the purge: %v", err)
		}
		for q, want := range map[string]int64{
			"SELECT COUNT(*) FROM submissions": 0, "SELECT COUNT(*) FROM submission_revisions": 0, "SELECT COUNT(*) FROM facts": 0,
			"SELECT COUNT(*) FROM indicator_facts": 0, "SELECT COUNT(*) FROM campaigns": 0, "SELECT COUNT(*) FROM tasks": 0,
			"SELECT COUNT(*) FROM task_totals": 0, "SELECT COUNT(*) FROM users WHERE demo = 1": 0,
			"SELECT COUNT(*) FROM users WHERE username = 'real-admin'": 1, "SELECT COUNT(*) FROM audit_log WHERE action = 'demo.purge'": 1,
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
