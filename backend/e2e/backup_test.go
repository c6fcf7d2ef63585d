package e2e

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runCmd runs a tianbao operator command and returns its combined output and exit error.
func runCmd(env map[string]string, args ...string) (string, error) {
	cmd := exec.Command(binary, args...)
	cmd.Env = baseEnv(env)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// snapshot is what a user sees of the data: enough to tell two databases apart.
func snapshot(t *testing.T, s *server, tok string, subID int64) string {
	t.Helper()
	var doc struct {
		Version int            `json:"version"`
		Status  string         `json:"status"`
		Values  map[string]any `json:"values"`
	}
	s.json(t, http.MethodGet, fmt.Sprintf("/api/v1/submissions/%d", subID), tok, nil, http.StatusOK, &doc)
	var hist struct {
		Items []struct {
			Version int    `json:"version"`
			Action  string `json:"action"`
		} `json:"items"`
	}
	s.json(t, http.MethodGet, fmt.Sprintf("/api/v1/submissions/%d/history", subID), tok, nil, http.StatusOK, &hist)
	var users struct {
		Total int `json:"total"`
	}
	s.json(t, http.MethodGet, "/api/v1/users?page_size=1", tok, nil, http.StatusOK, &users)
	return fmt.Sprintf("v%d %s %v history=%v users=%d", doc.Version, doc.Status, doc.Values, hist.Items, users.Total)
}

// TestBackupAndRestoreSQLite: an online backup while the server runs, more changes, stop,
// restore the file, start: the data is what it was at the backup.
func TestBackupAndRestoreSQLite(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "tianbao.db")
	env := func() map[string]string {
		return map[string]string{"TIANBAO_DB": "sqlite:" + dbPath, "TIANBAO_DATA_DIR": dir, "TIANBAO_DEMO": "1"}
	}
	s := start(t, "sqlite", env())
	tok := s.login(t, "wlzx").AccessToken
	var doc struct {
		ID      int64 `json:"id"`
		Version int   `json:"version"`
	}
	s.json(t, http.MethodPost, "/api/v1/submissions", tok, map[string]any{"form": "teacher-training", "period": "2025"},
		http.StatusCreated, &doc)
	save := func(v int, payroll string) int {
		var d struct {
			Version int `json:"version"`
		}
		s.json(t, http.MethodPut, fmt.Sprintf("/api/v1/submissions/%d", doc.ID), tok,
			map[string]any{"version": v, "values": map[string]any{"payroll_total": payroll}}, http.StatusOK, &d)
		return d.Version
	}
	v := save(doc.Version, "1234.50")
	before := snapshot(t, s, tok, doc.ID)

	backup := filepath.Join(dir, "backups", "tianbao-1.db")
	began := time.Now()
	out, err := runCmd(env(), "backup", "--out", backup)
	if err != nil {
		t.Fatalf("backup while serving: %v\n%s", err, out)
	}
	t.Logf("online backup in %s: %s", time.Since(began).Round(time.Millisecond), strings.TrimSpace(out))
	if out, err := runCmd(env(), "backup", "--out", backup); err == nil || !strings.Contains(out, "already exists") {
		t.Fatalf("backup over an existing file: %v %s", err, out)
	}

	save(v, "9999.00") // after the backup: the restore must undo it
	if after := snapshot(t, s, tok, doc.ID); after == before {
		t.Fatal("the change after the backup did not change the snapshot")
	}

	// Restore: stop, copy the file back (dropping the old WAL), start.
	s.sigterm()
	if err := s.wait(20 * time.Second); err != nil {
		t.Fatalf("stop: %v", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dbPath + suffix); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dbPath, data, 0o600); err != nil {
		t.Fatal(err)
	}
	s = start(t, "sqlite-restored", env())
	tok = s.login(t, "wlzx").AccessToken
	if got := snapshot(t, s, tok, doc.ID); got != before {
		t.Fatalf("restored data differs:\n got %s\nwant %s", got, before)
	}
}

func TestBackupRefusesMySQL(t *testing.T) {
	out, err := runCmd(map[string]string{"TIANBAO_DB": "mysql:u:p@tcp(127.0.0.1:1)/x"}, "backup", "--out", filepath.Join(t.TempDir(), "x.db"))
	if err == nil || !strings.Contains(out, "mysqldump --single-transaction") {
		t.Fatalf("backup on MySQL: %v %s", err, out)
	}
}

// TestHealthcheckCommand: the image's HEALTHCHECK runs `tianbao healthcheck`.
func TestHealthcheckCommand(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"TIANBAO_DB": "sqlite:" + filepath.Join(dir, "tianbao.db"), "TIANBAO_DATA_DIR": dir}
	s := start(t, "health", env)
	if out, err := runCmd(map[string]string{"TIANBAO_ADDR": s.addr}, "healthcheck"); err != nil {
		t.Fatalf("healthcheck of a running server: %v %s", err, out)
	}
	if out, err := runCmd(map[string]string{"TIANBAO_ADDR": s.addr}, "healthcheck", "--path", "/readyz"); err != nil {
		t.Fatalf("readiness check of a running server: %v %s", err, out)
	}
	s.sigterm()
	if err := s.wait(20 * time.Second); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if out, err := runCmd(map[string]string{"TIANBAO_ADDR": s.addr}, "healthcheck"); err == nil {
		t.Fatalf("healthcheck of a stopped server passed: %s", out)
	}
}
