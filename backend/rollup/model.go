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
)

// Aggregation kinds.
const (
	AggSum        = "sum"
	AggCount      = "count"
	AggCountWhere = "count_where"
	AggAvg        = "avg"
)

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
	Op        string           `yaml:"op"` // >=, <=, =, between
	Value     decimal.Decimal  `yaml:"-"`
	Value2    *decimal.Decimal `yaml:"-"`
	Year      int              `yaml:"year"`
	RawValue  string           `yaml:"value"`
	RawValue2 string           `yaml:"value2"`
}

// PerOrg is a check each org must pass on its own (e.g. a school's training ratio >= 1.5%).
type PerOrg struct {
	Field string          `yaml:"field"`
	Op    string          `yaml:"op"`
	Value decimal.Decimal `yaml:"-"`
	Raw   string          `yaml:"value"`
}

// Indicator is one target of the plan with how to compute it.
type Indicator struct {
	Code        string   `yaml:"code"`
	Name        string   `yaml:"name"`
	NameEn      string   `yaml:"name_en"`
	Section     string   `yaml:"section"`
	Unit        string   `yaml:"unit"` // percent, count, yuan, ratio
	Form        string   `yaml:"form"`
	OrgTypes    []string `yaml:"org_types"`
	Numerator   Agg      `yaml:"numerator"`
	Denominator *Agg     `yaml:"denominator"`
	PerOrg      *PerOrg  `yaml:"per_org"`
	Target      Target   `yaml:"target"`
}

var (
	codeRE  = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$`)
	compare = map[string]string{"eq": "=", "ne": "<>", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}
	units   = map[string]bool{"percent": true, "count": true, "yuan": true, "ratio": true}
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
			v.Add(at+".unit", "invalid_unit", "unit must be percent, count, yuan or ratio")
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
		if p := in.PerOrg; p != nil {
			if !fields[p.Field] {
				v.Add(at+".per_org.field", "unknown_field", "no such field "+p.Field)
			}
			if compare[p.Op] == "" {
				v.Add(at+".per_org.op", "invalid_op", "op must be eq, ne, gt, ge, lt or le")
			}
			d, err := decimal.NewFromString(p.Raw)
			if err != nil {
				v.Add(at+".per_org.value", "invalid_number", "value must be a number")
			}
			p.Value = d
		}
		t := &in.Target
		d, err := decimal.NewFromString(t.RawValue)
		if err != nil {
			v.Add(at+".target.value", "invalid_number", "target value must be a number")
		}
		t.Value = d
		switch t.Op {
		case ">=", "<=", "=":
		case "between":
			d2, err := decimal.NewFromString(t.RawValue2)
			if err != nil || d2.LessThan(d) {
				v.Add(at+".target.value2", "invalid_number", "between needs value2 >= value")
			}
			t.Value2 = &d2
		default:
			v.Add(at+".target.op", "invalid_op", "op must be >=, <=, = or between")
		}
	}
	return ins, v.OrNil()
}

func checkAgg(v *errs.ValidationError, at string, a *Agg, fields map[string]bool) {
	switch a.Agg {
	case AggSum, AggAvg:
		if len(a.Fields) == 0 || (a.Agg == AggAvg && len(a.Fields) != 1) {
			v.Add(at+".fields", "required", "sum needs fields, avg exactly one")
		}
	case AggCount:
	case AggCountWhere:
		if len(a.Where) == 0 {
			v.Add(at+".where", "required", "count_where needs conditions")
		}
	default:
		v.Add(at+".agg", "invalid_agg", "agg must be sum, count, count_where or avg")
	}
	for _, f := range a.Fields {
		if !fields[f] {
			v.Add(at+".fields", "unknown_field", "no such field "+f)
		}
	}
	for j := range a.Where {
		c := &a.Where[j]
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
