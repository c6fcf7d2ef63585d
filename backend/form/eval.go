package form

import (
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Result is a form evaluated over a set of values: what is stored, what is shown, and what is wrong.
type Result struct {
	// Values are the normalised values without hidden fields, with computed fields that have a value.
	Values map[string]any `json:"values"`
	// Computed holds every visible computed field, nil when its rule gave no number (e.g. 0 payroll).
	Computed map[string]any `json:"computed"`
	// Hidden are the keys of fields whose relevant rule is false, sorted.
	Hidden []string `json:"hidden"`
	// Errors block submission; Warnings ask the filler to double-check.
	Errors   []Issue `json:"errors"`
	Warnings []Issue `json:"warnings"`
}

// Issue is one error or warning at one field ("" for the form as a whole). Code is "required", a
// normalisation code such as "too_many_decimals", or the key of the failing check.
type Issue struct {
	Field     string `json:"field"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	MessageEn string `json:"message_en"`
	// YoY marks an issue of a check that reads previous-period values (a year-over-year check);
	// the reviewer's queue lists submissions with such warnings first.
	YoY bool `json:"yoy,omitempty"`
}

// Evaluate runs the form over a draft: normalise; calculate computed fields in dependency order;
// evaluate relevant rules (all against the same data) and drop hidden fields; require required
// visible fields; run the checks against the visible values. Rules see numbers as numbers (money
// "1234.50" is the number 1234.5) and a computed value rounded to its field's scale.
func (f *Form) Evaluate(values map[string]any) Result { return f.EvaluatePrev(values, nil) }

// EvaluatePrev is Evaluate with the same org's previous-period approved values, which rules read
// as prev.<field> (normalised like the values; fields the form no longer has are left out). A nil
// prev, or a field absent from it, reads as null.
func (f *Form) EvaluatePrev(values, prev map[string]any) Result {
	norm, probs := f.normalize(values)
	res := Result{Values: norm, Computed: map[string]any{}, Hidden: []string{}, Errors: []Issue{}, Warnings: []Issue{}}
	data := ruleData(f.Fields, norm)
	if prev != nil {
		pn, _ := f.normalize(prev)
		data[PrevVar] = ruleData(f.Fields, pn)
	}

	order, _ := f.calcOrder()
	for _, i := range order {
		fd := &f.Fields[i]
		out, err := Apply(fd.Calculate, data)
		num, canon := computedValue(fd, out, err)
		if canon == nil {
			continue
		}
		data[fd.Key] = num
		res.Computed[fd.Key] = canon
	}
	for i := range f.Fields {
		fd := &f.Fields[i]
		if fd.Computed() {
			if _, ok := res.Computed[fd.Key]; !ok {
				res.Computed[fd.Key] = nil
			}
		}
	}

	hidden := map[string]bool{}
	for i := range f.Fields {
		fd := &f.Fields[i]
		if fd.Relevant == nil {
			continue
		}
		if out, err := Apply(fd.Relevant, data); err != nil || !truthy(out) {
			hidden[fd.Key] = true
			res.Hidden = append(res.Hidden, fd.Key)
		}
	}
	sort.Strings(res.Hidden)
	for key := range hidden {
		delete(res.Values, key)
		delete(res.Computed, key)
		delete(data, key)
	}
	for key, v := range res.Computed {
		if v != nil {
			res.Values[key] = v
		}
	}

	for _, p := range probs {
		if !hidden[topKey(p.field)] {
			res.Errors = append(res.Errors, Issue{Field: p.field, Code: p.code, Message: p.zh, MessageEn: p.en})
		}
	}
	res.Errors = append(res.Errors, f.required(res.Values, hidden)...)
	f.runChecks(data, hidden, &res)
	return res
}

// topKey is the top-level field of a value path: "grades" for "grades[1].classes".
func topKey(path string) string {
	if i := strings.IndexAny(path, "[."); i >= 0 {
		return path[:i]
	}
	return path
}

// ruleData is the values as rules see them: decimal, money and percent strings become numbers.
func ruleData(fs []Field, values map[string]any) map[string]any {
	data := make(map[string]any, len(values))
	for i := range fs {
		fd := &fs[i]
		v, ok := values[fd.Key]
		if !ok {
			continue
		}
		switch {
		case fd.Type == TypeDecimal || fd.Type == TypeMoney || fd.Type == TypePercent:
			if s, ok := v.(string); ok {
				if d, ok := parseNumberString(s); ok {
					v = d
				}
			}
		case fd.Type == TypeRepeat:
			rows, _ := v.([]map[string]any)
			list := make([]any, len(rows))
			for j, r := range rows {
				list[j] = ruleData(fd.Fields, r)
			}
			v = list
		case fd.Type == TypeMultiChoice:
			v, _ = asSlice(v)
		}
		data[fd.Key] = v
	}
	return data
}

// computedValue converts a calculate rule's result to the field's type: the value rules see next
// and the canonical value stored. Both are nil when the result is not a value of that type, or a
// number outside ±10^MaxMagnitudeExp.
func computedValue(fd *Field, out any, err error) (any, any) {
	if err != nil || out == nil {
		return nil, nil
	}
	switch fd.Type {
	case TypeRepeat, TypeAttachment, TypeMultiChoice: // rejected by Validate
		return nil, nil
	case TypeBoolean:
		b := truthy(out)
		return b, b
	case TypeText, TypeDate, TypeSingleChoice:
		if k := kindOf(out); k == kArray || k == kObject {
			return nil, nil
		}
		return jsString(out), jsString(out)
	}
	var d decimal.Decimal
	var ok bool
	switch kindOf(out) {
	case kNumber:
		d, ok = numberValue(out)
	case kString: // Number() of the text, except that blank text is no value rather than 0
		if s := out.(string); trimSpace(s) != "" {
			d, ok = stringToNumber(s)
		}
	}
	if !ok {
		return nil, nil
	}
	d = d.Round(fd.scale())
	if !representable(d) { // outside every numeric field's range: no value, like a division by zero
		return nil, nil
	}
	if fd.Type == TypeInteger {
		return d, d.IntPart()
	}
	return d, d.StringFixed(fd.scale())
}

// required reports empty required fields that are visible and entered (not computed), and repeat
// groups with too few rows or rows missing required columns.
func (f *Form) required(values map[string]any, hidden map[string]bool) []Issue {
	var out []Issue
	for i := range f.Fields {
		fd := &f.Fields[i]
		if fd.Computed() || hidden[fd.Key] {
			continue
		}
		v, has := values[fd.Key]
		if fd.Required && !has {
			out = append(out, requiredIssue(fd.Key))
			continue
		}
		if fd.Type != TypeRepeat || !has {
			continue
		}
		rows, _ := v.([]map[string]any)
		if len(rows) < fd.MinRows {
			out = append(out, Issue{Field: fd.Key, Code: "too_few_rows",
				Message: "行数不足", MessageEn: "not enough rows"})
		}
		for j, row := range rows {
			for k := range fd.Fields {
				col := &fd.Fields[k]
				if _, ok := row[col.Key]; col.Required && !ok {
					out = append(out, requiredIssue(fd.Key+"["+strconv.Itoa(j)+"]."+col.Key))
				}
			}
		}
	}
	return out
}

func requiredIssue(field string) Issue {
	return Issue{Field: field, Code: "required", Message: "此项为必填项", MessageEn: "this field is required"}
}

// runChecks adds an issue per failing check, at each of its visible fields (a check whose fields
// are all hidden is skipped), or at "" when the check names no field.
func (f *Form) runChecks(data map[string]any, hidden map[string]bool, res *Result) {
	for i := range f.Checks {
		c := &f.Checks[i]
		if out, err := Apply(c.Rule, data); err == nil && truthy(out) {
			continue
		}
		at := []string{}
		for _, key := range c.Fields {
			if !hidden[key] {
				at = append(at, key)
			}
		}
		if len(c.Fields) == 0 {
			at = append(at, "")
		}
		for _, key := range at {
			issue := Issue{Field: key, Code: c.Key, Message: c.Message, MessageEn: c.MessageEn, YoY: ReadsPrev(c.Rule)}
			if c.Severity == SeverityWarning {
				res.Warnings = append(res.Warnings, issue)
			} else {
				res.Errors = append(res.Errors, issue)
			}
		}
	}
}
