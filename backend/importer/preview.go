package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// Kind names what a file imports.
type Kind string

// The kinds of import.
const (
	KindOrgs  Kind = "orgs"
	KindUsers Kind = "users"
)

// Preview is a file read and checked but not imported: every data row as the import would read
// it, and every problem that would refuse the file. An import of the same file is accepted
// exactly when Errors is empty (unless the data changes in between).
type Preview struct {
	// Columns are the keys of the known columns, in the order the template has them; a user
	// file's password column is never echoed.
	Columns []string
	Rows    []PreviewRow
	Errors  []RowError
}

// PreviewRow is one data row: its index among the data rows, its line in the sheet and its
// value per column key.
type PreviewRow struct {
	Row    int
	Line   int
	Values map[string]string
}

// RowError is one problem: the row index (-1 for the file as a whole), the sheet line, the
// column key ("" when no one column is at fault), a machine code and a message.
type RowError struct {
	Row     int
	Line    int
	Column  string
	Code    string
	Message string
}

// secretColumns are read but never shown back.
var secretColumns = map[string]bool{"password": true}

// Preview reads and checks a file of kind as the import would, with the same actor and scope,
// and changes nothing. A file that cannot be read as a table at all (no header, a missing or
// unknown column, too large) is refused with the import's own field errors.
func (s *Service) Preview(ctx context.Context, kind Kind, actor *authz.Principal, sc scope.Scope, data []byte) (Preview, error) {
	var (
		t     *table
		check error
		err   error
		cols  []column
	)
	switch kind {
	case KindOrgs:
		cols = orgColumns
		if t, err = readTable(data, cols); err != nil {
			return Preview{}, err
		}
		in, pre := orgRows(t)
		check = rowErrors(s.orgs.CheckMany(ctx, sc, in), t, pre, nil)
		if check == nil {
			check = pre.OrNil()
		}
	case KindUsers:
		cols = userColumns
		if t, err = readTable(data, cols); err != nil {
			return Preview{}, err
		}
		in, pre, err := s.userRows(ctx, t)
		if err != nil {
			return Preview{}, err
		}
		err = s.users.CheckMany(ctx, actor, sc, in)
		if err == nil {
			// The service found nothing, but the file's own problems still refuse it.
			err = pre.OrNil()
			pre = &errs.ValidationError{}
		}
		check = rowErrors(err, t, pre, userFields)
	default:
		return Preview{}, fmt.Errorf("import preview: %w", errs.ErrNotFound)
	}
	out := Preview{Rows: make([]PreviewRow, len(t.rows)), Errors: []RowError{}}
	for _, c := range cols {
		if !secretColumns[c.key] {
			out.Columns = append(out.Columns, c.key)
		}
	}
	for i, r := range t.rows {
		vals := make(map[string]string, len(r))
		for k, v := range r {
			if !secretColumns[k] {
				vals[k] = v
			}
		}
		out.Rows[i] = PreviewRow{Row: i, Line: t.lines[i], Values: vals}
	}
	if check == nil {
		return out, nil
	}
	var ve *errs.ValidationError
	if !errors.As(check, &ve) {
		return Preview{}, check
	}
	for _, f := range ve.Fields {
		re := RowError{Row: -1, Code: f.Code, Message: f.Message}
		if m := rowField.FindStringSubmatch(f.Field); m != nil {
			re.Row, _ = strconv.Atoi(m[1])
			re.Column = m[2]
			if re.Row < len(t.lines) {
				re.Line = t.lines[re.Row]
			}
		}
		out.Errors = append(out.Errors, re)
	}
	return out, nil
}

// Template is a blank import file for kind, in format "csv" (UTF-8 with a BOM, as Excel reads
// it) or "xlsx": the Chinese header of every column and one example row. It returns ErrNotFound
// for an unknown kind or format.
func Template(kind Kind, format string) ([]byte, error) {
	var (
		cols    []column
		example []string
	)
	switch kind {
	case KindOrgs:
		cols, example = orgColumns, []string{"example-school", "示例小学", "小学", "qjjw", "公办"}
	case KindUsers:
		cols, example = userColumns, []string{"zhangsan", "张三", "13800000000", "example-school", "填报员", "Change@2025!"}
	default:
		return nil, errs.ErrNotFound
	}
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.headers[0]
	}
	switch format {
	case "csv":
		var b bytes.Buffer
		b.Write(utf8BOM)
		for _, rec := range [][]string{header, example} {
			for i, v := range rec {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(v)
			}
			b.WriteString("\r\n")
		}
		return b.Bytes(), nil
	case "xlsx":
		f := excelize.NewFile()
		defer f.Close()
		for r, rec := range [][]string{header, example} {
			vals := make([]any, len(rec))
			for i, v := range rec {
				vals[i] = v
			}
			cell, err := excelize.CoordinatesToCellName(1, r+1)
			if err != nil {
				return nil, err
			}
			if err := f.SetSheetRow("Sheet1", cell, &vals); err != nil {
				return nil, fmt.Errorf("import template: %w", err)
			}
		}
		var b bytes.Buffer
		if err := f.Write(&b); err != nil {
			return nil, fmt.Errorf("import template: %w", err)
		}
		return b.Bytes(), nil
	}
	return nil, errs.ErrNotFound
}
