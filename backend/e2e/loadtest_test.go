package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLoadtest runs `tianbao loadtest` briefly (every scenario, 5 s each: with 3 s, on a machine
// running other test packages at once, a cycle's first round of sixteen submits once took all
// of it, and the later operations answered nothing) against a server it
// starts on a fresh SQLite file and on a fresh MariaDB database, and checks what the report must
// say: it parses, every scenario answered, no answer was >= 500, and the maintained totals equal
// a full rebuild after the write scenarios.
func TestLoadtest(t *testing.T) {
	dbs := []struct{ name, db string }{{"sqlite", "sqlite"}}
	if base := os.Getenv("TIANBAO_TEST_MYSQL"); base != "" {
		dbs = append(dbs, struct{ name, db string }{"mariadb", "mysql:" + base})
	} else {
		t.Log("TIANBAO_TEST_MYSQL not set: SQLite only")
	}
	for _, d := range dbs {
		t.Run(d.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, binary, "loadtest", "-db", d.db, "-duration", "5s", "-workers", "16", "-dashboards", "16")
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			err := cmd.Run()
			t.Logf("report:\n%s", out.String())
			if err != nil {
				t.Fatalf("loadtest: %v\n%s", err, tail(errb.String(), 4000))
			}
			rows := parseLoadReport(t, out.String())
			seen := map[string]bool{}
			for _, r := range rows {
				seen[r.scenario] = true
				if r.ge500 != 0 {
					t.Errorf("%s %s: %d answers >= 500", r.scenario, r.op, r.ge500)
				}
				if r.answered == 0 {
					t.Errorf("%s %s: nothing answered", r.scenario, r.op)
				}
			}
			for _, s := range []string{"save", "floor", "cycle", "read", "reference", "mixed", "byorg"} {
				if !seen[s] {
					t.Errorf("the report has no %s rows", s)
				}
			}
			rep := out.String()
			for _, want := range []string{"**Responses ≥ 500 (other than 503): 0 — none**", "Totals after cycle: **equal to a full rebuild**",
				"Totals after mixed: **equal to a full rebuild**", "the floor**", "of their rate alone**", "Server RSS after the run"} {
				if !strings.Contains(rep, want) {
					t.Errorf("the report lacks %q", want)
				}
			}
		})
	}
}

type loadRow struct {
	scenario, op   string
	answered       int64
	perSec         float64
	ge500, answ503 int64
}

// parseLoadReport reads the Markdown table of a loadtest report.
func parseLoadReport(t *testing.T, rep string) []loadRow {
	t.Helper()
	var rows []loadRow
	inTable := false
	for _, line := range strings.Split(rep, "\n") {
		if strings.HasPrefix(line, "| scenario |") {
			inTable = true
			continue
		}
		if !inTable || strings.HasPrefix(line, "|---") {
			continue
		}
		if !strings.HasPrefix(line, "|") {
			if len(rows) > 0 {
				break
			}
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) != 13 {
			t.Fatalf("table row with %d cells: %q", len(cells), line)
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		num := func(i int) int64 {
			n, err := strconv.ParseInt(cells[i], 10, 64)
			if err != nil {
				t.Fatalf("cell %d of %q: %v", i, line, err)
			}
			return n
		}
		ps, err := strconv.ParseFloat(cells[3], 64)
		if err != nil {
			t.Fatalf("rate in %q: %v", line, err)
		}
		rows = append(rows, loadRow{scenario: cells[0], op: cells[1], answered: num(2), perSec: ps, ge500: num(7), answ503: num(8)})
	}
	if len(rows) == 0 {
		t.Fatalf("no table in the report:\n%s", rep)
	}
	return rows
}
