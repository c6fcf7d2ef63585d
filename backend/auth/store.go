package auth

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// Store is the only code that touches refresh_tokens and login_throttles.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

type refreshRow struct {
	ID        int64 `gorm:"primaryKey"`
	TokenHash string
	FamilyID  string
	UserID    int64
	ExpiresAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time
	CreatedAt time.Time
}

func (refreshRow) TableName() string { return "refresh_tokens" }

type throttleRow struct {
	Key         string `gorm:"primaryKey"`
	Failures    int
	WindowStart time.Time
	LockedUntil *time.Time
}

func (throttleRow) TableName() string { return "login_throttles" }

// SaveRefresh stores a refresh token hash in a family.
func (s *Store) SaveRefresh(ctx context.Context, hash, family string, userID int64, expires time.Time) error {
	return s.db.WithContext(ctx).Create(&refreshRow{TokenHash: hash, FamilyID: family, UserID: userID, ExpiresAt: expires}).Error
}

// UseRefresh consumes a refresh token. It returns the user and family when the token is live;
// on reuse of a consumed token it revokes the whole family and returns ErrUnauthorized.
// The consume is a conditional UPDATE, so two concurrent uses cannot both succeed.
func (s *Store) UseRefresh(ctx context.Context, hash string, now time.Time) (userID int64, family string, err error) {
	reused := false
	err = database.Tx(ctx, s.db, func(tx *gorm.DB) error {
		reused = false // the transaction may be retried
		var r refreshRow
		if err := tx.Where("token_hash = ?", hash).Take(&r).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return errs.ErrUnauthorized
			}
			return err
		}
		res := tx.Model(&refreshRow{}).Where("id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?", r.ID, now).
			Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			if r.UsedAt != nil {
				// A consumed token came back: someone holds a stolen copy. Kill the family, and
				// commit that: returning an error here would roll the revocation back.
				reused = true
				return revokeFamily(tx, r.FamilyID, now)
			}
			return errs.ErrUnauthorized
		}
		userID, family = r.UserID, r.FamilyID
		return nil
	})
	if err == nil && reused {
		return 0, "", errs.Coded(errs.ErrUnauthorized, "refresh_reused", "this session was revoked")
	}
	return userID, family, err
}

func revokeFamily(tx *gorm.DB, family string, now time.Time) error {
	return tx.Model(&refreshRow{}).Where("family_id = ? AND revoked_at IS NULL", family).Update("revoked_at", now).Error
}

// RevokeByToken revokes the family the token belongs to (logout). Unknown tokens are ignored.
func (s *Store) RevokeByToken(ctx context.Context, hash string, now time.Time) (userID int64, err error) {
	var r refreshRow
	if err := s.db.WithContext(ctx).Where("token_hash = ?", hash).Take(&r).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return 0, nil
		}
		return 0, err
	}
	return r.UserID, database.Tx(ctx, s.db, func(tx *gorm.DB) error { return revokeFamily(tx, r.FamilyID, now) })
}

// RevokeUser revokes every refresh token of a user (password change).
func (s *Store) RevokeUser(ctx context.Context, userID int64, now time.Time) error {
	// A range over user_id: through Tx for READ COMMITTED (no gap locks) and the retries.
	return database.Tx(ctx, s.db, func(tx *gorm.DB) error {
		return tx.Model(&refreshRow{}).Where("user_id = ? AND revoked_at IS NULL", userID).Update("revoked_at", now).Error
	})
}

// ThrottleLocked returns how long key is still blocked, or zero.
func (s *Store) ThrottleLocked(ctx context.Context, key string, now time.Time) (time.Duration, error) {
	var r throttleRow
	err := s.db.WithContext(ctx).Where("`key` = ?", key).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if r.LockedUntil != nil && r.LockedUntil.After(now) {
		return r.LockedUntil.Sub(now), nil
	}
	return 0, nil
}

// SessionLive reports whether the session (refresh-token family) still has an unrevoked token:
// logout, refresh-token reuse and a password change revoke the whole family.
func (s *Store) SessionLive(ctx context.Context, family string) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&refreshRow{}).Where("family_id = ? AND revoked_at IS NULL", family).
		Limit(1).Count(&n).Error
	return n > 0, err
}

// LiveSessionCheck is SessionLive as a boolean SQL expression, for a caller that loads the
// session's user in the same statement (authentication on every request): the refresh_tokens
// table stays this store's, only the expression leaves it.
func (s *Store) LiveSessionCheck(family string) clause.Expr {
	return clause.Expr{SQL: "EXISTS (SELECT 1 FROM refresh_tokens WHERE family_id = ? AND revoked_at IS NULL)",
		Vars: []any{family}}
}

// ThrottleFail counts a failure for key within window; at limit the key is blocked for window,
// and locked says this failure was the one that blocked it.
func (s *Store) ThrottleFail(ctx context.Context, key string, limit int, window time.Duration, now time.Time) (locked bool, err error) {
	err = database.Tx(ctx, s.db, func(tx *gorm.DB) error {
		locked = false // the transaction may be retried
		var r throttleRow
		err := tx.Where("`key` = ?", key).Take(&r).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			// A concurrent first failure may win the insert; losing that race drops one count.
			_ = tx.Create(&throttleRow{Key: key, Failures: 1, WindowStart: now}).Error
			locked = limit <= 1
			if locked {
				return tx.Model(&throttleRow{}).Where("`key` = ?", key).
					Updates(map[string]any{"failures": 0, "window_start": now, "locked_until": now.Add(window)}).Error
			}
			return nil
		}
		if err != nil {
			return err
		}
		set := map[string]any{}
		if now.Sub(r.WindowStart) > window {
			set["failures"], set["window_start"], set["locked_until"] = 1, now, nil
		} else {
			set["failures"] = gorm.Expr("failures + 1")
			if r.Failures+1 >= limit {
				set["locked_until"], set["failures"], set["window_start"] = now.Add(window), 0, now
				locked = true
			}
		}
		return tx.Model(&throttleRow{}).Where("`key` = ?", key).Updates(set).Error
	})
	return locked, err
}

// ThrottleReset forgets the failures counted for key (after a successful login).
func (s *Store) ThrottleReset(ctx context.Context, key string) error {
	// Deleting a key that is mostly absent: through Tx, so no gap lock meets a concurrent first
	// failure's insert, and a lost race is retried.
	return database.Tx(ctx, s.db, func(tx *gorm.DB) error { return tx.Where("`key` = ?", key).Delete(&throttleRow{}).Error })
}
