// Package notify reminds people and tells them what happened: an in-app inbox per user and
// outbound channels (企业微信 and DingTalk group-robot webhooks, e-mail over SMTP), per-org and
// per-user settings, templates in Chinese and English, and a scheduler that runs on every replica
// while a database lease lets one of them send at a time.
//
// Every message goes through Enqueue, inside the caller's transaction: it writes the recipients'
// inbox items and one outbox row per outbound channel, each unique on (rule, channel, recipient,
// occasion), so enqueuing the same occasion twice sends nothing more. The scheduler claims due
// outbox rows one at a time (a conditional UPDATE with a claim token and a claim timeout), sends
// and marks the row sent in the same step as the channel's success; a failure is retried with
// exponential backoff up to MaxAttempts; every attempt is kept in the delivery log. A sender that
// dies between its claim and its send leaves the row to be claimed again after the claim timeout,
// so each message reaches its channel once; one that dies after the channel accepted the message
// but before the row was marked sends it again (at-least-once to the channel in that window).
package notify

import (
	"time"
)

// Rules: why a message is sent. Each is the first part of an outbox row's unique key.
const (
	RuleDeadline = "deadline" // N days before a task's deadline, to an org that has not submitted
	RuleReturned = "returned" // a reviewer returned a submission: to its filler
	RuleOverdue  = "overdue"  // a task's deadline passed unsubmitted: filler, org admin, responsible reviewer
	RuleDigest   = "digest"   // the daily review-queue digest to reviewers
	RuleNotice   = "notice"   // a supervision notice (督办) and its deadline
)

// Channels a message can leave by; the inbox is not one of them (it is written at once).
const (
	ChannelWeCom    = "wecom"
	ChannelDingTalk = "dingtalk"
	ChannelEmail    = "email"
)

// Channels lists the outbound channels.
var Channels = []string{ChannelWeCom, ChannelDingTalk, ChannelEmail}

// Delivery statuses of an outbox row.
const (
	StatusPending = "pending" // waiting for its next attempt
	StatusSending = "sending" // claimed by a sender until its claim times out
	StatusSent    = "sent"    // the channel accepted it
	StatusFailed  = "failed"  // gave up after MaxAttempts
)

// Statuses lists the delivery statuses.
var Statuses = []string{StatusPending, StatusSending, StatusSent, StatusFailed}

// Languages a template exists in; the first is the default.
var Languages = []string{"zh-CN", "en"}

// Message is one thing to tell people, as a caller hands it to Enqueue.
type Message struct {
	// Rule and Occasion identify the message: the same (rule, recipient, occasion) is delivered
	// once however often it is enqueued. Occasion names the event, e.g. "notice:12:issued".
	Rule     string
	Occasion string
	// OrgID is the org the message is about; its webhooks receive it when ToOrg is set.
	OrgID int64
	// Users receive it in their inbox and by e-mail if they turned e-mail on.
	Users []int64
	// ToOrg also posts it to OrgID's group-robot webhooks (企业微信, DingTalk).
	ToOrg bool
	// Template names a registered template ("notice.issued", ...) rendered with Params in each
	// recipient's language. Without one, Title and Body are used as they are.
	Template string
	Params   map[string]string
	Title    string
	Body     string
	// Link is the SPA path the inbox item opens, e.g. "/submissions/12".
	Link string
}

// Item is one inbox entry.
type Item struct {
	ID        int64
	Rule      string
	Title     string
	Body      string
	Link      string
	ReadAt    *time.Time
	CreatedAt time.Time
}

// UserSettings are a user's own channel choices.
type UserSettings struct {
	Email   string
	EmailOn bool
	InboxOn bool
	Lang    string
}

// OrgSettings are an org's group-robot webhooks. The API shows them masked.
type OrgSettings struct {
	OrgID          int64
	WeComURL       string
	DingTalkURL    string
	DingTalkSecret string
	Lang           string
	UpdatedAt      time.Time
}

// OrgPatch changes an org's settings: a nil field is kept, an empty string clears it.
type OrgPatch struct {
	WeComURL       *string
	DingTalkURL    *string
	DingTalkSecret *string
	Lang           *string
}

// Delivery is one outbox row as the delivery log shows it.
type Delivery struct {
	ID        int64
	Rule      string
	Channel   string
	Recipient string
	Occasion  string
	OrgID     int64
	Subject   string
	Status    string
	Attempts  int
	LastError string
	NextAt    time.Time
	SentAt    *time.Time
	CreatedAt time.Time
}

// DeliveryFilter narrows the delivery log.
type DeliveryFilter struct {
	Status   string
	Channel  string
	Rule     string
	Page     int
	PageSize int
}
