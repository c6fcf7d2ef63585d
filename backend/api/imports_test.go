package api_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// imUpload posts data as the multipart field "file" through the real router.
func imUpload(t *testing.T, e *testenv.Env, path, token, filename string, data []byte) *testenv.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(data)
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return e.DoRaw(http.MethodPost, path, token, mw.FormDataContentType(), &body)
}

// imXLSX builds a workbook whose first sheet holds rows.
func imXLSX(t *testing.T, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// imCSV joins lines into a CSV file, with a BOM as Excel writes it.
func imCSV(lines ...string) []byte {
	return []byte("\uFEFF" + strings.Join(lines, "\r\n") + "\r\n")
}

// imTotal is the total of a list endpoint as admin.
func imTotal(t *testing.T, e *testenv.Env, token, path string) int {
	t.Helper()
	r := e.Do(http.MethodGet, path, token, nil)
	wantStatus(t, r, http.StatusOK)
	_, total := items(t, r)
	return total
}

func imOrg(t *testing.T, e *testenv.Env, token, code string) map[string]any {
	t.Helper()
	return orgByID(t, e, token, oid(t, e, code))
}

func TestImportOrgs(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		admin := e.Login("admin")
		const path = "/api/v1/imports/orgs"

		t.Run("import-orgs-csv-happy-path", func(t *testing.T) {
			before := imTotal(t, e, admin, "/api/v1/orgs")
			r := imUpload(t, e, path, admin, "orgs.csv", imCSV(
				"编码,名称,类型,上级编码,性质",
				"town-test,测试镇,town,qjjw,",
				"test-xx,测试小学,小学,town-test,公办",
				"test-yey,测试幼儿园,kindergarten,town-test,private",
				",,,,", // blank rows are skipped
				"cnxx-fx,城南小学分校,primary,town-chengnan,public",
			))
			wantStatus(t, r, http.StatusCreated)
			var res struct {
				Created int `json:"created"`
				Items   []struct {
					ID   int64  `json:"id"`
					Code string `json:"code"`
					Path string `json:"path"`
				} `json:"items"`
			}
			r.Decode(t, &res)
			if res.Created != 4 || len(res.Items) != 4 {
				t.Fatalf("want 4 created, got %s", r.Body)
			}
			if after := imTotal(t, e, admin, "/api/v1/orgs"); after != before+4 {
				t.Fatalf("orgs %d → %d, want +4", before, after)
			}
			town, school, kg := imOrg(t, e, admin, "town-test"), imOrg(t, e, admin, "test-xx"), imOrg(t, e, admin, "test-yey")
			root, cn := imOrg(t, e, admin, "qjjw"), imOrg(t, e, admin, "town-chengnan")
			if town["path"] != fmt.Sprintf("%s%d/", root["path"], id(t, town, "id")) || id(t, town, "parent_id") != id(t, root, "id") {
				t.Errorf("town placed wrong: %v", town)
			}
			if school["path"] != fmt.Sprintf("%s%d/", town["path"], id(t, school, "id")) || school["type"] != "primary" ||
				id(t, school, "town_id") != id(t, town, "id") || school["ownership"] != "public" || school["name"] != "测试小学" {
				t.Errorf("school placed wrong: %v", school)
			}
			if id(t, kg, "parent_id") != id(t, town, "id") || kg["ownership"] != "private" {
				t.Errorf("kindergarten placed wrong: %v", kg)
			}
			fx := imOrg(t, e, admin, "cnxx-fx")
			if !strings.HasPrefix(fx["path"].(string), cn["path"].(string)) || id(t, fx, "town_id") != id(t, cn, "id") {
				t.Errorf("branch school placed wrong: %v", fx)
			}
		})

		t.Run("import-orgs-xlsx-english-headers", func(t *testing.T) {
			r := imUpload(t, e, path, admin, "orgs.xlsx", imXLSX(t, [][]string{
				{"code", "name", "type", "parent_code", "ownership"},
				{"xlsx-zx", "导入中学", "junior", "town-chengxi", "public"},
			}))
			wantStatus(t, r, http.StatusCreated)
			if o := imOrg(t, e, admin, "xlsx-zx"); o["type"] != "junior" {
				t.Errorf("imported org: %v", o)
			}
		})

		t.Run("import-orgs-422-two-bad-rows-nothing-imported", func(t *testing.T) {
			before := imTotal(t, e, admin, "/api/v1/orgs")
			r := imUpload(t, e, path, admin, "orgs.csv", imCSV(
				"编码,名称,类型,上级编码",
				"ok-town,好镇,town,qjjw",
				"bad-type,坏类型,university,ok-town",
				"ok-school,好学校,primary,ok-town",
				"orphan,孤儿学校,primary,no-such-parent",
			))
			p := wantProblem(t, r, http.StatusUnprocessableEntity, "import_invalid")
			wantFields(t, p, map[string]string{"rows[1].type": "invalid_org_type", "rows[3].parent_code": "not_found"})
			if !strings.Contains(p.Errors[0].Message, "line 3") {
				t.Errorf("message should name the sheet line: %q", p.Errors[0].Message)
			}
			if after := imTotal(t, e, admin, "/api/v1/orgs"); after != before {
				t.Fatalf("orgs %d → %d: a refused file must import nothing", before, after)
			}
		})

		for _, c := range []struct {
			name   string
			lines  []string
			fields map[string]string
		}{
			{"import-orgs-422-duplicates", []string{"code,name,type,parent_code", "dup-a,甲,primary,qjjw", "dup-a,乙,primary,qjjw", "xhzx,新华,senior,qjjw"},
				map[string]string{"rows[1].code": "duplicate", "rows[2].code": "duplicate"}},
			{"import-orgs-422-parent-after-child", []string{"code,name,type,parent_code", "kid,子,primary,later-town", "later-town,后镇,town,qjjw"},
				map[string]string{"rows[0].parent_code": "not_found"}},
			{"import-orgs-422-field-rules", []string{"code,name,type,parent_code,ownership", "Bad Code,,bureau,,maybe"},
				map[string]string{"rows[0].code": "invalid_code", "rows[0].name": "invalid_name", "rows[0].type": "invalid_org_type",
					"rows[0].parent_code": "required", "rows[0].ownership": "invalid_ownership"}},
			{"import-orgs-422-missing-column", []string{"code,name,type", "x,y,primary"},
				map[string]string{"columns": "missing_column"}},
			{"import-orgs-422-unknown-column", []string{"code,name,type,parent_code,colour", "x,y,primary,qjjw,red"},
				map[string]string{"columns[4]": "unknown_column"}},
			{"import-orgs-422-no-rows", []string{"code,name,type,parent_code"},
				map[string]string{"file": "empty"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := imTotal(t, e, admin, "/api/v1/orgs")
				r := imUpload(t, e, path, admin, "orgs.csv", imCSV(c.lines...))
				if r.Status != http.StatusUnprocessableEntity {
					t.Fatalf("want 422, got %d %s", r.Status, r.Body)
				}
				var p problem
				r.Decode(t, &p)
				wantFields(t, p, c.fields)
				if after := imTotal(t, e, admin, "/api/v1/orgs"); after != before {
					t.Fatalf("orgs %d → %d", before, after)
				}
			})
		}

		t.Run("import-orgs-422-too-many-rows", func(t *testing.T) {
			lines := []string{"code,name,type,parent_code"}
			for i := 0; i <= 5000; i++ {
				lines = append(lines, fmt.Sprintf("bulk-%d,批量%d,primary,qjjw", i, i))
			}
			p := wantProblem(t, imUpload(t, e, path, admin, "orgs.csv", imCSV(lines...)), 422, "validation")
			wantFields(t, p, map[string]string{"file": "too_many_rows"})
		})

		t.Run("import-orgs-422-too-large", func(t *testing.T) {
			big := bytes.Repeat([]byte("x"), 5<<20+1)
			p := wantProblem(t, imUpload(t, e, path, admin, "orgs.csv", big), 422, "validation")
			wantFields(t, p, map[string]string{"file": "too_large"})
		})

		t.Run("import-orgs-gb18030-csv", func(t *testing.T) {
			// "编码,名称,类型,上级编码\r\ngb-xx,国标小学,小学,qjjw\r\n" as Excel saves it on Chinese Windows.
			gb := []byte("\xb1\xe0\xc2\xeb,\xc3\xfb\xb3\xc6,\xc0\xe0\xd0\xcd,\xc9\xcf\xbc\xb6\xb1\xe0\xc2\xeb\r\ngb-xx,\xb9\xfa\xb1\xea\xd0\xa1\xd1\xa7,\xd0\xa1\xd1\xa7,qjjw\r\n")
			wantStatus(t, imUpload(t, e, path, admin, "orgs.csv", gb), http.StatusCreated)
			if o := imOrg(t, e, admin, "gb-xx"); o["name"] != "国标小学" || o["type"] != "primary" {
				t.Errorf("GB18030 import: %v", o)
			}
		})

		file := imCSV("code,name,type,parent_code", "iso-x,隔离,primary,qjjw")
		for _, c := range []struct {
			name, user string
			status     int
			code       string
		}{
			{"import-orgs-401-anonymous", "", 401, "missing_token"},
			{"import-orgs-403-reviewer", "reviewer", 403, "forbidden"},
			{"import-orgs-403-leader", "leader", 403, "forbidden"},
			{"import-orgs-403-org-admin", "wlzx", 403, "forbidden"},
			{"import-orgs-403-filler", "xhzx", 403, "forbidden"},
		} {
			t.Run(c.name, func(t *testing.T) {
				token := ""
				if c.user != "" {
					token = e.Login(c.user)
				}
				wantProblem(t, imUpload(t, e, path, token, "orgs.csv", file), c.status, c.code)
			})
		}
		if _, err := e.App.Orgs.ByCode(t.Context(), "iso-x"); err == nil {
			t.Fatal("a refused caller imported an org")
		}
	})
}

func TestImportUsers(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		admin, wlzx := e.Login("admin"), e.Login("wlzx")
		const path = "/api/v1/imports/users"
		users := func() int { return imTotal(t, e, admin, "/api/v1/users") }

		t.Run("import-users-org-admin-own-org", func(t *testing.T) {
			before := users()
			r := imUpload(t, e, path, wlzx, "users.xlsx", imXLSX(t, [][]string{
				{"用户名", "姓名", "手机号", "单位编码", "角色", "密码"},
				{"wl-t1", "武陵教师一", "13800000001", "wlzx", "filler", "Import@2025!"},
				{"wl-t2", "武陵教师二", "", "wlzx", "填报员", "Import@2025!"},
				{"wl-admin2", "武陵副校长", "", "wlzx", "org_admin", "Import@2025!"},
			}))
			wantStatus(t, r, http.StatusCreated)
			if m := r.JSON(t); m["created"] != float64(3) {
				t.Fatalf("want 3 created: %s", r.Body)
			}
			if after := users(); after != before+3 {
				t.Fatalf("users %d → %d, want +3", before, after)
			}
			p := loginPair(t, e, "wl-t1", "Import@2025!")
			if u := p.Body["user"].(map[string]any); fmt.Sprint(u["phone"]) != "13800000001" {
				t.Errorf("phone kept as text: %v", u["phone"])
			}
			r = e.Do(http.MethodGet, "/api/v1/users?q=wl-admin2", admin, nil)
			list, _ := items(t, r)
			if len(list) != 1 || !strings.Contains(fmt.Sprint(list[0]["roles"]), "org_admin") {
				t.Errorf("wl-admin2 roles: %v", list)
			}
		})

		for _, c := range []struct {
			name   string
			token  string
			rows   [][]string
			fields map[string]string
		}{
			{"import-users-422-other-org-and-sysadmin-role", wlzx, [][]string{
				{"username", "display_name", "org_code", "role", "password"},
				{"wl-ok", "可以", "wlzx", "filler", "Import@2025!"},
				{"wl-other", "别校", "xhzx", "filler", "Import@2025!"},
				{"wl-root", "提权", "wlzx", "sysadmin", "Import@2025!"},
				{"wl-rev", "审核", "wlzx", "reviewer", "Import@2025!"},
			}, map[string]string{"rows[1].org_code": "not_found", "rows[2].role": "role_not_grantable", "rows[3].role": "role_not_grantable"}},
			{"import-users-422-row-rules", admin, [][]string{
				{"username", "display_name", "org_code", "role", "password"},
				{"short-pw", "短密码", "xhzx", "filler", "short"},
				{"admin", "重名", "xhzx", "filler", "Import@2025!"},
				{"twice", "一", "xhzx", "filler", "Import@2025!"},
				{"TWICE", "二", "xhzx", "filler", "Import@2025!"},
				{"nowhere", "无单位", "no-such-org", "filler", "Import@2025!"},
				{"noorg", "无编码", "", "filler", "Import@2025!"},
				{"badrole", "坏角色", "xhzx", "emperor", "Import@2025!"},
				{"x", "", "xhzx", "", "Import@2025!"},
			}, map[string]string{"rows[0].password": "password_too_short", "rows[1].username": "duplicate",
				"rows[3].username": "duplicate", "rows[4].org_code": "not_found", "rows[5].org_code": "required",
				"rows[6].role": "invalid_role", "rows[7].username": "invalid_username", "rows[7].display_name": "invalid_display_name"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := users()
				r := imUpload(t, e, path, c.token, "users.xlsx", imXLSX(t, c.rows))
				p := wantProblem(t, r, http.StatusUnprocessableEntity, "import_invalid")
				wantFields(t, p, c.fields)
				if after := users(); after != before {
					t.Fatalf("users %d → %d: a refused file must import nothing", before, after)
				}
			})
		}

		t.Run("import-users-sysadmin-any-org-csv", func(t *testing.T) {
			r := imUpload(t, e, path, admin, "users.csv", imCSV(
				"username,display_name,phone,org_code,role,password",
				"cx-reviewer,城西审核员,,town-chengxi,reviewer,Import@2025!",
			))
			wantStatus(t, r, http.StatusCreated)
			// The imported reviewer works at once: the policy was reloaded.
			tok := loginPair(t, e, "cx-reviewer", "Import@2025!").Access
			wantStatus(t, e.Do(http.MethodGet, "/api/v1/submissions", tok, nil), http.StatusOK)
		})

		file := imCSV("username,display_name,org_code,password", "iso-user,隔离,xhzx,Import@2025!")
		for _, c := range []struct {
			name, user string
			status     int
			code       string
		}{
			{"import-users-401-anonymous", "", 401, "missing_token"},
			{"import-users-403-filler", "xhzx", 403, "forbidden"},
			{"import-users-403-reviewer", "reviewer", 403, "forbidden"},
			{"import-users-403-leader", "leader", 403, "forbidden"},
		} {
			t.Run(c.name, func(t *testing.T) {
				token := ""
				if c.user != "" {
					token = e.Login(c.user)
				}
				wantProblem(t, imUpload(t, e, path, token, "users.csv", file), c.status, c.code)
			})
		}
		if _, err := e.App.Users.ByUsername(t.Context(), "iso-user"); err == nil {
			t.Fatal("a refused caller imported a user")
		}
	})
}
