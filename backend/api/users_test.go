package api_test

import (
	"fmt"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

func newUserBody(username string, orgID int64, roles ...map[string]any) map[string]any {
	if roles == nil {
		roles = []map[string]any{}
	}
	return map[string]any{"username": username, "display_name": "用户 " + username, "password": "Welcome@2025!",
		"org_id": orgID, "roles": roles}
}

func role(name string) map[string]any { return map[string]any{"role": name} }

func roleAt(name string, orgID int64) map[string]any {
	return map[string]any{"role": name, "org_id": orgID}
}

// userExists asks as admin whether a username exists.
func userExists(t *testing.T, e *testenv.Env, adminToken, username string) bool {
	t.Helper()
	r := e.Do("GET", "/api/v1/users?q="+username, adminToken, nil)
	wantStatus(t, r, 200)
	return contains(strs(mustItems(t, r), "username"), username)
}

// TestUserManagement covers who may create and change whom.
func TestUserManagement(t *testing.T) {
	t.Parallel()
	scenarios := []struct {
		name string
		run  func(t *testing.T, e *testenv.Env, admin, wlzx string)
	}{
		{"users-201-orgadmin-creates-filler-in-own-org", func(t *testing.T, e *testenv.Env, admin, wlzx string) {
			r := e.Do("POST", "/api/v1/users", wlzx, newUserBody("wl-filler", oid(t, e, "wlzx"), role("filler")))
			wantStatus(t, r, 201)
			u := r.JSON(t)
			if u["org_name"] != "武陵中学" || u["must_change_password"] != false {
				t.Fatalf("unexpected user: %s", r.Body)
			}
			roles := u["roles"].([]any)
			if len(roles) != 1 || roles[0].(map[string]any)["role"] != "filler" || roles[0].(map[string]any)["org_code"] != "wlzx" {
				t.Fatalf("unexpected roles: %v", roles)
			}
			// The new filler works at once and sees only its school.
			p := loginPair(t, e, "wl-filler", "Welcome@2025!")
			lr := e.Do("GET", "/api/v1/orgs", p.Access, nil)
			wantStatus(t, lr, 200)
			if got := strs(mustItems(t, lr), "code"); fmt.Sprint(got) != "[wlzx]" {
				t.Fatalf("new filler sees %v", got)
			}
			// The org_admin sees it in its list.
			if lr := e.Do("GET", "/api/v1/users", wlzx, nil); !contains(strs(mustItems(t, lr), "username"), "wl-filler") {
				t.Fatalf("org_admin does not list its new user: %s", lr.Body)
			}
		}},
		{"users-201-orgadmin-creates-peer-orgadmin", func(t *testing.T, e *testenv.Env, admin, wlzx string) {
			// Equal is not above: an org_admin may appoint a deputy.
			wantStatus(t, e.Do("POST", "/api/v1/users", wlzx, newUserBody("wl-deputy", oid(t, e, "wlzx"), role("org_admin"))), 201)
		}},
		{"users-403-orgadmin-cannot-grant-higher-roles", func(t *testing.T, e *testenv.Env, admin, wlzx string) {
			for _, rl := range []string{"sysadmin", "reviewer", "leader"} {
				name := "wl-" + rl
				r := e.Do("POST", "/api/v1/users", wlzx, newUserBody(name, oid(t, e, "wlzx"), role(rl)))
				wantProblem(t, r, 403, "role_not_grantable")
				if userExists(t, e, admin, name) {
					t.Fatalf("%s was created despite the 403", name)
				}
			}
			// Nor smuggle one in next to a grantable role.
			r := e.Do("POST", "/api/v1/users", wlzx, newUserBody("wl-mixed", oid(t, e, "wlzx"), role("filler"), role("sysadmin")))
			wantProblem(t, r, 403, "role_not_grantable")
			if userExists(t, e, admin, "wl-mixed") {
				t.Fatal("wl-mixed was created despite the 403")
			}
		}},
		{"users-422-orgadmin-cannot-create-in-other-org", func(t *testing.T, e *testenv.Env, admin, wlzx string) {
			for _, code := range []string{"xhzx", "wlxx", "town-zhengyang", "qjjw"} {
				r := e.Do("POST", "/api/v1/users", wlzx, newUserBody("wl-in-"+code, oid(t, e, code), role("filler")))
				p := wantProblem(t, r, 422, "validation")
				wantFields(t, p, map[string]string{"org_id": "not_found"})
				if userExists(t, e, admin, "wl-in-"+code) {
					t.Fatalf("user created in %s", code)
				}
			}
			// Nor a user of its own org holding a role elsewhere.
			r := e.Do("POST", "/api/v1/users", wlzx, newUserBody("wl-role-elsewhere", oid(t, e, "wlzx"), roleAt("filler", oid(t, e, "xhzx"))))
			p := wantProblem(t, r, 422, "validation")
			wantFields(t, p, map[string]string{"roles[0].org_id": "not_found"})
		}},
		{"users-404-orgadmin-cannot-touch-other-orgs-users", func(t *testing.T, e *testenv.Env, admin, wlzx string) {
			xhzx := demo(t, e, "xhzx")
			path := fmt.Sprintf("/api/v1/users/%d", xhzx.UserID)
			wantProblem(t, e.Do("POST", path+"/reset-password", wlzx, map[string]string{"password": "Hijack@2025!"}), 404, "not_found")
			wantProblem(t, e.Do("PATCH", path, wlzx, map[string]any{"status": "disabled"}), 404, "not_found")
			wantProblem(t, e.Do("GET", path, wlzx, nil), 404, "not_found")
			// Nothing happened to xhzx: the old password and the token still work.
			wantStatus(t, e.Do("GET", "/api/v1/me", xhzx.Access, nil), 200)
			demo(t, e, "xhzx")
		}},
		{"users-403-orgadmin-cannot-promote-or-touch-higher-users", func(t *testing.T, e *testenv.Env, admin, wlzx string) {
			filler := createUser(t, e, wlzx, "wl-promote", "wlzx", "filler")
			r := e.Do("PATCH", fmt.Sprintf("/api/v1/users/%d", filler), wlzx, map[string]any{"roles": []any{role("reviewer")}})
			wantProblem(t, r, 403, "role_not_grantable")
			// A reviewer whose home is 武陵中学 (made by the sysadmin) is above the org_admin.
			rev := createUser(t, e, admin, "wl-reviewer", "wlzx", "reviewer")
			path := fmt.Sprintf("/api/v1/users/%d", rev)
			wantProblem(t, e.Do("PATCH", path, wlzx, map[string]any{"status": "disabled"}), 403, "user_above_you")
			wantProblem(t, e.Do("POST", path+"/reset-password", wlzx, map[string]string{"password": "Hijack@2025!"}), 403, "user_above_you")
			loginPair(t, e, "wl-reviewer", "Fixture@2025!")
		}},
		{"users-422-cannot-disable-self", func(t *testing.T, e *testenv.Env, admin, wlzx string) {
			me := e.Do("GET", "/api/v1/me", wlzx, nil).JSON(t)
			r := e.Do("PATCH", fmt.Sprintf("/api/v1/users/%d", id(t, me, "id")), wlzx, map[string]any{"status": "disabled"})
			wantFields(t, wantProblem(t, r, 422, "validation"), map[string]string{"status": "cannot_disable_self"})
		}},
		{"users-201-sysadmin-creates-anyone-anywhere", func(t *testing.T, e *testenv.Env, admin, wlzx string) {
			for _, c := range []struct{ user, role, org string }{
				{"cn-reviewer", "reviewer", "town-chengnan"},
				{"xh-admin", "org_admin", "xhzx"},
				{"second-admin", "sysadmin", "qjjw"},
				{"dept-leader", "leader", "czj"},
			} {
				r := e.Do("POST", "/api/v1/users", admin, newUserBody(c.user, oid(t, e, c.org), role(c.role)))
				wantStatus(t, r, 201)
			}
			// A town reviewer sees its town's subtree, and nothing else.
			p := loginPair(t, e, "cn-reviewer", "Welcome@2025!")
			r := e.Do("GET", "/api/v1/orgs", p.Access, nil)
			wantStatus(t, r, 200)
			got := strs(mustItems(t, r), "code")
			want := []string{"cnxx", "cnzxyey", "jfxx", "town-chengnan", "xhcz", "xhzx"}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("town reviewer sees %v, want %v", got, want)
			}
			wantStatus(t, e.Do("GET", fmt.Sprintf("/api/v1/orgs/%d", oid(t, e, "wlzx")), p.Access, nil), 404)
			// A sysadmin may also give one user roles in several orgs.
			r = e.Do("POST", "/api/v1/users", admin, newUserBody("multi", oid(t, e, "xhzx"), role("filler"), roleAt("leader", oid(t, e, "town-chengxi"))))
			wantStatus(t, r, 201)
			if n := len(r.JSON(t)["roles"].([]any)); n != 2 {
				t.Fatalf("want 2 roles, got %d: %s", n, r.Body)
			}
		}},
		{"users-422-duplicate-username", func(t *testing.T, e *testenv.Env, admin, wlzx string) {
			r := e.Do("POST", "/api/v1/users", admin, newUserBody("xhzx", oid(t, e, "xhzx"), role("filler")))
			wantFields(t, wantProblem(t, r, 422, "validation"), map[string]string{"username": "duplicate"})
			createUser(t, e, wlzx, "wl-once", "wlzx", "filler")
			r = e.Do("POST", "/api/v1/users", wlzx, newUserBody("wl-once", oid(t, e, "wlzx"), role("filler")))
			wantFields(t, wantProblem(t, r, 422, "validation"), map[string]string{"username": "duplicate"})
		}},
		{"users-422-field-codes", func(t *testing.T, e *testenv.Env, admin, wlzx string) {
			xh := oid(t, e, "xhzx")
			cases := []struct {
				name   string
				body   map[string]any
				fields map[string]string
			}{
				{"weak-password", map[string]any{"username": "weak", "display_name": "弱", "password": "Short1!", "org_id": xh},
					map[string]string{"password": "password_too_short"}},
				{"password-is-username", map[string]any{"username": "longusername", "display_name": "同", "password": "LongUserName", "org_id": xh},
					map[string]string{"password": "password_is_username"}},
				{"bad-username-and-name", map[string]any{"username": "a b", "display_name": " ", "password": "Welcome@2025!", "org_id": xh},
					map[string]string{"username": "invalid_username", "display_name": "invalid_display_name"}},
				{"missing-org", map[string]any{"username": "no-org", "display_name": "无", "password": "Welcome@2025!"},
					map[string]string{"org_id": "required"}},
				{"unknown-org", map[string]any{"username": "ghost-org", "display_name": "无", "password": "Welcome@2025!", "org_id": 999999},
					map[string]string{"org_id": "not_found"}},
				{"unknown-role", map[string]any{"username": "bad-role", "display_name": "无", "password": "Welcome@2025!", "org_id": xh,
					"roles": []any{role("superuser")}}, map[string]string{"roles[0].role": "invalid_role"}},
			}
			for _, c := range cases {
				r := e.Do("POST", "/api/v1/users", admin, c.body)
				p := wantProblem(t, r, 422, "validation")
				wantFields(t, p, c.fields)
			}
			r := e.Do("POST", fmt.Sprintf("/api/v1/users/%d/reset-password", demo(t, e, "xhzx").UserID), admin, map[string]string{"password": "short"})
			wantFields(t, wantProblem(t, r, 422, "validation"), map[string]string{"password": "password_too_short"})
		}},
		{"users-403-revoked-role-next-request", func(t *testing.T, e *testenv.Env, admin, wlzx string) {
			me := e.Do("GET", "/api/v1/me", wlzx, nil).JSON(t)
			uid := id(t, me, "id")
			wantStatus(t, e.Do("GET", "/api/v1/users", wlzx, nil), 200)
			// Demote wlzx from org_admin to filler; its token is still valid but the role is gone.
			r := e.Do("PATCH", fmt.Sprintf("/api/v1/users/%d", uid), admin, map[string]any{"roles": []any{role("filler")}})
			wantStatus(t, r, 200)
			wantProblem(t, e.Do("GET", "/api/v1/users", wlzx, nil), 403, "forbidden")
			wantProblem(t, e.Do("POST", "/api/v1/users", wlzx, newUserBody("too-late", oid(t, e, "wlzx"), role("filler"))), 403, "forbidden")
			wantStatus(t, e.Do("GET", "/api/v1/orgs", wlzx, nil), 200) // filler may still read its org
			// Take every role away: nothing but /me is left.
			wantStatus(t, e.Do("PATCH", fmt.Sprintf("/api/v1/users/%d", uid), admin, map[string]any{"roles": []any{}}), 200)
			wantProblem(t, e.Do("GET", "/api/v1/orgs", wlzx, nil), 403, "forbidden")
			wantStatus(t, e.Do("GET", "/api/v1/me", wlzx, nil), 200)
			// Give it back: works again on the next request.
			wantStatus(t, e.Do("PATCH", fmt.Sprintf("/api/v1/users/%d", uid), admin, map[string]any{"roles": []any{role("org_admin")}}), 200)
			wantStatus(t, e.Do("GET", "/api/v1/users", wlzx, nil), 200)
		}},
		{"users-403-revoked-sysadmin-next-request", func(t *testing.T, e *testenv.Env, admin, wlzx string) {
			second := createUser(t, e, admin, "admin2", "qjjw", "sysadmin")
			p := loginPair(t, e, "admin2", "Fixture@2025!")
			wantStatus(t, e.Do("GET", "/api/v1/users", p.Access, nil), 200)
			wantStatus(t, e.Do("PATCH", fmt.Sprintf("/api/v1/users/%d", second), admin, map[string]any{"roles": []any{role("leader")}}), 200)
			wantProblem(t, e.Do("GET", "/api/v1/users", p.Access, nil), 403, "forbidden")
			wantProblem(t, e.Do("POST", "/api/v1/orgs", p.Access, map[string]any{"parent_id": oid(t, e, "qjjw"),
				"code": "after-revoke", "name": "撤权后", "type": "primary"}), 403, "forbidden")
			wantStatus(t, e.Do("GET", "/api/v1/orgs", p.Access, nil), 200) // leaders read
		}},
	}
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		for _, s := range scenarios {
			t.Run(s.name, func(t *testing.T) {
				t.Parallel()
				e := testenv.New(t, kind)
				s.run(t, e, demo(t, e, "admin").Access, demo(t, e, "wlzx").Access)
			})
		}
	})
}
