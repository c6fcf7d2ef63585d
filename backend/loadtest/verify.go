package loadtest

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/app"
	"github.com/tianbao-edu/tianbao/backend/config"
)

// CheckTotals compares what the server maintained while it served (the per-org contributions in
// indicator_facts and the group sums in indicator_totals) with a full rebuild from the fact table
// (rollup.Service.Rebuild, what a start-up with changed definitions runs). It must run while
// nothing writes. The rebuild replaces both tables with what it computed, so a mismatch is
// reported once and then repaired. Row ids and timestamps are left out of the comparison.
func CheckTotals(ctx context.Context, db, dataDir string) (string, bool, error) {
	cfg := config.Default()
	cfg.DB = db
	cfg.DataDir = dataDir
	cfg.JWTSecret = strings.Repeat("r", 32) // signs nothing: no HTTP here
	cfg.LogLevel = "error"
	cfg.MaxOpenConns = 4
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return "", false, err
	}
	defer devnull.Close()
	a, err := app.Open(ctx, cfg, app.Options{Log: app.NewLogger(devnull, "error")})
	if err != nil {
		return "", false, fmt.Errorf("open for the rebuild: %w", err)
	}
	defer a.Close()
	tables := []string{"indicator_facts", "indicator_totals"}
	before := map[string][]string{}
	for _, t := range tables {
		if before[t], err = dumpTable(ctx, a.DB, t); err != nil {
			return "", false, err
		}
	}
	if err := a.Rollup.Rebuild(ctx); err != nil {
		return "", false, fmt.Errorf("rebuild: %w", err)
	}
	var notes []string
	equal := true
	for _, t := range tables {
		after, err := dumpTable(ctx, a.DB, t)
		if err != nil {
			return "", false, err
		}
		missing, extra := diffRows(before[t], after)
		if missing+extra > 0 {
			equal = false
			notes = append(notes, fmt.Sprintf("%s: %d rows maintained, %d rebuilt, %d rebuilt rows missing from the maintained ones, %d maintained rows not in the rebuild",
				t, len(before[t]), len(after), missing, extra))
		} else {
			notes = append(notes, fmt.Sprintf("%s: %d rows, equal", t, len(after)))
		}
	}
	return strings.Join(notes, "; "), equal, nil
}

// dumpTable returns every row of table as a sorted list of strings, without id and at.
func dumpTable(ctx context.Context, db *gorm.DB, table string) ([]string, error) {
	rows, err := db.WithContext(ctx).Raw("SELECT * FROM " + table).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []string
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		var b strings.Builder
		for i, c := range cols {
			if c == "id" || c == "at" {
				continue
			}
			v := vals[i]
			if bs, ok := v.([]byte); ok {
				v = string(bs)
			}
			fmt.Fprintf(&b, "%s=%v|", c, v)
		}
		out = append(out, b.String())
	}
	sort.Strings(out)
	return out, rows.Err()
}

// diffRows counts the rows of want missing from got and of got not in want (as multisets).
func diffRows(got, want []string) (missing, extra int) {
	n := map[string]int{}
	for _, r := range got {
		n[r]++
	}
	for _, r := range want {
		n[r]--
	}
	for _, c := range n {
		if c < 0 {
			missing -= c
		} else {
			extra += c
		}
	}
	return
}
