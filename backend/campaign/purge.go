package campaign

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// PurgeDemoTx deletes, inside the caller's transaction, the campaigns demo accounts opened or
// that are rooted at the demo orgs orgIDs, with their tasks, and every task of those orgs in
// other campaigns; then recounts the expected orgs. It returns the campaigns deleted.
func (s *Service) PurgeDemoTx(ctx context.Context, tx *gorm.DB, orgIDs []int64) (int64, error) {
	db := tx.WithContext(ctx)
	q := db.Model(&campaignRow{}).Where("demo = ?", true)
	if len(orgIDs) > 0 {
		q = q.Or("root_org_id IN ?", orgIDs)
	}
	var ids []int64
	if err := q.Pluck("id", &ids).Error; err != nil {
		return 0, fmt.Errorf("list demo campaigns: %w", err)
	}
	if len(ids) > 0 {
		if err := db.Where("campaign_id IN ?", ids).Delete(&taskRow{}).Error; err != nil {
			return 0, fmt.Errorf("delete demo campaigns' tasks: %w", err)
		}
	}
	if len(orgIDs) > 0 {
		if err := db.Where("org_id IN ?", orgIDs).Delete(&taskRow{}).Error; err != nil {
			return 0, fmt.Errorf("delete demo orgs' tasks: %w", err)
		}
	}
	var n int64
	if len(ids) > 0 {
		r := db.Where("id IN ?", ids).Delete(&campaignRow{})
		if r.Error != nil {
			return 0, fmt.Errorf("delete demo campaigns: %w", r.Error)
		}
		n = r.RowsAffected
	}
	if err := s.OrgsChangedTx(ctx, tx); err != nil {
		return n, fmt.Errorf("recount expected orgs: %w", err)
	}
	return n, nil
}
