package form

import (
	"sort"
	"testing"
)

const evalYAML = `code: eval-demo
version: 1
title: 评估
period_type: year
org_types: [primary]
fields:
  - {key: has, label: Has, type: boolean, required: true}
  - {key: detail, label: Detail, type: integer, required: true, min: "0", relevant: {var: has}}
  - {key: price, label: Price, type: money}
  - {key: qty, label: Qty, type: integer}
  - {key: amount, label: Amount, type: money, calculate: {"*": [{var: price}, {var: qty}]}}
  - {key: third, label: Third, type: money, calculate: {"/": [{var: amount}, 3]}}
  - {key: rounded, label: Rounded, type: integer, calculate: {"/": [{var: qty}, 4]}}
  - {key: big, label: Big, type: boolean, calculate: {">": [{var: amount}, 100]}}
  - {key: extra, label: Extra, type: money, relevant: {var: big}}
  - key: rows
    label: Rows
    type: repeat
    min_rows: 2
    fields:
      - {key: k, label: K, type: integer, required: true}
checks:
  - key: detail_small
    rule: {"<": [{var: [detail, 0]}, 10]}
    severity: error
    message: 太大
    message_en: too big
    fields: [detail]
  - key: amount_round
    rule: {"!=": [{"%": [{var: amount}, 10]}, 0]}
    severity: warning
    message: 整十
    fields: [price, qty]
  - key: global
    rule: {"!": [{var: qty}]}
    severity: warning
    message: 有数量
`

func issueKeys(is []Issue) []string {
	out := []string{}
	for _, i := range is {
		out = append(out, i.Field+":"+i.Code)
	}
	sort.Strings(out)
	return out
}

func TestEvaluate(t *testing.T) {
	f, err := Parse([]byte(evalYAML))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		in       string
		values   string
		computed string
		hidden   []string
		errors   []string
		warnings []string
	}{
		{
			// null is 0 to "/" and "%" (JavaScript's Number(null)), so third is 0.00 and amount_round fails.
			name:     "empty draft",
			in:       `{}`,
			values:   `{"third":"0.00","rounded":0,"big":false}`,
			computed: `{"amount":null,"third":"0.00","rounded":0,"big":false}`,
			hidden:   []string{"detail", "extra"},
			errors:   []string{"has:required"},
			warnings: []string{"price:amount_round", "qty:amount_round"},
		},
		{
			name:     "chained calculations and rounding",
			in:       `{"has":false,"price":"10.01","qty":10,"rows":[{"k":1},{"k":2}]}`,
			values:   `{"has":false,"price":"10.01","qty":10,"amount":"100.10","third":"33.37","rounded":3,"big":true,"rows":[{"k":1},{"k":2}]}`,
			computed: `{"amount":"100.10","third":"33.37","rounded":3,"big":true}`,
			hidden:   []string{"detail"},
			warnings: []string{":global"},
		},
		{
			name:     "hidden value dropped, its errors and checks skipped",
			in:       `{"has":false,"detail":-5,"extra":"1.234"}`,
			values:   `{"has":false,"third":"0.00","rounded":0,"big":false}`,
			computed: `{"amount":null,"third":"0.00","rounded":0,"big":false}`,
			hidden:   []string{"detail", "extra"},
			warnings: []string{"price:amount_round", "qty:amount_round"},
		},
		{
			name:     "visible field required and checked",
			in:       `{"has":true,"price":"10","qty":5}`,
			values:   `{"has":true,"price":"10.00","qty":5,"amount":"50.00","third":"16.67","rounded":1,"big":false}`,
			computed: `{"amount":"50.00","third":"16.67","rounded":1,"big":false}`,
			hidden:   []string{"extra"},
			errors:   []string{"detail:required"},
			warnings: []string{":global", "price:amount_round", "qty:amount_round"},
		},
		{
			name:     "check error at its field",
			in:       `{"has":true,"detail":10}`,
			values:   `{"has":true,"detail":10,"third":"0.00","rounded":0,"big":false}`,
			computed: `{"amount":null,"third":"0.00","rounded":0,"big":false}`,
			hidden:   []string{"extra"},
			errors:   []string{"detail:detail_small"},
			warnings: []string{"price:amount_round", "qty:amount_round"},
		},
		{
			name:     "normalisation errors reported",
			in:       `{"has":"yes","price":"1.001","nope":1}`,
			values:   `{"third":"0.00","rounded":0,"big":false}`,
			computed: `{"amount":null,"third":"0.00","rounded":0,"big":false}`,
			hidden:   []string{"detail", "extra"},
			errors:   []string{"has:invalid_type", "has:required", "nope:unknown_field", "price:too_many_decimals"},
			warnings: []string{"price:amount_round", "qty:amount_round"},
		},
		{
			name:     "repeat rows: too few, required column",
			in:       `{"has":false,"rows":[{}]}`,
			values:   `{"has":false,"rows":[{}],"third":"0.00","rounded":0,"big":false}`,
			computed: `{"amount":null,"third":"0.00","rounded":0,"big":false}`,
			hidden:   []string{"detail", "extra"},
			errors:   []string{"rows:too_few_rows", "rows[0].k:required"},
			warnings: []string{"price:amount_round", "qty:amount_round"},
		},
	}
	for _, tt := range tests {
		res := f.Evaluate(decodeJSON(t, tt.in).(map[string]any))
		if got, want := canon(t, res.Values), canon(t, decodeJSON(t, tt.values)); got != want {
			t.Errorf("%s: values %s, want %s", tt.name, got, want)
		}
		if got, want := canon(t, res.Computed), canon(t, decodeJSON(t, tt.computed)); got != want {
			t.Errorf("%s: computed %s, want %s", tt.name, got, want)
		}
		check := func(what string, got, want []string) {
			if want == nil {
				want = []string{}
			}
			if canon(t, toAny(got)) != canon(t, toAny(want)) {
				t.Errorf("%s: %s %v, want %v", tt.name, what, got, want)
			}
		}
		check("hidden", res.Hidden, tt.hidden)
		check("errors", issueKeys(res.Errors), tt.errors)
		check("warnings", issueKeys(res.Warnings), tt.warnings)
	}
}

func TestEvaluateIssueMessages(t *testing.T) {
	f, err := Parse([]byte(evalYAML))
	if err != nil {
		t.Fatal(err)
	}
	res := f.Evaluate(map[string]any{"has": true, "detail": 50})
	if len(res.Errors) != 1 {
		t.Fatalf("errors %+v", res.Errors)
	}
	if e := res.Errors[0]; e.Message != "太大" || e.MessageEn != "too big" {
		t.Errorf("issue %+v", e)
	}
	res = f.Evaluate(map[string]any{})
	if e := res.Errors[0]; e.Message == "" || e.MessageEn == "" {
		t.Errorf("required issue without messages: %+v", e)
	}
}
