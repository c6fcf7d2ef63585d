// Package importer loads orgs and users from an XLSX workbook or a CSV file. Every row is
// validated first, by the org and user services' own rules, and the file is imported in one
// transaction only when no row has a problem: all or nothing. A refused file is answered with
// one field error per problem, naming the row by its index among the data rows ("rows[3].type";
// rows[0] is the first row below the header) and its line in the sheet in the message. Preview
// runs the same checks and changes nothing, answering every row and every problem, so the admin
// screen can show a file's problems before the import; Template writes blank files.
package importer

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/tianbao-edu/tianbao/backend/audit"
	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/user"
)

// Service imports files through the org and user services.
type Service struct {
	orgs  *org.Service
	users *user.Service
	audit *audit.Log
}

// NewService returns a Service.
func NewService(orgs *org.Service, users *user.Service, log *audit.Log) *Service {
	return &Service{orgs: orgs, users: users, audit: log}
}

// Result is what an import created.
type Result struct {
	// Created is the number of rows imported.
	Created int
	// Orgs are the orgs created, in file order (org imports).
	Orgs []org.Org
	// UserIDs are the ids of the users created, in file order (user imports).
	UserIDs []int64
	// Usernames are the usernames created, in file order (user imports).
	Usernames []string
}

var orgColumns = []column{
	{key: "code", headers: []string{"编码", "code", "机构编码", "单位编码"}, required: true},
	{key: "name", headers: []string{"名称", "name", "机构名称", "单位名称"}, required: true},
	{key: "type", headers: []string{"类型", "type", "机构类型", "单位类型"}, required: true},
	{key: "parent_code", headers: []string{"上级编码", "parent_code", "上级机构编码", "上级单位编码"}, required: true},
	{key: "ownership", headers: []string{"性质", "ownership", "办学性质"}},
}

var userColumns = []column{
	{key: "username", headers: []string{"用户名", "username", "账号"}, required: true},
	{key: "display_name", headers: []string{"姓名", "display_name", "显示名"}, required: true},
	{key: "phone", headers: []string{"手机号", "phone", "手机", "电话"}},
	{key: "org_code", headers: []string{"单位编码", "org_code", "机构编码"}, required: true},
	{key: "role", headers: []string{"角色", "role"}},
	{key: "password", headers: []string{"密码", "password", "初始密码"}, required: true},
}

// Orgs imports orgs under parents in sc (the caller's org:write scope). Columns: 编码 code,
// 名称 name, 类型 type (a code such as primary or its Chinese name 小学), 上级编码 parent_code
// (an existing org in sc or one on an earlier row), 性质 ownership (public/private or 公办/民办,
// default public).
func (s *Service) Orgs(ctx context.Context, actor *authz.Principal, sc scope.Scope, data []byte) (Result, error) {
	t, err := readTable(data, orgColumns)
	if err != nil {
		return Result{}, err
	}
	in, pre := orgRows(t)
	// Each created org is audited in the import's transaction (org.create, via import).
	created, err := s.orgs.CreateMany(ctx, sc, in, org.Effects{ActorID: actor.UserID, Audit: s.audit})
	if err != nil {
		return Result{}, rowErrors(err, t, pre, nil)
	}
	return Result{Created: len(created), Orgs: created}, nil
}

// orgRows turns a table's rows into orgs to create; nothing is checked yet.
func orgRows(t *table) ([]org.NewOrgAt, *errs.ValidationError) {
	in := make([]org.NewOrgAt, len(t.rows))
	for i, r := range t.rows {
		typ, ok := org.ParseType(r["type"])
		if !ok {
			// Left invalid: CreateMany reports it with the row's other problems.
			typ = org.Type(r["type"])
		}
		in[i] = org.NewOrgAt{ParentCode: r["parent_code"], Code: r["code"], Name: r["name"], Type: typ,
			Ownership: org.ParseOwnership(r["ownership"])}
	}
	return in, &errs.ValidationError{}
}

// roleNames maps the Chinese role names an import may use to roles.
var roleNames = map[string]string{
	"填报员": authz.RoleFiller, "单位管理员": authz.RoleOrgAdmin, "审核员": authz.RoleReviewer,
	"领导": authz.RoleLeader, "系统管理员": authz.RoleSysadmin,
}

var phoneRE = regexp.MustCompile(`^[0-9+\-() ]{0,32}$`)

// userFields renames the user service's field names to the file's columns.
var userFields = map[string]string{"org_id": "org_code", "roles": "role", "roles[0].role": "role", "roles[0].org_id": "org_code"}

// Users imports accounts into orgs the actor manages (sc is its user:write scope), by the
// rules of user.Service.Create: an org_admin only into its own org and never above its own
// role. Columns: username 用户名, display_name 姓名, phone 手机号, org_code 单位编码, role 角色
// (filler by default; a role code or its Chinese name), password 密码. Every role is held in the
// user's own org.
func (s *Service) Users(ctx context.Context, actor *authz.Principal, sc scope.Scope, data []byte) (Result, error) {
	t, err := readTable(data, userColumns)
	if err != nil {
		return Result{}, err
	}
	in, pre, err := s.userRows(ctx, t)
	if err != nil {
		return Result{}, err
	}
	ids, err := s.users.CreateMany(ctx, actor, sc, in)
	if err != nil {
		return Result{}, rowErrors(err, t, pre, userFields)
	}
	names := make([]string, len(in))
	for i, u := range in {
		names[i] = u.Username
	}
	return Result{Created: len(ids), UserIDs: ids, Usernames: names}, nil
}

// userRows turns a table's rows into accounts to create, with the problems only the file shows
// (a malformed phone number); the rest is the user service's to check.
func (s *Service) userRows(ctx context.Context, t *table) ([]user.NewUser, *errs.ValidationError, error) {
	in := make([]user.NewUser, len(t.rows))
	pre := &errs.ValidationError{}
	for i, r := range t.rows {
		u := user.NewUser{Username: r["username"], DisplayName: r["display_name"], Phone: r["phone"], Password: r["password"]}
		if !phoneRE.MatchString(u.Phone) {
			pre.Add(fmt.Sprintf("rows[%d].phone", i), "invalid_phone", "phone must be digits")
		}
		role := strings.ToLower(r["role"])
		if n, ok := roleNames[r["role"]]; ok {
			role = n
		}
		if role == "" {
			role = authz.RoleFiller
		}
		u.Roles = []user.RoleInput{{Role: role}}
		// An empty code leaves OrgID 0, which the service reports as required; an unknown one
		// becomes -1, never an org id, which it reports as not found.
		if code := r["org_code"]; code != "" {
			o, err := s.orgs.ByCode(ctx, code)
			switch {
			case errors.Is(err, errs.ErrNotFound):
				u.OrgID = -1
			case err != nil:
				return nil, nil, fmt.Errorf("import users: org %q: %w", code, err)
			default:
				u.OrgID = o.ID
			}
		}
		in[i] = u
	}
	return in, pre, nil
}

var rowField = regexp.MustCompile(`^rows\[(\d+)\]\.(.+)$`)

// rowErrors merges the importer's own row problems with a service's validation error,
// renames fields to the file's columns, orders them by row and adds each row's sheet line to
// its message. Other errors pass through.
func rowErrors(err error, t *table, pre *errs.ValidationError, rename map[string]string) error {
	var ve *errs.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	byRow := map[int][]errs.FieldError{}
	var other []errs.FieldError
	seen := map[string]bool{}
	for _, f := range append(append([]errs.FieldError{}, pre.Fields...), ve.Fields...) {
		m := rowField.FindStringSubmatch(f.Field)
		if m == nil {
			other = append(other, f)
			continue
		}
		i, _ := strconv.Atoi(m[1])
		name := m[2]
		if r, ok := rename[name]; ok {
			name = r
		}
		f.Field = fmt.Sprintf("rows[%d].%s", i, name)
		if seen[f.Field+"|"+f.Code] {
			continue
		}
		seen[f.Field+"|"+f.Code] = true
		if i < len(t.lines) {
			f.Message = fmt.Sprintf("line %d: %s", t.lines[i], f.Message)
		}
		byRow[i] = append(byRow[i], f)
	}
	out := &errs.ValidationError{Code: "import_invalid"}
	for i := range t.rows {
		out.Fields = append(out.Fields, byRow[i]...)
	}
	out.Fields = append(out.Fields, other...)
	return out
}
