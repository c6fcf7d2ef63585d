package rollup

import (
	"github.com/shopspring/decimal"

	"github.com/tianbao-edu/tianbao/backend/form"
)

// ContributionVersion names the way contributions are computed from facts. Change it whenever
// that computation changes, so every database recomputes its contributions at the next start.
const ContributionVersion = "2: exact per-org checks, wide amounts"

// contribution is what one org adds to one indicator: exact decimal amounts (a counted org
// adds 1), and the per-org check's outcome and value when the indicator has one.
type contribution struct {
	Num, Den   decimal.Decimal
	NumN, DenN int // 1 when the org has a value for that side (averages divide by these)
	Pass, Fail int
	Value      *decimal.Decimal // the per-org figure shown in the failing list
}

// holds reports whether the org's facts meet c.
func holds(facts []form.Fact, c Cond) bool {
	for _, f := range facts {
		if f.Field != c.Field {
			continue
		}
		if len(c.In) > 0 {
			for _, v := range c.In {
				if f.Text == v {
					return true
				}
			}
			continue
		}
		if f.Num != nil && cmp(*f.Num, c.Op, c.Value) {
			return true
		}
	}
	return false
}

func holdsAll(facts []form.Fact, where []Cond) bool {
	for _, c := range where {
		if !holds(facts, c) {
			return false
		}
	}
	return true
}

func cmp(a decimal.Decimal, op string, b decimal.Decimal) bool {
	switch op {
	case "eq":
		return a.Equal(b)
	case "ne":
		return !a.Equal(b)
	case "gt":
		return a.GreaterThan(b)
	case "ge":
		return a.GreaterThanOrEqual(b)
	case "lt":
		return a.LessThan(b)
	case "le":
		return a.LessThanOrEqual(b)
	}
	return false
}

// sumFields adds the org's values of fields; ok is false when it has none of them.
func sumFields(facts []form.Fact, fields []string) (sum decimal.Decimal, ok bool) {
	for _, f := range facts {
		for _, k := range fields {
			if f.Field == k && f.Num != nil {
				sum, ok = sum.Add(*f.Num), true
			}
		}
	}
	return sum, ok
}

// amount evaluates one aggregation over a single org's facts; n is 1 when the org has a value
// for it.
func amount(a *Agg, facts []form.Fact) (decimal.Decimal, int) {
	if !holdsAll(facts, a.Where) {
		return decimal.Zero, 0
	}
	switch a.Agg {
	case AggSum, AggAvg:
		sum, ok := sumFields(facts, a.Fields)
		if !ok {
			return decimal.Zero, 0
		}
		return sum, 1
	case AggExpected:
		return decimal.Zero, 0 // the service divides by the expected orgs, not by anything an org reports
	}
	return decimal.NewFromInt(1), 1 // count and count_where: this org counts once
}

// check runs a per-org check on exact decimals. ok is false when the org lacks the figures
// the check reads (it then neither passes nor fails: it has not reported them).
func check(p *PerOrg, facts []form.Fact) (pass bool, value *decimal.Decimal, ok bool) {
	switch {
	case len(p.Where) > 0:
		return holdsAll(facts, p.Where), nil, true
	case p.Field != "":
		for _, f := range facts {
			if f.Field == p.Field && f.Num != nil {
				v := *f.Num
				return cmp(v, p.Op, p.Value), &v, true
			}
		}
		return false, nil, false
	}
	num, okN := sumFields(facts, p.Numerator)
	den, okD := sumFields(facts, p.Denominator)
	if !okN || !okD {
		return false, nil, false
	}
	// num op value × den, exactly: 14,950 against 0.015 × 1,000,000 = 15,000 fails.
	pass = cmp(num, p.Op, p.Value.Mul(den))
	if !den.IsZero() {
		r := num.DivRound(den, 8)
		value = &r
	}
	return pass, value, true
}

// contribute computes an org's contribution to an indicator from its facts.
func contribute(in *Indicator, facts []form.Fact) contribution {
	var c contribution
	c.Num, c.NumN = amount(&in.Numerator, facts)
	if in.Denominator != nil {
		c.Den, c.DenN = amount(in.Denominator, facts)
	}
	if p := in.PerOrg; p != nil {
		if pass, v, ok := check(p, facts); ok {
			c.Value = v
			if pass {
				c.Pass = 1
			} else {
				c.Fail = 1
			}
		}
	}
	return c
}
