// Package rollup answers "where does the district stand on every target of the plan?". Each
// indicator (seeds/indicators.yaml) is a numerator and an optional denominator aggregated by the
// database over the fact table that submissions keep in step, held against a target. Go code
// never loads rows to add them up: it divides two sums and compares with the target.
package rollup

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Aggregation kinds.
const (
	AggSum        = "sum"
	AggCount      = "count"
	AggCountWhere = "count_where"
	AggAvg        = "avg"
	// AggExpected is the number of orgs expected to report (the campaign's target orgs of the
	// indicator's org types): the denominator of every coverage target ("every school has X"),
	// so orgs that have not reported count against it instead of vanishing from it.
	AggExpected = "expected"
)

// DefaultMinCompleteness is the share of expected orgs that must have reported before an
// indicator is judged at all; below it the status is insufficient_data.
var DefaultMinCompleteness = decimal.RequireFromString("0.9")

// Cond is one condition on an org's fact: a comparison on a number (booleans are 1/0) or
// membership of a choice value.
type Cond struct {
	Field string          `yaml:"field"`
	Op    string          `yaml:"op"`
	Value decimal.Decimal `yaml:"-"`
	In    []string        `yaml:"in"`
	Raw   string          `yaml:"value"`
}

// Agg is one aggregation over the facts of a form.
type Agg struct {
	Agg    string   `yaml:"agg"`
	Fields []string `yaml:"fields"`
	Where  []Cond   `yaml:"where"`
}

// Target is what the plan asks for.
type Target struct {
	Op        string           `yaml:"op"` // >=, <=, =, between, rising (above the previous period)
	Value     decimal.Decimal  `yaml:"-"`
	Value2    *decimal.Decimal `yaml:"-"`
	Year      int              `yaml:"year"`
	RawValue  string           `yaml:"value"`
	RawValue2 string           `yaml:"value2"`
}

// PerOrg is a check each org must pass on its own. It takes one of three shapes, all compared
// on the exact decimals the org entered, never on a rounded ratio:
//   - field op value:                    mental_health_teachers >= 1
//   - sum(numerator) op value × sum(denominator): training_spend >= 0.015 × payroll_total
//   - where: every condition holds       meets_scale = 1 and classes_over_standard_total = 0
type PerOrg struct {
	Field       string          `yaml:"field"`
	Numerator   []string        `yaml:"numerator"`
	Denominator []string        `yaml:"denominator"`
	Where       []Cond          `yaml:"where"`
	Op          string          `yaml:"op"`
	Value       decimal.Decimal `yaml:"-"`
	Raw         string          `yaml:"value"`
}

// Indicator is one target of the plan with how to compute it.
type Indicator struct {
	Code    string `yaml:"code"`
	Name    string `yaml:"name"`
	NameEn  string `yaml:"name_en"`
	Section string `yaml:"section"`
	// Plan quotes the plan's own words for the target, so a reader can hold the figure to them.
	Plan string `yaml:"plan"`
	// PlanEn is the plan's words in English (the UI shows it in English mode).
	PlanEn string `yaml:"plan_en"`
	Unit   string `yaml:"unit"` // percent, count, yuan, ratio, area
	Form   string `yaml:"form"`
	// AppliesTo names the org-type set (vocab.OrgTypeSets) the plan's wording covers; it decides who
	// is expected to report and whose figures count. OrgTypes is that set resolved.
	AppliesTo string   `yaml:"applies_to"`
	OrgTypes  []string `yaml:"-"`
	// DenominatorRule says, in a sentence, why these orgs are the ones counted.
	DenominatorRule string `yaml:"denominator_rule"`
	// DenominatorRuleEn is DenominatorRule in English.
	DenominatorRuleEn string  `yaml:"denominator_rule_en"`
	Numerator         Agg     `yaml:"numerator"`
	Denominator       *Agg    `yaml:"denominator"`
	PerOrg            *PerOrg `yaml:"per_org"`
	// EveryOrg marks a target the plan demands of each org: it is met only when the aggregate
	// meets it and no expected org fails the per-org check.
	EveryOrg bool `yaml:"every_org"`
	// MinCompleteness is the share of expected orgs that must have reported before the
	// indicator is judged (default 0.9).
	MinCompleteness    decimal.Decimal `yaml:"-"`
	RawMinCompleteness string          `yaml:"min_completeness"`
	Target             Target          `yaml:"target"`
	// Measures lists the plan's measures (二、工作举措 1–20) this indicator evidences.
	Measures []int `yaml:"measures"`
}

// DistrictOnly reports whether the target is an absolute district figure (30 sports specialist
// schools, 150,000 students): a town or a school contributes to it but is not judged against it.
func (in *Indicator) DistrictOnly() bool { return in.Denominator == nil && in.Numerator.Agg != AggAvg }

var (
	codeRE  = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$`)
	compare = map[string]string{"eq": "=", "ne": "<>", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}
	units   = map[string]bool{"percent": true, "count": true, "yuan": true, "ratio": true, "area": true}
)

// Parse reads and validates an indicators file. fieldsOf returns the fact fields a form
// provides (nil when the form does not exist), so a typo in a field name fails at start-up.
func Parse(data []byte, fieldsOf func(form string) map[string]bool) ([]Indicator, error) {
	var ins []Indicator
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&ins); err != nil {
		return nil, fmt.Errorf("indicators: %w", err)
	}
	v := &errs.ValidationError{Code: "invalid_indicators"}
	seen := map[string]bool{}
	for i := range ins {
		in := &ins[i]
		at := fmt.Sprintf("[%d]", i)
		if !codeRE.MatchString(in.Code) || seen[in.Code] {
			v.Add(at+".code", "invalid_code", "missing, malformed or duplicate code "+in.Code)
		}
		seen[in.Code] = true
		if in.Name == "" {
			v.Add(at+".name", "required", "name is required")
		}
		if !units[in.Unit] {
			v.Add(at+".unit", "invalid_unit", "unit must be percent, count, yuan, ratio or area")
		}
		if in.AppliesTo != "" {
			set, ok := vocab.OrgTypeSets[in.AppliesTo]
			if !ok {
				v.Add(at+".applies_to", "invalid_applies_to", "no such org-type set "+in.AppliesTo)
			}
			in.OrgTypes = make([]string, len(set))
			for j, t := range set {
				in.OrgTypes[j] = string(t)
			}
		}
		in.MinCompleteness = DefaultMinCompleteness
		if in.RawMinCompleteness != "" {
			d, err := decimal.NewFromString(in.RawMinCompleteness)
			if err != nil || d.IsNegative() || d.GreaterThan(decimal.NewFromInt(1)) {
				v.Add(at+".min_completeness", "invalid_number", "min_completeness must be a share between 0 and 1")
			}
			in.MinCompleteness = d
		}
		for _, m := range in.Measures {
			if m < 1 || m > 20 {
				v.Add(at+".measures", "invalid_measure", "the plan has measures 1 to 20")
			}
		}
		fields := fieldsOf(in.Form)
		if fields == nil {
			v.Add(at+".form", "unknown_form", "no such form "+in.Form)
			continue
		}
		checkAgg(v, at+".numerator", &in.Numerator, fields)
		if in.Denominator != nil {
			checkAgg(v, at+".denominator", in.Denominator, fields)
		}
		if in.Denominator != nil && in.Denominator.Agg == AggExpected && len(in.Denominator.Where) > 0 {
			v.Add(at+".denominator.where", "invalid_where", "the expected orgs take no conditions")
		}
		if in.Numerator.Agg == AggExpected {
			v.Add(at+".numerator.agg", "invalid_agg", "expected is a denominator only")
		}
		if p := in.PerOrg; p != nil {
			checkPerOrg(v, at+".per_org", p, fields)
		} else if in.EveryOrg {
			v.Add(at+".every_org", "required", "a target for every org needs a per_org check")
		}
		t := &in.Target
		d, err := decimal.NewFromString(t.RawValue)
		if err != nil {
			v.Add(at+".target.value", "invalid_number", "target value must be a number")
		}
		t.Value = d
		switch t.Op {
		case ">=", "<=", "=", "rising":
		case "between":
			d2, err := decimal.NewFromString(t.RawValue2)
			if err != nil || d2.LessThan(d) {
				v.Add(at+".target.value2", "invalid_number", "between needs value2 >= value")
			}
			t.Value2 = &d2
		default:
			v.Add(at+".target.op", "invalid_op", "op must be >=, <=, =, between or rising")
		}
	}
	return ins, v.OrNil()
}

// checkPerOrg validates one of the three per-org check shapes.
func checkPerOrg(v *errs.ValidationError, at string, p *PerOrg, fields map[string]bool) {
	shapes := 0
	if p.Field != "" {
		shapes++
		if !fields[p.Field] {
			v.Add(at+".field", "unknown_field", "no such field "+p.Field)
		}
	}
	if len(p.Numerator) > 0 || len(p.Denominator) > 0 {
		shapes++
		if len(p.Numerator) == 0 || len(p.Denominator) == 0 {
			v.Add(at+".denominator", "required", "a ratio check needs numerator and denominator fields")
		}
		for _, f := range append(append([]string{}, p.Numerator...), p.Denominator...) {
			if !fields[f] {
				v.Add(at+".numerator", "unknown_field", "no such field "+f)
			}
		}
	}
	if len(p.Where) > 0 {
		checkConds(v, at, p.Where, fields)
		if shapes > 0 {
			v.Add(at, "invalid_per_org", "per_org takes exactly one of field, numerator/denominator or where")
		}
		return
	}
	if shapes != 1 {
		v.Add(at, "invalid_per_org", "per_org takes exactly one of field, numerator/denominator or where")
		return
	}
	if compare[p.Op] == "" {
		v.Add(at+".op", "invalid_op", "op must be eq, ne, gt, ge, lt or le")
	}
	d, err := decimal.NewFromString(p.Raw)
	if err != nil {
		v.Add(at+".value", "invalid_number", "value must be a number")
	}
	p.Value = d
}

func checkAgg(v *errs.ValidationError, at string, a *Agg, fields map[string]bool) {
	switch a.Agg {
	case AggSum, AggAvg:
		if len(a.Fields) == 0 || (a.Agg == AggAvg && len(a.Fields) != 1) {
			v.Add(at+".fields", "required", "sum needs fields, avg exactly one")
		}
	case AggCount, AggExpected:
	case AggCountWhere:
		if len(a.Where) == 0 {
			v.Add(at+".where", "required", "count_where needs conditions")
		}
	default:
		v.Add(at+".agg", "invalid_agg", "agg must be sum, count, count_where, avg or expected")
	}
	for _, f := range a.Fields {
		if !fields[f] {
			v.Add(at+".fields", "unknown_field", "no such field "+f)
		}
	}
	checkConds(v, at, a.Where, fields)
}

func checkConds(v *errs.ValidationError, at string, where []Cond, fields map[string]bool) {
	for j := range where {
		c := &where[j]
		cat := fmt.Sprintf("%s.where[%d]", at, j)
		if !fields[c.Field] {
			v.Add(cat+".field", "unknown_field", "no such field "+c.Field)
		}
		if len(c.In) > 0 {
			continue
		}
		if compare[c.Op] == "" {
			v.Add(cat+".op", "invalid_op", "op must be eq, ne, gt, ge, lt or le, or give in")
		}
		d, err := decimal.NewFromString(c.Raw)
		if err != nil {
			v.Add(cat+".value", "invalid_number", "value must be a number")
		}
		c.Value = d
	}
}
