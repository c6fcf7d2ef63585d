package api_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// breakAudit makes every insert into the audit log fail, as a full or read-only audit table
// would, until the returned function mends it. It uses the real database, not a mock.
func breakAudit(t *testing.T, e *testenv.Env) (mend func()) {
	t.Helper()
	create := "CREATE TRIGGER audit_unwritable BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log unwritable'); END"
	if e.Kind == "mysql" {
		create = "CREATE TRIGGER audit_unwritable BEFORE INSERT ON audit_log FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit log unwritable'"
	}
	if err := e.App.DB.Exec(create).Error; err != nil {
		t.Fatalf("break audit: %v", err)
	}
	mended := false
	mend = func() {
		if !mended {
			mended = true
			if err := e.App.DB.Exec("DROP TRIGGER audit_unwritable").Error; err != nil {
				t.Fatalf("mend audit: %v", err)
			}
		}
	}
	t.Cleanup(mend)
	return mend
}

// auditCount counts the audit rows of an action.
func auditCount(t *testing.T, e *testenv.Env, action string) int64 {
	t.Helper()
	var n int64
	if err := e.App.DB.Table("audit_log").Where("action = ?", action).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAuditIsPartOfTheChange: a change whose audit row cannot be written does not happen; once
// the log is writable again the same change succeeds and is audited.
func TestAuditIsPartOfTheChange(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		e := testenv.New(t, kind)
		admin := e.Login("admin")
		filler := createUser(t, e, admin, "audit-filler", "xhzx", "filler")
		createUser(t, e, admin, "audit-login", "xhzx", "filler")
		xhzx := oid(t, e, "xhzx")
		userPath := fmt.Sprintf("/api/v1/users/%d", filler)
		roles := func() []string {
			r := e.Do(http.MethodGet, userPath, admin, nil)
			wantStatus(t, r, 200)
			list, _ := r.JSON(t)["roles"].([]any)
			out := []string{}
			for _, g := range list {
				out = append(out, fmt.Sprint(g.(map[string]any)["role"]))
			}
			return out
		}
		cases := []struct {
			name   string
			action string
			do     func() *testenv.Response
			status int
			after  func(t *testing.T) // checks, with the log still broken, that nothing changed
		}{
			{"role-grant", "role.change", func() *testenv.Response {
				return e.Do(http.MethodPatch, userPath, admin, map[string]any{"roles": []any{role("filler"), roleAt("org_admin", xhzx)}})
			}, 200, func(t *testing.T) {
				if got := roles(); fmt.Sprint(got) != "[filler]" {
					t.Fatalf("the grant survived a failed audit: %v", got)
				}
			}},
			{"user-create", "user.create", func() *testenv.Response {
				return e.Do(http.MethodPost, "/api/v1/users", admin, newUserBody("audit-new", xhzx, role("filler")))
			}, 201, func(t *testing.T) {
				if userExists(t, e, admin, "audit-new") {
					t.Fatal("the user was created though its audit failed")
				}
			}},
			{"user-disable", "user.update", func() *testenv.Response {
				return e.Do(http.MethodPatch, userPath, admin, map[string]any{"status": "disabled"})
			}, 200, func(t *testing.T) {
				r := e.Do(http.MethodGet, userPath, admin, nil)
				if r.JSON(t)["status"] != "active" {
					t.Fatalf("the user was disabled though its audit failed: %s", r.Body)
				}
			}},
			{"campaign-create", "campaign.create", func() *testenv.Response {
				return e.Do(http.MethodPost, "/api/v1/campaigns", admin, map[string]any{"form": "teacher-training", "period": "2027",
					"deadline": e.Clock.Now().Add(240 * time.Hour)})
			}, 201, func(t *testing.T) {
				r := e.Do(http.MethodGet, "/api/v1/campaigns?form=teacher-training&period=2027", admin, nil)
				if _, total := items(t, r); total != 0 {
					t.Fatalf("the campaign was opened though its audit failed: %s", r.Body)
				}
			}},
			{"form-import", "form.import", func() *testenv.Response {
				return raw(e, http.MethodPost, "/api/v1/forms", "application/yaml", wfProbeYAML, map[string]string{"Authorization": "Bearer " + admin}, "")
			}, 201, func(t *testing.T) {
				wantStatus(t, e.Do(http.MethodGet, "/api/v1/forms/probe-survey", admin, nil), http.StatusNotFound)
			}},
			{"org-import", "org.create", func() *testenv.Response {
				return importCSV(t, e, admin, "/api/v1/imports/orgs", "编码,名称,类型,上级编码\naudit-imp-xx,审计导入小学,primary,town-chengnan\n")
			}, 201, func(t *testing.T) {
				if _, err := e.App.Orgs.ByCode(context.Background(), "audit-imp-xx"); err == nil {
					t.Fatal("the imported org survived its failed audit")
				}
			}},
			{"user-import", "user.create", func() *testenv.Response {
				return importCSV(t, e, admin, "/api/v1/imports/users", "用户名,姓名,手机号,单位编码,角色,密码\naudit-imp-u,导入教师,13800000009,xhzx,filler,Import@2025!\n")
			}, 201, func(t *testing.T) {
				if userExists(t, e, admin, "audit-imp-u") {
					t.Fatal("the imported user survived its failed audit")
				}
			}},
			{"login-failure", "login.failure", func() *testenv.Response {
				return login(e, "audit-login", "Wrong@2025!")
			}, 401, func(t *testing.T) {
				var n int
				if err := e.App.DB.Table("users").Where("username = ?", "audit-login").Pluck("failed_logins", &n).Error; err != nil || n != 0 {
					t.Fatalf("the failure was counted though its audit failed: %d %v", n, err)
				}
			}},
			{"login-success", "login.success", func() *testenv.Response {
				return login(e, "audit-login", "Fixture@2025!")
			}, 200, func(t *testing.T) {}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := auditCount(t, e, c.action)
				mend := breakAudit(t, e)
				r := c.do()
				if r.Status < 500 {
					t.Fatalf("want a server error while the audit log is unwritable, got %d: %s", r.Status, r.Body)
				}
				c.after(t)
				mend()
				if n := auditCount(t, e, c.action); n != before {
					t.Fatalf("audit rows %d → %d", before, n)
				}
				wantStatus(t, c.do(), c.status)
				if n := auditCount(t, e, c.action); n != before+1 {
					t.Fatalf("the change is not audited once: %d → %d", before, n)
				}
			})
		}
	})
}

// importCSV posts a CSV file to an import route.
func importCSV(t *testing.T, e *testenv.Env, token, path, csv string) *testenv.Response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile("file", "import.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write([]byte(csv))
	_ = mw.Close()
	return raw(e, http.MethodPost, path, mw.FormDataContentType(), b.String(), map[string]string{"Authorization": "Bearer " + token}, "")
}
