package rollup_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/submission"
	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// TestRollupConcurrentTransitions is the month-end rush: 16 workers, each owning a different
// school's submission, run save → submit → approve → reopen cycles at once through the real
// services. The schools share their totals groups (form, period, status, type, town), which is
// where MariaDB deadlocked (1213 on the totals refresh's gap locks) and SQLite writers starved
// into SQLITE_BUSY. Every transition must succeed, and the maintained contributions and totals
// must equal a full rebuild afterwards.
func TestRollupConcurrentTransitions(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := rtNew(t, kind)
		ctx := context.Background()
		const workers, cycles = 16, 6
		var orgs []int64
		if err := e.App.DB.Raw(`SELECT DISTINCT tasks.org_id FROM tasks JOIN campaigns ON campaigns.id = tasks.campaign_id
WHERE campaigns.form_code = ? AND campaigns.period = ? ORDER BY tasks.org_id`, "teacher-training", "2025").Scan(&orgs).Error; err != nil {
			t.Fatal(err)
		}
		if len(orgs) < workers {
			t.Fatalf("only %d orgs have a teacher-training task for 2025, want %d", len(orgs), workers)
		}
		rv, err := e.App.Submissions.ReviewerOf(ctx, e.p)
		if err != nil {
			t.Fatal(err)
		}
		subs := make([]int64, workers)
		for i := range subs {
			sub, _, err := e.App.Submissions.Open(ctx, e.p, e.sc, "teacher-training", "2025", orgs[i])
			if err != nil {
				t.Fatalf("open for org %d: %v", orgs[i], err)
			}
			subs[i] = sub.ID
		}
		var (
			wg          sync.WaitGroup
			mu          sync.Mutex
			failures    []string
			transitions int
		)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				fail := func(step string, err error) {
					mu.Lock()
					defer mu.Unlock()
					failures = append(failures, fmt.Sprintf("worker %d %s: %v", w, step, err))
				}
				for c := range cycles {
					sub, err := e.App.Submissions.Get(ctx, e.sc, subs[w])
					if err != nil {
						fail("get", err)
						return
					}
					// Walk the submission round the cycle from wherever it stands.
					for range 4 {
						v := sub.Version
						var step string
						switch sub.Status {
						case submission.StatusDraft, submission.StatusReturned:
							step = "save"
							vals := training(fmt.Sprint(1000000+10000*w+c), fmt.Sprint(15000+100*w+c), fmt.Sprint(10+c))
							if sub, err = e.App.Submissions.Save(ctx, e.p, e.sc, sub.ID, vals, &v); err == nil {
								v = sub.Version
								step = "submit"
								sub, err = e.App.Submissions.Submit(ctx, e.p, e.sc, sub.ID, &v)
							}
						case submission.StatusSubmitted:
							step = "approve"
							sub, err = e.App.Submissions.Approve(ctx, rv, e.sc, sub.ID, &v)
						case submission.StatusApproved:
							step = "reopen"
							sub, err = e.App.Submissions.Reopen(ctx, rv, e.sc, sub.ID, &v, "请核实", nil)
						}
						if err != nil {
							fail(step, err)
							return
						}
						mu.Lock()
						transitions++
						mu.Unlock()
					}
				}
			}()
		}
		wg.Wait()
		for _, f := range failures {
			t.Error(f)
		}
		if t.Failed() {
			return
		}
		if want := workers * cycles * 4; transitions != want {
			t.Fatalf("%d transitions, want %d", transitions, want)
		}
		t.Logf("%d transitions, %d transactions retried", transitions, database.Retries(e.App.DB))
		assertTotalsEqualRebuild(t, e)
	})
}

// assertTotalsEqualRebuild compares the maintained contributions and totals with what a full
// rebuild (rollup.Service.CheckRebuild) computes from the fact table.
func assertTotalsEqualRebuild(t *testing.T, e *rtEnv) {
	t.Helper()
	checks, err := e.App.Rollup.CheckRebuild(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		if c.Table == "indicator_totals" && c.Maintained == 0 {
			t.Fatal("no totals maintained")
		}
		if !c.Equal() {
			t.Errorf("maintained rows differ from a full rebuild: %s", c)
		}
	}
}
