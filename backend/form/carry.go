package form

import (
	"fmt"
	"strings"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// PrevVar is the variable under which rules read the same org's previous-period approved values:
// {"var":"prev.payroll_total"} is last period's payroll_total, null when there is none.
const PrevVar = "prev"

// CarryUnit is one thing a filler confirms in a carried-forward draft: a section marked
// carry_forward (Key is the section's key) or a carry_forward field outside such a section (Key
// is the field's key).
type CarryUnit struct {
	Key     string
	Title   string
	TitleEn string
	Fields  []string
}

// CarryUnits lists the form's carried units in field order.
func (f *Form) CarryUnits() []CarryUnit {
	sections := map[string]*Section{}
	for i := range f.Sections {
		sections[f.Sections[i].Key] = &f.Sections[i]
	}
	var out []CarryUnit
	at := map[string]int{}
	for i := range f.Fields {
		fd := &f.Fields[i]
		if fd.Computed() {
			continue
		}
		if sec := sections[fd.Section]; sec != nil && sec.CarryForward {
			j, ok := at[sec.Key]
			if !ok {
				j = len(out)
				at[sec.Key] = j
				out = append(out, CarryUnit{Key: sec.Key, Title: sec.Title, TitleEn: sec.TitleEn})
			}
			out[j].Fields = append(out[j].Fields, fd.Key)
			continue
		}
		if fd.CarryForward || fd.CarryFrom != "" {
			out = append(out, CarryUnit{Key: fd.Key, Title: fd.Label, TitleEn: fd.LabelEn, Fields: []string{fd.Key}})
		}
	}
	return out
}

// ReadsPrev reports whether a rule reads a previous-period value (a year-over-year rule).
func ReadsPrev(rule any) bool {
	switch r := rule.(type) {
	case map[string]any:
		for op, args := range r {
			if op == "var" || op == "missing" || op == "missing_some" {
				if prevPath(args) {
					return true
				}
			}
			if ReadsPrev(args) {
				return true
			}
		}
	case []any:
		for _, a := range r {
			if ReadsPrev(a) {
				return true
			}
		}
	}
	return false
}

// prevPath reports whether a var or missing argument names a prev. path.
func prevPath(args any) bool {
	switch a := args.(type) {
	case string:
		return strings.HasPrefix(a, PrevVar+".")
	case []any:
		for _, x := range a {
			if prevPath(x) {
				return true
			}
		}
	}
	return false
}

// YoYChecks are the keys of the form's checks that read previous-period values.
func (f *Form) YoYChecks() map[string]bool {
	out := map[string]bool{}
	for i := range f.Checks {
		if ReadsPrev(f.Checks[i].Rule) {
			out[f.Checks[i].Key] = true
		}
	}
	return out
}

// validateCarry checks sections, carry_forward and valid_until: prev is reserved for rules;
// a field's section exists; valid_until is on a top-level attachment field and names a date field.
func (f *Form) validateCarry(v *errs.ValidationError) {
	sections := map[string]bool{}
	for i, sec := range f.Sections {
		path := fmt.Sprintf("sections[%d]", i)
		switch {
		case !keyPattern.MatchString(sec.Key):
			v.Add(path+".key", "invalid_key", "key must match ^[a-z][a-z0-9_]{0,40}$")
		case sections[sec.Key]:
			v.Add(path+".key", "duplicate_key", fmt.Sprintf("section key %q is used twice", sec.Key))
		}
		sections[sec.Key] = true
		if strings.TrimSpace(sec.Title) == "" {
			v.Add(path+".title", "required", "title is required")
		}
	}
	for i := range f.Fields {
		fd := &f.Fields[i]
		path := fmt.Sprintf("fields[%d]", i)
		if fd.Key == PrevVar {
			v.Add(path+".key", "reserved_key", "prev is reserved for previous-period values")
		}
		if fd.Section != "" && !sections[fd.Section] {
			v.Add(path+".section", "unknown_section", fmt.Sprintf("%q is not a section of this form", fd.Section))
		}
		if fd.CarryForward && fd.Computed() {
			v.Add(path+".carry_forward", "not_allowed", "a computed field is not carried forward")
		}
		if fd.CarryFrom != "" && fd.Type == TypeAttachment {
			v.Add(path+".carry_from", "not_allowed", "evidence is carried with carry_forward")
		} else if fd.CarryFrom != "" {
			if src, ok := f.Field(fd.CarryFrom); !ok || src.Type != fd.Type {
				v.Add(path+".carry_from", "unknown_field", fmt.Sprintf("%q is not a field of this form of type %s", fd.CarryFrom, fd.Type))
			}
		}
		if fd.ValidUntil == "" {
			continue
		}
		if fd.Type != TypeAttachment {
			v.Add(path+".valid_until", "not_allowed", "valid_until applies to attachment fields")
			continue
		}
		if d, ok := f.Field(fd.ValidUntil); !ok || d.Type != TypeDate {
			v.Add(path+".valid_until", "unknown_field", fmt.Sprintf("%q is not a date field of this form", fd.ValidUntil))
		}
	}
	for i := range f.Fields { // columns of repeat groups take none of these
		for j, col := range f.Fields[i].Fields {
			if col.Section != "" || col.CarryForward || col.CarryFrom != "" || col.ValidUntil != "" {
				v.Add(fmt.Sprintf("fields[%d].fields[%d]", i, j), "not_supported", "columns take no section, carry_forward or valid_until")
			}
		}
	}
}
