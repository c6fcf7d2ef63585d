// Package audit is the append-only record of every state change, login and permission change.
// Entries are only ever inserted; nothing here updates or deletes.
package audit

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm"
)

// Entry is one audited event.
type Entry struct {
	ActorID    *int64
	OrgID      *int64
	Action     string // e.g. "login.success", "user.create", "role.grant"
	ObjectType string
	ObjectID   string
	Detail     any // marshalled to JSON
	RequestID  string
	RemoteAddr string
}

// Log writes entries.
type Log struct {
	db  *gorm.DB
	now func() time.Time
}

// New returns a Log over db.
func New(db *gorm.DB, now func() time.Time) *Log { return &Log{db: db, now: now} }

type entryRow struct {
	ID         int64 `gorm:"primaryKey"`
	At         time.Time
	ActorID    *int64
	OrgID      *int64
	Action     string
	ObjectType string
	ObjectID   string
	Detail     string
	RequestID  string
	RemoteAddr string
}

func (entryRow) TableName() string { return "audit_log" }

type ctxKey struct{}

// Meta is request metadata that every entry written during a request carries.
type Meta struct {
	RequestID  string
	RemoteAddr string
}

// WithMeta attaches request metadata to ctx.
func WithMeta(ctx context.Context, m Meta) context.Context {
	return context.WithValue(ctx, ctxKey{}, m)
}

// Record appends e. Pass a transaction as tx to make the entry part of the change it
// describes; nil uses the log's own handle.
func (l *Log) Record(ctx context.Context, tx *gorm.DB, e Entry) error {
	if tx == nil {
		tx = l.db
	}
	if m, ok := ctx.Value(ctxKey{}).(Meta); ok {
		if e.RequestID == "" {
			e.RequestID = m.RequestID
		}
		if e.RemoteAddr == "" {
			e.RemoteAddr = m.RemoteAddr
		}
	}
	detail := ""
	if e.Detail != nil {
		b, err := json.Marshal(e.Detail)
		if err != nil {
			return err
		}
		detail = string(b)
	}
	return tx.WithContext(ctx).Create(&entryRow{At: l.now(), ActorID: e.ActorID, OrgID: e.OrgID, Action: e.Action,
		ObjectType: e.ObjectType, ObjectID: e.ObjectID, Detail: detail, RequestID: e.RequestID, RemoteAddr: e.RemoteAddr}).Error
}
