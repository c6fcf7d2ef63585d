package form

import (
	"fmt"
	"maps"
	"slices"
	"strings"

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

// ruleChecker walks a rule statically: it reports unknown operators and var paths that name no
// field, and collects the top-level fields the rule reads (for calculation order).
type ruleChecker struct {
	form *Form
	path string                // where problems are reported, e.g. "checks[0].rule"
	errs *errs.ValidationError // nil to only collect dependencies
	deps map[string]bool
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
		return
	}
	if !IsOperator(op) {
		c.add("unknown_operator", fmt.Sprintf("unknown operator %q", op))
		return
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
