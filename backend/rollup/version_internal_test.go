package rollup

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"
)

// TestSummaryComputedOncePerVersion: while one request computes a summary, every other request
// for the same key and version waits for it instead of computing again (the 16 dashboards after
// a rollup write); a new version is computed afresh; a failed computation is not cached and a
// waiter that sees it computes for itself.
func TestSummaryComputedOncePerVersion(t *testing.T) {
	var c summaryCache
	ctx := context.Background()
	k := summaryKey{scope: "/1/", period: "2025", basis: BasisApproved}
	var computed atomic.Int32
	started, release := make(chan struct{}), make(chan struct{})
	slow := func() (Summary, error) {
		if computed.Add(1) == 1 {
			close(started)
			<-release
		}
		return Summary{Period: "2025", Items: []Result{{}}}, nil
	}
	var wg sync.WaitGroup
	results := make([]Summary, 16)
	wg.Add(1)
	go func() { defer wg.Done(); results[0], _ = c.do(ctx, k, "v1", slow) }()
	<-started // the first computation is under way and cannot finish before release
	for i := 1; i < len(results); i++ {
		wg.Add(1)
		go func() { defer wg.Done(); results[i], _ = c.do(ctx, k, "v1", slow) }()
	}
	close(release)
	wg.Wait()
	if n := computed.Load(); n != 1 {
		t.Fatalf("16 concurrent requests at one version computed %d times, want 1", n)
	}
	for i, r := range results {
		if r.Period != "2025" || len(r.Items) != 1 {
			t.Fatalf("request %d got %+v", i, r)
		}
	}
	results[1].Items[0].Status = "changed" // a caller's copy is its own
	if again, _ := c.do(ctx, k, "v1", slow); again.Items[0].Status != "" || computed.Load() != 1 {
		t.Fatalf("cached summary changed by a caller or computed again: %+v, %d computations", again, computed.Load())
	}
	if _, err := c.do(ctx, k, "v2", slow); err != nil || computed.Load() != 2 {
		t.Fatalf("a new version: err %v, %d computations, want 2", err, computed.Load())
	}

	boom := errors.New("boom")
	if _, err := c.do(ctx, k, "v3", func() (Summary, error) { return Summary{}, boom }); !errors.Is(err, boom) {
		t.Fatalf("failed computation: %v", err)
	}
	if _, err := c.do(ctx, k, "v3", slow); err != nil || computed.Load() != 3 {
		t.Fatalf("after a failure the next request computes: err %v, %d computations, want 3", err, computed.Load())
	}
}

// TestShardStablePerTransaction: every statement of one transaction moves the same version row,
// and transactions spread over the rows.
func TestShardStablePerTransaction(t *testing.T) {
	type tx struct {
		gorm.ConnPool // as a *sql.Tx is: a pointer the transaction holds while it lives
		_             [64]byte
	}
	seen, live := map[int]bool{}, []*tx{}
	for range 256 {
		p := &tx{}
		live = append(live, p)
		a := shardOf(p)
		if b := shardOf(p); a != b || a < 0 || a >= totalsShards {
			t.Fatalf("shard %d then %d for one transaction", a, b)
		}
		seen[a] = true
	}
	if len(seen) < totalsShards/2 || len(live) != 256 {
		t.Fatalf("256 transactions used %d of %d version rows", len(seen), totalsShards)
	}
}
