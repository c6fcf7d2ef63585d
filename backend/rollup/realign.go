package rollup

import (
	"context"

	"gorm.io/gorm"
)

// OrgsChangedTx is OrgsChanged inside the caller's transaction, so an org move or type change
// and the realigned contributions and totals commit together or not at all.
func (s *Service) OrgsChangedTx(ctx context.Context, tx *gorm.DB) error {
	return s.store.WithTx(tx).realign(ctx)
}
