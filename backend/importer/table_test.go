package importer

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

var testCols = []column{
	{key: "code", headers: []string{"编码", "code"}, required: true},
	{key: "name", headers: []string{"名称", "name"}, required: true},
	{key: "note", headers: []string{"备注", "note"}},
}

func fieldCodes(t *testing.T, err error) string {
	t.Helper()
	var ve *errs.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a validation error, got %v", err)
	}
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field+"="+f.Code)
	}
	return strings.Join(out, ",")
}

func TestReadTable(t *testing.T) {
	for _, c := range []struct {
		name  string
		data  string
		rows  string // code:name;… of the rows read
		lines string
	}{
		{"csv-bom-chinese-headers", "\uFEFF编码,名称\r\na,甲\r\nb,乙\r\n", "a:甲;b:乙", "2,3"},
		{"english-headers-any-case-and-spaces", " Code , NAME ,note\na, 甲 ,x\n", "a:甲", "2"},
		{"blank-rows-skipped-lines-kept", "\n编码,名称\n,\na,甲\n\nb,乙\n", "a:甲;b:乙", "4,6"},
		{"short-rows", "编码,名称,备注\na\n", "a:", "2"},
		{"gb18030", "\xb1\xe0\xc2\xeb,\xc3\xfb\xb3\xc6\r\na,\xbc\xd7\r\n", "a:甲", "2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tb, err := readTable([]byte(c.data), testCols)
			if err != nil {
				t.Fatal(err)
			}
			var rows []string
			for _, r := range tb.rows {
				rows = append(rows, r["code"]+":"+r["name"])
			}
			if got := strings.Join(rows, ";"); got != c.rows {
				t.Errorf("rows %q, want %q", got, c.rows)
			}
			if got := strings.Trim(strings.Join(strings.Fields(fmt.Sprint(tb.lines)), ","), "[]"); got != c.lines {
				t.Errorf("lines %s, want %s", got, c.lines)
			}
		})
	}
}

func TestReadTableErrors(t *testing.T) {
	many := "code,name\n" + strings.Repeat("a,b\n", MaxRows+1)
	for _, c := range []struct {
		name, data, want string
	}{
		{"empty-file", "", "file=empty"},
		{"header-only", "code,name\n", "file=empty"},
		{"missing-column", "code\na\n", "columns=missing_column"},
		{"unknown-and-duplicate-columns", "code,name,colour,编码\n", "columns[2]=unknown_column,columns[3]=duplicate_column"},
		{"too-many-rows", many, "file=too_many_rows"},
		{"broken-xlsx", "PK\x03\x04garbage", "file=invalid_file"},
		{"binary", "code,name\n\x00\x01", "file=unsupported_file_type"},
		{"bad-quotes", "code,name\n\"a\"b\"\",c\n\"unterminated", "file=invalid_csv"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := readTable([]byte(c.data), testCols)
			if got := fieldCodes(t, err); got != c.want {
				t.Fatalf("got %s, want %s", got, c.want)
			}
		})
	}
	if _, err := readTable(make([]byte, MaxFileBytes+1), testCols); fieldCodes(t, err) != "file=too_large" {
		t.Fatalf("too large: %v", err)
	}
}
