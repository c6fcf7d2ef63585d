package measure_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/backend/measure"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/vocab"
	"github.com/tianbao-edu/tianbao/seeds"
)

// TestSeedUnitsAreThePlans: every measure's lead and co-units are orgs of seeds/orgs.yaml, named
// as the plan's 责任单位 list names them, in its order (the plan's short 区民宗委 is 区民族宗教委;
// 党政机关和企事业单位 is no single unit).
func TestSeedUnitsAreThePlans(t *testing.T) {
	data, err := seeds.FS.ReadFile("measures.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defs, err := measure.ParseSeed(data)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := seeds.FS.ReadFile("orgs.yaml")
	if err != nil {
		t.Fatal(err)
	}
	nodes, err := org.ParseSeed(raw)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	var walk func([]*org.SeedNode)
	walk = func(ns []*org.SeedNode) {
		for _, n := range ns {
			names[n.Code] = n.Name
			walk(n.Children)
		}
	}
	walk(nodes)
	alias := map[string]string{"区民宗委": "区民族宗教委"}
	for _, d := range defs {
		var got []string
		for _, code := range append([]string{d.Lead}, d.CoUnits...) {
			name, ok := names[code]
			if !ok {
				t.Errorf("measure %d: unit %q is not in seeds/orgs.yaml", d.Number, code)
			}
			got = append(got, name)
		}
		var want []string
		for _, n := range d.LeadUnits {
			if a, ok := alias[n]; ok {
				n = a
			}
			if n != "党政机关和企事业单位" {
				want = append(want, n)
			}
		}
		if len(want) == 0 {
			want = []string{"黔江区教育委员会"} // measure 10: the leading group's office leads
		}
		for i := range want {
			if want[i] == "区教委" {
				want[i] = "黔江区教育委员会"
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("measure %d: units %v, the plan names %v", d.Number, got, want)
		}
		if len(d.Milestones) < 3 || d.Text == "" || d.TitleEn == "" {
			t.Errorf("measure %d: milestones, text or title_en missing", d.Number)
		}
	}
}

// TestProgressFormSpellsVocab: the seeded form's status options are vocab.MeasureStatuses, and
// its measure options are the seeded measures' numbers.
func TestProgressFormSpellsVocab(t *testing.T) {
	forms, err := form.LoadSeedForms(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	var f *form.Form
	for _, x := range forms {
		if x.Code == measure.FormCode {
			f = x
		}
	}
	if f == nil {
		t.Fatalf("no seeded form %s", measure.FormCode)
	}
	group, ok := f.Field("measures")
	if !ok {
		t.Fatal("no measures group")
	}
	options := func(key string) []string {
		for _, fd := range group.Fields {
			if fd.Key == key {
				var out []string
				for _, o := range fd.Options {
					out = append(out, o.Value)
				}
				return out
			}
		}
		t.Fatalf("no column %s", key)
		return nil
	}
	if got, want := options("status"), vocab.Strings(vocab.MeasureStatuses); !slices.Equal(got, want) {
		t.Errorf("status options %v, vocab says %v", got, want)
	}
	data, _ := seeds.FS.ReadFile("measures.yaml")
	defs, err := measure.ParseSeed(data)
	if err != nil {
		t.Fatal(err)
	}
	var nums []string
	for _, d := range defs {
		nums = append(nums, strconv.Itoa(d.Number))
	}
	if got := options("measure"); !slices.Equal(got, nums) {
		t.Errorf("measure options %v, seeded measures %v", got, nums)
	}
}
