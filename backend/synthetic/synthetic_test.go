package synthetic_test

import (
	"context"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// countStatements counts every statement gorm runs on db from now on.
func countStatements(t testing.TB, db *gorm.DB) *atomic.Int64 {
	t.Helper()
	var n atomic.Int64
	inc := func(*gorm.DB) { n.Add(1) }
	cb := db.Callback()
	for name, err := range map[string]error{
		"create": cb.Create().After("*").Register("test:count", inc),
		"query":  cb.Query().After("*").Register("test:count", inc),
		"update": cb.Update().After("*").Register("test:count", inc),
		"delete": cb.Delete().After("*").Register("test:count", inc),
		"row":    cb.Row().After("*").Register("test:count", inc),
		"raw":    cb.Raw().After("*").Register("test:count", inc),
	} {
		if err != nil {
			t.Fatalf("register %s: %v", name, err)
		}
	}
	return &n
}

// The synthetic seed runs O(N) statements: the statements a further N orgs cost do not grow with
// the orgs already there (counted, not timed), and the totals it maintains in batches are those a
// full rebuild computes.
func TestSyntheticSeedIsLinear(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		const n = 60
		var counts []int64
		sizes := []int{n, 2 * n, 4 * n}
		for _, size := range sizes {
			e := testenv.New(t, kind)
			stmts := countStatements(t, e.App.DB)
			rep, err := e.App.SeedSynthetic(ctx, size, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Orgs != size || rep.Submissions < size {
				t.Fatalf("seeded %+v for %d orgs", rep, size)
			}
			counts = append(counts, stmts.Load())
			if size == sizes[2] {
				checks, err := e.App.Rollup.CheckRebuild(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range checks {
					if !c.Equal() {
						t.Fatalf("figures maintained by the seed differ from a rebuild: %s", c)
					}
				}
			}
		}
		// Statements per further org, from n to 2n and from 2n to 4n orgs; batches of a few
		// hundred rows make the second a little uneven, a quadratic seed doubles it.
		first := float64(counts[1]-counts[0]) / float64(sizes[1]-sizes[0])
		second := float64(counts[2]-counts[1]) / float64(sizes[2]-sizes[1])
		t.Logf("statements for %v orgs: %v; per further org %.2f, then %.2f", sizes, counts, first, second)
		if first <= 0 || second > 1.2*first {
			t.Fatalf("statements are not linear in the orgs seeded: %v for %v orgs (per further org %.2f, then %.2f)", counts, sizes, first, second)
		}
	})
}
