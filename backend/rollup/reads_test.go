package rollup_test

import (
	"fmt"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/rollup"
)

// TestFieldsRead: every place an indicator names a field counts as a read, per form.
func TestFieldsRead(t *testing.T) {
	ins := []rollup.Indicator{
		{Code: "a.ratio", Form: "f", Numerator: rollup.Agg{Agg: rollup.AggSum, Fields: []string{"spend"}},
			Denominator: &rollup.Agg{Agg: rollup.AggSum, Fields: []string{"payroll"}},
			PerOrg:      &rollup.PerOrg{Numerator: []string{"spend"}, Denominator: []string{"payroll", "extra"}, Op: "ge"}},
		{Code: "b.count", Form: "f", Numerator: rollup.Agg{Agg: rollup.AggCountWhere, Where: []rollup.Cond{{Field: "flag", Op: "eq"}}},
			PerOrg: &rollup.PerOrg{Field: "ratio", Where: []rollup.Cond{{Field: "flag"}, {Field: "level"}}}},
		{Code: "c.rows", Form: "f", Numerator: rollup.Agg{Agg: rollup.AggSum, Fields: []string{"rows.n"}}},
		{Code: "d.other", Form: "g", Numerator: rollup.Agg{Agg: rollup.AggSum, Fields: []string{"spend"}}},
	}
	svc := rollup.NewService(nil, ins)
	got := svc.FieldsRead("f")
	want := map[string][]string{"spend": {"a.ratio"}, "payroll": {"a.ratio"}, "extra": {"a.ratio"},
		"flag": {"b.count"}, "ratio": {"b.count"}, "level": {"b.count"}, "rows.n": {"c.rows"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("FieldsRead(f) = %v, want %v", got, want)
	}
	if got := svc.FieldsRead("g"); fmt.Sprint(got) != "map[spend:[d.other]]" {
		t.Fatalf("FieldsRead(g) = %v", got)
	}
	if got := svc.FieldsRead("none"); len(got) != 0 {
		t.Fatalf("FieldsRead(none) = %v", got)
	}
	ins = append(ins, rollup.Indicator{Code: "e.also", Form: "f", Numerator: rollup.Agg{Agg: rollup.AggAvg, Fields: []string{"spend"}}})
	if got := rollup.NewService(nil, ins).FieldsRead("f")["spend"]; fmt.Sprint(got) != "[a.ratio e.also]" {
		t.Fatalf("two indicators reading spend: %v", got)
	}
}
