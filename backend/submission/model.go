// Package submission is one org's data for one form and period, and its review workflow:
// draft → submitted → approved, or submitted → returned → submitted …, with reopen of an
// approved one. Every save carries the version it was based on, so nothing is silently
// overwritten; every change writes a revision, and submit/approve/return/reopen keep the
// rollup fact table in step inside the same transaction.
package submission

import (
	"time"

	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Status of a submission; the words are vocab's.
type Status = vocab.SubmissionStatus

// Statuses.
const (
	StatusDraft     = vocab.StatusDraft
	StatusSubmitted = vocab.StatusSubmitted
	StatusReturned  = vocab.StatusReturned
	StatusApproved  = vocab.StatusApproved
)

// Submission is one org's data for one form and period.
type Submission struct {
	ID          int64
	OrgID       int64
	OrgCode     string
	OrgName     string
	OrgPath     string
	TownID      *int64
	FormCode    string
	FormVersion int
	Period      string
	Status      Status
	// ReviewLevel is the level a submitted one waits at; "" for one-step review or any other status.
	ReviewLevel vocab.ReviewLevel
	// ReviewChain are the levels it climbs, bottom-up, fixed when it was last submitted; empty is
	// one step by any reviewer over the org.
	ReviewChain []vocab.ReviewLevel
	Version     int
	Values      map[string]any
	Computed    map[string]any
	Warnings    []form.Issue
	Comments    *Comments
	SubmittedAt *time.Time
	ApprovedAt  *time.Time
	CreatedAt   time.Time
	// Arrived is set by a save merged with others' changes: the fields it kept from them.
	Arrived   []string
	UpdatedAt time.Time
}

// Comments are what a reviewer said when returning or reopening.
type Comments struct {
	Comment string            `json:"comment"`
	Fields  map[string]string `json:"field_comments"`
	By      int64             `json:"by"`
	At      time.Time         `json:"at"`
}

// Change is one field's old and new value in a revision.
type Change struct {
	From any `json:"from"`
	To   any `json:"to"`
}

// Revision is one recorded change.
type Revision struct {
	ID         int64
	Version    int
	Action     string // create, save, merge, upgrade, or a vocab review action (submit, pass, approve, return, …)
	FromStatus Status
	ToStatus   Status
	Level      vocab.ReviewLevel // the level that decided (a reviewer's action at a level)
	ToLevel    vocab.ReviewLevel // the level it waits at afterwards
	ActorID    int64
	ActorName  string
	At         time.Time
	Diff       map[string]Change
	Comment    string
	// FieldComments are a return's or reopen's per-field comments.
	FieldComments map[string]string
}

// QueueFilter narrows the reviewer queue.
type QueueFilter struct {
	FormCode string
	Period   string
	Status   Status
	// Awaiting keeps the submitted ones waiting at one of these reviewer seats (a reviewer's
	// own queue); nil does not filter.
	Awaiting []Seat
	// Level keeps the submitted ones waiting at this level ("" does not filter).
	Level    vocab.ReviewLevel
	OrgID    *int64 // subtree root
	TownID   *int64
	Page     int
	PageSize int
}

// Attachment is an uploaded evidence file.
type Attachment struct {
	ID           string
	Name         string
	Size         int64
	ContentType  string
	SubmissionID int64
	Field        string
	SHA256       string
}
