package scope

import (
	"fmt"
	"testing"
)

func TestOf(t *testing.T) {
	cases := []struct {
		name string
		in   []string
		want string
	}{
		{"scope-empty", nil, "[]"},
		{"scope-drops-blank", []string{""}, "[]"},
		{"scope-drops-covered-paths", []string{"/1/7/42/", "/1/7/", "/1/8/"}, "[/1/7/ /1/8/]"},
		{"scope-keeps-siblings-with-common-digits", []string{"/1/70/", "/1/7/"}, "[/1/7/ /1/70/]"},
		{"scope-root-covers-all", []string{"/1/9/", "/1/"}, "[/1/]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := fmt.Sprint(Of(c.in...).Paths()); got != c.want {
				t.Fatalf("Of(%v) = %s, want %s", c.in, got, c.want)
			}
		})
	}
}

func TestContains(t *testing.T) {
	s := Of("/1/7/")
	for path, want := range map[string]bool{"/1/7/": true, "/1/7/42/": true, "/1/70/": false, "/1/": false, "": false} {
		if got := s.Contains(path); got != want {
			t.Errorf("Contains(%q) = %v, want %v", path, got, want)
		}
	}
	if (Scope{}).Contains("/1/") || !(Scope{}).Empty() {
		t.Error("the zero scope must match nothing")
	}
}
