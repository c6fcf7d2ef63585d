package form

import (
	"encoding/json"
	"testing"

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
