package form

import (
	"github.com/tianbao-edu/tianbao/backend/period"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Form is one version of a data-collection form. A submission pins the version it was filled against,
// so a published version is never edited: a change is a new version.
type Form struct {
	Code        string      `yaml:"code" json:"code"`
	Version     int         `yaml:"version" json:"version"`
	Title       string      `yaml:"title" json:"title"`
	TitleEn     string      `yaml:"title_en,omitempty" json:"title_en,omitempty"`
	PeriodType  period.Type `yaml:"period_type" json:"period_type"`
	OrgTypes    []string    `yaml:"org_types" json:"org_types"`
	PlanSection string      `yaml:"plan_section,omitempty" json:"plan_section,omitempty"`
	// PlanSectionEn is the plan section in English words, "Plan II(16)".
	PlanSectionEn string  `yaml:"plan_section_en,omitempty" json:"plan_section_en,omitempty"`
	Description   string  `yaml:"description,omitempty" json:"description,omitempty"`
	DescriptionEn string  `yaml:"description_en,omitempty" json:"description_en,omitempty"`
	Fields        []Field `yaml:"fields" json:"fields"`
	Checks        []Check `yaml:"checks,omitempty" json:"checks,omitempty"`
	// Sections group top-level fields (Field.Section) for carry-forward: a carried section is
	// confirmed with one tap.
	Sections []Section `yaml:"sections,omitempty" json:"sections,omitempty"`
	// Tests are the designer's test cases (testcases.go), run by both evaluators; a schema whose
	// case fails is refused.
	Tests []TestCase `yaml:"tests,omitempty" json:"tests,omitempty"`
}

// Section is a named group of top-level fields. CarryForward prefills all its fields in a new
// period's draft from the org's last approved submission of the form (carry.go).
type Section struct {
	Key          string `yaml:"key" json:"key"`
	Title        string `yaml:"title" json:"title"`
	TitleEn      string `yaml:"title_en,omitempty" json:"title_en,omitempty"`
	CarryForward bool   `yaml:"carry_forward,omitempty" json:"carry_forward,omitempty"`
}

// Field is one input (or computed value) of a form. Rules are JSON Logic over the form's values.
type Field struct {
	Key     string    `yaml:"key" json:"key"`
	Label   string    `yaml:"label" json:"label"`
	LabelEn string    `yaml:"label_en,omitempty" json:"label_en,omitempty"`
	Type    FieldType `yaml:"type" json:"type"`
	Unit    string    `yaml:"unit,omitempty" json:"unit,omitempty"`
	UnitEn  string    `yaml:"unit_en,omitempty" json:"unit_en,omitempty"`
	Help    string    `yaml:"help,omitempty" json:"help,omitempty"`
	HelpEn  string    `yaml:"help_en,omitempty" json:"help_en,omitempty"`
	// Required fields must be filled before submitting (drafts may leave them empty).
	Required bool `yaml:"required,omitempty" json:"required,omitempty"`
	// Min and Max bound numeric fields; decimal text so that money bounds are exact.
	Min *string `yaml:"min,omitempty" json:"min,omitempty"`
	Max *string `yaml:"max,omitempty" json:"max,omitempty"`
	// Scale is the number of decimal places of a decimal or percent field (0 means 2); money is always 2.
	Scale   int      `yaml:"scale,omitempty" json:"scale,omitempty"`
	Options []Option `yaml:"options,omitempty" json:"options,omitempty"`
	// Relevant shows the field only while the rule is truthy; a hidden field is neither required nor stored.
	Relevant any `yaml:"relevant,omitempty" json:"relevant,omitempty"`
	// Calculate makes the field computed (read-only): its value is the rule's result.
	Calculate any `yaml:"calculate,omitempty" json:"calculate,omitempty"`
	// Fields are the columns of each row of a repeat group.
	Fields  []Field `yaml:"fields,omitempty" json:"fields,omitempty"`
	MinRows int     `yaml:"min_rows,omitempty" json:"min_rows,omitempty"`
	MaxRows int     `yaml:"max_rows,omitempty" json:"max_rows,omitempty"`
	// Accept lists the MIME types an attachment may have (default image/jpeg, image/png, application/pdf).
	Accept []string `yaml:"accept,omitempty" json:"accept,omitempty"`
	// MaxSizeMB bounds each attached file (default DefaultMaxSizeMB).
	MaxSizeMB int `yaml:"max_size_mb,omitempty" json:"max_size_mb,omitempty"`
	// MaxLength bounds a text value in characters (default DefaultMaxLength).
	MaxLength int `yaml:"max_length,omitempty" json:"max_length,omitempty"`
	// Display says how a decimal reads to a person: DisplayPercent shows the ratio 0.0138 as 1.38%.
	// It changes nothing that is stored.
	Display string `yaml:"display,omitempty" json:"display,omitempty"`
	// Target is the plan's target for a numeric field's value, shown beside it ("target ≥ 1.5%");
	// the check that enforces it is a Check.
	Target *Target `yaml:"target,omitempty" json:"target,omitempty"`
	// Capture asks a phone to open the camera for an attachment field: CaptureEnvironment (rear)
	// or CaptureUser (front).
	Capture string `yaml:"capture,omitempty" json:"capture,omitempty"`
	// KeepOriginal uploads photos of an attachment field as taken; otherwise the browser scales
	// them down before upload.
	KeepOriginal bool `yaml:"keep_original,omitempty" json:"keep_original,omitempty"`
	// Section is the key of the form section the field belongs to (top-level fields only).
	Section string `yaml:"section,omitempty" json:"section,omitempty"`
	// CarryForward prefills the field in a new period's draft from the org's last approved
	// submission; the filler confirms or changes it before submitting.
	CarryForward bool `yaml:"carry_forward,omitempty" json:"carry_forward,omitempty"`
	// CarryFrom prefills the field in a new period's draft with the previous period's approved
	// value of another field (last year's spending as this year's "previous year" figure); the
	// filler confirms it like a carried field.
	CarryFrom string `yaml:"carry_from,omitempty" json:"carry_from,omitempty"`
	// ValidUntil, on an attachment field, names the date field holding the evidence's expiry
	// (a certificate's); evidence that expired before the period begins must be replaced.
	ValidUntil string `yaml:"valid_until,omitempty" json:"valid_until,omitempty"`
}

// Target is a bound the plan sets for a field's value: Op is one of >=, >, <=, <, and Value a
// decimal in the field's own units (a ratio's 0.015 for 1.5%).
type Target struct {
	Op    string `yaml:"op" json:"op"`
	Value string `yaml:"value" json:"value"`
}

// Display and capture settings of a field.
const (
	DisplayPercent     = "percent"
	CaptureEnvironment = "environment"
	CaptureUser        = "user"
)

// Option is one choice of a single_choice or multi_choice field. Value is what is stored.
type Option struct {
	Value   string `yaml:"value" json:"value"`
	Label   string `yaml:"label" json:"label"`
	LabelEn string `yaml:"label_en,omitempty" json:"label_en,omitempty"`
}

// Check is a cross-field rule. Rule must be truthy for the data to pass; an error blocks submission,
// a warning only asks the filler to double-check.
type Check struct {
	Key       string   `yaml:"key" json:"key"`
	Rule      any      `yaml:"rule" json:"rule"`
	Severity  Severity `yaml:"severity" json:"severity"`
	Message   string   `yaml:"message" json:"message"`
	MessageEn string   `yaml:"message_en,omitempty" json:"message_en,omitempty"`
	// Fields are where the message is shown; none means the form as a whole.
	Fields []string `yaml:"fields,omitempty" json:"fields,omitempty"`
}

// FieldType is the kind of value a field holds; it fixes the value's canonical representation.
type FieldType string

// The field types.
const (
	TypeInteger      FieldType = "integer"       // int64
	TypeDecimal      FieldType = "decimal"       // string with Scale places, "12.50"
	TypeMoney        FieldType = "money"         // string with 2 places, "1234.50" (yuan)
	TypePercent      FieldType = "percent"       // string in percent units with Scale places, "12.50" = 12.5%
	TypeBoolean      FieldType = "boolean"       // bool
	TypeSingleChoice FieldType = "single_choice" // string, an option value
	TypeMultiChoice  FieldType = "multi_choice"  // []string of option values, in option order
	TypeText         FieldType = "text"          // string
	TypeDate         FieldType = "date"          // "YYYY-MM-DD"
	TypeRepeat       FieldType = "repeat"        // []map[string]any, one map per row
	TypeAttachment   FieldType = "attachment"    // []any of {id, name, size, content_type}
)

// Valid reports whether t is a known field type.
func (t FieldType) Valid() bool {
	switch t {
	case TypeInteger, TypeDecimal, TypeMoney, TypePercent, TypeBoolean, TypeSingleChoice, TypeMultiChoice, TypeText, TypeDate, TypeRepeat, TypeAttachment:
		return true
	}
	return false
}

// Numeric reports whether values of type t are numbers (and become numeric facts).
func (t FieldType) Numeric() bool {
	return t == TypeInteger || t == TypeDecimal || t == TypeMoney || t == TypePercent
}

// Severity says whether a failing check blocks submission.
type Severity string

// The check severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Defaults that Parse writes into a schema, so that the served schema is explicit for the browser.
const (
	DefaultScale     = 2
	DefaultMaxSizeMB = 10
	DefaultMaxLength = 2000
)

// defaultAccept is the attachment MIME types accepted when a field lists none.
var defaultAccept = []string{"image/jpeg", "image/png", "application/pdf"}

// ValidOrgType reports whether t is an org unit type forms can be addressed to.
func ValidOrgType(t string) bool { return vocab.OrgType(t).Valid() }

// AppliesTo reports whether orgs of type orgType report this form.
func (f *Form) AppliesTo(orgType string) bool {
	for _, t := range f.OrgTypes {
		if t == orgType {
			return true
		}
	}
	return false
}

// Field returns the top-level field with the given key.
func (f *Form) Field(key string) (*Field, bool) {
	for i := range f.Fields {
		if f.Fields[i].Key == key {
			return &f.Fields[i], true
		}
	}
	return nil, false
}

// Computed reports whether the field's value is calculated rather than entered.
func (fd *Field) Computed() bool { return fd.Calculate != nil }

// scale is the number of decimal places the field's values carry.
func (fd *Field) scale() int32 {
	switch {
	case fd.Type == TypeMoney:
		return 2
	case fd.Type == TypeInteger:
		return 0
	case fd.Scale > 0:
		return int32(fd.Scale)
	}
	return DefaultScale
}

// accept is the field's attachment MIME types, defaulted.
func (fd *Field) accept() []string {
	if len(fd.Accept) > 0 {
		return fd.Accept
	}
	return defaultAccept
}

// maxSizeBytes is the largest attachment accepted, defaulted.
func (fd *Field) maxSizeBytes() int64 {
	mb := fd.MaxSizeMB
	if mb <= 0 {
		mb = DefaultMaxSizeMB
	}
	return int64(mb) << 20
}

// maxLength is the longest text accepted, in characters, defaulted.
func (fd *Field) maxLength() int {
	if fd.MaxLength > 0 {
		return fd.MaxLength
	}
	return DefaultMaxLength
}

// option finds a choice by value.
func (fd *Field) option(value string) bool {
	for _, o := range fd.Options {
		if o.Value == value {
			return true
		}
	}
	return false
}
