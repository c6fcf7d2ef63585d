package form

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/tianbao-edu/tianbao/backend/errs"
)

// Limits on what a schema may declare.
var (
	codePattern = regexp.MustCompile(`^[a-z][a-z0-9-]{1,40}$`)
	keyPattern  = regexp.MustCompile(`^[a-z][a-z0-9_]{0,40}$`)
	mimePattern = regexp.MustCompile(`^[a-z]+/[a-z0-9.+-]+$`)
)

const (
	maxScaleDigits  = 10
	maxAttachmentMB = 100
	maxOrgTypes     = 32
	maxTextLength   = 100000
	maxOptionLength = 64
)

// Validate checks the schema and returns every problem found, each at a path into the schema such as
// "fields[3].options" or "checks[0].rule", or nil when the schema is sound.
func (f *Form) Validate() *errs.ValidationError {
	v := &errs.ValidationError{}
	if !codePattern.MatchString(f.Code) {
		v.Add("code", "invalid_code", "code must match ^[a-z][a-z0-9-]{1,40}$")
	}
	if f.Version < 1 {
		v.Add("version", "invalid_version", "version must be 1 or more")
	}
	if strings.TrimSpace(f.Title) == "" {
		v.Add("title", "required", "title is required")
	}
	if !f.PeriodType.Valid() {
		v.Add("period_type", "invalid_period_type", "period_type must be year, half, quarter or month")
	}
	if len(f.OrgTypes) == 0 {
		v.Add("org_types", "required", "at least one org type must report this form")
	}
	if errs.CheckList(v, "org_types", f.OrgTypes, maxOrgTypes) {
		for i, t := range f.OrgTypes {
			if !ValidOrgType(t) {
				v.Add(fmt.Sprintf("org_types[%d]", i), "invalid_org_type", fmt.Sprintf("unknown org type %q", t))
			}
		}
	}
	if len(f.Fields) == 0 {
		v.Add("fields", "required", "a form needs at least one field")
	}
	f.validateFields(f.Fields, "fields", false, v)
	for i := range f.Fields {
		fd := &f.Fields[i]
		path := fmt.Sprintf("fields[%d]", i)
		if fd.Relevant != nil {
			f.checkRule(fd.Relevant, path+".relevant", v)
		}
		if fd.Calculate != nil {
			f.checkRule(fd.Calculate, path+".calculate", v)
		}
	}
	_, cyclic := f.calcOrder()
	for _, i := range cyclic {
		v.Add(fmt.Sprintf("fields[%d].calculate", i), "cycle", "the calculation depends on itself")
	}
	f.validateChecks(v)
	f.validateCarry(v)
	f.validateTests(v)
	if len(v.Fields) == 0 {
		return nil
	}
	return v
}

// validateFields checks a list of fields: the form's, or the columns of a repeat group (inRepeat).
func (f *Form) validateFields(fs []Field, base string, inRepeat bool, v *errs.ValidationError) {
	seen := map[string]bool{}
	for i := range fs {
		fd := &fs[i]
		path := fmt.Sprintf("%s[%d]", base, i)
		switch {
		case !keyPattern.MatchString(fd.Key):
			v.Add(path+".key", "invalid_key", "key must match ^[a-z][a-z0-9_]{0,40}$")
		case seen[fd.Key]:
			v.Add(path+".key", "duplicate_key", fmt.Sprintf("key %q is used twice", fd.Key))
		}
		seen[fd.Key] = true
		if strings.TrimSpace(fd.Label) == "" {
			v.Add(path+".label", "required", "label is required")
		}
		if !fd.Type.Valid() {
			v.Add(path+".type", "invalid_type", fmt.Sprintf("unknown field type %q", fd.Type))
			continue
		}
		validateField(fd, path, v)
		if inRepeat {
			if fd.Type == TypeRepeat {
				v.Add(path+".type", "not_supported", "repeat groups cannot be nested")
			}
			if fd.Relevant != nil {
				v.Add(path+".relevant", "not_supported", "columns of a repeat group cannot have relevant rules")
			}
			if fd.Calculate != nil {
				v.Add(path+".calculate", "not_supported", "columns of a repeat group cannot be calculated")
			}
			continue
		}
		if fd.Type == TypeRepeat {
			if len(fd.Fields) == 0 {
				v.Add(path+".fields", "required", "a repeat group needs at least one column")
			}
			f.validateFields(fd.Fields, path+".fields", true, v)
		}
	}
}

// validateField checks the settings of one field against its type.
func validateField(fd *Field, path string, v *errs.ValidationError) {
	notFor := func(set bool, name string) {
		if set {
			v.Add(path+"."+name, "not_allowed", fmt.Sprintf("%s does not apply to %s fields", name, fd.Type))
		}
	}
	choice := fd.Type == TypeSingleChoice || fd.Type == TypeMultiChoice
	notFor(!choice && len(fd.Options) > 0, "options")
	notFor(!fd.Type.Numeric() && fd.Min != nil, "min")
	notFor(!fd.Type.Numeric() && fd.Max != nil, "max")
	notFor(fd.Type != TypeDecimal && fd.Type != TypePercent && fd.Type != TypeMoney && fd.Scale != 0, "scale")
	notFor(fd.Type != TypeRepeat && len(fd.Fields) > 0, "fields")
	notFor(fd.Type != TypeRepeat && (fd.MinRows != 0 || fd.MaxRows != 0), "min_rows")
	notFor(fd.Type != TypeAttachment && (len(fd.Accept) > 0 || fd.MaxSizeMB != 0), "accept")
	notFor(fd.Type != TypeText && fd.MaxLength != 0, "max_length")
	if fd.Calculate != nil {
		switch fd.Type {
		case TypeRepeat, TypeAttachment, TypeMultiChoice:
			v.Add(path+".calculate", "not_supported", fmt.Sprintf("%s fields cannot be calculated", fd.Type))
		}
	}
	if choice {
		validateOptions(fd, path, v)
	}
	if fd.Type.Numeric() {
		lo := parseBound(fd.Min, path+".min", v)
		hi := parseBound(fd.Max, path+".max", v)
		if lo != nil && hi != nil && lo.GreaterThan(*hi) {
			v.Add(path+".min", "min_exceeds_max", "min is greater than max")
		}
	}
	switch {
	case fd.Type == TypeMoney && fd.Scale != 0 && fd.Scale != 2:
		v.Add(path+".scale", "invalid_scale", "money always has 2 decimal places")
	case fd.Scale < 0 || fd.Scale > maxScaleDigits:
		v.Add(path+".scale", "invalid_scale", fmt.Sprintf("scale must be between 0 and %d", maxScaleDigits))
	}
	if fd.MinRows < 0 || fd.MaxRows < 0 || (fd.MaxRows > 0 && fd.MinRows > fd.MaxRows) {
		v.Add(path+".min_rows", "min_exceeds_max", "min_rows must be between 0 and max_rows")
	}
	if fd.MaxSizeMB < 0 || fd.MaxSizeMB > maxAttachmentMB {
		v.Add(path+".max_size_mb", "invalid_max_size", fmt.Sprintf("max_size_mb must be between 1 and %d", maxAttachmentMB))
	}
	for j, m := range fd.Accept {
		if !mimePattern.MatchString(m) {
			v.Add(fmt.Sprintf("%s.accept[%d]", path, j), "invalid_mime_type", fmt.Sprintf("%q is not a MIME type", m))
		}
	}
	validateDisplay(fd, path, v)
	if fd.MaxLength < 0 || fd.MaxLength > maxTextLength {
		v.Add(path+".max_length", "invalid_max_length", fmt.Sprintf("max_length must be between 1 and %d", maxTextLength))
	}
}

// validateDisplay checks the settings that only change how a field reads or is captured.
func validateDisplay(fd *Field, path string, v *errs.ValidationError) {
	if fd.UnitEn != "" && fd.Unit == "" {
		v.Add(path+".unit_en", "not_allowed", "unit_en needs a unit")
	}
	if fd.Display != "" && (fd.Display != DisplayPercent || fd.Type != TypeDecimal) {
		v.Add(path+".display", "invalid_display", "display may only be percent, on a decimal field")
	}
	if t := fd.Target; t != nil {
		switch {
		case !fd.Type.Numeric():
			v.Add(path+".target", "not_allowed", fmt.Sprintf("target does not apply to %s fields", fd.Type))
		case t.Op != ">=" && t.Op != ">" && t.Op != "<=" && t.Op != "<":
			v.Add(path+".target.op", "invalid_op", "target op must be >=, >, <= or <")
		}
		val := t.Value
		parseBound(&val, path+".target.value", v)
	}
	if fd.Capture != "" && (fd.Type != TypeAttachment || (fd.Capture != CaptureEnvironment && fd.Capture != CaptureUser)) {
		v.Add(path+".capture", "invalid_capture", "capture may only be environment or user, on an attachment field")
	}
	if fd.KeepOriginal && fd.Type != TypeAttachment {
		v.Add(path+".keep_original", "not_allowed", fmt.Sprintf("keep_original does not apply to %s fields", fd.Type))
	}
}

func validateOptions(fd *Field, path string, v *errs.ValidationError) {
	if len(fd.Options) == 0 {
		v.Add(path+".options", "options_required", "a choice field needs options")
	}
	seen := map[string]bool{}
	for j, o := range fd.Options {
		op := fmt.Sprintf("%s.options[%d]", path, j)
		switch {
		case o.Value == "" || len(o.Value) > maxOptionLength:
			v.Add(op+".value", "required", fmt.Sprintf("option value must be 1 to %d characters", maxOptionLength))
		case seen[o.Value]:
			v.Add(op+".value", "duplicate_option", fmt.Sprintf("option %q is listed twice", o.Value))
		}
		seen[o.Value] = true
		if strings.TrimSpace(o.Label) == "" {
			v.Add(op+".label", "required", "option label is required")
		}
	}
}

// parseBound reads a min or max; nil when absent, unreadable or outside ±10^MaxMagnitudeExp
// (each reported): a form may narrow the representable range of its numbers, never widen it.
func parseBound(s *string, path string, v *errs.ValidationError) *decimal.Decimal {
	if s == nil {
		return nil
	}
	x, ok := readLiteral(trimSpace(*s))
	if !ok {
		v.Add(path, "invalid_number", fmt.Sprintf("%q is not a number", *s))
		return nil
	}
	if x.places() > maxScale {
		v.Add(path, "invalid_number", fmt.Sprintf("%q has more than %d decimal places", *s, maxScale))
		return nil
	}
	if x.huge() {
		v.Add(path, "out_of_range", outOfRangeMessage(path))
		return nil
	}
	d := x.decimal()
	if !representable(d) {
		v.Add(path, "out_of_range", outOfRangeMessage(path))
		return nil
	}
	return &d
}

func outOfRangeMessage(path string) string {
	name := path[strings.LastIndexByte(path, '.')+1:]
	return fmt.Sprintf("%s must be between %s and %s: numbers are stored with at most %d digits before the point",
		name, maxMagnitude.Neg(), maxMagnitude, MaxMagnitudeExp+1)
}

func (f *Form) validateChecks(v *errs.ValidationError) {
	fields := fieldMap(f.Fields)
	seen := map[string]bool{}
	for i := range f.Checks {
		c := &f.Checks[i]
		path := fmt.Sprintf("checks[%d]", i)
		switch {
		case !keyPattern.MatchString(c.Key):
			v.Add(path+".key", "invalid_key", "key must match ^[a-z][a-z0-9_]{0,40}$")
		case seen[c.Key]:
			v.Add(path+".key", "duplicate_key", fmt.Sprintf("check key %q is used twice", c.Key))
		}
		seen[c.Key] = true
		if c.Rule == nil {
			v.Add(path+".rule", "required", "a check needs a rule")
		} else {
			f.checkRule(c.Rule, path+".rule", v)
		}
		if c.Severity != SeverityError && c.Severity != SeverityWarning {
			v.Add(path+".severity", "invalid_severity", "severity must be error or warning")
		}
		if strings.TrimSpace(c.Message) == "" {
			v.Add(path+".message", "required", "a check needs a message")
		}
		for j, key := range c.Fields {
			if fields[key] == nil {
				v.Add(fmt.Sprintf("%s.fields[%d]", path, j), "unknown_field", fmt.Sprintf("%q is not a field of this form", key))
			}
		}
	}
}
