package migrations

import (
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// A database a demo run filled before v7: v7 marks the accounts that still open with the demo
// password, the submissions they touched and the campaigns they opened, and nothing else.
func TestV7MarksAnEarlierDemo(t *testing.T) {
	db, err := database.Open("sqlite", filepath.Join(t.TempDir(), "t.db"), database.Options{MaxOpenConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer database.Close(db)
	if _, err := database.Migrate(db, All()[:6]); err != nil {
		t.Fatal(err)
	}
	hash := func(pw string) string {
		h, err := bcrypt.GenerateFromPassword([]byte(pw), 4)
		if err != nil {
			t.Fatal(err)
		}
		return string(h)
	}
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	exec := func(q string, args ...any) {
		t.Helper()
		if err := db.Exec(q, args...).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec("INSERT INTO orgs (id, code, name, type, path, depth, created_at, updated_at) VALUES (1, 'qjjw', 'b', 'bureau', '/1/', 1, ?, ?)", now, now)
	for i, u := range []struct{ name, pw string }{{"admin", v7DemoPassword}, {"xhzx", v7DemoPassword}, {"reviewer", "Own@Password2025"}, {"alice", v7DemoPassword}} {
		exec("INSERT INTO users (id, username, display_name, password_hash, org_id, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
			i+1, u.name, u.name, hash(u.pw), now, now)
	}
	sub := func(id, by int) {
		exec(`INSERT INTO submissions (id, org_id, form_code, period, form_version, status, version, data, computed, warnings, comments, updated_by, created_at, updated_at)
			VALUES (?, 1, ?, '2025', 1, 'approved', 1, '{}', '{}', '[]', '[]', ?, ?, ?)`, id, "f"+string(rune('a'+id)), by, now, now)
	}
	sub(1, 1) // by the demo admin
	sub(2, 3) // by a reviewer with a password of its own
	sub(3, 3)
	exec("INSERT INTO submission_revisions (submission_id, version, action, from_status, to_status, actor_id, at, diff, comment) VALUES (3, 1, 'save', '', 'draft', 2, ?, '{}', '')", now)
	exec("INSERT INTO campaigns (id, form_code, form_version, period, title, deadline, root_org_id, root_path, created_by, created_at) VALUES (1, 'fa', 1, '2025', 't', ?, 1, '/1/', 1, ?)", now, now)
	exec("INSERT INTO campaigns (id, form_code, form_version, period, title, deadline, root_org_id, root_path, created_by, created_at) VALUES (2, 'fb', 1, '2025', 't', ?, 1, '/1/', 3, ?)", now, now)

	if _, err := database.Migrate(db, All()); err != nil {
		t.Fatal(err)
	}
	marked := func(table string) []int64 {
		var ids []int64
		if err := db.Table(table).Where("demo = ?", true).Order("id").Pluck("id", &ids).Error; err != nil {
			t.Fatal(err)
		}
		return ids
	}
	if got := marked("users"); len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Errorf("demo users %v; want admin and xhzx (alice is no demo name, reviewer has its own password)", got)
	}
	if got := marked("submissions"); len(got) != 2 || got[0] != 1 || got[1] != 3 {
		t.Errorf("demo submissions %v; want 1 (updated by admin) and 3 (xhzx in its history)", got)
	}
	if got := marked("campaigns"); len(got) != 1 || got[0] != 1 {
		t.Errorf("demo campaigns %v; want 1", got)
	}
}
