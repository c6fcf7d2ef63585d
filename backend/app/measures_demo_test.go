package app_test

import (
	"context"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/supervision"
	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// TestDemoMeasures: demo data gives the leader's board content at once — every responsible unit
// but the demo clerk's has handed in its quarter's report, most measures have a lead status, and
// a few notices are open — and demo purge takes the notices away again.
func TestDemoMeasures(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		ctx := context.Background()
		if _, err := e.App.SeedDemoData(ctx); err != nil {
			t.Fatal(err)
		}
		root, err := e.App.Orgs.ByCode(ctx, "qjjw")
		if err != nil {
			t.Fatal(err)
		}
		sc := scope.Of(root.Path)
		b, err := e.App.Measures.Board(ctx, sc, e.App.Measures.CurrentPeriod())
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Measures) != 20 || b.ByStatus["unreported"] != 0 {
			t.Fatalf("board: %d measures, by status %v", len(b.Measures), b.ByStatus)
		}
		lagging := b.ByStatus["at_risk"] + b.ByStatus["delayed"]
		if lagging == 0 || b.ByStatus["on_track"] == 0 {
			t.Fatalf("demo statuses are not varied: %v", b.ByStatus)
		}
		for _, m := range b.Measures {
			if m.Number == 17 && m.Reported != 2 { // 区人力社保局 and 区教委; 区财政局 is the demo clerk's
				t.Fatalf("measure 17: %d of 3 units reported", m.Reported)
			}
		}
		p := &authz.Principal{UserID: 1, OrgID: root.ID}
		open, total, err := e.App.Supervision.List(ctx, p, sc, supervision.Filter{Active: true})
		if err != nil || total < 3 || len(open) != int(total) {
			t.Fatalf("demo notices: %d (%v)", total, err)
		}
		rep, err := e.App.PurgeDemo(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Notices != total {
			t.Fatalf("purge removed %d notices, want %d", rep.Notices, total)
		}
	})
}
