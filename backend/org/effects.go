package org

import (
	"context"
	"strconv"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/audit"
)

// TxHook is work another domain does inside an org change's transaction.
type TxHook func(ctx context.Context, tx *gorm.DB) error

// Effects are what an org change does besides the org rows, all inside its one transaction:
// the audit row, and the recounts that place figures by town and type. If any of them fails,
// the change is rolled back and nothing of it is left.
type Effects struct {
	ActorID int64
	Audit   *audit.Log
	// PlaceChanged runs when orgs moved or changed type (rollup and task-total recounts).
	PlaceChanged []TxHook
}

// record writes one audit row in tx; without a log nothing is written (seeding, tests of the tree).
func (e Effects) record(ctx context.Context, tx *gorm.DB, action string, o Org, detail any) error {
	if e.Audit == nil {
		return nil
	}
	var actor *int64
	if e.ActorID != 0 {
		actor = &e.ActorID
	}
	id := o.ID
	return e.Audit.Record(ctx, tx, audit.Entry{ActorID: actor, OrgID: &id, Action: action, ObjectType: "org",
		ObjectID: strconv.FormatInt(o.ID, 10), Detail: detail})
}

func run(ctx context.Context, tx *gorm.DB, hooks []TxHook) error {
	for _, h := range hooks {
		if err := h(ctx, tx); err != nil {
			return err
		}
	}
	return nil
}
