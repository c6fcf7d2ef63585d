package form

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Bounds that keep a hostile rule from exhausting the stack, the CPU or memory. Real form rules
// use a few hundred steps; a rule that doubles an array or string on every reduce step hits maxSteps.
const (
	maxRuleDepth = 100
	maxSteps     = 1_000_000 // operations evaluated plus elements and bytes produced
)

// Errors returned by Apply.
var (
	// ErrUnknownOperator: the rule uses an operator outside standard JSON Logic.
	ErrUnknownOperator = errors.New("jsonlogic: unknown operator")
	// ErrTooDeep: the rule nests deeper than the evaluator allows.
	ErrTooDeep = errors.New("jsonlogic: rule nested too deeply")
	// ErrTooComplex: evaluating the rule would take more work than the evaluator allows.
	ErrTooComplex = errors.New("jsonlogic: rule too expensive to evaluate")
)

// Apply evaluates a JSON Logic rule against data with standard JSON Logic (json-logic-js) semantics,
// so the browser gets the same answer. Numbers are exact: results of arithmetic are decimal.Decimal,
// and any result that JavaScript would make NaN or ±Infinity (division by zero included) is nil.
// Data values pass through var unchanged. Apply never panics; a bad rule is an error.
func Apply(rule any, data any) (any, error) {
	m := &machine{}
	return m.apply(rule, data, 0)
}

// machine is the state of one Apply call: the work done so far.
type machine struct {
	steps int
}

// charge accounts for n units of work and fails once the budget is spent.
func (m *machine) charge(n int) error {
	m.steps += n
	if m.steps > maxSteps {
		return ErrTooComplex
	}
	return nil
}

// operatorNames lists every operator Apply implements; Validate rejects the rest.
var operatorNames = map[string]struct{}{
	"var": {}, "missing": {}, "missing_some": {}, "if": {}, "?:": {},
	"==": {}, "===": {}, "!=": {}, "!==": {}, "!": {}, "!!": {}, "or": {}, "and": {},
	">": {}, ">=": {}, "<": {}, "<=": {}, "max": {}, "min": {},
	"+": {}, "-": {}, "*": {}, "/": {}, "%": {},
	"in": {}, "cat": {}, "substr": {}, "merge": {},
	"map": {}, "filter": {}, "reduce": {}, "all": {}, "some": {}, "none": {}, "log": {},
}

// IsOperator reports whether name is a JSON Logic operator Apply implements.
func IsOperator(name string) bool {
	_, ok := operatorNames[name]
	return ok
}

// operation splits a rule into operator and argument list when it is an operation: an object with
// exactly one key. A lone argument is treated as a one-element list, as json-logic-js does.
func operation(rule any) (string, []any, bool) {
	m, ok := rule.(map[string]any)
	if !ok || len(m) != 1 {
		return "", nil, false
	}
	for op, raw := range m {
		if args, ok := asSlice(raw); ok {
			return op, args, true
		}
		return op, []any{raw}, true
	}
	return "", nil, false
}

func (m *machine) apply(rule any, data any, depth int) (any, error) {
	if depth > maxRuleDepth {
		return nil, ErrTooDeep
	}
	if err := m.charge(1); err != nil {
		return nil, err
	}
	if items, ok := asSlice(rule); ok {
		out := make([]any, len(items))
		for i, it := range items {
			v, err := m.apply(it, data, depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
	op, args, ok := operation(rule)
	if !ok {
		return rule, nil
	}
	switch op {
	case "if", "?:":
		return m.applyIf(args, data, depth)
	case "and", "or":
		return m.applyAndOr(op == "and", args, data, depth)
	case "map", "filter", "all", "some", "none", "reduce":
		return m.applyScoped(op, args, data, depth)
	}
	if !IsOperator(op) {
		return nil, fmt.Errorf("%w %q", ErrUnknownOperator, op)
	}
	vals := make([]any, len(args))
	for i, a := range args {
		v, err := m.apply(a, data, depth+1)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	switch op {
	case "var":
		return applyVar(vals, data), nil
	case "missing":
		return applyMissing(vals, data), nil
	case "missing_some":
		return applyMissingSome(vals, data), nil
	}
	out := applyValueOp(op, vals)
	if err := m.charge(size(out)); err != nil {
		return nil, err
	}
	return out, nil
}

// size is the work a result stands for: its length for arrays, and for strings the number of
// characters (Unicode code points), which the browser's evaluator counts alike.
func size(v any) int {
	switch x := v.(type) {
	case string:
		return utf8.RuneCountInString(x)
	case []any:
		return len(x)
	}
	return 0
}

// arg is args[i], or nil (JS undefined) when absent.
func arg(args []any, i int) any {
	if i < len(args) {
		return args[i]
	}
	return nil
}

func (m *machine) applyIf(args []any, data any, depth int) (any, error) {
	i := 0
	for ; i+1 < len(args); i += 2 {
		cond, err := m.apply(args[i], data, depth+1)
		if err != nil {
			return nil, err
		}
		if truthy(cond) {
			return m.apply(args[i+1], data, depth+1)
		}
	}
	if i < len(args) {
		return m.apply(args[i], data, depth+1)
	}
	return nil, nil
}

// applyAndOr returns the first falsy (and) or truthy (or) value, else the last one.
func (m *machine) applyAndOr(isAnd bool, args []any, data any, depth int) (any, error) {
	var cur any
	for _, a := range args {
		v, err := m.apply(a, data, depth+1)
		if err != nil {
			return nil, err
		}
		cur = v
		if truthy(v) != isAnd {
			return v, nil
		}
	}
	return cur, nil
}

// applyScoped runs the array operations, whose second argument is evaluated per element.
func (m *machine) applyScoped(op string, args []any, data any, depth int) (any, error) {
	src, err := m.apply(arg(args, 0), data, depth+1)
	if err != nil {
		return nil, err
	}
	items, isArray := asSlice(src)
	logic := arg(args, 1)
	switch op {
	case "map":
		out := make([]any, 0, len(items))
		for _, it := range items {
			v, err := m.apply(logic, it, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case "reduce":
		var acc any
		if len(args) > 2 {
			if acc, err = m.apply(args[2], data, depth+1); err != nil {
				return nil, err
			}
		}
		for _, it := range items {
			scope := map[string]any{"current": it, "accumulator": acc}
			if acc, err = m.apply(logic, scope, depth+1); err != nil {
				return nil, err
			}
		}
		return acc, nil
	case "all":
		if !isArray || len(items) == 0 {
			return false, nil
		}
		for _, it := range items {
			v, err := m.apply(logic, it, depth+1)
			if err != nil {
				return nil, err
			}
			if !truthy(v) {
				return false, nil
			}
		}
		return true, nil
	}
	// filter, some and none: json-logic-js defines some and none through filter.
	kept := make([]any, 0, len(items))
	for _, it := range items {
		v, err := m.apply(logic, it, depth+1)
		if err != nil {
			return nil, err
		}
		if truthy(v) {
			kept = append(kept, it)
		}
	}
	switch op {
	case "some":
		return len(kept) > 0, nil
	case "none":
		return len(kept) == 0, nil
	}
	return kept, nil
}

// applyVar reads a dotted path; "" or null is the whole data, and a missing key gives the default.
func applyVar(vals []any, data any) any {
	path, def := arg(vals, 0), arg(vals, 1)
	if path == nil || path == "" {
		return data
	}
	v, found := lookup(data, jsString(path))
	if !found {
		return def
	}
	return v
}

// lookup follows a dotted path through objects and arrays (numeric segments index arrays).
func lookup(data any, path string) (any, bool) {
	cur := data
	for _, seg := range strings.Split(path, ".") {
		if cur == nil {
			return nil, false
		}
		if m, ok := cur.(map[string]any); ok {
			v, ok := m[seg]
			if !ok {
				return nil, false
			}
			cur = v
			continue
		}
		items, ok := asSlice(cur)
		if !ok {
			return nil, false
		}
		i, err := strconv.Atoi(seg)
		if err != nil || i < 0 || i >= len(items) || strconv.Itoa(i) != seg {
			return nil, false
		}
		cur = items[i]
	}
	return cur, true
}

// applyMissing lists the keys whose value is null, absent or "". The keys may come as one array.
func applyMissing(vals []any, data any) []any {
	keys := vals
	if first, ok := asSlice(arg(vals, 0)); ok {
		keys = first
	}
	out := []any{}
	for _, k := range keys {
		v := applyVar([]any{k}, data)
		if v == nil || v == "" {
			out = append(out, k)
		}
	}
	return out
}

// applyMissingSome returns [] when at least need of the keys are present, else the missing keys.
func applyMissingSome(vals []any, data any) []any {
	need, ok := toNumber(arg(vals, 0))
	keys, isArray := asSlice(arg(vals, 1))
	if !isArray {
		return []any{}
	}
	missing := applyMissing([]any{keys}, data)
	present := int64(len(keys) - len(missing))
	if ok && need.LessThanOrEqual(decimalFromInt(present)) {
		return []any{}
	}
	return missing
}
