package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/app"
	"github.com/tianbao-edu/tianbao/backend/config"
	"github.com/tianbao-edu/tianbao/backend/errs"
)

// setEnv points every command at a fresh SQLite file, outside demo mode.
func setEnv(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"TIANBAO_DB": "sqlite:" + filepath.Join(dir, "tianbao.db"), "TIANBAO_DATA_DIR": dir, "TIANBAO_BCRYPT_COST": "4",
		"TIANBAO_DEMO": "", "TIANBAO_JWT_SECRET": "", "TIANBAO_PASSWORD": "", "TIANBAO_ADDR": "",
	} {
		t.Setenv(k, v)
	}
	return dir
}

func TestVersionAndUsage(t *testing.T) {
	setEnv(t)
	if err := run([]string{"version"}); err != nil {
		t.Fatalf("version: %v", err)
	}
	if err := run([]string{"help"}); err != nil {
		t.Fatalf("help: %v", err)
	}
	if err := run(nil); err == nil {
		t.Fatal("no command must be an error")
	}
	if err := run([]string{"frobnicate"}); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Fatalf("unknown command: %v", err)
	}
}

func TestServeRefusesWithoutSecret(t *testing.T) {
	setEnv(t)
	err := run([]string{"serve"})
	if err == nil || !strings.Contains(err.Error(), "TIANBAO_JWT_SECRET") {
		t.Fatalf("serve outside demo mode without a secret: %v", err)
	}
}

func TestOperatorCommands(t *testing.T) {
	setEnv(t)
	ctx := context.Background()
	steps := []struct {
		name    string
		args    []string
		pw      string
		wantErr string
	}{
		{"cmd-migrate", []string{"migrate"}, "", ""},
		{"cmd-migrate-again-is-a-no-op", []string{"migrate"}, "", ""},
		{"cmd-seed", []string{"seed"}, "", ""},
		{"cmd-seed-again-is-a-no-op", []string{"seed"}, "", ""},
		{"cmd-user-create-needs-org-and-role", []string{"user", "create", "admin"}, "First@Admin2025", "--org and --role"},
		{"cmd-user-create-weak-password", []string{"user", "create", "--org", "qjjw", "--role", "sysadmin", "admin"}, "short", "invalid input"},
		{"cmd-user-create-unknown-org", []string{"user", "create", "--org", "nowhere", "--role", "sysadmin", "admin"}, "First@Admin2025", "no org with code \"nowhere\": run `tianbao seed`"},
		{"cmd-user-create", []string{"user", "create", "--org", "qjjw", "--role", "sysadmin", "--name", "管理员", "admin"}, "First@Admin2025", ""},
		{"cmd-user-create-twice", []string{"user", "create", "--org", "qjjw", "--role", "sysadmin", "admin"}, "First@Admin2025", "already exists"},
		{"cmd-user-create-filler", []string{"user", "create", "--org", "xhzx", "--role", "filler", "xh-clerk"}, "Clerk@2025!!", ""},
		{"cmd-user-grant", []string{"user", "grant", "--org", "town-chengnan", "--role", "reviewer", "xh-clerk"}, "", ""},
		{"cmd-user-revoke", []string{"user", "revoke", "--org", "xhzx", "--role", "filler", "xh-clerk"}, "", ""},
		{"cmd-user-grant-unknown-role", []string{"user", "grant", "--org", "xhzx", "--role", "king", "xh-clerk"}, "", "invalid input"},
		{"cmd-user-reset-password", []string{"user", "reset-password", "xh-clerk"}, "Reset@2025!!", ""},
		{"cmd-user-unknown-subcommand", []string{"user", "delete", "xh-clerk"}, "", "unknown subcommand"},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			t.Setenv("TIANBAO_PASSWORD", s.pw)
			err := run(s.args)
			switch {
			case s.wantErr == "" && err != nil:
				t.Fatalf("%v: %v", s.args, err)
			case s.wantErr != "" && (err == nil || !strings.Contains(err.Error(), s.wantErr)):
				t.Fatalf("%v: want an error with %q, got %v", s.args, s.wantErr, err)
			}
		})
	}

	// Open what the commands built, as `tianbao serve` would with a real secret.
	t.Setenv("TIANBAO_JWT_SECRET", strings.Repeat("s", 40))
	cfg, err := config.FromEnv(nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, cfg, app.Options{Log: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.Orgs.ByCode(ctx, "chengxi-jintaiyang-yey"); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("plain `seed` loaded a demo org: %v", err)
	}
	do := func(method, path, token, body string) (int, map[string]any) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		a.Echo.ServeHTTP(rec, req)
		var m map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &m)
		return rec.Code, m
	}

	t.Run("cmd-created-admin-must-change-password", func(t *testing.T) {
		code, m := do("POST", "/api/v1/auth/login", "", `{"username":"admin","password":"First@Admin2025"}`)
		if code != 200 {
			t.Fatalf("login: %d %v", code, m)
		}
		u := m["user"].(map[string]any)
		if u["must_change_password"] != true || u["display_name"] != "管理员" {
			t.Fatalf("created admin: %v", u)
		}
		roles := u["roles"].([]any)
		if len(roles) != 1 || roles[0].(map[string]any)["role"] != "sysadmin" || roles[0].(map[string]any)["org_code"] != "qjjw" {
			t.Fatalf("roles: %v", roles)
		}
		tok := m["access_token"].(string)
		if code, m := do("GET", "/api/v1/orgs", tok, ""); code != 403 || m["code"] != "password_change_required" {
			t.Fatalf("GET /orgs before the change: %d %v", code, m)
		}
		code, m = do("POST", "/api/v1/me/password", tok, `{"current_password":"First@Admin2025","new_password":"Second@Admin2025"}`)
		if code != 200 {
			t.Fatalf("change password: %d %v", code, m)
		}
		if code, m := do("GET", "/api/v1/orgs", m["access_token"].(string), ""); code != 200 {
			t.Fatalf("GET /orgs after the change: %d %v", code, m)
		}
	})
	t.Run("cmd-grant-revoke-reset-took-effect", func(t *testing.T) {
		code, m := do("POST", "/api/v1/auth/login", "", `{"username":"xh-clerk","password":"Reset@2025!!"}`)
		if code != 200 {
			t.Fatalf("login with the reset password: %d %v", code, m)
		}
		u := m["user"].(map[string]any)
		roles := u["roles"].([]any)
		if u["must_change_password"] != true || len(roles) != 1 || roles[0].(map[string]any)["role"] != "reviewer" ||
			roles[0].(map[string]any)["org_code"] != "town-chengnan" {
			t.Fatalf("after grant, revoke and reset: %v", u)
		}
	})
}
