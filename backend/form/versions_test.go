package form

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

const upgradeFromYAML = `code: up
version: 1
title: 升级
period_type: year
org_types: [primary]
fields:
  - {key: kept, label: 保留, type: money}
  - {key: gone, label: 删除, type: integer}
  - {key: count, label: 人数, type: integer}
  - {key: share, label: 比例, type: decimal, scale: 2}
  - {key: level, label: 级别, type: single_choice, options: [{value: a, label: 甲}, {value: b, label: 乙}]}
  - {key: tags, label: 标签, type: multi_choice, options: [{value: x, label: X}, {value: y, label: Y}]}
  - {key: flag, label: 是否, type: boolean}
  - {key: total, label: 合计, type: integer}
  - {key: note, label: 备注, type: text}
  - key: rows
    label: 明细
    type: repeat
    fields:
      - {key: n, label: 数, type: integer}
      - {key: name, label: 名, type: text}
`

const upgradeToYAML = `code: up
version: 2
title: 升级
period_type: year
org_types: [primary]
fields:
  - {key: kept, label: 保留, type: money}
  - {key: count, label: 人数, type: decimal, scale: 1}
  - {key: share, label: 比例, type: integer}
  - {key: level, label: 级别, type: single_choice, options: [{value: a, label: 甲}]}
  - {key: tags, label: 标签, type: multi_choice, options: [{value: x, label: X}, {value: z, label: Z}]}
  - {key: flag, label: 是否, type: integer}
  - {key: total, label: 合计, type: integer, calculate: {"+": [{var: count}, 1]}}
  - {key: note, label: 备注, type: text, max_length: 3}
  - key: rows
    label: 明细
    type: repeat
    max_rows: 5
    fields:
      - {key: n, label: 数, type: decimal}
`

func mustParse(t *testing.T, src string) *Form {
	t.Helper()
	f, err := Parse([]byte(src))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return f
}

// TestUpgradeMapsValues: every kind of value an upgrade keeps, converts or drops.
func TestUpgradeMapsValues(t *testing.T) {
	from, to := mustParse(t, upgradeFromYAML), mustParse(t, upgradeToYAML)
	cases := []struct {
		name    string
		in      string // stored values, as JSON
		want    string // mapped values, as JSON
		dropped string
	}{
		{"same-type-kept", `{"kept":"12.50"}`, `{"kept":"12.50"}`, `[]`},
		{"removed-field", `{"gone":3}`, `{}`, `[{gone removed}]`},
		{"integer-to-decimal-converted", `{"count":7}`, `{"count":"7.0"}`, `[]`},
		{"decimal-to-integer-whole-kept", `{"share":"3.00"}`, `{"share":3}`, `[]`},
		{"decimal-to-integer-fraction-dropped", `{"share":"3.50"}`, `{}`, `[{share not_integer}]`},
		{"option-still-there", `{"level":"a"}`, `{"level":"a"}`, `[]`},
		{"option-removed", `{"level":"b"}`, `{}`, `[{level invalid_option}]`},
		{"multi-option-removed-drops-field", `{"tags":["x","y"]}`, `{}`, `[{tags invalid_option}]`},
		{"multi-options-kept", `{"tags":["x"]}`, `{"tags":["x"]}`, `[]`},
		{"boolean-to-integer-retyped", `{"flag":true}`, `{}`, `[{flag retyped}]`},
		{"became-computed", `{"total":5}`, `{}`, `[{total computed}]`},
		{"text-too-long-now", `{"note":"四个字符"}`, `{}`, `[{note too_long}]`},
		{"empty-values-skipped", `{"note":"","gone":null}`, `{}`, `[]`},
		{"repeat-columns-mapped", `{"rows":[{"n":1,"name":"甲"},{"n":2}]}`, `{"rows":[{"n":"1.00"},{"n":"2.00"}]}`,
			`[{rows[0].name removed}]`},
		{"repeat-too-many-rows", `{"rows":[{"n":1},{"n":1},{"n":1},{"n":1},{"n":1},{"n":1}]}`, `{}`, `[{rows too_many_rows}]`},
		{"several-sorted", `{"gone":1,"flag":false,"kept":"1.00"}`, `{"kept":"1.00"}`, `[{flag retyped} {gone removed}]`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in, _ := decodeJSON(t, c.in).(map[string]any)
			got, dropped := Upgrade(from, to, in)
			gj, _ := json.Marshal(got)
			var want, have any
			_ = json.Unmarshal([]byte(c.want), &want)
			_ = json.Unmarshal(gj, &have)
			if fmt.Sprint(have) != fmt.Sprint(want) {
				t.Fatalf("values %s, want %s", gj, c.want)
			}
			d := fmt.Sprint(dropped)
			if dropped == nil {
				d = "[]"
			}
			if d != c.dropped {
				t.Fatalf("dropped %s, want %s", d, c.dropped)
			}
			// What an upgrade keeps is always a valid draft of the new version.
			if _, verr := to.Normalize(got); verr != nil {
				t.Fatalf("mapped values do not normalise under the new version: %v", verr)
			}
		})
	}
}

// TestCheckIndicatorReads: which changes to a field an indicator reads are refused.
func TestCheckIndicatorReads(t *testing.T) {
	cur := mustParse(t, upgradeFromYAML)
	next := mustParse(t, upgradeToYAML)
	cases := []struct {
		name  string
		reads map[string][]string
		want  string // "field=code" of the refusal, "" when allowed
	}{
		{"unchanged-money", map[string][]string{"kept": {"a.kept"}}, ""},
		{"integer-to-decimal-allowed", map[string][]string{"count": {"a.count"}}, ""},
		{"computed-still-a-number", map[string][]string{"total": {"a.total"}}, ""},
		{"removed", map[string][]string{"gone": {"a.gone", "b.gone"}}, "gone=indicator_field_removed"},
		{"boolean-to-number", map[string][]string{"flag": {"a.flag"}}, "flag=indicator_field_retyped"},
		{"to-text", map[string][]string{"note": {"a.note"}}, "note=indicator_field_retyped"},
		{"repeat-column-removed", map[string][]string{"rows.name": {"a.rows"}}, "rows.name=indicator_field_removed"},
		{"repeat-column-number-kept", map[string][]string{"rows.n": {"a.rows"}}, ""},
		{"choice-options-changed-allowed", map[string][]string{"level": {"a.level"}}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := checkIndicatorReads(cur, next, c.reads)
			if c.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			ve, ok := err.(*errs.ValidationError)
			if !ok || ve.Code != "breaks_indicators" || len(ve.Fields) != 1 {
				t.Fatalf("want one breaks_indicators field error, got %v", err)
			}
			fe := ve.Fields[0]
			if fe.Field+"="+fe.Code != c.want {
				t.Fatalf("got %s=%s, want %s", fe.Field, fe.Code, c.want)
			}
			for _, codes := range c.reads {
				for _, code := range codes {
					if !strings.Contains(fe.Message, code) {
						t.Fatalf("message %q does not name %s", fe.Message, code)
					}
				}
			}
		})
	}
	t.Run("number-to-choice", func(t *testing.T) {
		swapped := mustParse(t, upgradeFromYAML)
		swapped.Fields[2] = Field{Key: "count", Label: "人数", Type: TypeSingleChoice, Options: []Option{{Value: "1", Label: "一"}}}
		if err := checkIndicatorReads(cur, swapped, map[string][]string{"count": {"a.count"}}); err == nil {
			t.Fatal("number → choice allowed")
		}
	})
	t.Run("first-version-must-give-every-field", func(t *testing.T) {
		if err := checkIndicatorReads(nil, next, map[string][]string{"kept": {"a.kept"}}); err != nil {
			t.Fatalf("refused: %v", err)
		}
		if err := checkIndicatorReads(nil, next, map[string][]string{"gone": {"a.gone"}}); err == nil {
			t.Fatal("a first version without a field an indicator reads was allowed")
		}
	})
}
