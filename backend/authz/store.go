package authz

import (
	"context"

	"gorm.io/gorm"
)

// Store reads the policy from the database: casbin_rules holds the permission rules,
// user_roles joined with orgs holds the role assignments.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

type casbinRule struct {
	Ptype, V0, V1, V2, V3 string
}

// Permissions returns every p rule.
func (s *Store) Permissions(ctx context.Context) ([][4]string, error) {
	var rows []casbinRule
	if err := s.db.WithContext(ctx).Table("casbin_rules").Where("ptype = ?", "p").
		Select("ptype, v0, v1, v2, v3").Order("id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([][4]string, len(rows))
	for i, r := range rows {
		out[i] = [4]string{r.V0, r.V1, r.V2, r.V3}
	}
	return out, nil
}

// Assignments returns every role held by an active user, with the org's path.
func (s *Store) Assignments(ctx context.Context) ([]Assignment, error) {
	var out []Assignment
	err := s.db.WithContext(ctx).Table("user_roles").
		Select("user_roles.user_id AS user_id, user_roles.role AS role, orgs.path AS org_path").
		Joins("JOIN orgs ON orgs.id = user_roles.org_id").
		Joins("JOIN users ON users.id = user_roles.user_id").
		Where("users.status = ?", "active").
		Order("user_roles.id").Scan(&out).Error
	return out, err
}
