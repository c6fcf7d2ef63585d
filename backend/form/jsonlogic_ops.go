package form

import (
	"strings"

	"github.com/shopspring/decimal"
)

// applyValueOp runs an operator whose arguments have all been evaluated.
func applyValueOp(op string, v []any) any {
	a, b := arg(v, 0), arg(v, 1)
	switch op {
	case "==":
		return looseEqual(a, b)
	case "!=":
		return !looseEqual(a, b)
	case "===":
		return strictEqual(a, b)
	case "!==":
		return !strictEqual(a, b)
	case "!":
		return !truthy(a)
	case "!!":
		return truthy(a)
	case ">", ">=", "<", "<=":
		return compare(op, v)
	case "max", "min":
		return minMax(op == "max", v)
	case "+":
		return sum(v)
	case "*":
		return product(v)
	case "-":
		switch len(v) {
		case 0:
			return nil
		case 1:
			return arith(a, a, func(x, _ decimal.Decimal) (decimal.Decimal, bool) { return x.Neg(), true })
		}
		return arith(a, b, func(x, y decimal.Decimal) (decimal.Decimal, bool) { return x.Sub(y), true })
	case "/":
		return arith(a, b, func(x, y decimal.Decimal) (decimal.Decimal, bool) {
			if y.IsZero() {
				return decimal.Decimal{}, false
			}
			return x.DivRound(y, divScale), true
		})
	case "%":
		return arith(a, b, func(x, y decimal.Decimal) (decimal.Decimal, bool) {
			if y.IsZero() {
				return decimal.Decimal{}, false
			}
			return x.Mod(y), true
		})
	case "in":
		return in(a, b)
	case "cat":
		var sb strings.Builder
		budget := maxJoinNodes // one budget for all the arguments, as in jsString
		for _, x := range v {
			sb.WriteString(joinElement(x, 0, &budget))
		}
		return sb.String()
	case "substr":
		return substr(v)
	case "merge":
		out := []any{}
		for _, x := range v {
			if items, ok := asSlice(x); ok {
				out = append(out, items...)
			} else {
				out = append(out, x)
			}
		}
		return out
	case "log":
		return a
	}
	return nil
}

// compare runs the relational operators. Comparing with a missing argument (JS undefined) is
// false; "<" and "<=" with three arguments test a < b < c (between).
func compare(op string, v []any) bool {
	if len(v) < 2 {
		return false
	}
	switch op {
	case ">":
		return lessThan(v[1], v[0], false)
	case ">=":
		return lessThan(v[1], v[0], true)
	}
	orEqual := op == "<="
	if len(v) > 2 {
		return lessThan(v[0], v[1], orEqual) && lessThan(v[1], v[2], orEqual)
	}
	return lessThan(v[0], v[1], orEqual)
}

// result turns a computed number into a value: nil when it left the evaluator's bounds.
func result(d decimal.Decimal, ok bool) any {
	if !ok {
		return nil
	}
	if d, ok = sane(d); !ok {
		return nil
	}
	return d
}

// arith applies a binary operation after JavaScript's Number() conversion of both operands.
func arith(a, b any, f func(x, y decimal.Decimal) (decimal.Decimal, bool)) any {
	x, ok1 := toNumber(a)
	y, ok2 := toNumber(b)
	if !ok1 || !ok2 {
		return nil
	}
	return result(f(x, y))
}

// sum is "+": parseFloat of every argument added up, starting from 0.
func sum(v []any) any {
	total := decimal.Zero
	for _, x := range v {
		d, ok := parseFloat(x)
		if !ok {
			return nil
		}
		if total, ok = sane(total.Add(d)); !ok {
			return nil
		}
	}
	return total
}

// product is "*": parseFloat of every argument multiplied. Like json-logic-js it returns a lone
// argument unchanged and has nothing to return for none.
func product(v []any) any {
	switch len(v) {
	case 0:
		return nil
	case 1:
		return v[0]
	}
	total, ok := parseFloat(v[0])
	for _, x := range v[1:] {
		d, ok2 := parseFloat(x)
		if !ok || !ok2 {
			return nil
		}
		if total, ok = sane(total.Mul(d)); !ok {
			return nil
		}
	}
	return result(total, ok)
}

// minMax is Math.max / Math.min: Number() of each argument; no arguments or a NaN gives nil.
func minMax(isMax bool, v []any) any {
	if len(v) == 0 {
		return nil
	}
	var best decimal.Decimal
	for i, x := range v {
		d, ok := toNumber(x)
		if !ok {
			return nil
		}
		if i == 0 || (isMax && d.GreaterThan(best)) || (!isMax && d.LessThan(best)) {
			best = d
		}
	}
	return best
}

// in tests array membership (===) or substring containment.
func in(a, b any) bool {
	if items, ok := asSlice(b); ok {
		for _, it := range items {
			if strictEqual(a, it) {
				return true
			}
		}
		return false
	}
	if s, ok := b.(string); ok && s != "" {
		return strings.Contains(s, jsString(a))
	}
	return false
}

// substr is JSON Logic's substr: a negative start counts from the end, a negative length drops
// characters from the end. Positions count characters, not bytes.
func substr(v []any) any {
	src := []rune(jsString(arg(v, 0)))
	n := len(src)
	start := clampInt(arg(v, 1), n)
	if start < 0 {
		start = max(n+start, 0)
	}
	start = min(start, n)
	rest := src[start:]
	if len(v) < 3 {
		return string(rest)
	}
	length := clampInt(v[2], n)
	if length < 0 {
		length = max(len(rest)+length, 0)
	}
	return string(rest[:min(length, len(rest))])
}

// clampInt is Number(x) truncated to an integer within ±(limit+1); NaN is 0, as in JS.
func clampInt(x any, limit int) int {
	d, ok := toNumber(x)
	if !ok {
		return 0
	}
	bound := decimalFromInt(int64(limit) + 1)
	if d.GreaterThan(bound) {
		return limit + 1
	}
	if d.LessThan(bound.Neg()) {
		return -limit - 1
	}
	return int(d.Truncate(0).IntPart())
}

// decimalFromInt saves a package name at call sites.
func decimalFromInt(n int64) decimal.Decimal { return decimal.NewFromInt(n) }
