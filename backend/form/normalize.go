package form

import (
	"fmt"
	"slices"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/tianbao-edu/tianbao/backend/errs"
)

// Hard caps that hold even when a schema sets no limit, so one submission stays a sane size.
const (
	maxRowsCap        = 1000
	maxAttachmentsCap = 50
)

// problem is one invalid value, with its message in both languages (Issue and FieldError carry it).
type problem struct {
	field, code, zh, en string
}

// Normalize type-checks a draft and returns its values in canonical form (see FieldType), with
// every problem found. Empty values (null, "", []) are allowed in a draft and dropped; so are
// values of computed fields, which the server computes itself. A value with a problem is left out
// of the result, the rest is kept, so a draft can be saved with its valid part.
func (f *Form) Normalize(values map[string]any) (map[string]any, *errs.ValidationError) {
	out, probs := f.normalize(values)
	if len(probs) == 0 {
		return out, nil
	}
	v := &errs.ValidationError{}
	for _, p := range probs {
		v.Add(p.field, p.code, p.zh)
	}
	return out, v
}

func (f *Form) normalize(values map[string]any) (map[string]any, []problem) {
	n := &normalizer{}
	return n.fields(f.Fields, values, ""), n.problems
}

type normalizer struct {
	problems []problem
}

func (n *normalizer) add(field, code, zh, en string) {
	n.problems = append(n.problems, problem{field: field, code: code, zh: zh, en: en})
}

func (n *normalizer) invalidType(path, zh, en string) {
	n.add(path, "invalid_type", "请填写"+zh, "must be "+en)
}

// fields normalises one level of values: the form's, or one row of a repeat group (prefix "grades[1].").
func (n *normalizer) fields(fs []Field, in map[string]any, prefix string) map[string]any {
	out := map[string]any{}
	known := make(map[string]bool, len(fs))
	for i := range fs {
		fd := &fs[i]
		known[fd.Key] = true
		raw, ok := in[fd.Key]
		if fd.Computed() || !ok || isEmpty(raw) {
			continue
		}
		if v, ok := n.value(fd, raw, prefix+fd.Key); ok {
			out[fd.Key] = v
		}
	}
	var unknown []string
	for k := range in {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		n.add(prefix+k, "unknown_field", "表单中没有此项", "not a field of this form")
	}
	return out
}

// isEmpty is what a draft may hold for a field not filled in yet.
func isEmpty(v any) bool {
	if v == nil || v == "" {
		return true
	}
	items, ok := asSlice(v)
	return ok && len(items) == 0
}

func (n *normalizer) value(fd *Field, raw any, path string) (any, bool) {
	switch fd.Type {
	case TypeInteger, TypeDecimal, TypeMoney, TypePercent:
		return n.number(fd, raw, path)
	case TypeBoolean:
		b, ok := raw.(bool)
		if !ok {
			n.invalidType(path, "是或否", "true or false")
		}
		return b, ok
	case TypeSingleChoice:
		s, ok := raw.(string)
		if !ok {
			n.invalidType(path, "选项", "an option value")
			return nil, false
		}
		if !fd.option(s) {
			n.add(path, "invalid_option", "不是有效选项", "not one of the options")
			return nil, false
		}
		return s, true
	case TypeMultiChoice:
		return n.multiChoice(fd, raw, path)
	case TypeText:
		s, ok := raw.(string)
		if !ok {
			n.invalidType(path, "文字", "text")
			return nil, false
		}
		if l := utf8.RuneCountInString(s); l > fd.maxLength() {
			n.add(path, "too_long", fmt.Sprintf("不能超过%d个字", fd.maxLength()), fmt.Sprintf("at most %d characters", fd.maxLength()))
			return nil, false
		}
		return s, true
	case TypeDate:
		return n.date(raw, path)
	case TypeRepeat:
		return n.repeat(fd, raw, path)
	case TypeAttachment:
		return n.attachments(fd, raw, path)
	}
	return nil, false
}

func (n *normalizer) number(fd *Field, raw any, path string) (any, bool) {
	x, ok := readInput(raw, fd.Type == TypeMoney)
	if !ok {
		n.invalidType(path, "数字", "a number")
		return nil, false
	}
	scale := fd.scale()
	if x.places() > int64(scale) {
		if scale == 0 {
			n.add(path, "not_integer", "请填写整数", "must be a whole number")
		} else {
			n.add(path, "too_many_decimals", fmt.Sprintf("最多保留%d位小数", scale), fmt.Sprintf("at most %d decimal places", scale))
		}
		return nil, false
	}
	lo, hi := fd.bounds()
	if x.huge() {
		n.outOfBounds(path, x.neg, lo, hi)
		return nil, false
	}
	d := x.decimal()
	if d.LessThan(lo) || d.GreaterThan(hi) {
		n.outOfBounds(path, d.LessThan(lo), lo, hi)
		return nil, false
	}
	if fd.Type == TypeInteger {
		return d.IntPart(), true
	}
	return d.StringFixed(scale), true
}

// outOfBounds reports a number below lo (low) or above hi.
func (n *normalizer) outOfBounds(path string, low bool, lo, hi decimal.Decimal) {
	if low {
		n.add(path, "below_min", "不能小于"+lo.String(), "must be at least "+lo.String())
	} else {
		n.add(path, "above_max", "不能大于"+hi.String(), "must be at most "+hi.String())
	}
}

// bound reads a schema min or max; Validate has rejected unreadable ones.
func bound(s *string) *decimal.Decimal {
	if s == nil {
		return nil
	}
	d, ok := parseNumberString(trimSpace(*s))
	if !ok {
		return nil
	}
	return &d
}

func (n *normalizer) multiChoice(fd *Field, raw any, path string) (any, bool) {
	items, ok := asSlice(raw)
	if !ok {
		n.invalidType(path, "选项列表", "a list of option values")
		return nil, false
	}
	chosen := map[string]bool{}
	valid := true
	for j, it := range items {
		s, ok := it.(string)
		switch {
		case !ok:
			n.invalidType(fmt.Sprintf("%s[%d]", path, j), "选项", "an option value")
			valid = false
		case !fd.option(s):
			n.add(fmt.Sprintf("%s[%d]", path, j), "invalid_option", "不是有效选项", "not one of the options")
			valid = false
		}
		chosen[s] = true
	}
	if !valid {
		return nil, false
	}
	out := []string{}
	for _, o := range fd.Options {
		if chosen[o.Value] {
			out = append(out, o.Value)
		}
	}
	return out, true
}

// MinDateYear and MaxDateYear bound a date field's year: wide enough for a founding year or a
// birth date, narrow enough to refuse year 0000 and other typing accidents. The browser's
// normaliser (frontend/src/rules/evaluate.ts) uses the same bounds.
const (
	MinDateYear = 1800
	MaxDateYear = 2199
)

func (n *normalizer) date(raw any, path string) (any, bool) {
	s, ok := raw.(string)
	if !ok {
		n.invalidType(path, "日期", "a date")
		return nil, false
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != len(time.DateOnly) {
		n.add(path, "invalid_date", "日期格式应为 YYYY-MM-DD", "must be a date written YYYY-MM-DD")
		return nil, false
	}
	if y := d.Year(); y < MinDateYear || y > MaxDateYear {
		n.add(path, "invalid_date", fmt.Sprintf("年份应在%d至%d之间", MinDateYear, MaxDateYear),
			fmt.Sprintf("the year must be between %d and %d", MinDateYear, MaxDateYear))
		return nil, false
	}
	return s, true
}

func (n *normalizer) repeat(fd *Field, raw any, path string) (any, bool) {
	rows, ok := asSlice(raw)
	if !ok {
		n.invalidType(path, "表格", "a list of rows")
		return nil, false
	}
	limit := maxRowsCap
	if fd.MaxRows > 0 {
		limit = min(fd.MaxRows, limit)
	}
	if len(rows) > limit {
		n.add(path, "too_many_rows", fmt.Sprintf("最多%d行", limit), fmt.Sprintf("at most %d rows", limit))
		return nil, false
	}
	out := make([]map[string]any, 0, len(rows))
	for j, r := range rows {
		row, ok := r.(map[string]any)
		if !ok {
			n.invalidType(fmt.Sprintf("%s[%d]", path, j), "一行数据", "a row (an object)")
			row = map[string]any{}
		}
		out = append(out, n.fields(fd.Fields, row, fmt.Sprintf("%s[%d].", path, j)))
	}
	if !n.columnTotals(fd, out, path) {
		return nil, false
	}
	return out, true
}

// columnTotals reports a numeric column whose total over the rows is outside ±10^MaxMagnitudeExp:
// the total is a fact, so it must be representable like any single value.
func (n *normalizer) columnTotals(fd *Field, rows []map[string]any, path string) bool {
	for k := range fd.Fields {
		col := &fd.Fields[k]
		if !col.Type.Numeric() {
			continue
		}
		total := decimal.Zero
		for _, row := range rows {
			if d, ok := factNumber(row[col.Key]); ok {
				total = total.Add(d)
			}
		}
		if representable(total) {
			continue
		}
		label := col.LabelEn
		if label == "" {
			label = col.Key
		}
		if total.IsNegative() {
			n.add(path, "below_min", fmt.Sprintf("“%s”各行合计不能小于%s", col.Label, maxMagnitude.Neg()),
				fmt.Sprintf("the rows' total of %s must be at least %s", label, maxMagnitude.Neg()))
		} else {
			n.add(path, "above_max", fmt.Sprintf("“%s”各行合计不能大于%s", col.Label, maxMagnitude),
				fmt.Sprintf("the rows' total of %s must be at most %s", label, maxMagnitude))
		}
		return false
	}
	return true
}

func (n *normalizer) attachments(fd *Field, raw any, path string) (any, bool) {
	items, ok := asSlice(raw)
	if !ok {
		n.invalidType(path, "附件列表", "a list of files")
		return nil, false
	}
	if len(items) > maxAttachmentsCap {
		n.add(path, "too_many_files", fmt.Sprintf("最多%d个附件", maxAttachmentsCap), fmt.Sprintf("at most %d files", maxAttachmentsCap))
		return nil, false
	}
	out := make([]any, 0, len(items))
	before := len(n.problems)
	for j, it := range items {
		if a, ok := n.attachment(fd, it, fmt.Sprintf("%s[%d]", path, j)); ok {
			out = append(out, a)
		}
	}
	return out, len(n.problems) == before
}

// attachment checks the shape of one uploaded-file reference; the upload service vouches for the file.
func (n *normalizer) attachment(fd *Field, raw any, path string) (map[string]any, bool) {
	m, ok := raw.(map[string]any)
	id, _ := m["id"].(string)
	name, _ := m["name"].(string)
	ctype, _ := m["content_type"].(string)
	size, sizeOK := readInput(m["size"], false)
	if _, isString := m["size"].(string); !ok || id == "" || name == "" || isString || !sizeOK || size.places() > 0 || size.neg {
		n.invalidType(path, "附件（id、name、size、content_type）", "a file {id, name, size, content_type}")
		return nil, false
	}
	if !slices.Contains(fd.accept(), ctype) {
		n.add(path, "invalid_content_type", "不支持此文件类型", "this file type is not accepted")
		return nil, false
	}
	if size.huge() || size.decimal().GreaterThan(decimal.NewFromInt(fd.maxSizeBytes())) {
		mb := fd.maxSizeBytes() >> 20
		n.add(path, "too_large", fmt.Sprintf("文件不能超过%dMB", mb), fmt.Sprintf("at most %d MB", mb))
		return nil, false
	}
	return map[string]any{"id": id, "name": name, "size": size.decimal().IntPart(), "content_type": ctype}, true
}
