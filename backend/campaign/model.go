// Package campaign is the bureau's call for data (填报任务): a form, a period, a deadline and the
// orgs that must report. Opening a campaign gives each target org a task; after its deadline a
// task locks unless a reviewer extends it for that org.
package campaign

import (
	"time"

	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Campaign is one call for data.
type Campaign struct {
	ID          int64
	FormCode    string
	FormVersion int
	Period      string
	Title       string
	Deadline    time.Time
	RootOrgID   int64
	RootPath    string
	RootOrgName string // filled by the service, not stored: the target's subtree by name
	OrgTypes    []string
	// ReviewLevels are the levels its submissions climb, bottom-up, the last one's approval final.
	ReviewLevels []vocab.ReviewLevel
	CreatedBy    int64
	CreatedAt    time.Time
	TaskCount    int64
}

// NewCampaign is the input to open a campaign.
type NewCampaign struct {
	FormCode  string
	Period    string
	Title     string
	Deadline  time.Time
	RootOrgID int64    // subtree to target; 0 means the caller's widest scope root
	OrgTypes  []string // empty means the form's own org types
	// ReviewLevels, bottom-up; empty means vocab.DefaultReviewLevels (the bureau alone).
	ReviewLevels []string
}

// Task statuses, derived from the org's submission: its status, or TaskNotStarted before it has one.
const (
	TaskNotStarted = vocab.TaskNotStarted
)

// Task is one org's duty to report for a campaign.
type Task struct {
	ID           int64
	CampaignID   int64
	FormCode     string
	FormVersion  int
	Period       string
	OrgID        int64
	OrgCode      string
	OrgName      string
	OrgType      string
	TownID       *int64
	Deadline     time.Time
	SubmissionID *int64
	Status       string // one of vocab.TaskStatuses
	SubmittedAt  *time.Time
	// ReviewLevels are the campaign's; ReviewLevel is the one the submission waits at, if submitted.
	ReviewLevels []vocab.ReviewLevel
	ReviewLevel  vocab.ReviewLevel
}

// Locked reports whether the task no longer accepts edits at now.
func (t Task) Locked(now time.Time) bool { return now.After(t.Deadline) }

// Overdue reports whether the deadline passed before the org submitted.
func (t Task) Overdue(now time.Time) bool {
	if t.SubmittedAt != nil {
		return t.SubmittedAt.After(t.Deadline)
	}
	return now.After(t.Deadline)
}

// TaskFilter narrows a task list.
type TaskFilter struct {
	CampaignID *int64
	Status     string
	Page       int
	PageSize   int
}
