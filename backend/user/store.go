package user

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// CanonicalUsername is the stored form of a username: trimmed and lower-case, so "XHZX" and
// "xhzx" are one account on every database, whatever its collation.
func CanonicalUsername(u string) string { return strings.ToLower(strings.TrimSpace(u)) }

// Store is the only code that touches users and user_roles.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

type userRow struct {
	ID                 int64 `gorm:"primaryKey"`
	Username           string
	DisplayName        string
	Phone              string
	PasswordHash       string
	OrgID              int64
	Status             string
	TokenVersion       int
	MustChangePassword bool
	FailedLogins       int
	LockedUntil        *time.Time
	PasswordChangedAt  *time.Time
	LastLoginAt        *time.Time
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

func (userRow) TableName() string { return "users" }

type roleRow struct {
	ID        int64 `gorm:"primaryKey"`
	UserID    int64
	Role      string
	OrgID     int64
	CreatedAt time.Time
}

func (roleRow) TableName() string { return "user_roles" }

// userView is a user joined with its org.
type userView struct {
	Row     userRow `gorm:"embedded"`
	OrgName string
	OrgPath string
}

func mapErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return errs.ErrNotFound
	case database.IsUniqueViolation(err):
		return fmt.Errorf("user: %w", errs.ErrConflict)
	}
	return err
}

const userColumns = "users.*, orgs.name AS org_name, orgs.path AS org_path"

func (s *Store) base(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx).Table("users").
		Select(userColumns).
		Joins("JOIN orgs ON orgs.id = users.org_id")
}

func (s *Store) one(ctx context.Context, q *gorm.DB) (User, error) {
	var v userView
	if err := q.Take(&v).Error; err != nil {
		return User{}, mapErr(err)
	}
	us, err := s.withRoles(ctx, []userView{v})
	if err != nil {
		return User{}, err
	}
	return us[0], nil
}

// ByID returns a user with roles, without scope (see byIDChecked: one query).
func (s *Store) ByID(ctx context.Context, id int64) (User, error) {
	u, _, err := s.byIDChecked(ctx, id, nil)
	return u, err
}

// ByUsername returns a user with roles, without scope; for login.
func (s *Store) ByUsername(ctx context.Context, username string) (User, error) {
	return s.one(ctx, s.base(ctx).Where("users.username = ?", CanonicalUsername(username)))
}

// Get returns a user whose org lies in sc.
func (s *Store) Get(ctx context.Context, sc scope.Scope, id int64) (User, error) {
	return s.one(ctx, database.InScope(s.base(ctx), "orgs.path", sc).Where("users.id = ?", id))
}

// List returns a page of users whose org lies in sc and, when under is not empty, in the
// subtree at that path.
func (s *Store) List(ctx context.Context, sc scope.Scope, f Filter, under string) ([]User, int64, error) {
	filtered := func() *gorm.DB {
		q := database.InScope(s.db.WithContext(ctx).Table("users").Joins("JOIN orgs ON orgs.id = users.org_id"), "orgs.path", sc)
		if under != "" {
			q = q.Where("orgs.path LIKE ? ESCAPE '!'", database.EscapeLike(under)+"%")
		}
		if f.Query != "" {
			like := "%" + database.EscapeLike(f.Query) + "%"
			q = q.Where("(users.username LIKE ? ESCAPE '!' OR users.display_name LIKE ? ESCAPE '!' OR users.phone LIKE ? ESCAPE '!')", like, like, like)
		}
		if f.Role != "" {
			q = q.Where("EXISTS (SELECT 1 FROM user_roles WHERE user_roles.user_id = users.id AND user_roles.role = ?)", f.Role)
		}
		return q
	}
	var total int64
	if err := filtered().Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var vs []userView
	if err := filtered().Select(userColumns).Order("users.id").Offset((f.Page - 1) * f.PageSize).Limit(f.PageSize).Find(&vs).Error; err != nil {
		return nil, 0, err
	}
	us, err := s.withRoles(ctx, vs)
	return us, total, err
}

func (s *Store) withRoles(ctx context.Context, vs []userView) ([]User, error) {
	ids := make([]int64, len(vs))
	for i, v := range vs {
		ids[i] = v.Row.ID
	}
	type grantRow struct {
		UserID  int64
		Role    string
		OrgID   int64
		OrgCode string
		OrgName string
		OrgPath string
	}
	var gs []grantRow
	if len(ids) > 0 {
		if err := s.db.WithContext(ctx).Table("user_roles").
			Select("user_roles.user_id, user_roles.role, user_roles.org_id, orgs.code AS org_code, orgs.name AS org_name, orgs.path AS org_path").
			Joins("JOIN orgs ON orgs.id = user_roles.org_id").
			Where("user_roles.user_id IN ?", ids).Order("user_roles.id").Scan(&gs).Error; err != nil {
			return nil, err
		}
	}
	byUser := map[int64][]RoleGrant{}
	for _, g := range gs {
		byUser[g.UserID] = append(byUser[g.UserID], RoleGrant{Role: g.Role, OrgID: g.OrgID, OrgCode: g.OrgCode, OrgName: g.OrgName, OrgPath: g.OrgPath})
	}
	return toUsers(vs, byUser)
}

// toUsers turns rows into users with their roles (byUser may be nil: no roles yet).
func toUsers(vs []userView, byUser map[int64][]RoleGrant) ([]User, error) {
	out := make([]User, len(vs))
	for i, v := range vs {
		r := v.Row
		out[i] = User{ID: r.ID, Username: r.Username, DisplayName: r.DisplayName, Phone: r.Phone, OrgID: r.OrgID,
			OrgName: v.OrgName, OrgPath: v.OrgPath, Status: r.Status, TokenVersion: r.TokenVersion,
			MustChangePassword: r.MustChangePassword, PasswordHash: r.PasswordHash, FailedLogins: r.FailedLogins,
			LockedUntil: r.LockedUntil, LastLoginAt: r.LastLoginAt, CreatedAt: r.CreatedAt, Roles: byUser[r.ID]}
	}
	return out, nil
}

// Create inserts a user and its roles in one transaction and returns the new id.
func (s *Store) Create(ctx context.Context, u User, roles []RoleInput) (int64, error) {
	r := userRow{Username: CanonicalUsername(u.Username), DisplayName: u.DisplayName, Phone: u.Phone, PasswordHash: u.PasswordHash,
		OrgID: u.OrgID, Status: StatusActive, TokenVersion: 1, MustChangePassword: u.MustChangePassword}
	r0 := r
	err := database.Tx(ctx, s.db, func(tx *gorm.DB) error {
		r = r0 // a retried transaction inserts afresh
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		return replaceRoles(tx, r.ID, roles)
	})
	return r.ID, mapErr(err)
}

func replaceRoles(tx *gorm.DB, userID int64, roles []RoleInput) error {
	if err := tx.Where("user_id = ?", userID).Delete(&roleRow{}).Error; err != nil {
		return err
	}
	for _, ri := range roles {
		if err := tx.Create(&roleRow{UserID: userID, Role: ri.Role, OrgID: ri.OrgID}).Error; err != nil {
			return err
		}
	}
	return nil
}

// Update applies a patch; disabling a user also bumps its token version so its tokens die.
func (s *Store) Update(ctx context.Context, id int64, p Patch) error {
	return mapErr(database.Tx(ctx, s.db, func(tx *gorm.DB) error {
		set := map[string]any{"updated_at": time.Now().UTC()}
		if p.DisplayName != nil {
			set["display_name"] = *p.DisplayName
		}
		if p.Phone != nil {
			set["phone"] = *p.Phone
		}
		if p.Status != nil {
			set["status"] = *p.Status
			if *p.Status == StatusDisabled {
				set["token_version"] = gorm.Expr("token_version + 1")
			}
		}
		res := tx.Model(&userRow{}).Where("id = ?", id).Updates(set)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errs.ErrNotFound
		}
		if p.Roles != nil {
			return replaceRoles(tx, id, *p.Roles)
		}
		return nil
	}))
}

// SetPassword stores a new hash and bumps the token version, revoking every token issued before.
func (s *Store) SetPassword(ctx context.Context, id int64, hash string, mustChange bool, now time.Time) error {
	res := s.db.WithContext(ctx).Model(&userRow{}).Where("id = ?", id).Updates(map[string]any{
		"password_hash": hash, "must_change_password": mustChange, "password_changed_at": now,
		"token_version": gorm.Expr("token_version + 1"), "failed_logins": 0, "locked_until": nil, "updated_at": now,
	})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return errs.ErrNotFound
	}
	return nil
}

// RecordFailure counts a failed login and locks the account once it reaches threshold.
// The increment is done by the database, so concurrent failures on several replicas all count.
func (s *Store) RecordFailure(ctx context.Context, id int64, threshold int, lockFor time.Duration, now time.Time) (*time.Time, error) {
	var locked *time.Time
	err := database.Tx(ctx, s.db, func(tx *gorm.DB) error {
		locked = nil // the transaction may be retried
		if err := tx.Model(&userRow{}).Where("id = ?", id).
			Update("failed_logins", gorm.Expr("failed_logins + 1")).Error; err != nil {
			return err
		}
		var r userRow
		if err := tx.Select("failed_logins").Where("id = ?", id).Take(&r).Error; err != nil {
			return err
		}
		if r.FailedLogins >= threshold {
			until := now.Add(lockFor)
			locked = &until
			return tx.Model(&userRow{}).Where("id = ?", id).
				Updates(map[string]any{"locked_until": until, "failed_logins": 0}).Error
		}
		return nil
	})
	return locked, mapErr(err)
}

// RecordSuccess clears the failure count and stamps the login time.
func (s *Store) RecordSuccess(ctx context.Context, id int64, now time.Time) error {
	return s.db.WithContext(ctx).Model(&userRow{}).Where("id = ?", id).
		Updates(map[string]any{"failed_logins": 0, "locked_until": nil, "last_login_at": now}).Error
}

// CreateMany inserts users with their roles (roles[i] for us[i]) in one transaction and
// returns the new ids in order; any failure inserts nothing.
func (s *Store) CreateMany(ctx context.Context, us []User, roles [][]RoleInput) ([]int64, error) {
	ids := make([]int64, len(us))
	err := database.Tx(ctx, s.db, func(tx *gorm.DB) error {
		for i, u := range us {
			r := userRow{Username: CanonicalUsername(u.Username), DisplayName: u.DisplayName, Phone: u.Phone, PasswordHash: u.PasswordHash,
				OrgID: u.OrgID, Status: StatusActive, TokenVersion: 1, MustChangePassword: u.MustChangePassword}
			if err := tx.Create(&r).Error; err != nil {
				return err
			}
			if err := replaceRoles(tx, r.ID, roles[i]); err != nil {
				return err
			}
			ids[i] = r.ID
		}
		return nil
	})
	return ids, mapErr(err)
}
