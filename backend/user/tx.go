package user

import (
	"context"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/audit"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// Tx runs fn with a Store bound to one transaction: the change and its audit row commit
// together, or neither does.
func (s *Store) Tx(ctx context.Context, fn func(*Store) error) error {
	return database.Tx(ctx, s.db, func(tx *gorm.DB) error { return fn(&Store{db: tx}) })
}

// record writes an audit entry inside this store's transaction.
func (s *Store) record(ctx context.Context, log *audit.Log, e audit.Entry) error {
	return log.Record(ctx, s.db, e)
}
