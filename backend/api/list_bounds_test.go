package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// TestListBounds: every list in a request body has a size limit and refuses duplicates, with
// the field named; a huge list is a 422, never a 500 from the database.
func TestListBounds(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		e := testenv.New(t, kind)
		admin := e.Login("admin")
		reviewer := e.Login("reviewer")
		deadline := e.Clock.Now().Add(10 * 24 * time.Hour)
		huge := make([]string, 32767)
		for i := range huge {
			huge[i] = "primary"
		}
		campaign := func(types []string) map[string]any {
			return map[string]any{"form": "teacher-training", "period": "2026", "deadline": deadline, "org_types": types}
		}
		xhzx := oid(t, e, "xhzx")
		cases := []struct {
			name, token, method, path string
			body                      any
			status                    int
			fields                    map[string]string
		}{
			{"campaign-422-32767-org-types", admin, http.MethodPost, "/api/v1/campaigns", campaign(huge), 422,
				map[string]string{"org_types": "too_many"}},
			{"campaign-422-duplicate-org-types", admin, http.MethodPost, "/api/v1/campaigns", campaign([]string{"primary", "junior", "primary"}), 422,
				map[string]string{"org_types[2]": "duplicate"}},
			{"bulk-approve-422-duplicate-ids", reviewer, http.MethodPost, "/api/v1/submissions/bulk-approve", map[string]any{"ids": []int64{5, 6, 5}}, 422,
				map[string]string{"ids[2]": "duplicate"}},
			{"bulk-approve-422-too-many-ids", reviewer, http.MethodPost, "/api/v1/submissions/bulk-approve", map[string]any{"ids": make([]int64, 501)}, 422,
				map[string]string{"ids": "invalid_count"}},
			{"user-create-422-duplicate-role", admin, http.MethodPost, "/api/v1/users",
				newUserBody("dup-role", xhzx, role("filler"), roleAt("filler", xhzx)), 422, map[string]string{"roles[1]": "duplicate"}},
			{"user-create-422-too-many-roles", admin, http.MethodPost, "/api/v1/users",
				newUserBody("many-roles", xhzx, manyRoles(21)...), 422, map[string]string{"roles": "too_many"}},
			{"campaign-201-distinct-org-types", admin, http.MethodPost, "/api/v1/campaigns", campaign([]string{"primary", "junior"}), 201, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := e.Do(c.method, c.path, c.token, c.body)
				if c.fields == nil {
					wantStatus(t, r, c.status)
					return
				}
				wantFields(t, wantProblem(t, r, c.status, "validation"), c.fields)
			})
		}
		t.Run("duplicate-and-huge-campaigns-stored-nothing", func(t *testing.T) {
			r := e.Do(http.MethodGet, "/api/v1/campaigns?form=teacher-training&period=2026", admin, nil)
			wantStatus(t, r, 200)
			list, total := items(t, r)
			if total != 1 || fmt.Sprint(list[0]["org_types"]) != "[primary junior]" {
				t.Fatalf("want only the distinct campaign, got %d: %s", total, r.Body)
			}
		})
		t.Run("user-with-duplicate-role-not-created", func(t *testing.T) {
			if userExists(t, e, admin, "dup-role") || userExists(t, e, admin, "many-roles") {
				t.Fatal("a refused user was created")
			}
		})
	})
}

func manyRoles(n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = role("filler")
	}
	return out
}
