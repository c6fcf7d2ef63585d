package form

import (
	"testing"
)

const allTypesYAML = `code: all-types
version: 1
title: 全部类型
period_type: year
org_types: [primary]
fields:
  - {key: n, label: N, type: integer, min: "0", max: "1000"}
  - {key: d, label: D, type: decimal, scale: 1}
  - {key: m, label: M, type: money, min: "0"}
  - {key: p, label: P, type: percent}
  - {key: b, label: B, type: boolean}
  - {key: s, label: S, type: single_choice, options: [{value: x, label: X}, {value: y, label: Y}]}
  - {key: mc, label: MC, type: multi_choice, options: [{value: x, label: X}, {value: y, label: Y}, {value: z, label: Z}]}
  - {key: t, label: T, type: text, max_length: 3}
  - {key: dt, label: DT, type: date}
  - key: g
    label: G
    type: repeat
    max_rows: 2
    fields:
      - {key: k, label: K, type: integer, min: "0"}
      - {key: v, label: V, type: money}
  - {key: a, label: A, type: attachment, max_size_mb: 1}
  - {key: c, label: C, type: integer, calculate: {"+": [{var: n}, 1]}}
`

func allTypesForm(t *testing.T) *Form {
	t.Helper()
	f, err := Parse([]byte(allTypesYAML))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestNormalize(t *testing.T) {
	f := allTypesForm(t)
	tests := []struct {
		name   string
		in     string
		want   string // canonical JSON of the normalised values
		errors []string
	}{
		{"empty draft", `{}`, `{}`, nil},
		{"empties dropped", `{"n":null,"m":"","mc":[],"g":[]}`, `{}`, nil},
		{"integer", `{"n":12}`, `{"n":12}`, nil},
		{"integer from string", `{"n":" 12 "}`, `{"n":12}`, nil},
		{"integer with .0", `{"n":12.0}`, `{"n":12}`, nil},
		{"integer fraction", `{"n":12.5}`, `{}`, []string{"n:not_integer"}},
		{"integer below min", `{"n":-1}`, `{}`, []string{"n:below_min"}},
		{"integer above max", `{"n":1001}`, `{}`, []string{"n:above_max"}},
		{"integer not a number", `{"n":"12a"}`, `{}`, []string{"n:invalid_type"}},
		{"integer exponent string", `{"n":"1e3"}`, `{}`, []string{"n:invalid_type"}},
		{"integer bool", `{"n":true}`, `{}`, []string{"n:invalid_type"}},
		{"money number", `{"m":1234.5}`, `{"m":"1234.50"}`, nil},
		{"money string", `{"m":"1234.5"}`, `{"m":"1234.50"}`, nil},
		{"money trailing zeros", `{"m":"7.000"}`, `{"m":"7.00"}`, nil},
		{"money largest exact", `{"m":"999999999999.99"}`, `{"m":"999999999999.99"}`, nil},
		{"money beyond the representable range", `{"m":"12345678901234567.89"}`, `{}`, []string{"m:above_max"}},
		{"money three decimals", `{"m":"1.005"}`, `{}`, []string{"m:too_many_decimals"}},
		{"money negative", `{"m":"-1"}`, `{}`, []string{"m:below_min"}},
		{"decimal scale", `{"d":"2"}`, `{"d":"2.0"}`, nil},
		{"decimal too precise", `{"d":2.25}`, `{}`, []string{"d:too_many_decimals"}},
		{"percent default scale", `{"p":12.5}`, `{"p":"12.50"}`, nil},
		{"boolean", `{"b":false}`, `{"b":false}`, nil},
		{"boolean as string", `{"b":"true"}`, `{}`, []string{"b:invalid_type"}},
		{"single choice", `{"s":"y"}`, `{"s":"y"}`, nil},
		{"single choice bad", `{"s":"q"}`, `{}`, []string{"s:invalid_option"}},
		{"single choice number", `{"s":1}`, `{}`, []string{"s:invalid_type"}},
		{"multi choice ordered and deduplicated", `{"mc":["z","x","z"]}`, `{"mc":["x","z"]}`, nil},
		{"multi choice bad", `{"mc":["x","q"]}`, `{}`, []string{"mc[1]:invalid_option"}},
		{"multi choice not a list", `{"mc":"x"}`, `{}`, []string{"mc:invalid_type"}},
		{"text", `{"t":"黔江区"}`, `{"t":"黔江区"}`, nil},
		{"text too long", `{"t":"黔江区教委"}`, `{}`, []string{"t:too_long"}},
		{"date", `{"dt":"2025-02-28"}`, `{"dt":"2025-02-28"}`, nil},
		{"date invalid day", `{"dt":"2025-02-30"}`, `{}`, []string{"dt:invalid_date"}},
		{"date wrong format", `{"dt":"2025/02/28"}`, `{}`, []string{"dt:invalid_date"}},
		{"date year 0000", `{"dt":"0000-01-01"}`, `{}`, []string{"dt:invalid_date"}},
		{"date year 1799", `{"dt":"1799-12-31"}`, `{}`, []string{"dt:invalid_date"}},
		{"date year 1800", `{"dt":"1800-01-01"}`, `{"dt":"1800-01-01"}`, nil},
		{"date year 2199", `{"dt":"2199-12-31"}`, `{"dt":"2199-12-31"}`, nil},
		{"date year 2200", `{"dt":"2200-01-01"}`, `{}`, []string{"dt:invalid_date"}},
		{"date year 9999", `{"dt":"9999-12-31"}`, `{}`, []string{"dt:invalid_date"}},
		{"repeat", `{"g":[{"k":"1","v":2},{}]}`, `{"g":[{"k":1,"v":"2.00"},{}]}`, nil},
		{"repeat bad cell kept row", `{"g":[{"k":-1,"v":"1"},{"k":2,"x":1}]}`, `{"g":[{"v":"1.00"},{"k":2}]}`, []string{"g[0].k:below_min", "g[1].x:unknown_field"}},
		{"repeat too many rows", `{"g":[{},{},{}]}`, `{}`, []string{"g:too_many_rows"}},
		{"repeat row not object", `{"g":[1]}`, `{"g":[{}]}`, []string{"g[0]:invalid_type"}},
		{"attachment", `{"a":[{"id":"f1","name":"证书.pdf","size":1024,"content_type":"application/pdf","extra":1}]}`,
			`{"a":[{"content_type":"application/pdf","id":"f1","name":"证书.pdf","size":1024}]}`, nil},
		{"attachment too large", `{"a":[{"id":"f1","name":"x.png","size":1048577,"content_type":"image/png"}]}`, `{}`, []string{"a[0]:too_large"}},
		{"attachment wrong type", `{"a":[{"id":"f1","name":"x.exe","size":1,"content_type":"application/x-msdownload"}]}`, `{}`, []string{"a[0]:invalid_content_type"}},
		{"attachment bad shape", `{"a":[{"id":"","name":"x.png","size":1,"content_type":"image/png"}]}`, `{}`, []string{"a[0]:invalid_type"}},
		{"attachment size as string", `{"a":[{"id":"f","name":"x.png","size":"1","content_type":"image/png"}]}`, `{}`, []string{"a[0]:invalid_type"}},
		{"computed value ignored", `{"c":99,"n":1}`, `{"n":1}`, nil},
		{"unknown field", `{"zz":1,"aa":2}`, `{}`, []string{"aa:unknown_field", "zz:unknown_field"}},
	}
	for _, tt := range tests {
		out, verr := f.Normalize(decodeJSON(t, tt.in).(map[string]any))
		if got := canon(t, out); got != canon(t, decodeJSON(t, tt.want)) {
			t.Errorf("%s: values %s, want %s", tt.name, got, tt.want)
		}
		var got []string
		if verr != nil {
			for _, fe := range verr.Fields {
				got = append(got, fe.Field+":"+fe.Code)
				if fe.Message == "" {
					t.Errorf("%s: %s has no message", tt.name, fe.Field)
				}
			}
		}
		if canon(t, toAny(got)) != canon(t, toAny(tt.errors)) {
			t.Errorf("%s: errors %v, want %v", tt.name, got, tt.errors)
		}
	}
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// TestNormalizeIdempotent: stored values (int64, strings, []string, []map) normalise to themselves.
func TestNormalizeIdempotent(t *testing.T) {
	f := allTypesForm(t)
	in := decodeJSON(t, `{"n":5,"d":"1.5","m":"10","p":"3","b":true,"s":"x","mc":["y","x"],"t":"ab",
		"dt":"2024-12-31","g":[{"k":1,"v":"2.5"}],"a":[{"id":"f","name":"n.jpg","size":3,"content_type":"image/jpeg"}]}`).(map[string]any)
	once, verr := f.Normalize(in)
	if verr != nil {
		t.Fatal(verr)
	}
	twice, verr := f.Normalize(once)
	if verr != nil {
		t.Fatal(verr)
	}
	if a, b := canon(t, once), canon(t, twice); a != b {
		t.Errorf("not idempotent:\n%s\n%s", a, b)
	}
	if _, ok := once["n"].(int64); !ok {
		t.Errorf("integer stored as %T, want int64", once["n"])
	}
	if _, ok := once["mc"].([]string); !ok {
		t.Errorf("multi choice stored as %T, want []string", once["mc"])
	}
	if _, ok := once["g"].([]map[string]any); !ok {
		t.Errorf("repeat stored as %T, want []map[string]any", once["g"])
	}
}
