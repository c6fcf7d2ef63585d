package form

import (
	"context"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// ImportHook runs inside the transaction that stores a new form version (its audit row): if it
// fails, the version is not stored.
type ImportHook func(ctx context.Context, tx *gorm.DB, actorID *int64, f *Form) error

// OnImport sets the hook every later Import runs in its transaction. Call it once, while wiring.
func (r *Registry) OnImport(h ImportHook) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.onImport = h
}

// insertVersion stores row and runs the import hook in one transaction.
func (r *Registry) insertVersion(ctx context.Context, row *formRow, actorID *int64, f *Form) error {
	r.mu.RLock()
	hook := r.onImport
	r.mu.RUnlock()
	row0 := *row
	return database.Tx(ctx, r.store.db, func(tx *gorm.DB) error {
		*row = row0 // a retried transaction inserts afresh
		if err := (&Store{db: tx}).insert(ctx, row); err != nil {
			return err
		}
		if hook == nil {
			return nil
		}
		return hook(ctx, tx, actorID, f)
	})
}
