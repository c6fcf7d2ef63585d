package user

import (
	"context"

	"gorm.io/gorm"
)

// Contact is an active user holding a role in an org, as notifications address them.
type Contact struct {
	UserID      int64
	Username    string
	DisplayName string
	Role        string
	RoleOrgID   int64
	RoleOrgPath string
}

// Contacts lists the active users holding one of roles in one of orgIDs (granted in that org
// itself), by user id. tx, when not nil, is the caller's transaction to read in.
func (s *Store) Contacts(ctx context.Context, tx *gorm.DB, orgIDs []int64, roles []string) ([]Contact, error) {
	if len(orgIDs) == 0 || len(roles) == 0 {
		return nil, nil
	}
	var out []Contact
	err := s.contacts(ctx, tx).Where("user_roles.org_id IN ? AND user_roles.role IN ?", orgIDs, roles).
		Order("users.id, user_roles.id").Scan(&out).Error
	return out, err
}

// RoleHolders lists the active users holding role anywhere, one row per grant, with the path of
// the org the role is held in (a reviewer covers that subtree).
func (s *Store) RoleHolders(ctx context.Context, role string) ([]Contact, error) {
	var out []Contact
	err := s.contacts(ctx, nil).Where("user_roles.role = ?", role).Order("users.id, user_roles.id").Scan(&out).Error
	return out, err
}

func (s *Store) contacts(ctx context.Context, tx *gorm.DB) *gorm.DB {
	db := s.db
	if tx != nil {
		db = tx
	}
	return db.WithContext(ctx).Table("user_roles").
		Joins("JOIN users ON users.id = user_roles.user_id").
		Joins("JOIN orgs ON orgs.id = user_roles.org_id").
		Where("users.status = ?", StatusActive).
		Select("users.id AS user_id, users.username, users.display_name, user_roles.role, user_roles.org_id AS role_org_id, orgs.path AS role_org_path")
}
