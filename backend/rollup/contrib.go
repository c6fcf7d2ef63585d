package rollup

import (
	"github.com/shopspring/decimal"

	"github.com/tianbao-edu/tianbao/backend/form"
)

// contribution is what one org adds to one indicator: amounts are scaled by 10^4 (a counted
// org adds 1 × 10^4), and the per-org check's outcome and value when the indicator has one.
type contribution struct {
	NumE4, DenE4 int64
	NumN, DenN   int // 1 when the org has a value for that side (averages divide by these)
	Pass, Fail   int
	ValueE4      *int64
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

// amountE4 evaluates one aggregation over a single org's facts; n is 1 when the org has a
// value for it.
func amountE4(a *Agg, facts []form.Fact) (amount int64, n int) {
	for _, c := range a.Where {
		if !holds(facts, c) {
			return 0, 0
		}
	}
	switch a.Agg {
	case AggSum, AggAvg:
		var sum decimal.Decimal
		for _, f := range facts {
			for _, k := range a.Fields {
				if f.Field == k && f.Num != nil {
					sum, n = sum.Add(*f.Num), 1
				}
			}
		}
		return scaled(sum), n
	}
	return scaled(decimal.NewFromInt(1)), 1 // count and count_where: this org counts once
}

// contribute computes an org's contribution to an indicator from its facts.
func contribute(in *Indicator, facts []form.Fact) contribution {
	var c contribution
	c.NumE4, c.NumN = amountE4(&in.Numerator, facts)
	if in.Denominator != nil {
		c.DenE4, c.DenN = amountE4(in.Denominator, facts)
	}
	if p := in.PerOrg; p != nil {
		for _, f := range facts {
			if f.Field == p.Field && f.Num != nil {
				v := scaled(*f.Num)
				c.ValueE4 = &v
				if cmp(*f.Num, p.Op, p.Value) {
					c.Pass = 1
				} else {
					c.Fail = 1
				}
				break
			}
		}
	}
	return c
}
