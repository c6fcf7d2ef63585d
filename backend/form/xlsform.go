package form

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// XLSForm-like workbook of a form: a "survey" sheet with a row per field (a repeat group is a
// "begin_repeat" row, its columns, and an "end_repeat" row), a "choices" sheet with the options
// (list_name is the field's path), a "checks" sheet, a "settings" sheet with the form's own
// keys and, when the form has test cases, a "tests" sheet. Rules are JSON Logic text. A field attribute without a column of its own is kept as JSON
// in the "more" column, so that every schema round-trips exactly.

// The survey sheet's columns: the XLSForm name, then the schema key it holds.
var surveyColumns = [][2]string{
	{"type", "type"}, {"name", "key"}, {"label", "label"}, {"label_en", "label_en"}, {"hint", "help"}, {"hint_en", "help_en"},
	{"required", "required"}, {"relevant", "relevant"}, {"calculation", "calculate"}, {"unit", "unit"}, {"unit_en", "unit_en"},
	{"min", "min"}, {"max", "max"}, {"scale", "scale"}, {"more", ""},
}

var (
	settingsColumns = []string{"code", "version", "title", "title_en", "period_type", "org_types", "plan_section", "plan_section_en", "description", "description_en", "sections"}
	checkColumns    = []string{"key", "severity", "rule", "message", "message_en", "fields"}
	choiceColumns   = []string{"list_name", "name", "label", "label_en"}
	// testColumns are the "tests" sheet's: the designer's test cases, values, prev and expect as JSON.
	testColumns = []string{"name", "values", "prev", "expect"}
)

// The survey rows that open and close a repeat group.
const (
	beginRepeat = "begin_repeat"
	endRepeat   = "end_repeat"
)

// XLSX writes the form as an XLSForm-like workbook that ReadXLSX reads back to an equal form.
func XLSX(f *Form) ([]byte, error) {
	var doc map[string]any
	if err := remarshal(f, &doc); err != nil {
		return nil, fmt.Errorf("form %s as XLSX: %w", f.Code, err)
	}
	x := excelize.NewFile()
	defer func() { _ = x.Close() }()
	w := &sheetWriter{x: x}
	var survey, choices [][]string
	var fields func(list []any, prefix string) error
	fields = func(list []any, prefix string) error {
		for _, v := range list {
			fd, _ := v.(map[string]any)
			key, _ := fd["key"].(string)
			row := make([]string, len(surveyColumns))
			more := map[string]any{}
			for k, val := range fd {
				if k == "fields" || k == "options" {
					continue
				}
				i := surveyIndex(k)
				if i < 0 {
					more[k] = val
					continue
				}
				cell, err := cellText(val)
				if err != nil {
					return err
				}
				row[i] = cell
			}
			if len(more) > 0 {
				b, err := json.Marshal(more)
				if err != nil {
					return err
				}
				row[len(row)-1] = string(b)
			}
			if opts, ok := fd["options"].([]any); ok {
				for _, o := range opts {
					om, _ := o.(map[string]any)
					choices = append(choices, []string{prefix + key, str(om["value"]), str(om["label"]), str(om["label_en"])})
				}
			}
			if fd["type"] == string(TypeRepeat) {
				row[0] = beginRepeat
				survey = append(survey, row)
				cols, _ := fd["fields"].([]any)
				if err := fields(cols, prefix+key+"."); err != nil {
					return err
				}
				end := make([]string, len(surveyColumns))
				end[0], end[1] = endRepeat, key
				survey = append(survey, end)
				continue
			}
			survey = append(survey, row)
		}
		return nil
	}
	list, _ := doc["fields"].([]any)
	if err := fields(list, ""); err != nil {
		return nil, fmt.Errorf("form %s as XLSX: %w", f.Code, err)
	}
	names := make([]string, len(surveyColumns))
	for i, c := range surveyColumns {
		names[i] = c[0]
	}
	w.sheet("survey", names, survey)
	w.sheet("choices", choiceColumns, choices)
	var checks [][]string
	cs, _ := doc["checks"].([]any)
	for _, c := range cs {
		cm, _ := c.(map[string]any)
		row := make([]string, len(checkColumns))
		for i, k := range checkColumns {
			cell, err := cellText(cm[k])
			if err != nil {
				return nil, fmt.Errorf("form %s as XLSX: %w", f.Code, err)
			}
			row[i] = cell
		}
		checks = append(checks, row)
	}
	w.sheet("checks", checkColumns, checks)
	var tests [][]string
	ts, _ := doc["tests"].([]any)
	for _, tc := range ts {
		tm, _ := tc.(map[string]any)
		row := make([]string, len(testColumns))
		for i, k := range testColumns {
			cell, err := cellText(tm[k])
			if err != nil {
				return nil, fmt.Errorf("form %s as XLSX: %w", f.Code, err)
			}
			row[i] = cell
		}
		tests = append(tests, row)
	}
	if len(tests) > 0 {
		w.sheet("tests", testColumns, tests)
	}
	settings := make([]string, len(settingsColumns))
	for i, k := range settingsColumns {
		cell, err := cellText(doc[k])
		if err != nil {
			return nil, fmt.Errorf("form %s as XLSX: %w", f.Code, err)
		}
		settings[i] = cell
	}
	w.sheet("settings", settingsColumns, [][]string{settings})
	if w.err != nil {
		return nil, fmt.Errorf("form %s as XLSX: %w", f.Code, w.err)
	}
	x.DeleteSheet("Sheet1")
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return nil, fmt.Errorf("form %s as XLSX: %w", f.Code, err)
	}
	return buf.Bytes(), nil
}

// ReadXLSX reads a workbook XLSX wrote (or one in its columns) into a validated form, as
// ParseJSON does; a problem is a validation error naming the sheet, row and column.
func ReadXLSX(data []byte) (*Form, error) {
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, errs.Invalid("file", "invalid_xlsx", err.Error())
	}
	defer func() { _ = x.Close() }()
	v := &errs.ValidationError{}
	doc := map[string]any{}
	rows := readSheet(x, "settings", v)
	if len(rows) > 0 {
		for k, cell := range rows[0] {
			if cell == "" || k == "" {
				continue
			}
			doc[k] = settingValue(k, cell, "settings!2."+k, v)
		}
	}
	options := map[string][]any{}
	for i, r := range readSheet(x, "choices", v) {
		o := map[string]any{"value": r["name"], "label": r["label"]}
		if r["label_en"] != "" {
			o["label_en"] = r["label_en"]
		}
		if r["list_name"] == "" {
			v.Add(fmt.Sprintf("choices!%d.list_name", i+2), "required", "an option names its field in list_name")
		}
		options[r["list_name"]] = append(options[r["list_name"]], o)
	}
	// The survey rows, with repeat groups as a stack of open groups.
	type group struct {
		field map[string]any
		path  string
	}
	top := []any{}
	var stack []group
	add := func(fd map[string]any) {
		if len(stack) == 0 {
			top = append(top, fd)
			return
		}
		g := stack[len(stack)-1].field
		cols, _ := g["fields"].([]any)
		g["fields"] = append(cols, fd)
	}
	for i, r := range readSheet(x, "survey", v) {
		at := fmt.Sprintf("survey!%d", i+2)
		if r["type"] == endRepeat {
			if len(stack) == 0 {
				v.Add(at+".type", "unmatched_end_repeat", "end_repeat without begin_repeat")
				continue
			}
			stack = stack[:len(stack)-1]
			continue
		}
		fd := map[string]any{}
		for _, c := range surveyColumns {
			cell := r[c[0]]
			if cell == "" {
				continue
			}
			if c[1] == "" {
				var more map[string]any
				if err := json.Unmarshal([]byte(cell), &more); err != nil {
					v.Add(at+".more", "invalid_json", err.Error())
				}
				for k, val := range more {
					fd[k] = val
				}
				continue
			}
			fd[c[1]] = surveyValue(c[1], cell, at+"."+c[0], v)
		}
		path := ""
		if len(stack) > 0 {
			path = stack[len(stack)-1].path + "."
		}
		key, _ := fd["key"].(string)
		if opts, ok := options[path+key]; ok {
			fd["options"] = opts
		}
		if r["type"] == beginRepeat {
			fd["type"] = string(TypeRepeat)
			fd["fields"] = []any{}
			add(fd)
			stack = append(stack, group{field: fd, path: path + key})
			continue
		}
		add(fd)
	}
	if len(stack) > 0 {
		v.Add("survey", "unclosed_repeat", "begin_repeat without end_repeat")
	}
	doc["fields"] = top
	var checks []any
	for i, r := range readSheet(x, "checks", v) {
		c := map[string]any{}
		for _, k := range checkColumns {
			if r[k] != "" {
				c[k] = checkValue(k, r[k], fmt.Sprintf("checks!%d.%s", i+2, k), v)
			}
		}
		checks = append(checks, c)
	}
	if len(checks) > 0 {
		doc["checks"] = checks
	}
	var tests []any
	for i, r := range readSheet(x, "tests", v) {
		tc := map[string]any{}
		for _, k := range testColumns {
			switch {
			case r[k] == "":
			case k == "name":
				tc[k] = r[k]
			default:
				tc[k] = jsonCell(r[k], fmt.Sprintf("tests!%d.%s", i+2, k), v)
			}
		}
		tests = append(tests, tc)
	}
	if len(tests) > 0 {
		doc["tests"] = tests
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	return ParseJSON(b)
}

func surveyIndex(key string) int {
	for i, c := range surveyColumns {
		if c[1] == key && key != "" {
			return i
		}
	}
	return -1
}

// cellText is a schema value as cell text: text as is, true as "yes", false and null as "",
// numbers as their JSON text, lists of text joined by commas (org_types, check fields) and
// anything else (rules, sections) as JSON.
func cellText(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case bool:
		if x {
			return "yes", nil
		}
		return "", nil
	case json.Number:
		return x.String(), nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// jsonCell reads a cell holding JSON; numbers stay exact.
func jsonCell(cell, at string, v *errs.ValidationError) any {
	dec := json.NewDecoder(strings.NewReader(cell))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		v.Add(at, "invalid_json", err.Error())
	}
	return out
}

func numberCell(cell, at string, v *errs.ValidationError) any {
	if _, err := strconv.ParseFloat(cell, 64); err != nil {
		v.Add(at, "invalid_number", "not a number: "+cell)
	}
	return json.Number(cell)
}

func surveyValue(key, cell, at string, v *errs.ValidationError) any {
	switch key {
	case "required":
		return cell == "yes" || cell == "true"
	case "relevant", "calculate":
		return jsonCell(cell, at, v)
	case "scale":
		return numberCell(cell, at, v)
	}
	return cell
}

func settingValue(key, cell, at string, v *errs.ValidationError) any {
	switch key {
	case "version":
		return numberCell(cell, at, v)
	case "org_types":
		return splitList(cell)
	case "sections":
		return jsonCell(cell, at, v)
	}
	return cell
}

func checkValue(key, cell, at string, v *errs.ValidationError) any {
	switch key {
	case "rule":
		return jsonCell(cell, at, v)
	case "fields":
		return jsonCell(cell, at, v)
	}
	return cell
}

func splitList(cell string) []string {
	var out []string
	if strings.HasPrefix(cell, "[") {
		if json.Unmarshal([]byte(cell), &out) == nil {
			return out
		}
	}
	for _, s := range strings.Split(cell, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// remarshal converts v to generic JSON values (numbers as json.Number).
func remarshal(v any, out any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return dec.Decode(out)
}

// sheetWriter writes sheets of text cells, keeping the first error.
type sheetWriter struct {
	x   *excelize.File
	err error
}

func (w *sheetWriter) sheet(name string, header []string, rows [][]string) {
	if w.err != nil {
		return
	}
	if _, err := w.x.NewSheet(name); err != nil {
		w.err = err
		return
	}
	put := func(r int, cells []string) {
		for c, s := range cells {
			if s == "" || w.err != nil {
				continue
			}
			ref, err := excelize.CoordinatesToCellName(c+1, r)
			if err == nil {
				// Text cells: "0" and "2025" stay text, read back as written.
				err = w.x.SetCellStr(name, ref, s)
			}
			if err != nil {
				w.err = err
			}
		}
	}
	put(1, header)
	for i, r := range rows {
		put(i+2, r)
	}
}

// readSheet reads a sheet as rows of column name → cell text; a missing sheet is no rows.
func readSheet(x *excelize.File, name string, v *errs.ValidationError) []map[string]string {
	if idx, err := x.GetSheetIndex(name); err != nil || idx < 0 {
		return nil
	}
	rows, err := x.GetRows(name)
	if err != nil {
		v.Add(name, "invalid_xlsx", err.Error())
		return nil
	}
	if len(rows) == 0 {
		return nil
	}
	header := rows[0]
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		empty := true
		for i, cell := range r {
			if i < len(header) && cell != "" {
				m[strings.TrimSpace(header[i])] = cell
				empty = false
			}
		}
		if !empty {
			out = append(out, m)
		}
	}
	return out
}
