package sso

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// Store is the only code that touches the external_identities and sso_states tables.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

type identityRow struct {
	ID        int64 `gorm:"primaryKey"`
	UserID    int64
	Provider  string
	Subject   string
	LinkedBy  *int64
	CreatedAt time.Time
}

func (identityRow) TableName() string { return "external_identities" }

type stateRow struct {
	ID        int64 `gorm:"primaryKey"`
	StateHash string
	Provider  string
	Purpose   string
	UserID    *int64
	Nonce     string
	Verifier  string
	ExpiresAt time.Time
	CreatedAt time.Time
}

func (stateRow) TableName() string { return "sso_states" }

func toIdentity(r identityRow) Identity { return Identity(r) }

// Tx runs fn in a transaction with a Store bound to it; tx is the handle for the audit row.
func (s *Store) Tx(ctx context.Context, fn func(st *Store, tx *gorm.DB) error) error {
	return database.Tx(ctx, s.db, func(tx *gorm.DB) error { return fn(&Store{db: tx}, tx) })
}

// SaveState keeps a sign-in in flight under the hash of its state until expires, first
// deleting those that expired before now.
func (s *Store) SaveState(ctx context.Context, stateHash string, p pending, now, expires time.Time) error {
	db := s.db.WithContext(ctx)
	if err := db.Where("expires_at < ?", now).Delete(&stateRow{}).Error; err != nil {
		return fmt.Errorf("delete expired sign-ins: %w", err)
	}
	r := stateRow{StateHash: stateHash, Provider: p.Provider, Purpose: p.Purpose, UserID: p.UserID, Nonce: p.Nonce,
		Verifier: p.Verifier, ExpiresAt: expires, CreatedAt: now}
	if err := db.Create(&r).Error; err != nil {
		return fmt.Errorf("save a sign-in in flight: %w", err)
	}
	return nil
}

// TakeState consumes the sign-in in flight stored under stateHash: it is deleted, and only the
// caller whose delete removed it gets it, so a state is used at most once even by two callbacks
// at the same time. An unknown, used or expired state is ErrState.
func (s *Store) TakeState(ctx context.Context, stateHash string, now time.Time) (pending, error) {
	var r stateRow
	err := s.db.WithContext(ctx).Where("state_hash = ?", stateHash).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return pending{}, ErrState
	} else if err != nil {
		return pending{}, fmt.Errorf("read a sign-in in flight: %w", err)
	}
	res := s.db.WithContext(ctx).Where("id = ?", r.ID).Delete(&stateRow{})
	if res.Error != nil {
		return pending{}, fmt.Errorf("consume a sign-in in flight: %w", res.Error)
	}
	if res.RowsAffected != 1 || !r.ExpiresAt.After(now) {
		return pending{}, ErrState
	}
	return pending{Provider: r.Provider, Purpose: r.Purpose, UserID: r.UserID, Nonce: r.Nonce, Verifier: r.Verifier}, nil
}

// BySubject returns the identity of provider and subject, or errs.ErrNotFound.
func (s *Store) BySubject(ctx context.Context, provider, subject string) (Identity, error) {
	var r identityRow
	err := s.db.WithContext(ctx).Where("provider = ? AND subject = ?", provider, subject).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Identity{}, errs.ErrNotFound
	} else if err != nil {
		return Identity{}, fmt.Errorf("look up identity: %w", err)
	}
	return toIdentity(r), nil
}

// ForUser lists the identities linked to user id, oldest first.
func (s *Store) ForUser(ctx context.Context, id int64) ([]Identity, error) {
	var rows []identityRow
	if err := s.db.WithContext(ctx).Where("user_id = ?", id).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list identities of user %d: %w", id, err)
	}
	out := make([]Identity, len(rows))
	for i, r := range rows {
		out[i] = toIdentity(r)
	}
	return out, nil
}

// Insert links an identity. The identity taken by another user is ErrTaken; a second identity
// of the same provider for the user is ErrAlreadyLinked.
func (s *Store) Insert(ctx context.Context, in Identity) (Identity, error) {
	db := s.db.WithContext(ctx)
	var n int64
	if err := db.Model(&identityRow{}).Where("user_id = ? AND provider = ?", in.UserID, in.Provider).Count(&n).Error; err != nil {
		return Identity{}, fmt.Errorf("check the user's identities: %w", err)
	}
	if n > 0 {
		return Identity{}, ErrAlreadyLinked
	}
	r := identityRow{UserID: in.UserID, Provider: in.Provider, Subject: in.Subject, LinkedBy: in.LinkedBy, CreatedAt: in.CreatedAt}
	if err := db.Create(&r).Error; err != nil {
		if database.IsUniqueViolation(err) {
			return Identity{}, ErrTaken
		}
		return Identity{}, fmt.Errorf("link identity: %w", err)
	}
	return toIdentity(r), nil
}

// Delete unlinks identity id of user userID; another user's or a missing one is errs.ErrNotFound.
func (s *Store) Delete(ctx context.Context, userID, id int64) (Identity, error) {
	var r identityRow
	err := s.db.WithContext(ctx).Where("id = ? AND user_id = ?", id, userID).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Identity{}, errs.ErrNotFound
	} else if err != nil {
		return Identity{}, fmt.Errorf("read identity %d: %w", id, err)
	}
	if err := s.db.WithContext(ctx).Delete(&identityRow{}, r.ID).Error; err != nil {
		return Identity{}, fmt.Errorf("unlink identity %d: %w", id, err)
	}
	return toIdentity(r), nil
}

type requiredRow struct {
	OrgID     int64 `gorm:"primaryKey;autoIncrement:false"`
	UpdatedBy int64
	UpdatedAt time.Time
}

func (requiredRow) TableName() string { return "sso_required_orgs" }

// Required reports whether accounts of org id must sign in through a provider.
func (s *Store) Required(ctx context.Context, orgID int64) (bool, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&requiredRow{}).Where("org_id = ?", orgID).Count(&n).Error; err != nil {
		return false, fmt.Errorf("read the sign-in policy of org %d: %w", orgID, err)
	}
	return n > 0, nil
}

// SetRequired records whether org id requires single sign-on; it reports whether that changed.
func (s *Store) SetRequired(ctx context.Context, orgID int64, required bool, by int64, now time.Time) (bool, error) {
	db := s.db.WithContext(ctx)
	if !required {
		res := db.Where("org_id = ?", orgID).Delete(&requiredRow{})
		if res.Error != nil {
			return false, fmt.Errorf("lift the sign-in policy of org %d: %w", orgID, res.Error)
		}
		return res.RowsAffected > 0, nil
	}
	was, err := s.Required(ctx, orgID)
	if err != nil || was {
		return false, err
	}
	if err := db.Create(&requiredRow{OrgID: orgID, UpdatedBy: by, UpdatedAt: now}).Error; err != nil {
		if database.IsUniqueViolation(err) {
			return false, nil
		}
		return false, fmt.Errorf("require single sign-on for org %d: %w", orgID, err)
	}
	return true, nil
}
