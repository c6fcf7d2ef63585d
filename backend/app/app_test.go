package app_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/app"
	"github.com/tianbao-edu/tianbao/backend/config"
	"github.com/tianbao-edu/tianbao/backend/errs"
)

var quiet = app.Options{Log: slog.New(slog.NewJSONHandler(io.Discard, nil))}

func sqliteConfig(t *testing.T) config.Config {
	t.Helper()
	c := config.Default()
	c.DataDir = t.TempDir()
	c.DB = "sqlite:" + filepath.Join(c.DataDir, "tianbao.db")
	c.BcryptCost = 4
	return c
}

func TestRefusesToStartWithoutSecret(t *testing.T) {
	cases := []struct {
		name   string
		secret string
		want   string
	}{
		{"app-error-no-jwt-secret-outside-demo", "", "TIANBAO_JWT_SECRET is required"},
		{"app-error-short-jwt-secret", "too-short", "at least 32"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := sqliteConfig(t)
			cfg.Demo, cfg.JWTSecret = false, c.secret
			a, err := app.Open(context.Background(), cfg, quiet)
			if err == nil {
				a.Close()
				t.Fatal("the app started without a usable JWT secret")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not say %q", err, c.want)
			}
			// It refused before touching anything: no database, no generated secret.
			for _, f := range []string{"tianbao.db", "jwt-secret"} {
				if _, err := os.Stat(filepath.Join(cfg.DataDir, f)); err == nil {
					t.Fatalf("%s was created", f)
				}
			}
		})
	}
}

func TestDemoSecretIsGeneratedOnceAndKept(t *testing.T) {
	cfg := sqliteConfig(t)
	cfg.Demo, cfg.JWTSecret = true, ""
	a, err := app.Open(context.Background(), cfg, quiet)
	if err != nil {
		t.Fatalf("demo mode must start without a secret: %v", err)
	}
	if err := a.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	u, err := a.Users.Authenticate(context.Background(), "leader", app.DemoPassword, 5, 0)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := a.Auth.Signer().Sign(u.ID, u.TokenVersion)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()

	path := filepath.Join(cfg.DataDir, "jwt-secret")
	st, err := os.Stat(path)
	if err != nil {
		t.Fatalf("demo secret not persisted: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("demo secret is readable by others: %v", st.Mode())
	}
	b, _ := os.ReadFile(path)
	if len(strings.TrimSpace(string(b))) < 32 {
		t.Fatalf("demo secret too short: %d", len(b))
	}

	// A restart reads the same secret, so tokens survive it.
	a2, err := app.Open(context.Background(), cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer a2.Close()
	if uid, _, err := a2.Auth.Signer().Verify(tok); err != nil || uid != u.ID {
		t.Fatalf("token from before the restart: uid %d err %v", uid, err)
	}
	b2, _ := os.ReadFile(path)
	if string(b) != string(b2) {
		t.Fatal("the demo secret changed on restart")
	}
}

func TestSeeds(t *testing.T) {
	ctx := context.Background()
	t.Run("seed-demo-is-idempotent", func(t *testing.T) {
		cfg := sqliteConfig(t)
		cfg.Demo = true
		a, err := app.Open(ctx, cfg, quiet)
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		count := func() (orgs, users int64) {
			a.DB.Table("orgs").Count(&orgs)
			a.DB.Table("users").Count(&users)
			return
		}
		if err := a.SeedDemo(ctx); err != nil {
			t.Fatal(err)
		}
		o1, u1 := count()
		if err := a.SeedDemo(ctx); err != nil {
			t.Fatal(err)
		}
		o2, u2 := count()
		if o1 != o2 || u1 != u2 || u1 != int64(len(app.DemoAccounts)) || o1 < 100 {
			t.Fatalf("orgs %d→%d, users %d→%d", o1, o2, u1, u2)
		}
		for _, d := range app.DemoAccounts {
			if _, err := a.Users.Authenticate(ctx, d.Username, app.DemoPassword, 5, 0); err != nil {
				t.Fatalf("demo account %s: %v", d.Username, err)
			}
		}
	})
	t.Run("seed-production-skips-demo-orgs", func(t *testing.T) {
		cfg := sqliteConfig(t)
		cfg.JWTSecret = strings.Repeat("k", 32)
		a, err := app.Open(ctx, cfg, quiet)
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		n, err := a.SeedOrgs(ctx, false)
		if err != nil || n < 50 {
			t.Fatalf("seeded %d orgs: %v", n, err)
		}
		if _, err := a.Orgs.ByCode(ctx, "xhzx"); err != nil {
			t.Fatalf("a school the plan names is missing: %v", err)
		}
		if _, err := a.Orgs.ByCode(ctx, "chengxi-jintaiyang-yey"); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("a demo kindergarten was seeded outside demo mode: %v", err)
		}
		var users int64
		a.DB.Table("users").Count(&users)
		if users != 0 {
			t.Fatalf("production seed created %d users", users)
		}
	})
}

func TestHealthAndReadiness(t *testing.T) {
	cfg := sqliteConfig(t)
	cfg.Demo = true
	a, err := app.Open(context.Background(), cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		a.Echo.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}
	for _, p := range []string{"/healthz", "/readyz"} {
		if rec := get(p); rec.Code != 200 {
			t.Fatalf("%s: %d %s", p, rec.Code, rec.Body)
		}
	}
	if rec := get("/healthz"); rec.Header().Get("X-Request-ID") == "" || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("missing request id or security headers: %v", rec.Header())
	}
	a.Close() // the database goes away: the process is alive but not ready
	if rec := get("/healthz"); rec.Code != 200 {
		t.Fatalf("/healthz after close: %d", rec.Code)
	}
	if rec := get("/readyz"); rec.Code != 503 {
		t.Fatalf("/readyz after close: %d %s", rec.Code, rec.Body)
	}
}
