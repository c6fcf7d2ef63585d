package api_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// exHeaders are the columns of a teacher-training export, in order.
var exHeaders = []string{"机构编码", "机构名称", "机构类型", "所属镇街", "状态", "提交时间", "审核通过时间",
	"教师工资总额（元）", "教师培训经费支出（元）", "培训经费占工资总额比例", "参训教师人次（人次）", "人均培训学时（学时）"}

// exFill opens, saves and submits the teacher-training form for 2025 as the user, and
// returns the submission's path and version.
func exFill(t *testing.T, e *testenv.Env, token string, values map[string]any) (string, int) {
	t.Helper()
	r := e.Do(http.MethodPost, "/api/v1/submissions", token, map[string]any{"form": "teacher-training", "period": "2025"})
	if r.Status != http.StatusCreated && r.Status != http.StatusOK {
		t.Fatalf("open: %d %s", r.Status, r.Body)
	}
	doc := r.JSON(t)
	path := fmt.Sprintf("/api/v1/submissions/%d", id(t, doc, "id"))
	r = e.Do(http.MethodPut, path, token, map[string]any{"version": doc["version"], "values": values})
	wantStatus(t, r, http.StatusOK)
	r = e.Do(http.MethodPost, path+"/submit", token, map[string]any{"version": r.JSON(t)["version"]})
	wantStatus(t, r, http.StatusOK)
	return path, int(r.JSON(t)["version"].(float64))
}

// exSheet reads an XLSX export back: formatted rows, and raw values by org code and header.
type exSheet struct {
	rows [][]string
	raw  map[string]map[string]string
	fmt  map[string]map[string]int // number format id by org code and header
}

func exReadXLSX(t *testing.T, body []byte) exSheet {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("open xlsx: %v", err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	out := exSheet{rows: rows, raw: map[string]map[string]string{}, fmt: map[string]map[string]int{}}
	for i := 1; i < len(rows); i++ {
		code := rows[i][0]
		out.raw[code], out.fmt[code] = map[string]string{}, map[string]int{}
		for j, h := range rows[0] {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			out.raw[code][h] = v
			sid, err := f.GetCellStyle(sheet, cell)
			if err != nil {
				t.Fatal(err)
			}
			if st, err := f.GetStyle(sid); err == nil && st != nil {
				out.fmt[code][h] = st.NumFmt
			}
		}
	}
	return out
}

// exCodes is the org code column of an export's data rows.
func exCodes(rows [][]string) []string {
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[0])
	}
	return out
}

// exReadCSV parses a CSV export after checking and stripping its BOM.
func exReadCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(body, []byte("\xEF\xBB\xBF"))
	if !ok {
		t.Fatalf("CSV lacks the UTF-8 BOM: %q", body[:min(len(body), 16)])
	}
	rows, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatalf("parse csv: %v", err)
	}
	return rows
}

func exSameDecimal(t *testing.T, what, got, want string) {
	t.Helper()
	g, err := decimal.NewFromString(got)
	if err != nil || !g.Equal(decimal.RequireFromString(want)) {
		t.Errorf("%s: got %q, want %s", what, got, want)
	}
}

func TestExports(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		admin, reviewer := e.Login("admin"), e.Login("reviewer")
		xhzx, wlzx := e.Login("xhzx"), e.Login("wlzx")
		exFill(t, e, xhzx, map[string]any{"payroll_total": "1000000", "training_spend": "15000.5", "trainees": 30, "training_hours": "12.5"})
		wlPath, wlVersion := exFill(t, e, wlzx, map[string]any{"payroll_total": "2345678.91", "training_spend": "12345.67", "trainees": 12})
		r := e.Do(http.MethodPost, wlPath+"/approve", reviewer, map[string]any{"version": wlVersion})
		wantStatus(t, r, http.StatusOK)

		// A reviewer of 正阳街道 only, and a user with no role at all.
		createUser(t, e, admin, "zy-reviewer", "town-zhengyang", "reviewer")
		createUser(t, e, admin, "norole", "xhzx", "")
		zy := loginPair(t, e, "zy-reviewer", "Fixture@2025!").Access
		norole := loginPair(t, e, "norole", "Fixture@2025!").Access

		const xlsxURL = "/api/v1/exports/submissions.xlsx?form=teacher-training&period=2025"
		const csvURL = "/api/v1/exports/submissions.csv?form=teacher-training&period=2025"

		t.Run("export-xlsx-reviewer-reads-back", func(t *testing.T) {
			r := e.Do(http.MethodGet, xlsxURL, reviewer, nil)
			wantStatus(t, r, http.StatusOK)
			if ct := r.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
				t.Errorf("content type %q", ct)
			}
			cd := r.Header.Get("Content-Disposition")
			wantCD := `attachment; filename="teacher-training-2025.xlsx"; filename*=UTF-8''` + url.PathEscape("教师培训经费情况-2025.xlsx")
			if cd != wantCD {
				t.Errorf("Content-Disposition\n got %s\nwant %s", cd, wantCD)
			}
			s := exReadXLSX(t, r.Body)
			if got := strings.Join(s.rows[0], "|"); got != strings.Join(exHeaders, "|") {
				t.Fatalf("headers\n got %s\nwant %s", got, strings.Join(exHeaders, "|"))
			}
			if got := strings.Join(exCodes(s.rows), ","); got != "xhzx,wlzx" {
				t.Fatalf("one row per org, in path order: got %s", got)
			}
			xh, wl := s.rows[1], s.rows[2]
			// The demo reviews school forms town → bureau: a submitted one names the level it waits at.
			if got := strings.Join(xh[:5], "|"); got != "xhzx|新华中学|高级中学|城南街道|待学区审核" {
				t.Errorf("xhzx org columns: %s", got)
			}
			if got := strings.Join(wl[:5], "|"); got != "wlzx|武陵中学|初级中学|正阳街道|已通过" {
				t.Errorf("wlzx org columns: %s", got)
			}
			if xh[5] == "" || xh[6] != "" || wl[6] == "" {
				t.Errorf("times: xhzx submitted %q approved %q; wlzx approved %q", xh[5], xh[6], wl[6])
			}
			// Money: exact values in numeric cells with the "0.00" format (built-in 2).
			for _, c := range []struct{ org, header, want, shown string }{
				{"xhzx", "教师工资总额（元）", "1000000.00", "1000000.00"},
				{"xhzx", "教师培训经费支出（元）", "15000.50", "15000.50"},
				{"wlzx", "教师工资总额（元）", "2345678.91", "2345678.91"},
				{"wlzx", "教师培训经费支出（元）", "12345.67", "12345.67"},
			} {
				exSameDecimal(t, c.org+" "+c.header, s.raw[c.org][c.header], c.want)
				if s.fmt[c.org][c.header] != 2 {
					t.Errorf("%s %s: number format %d, want 2 (0.00)", c.org, c.header, s.fmt[c.org][c.header])
				}
			}
			// The computed ratio is present, at its scale; integers and decimals are numbers.
			exSameDecimal(t, "xhzx ratio", s.raw["xhzx"]["培训经费占工资总额比例"], "0.0150")
			exSameDecimal(t, "wlzx ratio", s.raw["wlzx"]["培训经费占工资总额比例"], "0.0053")
			if xh[9] != "0.0150" {
				t.Errorf("ratio shown as %q, want 0.0150", xh[9])
			}
			exSameDecimal(t, "xhzx trainees", s.raw["xhzx"]["参训教师人次（人次）"], "30")
			exSameDecimal(t, "xhzx hours", s.raw["xhzx"]["人均培训学时（学时）"], "12.5")
			if s.raw["wlzx"]["人均培训学时（学时）"] != "" {
				t.Errorf("an empty field must be a blank cell, got %q", s.raw["wlzx"]["人均培训学时（学时）"])
			}
		})

		t.Run("export-csv-bom-and-values", func(t *testing.T) {
			r := e.Do(http.MethodGet, csvURL, reviewer, nil)
			wantStatus(t, r, http.StatusOK)
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
				t.Errorf("content type %q", ct)
			}
			if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="teacher-training-2025.csv"`) {
				t.Errorf("Content-Disposition %s", cd)
			}
			rows := exReadCSV(t, r.Body)
			if got := strings.Join(rows[0], "|"); got != strings.Join(exHeaders, "|") {
				t.Fatalf("headers\n got %s\nwant %s", got, strings.Join(exHeaders, "|"))
			}
			if len(rows) != 3 {
				t.Fatalf("want 2 data rows, got %d", len(rows)-1)
			}
			if got := strings.Join(rows[1][7:], "|"); got != "1000000.00|15000.50|0.0150|30|12.5" {
				t.Errorf("xhzx values: %s", got)
			}
			if got := strings.Join(rows[2][7:], "|"); got != "2345678.91|12345.67|0.0053|12|" {
				t.Errorf("wlzx values: %s", got)
			}
			if !strings.HasPrefix(rows[2][6], "2026-03-01 ") {
				t.Errorf("approved_at in China time: %q", rows[2][6])
			}
		})

		t.Run("export-indicators-match-the-api", func(t *testing.T) {
			leader := e.Login("leader")
			for _, basis := range []string{"all", "approved"} {
				r := e.Do(http.MethodGet, "/api/v1/indicators?period=2025&basis="+basis, leader, nil)
				wantStatus(t, r, http.StatusOK)
				var sum struct {
					Items []struct {
						Code, Unit, Status    string
						Value, Numerator, Gap *string
						Denominator           *string
						OrgsReporting         int64 `json:"orgs_reporting"`
					} `json:"items"`
				}
				r.Decode(t, &sum)
				r = e.Do(http.MethodGet, "/api/v1/exports/indicators.xlsx?period=2025&basis="+basis, leader, nil)
				wantStatus(t, r, http.StatusOK)
				if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="indicators-2025-`+basis+`.xlsx"`) {
					t.Errorf("Content-Disposition %s", cd)
				}
				x := exReadXLSX(t, r.Body)
				if got := strings.Join(x.rows[0][:9], "|"); got != "指标编码|指标名称|方案条目|单位|当前值|目标|目标年度|状态|差距" {
					t.Fatalf("headers: %s", got)
				}
				if len(x.rows)-1 != len(sum.Items) {
					t.Fatalf("%d rows, %d indicators", len(x.rows)-1, len(sum.Items))
				}
				for _, in := range sum.Items {
					row := x.raw[in.Code]
					shift := int32(0)
					if in.Unit == "percent" {
						shift = 2
					}
					for _, c := range []struct {
						header string
						api    *string
						shift  int32
					}{{"当前值", in.Value, shift}, {"差距", in.Gap, shift}, {"分子", in.Numerator, 0}, {"分母", in.Denominator, 0}} {
						if c.api == nil {
							if row[c.header] != "" {
								t.Errorf("%s %s %s: want blank, got %q", basis, in.Code, c.header, row[c.header])
							}
							continue
						}
						exSameDecimal(t, basis+" "+in.Code+" "+c.header, row[c.header], decimal.RequireFromString(*c.api).Shift(c.shift).String())
					}
					if row["已报单位数"] != fmt.Sprint(in.OrgsReporting) {
						t.Errorf("%s %s reporting: %q vs %d", basis, in.Code, row["已报单位数"], in.OrgsReporting)
					}
				}
				tr := x.raw["training.spend_ratio"]
				wantNum, wantDen := "27346.17", "3345678.91"
				if basis == "approved" {
					wantNum, wantDen = "12345.67", "2345678.91"
				}
				exSameDecimal(t, basis+" numerator", tr["分子"], wantNum)
				exSameDecimal(t, basis+" denominator", tr["分母"], wantDen)
				if tr["目标"] != "≥ 1.5" || tr["单位"] != "%" {
					t.Errorf("target %q unit %q", tr["目标"], tr["单位"])
				}
			}
			r := e.Do(http.MethodGet, "/api/v1/exports/indicators.csv?period=2025&basis=all", zy, nil)
			wantStatus(t, r, http.StatusOK)
			for _, row := range exReadCSV(t, r.Body) {
				if row[0] == "training.spend_ratio" && (row[9] != "12345.67" || row[10] != "2345678.91") {
					t.Errorf("a town reviewer's summary covers its town only: %v", row)
				}
			}
		})

		for _, c := range []struct {
			name, token string
			status      int
			code        string
		}{
			{"export-indicators-401-anonymous", "", 401, "missing_token"},
			{"export-indicators-403-filler", xhzx, 403, "forbidden"},
			{"export-indicators-403-org-admin", wlzx, 403, "forbidden"},
			{"export-indicators-403-no-role", norole, 403, "forbidden"},
			{"export-indicators-422-bad-basis", reviewer, 422, "validation"},
		} {
			t.Run(c.name, func(t *testing.T) {
				q := "?period=2025"
				if c.status == 422 {
					q += "&basis=guess"
				}
				wantProblem(t, e.Do(http.MethodGet, "/api/v1/exports/indicators.csv"+q, c.token, nil), c.status, c.code)
			})
		}

		for _, c := range []struct {
			name, token, query string
			codes              string
		}{
			{"export-approved-only", reviewer, "&status=approved", "wlzx"},
			{"export-submitted-only", reviewer, "&status=submitted", "xhzx"},
			{"export-leader-all", e.Login("leader"), "", "xhzx,wlzx"},
			{"export-filler-own-org-only", xhzx, "", "xhzx"},
			{"export-org-admin-own-org-only", wlzx, "", "wlzx"},
			{"export-town-reviewer-town-only", zy, "", "wlzx"},
			{"export-department-filler-none", e.Login("czj"), "", ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				r := e.Do(http.MethodGet, xlsxURL+c.query, c.token, nil)
				wantStatus(t, r, http.StatusOK)
				if got := strings.Join(exCodes(exReadXLSX(t, r.Body).rows), ","); got != c.codes {
					t.Errorf("xlsx orgs: got %q, want %q", got, c.codes)
				}
				r = e.Do(http.MethodGet, csvURL+c.query, c.token, nil)
				wantStatus(t, r, http.StatusOK)
				if got := strings.Join(exCodes(exReadCSV(t, r.Body)), ","); got != c.codes {
					t.Errorf("csv orgs: got %q, want %q", got, c.codes)
				}
			})
		}

		for _, c := range []struct {
			name, token, path string
			status            int
			code              string
			fields            map[string]string
		}{
			{"export-401-anonymous", "", xlsxURL, 401, "missing_token", nil},
			{"export-401-anonymous-csv", "", csvURL, 401, "missing_token", nil},
			{"export-403-no-role", norole, xlsxURL, 403, "forbidden", nil},
			{"export-403-no-role-csv", norole, csvURL, 403, "forbidden", nil},
			{"export-422-missing-form-period", reviewer, "/api/v1/exports/submissions.xlsx", 422, "validation",
				map[string]string{"form": "required", "period": "required"}},
			{"export-422-unknown-form", reviewer, "/api/v1/exports/submissions.csv?form=nope&period=2025", 422, "validation",
				map[string]string{"form": "unknown_form"}},
			{"export-422-bad-period", reviewer, "/api/v1/exports/submissions.csv?form=teacher-training&period=2025Q1", 422, "validation",
				map[string]string{"period": "invalid_period"}},
			{"export-422-draft-status", reviewer, xlsxURL + "&status=draft", 422, "validation",
				map[string]string{"status": "invalid_status"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				p := wantProblem(t, e.Do(http.MethodGet, c.path, c.token, nil), c.status, c.code)
				if c.fields != nil {
					wantFields(t, p, c.fields)
				}
			})
		}
	})
}
