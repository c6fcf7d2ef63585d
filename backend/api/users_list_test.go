package api_test

import (
	"fmt"
	"net/http"
	"sort"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// TestUserList: GET /users pages (page_size clamped to 200, total counted over the whole
// filter), searches username, name and phone, keeps an org's subtree and a role, and shows an
// org_admin only his own subtree's users, whatever filter he sends.
func TestUserList(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		admin, wlzx := e.Login("admin"), e.Login("wlzx")
		// Seven accounts in 新华中学 (town 城南), distinguishable by name and phone.
		for i := 0; i < 7; i++ {
			r := e.Do(http.MethodPost, "/api/v1/users", admin, map[string]any{"username": fmt.Sprintf("ul-%02d", i),
				"display_name": fmt.Sprintf("列表用户%02d", i), "phone": fmt.Sprintf("1390000%04d", i), "password": "Fixture@2025!",
				"org_id": e.OrgID("xhzx"), "roles": []map[string]any{{"role": "filler"}}})
			wantStatus(t, r, http.StatusCreated)
		}
		wantStatus(t, e.Do(http.MethodPost, "/api/v1/users", admin, map[string]any{"username": "ul-reviewer", "display_name": "城南审核",
			"password": "Fixture@2025!", "org_id": e.OrgID("town-chengnan"), "roles": []map[string]any{{"role": "reviewer"}}}), http.StatusCreated)
		wantStatus(t, e.Do(http.MethodPost, "/api/v1/users", wlzx, map[string]any{"username": "ul-wl", "display_name": "武陵用户",
			"phone": "13900009999", "password": "Fixture@2025!", "org_id": e.OrgID("wlzx"), "roles": []map[string]any{{"role": "filler"}}}), http.StatusCreated)

		list := func(token, query string) ([]string, int) {
			t.Helper()
			r := e.Do(http.MethodGet, "/api/v1/users"+query, token, nil)
			wantStatus(t, r, http.StatusOK)
			l, total := items(t, r)
			return strs(l, "username"), total
		}
		// The accounts in the database, independently of the list code.
		var all int64
		e.App.DB.Table("users").Count(&all)

		t.Run("users-200-paging", func(t *testing.T) {
			var seen []string
			for page := 1; ; page++ {
				got, total := list(admin, fmt.Sprintf("?q=ul-0&page=%d&page_size=3", page))
				if total != 7 {
					t.Fatalf("page %d: total %d, want 7", page, total)
				}
				if len(got) == 0 {
					break
				}
				if len(got) > 3 {
					t.Fatalf("page %d has %d items", page, len(got))
				}
				seen = append(seen, got...)
			}
			sort.Strings(seen)
			if fmt.Sprint(seen) != "[ul-00 ul-01 ul-02 ul-03 ul-04 ul-05 ul-06]" {
				t.Fatalf("pages gave %v", seen)
			}
		})

		t.Run("users-200-page-size-clamped-to-200", func(t *testing.T) {
			r := e.Do(http.MethodGet, "/api/v1/users?page_size=100000", admin, nil)
			wantStatus(t, r, http.StatusOK)
			m := r.JSON(t)
			l, total := items(t, r)
			if m["page_size"] != float64(200) || int64(total) != all || len(l) != min(int(all), 200) {
				t.Fatalf("page_size %v, total %d of %d, %d items", m["page_size"], total, all, len(l))
			}
		})

		for _, c := range []struct {
			name, query, want string
		}{
			{"users-200-search-username", "?q=ul-03", "[ul-03]"},
			{"users-200-search-name", "?q=列表用户05", "[ul-05]"},
			{"users-200-search-phone", "?q=13900000006", "[ul-06]"},
			{"users-200-search-like-is-literal", "?q=ul_0", "[]"},
			{"users-200-role-filter", "?q=ul-&role=reviewer", "[ul-reviewer]"},
			{"users-200-org-subtree", fmt.Sprintf("?q=ul-&org_id=%d", e.OrgID("town-chengnan")),
				"[ul-00 ul-01 ul-02 ul-03 ul-04 ul-05 ul-06 ul-reviewer]"},
			{"users-200-org-subtree-other-town", fmt.Sprintf("?q=ul-&org_id=%d", e.OrgID("town-zhengyang")), "[ul-wl]"},
		} {
			t.Run(c.name, func(t *testing.T) {
				got, total := list(admin, c.query)
				sort.Strings(got)
				if fmt.Sprint(got) != c.want || total != len(got) {
					t.Fatalf("%s: %v (total %d), want %s", c.query, got, total, c.want)
				}
			})
		}

		t.Run("users-422-bad-role", func(t *testing.T) {
			p := wantProblem(t, e.Do(http.MethodGet, "/api/v1/users?role=king&q=ul-", admin, nil), 422, "validation")
			wantFields(t, p, map[string]string{"role": "invalid_role"})
		})

		t.Run("users-200-unknown-org-matches-nobody", func(t *testing.T) {
			if got, total := list(admin, "?org_id=999999"); total != 0 || len(got) != 0 {
				t.Fatalf("unknown org: %v", got)
			}
		})

		t.Run("users-200-org-admin-sees-own-subtree-only", func(t *testing.T) {
			got, total := list(wlzx, "")
			if total != len(got) || !contains(got, "ul-wl") || !contains(got, "wlzx") {
				t.Fatalf("wlzx sees %v", got)
			}
			for _, u := range got {
				if u == "ul-00" || u == "xhzx" || u == "admin" || u == "ul-reviewer" {
					t.Fatalf("wlzx sees %s of another org: %v", u, got)
				}
			}
			if got, total := list(wlzx, "?q=13900000001"); total != 0 || len(got) != 0 {
				t.Fatalf("phone search outside the subtree: %v", got)
			}
			if got, total := list(wlzx, "?role=sysadmin"); total != 0 || len(got) != 0 {
				t.Fatalf("role search outside the subtree: %v", got)
			}
		})

		t.Run("users-200-org-admin-other-org-filter-empty", func(t *testing.T) {
			// An org outside his subtree answers as an unknown one: nobody, not a 403 that confirms it.
			if got, total := list(wlzx, fmt.Sprintf("?org_id=%d", e.OrgID("xhzx"))); total != 0 || len(got) != 0 {
				t.Fatalf("wlzx filtering by 新华中学 sees %v", got)
			}
		})

		t.Run("users-403-filler", func(t *testing.T) {
			wantStatus(t, e.Do(http.MethodGet, "/api/v1/users?q=ul-", e.Login("xhzx"), nil), http.StatusForbidden)
		})
	})
}
