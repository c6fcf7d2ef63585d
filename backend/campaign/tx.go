package campaign

import (
	"context"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// Tx runs fn with a Store bound to one transaction: a campaign change and its audit row commit
// together, or neither does.
func (s *Store) Tx(ctx context.Context, fn func(*Store) error) error {
	return database.Tx(ctx, s.db, func(tx *gorm.DB) error { return fn(&Store{db: tx}) })
}

// OrgsChangedTx is OrgsChanged inside the caller's transaction, so an org move and the recount
// of expected orgs commit together or not at all.
func (s *Service) OrgsChangedTx(ctx context.Context, tx *gorm.DB) error {
	return (&Store{db: tx}).refreshAllTaskTotals(ctx)
}
