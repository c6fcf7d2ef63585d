package campaign

import (
	"testing"
	"time"
)

func TestTaskLockedOverdue(t *testing.T) {
	deadline := time.Date(2026, 4, 15, 8, 0, 0, 0, time.UTC)
	before, after := deadline.Add(-time.Second), deadline.Add(time.Second)
	cases := []struct {
		name            string
		now             time.Time
		submitted       *time.Time
		locked, overdue bool
	}{
		{"task-open-before-deadline", before, nil, false, false},
		{"task-open-at-deadline", deadline, nil, false, false},
		{"task-locked-overdue-after-deadline", after, nil, true, true},
		{"task-locked-not-overdue-submitted-in-time", after, &before, true, false},
		{"task-overdue-submitted-late", after.Add(time.Hour), &after, true, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tk := Task{Deadline: deadline, SubmittedAt: c.submitted}
			if got := tk.Locked(c.now); got != c.locked {
				t.Fatalf("Locked = %v, want %v", got, c.locked)
			}
			if got := tk.Overdue(c.now); got != c.overdue {
				t.Fatalf("Overdue = %v, want %v", got, c.overdue)
			}
		})
	}
}

func TestRootID(t *testing.T) {
	for path, want := range map[string]int64{"/1/": 1, "/1/7/": 7, "/1/7/42/": 42, "/": 0} {
		if got := rootID(path); got != want {
			t.Fatalf("rootID(%q) = %d, want %d", path, got, want)
		}
	}
}
