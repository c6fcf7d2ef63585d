package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func repoFile(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The README's reporting cycle is scripts/reporting-cycle.sh, which reads every id from the
// answers; it runs as written against a fresh demo server.
func TestReportingCycleScript(t *testing.T) {
	for _, tool := range []string{"bash", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	setEnv(t)
	t.Setenv("TIANBAO_DEMO", "1")
	t.Setenv("TIANBAO_DEMO_DATA", "0")
	addr := freeAddr(t)
	t.Setenv("TIANBAO_ADDR", addr)
	script, err := filepath.Abs(filepath.Join("..", "..", "..", "scripts", "reporting-cycle.sh"))
	if err != nil {
		t.Fatal(err)
	}
	banner := serveUntilUp(t, addr, func() {
		cmd := exec.Command("bash", script)
		cmd.Env = append(os.Environ(), "TIANBAO_URL=http://"+addr, "TMPDIR="+t.TempDir())
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("scripts/reporting-cycle.sh: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), "reporting cycle done: submission") {
			t.Fatalf("the script did not finish:\n%s", out)
		}
	})
	// What `make run` prints: where it listens, and that it is demo mode.
	if !strings.Contains(banner, "listening on http://"+addr) || !strings.Contains(banner, "Demo mode") {
		t.Fatalf("the banner does not say where demo mode listens:\n%s", banner)
	}
}

// The README tells a new operator what to install, to seed before creating users, where the
// API is described, and points at the script rather than hard-coded ids.
func TestReadmeOperations(t *testing.T) {
	readme := repoFile(t, "README.md")
	for _, want := range []string{"Node ≥ 20.19", "npm", "Go 1.26", "scripts/reporting-cycle.sh", "backend/api/openapi.yaml",
		"/api/v1/openapi.yaml", "tianbao demo purge", "TIANBAO_METRICS_ADDR", "TIANBAO_METRICS_TOKEN"} {
		if !strings.Contains(readme, want) {
			t.Errorf("README.md does not mention %q", want)
		}
	}
	if regexp.MustCompile(`/(submissions|campaigns)/[0-9]+`).MatchString(readme) {
		t.Error("README.md hard-codes a submission or campaign id")
	}
	_, ops, _ := strings.Cut(readme, "## Operating it")
	seed, create := strings.Index(ops, "tianbao seed"), strings.Index(ops, "tianbao user create")
	if seed < 0 || create < 0 || seed > create {
		t.Errorf("README.md's Operating section must list `tianbao seed` before `tianbao user create` (at %d and %d)", seed, create)
	}
}
