package form

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/errs"

	"github.com/tianbao-edu/tianbao/seeds"
)

// TestYoYChecks: the seeded year-over-year checks are found by their prev. reads, and no other.
func TestYoYChecks(t *testing.T) {
	forms, err := LoadSeedForms(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range forms {
		g, err := ParseJSON(mustMarshal(t, f)) // as the registry reads it back from the database
		if err != nil {
			t.Fatal(err)
		}
		for k := range g.YoYChecks() {
			got[f.Code+"."+k] = true
		}
	}
	for _, want := range []string{"teacher-training.payroll_jump", "students.enrolment_jump"} {
		if !got[want] {
			t.Errorf("%s is not a year-over-year check: %v", want, got)
		}
	}
	if got["teacher-training.ratio_below_target"] {
		t.Errorf("ratio_below_target reads no prev.")
	}
}

func mustMarshal(t *testing.T, f *Form) []byte {
	t.Helper()
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCarryValidation: sections must exist, prev is reserved, valid_until names a date field
// from an attachment field, carry_from a field of the same type.
func TestCarryValidation(t *testing.T) {
	base := `{"code":"cf","version":1,"title":"t","period_type":"year","org_types":["primary"],%s}`
	cases := []struct{ name, body, want string }{
		{"ok", `"sections":[{"key":"s","title":"节","carry_forward":true}],"fields":[{"key":"a","label":"a","type":"integer","section":"s"},{"key":"b","label":"b","type":"integer","carry_from":"a"},{"key":"f","label":"f","type":"attachment","valid_until":"d"},{"key":"d","label":"d","type":"date"}]`, ""},
		{"unknown-section", `"fields":[{"key":"a","label":"a","type":"integer","section":"nope"}]`, "fields[0].section=unknown_section"},
		{"prev-reserved", `"fields":[{"key":"prev","label":"a","type":"integer"}]`, "fields[0].key=reserved_key"},
		{"valid-until-not-attachment", `"fields":[{"key":"a","label":"a","type":"integer","valid_until":"d"},{"key":"d","label":"d","type":"date"}]`, "fields[0].valid_until=not_allowed"},
		{"valid-until-not-date", `"fields":[{"key":"f","label":"f","type":"attachment","valid_until":"a"},{"key":"a","label":"a","type":"integer"}]`, "fields[0].valid_until=unknown_field"},
		{"carry-from-other-type", `"fields":[{"key":"a","label":"a","type":"integer","carry_from":"b"},{"key":"b","label":"b","type":"money"}]`, "fields[0].carry_from=unknown_field"},
		{"prev-unknown-field", `"fields":[{"key":"a","label":"a","type":"integer"}],"checks":[{"key":"k","severity":"warning","message":"m","rule":{"<":[{"var":"a"},{"var":"prev.nope"}]}}]`, "checks[0].rule=unknown_field"},
	}
	for _, c := range cases {
		_, err := ParseJSON([]byte(fmt.Sprintf(base, c.body)))
		got := ""
		var v *errs.ValidationError
		if errors.As(err, &v) {
			for _, fe := range v.Fields {
				got += fe.Field + "=" + fe.Code + " "
			}
		} else if err != nil {
			got = err.Error()
		}
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestCarryUnits(t *testing.T) {
	f, err := ParseJSON([]byte(`{"code":"cf","version":1,"title":"t","period_type":"year","org_types":["primary"],
		"sections":[{"key":"s","title":"节","carry_forward":true},{"key":"n","title":"不结转"}],
		"fields":[{"key":"a","label":"a","type":"integer","section":"s"},{"key":"x","label":"x","type":"integer","section":"n"},
		{"key":"b","label":"b","type":"integer","section":"s"},{"key":"c","label":"c","type":"text","carry_forward":true},
		{"key":"d","label":"d","type":"integer","carry_from":"a"},{"key":"e","label":"e","type":"integer"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range f.CarryUnits() {
		got = append(got, u.Key+":"+strings.Join(u.Fields, "+"))
	}
	if want := "s:a+b c:c d:d"; strings.Join(got, " ") != want {
		t.Fatalf("units %v, want %s", got, want)
	}
}
