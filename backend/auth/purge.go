package auth

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// ForgetUsersTx deletes the refresh tokens of users about to be deleted, inside the caller's
// transaction (demo purge).
func (s *Service) ForgetUsersTx(ctx context.Context, tx *gorm.DB, userIDs []int64) error {
	if len(userIDs) == 0 {
		return nil
	}
	if err := tx.WithContext(ctx).Where("user_id IN ?", userIDs).Delete(&refreshRow{}).Error; err != nil {
		return fmt.Errorf("delete refresh tokens of %d users: %w", len(userIDs), err)
	}
	return nil
}
