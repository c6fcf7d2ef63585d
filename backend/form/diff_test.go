package form

import (
	"reflect"
	"testing"

	"github.com/tianbao-edu/tianbao/seeds"
)

// Every seeded form written as YAML reads back to the same form, and writing that again gives
// the same text.
func TestYAMLRoundTripSeeds(t *testing.T) {
	forms, err := LoadSeedForms(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(forms) == 0 {
		t.Fatal("no seeded forms")
	}
	for _, f := range forms {
		t.Run(f.Code, func(t *testing.T) {
			y, err := YAML(f)
			if err != nil {
				t.Fatal(err)
			}
			back, err := Parse(y)
			if err != nil {
				t.Fatalf("parse the exported YAML: %v\n%s", err, y)
			}
			if !same(f, back) || back.Version != f.Version {
				t.Fatalf("round trip changed the form:\n%s", y)
			}
			y2, err := YAML(back)
			if err != nil || string(y2) != string(y) {
				t.Fatalf("second export differs: %v", err)
			}
		})
	}
}

func TestDiff(t *testing.T) {
	cur := &Form{Fields: []Field{
		{Key: "a", Label: "A", Type: TypeInteger},
		{Key: "b", Label: "B", Type: TypeInteger},
		{Key: "rows", Label: "R", Type: TypeRepeat, Fields: []Field{{Key: "x", Label: "X", Type: TypeInteger}}},
	}}
	next := &Form{Fields: []Field{
		{Key: "c", Label: "C", Type: TypeText},
		{Key: "a", Label: "A2", LabelEn: "A", Type: TypeInteger},
		{Key: "rows", Label: "R", Type: TypeRepeat, Fields: []Field{{Key: "y", Label: "Y", Type: TypeInteger}}},
	}}
	got := Diff(cur, next)
	want := []FieldChange{
		{Key: "c", Change: ChangeAdded},
		{Key: "a", Change: ChangeChanged, Attributes: []string{"label", "label_en"}},
		{Key: "rows.y", Change: ChangeAdded},
		{Key: "rows.x", Change: ChangeRemoved},
		{Key: "b", Change: ChangeRemoved},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("diff\n got %+v\nwant %+v", got, want)
	}
	if d := Diff(cur, cur); len(d) != 0 {
		t.Fatalf("a form differs from itself: %+v", d)
	}
	if d := Diff(nil, cur); len(d) != 3 || d[0].Change != ChangeAdded {
		t.Fatalf("diff from nothing: %+v", d)
	}
}
