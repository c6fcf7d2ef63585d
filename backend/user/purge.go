package user

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// MarkDemo marks an account as a demo account, so a demo purge and the start-up check outside
// demo mode find it.
func (s *Service) MarkDemo(ctx context.Context, id int64) error {
	if err := s.store.db.WithContext(ctx).Model(&userRow{}).Where("id = ?", id).Update("demo", true).Error; err != nil {
		return fmt.Errorf("mark account %d demo: %w", id, err)
	}
	return nil
}

// DemoLogins names the active accounts that are demo accounts: marked as such, or one of names
// (the demo account names) that still opens with the public demo password (an account made
// before the marks existed).
func (s *Service) DemoLogins(ctx context.Context, names []string, password string) ([]string, error) {
	db := s.store.db.WithContext(ctx)
	var marked []string
	if err := db.Model(&userRow{}).Where("demo = ? AND status = ?", true, StatusActive).Order("username").Pluck("username", &marked).Error; err != nil {
		return nil, fmt.Errorf("list demo accounts: %w", err)
	}
	var rows []userRow
	if err := db.Select("username, password_hash").Where("username IN ? AND username NOT IN ? AND status = ?", names, append(marked, ""), StatusActive).
		Order("username").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("find demo names: %w", err)
	}
	for _, r := range rows {
		if s.hasher.Check(r.PasswordHash, password) {
			marked = append(marked, r.Username)
		}
	}
	return marked, nil
}

// DemoUserIDsTx marks the accounts names (demo accounts found by their password) as demo and
// returns every account to delete in a demo purge: those marked demo and those whose home is
// one of the demo orgs orgIDs.
func (s *Service) DemoUserIDsTx(ctx context.Context, tx *gorm.DB, names []string, orgIDs []int64) ([]int64, error) {
	db := tx.WithContext(ctx)
	if len(names) > 0 {
		if err := db.Model(&userRow{}).Where("username IN ?", names).Update("demo", true).Error; err != nil {
			return nil, fmt.Errorf("mark demo accounts: %w", err)
		}
	}
	q := db.Model(&userRow{}).Where("demo = ?", true)
	if len(orgIDs) > 0 {
		q = q.Or("org_id IN ?", orgIDs)
	}
	var ids []int64
	if err := q.Order("id").Pluck("id", &ids).Error; err != nil {
		return nil, fmt.Errorf("list demo accounts: %w", err)
	}
	return ids, nil
}

// PurgeDemoTx deletes, inside the caller's transaction, the accounts userIDs and every role
// held at the demo orgs orgIDs (by anyone). It returns the accounts deleted.
func (s *Service) PurgeDemoTx(ctx context.Context, tx *gorm.DB, userIDs, orgIDs []int64) (int64, error) {
	db := tx.WithContext(ctx)
	if len(orgIDs) > 0 {
		if err := db.Where("org_id IN ?", orgIDs).Delete(&roleRow{}).Error; err != nil {
			return 0, fmt.Errorf("delete roles at demo orgs: %w", err)
		}
	}
	if len(userIDs) == 0 {
		return 0, nil
	}
	if err := db.Where("user_id IN ?", userIDs).Delete(&roleRow{}).Error; err != nil {
		return 0, fmt.Errorf("delete demo accounts' roles: %w", err)
	}
	r := db.Where("id IN ?", userIDs).Delete(&userRow{})
	if r.Error != nil {
		return 0, fmt.Errorf("delete demo accounts: %w", r.Error)
	}
	return r.RowsAffected, nil
}
