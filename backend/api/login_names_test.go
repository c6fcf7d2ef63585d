package api_test

import (
	"net/http"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// TestLoginNames: usernames are one account whatever their case, and an unknown name locks
// exactly like a real one, so a 429 reveals nothing.
func TestLoginNames(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		login := func(name, pw string) *testenv.Response {
			return e.Do(http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": name, "password": pw})
		}
		t.Run("login-200-any-case", func(t *testing.T) {
			if r := login(" XHZX ", testenv.DemoPassword); r.Status != http.StatusOK {
				t.Fatalf("got %d %s", r.Status, r.Body)
			}
		})
		t.Run("create-422-duplicate-other-case", func(t *testing.T) {
			admin := e.Login("admin")
			body := map[string]any{"username": "XHZX", "display_name": "x", "password": "Another@2025!", "org_id": e.OrgID("xhzx"),
				"roles": []map[string]any{{"role": "filler"}}}
			r := e.Do(http.MethodPost, "/api/v1/users", admin, body)
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("got %d %s", r.Status, r.Body)
			}
		})
		for _, name := range []string{"syyey", "nobody-here"} {
			t.Run("login-429-after-5-failures-"+name, func(t *testing.T) {
				var last *testenv.Response
				for i := 0; i < 6; i++ {
					last = login(name, "wrong-password-1")
				}
				if last.Status != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
					t.Fatalf("6th failure for %s: got %d %s", name, last.Status, last.Body)
				}
				if code := last.JSON(t)["code"]; code != "account_locked" {
					t.Fatalf("code %v", code)
				}
			})
		}
	})
}
