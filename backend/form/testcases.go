package form

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/tianbao-edu/tianbao/backend/errs"
)

// maxTestCases bounds how many test cases one form may carry.
const maxTestCases = 100

// TestCase is a designer's test of the form's rules, kept with the schema (tests: in the YAML):
// the values (and last period's approved values, read as prev.<field>) typed into the builder's
// preview, and what both evaluators must make of them. A schema whose test case fails is refused.
type TestCase struct {
	Name   string         `yaml:"name" json:"name"`
	Values map[string]any `yaml:"values,omitempty" json:"values,omitempty"`
	Prev   map[string]any `yaml:"prev,omitempty" json:"prev,omitempty"`
	Expect TestExpect     `yaml:"expect" json:"expect"`
}

// TestExpect is a test case's expected outcome. Computed lists computed fields and their values
// (null: no value); fields not listed are not compared. Warnings and Errors are the codes of the
// issues raised (a check's key, "required", a normalisation code), compared as sets; Hidden the
// keys of the hidden fields. Unlisted warnings, errors or hidden fields fail the case.
type TestExpect struct {
	Computed map[string]any `yaml:"computed,omitempty" json:"computed,omitempty"`
	Warnings []string       `yaml:"warnings,omitempty" json:"warnings,omitempty"`
	Errors   []string       `yaml:"errors,omitempty" json:"errors,omitempty"`
	Hidden   []string       `yaml:"hidden,omitempty" json:"hidden,omitempty"`
}

// RunTest evaluates the form over the case's values and returns how the outcome differs from
// the expected one, each difference in words; none means the case passes.
func (f *Form) RunTest(tc *TestCase) []string {
	res := f.EvaluatePrev(orEmpty(tc.Values), tc.Prev)
	var diffs []string
	keys := make([]string, 0, len(tc.Expect.Computed))
	for k := range tc.Expect.Computed {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		want := tc.Expect.Computed[k]
		got, ok := res.Computed[k]
		if !ok {
			diffs = append(diffs, fmt.Sprintf("computed %s: no such visible computed field", k))
		} else if !sameValue(want, got) {
			diffs = append(diffs, fmt.Sprintf("computed %s: want %s, got %s", k, show(want), show(got)))
		}
	}
	codes := func(is []Issue) []string {
		out := make([]string, 0, len(is))
		for _, i := range is {
			out = append(out, i.Code)
		}
		return out
	}
	diffs = appendSetDiff(diffs, "warnings", tc.Expect.Warnings, codes(res.Warnings))
	diffs = appendSetDiff(diffs, "errors", tc.Expect.Errors, codes(res.Errors))
	diffs = appendSetDiff(diffs, "hidden", tc.Expect.Hidden, res.Hidden)
	return diffs
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// sameValue compares an expected and a computed value: as decimals when both read as numbers
// (0.04 and "0.0400" are the same), else as text; null only equals null.
func sameValue(want, got any) bool {
	if want == nil || got == nil {
		return want == nil && got == nil
	}
	w, g := fmt.Sprint(want), fmt.Sprint(got)
	dw, err1 := decimal.NewFromString(w)
	dg, err2 := decimal.NewFromString(g)
	if err1 == nil && err2 == nil {
		return dw.Equal(dg)
	}
	return w == g
}

func show(v any) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(v)
}

// appendSetDiff adds a difference when the sets want and got (duplicates ignored) differ.
func appendSetDiff(diffs []string, what string, want, got []string) []string {
	w, g := setOf(want), setOf(got)
	if strings.Join(w, ",") == strings.Join(g, ",") {
		return diffs
	}
	return append(diffs, fmt.Sprintf("%s: want [%s], got [%s]", what, strings.Join(w, ", "), strings.Join(g, ", ")))
}

func setOf(xs []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}

// validateTests checks the test cases' shape (a unique name each, values only for the form's
// fields) and, when the rest of the schema is sound, runs each: a failing case is a problem at
// tests[i] with code test_failed, naming the case and what differed.
func (f *Form) validateTests(v *errs.ValidationError) {
	if len(f.Tests) > maxTestCases {
		v.Add("tests", "too_many", fmt.Sprintf("at most %d test cases", maxTestCases))
		return
	}
	top := map[string]bool{}
	for i := range f.Fields {
		top[f.Fields[i].Key] = true
	}
	names := map[string]bool{}
	shapeOK := true
	for i := range f.Tests {
		tc := &f.Tests[i]
		path := fmt.Sprintf("tests[%d]", i)
		name := strings.TrimSpace(tc.Name)
		switch {
		case name == "":
			v.Add(path+".name", "required", "a test case needs a name")
			shapeOK = false
		case names[name]:
			v.Add(path+".name", "duplicate", fmt.Sprintf("test case %q is named twice", name))
			shapeOK = false
		}
		names[name] = true
		for _, part := range []struct {
			what string
			m    map[string]any
		}{{"values", tc.Values}, {"prev", tc.Prev}, {"expect.computed", tc.Expect.Computed}} {
			what := part.what
			keys := make([]string, 0, len(part.m))
			for k := range part.m {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if !top[k] {
					v.Add(fmt.Sprintf("%s.%s.%s", path, what, k), "unknown_field", fmt.Sprintf("test case %q names no field of the form: %q", name, k))
					shapeOK = false
				}
			}
		}
	}
	if !shapeOK || len(v.Fields) > 0 {
		return // a case is run only against a sound schema
	}
	for i := range f.Tests {
		tc := &f.Tests[i]
		if d := f.RunTest(tc); len(d) > 0 {
			v.Add(fmt.Sprintf("tests[%d]", i), "test_failed", fmt.Sprintf("test case %q fails: %s", tc.Name, strings.Join(d, "; ")))
		}
	}
}
