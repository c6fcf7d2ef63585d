package form

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tianbao-edu/tianbao/backend/errs"
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

// Every seeded form written as an XLSForm-like workbook reads back to the same form, and that
// form written again gives the same cells.
func TestXLSXRoundTripSeeds(t *testing.T) {
	forms, err := LoadSeedForms(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range forms {
		t.Run(f.Code, func(t *testing.T) {
			b, err := XLSX(f)
			if err != nil {
				t.Fatal(err)
			}
			back, err := ReadXLSX(b)
			if err != nil {
				t.Fatalf("read the exported workbook: %v", err)
			}
			if !same(f, back) || back.Version != f.Version {
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
		})
	}
}

func TestReadXLSXRefusesBadCells(t *testing.T) {
	forms, err := LoadSeedForms(seeds.FS)
	if err != nil || len(forms) == 0 {
		t.Fatal(err)
	}
	b, err := XLSX(forms[0])
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	// A broken rule in the first field's calculation cell.
	if err := x.SetCellStr("survey", "I2", "{not json"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	_, err = ReadXLSX(buf.Bytes())
	var v *errs.ValidationError
	if !errors.As(err, &v) || len(v.Fields) == 0 || v.Fields[0].Field != "survey!2.calculation" || v.Fields[0].Code != "invalid_json" {
		t.Fatalf("want invalid_json at survey!2.calculation, got %v", err)
	}
	if _, err := ReadXLSX([]byte("not a workbook")); err == nil {
		t.Fatal("read a non-workbook")
	}
}

// xlsxCells is every sheet's rows of a workbook.
func xlsxCells(t *testing.T, b []byte) map[string][][]string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][][]string{}
	for _, s := range x.GetSheetList() {
		rows, err := x.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		out[s] = rows
	}
	return out
}
