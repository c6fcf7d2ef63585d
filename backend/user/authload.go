package user

import (
	"context"

	"gorm.io/gorm/clause"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// ByIDChecked is ByID for authentication, on every request: it also evaluates check, a
// boolean SQL expression another domain supplies (the session's liveness), in the same
// statement, and reports its value. The account, its org, its roles and the check are one
// query.
func (s *Service) ByIDChecked(ctx context.Context, id int64, check clause.Expr) (User, bool, error) {
	return s.store.byIDChecked(ctx, id, &check)
}

// byIDChecked reads the account, its org and its roles in one query (a row per role, one
// without roles) and, when check is not nil, the check's value as a column of it.
func (s *Store) byIDChecked(ctx context.Context, id int64, check *clause.Expr) (User, bool, error) {
	var rows []struct {
		Row      userRow `gorm:"embedded"`
		OrgName  string
		OrgPath  string
		GRole    *string
		GOrgID   *int64
		GOrgCode *string
		GOrgName *string
		GOrgPath *string
		Checked  bool
	}
	cols := userColumns + ", user_roles.role AS g_role, user_roles.org_id AS g_org_id, " +
		"role_orgs.code AS g_org_code, role_orgs.name AS g_org_name, role_orgs.path AS g_org_path"
	var args []any
	if check != nil {
		cols += ", (" + check.SQL + ") AS checked"
		args = check.Vars
	}
	err := s.base(ctx).Select(cols, args...).
		Joins("LEFT JOIN user_roles ON user_roles.user_id = users.id").
		Joins("LEFT JOIN orgs role_orgs ON role_orgs.id = user_roles.org_id").
		Where("users.id = ?", id).Order("user_roles.id").Scan(&rows).Error
	if err != nil {
		return User{}, false, mapErr(err)
	}
	if len(rows) == 0 {
		return User{}, false, errs.ErrNotFound
	}
	us, err := toUsers([]userView{{Row: rows[0].Row, OrgName: rows[0].OrgName, OrgPath: rows[0].OrgPath}}, nil)
	if err != nil {
		return User{}, false, err
	}
	u := us[0]
	for _, r := range rows {
		if r.GRole != nil && r.GOrgID != nil && r.GOrgCode != nil {
			u.Roles = append(u.Roles, RoleGrant{Role: *r.GRole, OrgID: *r.GOrgID, OrgCode: *r.GOrgCode,
				OrgName: deref(r.GOrgName), OrgPath: deref(r.GOrgPath)})
		}
	}
	return u, rows[0].Checked, nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
