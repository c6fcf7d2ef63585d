package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/notify"
	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// The daily review digest goes to the level a submission waits at: the demo's school forms are
// reviewed by the town (cnreview in 城南), then the bureau (reviewer). While xhzx's teacher-training
// waits at the town, the town hears of it and the bureau does not; once the town passes it up,
// the next day's digest is the bureau's.
func TestReviewDigestByLevel(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		n := ntNew(t, kind)
		sc := notify.NewScheduler(n.App.Notify, notify.SchedulerOptions{Holder: "digest"})
		d := n.wfOpen(t, "xhzx", "teacher-training")
		d = n.wfSave(t, "xhzx", d, map[string]any{"payroll_total": "1000000", "training_spend": "20000"})
		d = n.wfAct(t, "xhzx", d.ID, "submit", map[string]any{"version": d.Version})
		digests := func(user string) []string {
			items, _ := n.inbox(t, user, notify.RuleDigest)
			var out []string
			for _, it := range items {
				out = append(out, it["title"].(string)+" "+it["body"].(string))
			}
			return out
		}
		// 08:00 UTC is 16:00 in Qianjiang, past the digest hour.
		tickAll(t, 1, sc)
		if got := digests("cnreview"); len(got) != 1 || !strings.Contains(got[0], "1") {
			t.Fatalf("the town reviewer's digests: %v, want one counting 1", got)
		}
		if got := digests("reviewer"); len(got) != 0 {
			t.Fatalf("the bureau heard of what waits at the town: %v", got)
		}
		n.wfAct(t, "cnreview", d.ID, "approve", map[string]any{"version": d.Version})
		n.Clock.Advance(24 * time.Hour)
		n.tokens = map[string]string{}
		tickAll(t, 1, sc)
		if got := digests("reviewer"); len(got) != 1 {
			t.Fatalf("the bureau's digests after the town passed it up: %v, want one", got)
		}
		if got := digests("cnreview"); len(got) != 1 {
			t.Fatalf("the town got a second digest with nothing waiting at its level: %v", got)
		}
	})
}
