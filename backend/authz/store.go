package authz

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
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

// policyVersionKey is the settings row every replica polls; Reload writes a new value.
const policyVersionKey = "policy_version"

// PolicyVersion returns the current policy version ("" before the first change).
func (s *Store) PolicyVersion(ctx context.Context) (string, error) {
	var vs []string
	if err := s.db.WithContext(ctx).Table("settings").Where("`key` = ?", policyVersionKey).
		Limit(1).Pluck("value", &vs).Error; err != nil {
		return "", err
	}
	if len(vs) == 0 {
		return "", nil
	}
	return vs[0], nil
}

// BumpPolicyVersion stores a new, never repeated policy version: the time and a random suffix,
// so two replicas bumping at once still both move it.
func (s *Store) BumpPolicyVersion(ctx context.Context) error {
	var r [6]byte
	if _, err := rand.Read(r[:]); err != nil {
		return err
	}
	now := time.Now().UTC()
	v := fmt.Sprintf("%d-%s", now.UnixNano(), hex.EncodeToString(r[:]))
	db := s.db.WithContext(ctx)
	for range 3 {
		res := db.Exec("UPDATE settings SET value = ?, updated_at = ? WHERE `key` = ?", v, now, policyVersionKey)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected > 0 {
			return nil
		}
		err := db.Exec("INSERT INTO settings (`key`, value, updated_at) VALUES (?, ?, ?)", policyVersionKey, v, now).Error
		if err == nil || !database.IsUniqueViolation(err) {
			return err
		}
		// Another replica inserted the row first: update it.
	}
	return errors.New("policy version: could not write the settings row")
}
