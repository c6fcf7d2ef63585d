package org

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// DemoIDsTx lists the orgs demo mode invented (seeds/orgs.yaml marks them demo), deepest
// first, so a purge can delete children before their parents.
func (s *Service) DemoIDsTx(ctx context.Context, tx *gorm.DB) ([]int64, error) {
	var ids []int64
	if err := tx.WithContext(ctx).Model(&orgRow{}).Where("demo = ?", true).Order("depth DESC, id").Pluck("id", &ids).Error; err != nil {
		return nil, fmt.Errorf("list demo orgs: %w", err)
	}
	return ids, nil
}

// PurgeDemoTx deletes the demo orgs ids (DemoIDsTx order) inside the caller's transaction,
// after the other domains removed what referred to them. A real org placed under a demo org
// stops the purge: deleting its parent would orphan it.
func (s *Service) PurgeDemoTx(ctx context.Context, tx *gorm.DB, ids []int64) (int64, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	db := tx.WithContext(ctx)
	var kept []string
	if err := db.Model(&orgRow{}).Where("demo = ? AND parent_id IN ?", false, ids).Order("code").Pluck("code", &kept).Error; err != nil {
		return 0, fmt.Errorf("find real orgs under demo orgs: %w", err)
	}
	if len(kept) > 0 {
		return 0, fmt.Errorf("%w: real orgs sit under demo orgs (%s); move them first", errs.ErrConflict, strings.Join(kept, ", "))
	}
	var n int64
	for _, id := range ids { // deepest first: a parent goes after its children
		r := db.Where("id = ?", id).Delete(&orgRow{})
		if r.Error != nil {
			return n, fmt.Errorf("delete demo org %d: %w", id, r.Error)
		}
		n += r.RowsAffected
	}
	return n, nil
}
