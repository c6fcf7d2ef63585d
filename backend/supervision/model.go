// Package supervision is the bureau's 督办: a reviewer issues a notice to a unit (a measure at
// risk, an overdue milestone, an overdue data task, a returned form left untouched) with a
// required action and a deadline; the unit answers (反馈) with text and evidence; the reviewer
// closes it, returns it for a better answer, or escalates it 提醒 → 督办 → 通报. Every step is an
// event and an audit row written in the same transaction as the change.
//
// Visibility: a notice is seen by its recipient unit and by whoever's notice:read scope covers the
// unit (the bureau); a 通报 (circulate) notice is also seen by every responsible unit of the
// plan's measures (the leading group's member units), as the plan's 督查结果 are circulated
// among them. Schools never see another org's notices.
package supervision

import (
	"time"

	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Level is a notice's escalation step; Status where it stands. The words are vocab's.
type (
	Level  = vocab.NoticeLevel
	Status = vocab.NoticeStatus
)

// Notice is one supervision notice (督办单).
type Notice struct {
	ID             int64
	OrgID          int64
	OrgCode        string
	OrgName        string
	OrgPath        string
	MeasureNumber  *int
	Reason         string
	Subject        string
	Title          string
	RequiredAction string
	Deadline       time.Time
	Level          Level
	Status         Status
	Version        int
	IssuedBy       int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
	ClosedAt       *time.Time
}

// Overdue reports whether the unit still owes an answer after the deadline.
func (n Notice) Overdue(now time.Time) bool {
	return n.Status == vocab.NoticeOpen && now.After(n.Deadline)
}

// Event kinds.
const (
	EventIssue    = "issue"
	EventAnswer   = "answer"
	EventReturn   = "return"
	EventEscalate = "escalate"
	EventClose    = "close"
)

// Event is one step in a notice's life.
type Event struct {
	ID        int64
	Kind      string
	ActorID   int64
	ActorName string
	Level     Level
	Text      string
	Evidence  []Evidence
	Deadline  *time.Time
	At        time.Time
}

// Evidence is a file in an answer: an attachment the unit uploaded to one of its own
// submissions (its progress report, typically), or a file uploaded with the answer itself
// (Uploaded, kept by content hash in the file store).
type Evidence struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Size        int64  `json:"size,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	SHA256      string `json:"sha256,omitempty"`
	Uploaded    bool   `json:"uploaded,omitempty"`
}

// NewNotice is the input to issue a notice.
type NewNotice struct {
	OrgID          int64
	MeasureNumber  *int
	Reason         string
	Subject        string
	Title          string
	RequiredAction string
	Deadline       time.Time
	Level          string // empty: reminder
}

// Filter narrows a notice list.
type Filter struct {
	Status   string
	Active   bool // only notices not closed (open or answered)
	Level    string
	OrgID    int64
	Measure  int
	Page     int
	PageSize int
}

// Action is a reviewer's or unit's step on a notice.
type Action struct {
	Version  *int
	Text     string
	Evidence []string   // attachment ids (answer)
	Files    []Upload   // files uploaded with the answer
	Deadline *time.Time // return and escalate: the new deadline (default: a week on)
}

// OrgCount is how many notices of one org are open and how many of those are past their deadline.
type OrgCount struct {
	OrgID   int64
	OrgCode string
	OrgName string
	Open    int
	Overdue int
}
