package form

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

const validYAML = `code: demo-form
version: 1
title: 演示
period_type: year
org_types: [primary, kindergarten]
fields:
  - key: total
    label: 总数
    type: integer
    min: 0
    max: "100"
  - key: part
    label: 部分
    type: integer
  - key: share
    label: 比例
    type: decimal
    scale: 4
    calculate: {"/": [{var: part}, {var: total}]}
  - key: level
    label: 级别
    type: single_choice
    relevant: {"==": [{var: total}, 1.5]}
    options: [{value: a, label: 甲}]
  - key: rows
    label: 行
    type: repeat
    fields:
      - {key: n, label: 数, type: integer}
  - key: rows_total
    label: 合计
    type: integer
    calculate:
      reduce: [{var: rows}, {"+": [{var: accumulator}, {var: current.n}]}, 0]
  - key: big_rows
    label: 大行
    type: integer
    calculate: {"reduce": [{"filter": [{var: rows}, {">": [{var: n}, 5]}]}, {"+": [{var: accumulator}, 1]}, 0]}
checks:
  - key: part_le_total
    rule: {"<=": [{var: part}, {var: total}]}
    severity: error
    message: 部分不能超过总数
    fields: [part]
  - key: any_big
    rule: {"some": [{var: rows}, {">": [{var: n}, 5]}]}
    severity: warning
    message: 有大行
`

// mutate applies string replacements to validYAML, failing when one does not match.
func mutate(t *testing.T, pairs ...string) string {
	t.Helper()
	s := validYAML
	for i := 0; i < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("mutation %q does not match", pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

func TestParseValid(t *testing.T) {
	f, err := Parse([]byte(validYAML))
	if err != nil {
		t.Fatal(err)
	}
	if f.Code != "demo-form" || len(f.Fields) != 7 || len(f.Checks) != 2 {
		t.Fatalf("parsed %+v", f)
	}
	if f.Fields[0].Min == nil || *f.Fields[0].Min != "0" || *f.Fields[0].Max != "100" {
		t.Errorf("min/max = %v/%v", f.Fields[0].Min, f.Fields[0].Max)
	}
	// YAML numbers in rules become json.Number, as if the rule had been written in JSON.
	rel := f.Fields[3].Relevant.(map[string]any)["=="].([]any)
	if n, ok := rel[1].(json.Number); !ok || n != "1.5" {
		t.Errorf("rule literal = %#v, want json.Number 1.5", rel[1])
	}
	// The same schema as JSON parses to the same form.
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	g, err := ParseJSON(b)
	if err != nil {
		t.Fatalf("ParseJSON of marshalled form: %v", err)
	}
	b2, _ := json.Marshal(g)
	if string(b) != string(b2) {
		t.Errorf("JSON round trip differs:\n%s\n%s", b, b2)
	}
}

func TestParseJSONNumericBounds(t *testing.T) {
	src := `{"code":"j-form","version":1,"title":"T","period_type":"month","org_types":["bureau"],
	  "fields":[{"key":"m","label":"M","type":"money","min":0,"max":"1000.50"}]}`
	f, err := ParseJSON([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if *f.Fields[0].Min != "0" || f.Fields[0].Scale != 2 {
		t.Errorf("min %q scale %d", *f.Fields[0].Min, f.Fields[0].Scale)
	}
	for _, bad := range []string{`{"code":`, `{"code":"x","bogus":1}`, `{} {}`} {
		_, err := ParseJSON([]byte(bad))
		if code := firstCode(err); code != "invalid_json" {
			t.Errorf("ParseJSON(%s) code %q (%v)", bad, code, err)
		}
	}
}

func firstCode(err error) string {
	var ve *errs.ValidationError
	if errors.As(err, &ve) && len(ve.Fields) > 0 {
		return ve.Fields[0].Code
	}
	return ""
}

func TestParseInvalid(t *testing.T) {
	tests := []struct {
		name        string
		yaml        string
		field, code string
	}{
		{"bad code", mutate(t, "code: demo-form", "code: Demo"), "code", "invalid_code"},
		{"short code", mutate(t, "code: demo-form", "code: d"), "code", "invalid_code"},
		{"version", mutate(t, "version: 1", "version: 0"), "version", "invalid_version"},
		{"title", mutate(t, "title: 演示", "title: ' '"), "title", "required"},
		{"period type", mutate(t, "period_type: year", "period_type: week"), "period_type", "invalid_period_type"},
		{"org type", mutate(t, "[primary, kindergarten]", "[primary, school]"), "org_types[1]", "invalid_org_type"},
		{"no org types", mutate(t, "org_types: [primary, kindergarten]", "org_types: []"), "org_types", "required"},
		{"bad key", mutate(t, "key: total", "key: Total"), "fields[0].key", "invalid_key"},
		{"duplicate key", mutate(t, "key: part", "key: total"), "fields[1].key", "duplicate_key"},
		{"missing label", mutate(t, "label: 部分", "label: ''"), "fields[1].label", "required"},
		{"bad type", mutate(t, "label: 部分\n    type: integer", "label: 部分\n    type: float"), "fields[1].type", "invalid_type"},
		{"min > max", mutate(t, "min: 0", "min: 101"), "fields[0].min", "min_exceeds_max"},
		{"bad min", mutate(t, "min: 0", "min: abc"), "fields[0].min", "invalid_number"},
		{"min on text", mutate(t, "label: 部分\n    type: integer", "label: 部分\n    type: text\n    min: \"1\""), "fields[1].min", "not_allowed"},
		{"options required", mutate(t, "options: [{value: a, label: 甲}]", "options: []"), "fields[3].options", "options_required"},
		{"duplicate option", mutate(t, "[{value: a, label: 甲}]", "[{value: a, label: 甲}, {value: a, label: 乙}]"), "fields[3].options[1].value", "duplicate_option"},
		{"option label", mutate(t, "{value: a, label: 甲}", "{value: a, label: ''}"), "fields[3].options[0].label", "required"},
		{"bad scale", mutate(t, "scale: 4", "scale: 11"), "fields[2].scale", "invalid_scale"},
		{"unknown operator", mutate(t, `{"<=": [{var: part}`, `{"le": [{var: part}`), "checks[0].rule", "unknown_operator"},
		{"unknown field in check", mutate(t, `{"<=": [{var: part}`, `{"<=": [{var: parts}`), "checks[0].rule", "unknown_field"},
		{"unknown field in relevant", mutate(t, `{"==": [{var: total}, 1.5]}`, `{"==": [{var: totl}, 1.5]}`), "fields[3].relevant", "unknown_field"},
		{"unknown column in reduce", mutate(t, "{var: current.n}", "{var: current.m}"), "fields[5].calculate", "unknown_field"},
		{"outer field inside reduce", mutate(t, "{var: current.n}", "{var: total}"), "fields[5].calculate", "unknown_field"},
		{"unknown column in some", mutate(t, `{"some": [{var: rows}, {">": [{var: n}`, `{"some": [{var: rows}, {">": [{var: x}`), "checks[1].rule", "unknown_field"},
		{"unknown in missing", mutate(t, `{"/": [{var: part}, {var: total}]}`, `{"missing": [part, nope]}`), "fields[2].calculate", "unknown_field"},
		{"check field", mutate(t, "fields: [part]", "fields: [nope]"), "checks[0].fields[0]", "unknown_field"},
		{"check severity", mutate(t, "severity: error", "severity: fatal"), "checks[0].severity", "invalid_severity"},
		{"check message", mutate(t, "message: 部分不能超过总数", "message: ''"), "checks[0].message", "required"},
		{"check duplicate key", mutate(t, "key: any_big", "key: part_le_total"), "checks[1].key", "duplicate_key"},
		{"check without rule", mutate(t, "    rule: {\"<=\": [{var: part}, {var: total}]}\n", ""), "checks[0].rule", "required"},
		{"cycle", mutate(t, `{"/": [{var: part}, {var: total}]}`, `{"+": [{var: rows_total}, 1]}`,
			"{var: current.n}]}, 0]", "{var: current.n}]}, {var: share}]"), "fields[2].calculate", "cycle"},
		{"self cycle", mutate(t, `{"/": [{var: part}, {var: total}]}`, `{"+": [{var: share}, 1]}`), "fields[2].calculate", "cycle"},
		{"nested repeat", mutate(t, "- {key: n, label: 数, type: integer}", "- {key: n, label: 数, type: repeat, fields: [{key: x, label: X, type: integer}]}"), "fields[4].fields[0].type", "not_supported"},
		{"empty repeat", mutate(t, "    fields:\n      - {key: n, label: 数, type: integer}\n", ""), "fields[4].fields", "required"},
		{"calculated multi choice", mutate(t, "type: single_choice\n    relevant: {\"==\": [{var: total}, 1.5]}", "type: multi_choice\n    calculate: {\"==\": [{var: total}, 1.5]}"), "fields[3].calculate", "not_supported"},
		{"unit_en without unit", mutate(t, "label: 部分\n    type: integer", "label: 部分\n    type: integer\n    unit_en: people"), "fields[1].unit_en", "not_allowed"},
		{"display on integer", mutate(t, "label: 部分\n    type: integer", "label: 部分\n    type: integer\n    display: percent"), "fields[1].display", "invalid_display"},
		{"unknown display", mutate(t, "scale: 4", "scale: 4\n    display: permille"), "fields[2].display", "invalid_display"},
		{"target op", mutate(t, "scale: 4", "scale: 4\n    target: {op: \"=>\", value: \"0.015\"}"), "fields[2].target.op", "invalid_op"},
		{"target value", mutate(t, "scale: 4", "scale: 4\n    target: {op: \">=\", value: \"1.5%\"}"), "fields[2].target.value", "invalid_number"},
		{"target on choice", mutate(t, "options: [{value: a, label: 甲}]", "options: [{value: a, label: 甲}]\n    target: {op: \">=\", value: \"1\"}"), "fields[3].target", "not_allowed"},
		{"capture on integer", mutate(t, "label: 部分\n    type: integer", "label: 部分\n    type: integer\n    capture: environment"), "fields[1].capture", "invalid_capture"},
		{"capture value", mutate(t, "label: 部分\n    type: integer", "label: 部分\n    type: attachment\n    capture: back"), "fields[1].capture", "invalid_capture"},
		{"keep_original on text", mutate(t, "label: 部分\n    type: integer", "label: 部分\n    type: text\n    keep_original: true"), "fields[1].keep_original", "not_allowed"},
		{"misspelt setting", mutate(t, "    min: 0", "    minimum: 0"), "form", "invalid_yaml"},
		{"empty", "", "form", "empty"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.yaml))
		var ve *errs.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: err = %v, want a ValidationError", tt.name, err)
			continue
		}
		found := false
		for _, fe := range ve.Fields {
			if fe.Field == tt.field && fe.Code == tt.code {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: want %s %s, got %v", tt.name, tt.field, tt.code, ve)
		}
	}
}

// TestParseDisplaySettings: the display, target, capture and English settings are kept and served.
func TestParseDisplaySettings(t *testing.T) {
	src := `code: display
version: 1
title: T
title_en: T
plan_section: "二(16)"
plan_section_en: "Plan II(16)"
description: 说明
description_en: About
period_type: year
org_types: [bureau]
fields:
  - {key: n, label: N, type: integer, unit: 人, unit_en: people}
  - {key: r, label: R, type: decimal, scale: 4, display: percent, target: {op: ">=", value: "0.015"}}
  - {key: a, label: A, type: attachment, capture: environment, keep_original: true}
`
	f, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"unit_en":"people"`, `"display":"percent"`, `"target":{"op":"\u003e=","value":"0.015"}`,
		`"capture":"environment"`, `"keep_original":true`, `"plan_section_en":"Plan II(16)"`, `"description_en":"About"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("served schema lacks %s: %s", want, b)
		}
	}
	back, err := ParseJSON(b)
	if err != nil || back.Fields[1].Target == nil || back.Fields[1].Target.Value != "0.015" || !back.Fields[2].KeepOriginal {
		t.Errorf("stored schema read back as %+v, %v", back, err)
	}
}

func TestParseDefaults(t *testing.T) {
	src := `code: defaults
version: 1
title: T
period_type: year
org_types: [bureau]
fields:
  - {key: p, label: P, type: percent}
  - {key: d, label: D, type: decimal}
  - {key: t, label: T, type: text}
  - {key: a, label: A, type: attachment}
`
	f, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := []any{f.Fields[0].Scale, f.Fields[1].Scale, f.Fields[2].MaxLength, strings.Join(f.Fields[3].Accept, ","), f.Fields[3].MaxSizeMB}
	want := []any{2, 2, DefaultMaxLength, "image/jpeg,image/png,application/pdf", 10}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("default %d = %v, want %v", i, got[i], want[i])
		}
	}
}
