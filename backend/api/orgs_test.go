package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// TestOrgLists covers pagination, filters and the tree, read as the sysadmin.
func TestOrgLists(t *testing.T) {
	t.Parallel()
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		e := testenv.New(t, kind)
		admin := demo(t, e, "admin").Access
		all := countOrgs(t, e)
		if all < 100 {
			t.Fatalf("the demo district should hold about 120 orgs, has %d", all)
		}

		t.Run("orgs-200-pagination", func(t *testing.T) {
			seen := map[string]bool{}
			pages := 0
			for page := 1; ; page++ {
				r := e.Do("GET", fmt.Sprintf("/api/v1/orgs?page=%d&page_size=25", page), admin, nil)
				wantStatus(t, r, 200)
				var p struct {
					Items    []map[string]any `json:"items"`
					Total    int              `json:"total"`
					Page     int              `json:"page"`
					PageSize int              `json:"page_size"`
				}
				r.Decode(t, &p)
				if p.Total != all || p.Page != page || p.PageSize != 25 {
					t.Fatalf("page %d: total %d page %d size %d", page, p.Total, p.Page, p.PageSize)
				}
				if len(p.Items) == 0 {
					break
				}
				pages++
				for _, it := range p.Items {
					code := it["code"].(string)
					if seen[code] {
						t.Fatalf("%s appears on two pages", code)
					}
					seen[code] = true
				}
			}
			if len(seen) != all || pages != (all+24)/25 {
				t.Fatalf("paged through %d orgs in %d pages, want %d", len(seen), pages, all)
			}
		})
		t.Run("orgs-200-page-size-defaults-and-cap", func(t *testing.T) {
			r := e.Do("GET", "/api/v1/orgs", admin, nil)
			if list, _ := items(t, r); len(list) != 50 {
				t.Fatalf("default page size: %d items", len(list))
			}
			r = e.Do("GET", "/api/v1/orgs?page_size=100000", admin, nil)
			if list, _ := items(t, r); len(list) != min(all, 200) || r.JSON(t)["page_size"] != float64(200) {
				t.Fatalf("page size not capped at 200: %d items", len(list))
			}
		})
		t.Run("orgs-200-filter-type", func(t *testing.T) {
			r := e.Do("GET", "/api/v1/orgs?type=senior&page_size=200", admin, nil)
			wantStatus(t, r, 200)
			list, total := items(t, r)
			if total == 0 || total != len(list) || !contains(strs(list, "code"), "xhzx") {
				t.Fatalf("type=senior: %s", r.Body)
			}
			if got := strs(list, "type"); got[0] != "senior" || got[len(got)-1] != "senior" {
				t.Fatalf("type=senior returned other types: %v", got)
			}
			r = e.Do("GET", "/api/v1/orgs?type=town&page_size=200", admin, nil)
			if _, total := items(t, r); total < 20 {
				t.Fatalf("the district has about 30 towns and sub-districts, got %d", total)
			}
		})
		t.Run("orgs-200-filter-q", func(t *testing.T) {
			r := e.Do("GET", "/api/v1/orgs?q=武陵", admin, nil)
			wantStatus(t, r, 200)
			got := strs(mustItems(t, r), "code")
			for _, want := range []string{"wlzx", "wlxx"} {
				if !contains(got, want) {
					t.Fatalf("q=武陵 misses %s: %v", want, got)
				}
			}
			for _, it := range mustItems(t, r) {
				if !strings.Contains(it["name"].(string), "武陵") && !strings.Contains(it["code"].(string), "武陵") {
					t.Fatalf("q=武陵 returned %v", it)
				}
			}
			r = e.Do("GET", "/api/v1/orgs?q=xhzx", admin, nil)
			if got := strs(mustItems(t, r), "code"); fmt.Sprint(got) != "[xhzx]" {
				t.Fatalf("q=xhzx: %v", got)
			}
			// LIKE wildcards in q are literal characters.
			for _, q := range []string{"%25", "_", "%25%25"} {
				r = e.Do("GET", "/api/v1/orgs?q="+q, admin, nil)
				if _, total := items(t, r); total != 0 {
					t.Fatalf("q=%s matched %d orgs: wildcards not escaped", q, total)
				}
			}
		})
		t.Run("orgs-200-filter-parent", func(t *testing.T) {
			r := e.Do("GET", fmt.Sprintf("/api/v1/orgs?parent_id=%d", oid(t, e, "town-chengnan")), admin, nil)
			wantStatus(t, r, 200)
			got := strs(mustItems(t, r), "code")
			if want := "[cnxx cnzxyey jfxx xhcz xhzx]"; fmt.Sprint(got) != want {
				t.Fatalf("children of 城南街道: %v, want %s", got, want)
			}
			r = e.Do("GET", fmt.Sprintf("/api/v1/orgs?parent_id=%d&type=senior", oid(t, e, "town-chengnan")), admin, nil)
			if got := strs(mustItems(t, r), "code"); fmt.Sprint(got) != "[xhzx]" {
				t.Fatalf("parent and type combined: %v", got)
			}
		})
		t.Run("orgs-422-bad-query", func(t *testing.T) {
			for q, field := range map[string]map[string]string{
				"?type=castle":   {"type": "invalid_org_type"},
				"?page=abc":      {"page": "invalid_integer"},
				"?page_size=1.5": {"page_size": "invalid_integer"},
				"?parent_id=-3":  {"parent_id": "invalid_id"},
				"?parent_id=x":   {"parent_id": "invalid_id"},
				"?town_id=0":     {"town_id": "invalid_id"},
			} {
				p := wantProblem(t, e.Do("GET", "/api/v1/orgs"+q, admin, nil), 422, "validation")
				wantFields(t, p, field)
			}
		})
		t.Run("orgs-404-unknown-or-malformed-id", func(t *testing.T) {
			for _, path := range []string{"/api/v1/orgs/999999", "/api/v1/orgs/abc", "/api/v1/orgs/0", "/api/v1/orgs/-1"} {
				wantProblem(t, e.Do("GET", path, admin, nil), 404, "not_found")
			}
		})
		t.Run("orgs-200-tree", func(t *testing.T) {
			r := e.Do("GET", "/api/v1/orgs?tree=1", admin, nil)
			wantStatus(t, r, 200)
			var tree struct {
				Items []treeNode `json:"items"`
			}
			r.Decode(t, &tree)
			if len(tree.Items) != 1 || tree.Items[0].Code != "qjjw" || tree.Items[0].ParentID != nil {
				t.Fatalf("want the one root qjjw: %d roots", len(tree.Items))
			}
			n := 0
			var check func(parent *treeNode, ns []treeNode)
			check = func(parent *treeNode, ns []treeNode) {
				for i := range ns {
					c := &ns[i]
					n++
					if parent != nil {
						if c.ParentID == nil || *c.ParentID != parent.ID || c.Path != fmt.Sprintf("%s%d/", parent.Path, c.ID) {
							t.Fatalf("%s is nested under %s but has parent %v path %s", c.Code, parent.Code, c.ParentID, c.Path)
						}
					}
					check(c, c.Children)
				}
			}
			check(nil, tree.Items)
			if n != all {
				t.Fatalf("tree holds %d orgs, want %d", n, all)
			}
			var chengnan *treeNode
			for i, c := range tree.Items[0].Children {
				if c.Code == "town-chengnan" {
					chengnan = &tree.Items[0].Children[i]
				}
			}
			if chengnan == nil || len(chengnan.Children) != 5 {
				t.Fatalf("城南街道 missing or with wrong children: %+v", chengnan)
			}
		})
	})
}

// TestOrgWrites covers creating and moving orgs.
func TestOrgWrites(t *testing.T) {
	t.Parallel()
	scenarios := []struct {
		name string
		run  func(t *testing.T, e *testenv.Env, admin string)
	}{
		{"orgs-201-create-under-parent", func(t *testing.T, e *testenv.Env, admin string) {
			town := orgByID(t, e, admin, oid(t, e, "town-chengnan"))
			r := e.Do("POST", "/api/v1/orgs", admin, map[string]any{"parent_id": town["id"], "code": "cn-new-school",
				"name": " 城南新学校 ", "type": "primary"})
			wantStatus(t, r, 201)
			o := r.JSON(t)
			oidNew := id(t, o, "id")
			if o["path"] != fmt.Sprintf("%s%d/", town["path"], oidNew) || o["depth"] != town["depth"].(float64)+1 {
				t.Fatalf("path/depth not computed from the parent: %s (parent %v)", r.Body, town["path"])
			}
			if id(t, o, "town_id") != id(t, town, "id") || id(t, o, "parent_id") != id(t, town, "id") {
				t.Fatalf("town_id/parent_id wrong: %s", r.Body)
			}
			if o["name"] != "城南新学校" || o["ownership"] != "public" || o["active"] != true {
				t.Fatalf("name not trimmed or defaults wrong: %s", r.Body)
			}
			// A child of the new school inherits the town.
			r = e.Do("POST", "/api/v1/orgs", admin, map[string]any{"parent_id": oidNew, "code": "cn-new-school-kg",
				"name": "附属幼儿园", "type": "kindergarten", "ownership": "private"})
			wantStatus(t, r, 201)
			c := r.JSON(t)
			if id(t, c, "town_id") != id(t, town, "id") || c["path"] != fmt.Sprintf("%s%d/", o["path"], id(t, c, "id")) {
				t.Fatalf("grandchild placement wrong: %s", r.Body)
			}
			// It shows up for its town's reviewer.
			createUser(t, e, admin, "cn-rev", "town-chengnan", "reviewer")
			p := loginPair(t, e, "cn-rev", "Fixture@2025!")
			wantStatus(t, e.Do("GET", fmt.Sprintf("/api/v1/orgs/%d", id(t, c, "id")), p.Access, nil), 200)
		}},
		{"orgs-201-create-town-is-its-own-town", func(t *testing.T, e *testenv.Env, admin string) {
			r := e.Do("POST", "/api/v1/orgs", admin, map[string]any{"parent_id": oid(t, e, "qjjw"), "code": "town-new",
				"name": "新镇", "type": "town"})
			wantStatus(t, r, 201)
			o := r.JSON(t)
			if id(t, o, "town_id") != id(t, o, "id") || o["depth"] != float64(1) {
				t.Fatalf("a town's town_id is itself: %s", r.Body)
			}
		}},
		{"orgs-422-create-bad-input", func(t *testing.T, e *testenv.Env, admin string) {
			parent := oid(t, e, "town-chengnan")
			cases := []struct {
				name   string
				body   map[string]any
				fields map[string]string
			}{
				{"duplicate-code", map[string]any{"parent_id": parent, "code": "xhzx", "name": "重复", "type": "senior"},
					map[string]string{"code": "duplicate"}},
				{"bad-code", map[string]any{"parent_id": parent, "code": "Bad Code", "name": "坏", "type": "senior"},
					map[string]string{"code": "invalid_code"}},
				{"no-name-bad-type-ownership", map[string]any{"parent_id": parent, "code": "ok-code", "name": "", "type": "castle",
					"ownership": "mixed"}, map[string]string{"name": "invalid_name", "type": "invalid_org_type", "ownership": "invalid_ownership"}},
				{"second-bureau", map[string]any{"parent_id": parent, "code": "bureau-2", "name": "二号教委", "type": "bureau"},
					map[string]string{"type": "invalid_org_type"}},
				{"missing-parent", map[string]any{"code": "orphan", "name": "孤儿", "type": "primary"},
					map[string]string{"parent_id": "required"}},
				{"unknown-parent", map[string]any{"parent_id": 999999, "code": "orphan", "name": "孤儿", "type": "primary"},
					map[string]string{"parent_id": "not_found"}},
			}
			before := countOrgs(t, e)
			for _, c := range cases {
				p := wantProblem(t, e.Do("POST", "/api/v1/orgs", admin, c.body), 422, "validation")
				wantFields(t, p, c.fields)
			}
			if n := countOrgs(t, e); n != before {
				t.Fatalf("a refused create left a row behind: %d orgs, was %d", n, before)
			}
		}},
		{"orgs-200-move-subtree-to-another-town", func(t *testing.T, e *testenv.Env, admin string) {
			from, to := orgByID(t, e, admin, oid(t, e, "town-chengnan")), orgByID(t, e, admin, oid(t, e, "town-zhengyang"))
			x := e.Do("POST", "/api/v1/orgs", admin, map[string]any{"parent_id": from["id"], "code": "mv-school", "name": "搬迁学校", "type": "nine_year"})
			wantStatus(t, x, 201)
			xo := x.JSON(t)
			y := e.Do("POST", "/api/v1/orgs", admin, map[string]any{"parent_id": xo["id"], "code": "mv-school-kg", "name": "搬迁学校幼儿园", "type": "kindergarten"})
			wantStatus(t, y, 201)
			yID := id(t, y.JSON(t), "id")
			xID := id(t, xo, "id")

			r := e.Do("PATCH", fmt.Sprintf("/api/v1/orgs/%d", xID), admin, map[string]any{"parent_id": to["id"]})
			wantStatus(t, r, 200)
			moved := r.JSON(t)
			if moved["path"] != fmt.Sprintf("%s%d/", to["path"], xID) || id(t, moved, "town_id") != id(t, to, "id") ||
				id(t, moved, "parent_id") != id(t, to, "id") {
				t.Fatalf("moved org not re-placed: %s", r.Body)
			}
			child := orgByID(t, e, admin, yID)
			if child["path"] != fmt.Sprintf("%s%d/", moved["path"], yID) || id(t, child, "town_id") != id(t, to, "id") ||
				child["depth"] != moved["depth"].(float64)+1 {
				t.Fatalf("subtree not re-placed: %v", child)
			}
			// Lists follow: the old town no longer holds it, the new one does.
			r = e.Do("GET", fmt.Sprintf("/api/v1/orgs?town_id=%d", id(t, from, "id")), admin, nil)
			if got := strs(mustItems(t, r), "code"); contains(got, "mv-school") || contains(got, "mv-school-kg") {
				t.Fatalf("old town still lists the moved subtree: %v", got)
			}
			r = e.Do("GET", fmt.Sprintf("/api/v1/orgs?town_id=%d&page_size=200", id(t, to, "id")), admin, nil)
			if got := strs(mustItems(t, r), "code"); !contains(got, "mv-school") || !contains(got, "mv-school-kg") {
				t.Fatalf("new town does not list the moved subtree: %v", got)
			}
		}},
		{"orgs-200-move-keeps-role-holders-working", func(t *testing.T, e *testenv.Env, admin string) {
			wlzx := demo(t, e, "wlzx").Access
			r := e.Do("PATCH", fmt.Sprintf("/api/v1/orgs/%d", oid(t, e, "wlzx")), admin, map[string]any{"parent_id": oid(t, e, "town-chengnan")})
			wantStatus(t, r, 200)
			lr := e.Do("GET", "/api/v1/orgs", wlzx, nil)
			wantStatus(t, lr, 200)
			if got := strs(mustItems(t, lr), "code"); fmt.Sprint(got) != "[wlzx]" {
				t.Fatalf("org_admin of a moved org sees %v", got)
			}
			ur := e.Do("GET", "/api/v1/users", wlzx, nil)
			wantStatus(t, ur, 200)
			if got := strs(mustItems(t, ur), "username"); fmt.Sprint(got) != "[wlzx]" {
				t.Fatalf("org_admin of a moved org lists %v", got)
			}
			wantStatus(t, e.Do("POST", "/api/v1/users", wlzx, newUserBody("after-move", oid(t, e, "wlzx"), role("filler"))), 201)
		}},
		{"orgs-422-cannot-move-under-itself", func(t *testing.T, e *testenv.Env, admin string) {
			town := oid(t, e, "town-chengnan")
			school := oid(t, e, "xhzx")
			before := orgByID(t, e, admin, town)
			for _, target := range []int64{town, school} {
				r := e.Do("PATCH", fmt.Sprintf("/api/v1/orgs/%d", town), admin, map[string]any{"parent_id": target})
				wantFields(t, wantProblem(t, r, 422, "validation"), map[string]string{"parent_id": "cycle"})
			}
			r := e.Do("PATCH", fmt.Sprintf("/api/v1/orgs/%d", town), admin, map[string]any{"parent_id": 999999})
			wantFields(t, wantProblem(t, r, 422, "validation"), map[string]string{"parent_id": "not_found"})
			if after := orgByID(t, e, admin, town); after["path"] != before["path"] || after["parent_id"] != before["parent_id"] {
				t.Fatalf("refused move changed the org: %v → %v", before, after)
			}
		}},
		{"orgs-200-patch-fields", func(t *testing.T, e *testenv.Env, admin string) {
			path := fmt.Sprintf("/api/v1/orgs/%d", oid(t, e, "xhzx"))
			r := e.Do("PATCH", path, admin, map[string]any{"name": "新华中学（高中部）", "ownership": "private", "active": false})
			wantStatus(t, r, 200)
			o := r.JSON(t)
			if o["name"] != "新华中学（高中部）" || o["ownership"] != "private" || o["active"] != false || o["code"] != "xhzx" {
				t.Fatalf("patch not applied: %s", r.Body)
			}
			// false and empty values are applied, not skipped.
			r = e.Do("PATCH", path, admin, map[string]any{"active": true})
			if r.JSON(t)["active"] != true || r.JSON(t)["ownership"] != "private" {
				t.Fatalf("second patch: %s", r.Body)
			}
			p := wantProblem(t, e.Do("PATCH", path, admin, map[string]any{"type": "bureau", "name": ""}), 422, "validation")
			wantFields(t, p, map[string]string{"type": "invalid_org_type", "name": "invalid_name"})
			wantProblem(t, e.Do("PATCH", "/api/v1/orgs/999999", admin, map[string]any{"name": "x"}), 404, "not_found")
			wantFields(t, wantProblem(t, e.Do("PATCH", path, admin, map[string]any{"code": "renamed"}), 422, "validation"),
				map[string]string{"code": "unknown_field"})
		}},
	}
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		for _, s := range scenarios {
			t.Run(s.name, func(t *testing.T) {
				t.Parallel()
				e := testenv.New(t, kind)
				s.run(t, e, demo(t, e, "admin").Access)
			})
		}
	})
}
