package submission

import (
	"fmt"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// A seat acts on what waits at its level or under it, below itself, in its subtree; one-step
// review is any seat over the org.
func TestSeatCovers(t *testing.T) {
	district := Seat{Path: "/1/", Level: vocab.LevelDistrict}
	town := Seat{Path: "/1/7/", Level: vocab.LevelTown}
	centre := Seat{Path: "/1/7/42/", Level: vocab.LevelSchool}
	dept := Seat{Path: "/1/9/"}
	sub := func(path string, l vocab.ReviewLevel) Submission {
		return Submission{Status: StatusSubmitted, OrgPath: path, ReviewLevel: l}
	}
	for _, c := range []struct {
		name string
		seat Seat
		sub  Submission
		want bool
	}{
		{"town-at-town", town, sub("/1/7/42/", vocab.LevelTown), true},
		{"town-above-its-level", town, sub("/1/7/42/", vocab.LevelDistrict), false},
		{"town-for-school-level", town, sub("/1/7/42/50/", vocab.LevelSchool), true},
		{"town-other-town", town, sub("/1/8/42/", vocab.LevelTown), false},
		{"town-its-own-submission", town, sub("/1/7/", vocab.LevelTown), false},
		{"town-path-prefix-digits", town, sub("/1/70/42/", vocab.LevelTown), false},
		{"district-anything-below", district, sub("/1/7/42/", vocab.LevelSchool), true},
		{"district-the-root-itself", district, sub("/1/", vocab.LevelDistrict), true},
		{"centre-its-village", centre, sub("/1/7/42/50/", vocab.LevelSchool), true},
		{"centre-itself", centre, sub("/1/7/42/", vocab.LevelSchool), false},
		{"centre-at-town", centre, sub("/1/7/42/50/", vocab.LevelTown), false},
		{"no-level-seat-one-step", dept, sub("/1/9/3/", ""), true},
		{"no-level-seat-levels", dept, sub("/1/9/3/", vocab.LevelDistrict), false},
		{"not-submitted", district, Submission{Status: StatusApproved, OrgPath: "/1/7/"}, false},
	} {
		if got := c.seat.Covers(c.sub); got != c.want {
			t.Errorf("%s: Covers = %v, want %v", c.name, got, c.want)
		}
	}
	if l, ok := deciding([]Seat{town, district}, vocab.LevelTown, "/1/7/42/"); !ok || l != vocab.LevelDistrict {
		t.Errorf("a reviewer at the town and the bureau decides at %q, want the bureau", l)
	}
}

func TestChainSteps(t *testing.T) {
	chain := []vocab.ReviewLevel{vocab.LevelSchool, vocab.LevelDistrict} // the town skipped
	if n, ok := above(chain, vocab.LevelSchool); !ok || n != vocab.LevelDistrict {
		t.Errorf("above school = %q %v", n, ok)
	}
	if n, ok := above(chain, vocab.LevelTown); !ok || n != vocab.LevelDistrict {
		t.Errorf("above town (acting for the school) = %q %v", n, ok)
	}
	if _, ok := above(chain, vocab.LevelDistrict); ok {
		t.Error("something above the district")
	}
	if p, ok := below(chain, vocab.LevelDistrict); !ok || p != vocab.LevelSchool {
		t.Errorf("below district = %q %v", p, ok)
	}
	if _, ok := below(chain, vocab.LevelSchool); ok {
		t.Error("something below the first level")
	}
	if fmt.Sprint(parseChain(formatChain(chain))) != fmt.Sprint(chain) || parseChain("") != nil {
		t.Error("chain does not round-trip")
	}
}
