package authz

import (
	"context"

	"gorm.io/gorm"
)

// Store reads the permission rules from the database (casbin_rules). The role assignments are
// user_roles, which the user store reads with each user.
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
