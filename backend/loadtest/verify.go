package loadtest

import (
	"context"
	"fmt"
	"os"
	"strings"

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
	checks, err := a.Rollup.CheckRebuild(ctx)
	if err != nil {
		return "", false, err
	}
	notes := make([]string, len(checks))
	equal := true
	for i, c := range checks {
		notes[i] = c.String()
		equal = equal && c.Equal()
	}
	return strings.Join(notes, "; "), equal, nil
}
