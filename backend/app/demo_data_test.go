package app_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// TestSeedDemoData: demo mode fills most schools' forms with valid approved data so the
// leader's dashboard has figures, leaves the demo clerks' own forms to them, and runs once.
func TestSeedDemoData(t *testing.T) {
	e := testenv.New(t, "sqlite")
	ctx := context.Background()
	rep, err := e.App.SeedDemoData(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Submissions < 100 {
		t.Fatalf("only %d demo submissions", rep.Submissions)
	}
	if again, err := e.App.SeedDemoData(ctx); err != nil || again.Submissions != 0 {
		t.Fatalf("second run added %d (%v); want none", again.Submissions, err)
	}
	x := e.Login("xhzx")
	r := e.Do(http.MethodGet, "/api/v1/tasks?status=not_started", x, nil)
	if r.Status != http.StatusOK || r.JSON(t)["total"].(float64) == 0 {
		t.Fatalf("xhzx should still have its tasks to fill: %d %s", r.Status, r.Body)
	}
	l := e.Login("leader")
	r = e.Do(http.MethodGet, "/api/v1/indicators?period=2025", l, nil)
	var sum struct {
		Items []struct {
			Code   string  `json:"code"`
			Value  *string `json:"value"`
			Status string  `json:"status"`
		} `json:"items"`
	}
	r.Decode(t, &sum)
	withData := 0
	for _, it := range sum.Items {
		if it.Value != nil {
			withData++
		}
	}
	if withData < len(sum.Items)/2 {
		t.Fatalf("only %d of %d indicators have figures after demo data", withData, len(sum.Items))
	}
}
