package rollup_test

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/seeds"
)

// TestRollupParseSeeds parses the shipped indicators and checks the kinds the rollup relies on.
func TestRollupParseSeeds(t *testing.T) {
	data, err := seeds.FS.ReadFile("indicators.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ins, err := rollup.Parse(data, seedFields(t))
	if err != nil {
		t.Fatalf("seeded indicators do not parse: %v", err)
	}
	by := map[string]rollup.Indicator{}
	for _, in := range ins {
		by[in.Code] = in
	}
	for _, code := range []string{"training.spend_ratio", "sports.specialist_schools", "arts.specialist_schools",
		"family.parent_school", "family.parent_committee", "preschool.level2_share", "preschool.puhui_coverage",
		"cooperation.projects", "hub.students_total"} {
		if _, ok := by[code]; !ok {
			t.Errorf("indicator %s missing from seeds", code)
		}
	}
	tr := by["training.spend_ratio"]
	if tr.PerOrg == nil || tr.PerOrg.Value.String() != "0.015" || tr.Target.Value.String() != "0.015" {
		t.Errorf("training.spend_ratio: want per-org and target 0.015, got %+v %+v", tr.PerOrg, tr.Target)
	}
	// 1—3 projects is a minimum of one: a fourth project is not a miss.
	co := by["cooperation.projects"]
	if co.Target.Op != ">=" || co.Target.Value.String() != "1" {
		t.Errorf("cooperation.projects: want >= 1, got %+v", co.Target)
	}
	pu := by["preschool.puhui_coverage"]
	if len(pu.Numerator.Where) != 1 || pu.Numerator.Where[0].Value.String() != "1" {
		t.Errorf("preschool.puhui_coverage: want where is_puhui = 1, got %+v", pu.Numerator.Where)
	}
}

// TestRollupParseRejects holds Parse to an error with the path and code of each mistake.
func TestRollupParseRejects(t *testing.T) {
	const ok = `code: t.ok
  name: 好
  unit: count
  form: teacher-training
  numerator: {agg: sum, fields: [training_spend]}
  target: {op: ">=", value: 1, year: 2025}`
	scenarios := []struct {
		name string
		doc  string
		want map[string]string // path → code; nil means a decode error whose text holds decodeErr
		text string
	}{
		{name: "parse-unknown-key", doc: `- code: t.x
  name: x
  unit: count
  form: teacher-training
  numerater: {agg: sum, fields: [training_spend]}
  target: {op: ">=", value: 1}`, text: "numerater"},
		{name: "parse-unknown-key-in-agg", doc: `- code: t.x
  name: x
  unit: count
  form: teacher-training
  numerator: {agg: sum, field: [training_spend]}
  target: {op: ">=", value: 1}`, text: "field"},
		{name: "parse-unknown-form", doc: `- code: t.x
  name: x
  unit: count
  form: no-such-form
  numerator: {agg: sum, fields: [training_spend]}
  target: {op: ">=", value: 1}`, want: map[string]string{"[0].form": "unknown_form"}},
		{name: "parse-unknown-field", doc: `- code: t.x
  name: x
  unit: count
  form: teacher-training
  numerator: {agg: sum, fields: [training_spend, no_such]}
  denominator: {agg: sum, fields: [payrol_total]}
  target: {op: ">=", value: 1}`, want: map[string]string{"[0].numerator.fields": "unknown_field", "[0].denominator.fields": "unknown_field"}},
		{name: "parse-unknown-where-field-and-op", doc: `- code: t.x
  name: x
  unit: count
  form: sports-arts
  numerator: {agg: count_where, where: [{field: sports_specialist, op: eq, value: 1}, {field: nope, op: like, value: 1}]}
  target: {op: ">=", value: 1}`, want: map[string]string{"[0].numerator.where[1].field": "unknown_field", "[0].numerator.where[1].op": "invalid_op"}},
		{name: "parse-where-bad-number", doc: `- code: t.x
  name: x
  unit: count
  form: sports-arts
  numerator: {agg: count_where, where: [{field: sports_specialist, op: eq, value: yes}]}
  target: {op: ">=", value: 1}`, want: map[string]string{"[0].numerator.where[0].value": "invalid_number"}},
		{name: "parse-bad-agg", doc: `- code: t.x
  name: x
  unit: count
  form: teacher-training
  numerator: {agg: median, fields: [training_spend]}
  target: {op: ">=", value: 1}`, want: map[string]string{"[0].numerator.agg": "invalid_agg"}},
		{name: "parse-avg-two-fields", doc: `- code: t.x
  name: x
  unit: count
  form: teacher-training
  numerator: {agg: avg, fields: [training_spend, payroll_total]}
  target: {op: ">=", value: 1}`, want: map[string]string{"[0].numerator.fields": "required"}},
		{name: "parse-sum-without-fields", doc: `- code: t.x
  name: x
  unit: count
  form: teacher-training
  numerator: {agg: sum}
  target: {op: ">=", value: 1}`, want: map[string]string{"[0].numerator.fields": "required"}},
		{name: "parse-count-where-without-where", doc: `- code: t.x
  name: x
  unit: count
  form: sports-arts
  numerator: {agg: count_where}
  target: {op: ">=", value: 1}`, want: map[string]string{"[0].numerator.where": "required"}},
		{name: "parse-per-org-bad", doc: `- code: t.x
  name: x
  unit: percent
  form: teacher-training
  numerator: {agg: sum, fields: [training_spend]}
  per_org: {field: ratio, op: "≥", value: "1.5%"}
  target: {op: ">=", value: 1}`, want: map[string]string{"[0].per_org.field": "unknown_field", "[0].per_org.op": "invalid_op", "[0].per_org.value": "invalid_number"}},
		{name: "parse-bad-target", doc: `- code: t.x
  name: x
  unit: count
  form: teacher-training
  numerator: {agg: sum, fields: [training_spend]}
  target: {op: ">", value: many}`, want: map[string]string{"[0].target.op": "invalid_op", "[0].target.value": "invalid_number"}},
		{name: "parse-between-inverted", doc: `- code: t.x
  name: x
  unit: count
  form: teacher-training
  numerator: {agg: sum, fields: [training_spend]}
  target: {op: between, value: 3, value2: 1}`, want: map[string]string{"[0].target.value2": "invalid_number"}},
		{name: "parse-between-without-value2", doc: `- code: t.x
  name: x
  unit: count
  form: teacher-training
  numerator: {agg: sum, fields: [training_spend]}
  target: {op: between, value: 3}`, want: map[string]string{"[0].target.value2": "invalid_number"}},
		{name: "parse-bad-code-name-unit", doc: `- code: Training
  unit: percentage
  form: teacher-training
  numerator: {agg: sum, fields: [training_spend]}
  target: {op: ">=", value: 1}`, want: map[string]string{"[0].code": "invalid_code", "[0].name": "required", "[0].unit": "invalid_unit"}},
		{name: "parse-duplicate-code", doc: "- " + ok + "\n- " + ok, want: map[string]string{"[1].code": "invalid_code"}},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			ins, err := rollup.Parse([]byte(sc.doc), seedFields(t))
			if err == nil {
				t.Fatalf("want an error, got %d indicators", len(ins))
			}
			var ve *errs.ValidationError
			if sc.want == nil {
				if errors.As(err, &ve) || !strings.Contains(err.Error(), sc.text) {
					t.Fatalf("want a decode error naming %q, got %v", sc.text, err)
				}
				return
			}
			if !errors.As(err, &ve) {
				t.Fatalf("want a validation error, got %T %v", err, err)
			}
			got := map[string]string{}
			for _, f := range ve.Fields {
				got[f.Field] = f.Code
			}
			if fmt.Sprint(sortedPairs(got)) != fmt.Sprint(sortedPairs(sc.want)) {
				t.Fatalf("want errors %v, got %v", sortedPairs(sc.want), sortedPairs(got))
			}
		})
	}
}

func sortedPairs(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}
