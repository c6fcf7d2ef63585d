package submission

import (
	"encoding/json"
	"fmt"
	"testing"
)

func TestDiff(t *testing.T) {
	num := func(s string) json.Number { return json.Number(s) }
	cases := []struct {
		name      string
		old, next map[string]any
		want      string
	}{
		{"diff-empty", map[string]any{}, map[string]any{}, "map[]"},
		{"diff-added", map[string]any{}, map[string]any{"a": "1.00"}, "map[a:{<nil> 1.00}]"},
		{"diff-removed", map[string]any{"a": "1.00"}, map[string]any{}, "map[a:{1.00 <nil>}]"},
		{"diff-changed", map[string]any{"a": "1.00", "b": true}, map[string]any{"a": "1.10", "b": true}, "map[a:{1.00 1.10}]"},
		// Stored values come back as json.Number; the same number must not count as a change.
		{"diff-number-kinds-equal", map[string]any{"n": num("3")}, map[string]any{"n": int64(3)}, "map[]"},
		{"diff-rows", map[string]any{"g": []any{map[string]any{"x": num("1")}}}, map[string]any{"g": []map[string]any{{"x": int64(2)}}},
			"map[g:{[map[x:1]] [map[x:2]]}]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := fmt.Sprint(diff(c.old, c.next)); got != c.want {
				t.Fatalf("got %s, want %s", got, c.want)
			}
		})
	}
}

func TestStatusEditable(t *testing.T) {
	want := map[Status]bool{StatusDraft: true, StatusReturned: true, StatusSubmitted: false, StatusApproved: false, "": false}
	for s, w := range want {
		if s.Editable() != w {
			t.Fatalf("%q.Editable() = %v", s, !w)
		}
	}
}
