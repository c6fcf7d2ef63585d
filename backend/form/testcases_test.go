package form

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// tcForm is a form with a computed ratio, a warning below 0.05 and a check against last period,
// followed by the test cases given.
const tcForm = `code: tc-probe
version: 1
title: 测试用例
period_type: year
org_types: [senior]
fields:
  - {key: teachers, label: 教师, type: integer}
  - {key: students, label: 学生, type: integer}
  - key: ratio
    label: 师生比
    type: decimal
    scale: 4
    calculate: {if: [{var: students}, {"/": [{var: teachers}, {var: students}]}, null]}
  - key: why
    label: 原因
    type: text
    relevant: {"<": [{var: teachers}, 5]}
checks:
  - key: ratio_low
    severity: warning
    rule: {or: [{missing: [ratio]}, {">=": [{var: ratio}, 0.05]}]}
    message: 偏低
    fields: [ratio]
  - key: teachers_jump
    severity: warning
    rule: {or: [{missing: [teachers, prev.teachers]}, {"<=": [{var: teachers}, {"*": [1.3, {var: prev.teachers}]}]}]}
    message: 变化大
    fields: [teachers]
`

func tcParse(t *testing.T, tests string) (*Form, *errs.ValidationError) {
	t.Helper()
	f, err := Parse([]byte(tcForm + tests))
	if err == nil {
		return f, nil
	}
	v, ok := err.(*errs.ValidationError)
	if !ok {
		t.Fatalf("want a validation error, got %v", err)
	}
	return nil, v
}

func TestTestCases(t *testing.T) {
	cases := []struct {
		name  string
		tests string
		field string // "" when the form is accepted
		code  string
		says  string
	}{
		{"passing-cases-accepted", `tests:
  - name: low ratio warns
    values: {teachers: 4, students: 100}
    expect: {computed: {ratio: 0.04}, warnings: [ratio_low]}
  - name: ok ratio, why hidden
    values: {teachers: 10, students: 100}
    expect: {computed: {ratio: "0.1000"}, hidden: [why]}
  - name: jump from last period
    values: {teachers: 14, students: 100}
    prev: {teachers: 10}
    expect: {computed: {ratio: 0.14}, warnings: [teachers_jump], hidden: [why]}
  - name: empty
    expect: {computed: {ratio: null}}
`, "", "", ""},
		{"wrong-computed-refused", `tests:
  - name: ok
    values: {teachers: 10, students: 100}
    expect: {computed: {ratio: 0.1}, hidden: [why]}
  - name: 错的比例
    values: {teachers: 4, students: 100}
    expect: {computed: {ratio: 0.05}, warnings: [ratio_low]}
`, "tests[1]", "test_failed", `"错的比例" fails: computed ratio: want 0.05, got 0.0400`},
		{"missing-warning-refused", `tests:
  - name: no warning expected
    values: {teachers: 4, students: 100}
`, "tests[0]", "test_failed", "warnings: want [], got [ratio_low]"},
		{"unexpected-hidden-refused", `tests:
  - name: hidden
    values: {teachers: 10, students: 100}
`, "tests[0]", "test_failed", "hidden: want [], got [why]"},
		{"prev-missing-no-warning", `tests:
  - name: no prev
    values: {teachers: 14, students: 100}
    expect: {warnings: [teachers_jump], hidden: [why]}
`, "tests[0]", "test_failed", "warnings: want [teachers_jump], got []"},
		{"name-required", `tests:
  - values: {teachers: 1}
`, "tests[0].name", "required", ""},
		{"name-duplicate", `tests:
  - {name: a, expect: {}}
  - {name: a, expect: {}}
`, "tests[1].name", "duplicate", ""},
		{"unknown-field", `tests:
  - name: a
    values: {pupils: 3}
`, "tests[0].values.pupils", "unknown_field", ""},
		{"unknown-computed", `tests:
  - name: a
    expect: {computed: {rate: 1}}
`, "tests[0].expect.computed.rate", "unknown_field", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, v := tcParse(t, c.tests)
			if c.field == "" {
				if v != nil {
					t.Fatalf("refused: %v", v.Fields)
				}
				if len(f.Tests) == 0 {
					t.Fatal("the test cases were not kept")
				}
				return
			}
			if v == nil {
				t.Fatal("accepted")
			}
			for _, e := range v.Fields {
				if e.Field == c.field && e.Code == c.code && strings.Contains(e.Message, c.says) {
					return
				}
			}
			t.Fatalf("want %s %s saying %q, got %+v", c.field, c.code, c.says, v.Fields)
		})
	}
}

// The cases survive YAML and JSON: exported, they read back to an equal form that still passes.
func TestTestCasesRoundTrip(t *testing.T) {
	f, v := tcParse(t, `tests:
  - name: low
    values: {teachers: 4, students: 100}
    prev: {teachers: 4}
    expect: {computed: {ratio: 0.04}, warnings: [ratio_low]}
`)
	if v != nil {
		t.Fatal(v.Fields)
	}
	y, err := YAML(f)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(y)
	if err != nil {
		t.Fatalf("%v\n%s", err, y)
	}
	if !same(f, back) {
		t.Fatalf("YAML round trip changed the form:\n%s", y)
	}
	if !strings.Contains(string(y), "tests:") {
		t.Fatalf("no tests in the YAML:\n%s", y)
	}
}

// The shared fixture's cases pass the Go evaluator (the TypeScript one runs them in vitest), and
// each fails once its expectation is changed.
func TestTestCasesSharedFixture(t *testing.T) {
	data, err := os.ReadFile("testdata/testcases.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(data)
	if err != nil {
		t.Fatalf("the fixture is refused: %v", err)
	}
	if len(f.Tests) < 5 {
		t.Fatalf("only %d cases", len(f.Tests))
	}
	for i := range f.Tests {
		tc := f.Tests[i]
		if d := f.RunTest(&tc); len(d) > 0 {
			t.Errorf("%s: %v", tc.Name, d)
		}
		tc.Expect.Warnings = append(append([]string(nil), tc.Expect.Warnings...), "not_raised")
		if d := f.RunTest(&tc); len(d) != 1 {
			t.Errorf("%s with an extra expected warning: %v", tc.Name, d)
		}
	}
}

// The test cases survive the workbook too (a "tests" sheet), equal and with the same cells again.
func TestTestCasesXLSXRoundTrip(t *testing.T) {
	data, err := os.ReadFile("testdata/testcases.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	b, err := XLSX(f)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ReadXLSX(b)
	if err != nil {
		t.Fatalf("read the exported workbook: %v", err)
	}
	if !same(f, back) || len(back.Tests) != len(f.Tests) {
		y1, _ := YAML(f)
		y2, _ := YAML(back)
		t.Fatalf("round trip changed the form:\n%s\n---\n%s", y1, y2)
	}
	b2, err := XLSX(back)
	if err != nil {
		t.Fatal(err)
	}
	if c1, c2 := xlsxCells(t, b), xlsxCells(t, b2); !reflect.DeepEqual(c1, c2) {
		t.Fatal("the second workbook's cells differ")
	}
}
