package form

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// IndicatorReads says which fields of a form indicators read: fact field key ("group.column" for
// a repeat group's column) → the codes of the indicators reading it. The rollup package answers
// it; the composition root passes it in, so this package does not depend on indicators.
type IndicatorReads func(formCode string) map[string][]string

// Fact kinds: what an indicator can read from a field. Fields of one kind give facts an
// indicator reads the same way; any other change breaks the indicators that read the field.
const (
	kindNone     = ""
	kindNumber   = "number"        // integer, decimal, money, percent
	kindBoolean  = "boolean"       // 1 or 0
	kindChoice   = "single_choice" // one text fact
	kindChoices  = "multi_choice"  // one text fact per chosen option
	fieldRemoved = "removed"
)

// factKind is the kind of fact a field of type t gives.
func factKind(t FieldType) string {
	switch {
	case t.Numeric():
		return kindNumber
	case t == TypeBoolean:
		return kindBoolean
	case t == TypeSingleChoice:
		return kindChoice
	case t == TypeMultiChoice:
		return kindChoices
	}
	return kindNone
}

// factKindOf is the kind of fact the form gives under key: a top-level field, or "group.column"
// for a numeric or boolean column of a repeat group. fieldRemoved when there is no such field.
func (f *Form) factKindOf(key string) string {
	if fd, ok := f.Field(key); ok {
		if fd.Type == TypeRepeat {
			return kindNone
		}
		return factKind(fd.Type)
	}
	group, col, ok := strings.Cut(key, ".")
	if !ok {
		return fieldRemoved
	}
	g, ok := f.Field(group)
	if !ok || g.Type != TypeRepeat {
		return fieldRemoved
	}
	for i := range g.Fields {
		if g.Fields[i].Key == col {
			if k := factKind(g.Fields[i].Type); k == kindNumber || k == kindBoolean {
				return k
			}
			return kindNone
		}
	}
	return fieldRemoved
}

// checkIndicatorReads refuses a next version of a form that removes a field an indicator reads,
// or changes it to a type whose facts the indicator cannot read the same way (to a non-numeric
// type, number ↔ choice, single ↔ multi choice, boolean ↔ number). cur is the current version,
// nil for a form's first version, which must simply give every field read.
func checkIndicatorReads(cur, next *Form, reads map[string][]string) error {
	keys := make([]string, 0, len(reads))
	for k := range reads {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	v := &errs.ValidationError{Code: "breaks_indicators"}
	for _, key := range keys {
		codes := strings.Join(reads[key], ", ")
		want := kindNone
		if cur != nil {
			want = cur.factKindOf(key)
		}
		got := next.factKindOf(key)
		switch {
		case got == fieldRemoved:
			v.Add(key, "indicator_field_removed", fmt.Sprintf("指标 %s 读取此项，新版本不能删除它", codes))
		case got == kindNone:
			v.Add(key, "indicator_field_retyped", fmt.Sprintf("指标 %s 读取此项，新版本不能把它改为指标无法读取的类型", codes))
		case want != fieldRemoved && want != kindNone && got != want:
			v.Add(key, "indicator_field_retyped", fmt.Sprintf("指标 %s 读取此项，新版本不能改变它的类型（%s → %s）", codes, want, got))
		}
	}
	return v.OrNil()
}

// Dropped is one stored value an upgrade to a newer form version could not keep, and why: the
// field was removed ("removed"), changed type ("retyped"), became computed ("computed"), or
// the value is not valid under the new definition (a normalisation code such as
// "invalid_option" or "above_max"). Field is the value's path, "group[2].column" in a repeat.
type Dropped struct {
	Field string `json:"field"`
	Code  string `json:"code"`
}

// compatibleTypes reports whether a value of type from can be carried to a field of type to:
// the same type, or one of the plain number types to another (integer, decimal, money), where
// the new field's normalisation still decides (12.5 does not fit an integer).
func compatibleTypes(from, to FieldType) bool {
	if from == to {
		return true
	}
	plain := func(t FieldType) bool { return t == TypeInteger || t == TypeDecimal || t == TypeMoney }
	return plain(from) && plain(to)
}

// Upgrade maps values entered against the form version from onto the version to: a value is
// kept when its field still exists, is still entered (not computed) and has a compatible type,
// and the value is valid under the new definition; the rest are dropped and reported, sorted by
// path. The result is in canonical form for to.
func Upgrade(from, to *Form, values map[string]any) (map[string]any, []Dropped) {
	u := &upgrader{}
	out := u.fields(from.Fields, to.Fields, values, "")
	sort.Slice(u.dropped, func(i, j int) bool { return u.dropped[i].Field < u.dropped[j].Field })
	return out, u.dropped
}

type upgrader struct{ dropped []Dropped }

func (u *upgrader) drop(path, code string) {
	u.dropped = append(u.dropped, Dropped{Field: path, Code: code})
}

// fields maps one level of values: the form's, or one row of a repeat group.
func (u *upgrader) fields(old, next []Field, in map[string]any, prefix string) map[string]any {
	oldBy := make(map[string]*Field, len(old))
	for i := range old {
		oldBy[old[i].Key] = &old[i]
	}
	nextBy := make(map[string]*Field, len(next))
	for i := range next {
		nextBy[next[i].Key] = &next[i]
	}
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := map[string]any{}
	for _, key := range keys {
		raw, path := in[key], prefix+key
		if isEmpty(raw) {
			continue
		}
		nf, of := nextBy[key], oldBy[key]
		switch {
		case nf == nil:
			u.drop(path, "removed")
			continue
		case nf.Computed():
			if of == nil || !of.Computed() {
				u.drop(path, "computed")
			}
			continue
		case of != nil && !compatibleTypes(of.Type, nf.Type):
			u.drop(path, "retyped")
			continue
		}
		if nf.Type == TypeRepeat {
			if v, ok := u.repeat(of, nf, raw, path); ok {
				out[key] = v
			}
			continue
		}
		n := &normalizer{}
		if v, ok := n.value(nf, raw, path); ok {
			out[key] = v
		} else if len(n.problems) > 0 {
			u.drop(path, n.problems[0].code)
		} else {
			u.drop(path, "invalid_type")
		}
	}
	return out
}

// repeat maps a repeat group's rows column by column.
func (u *upgrader) repeat(of, nf *Field, raw any, path string) (any, bool) {
	rows, ok := asSlice(raw)
	limit := maxRowsCap
	if nf.MaxRows > 0 {
		limit = min(nf.MaxRows, limit)
	}
	switch {
	case !ok:
		u.drop(path, "invalid_type")
		return nil, false
	case len(rows) > limit:
		u.drop(path, "too_many_rows")
		return nil, false
	}
	var oldCols []Field
	if of != nil {
		oldCols = of.Fields
	}
	out := make([]map[string]any, 0, len(rows))
	for j, r := range rows {
		row, ok := r.(map[string]any)
		if !ok {
			u.drop(fmt.Sprintf("%s[%d]", path, j), "invalid_type")
			continue
		}
		out = append(out, u.fields(oldCols, nf.Fields, row, fmt.Sprintf("%s[%d].", path, j)))
	}
	return out, true
}
