package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// imPreview is a decoded preview answer.
type imPreview struct {
	Kind    string   `json:"kind"`
	Valid   bool     `json:"valid"`
	Total   int      `json:"total"`
	Columns []string `json:"columns"`
	Rows    []struct {
		Row    int               `json:"row"`
		Line   int               `json:"line"`
		Values map[string]string `json:"values"`
	} `json:"rows"`
	Errors []struct {
		Row    int    `json:"row"`
		Line   int    `json:"line"`
		Column string `json:"column"`
		Code   string `json:"code"`
	} `json:"errors"`
}

// errorSet lists a preview's errors as "row/line/column=code".
func (p imPreview) errorSet() string {
	out := make([]string, len(p.Errors))
	for i, e := range p.Errors {
		out[i] = fmt.Sprintf("%d/%d/%s=%s", e.Row, e.Line, e.Column, e.Code)
	}
	return strings.Join(out, " ")
}

// TestImportPreview: a preview reads a file as the import would and imports nothing; a users
// file with two bad rows reports exactly those rows (index, sheet line, column, code), the import
// of the same file is refused whole, and once the rows are fixed the preview is clean and the
// import creates every row. Templates download without a login and import as they are read.
func TestImportPreview(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		admin := e.Login("admin")
		const preview, commit = "/api/v1/imports/users/preview", "/api/v1/imports/users"
		users := func() int { return imTotal(t, e, admin, "/api/v1/users") }
		bad := imCSV(
			"用户名,姓名,手机号,单位编码,角色,密码",
			"pv-one,预览一,13800000001,xhzx,填报员,Import@2025!",
			"pv-two,预览二,not-a-phone,xhzx,填报员,Import@2025!",
			"pv-three,预览三,,xhzx,filler,Import@2025!",
			"pv-four,预览四,,no-such-org,filler,Import@2025!",
		)
		good := imCSV(
			"用户名,姓名,手机号,单位编码,角色,密码",
			"pv-one,预览一,13800000001,xhzx,填报员,Import@2025!",
			"pv-two,预览二,13800000002,xhzx,填报员,Import@2025!",
			"pv-three,预览三,,xhzx,filler,Import@2025!",
			"pv-four,预览四,,wlzx,filler,Import@2025!",
		)

		t.Run("import-preview-200-two-bad-rows-exactly", func(t *testing.T) {
			before := users()
			r := imUpload(t, e, preview, admin, "users.csv", bad)
			wantStatus(t, r, http.StatusOK)
			var p imPreview
			r.Decode(t, &p)
			if p.Valid || p.Total != 4 || len(p.Rows) != 4 || p.Kind != "users" {
				t.Fatalf("preview: %s", r.Body)
			}
			if got := p.errorSet(); got != "1/3/phone=invalid_phone 3/5/org_code=not_found" {
				t.Fatalf("errors %q", got)
			}
			if p.Rows[2].Values["username"] != "pv-three" || p.Rows[2].Line != 4 {
				t.Errorf("row 2: %+v", p.Rows[2])
			}
			for _, row := range p.Rows {
				if _, ok := row.Values["password"]; ok {
					t.Fatalf("the preview echoes a password: %+v", row)
				}
			}
			if after := users(); after != before {
				t.Fatalf("a preview created %d users", after-before)
			}
		})

		t.Run("import-422-bad-file-imports-nothing", func(t *testing.T) {
			before := users()
			p := wantProblem(t, imUpload(t, e, commit, admin, "users.csv", bad), 422, "import_invalid")
			wantFields(t, p, map[string]string{"rows[1].phone": "invalid_phone", "rows[3].org_code": "not_found"})
			if after := users(); after != before {
				t.Fatalf("a refused file created %d users", after-before)
			}
		})

		t.Run("import-preview-200-fixed-then-import-201", func(t *testing.T) {
			r := imUpload(t, e, preview, admin, "users.csv", good)
			wantStatus(t, r, http.StatusOK)
			var p imPreview
			r.Decode(t, &p)
			if !p.Valid || len(p.Errors) != 0 || p.Total != 4 {
				t.Fatalf("fixed file: %s", r.Body)
			}
			before := users()
			wantStatus(t, imUpload(t, e, commit, admin, "users.csv", good), http.StatusCreated)
			if after := users(); after != before+4 {
				t.Fatalf("users %d → %d, want +4", before, after)
			}
			// The same file again: every username is now taken.
			r = imUpload(t, e, preview, admin, "users.csv", good)
			r.Decode(t, &p)
			if p.Valid || p.errorSet() != "0/2/username=duplicate 1/3/username=duplicate 2/4/username=duplicate 3/5/username=duplicate" {
				t.Fatalf("second preview: %s", r.Body)
			}
		})

		t.Run("import-preview-200-orgs-xlsx", func(t *testing.T) {
			before := imTotal(t, e, admin, "/api/v1/orgs")
			r := imUpload(t, e, "/api/v1/imports/orgs/preview", admin, "orgs.xlsx", imXLSX(t, [][]string{
				{"编码", "名称", "类型", "上级编码", "性质"},
				{"pv-town", "预览镇", "town", "qjjw", ""},
				{"pv-xx", "预览小学", "university", "pv-town", "公办"},
			}))
			wantStatus(t, r, http.StatusOK)
			var p imPreview
			r.Decode(t, &p)
			if p.Valid || p.errorSet() != "1/3/type=invalid_org_type" || p.Rows[0].Values["code"] != "pv-town" {
				t.Fatalf("orgs preview: %s", r.Body)
			}
			if after := imTotal(t, e, admin, "/api/v1/orgs"); after != before {
				t.Fatalf("a preview created orgs")
			}
		})

		t.Run("import-preview-422-unreadable-file", func(t *testing.T) {
			p := wantProblem(t, imUpload(t, e, preview, admin, "users.csv", imCSV("username,colour", "x,red")), 422, "invalid_file")
			if len(p.Errors) != 4 || p.Errors[0].Field != "columns[1]" || p.Errors[0].Code != "unknown_column" {
				t.Fatalf("field errors %+v", p.Errors)
			}
		})

		// Isolation: an org_admin previews his own org's accounts, but a row in an org outside his
		// subtree is that row's not_found, as if it did not exist; other roles are refused.
		t.Run("import-preview-200-org-admin-other-org-row", func(t *testing.T) {
			r := imUpload(t, e, preview, e.Login("wlzx"), "users.csv", imCSV(
				"username,display_name,org_code,role,password",
				"pv-wl,武陵,wlzx,filler,Import@2025!",
				"pv-xh,新华,xhzx,filler,Import@2025!",
			))
			wantStatus(t, r, http.StatusOK)
			var p imPreview
			r.Decode(t, &p)
			if p.Valid || p.errorSet() != "1/3/org_code=not_found" {
				t.Fatalf("org_admin preview: %s", r.Body)
			}
		})
		for _, c := range []struct {
			name, user, path string
			status           int
		}{
			{"import-preview-401-anonymous", "", preview, 401},
			{"import-preview-403-filler", "xhzx", preview, 403},
			{"import-preview-403-reviewer", "reviewer", preview, 403},
			{"import-preview-403-leader", "leader", preview, 403},
			{"import-preview-orgs-403-org-admin", "wlzx", "/api/v1/imports/orgs/preview", 403},
		} {
			t.Run(c.name, func(t *testing.T) {
				tok := ""
				if c.user != "" {
					tok = e.Login(c.user)
				}
				wantStatus(t, imUpload(t, e, c.path, tok, "users.csv", good), c.status)
			})
		}

		for _, name := range []string{"users.csv", "users.xlsx", "orgs.csv", "orgs.xlsx"} {
			t.Run("import-template-200-"+name, func(t *testing.T) {
				r := e.Do(http.MethodGet, "/api/v1/imports/templates/"+name, "", nil)
				wantStatus(t, r, http.StatusOK)
				if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, name) {
					t.Errorf("Content-Disposition %q", cd)
				}
				// The template reads back with the import's own columns and one example row.
				path := "/api/v1/imports/" + strings.Split(name, ".")[0] + "/preview"
				pr := imUpload(t, e, path, admin, name, r.Body)
				wantStatus(t, pr, http.StatusOK)
				var p imPreview
				pr.Decode(t, &p)
				if p.Total != 1 {
					t.Fatalf("template preview: %s", pr.Body)
				}
				if strings.HasSuffix(name, ".xlsx") {
					f, err := excelize.OpenReader(bytes.NewReader(r.Body))
					if err != nil {
						t.Fatal(err)
					}
					defer f.Close()
					if v, _ := f.GetCellValue("Sheet1", "A1"); v == "" {
						t.Errorf("empty header cell A1")
					}
				}
			})
		}
		t.Run("import-template-404-unknown", func(t *testing.T) {
			wantStatus(t, e.Do(http.MethodGet, "/api/v1/imports/templates/passwords.csv", "", nil), http.StatusNotFound)
			wantStatus(t, e.Do(http.MethodGet, "/api/v1/imports/templates/users.pdf", "", nil), http.StatusNotFound)
		})
	})
}
