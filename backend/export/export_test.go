package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/backend/submission"
)

func TestExactFloat(t *testing.T) {
	for _, c := range []struct {
		name, in string
		exact    bool
	}{
		{"money-two-places", "1234.50", true},
		{"ratio-four-places", "0.0150", true},
		{"fifteen-digits", "1234567890123.45", true},
		{"negative", "-0.01", true},
		{"too-many-digits-stays-text", "12345678901234567.89", false},
		{"not-a-number", "abc", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, ok := exactFloat(c.in); ok != c.exact {
				t.Fatalf("exactFloat(%q) exact = %v, want %v", c.in, ok, c.exact)
			}
		})
	}
}

func TestFileName(t *testing.T) {
	got := FileName(&Table{Name: "teacher-training-2025", Title: "教师培训经费情况-2025"}, "xlsx")
	want := `attachment; filename="teacher-training-2025.xlsx"; filename*=UTF-8''%E6%95%99%E5%B8%88%E5%9F%B9%E8%AE%AD%E7%BB%8F%E8%B4%B9%E6%83%85%E5%86%B5-2025.xlsx`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if got := asciiName(`a"b;c/d`); got != "a-b-c-d" {
		t.Fatalf("asciiName: %s", got)
	}
}

// sample is a table with a column of every kind and one awkward row.
func sample() *Table {
	at := time.Date(2026, 3, 1, 8, 30, 0, 0, time.UTC)
	return &Table{
		Name: "sample", Title: "样例", Sheet: "样例[1]/2",
		Columns: []Column{{Header: "名称"}, {Header: "人数", Kind: KindInteger}, {Header: "金额（元）", Kind: KindDecimal, Scale: 2},
			{Header: "比例", Kind: KindDecimal, Scale: 4}, {Header: "时间", Kind: KindTime}, {Header: "值", Kind: KindNumber}},
		Rows: func(ctx context.Context, yield func([]Cell) error) error {
			rows := [][]Cell{
				{Text("=HYPERLINK(\"x\")"), Int(30), Dec(decimal.RequireFromString("15000.5")), Dec(decimal.RequireFromString("0.0150")), At(at), Dec(decimal.RequireFromString("1.5"))},
				{Text("大额"), Blank(), Dec(decimal.RequireFromString("12345678901234567.89")), Blank(), Blank(), Blank()},
			}
			for _, r := range rows {
				if err := yield(r); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

func TestWriteCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(context.Background(), &b, sample()); err != nil {
		t.Fatal(err)
	}
	rest, ok := bytes.CutPrefix(b.Bytes(), []byte("\xEF\xBB\xBF"))
	if !ok {
		t.Fatal("no BOM")
	}
	rows, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{
		"名称|人数|金额（元）|比例|时间|值",
		`'=HYPERLINK("x")|30|15000.50|0.0150|2026-03-01 16:30:00|1.5`,
		"大额||12345678901234567.89|||",
	} {
		if got := strings.Join(rows[i], "|"); got != want {
			t.Errorf("row %d\n got %s\nwant %s", i, got, want)
		}
	}
}

func TestWriteXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := WriteXLSX(context.Background(), &b, sample()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	if sheet != "样例_1__2" {
		t.Errorf("sheet name %q", sheet)
	}
	for _, c := range []struct {
		name, cell, raw, shown string
		numFmt                 int
	}{
		{"text-is-not-a-formula", "A2", `=HYPERLINK("x")`, `=HYPERLINK("x")`, 0},
		{"integer", "B2", "30", "30", 0},
		{"money-numeric-0.00", "C2", "15000.5", "15000.50", 2},
		{"decimal-scale-4", "D2", "0.015", "0.0150", 0},
		{"number-as-is", "F2", "1.5", "1.5", 0},
		{"inexact-money-stays-text", "C3", "12345678901234567.89", "12345678901234567.89", 0},
		{"blank", "B3", "", "", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			raw, _ := f.GetCellValue(sheet, c.cell, excelize.Options{RawCellValue: true})
			shown, _ := f.GetCellValue(sheet, c.cell)
			if raw != c.raw || shown != c.shown {
				t.Errorf("%s: raw %q shown %q, want %q %q", c.cell, raw, shown, c.raw, c.shown)
			}
			if c.numFmt != 0 {
				sid, _ := f.GetCellStyle(sheet, c.cell)
				if st, _ := f.GetStyle(sid); st == nil || st.NumFmt != c.numFmt {
					t.Errorf("%s: style %+v, want NumFmt %d", c.cell, st, c.numFmt)
				}
			}
			if formula, _ := f.GetCellFormula(sheet, c.cell); formula != "" {
				t.Errorf("%s has formula %q", c.cell, formula)
			}
		})
	}
	if shown, _ := f.GetCellValue(sheet, "E2"); shown != "2026-03-01 16:30:00" {
		t.Errorf("time cell shown %q, want China time", shown)
	}
}

func TestFormColumns(t *testing.T) {
	f := &form.Form{Code: "f", Fields: []form.Field{
		{Key: "n", Label: "人数", Type: form.TypeInteger, Unit: "人"},
		{Key: "m", Label: "金额", Type: form.TypeMoney, Unit: "元"},
		{Key: "p", Label: "比例", Type: form.TypePercent, Scale: 1, Unit: "%"},
		{Key: "b", Label: "是否", Type: form.TypeBoolean},
		{Key: "c", Label: "等级", Type: form.TypeSingleChoice, Options: []form.Option{{Value: "a", Label: "一级"}, {Value: "b", Label: "二级"}}},
		{Key: "mc", Label: "项目", Type: form.TypeMultiChoice, Options: []form.Option{{Value: "x", Label: "足球"}, {Value: "y", Label: "篮球"}}},
		{Key: "g", Label: "分年级", Type: form.TypeRepeat, Fields: []form.Field{
			{Key: "grade", Label: "年级", Type: form.TypeSingleChoice},
			{Key: "students", Label: "学生数", Type: form.TypeInteger, Unit: "人"},
			{Key: "fee", Label: "费用", Type: form.TypeMoney, Unit: "元"}}},
		{Key: "notes", Label: "名单", Type: form.TypeRepeat, Fields: []form.Field{{Key: "who", Label: "姓名", Type: form.TypeText}}},
		{Key: "files", Label: "佐证", Type: form.TypeAttachment},
		{Key: "t", Label: "说明", Type: form.TypeText},
	}}
	cols, cells := formColumns(f)
	var headers []string
	for _, c := range cols {
		headers = append(headers, c.Header)
	}
	wantHeaders := "人数（人）|金额（元）|比例（%）|是否|等级|项目|分年级·学生数（人）|分年级·费用（元）|名单（行数）|佐证（文件数）|说明"
	if got := strings.Join(headers, "|"); got != wantHeaders {
		t.Fatalf("headers\n got %s\nwant %s", got, wantHeaders)
	}
	var values map[string]any
	d := json.NewDecoder(strings.NewReader(`{"n": 12, "m": "0.10", "p": "12.5", "b": true, "c": "b", "mc": ["x", "y"],
		"g": [{"grade": "g1", "students": 40, "fee": "0.10"}, {"grade": "g2", "students": 45, "fee": "0.20"}],
		"notes": [{"who": "甲"}, {"who": "乙"}, {"who": "丙"}], "files": [{"id": "1"}], "t": "-1"}`))
	d.UseNumber()
	if err := d.Decode(&values); err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, c := range cells {
		got = append(got, csvValue(cols[i], c(values)))
	}
	want := "12|0.10|12.5|是|二级|足球、篮球|85|0.30|3|1|'-1"
	if strings.Join(got, "|") != want {
		t.Fatalf("cells\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
	// A missing value is a blank cell in every kind of column.
	for i, c := range cells {
		if v := c(map[string]any{"b": false}); !v.Empty && cols[i].Header != "是否" {
			t.Errorf("%s: want blank, got %+v", cols[i].Header, v)
		}
	}
	if v := cells[3](map[string]any{"b": false}); v.Text != "否" {
		t.Errorf("false shown as %q", v.Text)
	}
}

func TestParseStatuses(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"", "submitted,approved", true},
		{"approved", "approved", true},
		{"submitted, approved,approved", "submitted,approved", true},
		{"draft", "", false},
		{"returned", "", false},
	} {
		got, ok := parseStatuses(c.in)
		if ok != c.ok || strings.Join(got, ",") != c.want {
			t.Errorf("parseStatuses(%q) = %v %v, want %q %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// TestStatusLabel: a submitted one is named by the level it waits at, as the phone names it;
// with one review step it is 已提交; the other statuses keep their names.
func TestStatusLabel(t *testing.T) {
	for _, c := range []struct{ status, level, want string }{
		{"submitted", "", "已提交"},
		{"submitted", "school", "待中心校审核"},
		{"submitted", "town", "待学区审核"},
		{"submitted", "district", "待区教委审核"},
		{"approved", "", "已通过"},
		{"returned", "town", "已退回"},
		{"odd", "", "odd"},
	} {
		if got := statusLabel(submission.Listed{Status: c.status, ReviewLevel: c.level}); got != c.want {
			t.Errorf("%s at %q: %q, want %q", c.status, c.level, got, c.want)
		}
	}
}
