package user

import (
	"context"
	"database/sql"
	"fmt"

	"gorm.io/gorm/clause"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// ByIDChecked is ByID for authentication, on every request: it also evaluates check, a
// boolean SQL expression another domain supplies (the session's liveness), in the same
// statement, and reports its value. The account, its org, its roles and the check are one
// query.
func (s *Service) ByIDChecked(ctx context.Context, id int64, check clause.Expr) (User, bool, error) {
	return s.store.byIDChecked(ctx, id, &check)
}

// authColumns are the account's, its org's and one role grant's columns, in the order
// byIDChecked scans them.
const authColumns = "users.id, users.username, users.display_name, users.phone, users.password_hash, users.org_id, " +
	"users.status, users.token_version, users.must_change_password, users.failed_logins, users.locked_until, " +
	"users.last_login_at, users.created_at, orgs.name, orgs.path, " +
	"user_roles.role, user_roles.org_id, role_orgs.code, role_orgs.name, role_orgs.path"

const authFrom = " FROM users JOIN orgs ON orgs.id = users.org_id" +
	" LEFT JOIN user_roles ON user_roles.user_id = users.id" +
	" LEFT JOIN orgs role_orgs ON role_orgs.id = user_roles.org_id" +
	" WHERE users.id = ? ORDER BY user_roles.id"

// byIDChecked reads the account, its org and its roles in one query (a row per role, one
// without roles) and, when check is not nil, the check's value as a column of it. It runs on
// every authenticated request, so it goes to the pool as one prepared statement scanned by
// hand: gorm's query building and reflective scanning cost more than the query (half of it).
func (s *Store) byIDChecked(ctx context.Context, id int64, check *clause.Expr) (User, bool, error) {
	q, args := "SELECT "+authColumns, []any{}
	if check != nil {
		q += ", (" + check.SQL + ")"
		args = append(args, check.Vars...)
	}
	args = append(args, id)
	rows, err := database.Query(ctx, s.db, q+authFrom, args...)
	if err != nil {
		return User{}, false, fmt.Errorf("read user %d: %w", id, err)
	}
	defer rows.Close()
	var (
		u       User
		checked bool
		n       int
	)
	for rows.Next() {
		var (
			r                      userRow
			orgName, orgPath       string
			locked, lastLogin      sql.NullTime
			role, code, name, path sql.NullString
			roleOrg                sql.NullInt64
			live                   sql.NullBool
		)
		dest := []any{&r.ID, &r.Username, &r.DisplayName, &r.Phone, &r.PasswordHash, &r.OrgID, &r.Status, &r.TokenVersion,
			&r.MustChangePassword, &r.FailedLogins, &locked, &lastLogin, &r.CreatedAt, &orgName, &orgPath,
			&role, &roleOrg, &code, &name, &path}
		if check != nil {
			dest = append(dest, &live)
		}
		if err := rows.Scan(dest...); err != nil {
			return User{}, false, fmt.Errorf("read user %d: %w", id, database.MarkUnavailable(err))
		}
		if n == 0 {
			if locked.Valid {
				r.LockedUntil = &locked.Time
			}
			if lastLogin.Valid {
				r.LastLoginAt = &lastLogin.Time
			}
			us, err := toUsers([]userView{{Row: r, OrgName: orgName, OrgPath: orgPath}}, nil)
			if err != nil {
				return User{}, false, err
			}
			u, checked = us[0], live.Valid && live.Bool
		}
		n++
		if role.Valid && roleOrg.Valid && code.Valid {
			u.Roles = append(u.Roles, RoleGrant{Role: role.String, OrgID: roleOrg.Int64, OrgCode: code.String,
				OrgName: name.String, OrgPath: path.String})
		}
	}
	if err := rows.Err(); err != nil {
		return User{}, false, fmt.Errorf("read user %d: %w", id, database.MarkUnavailable(err))
	}
	if n == 0 {
		return User{}, false, errs.ErrNotFound
	}
	return u, checked, nil
}
