package form

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// scopeKind says what the data of a (sub)rule is, so that var paths can be checked against it.
type scopeKind int

const (
	scopeTop    scopeKind = iota // the form's values
	scopeRow                     // one row of a repeat group (map/filter/all/some/none over it)
	scopeReduce                  // {current, accumulator}, current being a row when fields is set
	scopeAny                     // unknown data: any path is accepted
)

type scope struct {
	kind   scopeKind
	fields map[string]*Field
}

// ruleChecker walks a rule statically: it reports unknown operators, wrong argument counts,
// numbers the browser cannot hold and var paths that name no field, warns about rules that work
// but mislead (reduce without an initial value, division by what may be 0), and collects the
// top-level fields the rule reads (for calculation order).
type ruleChecker struct {
	form  *Form
	path  string                // where problems are reported, e.g. "checks[0].rule"
	errs  *errs.ValidationError // nil to only collect dependencies or warnings
	warns *[]errs.FieldError    // nil when warnings are not wanted
	deps  map[string]bool
	// known are the conditions known to hold (truthy) or not (falsy) where the walk is: the
	// conditions of the enclosing if branches and the operands before it in and/or.
	known []condition
}

// condition is a rule known to be truthy or falsy on the current path.
type condition struct {
	rule   any
	truthy bool
}

// ruleDeps returns the top-level field keys a rule reads.
func (f *Form) ruleDeps(rule any) map[string]bool {
	c := &ruleChecker{form: f, deps: map[string]bool{}}
	c.walk(rule, f.topScope(), 0)
	return c.deps
}

// checkRule reports the rule's problems into v under path.
func (f *Form) checkRule(rule any, path string, v *errs.ValidationError) {
	c := &ruleChecker{form: f, path: path, errs: v, deps: map[string]bool{}}
	c.walk(rule, f.topScope(), 0)
}

// RuleWarnings lists what in the form's rules is legal but likely not meant, each at its rule's
// path: a reduce without an initial value (its accumulator starts as null, so a sum is null) and
// a division whose divisor may be 0 or empty with no guard (the result is null, and a comparison
// then reads null as 0). The import API returns them beside the stored version.
func (f *Form) RuleWarnings() []errs.FieldError {
	out := []errs.FieldError{}
	check := func(rule any, path string) {
		if rule != nil {
			c := &ruleChecker{form: f, path: path, warns: &out, deps: map[string]bool{}}
			c.walk(rule, f.topScope(), 0)
		}
	}
	for i := range f.Fields {
		check(f.Fields[i].Relevant, fmt.Sprintf("fields[%d].relevant", i))
		check(f.Fields[i].Calculate, fmt.Sprintf("fields[%d].calculate", i))
	}
	for i := range f.Checks {
		check(f.Checks[i].Rule, fmt.Sprintf("checks[%d].rule", i))
	}
	return out
}

func (f *Form) topScope() scope {
	return scope{kind: scopeTop, fields: fieldMap(f.Fields)}
}

func fieldMap(fs []Field) map[string]*Field {
	m := make(map[string]*Field, len(fs))
	for i := range fs {
		m[fs[i].Key] = &fs[i]
	}
	return m
}

func (c *ruleChecker) add(code, msg string) {
	if c.errs != nil {
		c.errs.Add(c.path, code, msg)
	}
}

func (c *ruleChecker) warn(code, msg string) {
	if c.warns != nil {
		*c.warns = append(*c.warns, errs.FieldError{Field: c.path, Code: code, Message: msg})
	}
}

// arity is the number of arguments an operator reads: json-logic-js ignores extra arguments and
// reads missing ones as undefined, so a wrong count never fails at run time and is refused here.
// Operators not listed take any number.
var arity = map[string][2]int{
	"var": {1, 2}, "missing_some": {2, 2}, "?:": {3, 3},
	"==": {2, 2}, "===": {2, 2}, "!=": {2, 2}, "!==": {2, 2}, "!": {1, 1}, "!!": {1, 1},
	">": {2, 2}, ">=": {2, 2}, "<": {2, 3}, "<=": {2, 3},
	"-": {1, 2}, "/": {2, 2}, "%": {2, 2}, "in": {2, 2}, "substr": {2, 3},
	"map": {2, 2}, "filter": {2, 2}, "all": {2, 2}, "some": {2, 2}, "none": {2, 2}, "reduce": {2, 3}, "log": {1, 1},
}

func arityText(n [2]int) string {
	if n[0] == n[1] {
		return fmt.Sprint(n[0])
	}
	return fmt.Sprintf("%d or %d", n[0], n[1])
}

// checkLiteral refuses a number literal that a double cannot hold (9007199254740993,
// 0.10000000000000000001, 1e400): the browser reads rules with JSON.parse and would compute
// with another number than the server. Literals inside data objects and lists count too.
func (c *ruleChecker) checkLiteral(v any, depth int) {
	if depth > maxRuleDepth {
		return
	}
	switch x := v.(type) {
	case json.Number:
		if !exactDouble(string(x)) {
			c.add("inexact_number", fmt.Sprintf("%s cannot be held exactly by the browser's evaluator (a double); write it as text, %q", x, string(x)))
		}
	case []any:
		for _, e := range x {
			c.checkLiteral(e, depth+1)
		}
	case map[string]any:
		for _, e := range x {
			c.checkLiteral(e, depth+1)
		}
	}
}

// exactDouble reports whether the nearest double to a number literal has exactly its value.
func exactDouble(s string) bool {
	want, ok := readLiteral(s)
	if !ok {
		return false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return false
	}
	got, _ := readLiteral(strconv.FormatFloat(f, 'g', -1, 64))
	return got.digits == want.digits && got.exp == want.exp && (got.neg == want.neg || got.digits == "")
}

func (c *ruleChecker) walk(rule any, sc scope, depth int) {
	if depth > maxRuleDepth {
		c.add("rule_too_deep", fmt.Sprintf("rules may nest at most %d levels", maxRuleDepth))
		return
	}
	if items, ok := asSlice(rule); ok {
		for _, it := range items {
			c.walk(it, sc, depth+1)
		}
		return
	}
	op, args, ok := operation(rule)
	if !ok {
		c.checkLiteral(rule, depth)
		return
	}
	if !IsOperator(op) {
		c.add("unknown_operator", fmt.Sprintf("unknown operator %q", op))
		return
	}
	if n, fixed := arity[op]; fixed && (len(args) < n[0] || len(args) > n[1]) {
		c.add("wrong_arity", fmt.Sprintf("%q takes %s arguments, not %d (json-logic ignores extra ones and reads missing ones as null)", op, arityText(n), len(args)))
	}
	switch op {
	case "if", "?:":
		c.walkIf(args, sc, depth)
		return
	case "and", "or":
		n := len(c.known)
		for _, a := range args {
			c.walk(a, sc, depth+1)
			c.known = append(c.known, condition{rule: a, truthy: op == "and"})
		}
		c.known = c.known[:n]
		return
	case "reduce":
		if len(args) == 2 {
			c.warn("reduce_without_initial", "reduce without an initial value starts the accumulator at null, so a sum or product of it is null: give one, e.g. 0")
		}
	case "/":
		if len(args) >= 2 && !c.nonZero(args[1]) {
			c.warn("unguarded_division", fmt.Sprintf("the divisor %s may be 0 or empty: the result is then null, and a comparison reads null as 0; guard it, e.g. {\"if\": [%s, {\"/\": …}, null]}", ruleText(args[1]), ruleText(args[1])))
		}
	}
	switch op {
	case "var":
		if p, ok := arg(args, 0).(string); ok {
			c.checkPath(p, sc)
		} else {
			c.walk(arg(args, 0), sc, depth+1)
		}
		for _, a := range args[min(1, len(args)):] {
			c.walk(a, sc, depth+1)
		}
	case "missing", "missing_some":
		keys := args
		if op == "missing_some" {
			c.walk(arg(args, 0), sc, depth+1)
			keys = []any{arg(args, 1)}
		}
		if inner, ok := asSlice(arg(keys, 0)); ok && len(keys) == 1 {
			keys = inner
		}
		for _, k := range keys {
			if p, ok := k.(string); ok {
				c.checkPath(p, sc)
			} else {
				c.walk(k, sc, depth+1)
			}
		}
	case "map", "filter", "all", "some", "none", "reduce":
		c.walk(arg(args, 0), sc, depth+1)
		c.walk(arg(args, 1), c.elementScope(arg(args, 0), sc, op == "reduce"), depth+1)
		for _, a := range args[min(2, len(args)):] {
			c.walk(a, sc, depth+1)
		}
	default:
		for _, a := range args {
			c.walk(a, sc, depth+1)
		}
	}
}

// walkIf walks an if: each branch knows its condition truthy and the earlier ones falsy.
func (c *ruleChecker) walkIf(args []any, sc scope, depth int) {
	n := len(c.known)
	for i, a := range args {
		if i%2 == 0 && i+1 < len(args) { // a condition
			c.walk(a, sc, depth+1)
			continue
		}
		if i%2 == 1 {
			c.known = append(c.known, condition{rule: args[i-1], truthy: true})
		}
		c.walk(a, sc, depth+1)
		if i%2 == 1 {
			c.known[len(c.known)-1].truthy = false // for the later conditions and branches
		}
	}
	c.known = c.known[:n]
}

// nonZero reports whether a divisor cannot be 0 where the walk is: a non-zero number, a max
// with a positive number among its arguments, or a divisor that a known condition excludes 0 for.
func (c *ruleChecker) nonZero(d any) bool {
	if x, ok := literalNumber(d); ok {
		return !x.IsZero()
	}
	if op, args, ok := operation(d); ok && op == "max" {
		for _, a := range args {
			if x, ok := literalNumber(a); ok && x.IsPositive() {
				return true
			}
		}
	}
	for _, k := range c.known {
		if excludesZero(k.rule, k.truthy, d, 0) {
			return true
		}
	}
	return false
}

// excludesZero reports whether cond being truthy (or falsy) means d is not 0: d itself or !!d
// truthy, !d falsy, a comparison of d with a number that leaves 0 out (d > 0, d != 0, 0 < d <
// 100, !(d == 0), !(d <= 0)), and and/or of such conditions.
func excludesZero(cond any, truthy bool, d any, depth int) bool {
	if depth > maxRuleDepth {
		return false
	}
	if truthy && reflect.DeepEqual(cond, d) {
		return true
	}
	op, args, ok := operation(cond)
	if !ok {
		return false
	}
	switch op {
	case "!!":
		return len(args) == 1 && excludesZero(args[0], truthy, d, depth+1)
	case "!":
		return len(args) == 1 && excludesZero(args[0], !truthy, d, depth+1)
	case "and", "or":
		// and truthy (or falsy): every operand is; one of them excluding 0 is enough.
		// and falsy (or truthy): some operand is, unknown which: each must exclude 0.
		every := (op == "and") == truthy
		for _, a := range args {
			ex := excludesZero(a, truthy, d, depth+1)
			if every && ex {
				return true
			}
			if !every && !ex {
				return false
			}
		}
		return !every && len(args) > 0
	case "<", "<=":
		if truthy && len(args) == 3 {
			return excludesZero(map[string]any{op: args[:2]}, true, d, depth+1) ||
				excludesZero(map[string]any{op: args[1:]}, true, d, depth+1)
		}
	}
	if len(args) != 2 {
		return false
	}
	if !truthy {
		neg := map[string]string{">": "<=", "<=": ">", "<": ">=", ">=": "<", "==": "!=", "!=": "==", "===": "!==", "!==": "==="}
		if op = neg[op]; op == "" {
			return false
		}
	}
	// Orient as d op n.
	x, other := args[0], args[1]
	if !reflect.DeepEqual(x, d) {
		x, other = args[1], args[0]
		flip := map[string]string{">": "<", "<": ">", ">=": "<=", "<=": ">=", "==": "==", "!=": "!=", "===": "===", "!==": "!=="}
		op = flip[op]
	}
	n, isNum := literalNumber(other)
	if !reflect.DeepEqual(x, d) || !isNum {
		return false
	}
	switch op {
	case ">":
		return !n.IsNegative()
	case ">=":
		return n.IsPositive()
	case "<":
		return !n.IsPositive()
	case "<=":
		return n.IsNegative()
	case "!=", "!==":
		return n.IsZero()
	case "==", "===":
		return !n.IsZero()
	}
	return false
}

// literalNumber reads a number written in a rule (a number, or numeric text).
func literalNumber(v any) (decimal.Decimal, bool) {
	switch kindOf(v) {
	case kNumber:
		return numberValue(v)
	case kString:
		if s := trimSpace(v.(string)); s != "" {
			return stringToNumber(s)
		}
	}
	return decimal.Decimal{}, false
}

// ruleText is a rule as JSON, for messages.
func ruleText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// elementScope is the scope of the per-element rule of an array operation over src.
func (c *ruleChecker) elementScope(src any, sc scope, isReduce bool) scope {
	var rows map[string]*Field
	if op, args, ok := operation(src); ok && op == "var" && sc.kind == scopeTop {
		if key, ok := arg(args, 0).(string); ok {
			if fd := sc.fields[key]; fd != nil && fd.Type == TypeRepeat {
				rows = fieldMap(fd.Fields)
			}
		}
	}
	switch {
	case isReduce:
		return scope{kind: scopeReduce, fields: rows}
	case rows != nil:
		return scope{kind: scopeRow, fields: rows}
	}
	return scope{kind: scopeAny}
}

// checkPath checks that a var path names something that exists in the scope.
func (c *ruleChecker) checkPath(p string, sc scope) {
	if p == "" || sc.kind == scopeAny {
		return
	}
	head, rest, _ := strings.Cut(p, ".")
	switch sc.kind {
	case scopeTop:
		if head == PrevVar && sc.fields[head] == nil { // prev.<field>: last period's value, no dependency
			if field, _, _ := strings.Cut(rest, "."); rest != "" && sc.fields[field] == nil {
				c.add("unknown_field", fmt.Sprintf("%q is not a field of this form", field))
			}
			return
		}
		if sc.fields[head] == nil {
			c.add("unknown_field", fmt.Sprintf("%q is not a field of this form", head))
			return
		}
		c.deps[head] = true
	case scopeRow:
		if sc.fields[head] == nil {
			c.add("unknown_field", fmt.Sprintf("%q is not a column of this repeat group", head))
		}
	case scopeReduce:
		switch {
		case head == "accumulator":
		case head != "current":
			c.add("unknown_field", fmt.Sprintf("inside reduce only current and accumulator exist, not %q", head))
		case rest != "" && sc.fields != nil:
			col, _, _ := strings.Cut(rest, ".")
			if sc.fields[col] == nil {
				c.add("unknown_field", fmt.Sprintf("%q is not a column of this repeat group", col))
			}
		}
	}
}

// calcOrder returns the indexes of computed top-level fields in an order where every field comes
// after the computed fields it reads, and the indexes of those caught in a cycle.
func (f *Form) calcOrder() (order, cyclic []int) {
	deps := map[int][]int{}
	index := map[string]int{}
	for i := range f.Fields {
		index[f.Fields[i].Key] = i
	}
	for i := range f.Fields {
		if !f.Fields[i].Computed() {
			continue
		}
		// In key order, so that the order (which matters for a var whose path is computed) is the
		// same on every run and in the browser.
		for _, key := range slices.Sorted(maps.Keys(f.ruleDeps(f.Fields[i].Calculate))) {
			if j, ok := index[key]; ok && f.Fields[j].Computed() {
				deps[i] = append(deps[i], j)
			}
		}
	}
	// Depth-first in field order, so the order is deterministic.
	const (
		unseen = iota
		active
		done
	)
	state := map[int]int{}
	inCycle := map[int]bool{}
	var visit func(i int) bool
	visit = func(i int) bool {
		switch state[i] {
		case active:
			return false
		case done:
			return !inCycle[i]
		}
		state[i] = active
		ok := true
		for _, j := range deps[i] {
			if !visit(j) {
				ok = false
			}
		}
		state[i] = done
		if ok {
			order = append(order, i)
		} else {
			inCycle[i] = true
			cyclic = append(cyclic, i)
		}
		return ok
	}
	for i := range f.Fields {
		if f.Fields[i].Computed() {
			visit(i)
		}
	}
	return order, cyclic
}
