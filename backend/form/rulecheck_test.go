package form

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// ruleForm is a small form whose calculated field c has the given rule (JSON).
func ruleForm(t *testing.T, rule string) (*Form, error) {
	t.Helper()
	return ParseJSON([]byte(fmt.Sprintf(`{"code":"rules","version":1,"title":"R","period_type":"year","org_types":["primary"],
		"fields":[{"key":"a","label":"A","type":"money"},{"key":"b","label":"B","type":"integer"},
		{"key":"g","label":"G","type":"repeat","fields":[{"key":"n","label":"N","type":"integer"}]},
		{"key":"c","label":"C","type":"decimal","scale":4,"calculate":%s}]}`, rule)))
}

func TestRuleCheckRefusesWrongArity(t *testing.T) {
	refused := []string{
		`{"-": [580, 300, 200]}`, `{"/": [{"var": "a"}, 2, 0]}`, `{"/": [{"var": "a"}]}`, `{"%": [7]}`,
		`{"==": [1, 1, 2]}`, `{">": [{"var": "a"}, 1, 2]}`, `{"<": [1]}`, `{"<=": [1, 2, 3, 4]}`, `{"!": [1, 2]}`,
		`{"var": []}`, `{"var": ["a", 0, 1]}`, `{"?:": [true, 1]}`, `{"in": ["a"]}`, `{"substr": ["abc"]}`,
		`{"missing_some": [1]}`, `{"map": [{"var": "g"}]}`, `{"reduce": [{"var": "g"}]}`, `{"log": []}`,
		`{"if": [{"var": "a"}, {"-": [1, 2, 3]}, 0]}`, // nested
	}
	for _, r := range refused {
		_, err := ruleForm(t, r)
		var v *errs.ValidationError
		if !errors.As(err, &v) || !strings.Contains(fmt.Sprint(v.Fields), "wrong_arity") {
			t.Errorf("%s: %v, want wrong_arity", r, err)
		}
	}
	accepted := []string{
		`{"-": [{"var": "a"}]}`, `{"-": [{"var": "a"}, 1]}`, `{"<": [0, {"var": "a"}, 100]}`, `{"var": "a"}`,
		`{"var": ["a", 0]}`, `{"+": [1, 2, 3, 4]}`, `{"*": [{"var": "a"}]}`, `{"cat": []}`, `{"and": [1, 2, 3]}`,
		`{"if": [1, 2, 3, 4, 5]}`, `{"missing": ["a", "b", "g"]}`, `{"substr": ["abc", 1, 1]}`, `{"max": [1]}`,
		`{"reduce": [{"var": "g"}, {"+": [{"var": "accumulator"}, {"var": "current.n"}]}, 0]}`,
	}
	for _, r := range accepted {
		if _, err := ruleForm(t, r); err != nil {
			t.Errorf("%s: %v", r, err)
		}
	}
}

func TestRuleCheckRefusesNumbersADoubleCannotHold(t *testing.T) {
	for _, r := range []string{`{"+": [9007199254740993, 1]}`, `{"*": [0.10000000000000000001, {"var": "a"}]}`,
		`{"+": [1e400]}`, `{"in": [1, [1, 12345678901234567890]]}`, `{"var": ["a", 9007199254740993]}`} {
		_, err := ruleForm(t, r)
		if err == nil || !strings.Contains(err.Error()+fmt.Sprint(err.(*errs.ValidationError).Fields), "inexact_number") {
			t.Errorf("%s: %v, want inexact_number", r, err)
		}
	}
	for _, r := range []string{`{"+": [9007199254740992, 1]}`, `{"+": ["9007199254740993", 1]}`, `{"*": [0.1, 0.2, 1e21, 1.5e-7]}`, `{"+": [-0, 0.015]}`} {
		if _, err := ruleForm(t, r); err != nil {
			t.Errorf("%s: %v", r, err)
		}
	}
}

func TestRuleWarnings(t *testing.T) {
	tests := []struct {
		rule string
		want string // warning codes, comma-separated
	}{
		{`{"reduce": [{"var": "g"}, {"+": [{"var": "accumulator"}, {"var": "current.n"}]}]}`, "reduce_without_initial"},
		{`{"reduce": [{"var": "g"}, {"+": [{"var": "accumulator"}, {"var": "current.n"}]}, 0]}`, ""},
		{`{"/": [{"var": "a"}, {"var": "b"}]}`, "unguarded_division"},
		{`{"/": [{"var": "a"}, 10000]}`, ""},
		{`{"/": [{"var": "a"}, "100"]}`, ""},
		{`{"/": [{"var": "a"}, 0]}`, "unguarded_division"},
		{`{"/": [{"var": "a"}, {"max": [{"var": "b"}, 1]}]}`, ""},
		{`{"if": [{"var": "b"}, {"/": [{"var": "a"}, {"var": "b"}]}, null]}`, ""},
		{`{"if": [{"var": "b"}, null, {"/": [{"var": "a"}, {"var": "b"}]}]}`, "unguarded_division"},
		{`{"if": [{"!": {"var": "b"}}, null, {"/": [{"var": "a"}, {"var": "b"}]}]}`, ""},
		{`{"if": [{"==": [{"var": "b"}, 0]}, null, {"/": [{"var": "a"}, {"var": "b"}]}]}`, ""},
		{`{"if": [{">": [{"var": "b"}, 0]}, {"/": [{"var": "a"}, {"var": "b"}]}, null]}`, ""},
		{`{"if": [{">=": [{"var": "b"}, 0]}, {"/": [{"var": "a"}, {"var": "b"}]}, null]}`, "unguarded_division"},
		{`{"if": [{"<": [0, {"var": "b"}, 100]}, {"/": [{"var": "a"}, {"var": "b"}]}, null]}`, ""},
		{`{"if": [{"missing": ["a", "b"]}, null, {"/": [{"var": "a"}, {"var": "b"}]}]}`, "unguarded_division"},
		{`{"if": [{"and": [{"var": "a"}, {"!=": [{"var": "b"}, 0]}]}, {"/": [{"var": "a"}, {"var": "b"}]}, null]}`, ""},
		{`{"and": [{"var": "b"}, {"/": [{"var": "a"}, {"var": "b"}]}]}`, ""},
		{`{"or": [{"!": {"var": "b"}}, {"/": [{"var": "a"}, {"var": "b"}]}]}`, ""},
		{`{"or": [{"var": "b"}, {"/": [{"var": "a"}, {"var": "b"}]}]}`, "unguarded_division"},
		{`{"if": [{"var": "b"}, 1, {"var": "a"}, {"/": [1, {"var": "b"}]}, 0]}`, "unguarded_division"},
		{`{"if": [{"!": {"var": "b"}}, 1, {"var": "a"}, {"/": [1, {"var": "b"}]}, 0]}`, ""},
	}
	for _, tt := range tests {
		f, err := ruleForm(t, tt.rule)
		if err != nil {
			t.Fatalf("%s: %v", tt.rule, err)
		}
		var got []string
		for _, w := range f.RuleWarnings() {
			if w.Field != "fields[3].calculate" {
				t.Errorf("%s: warning at %q", tt.rule, w.Field)
			}
			got = append(got, w.Code)
		}
		if strings.Join(got, ",") != tt.want {
			t.Errorf("%s: warnings %v, want %q", tt.rule, got, tt.want)
		}
	}
}
