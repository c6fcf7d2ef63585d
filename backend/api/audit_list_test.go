package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// TestAuditList: GET /audit shows a sysadmin everything and a reviewer only the entries about
// its subtree; other roles are 403; the filters and pages hold.
func TestAuditList(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		e := testenv.New(t, kind)
		admin := e.Login("admin")
		adminID := id(t, e.Do(http.MethodGet, "/api/v1/me", admin, nil).JSON(t), "id")
		// One change in each town: a user in 新华中学 (城南) and one in the other school.
		createUser(t, e, admin, "audit-xh", "xhzx", "filler")
		createUser(t, e, admin, "audit-wl", "wlzx", "filler")
		createUser(t, e, admin, "audit-cn-rev", "town-chengnan", "reviewer")
		createUser(t, e, admin, "audit-wl-rev", "wlzx", "reviewer")
		cnRev := loginPair(t, e, "audit-cn-rev", "Fixture@2025!").Access
		wlRev := loginPair(t, e, "audit-wl-rev", "Fixture@2025!").Access
		xhzx, wlzx := oid(t, e, "xhzx"), oid(t, e, "wlzx")

		// The orgs each reviewer may see, from the org tree as it shows them.
		subtree := func(token string) map[float64]bool {
			r := e.Do(http.MethodGet, "/api/v1/orgs?page_size=200", token, nil)
			wantStatus(t, r, 200)
			out := map[float64]bool{}
			for _, o := range mustItems(t, r) {
				out[o["id"].(float64)] = true
			}
			return out
		}
		list := func(t *testing.T, token string, q url.Values) ([]map[string]any, int) {
			t.Helper()
			r := e.Do(http.MethodGet, "/api/v1/audit?"+q.Encode(), token, nil)
			wantStatus(t, r, 200)
			return items(t, r)
		}
		usernames := func(list []map[string]any) map[string]bool {
			out := map[string]bool{}
			for _, it := range list {
				if d, ok := it["detail"].(map[string]any); ok {
					out[fmt.Sprint(d["username"])] = true
				}
			}
			return out
		}

		cases := []struct {
			name  string
			token string
			query url.Values
			check func(t *testing.T, list []map[string]any, total int)
		}{
			{"sysadmin-sees-both-towns", admin, url.Values{"action": {"user.create"}, "page_size": {"200"}}, func(t *testing.T, list []map[string]any, total int) {
				u := usernames(list)
				if !u["audit-xh"] || !u["audit-wl"] || total != len(list) {
					t.Fatalf("sysadmin sees %v (total %d)", u, total)
				}
			}},
			{"town-reviewer-sees-only-its-subtree", cnRev, url.Values{"page_size": {"200"}}, func(t *testing.T, list []map[string]any, total int) {
				mine := subtree(cnRev)
				for _, it := range list {
					if it["org_id"] == nil || !mine[it["org_id"].(float64)] {
						t.Fatalf("town reviewer sees an entry outside its subtree: %v", it)
					}
				}
				if u := usernames(list); !u["audit-xh"] || u["audit-wl"] {
					t.Fatalf("town reviewer sees user creations %v", u)
				}
			}},
			{"other-orgs-reviewer-sees-nothing-of-the-town", wlRev, url.Values{"page_size": {"200"}}, func(t *testing.T, list []map[string]any, total int) {
				cn := subtree(cnRev)
				for _, it := range list {
					if it["org_id"] == nil || cn[it["org_id"].(float64)] || it["org_id"].(float64) != float64(wlzx) {
						t.Fatalf("wlzx reviewer sees %v", it)
					}
				}
				if u := usernames(list); u["audit-xh"] || !u["audit-wl"] {
					t.Fatalf("wlzx reviewer sees user creations %v", u)
				}
			}},
			{"filter-actor", admin, url.Values{"actor_id": {fmt.Sprint(adminID)}, "page_size": {"200"}}, func(t *testing.T, list []map[string]any, total int) {
				if len(list) == 0 {
					t.Fatal("no entries by admin")
				}
				for _, it := range list {
					if it["actor_id"] != float64(adminID) || it["actor"] != "admin" {
						t.Fatalf("actor filter let through %v", it)
					}
				}
			}},
			{"filter-org-and-action-prefix", admin, url.Values{"org_id": {fmt.Sprint(xhzx)}, "action": {"user."}}, func(t *testing.T, list []map[string]any, total int) {
				if u := usernames(list); !u["audit-xh"] || u["audit-wl"] {
					t.Fatalf("org filter: %v", u)
				}
				for _, it := range list {
					if it["org_id"] != float64(xhzx) || it["org_name"] != "新华中学" {
						t.Fatalf("org filter let through %v", it)
					}
				}
			}},
			{"filter-time-range-empty-before", admin, url.Values{"to": {"2020-01-01T00:00:00Z"}}, func(t *testing.T, list []map[string]any, total int) {
				if total != 0 {
					t.Fatalf("entries before 2020: %d", total)
				}
			}},
			{"filter-time-range-holds-now", admin, url.Values{"from": {e.Clock.Now().Add(-1e9).UTC().Format("2006-01-02T15:04:05Z")},
				"to": {e.Clock.Now().Add(1e9).UTC().Format("2006-01-02T15:04:05Z")}, "action": {"user.create"}}, func(t *testing.T, list []map[string]any, total int) {
				if total < 4 {
					t.Fatalf("entries now: %d", total)
				}
			}},
			{"pages", admin, url.Values{"page_size": {"2"}, "page": {"2"}}, func(t *testing.T, list []map[string]any, total int) {
				if len(list) != 2 || total <= 4 {
					t.Fatalf("page 2 of 2: %d items of %d", len(list), total)
				}
			}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				list, total := list(t, c.token, c.query)
				c.check(t, list, total)
			})
		}
		refused := []struct {
			name, token, query string
			status             int
			fields             map[string]string
		}{
			{"403-filler", e.Login("xhzx"), "", 403, nil},
			{"403-leader", e.Login("leader"), "", 403, nil},
			{"401-anonymous", "", "", 401, nil},
			{"422-org-outside-scope", wlRev, "org_id=" + fmt.Sprint(xhzx), 422, map[string]string{"org_id": "not_found"}},
			{"422-bad-time", admin, "from=yesterday", 422, map[string]string{"from": "invalid_time"}},
			{"422-to-before-from", admin, "from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", 422, map[string]string{"to": "before_from"}},
		}
		for _, c := range refused {
			t.Run(c.name, func(t *testing.T) {
				r := e.Do(http.MethodGet, "/api/v1/audit?"+c.query, c.token, nil)
				wantStatus(t, r, c.status)
				if c.fields != nil {
					wantFields(t, wantProblem(t, r, c.status, "validation"), c.fields)
				}
			})
		}
	})
}
