package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// The tenant-isolation matrix: every endpoint of the foundation × every demo role × the
// caller's own org, a sibling org and the parent org. District roles have neither sibling nor
// parent; for them the three targets are the district itself, a town and a school below it.

// actor is a demo account and the three orgs it is tested against.
type actor struct {
	username string
	targets  [3]string // own, sibling, parent (district roles: own, a town, a school)
	labels   [3]string
	// foreign are org codes whose names, codes and fixture users must never appear in any
	// body this actor receives.
	foreign []string
	// orgs and users are exactly what its GET /orgs and GET /users list (nil: everything;
	// users nil with usersStatus 403: not allowed).
	orgs        []string
	users       []string
	usersStatus int
}

var (
	schoolLabels   = [3]string{"own", "sibling", "parent"}
	districtLabels = [3]string{"own", "town-below", "school-below"}
)

var actors = []actor{
	{username: "admin", targets: [3]string{"qjjw", "town-chengnan", "xhzx"}, labels: districtLabels, usersStatus: 200},
	{username: "reviewer", targets: [3]string{"qjjw", "town-chengnan", "xhzx"}, labels: districtLabels, usersStatus: 403},
	{username: "leader", targets: [3]string{"qjjw", "town-chengnan", "xhzx"}, labels: districtLabels, usersStatus: 403},
	{username: "wlzx", targets: [3]string{"wlzx", "wlxx", "town-zhengyang"}, labels: schoolLabels,
		foreign: []string{"wlxx", "town-zhengyang", "xhzx", "qjjw"}, orgs: []string{"wlzx"},
		users: []string{"fx-wlzx", "wlzx"}, usersStatus: 200},
	{username: "xhzx", targets: [3]string{"xhzx", "xhcz", "town-chengnan"}, labels: schoolLabels,
		foreign: []string{"xhcz", "town-chengnan", "wlzx", "qjjw"}, orgs: []string{"xhzx"}, usersStatus: 403},
	{username: "syyey", targets: [3]string{"syyey", "jgyey", "town-chengxi"}, labels: schoolLabels,
		foreign: []string{"jgyey", "town-chengxi", "xhzx", "qjjw"}, orgs: []string{"syyey"}, usersStatus: 403},
	{username: "czj", targets: [3]string{"czj", "fgw", "qjjw"}, labels: schoolLabels,
		foreign: []string{"fgw", "qjjw", "xhzx", "town-chengxi"}, orgs: []string{"czj"}, usersStatus: 403},
}

// expected statuses for the targeted endpoints, per actor, in target order.
type want3 = [3]int

var targeted = map[string]map[string]want3{
	"admin": {
		"get-org": {200, 200, 200}, "create-org": {201, 201, 201}, "patch-org": {200, 200, 200},
		"get-user": {200, 200, 200}, "create-user": {201, 201, 201}, "patch-user": {200, 200, 200}, "reset-password": {204, 204, 204},
	},
	"reviewer": {
		"get-org": {200, 200, 200}, "create-org": {403, 403, 403}, "patch-org": {403, 403, 403},
		"get-user": {403, 403, 403}, "create-user": {403, 403, 403}, "patch-user": {403, 403, 403}, "reset-password": {403, 403, 403},
	},
	"leader": {
		"get-org": {200, 200, 200}, "create-org": {403, 403, 403}, "patch-org": {403, 403, 403},
		"get-user": {403, 403, 403}, "create-user": {403, 403, 403}, "patch-user": {403, 403, 403}, "reset-password": {403, 403, 403},
	},
	// An org_admin manages its own org's users; other orgs do not exist for it (404; a create
	// naming one is an invalid org_id, 422 not_found, the same as for an id that never existed).
	"wlzx": {
		"get-org": {200, 404, 404}, "create-org": {403, 403, 403}, "patch-org": {403, 403, 403},
		"get-user": {200, 404, 404}, "create-user": {201, 422, 422}, "patch-user": {200, 404, 404}, "reset-password": {204, 404, 404},
	},
	"xhzx": {
		"get-org": {200, 404, 404}, "create-org": {403, 403, 403}, "patch-org": {403, 403, 403},
		"get-user": {403, 403, 403}, "create-user": {403, 403, 403}, "patch-user": {403, 403, 403}, "reset-password": {403, 403, 403},
	},
	"syyey": {
		"get-org": {200, 404, 404}, "create-org": {403, 403, 403}, "patch-org": {403, 403, 403},
		"get-user": {403, 403, 403}, "create-user": {403, 403, 403}, "patch-user": {403, 403, 403}, "reset-password": {403, 403, 403},
	},
	"czj": {
		"get-org": {200, 404, 404}, "create-org": {403, 403, 403}, "patch-org": {403, 403, 403},
		"get-user": {403, 403, 403}, "create-user": {403, 403, 403}, "patch-user": {403, 403, 403}, "reset-password": {403, 403, 403},
	},
}

// fixtureOrgs each get a filler "fx-<code>", so user endpoints have a target in every org.
var fixtureOrgs = []string{"qjjw", "town-chengnan", "xhzx", "xhcz", "wlzx", "wlxx", "town-zhengyang",
	"syyey", "jgyey", "town-chengxi", "czj", "fgw"}

func TestIsolationMatrix(t *testing.T) {
	t.Parallel()
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		e := testenv.New(t, kind)
		admin := demo(t, e, "admin")
		fx := map[string]int64{}
		for _, code := range fixtureOrgs {
			fx[code] = createUser(t, e, admin.Access, "fx-"+code, code, "filler")
		}
		orgName := map[string]string{}
		for _, code := range fixtureOrgs {
			orgName[code] = orgByID(t, e, admin.Access, oid(t, e, code))["name"].(string)
		}

		t.Run("unauthenticated-401-everywhere", func(t *testing.T) {
			for _, ep := range allEndpoints(t, e, fx["xhzx"], "xhzx") {
				for _, tok := range []string{"", "forged.token.value"} {
					r := e.Do(ep.method, ep.path, tok, ep.body)
					code := "missing_token"
					if tok != "" {
						code = "invalid_token"
					}
					wantProblem(t, r, 401, code)
					if strings.Contains(string(r.Body), "新华中学") || strings.Contains(string(r.Body), "fx-") {
						t.Fatalf("%s %s: 401 body leaks data: %s", ep.method, ep.path, r.Body)
					}
				}
			}
		})

		for _, a := range actors {
			a := a
			t.Run(a.username+"-lists", func(t *testing.T) {
				tok := demo(t, e, a.username).Access
				leak := leaker(a, orgName)

				t.Run("get-me-200", func(t *testing.T) {
					r := e.Do("GET", "/api/v1/me", tok, nil)
					wantStatus(t, r, 200)
					if r.JSON(t)["username"] != a.username {
						t.Fatalf("GET /me: %s", r.Body)
					}
					leak(t, "GET /me", r.Body)
				})

				t.Run("list-orgs-200-own-subtree-only", func(t *testing.T) {
					r := e.Do("GET", "/api/v1/orgs?page_size=200", tok, nil)
					wantStatus(t, r, 200)
					list, total := items(t, r)
					leak(t, "GET /orgs", r.Body)
					if a.orgs == nil {
						n := countOrgs(t, e)
						if total != n || len(list) != min(n, 200) {
							t.Fatalf("district role sees %d of %d orgs (total %d)", len(list), n, total)
						}
						return
					}
					if got := strs(list, "code"); fmt.Sprint(got) != fmt.Sprint(a.orgs) || total != len(a.orgs) {
						t.Fatalf("want orgs %v, got %v (total %d)", a.orgs, got, total)
					}
					// Filters cannot widen the scope.
					for q, want := range map[string]string{
						"?parent_id=" + fmt.Sprint(oid(t, e, a.targets[2])): fmt.Sprint(a.orgs), // the parent's children: only itself
						"?q=" + a.targets[1]:                              "[]",
						"?q=" + strings.TrimPrefix(a.targets[1], "town-"): "[]",
						"?type=town": "[]",
					} {
						r := e.Do("GET", "/api/v1/orgs"+q, tok, nil)
						wantStatus(t, r, 200)
						leak(t, "GET /orgs"+q, r.Body)
						if list, _ := items(t, r); fmt.Sprint(strs(list, "code")) != want {
							t.Fatalf("GET /orgs%s: want %s, got %s", q, want, r.Body)
						}
					}
				})

				t.Run("tree-orgs-200-own-subtree-only", func(t *testing.T) {
					r := e.Do("GET", "/api/v1/orgs?tree=1", tok, nil)
					wantStatus(t, r, 200)
					leak(t, "GET /orgs?tree=1", r.Body)
					var tree struct {
						Items []treeNode `json:"items"`
					}
					r.Decode(t, &tree)
					if len(tree.Items) != 1 || tree.Items[0].Code != a.targets[0] {
						t.Fatalf("want one root %s, got %s", a.targets[0], r.Body)
					}
					n := 0
					walk(tree.Items, func(treeNode) { n++ })
					want := len(a.orgs)
					if a.orgs == nil {
						want = countOrgs(t, e)
					}
					if n != want {
						t.Fatalf("tree holds %d orgs, want %d", n, want)
					}
				})

				t.Run(fmt.Sprintf("list-users-%d", a.usersStatus), func(t *testing.T) {
					r := e.Do("GET", "/api/v1/users?page_size=200", tok, nil)
					leak(t, "GET /users", r.Body)
					if a.usersStatus != 200 {
						wantProblem(t, r, a.usersStatus, "forbidden")
						return
					}
					wantStatus(t, r, 200)
					list, total := items(t, r)
					if a.users == nil {
						for _, code := range fixtureOrgs {
							if !contains(strs(list, "username"), "fx-"+code) {
								t.Fatalf("sysadmin does not see fx-%s", code)
							}
						}
						return
					}
					if got := strs(list, "username"); fmt.Sprint(got) != fmt.Sprint(a.users) || total != len(a.users) {
						t.Fatalf("want users %v, got %v (total %d)", a.users, got, total)
					}
					r = e.Do("GET", fmt.Sprintf("/api/v1/users?org_id=%d", oid(t, e, a.targets[1])), tok, nil)
					wantStatus(t, r, 200)
					if list, total := items(t, r); len(list) != 0 || total != 0 {
						t.Fatalf("org_id filter reached a sibling's users: %s", r.Body)
					}
				})

			})
		}
		// Targeted calls (some of them writes) run after every actor's list checks.
		for _, a := range actors {
			a := a
			t.Run(a.username+"-targets", func(t *testing.T) {
				tok := demo(t, e, a.username).Access
				leak := leaker(a, orgName)
				for i, target := range a.targets {
					for _, ep := range targetedEndpoints(t, e, a.username, target, fx[target], oid(t, e, target)) {
						status := targeted[a.username][ep.name][i]
						t.Run(fmt.Sprintf("%s-%d-%s", ep.name, status, a.labels[i]), func(t *testing.T) {
							r := e.Do(ep.method, ep.path, tok, ep.body)
							wantStatus(t, r, status)
							leak(t, ep.method+" "+ep.path, r.Body)
							if status >= 400 {
								// An error never carries the target's data, whoever the target is.
								for _, needle := range []string{orgName[target], "fx-" + target} {
									if strings.Contains(string(r.Body), needle) {
										t.Fatalf("%d body names the target (%q): %s", status, needle, r.Body)
									}
								}
							}
							if status == 422 {
								p := wantProblem(t, r, 422, "validation")
								wantFields(t, p, map[string]string{"org_id": "not_found"})
							}
						})
					}
				}
			})
		}
	})
}

// leaker returns a check that fails the test if a body names anything foreign to the actor.
func leaker(a actor, orgName map[string]string) func(t *testing.T, what string, body []byte) {
	return func(t *testing.T, what string, body []byte) {
		t.Helper()
		s := withoutRequestID(t, body)
		for _, code := range a.foreign {
			for _, needle := range []string{`"` + code + `"`, "fx-" + code, orgName[code]} {
				if needle != "" && strings.Contains(s, needle) {
					t.Fatalf("%s: body names foreign %q: %s", what, needle, s)
				}
			}
		}
	}
}

type endpoint struct {
	name, method, path string
	body               any
}

// targetedEndpoints returns each endpoint aimed at the target org (and its fixture user).
// Writes are harmless: renames to the same name and fresh, unique codes and usernames.
func targetedEndpoints(t *testing.T, e *testenv.Env, actor, target string, fixtureUser, orgID int64) []endpoint {
	t.Helper()
	unique := actor + "-" + target
	return []endpoint{
		{"get-org", "GET", fmt.Sprintf("/api/v1/orgs/%d", orgID), nil},
		{"create-org", "POST", "/api/v1/orgs", map[string]any{"parent_id": orgID, "code": "m-" + unique,
			"name": "矩阵测试 " + unique, "type": "primary"}},
		{"patch-org", "PATCH", fmt.Sprintf("/api/v1/orgs/%d", orgID), map[string]any{"ownership": "public"}},
		{"get-user", "GET", fmt.Sprintf("/api/v1/users/%d", fixtureUser), nil},
		{"create-user", "POST", "/api/v1/users", map[string]any{"username": "m-" + unique, "display_name": "矩阵 " + unique,
			"password": "Matrix@2025!", "org_id": orgID, "roles": []map[string]any{{"role": "filler"}}}},
		{"patch-user", "PATCH", fmt.Sprintf("/api/v1/users/%d", fixtureUser), map[string]any{"phone": "13900000000"}},
		{"reset-password", "POST", fmt.Sprintf("/api/v1/users/%d/reset-password", fixtureUser),
			map[string]any{"password": "Reset@2025!" + actor}},
	}
}

// allEndpoints lists every endpoint of the foundation, aimed at one org and user.
func allEndpoints(t *testing.T, e *testenv.Env, userID int64, orgCode string) []endpoint {
	t.Helper()
	eps := []endpoint{
		{"list-orgs", "GET", "/api/v1/orgs", nil},
		{"tree-orgs", "GET", "/api/v1/orgs?tree=1", nil},
		{"list-users", "GET", "/api/v1/users", nil},
		{"get-me", "GET", "/api/v1/me", nil},
		{"change-password", "POST", "/api/v1/me/password", map[string]string{"current_password": "x", "new_password": "y"}},
	}
	return append(eps, targetedEndpoints(t, e, "anon", orgCode, userID, oid(t, e, orgCode))...)
}

type treeNode struct {
	ID       int64      `json:"id"`
	Code     string     `json:"code"`
	ParentID *int64     `json:"parent_id"`
	Path     string     `json:"path"`
	Children []treeNode `json:"children"`
}

func walk(ns []treeNode, fn func(treeNode)) {
	for _, n := range ns {
		fn(n)
		walk(n.Children, fn)
	}
}

func countOrgs(t *testing.T, e *testenv.Env) int {
	t.Helper()
	var n int64
	if err := e.App.DB.Table("orgs").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
