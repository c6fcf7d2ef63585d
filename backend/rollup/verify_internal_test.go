package rollup

import "testing"

func TestDiffRowsIsAMultisetDifference(t *testing.T) {
	missing, extra := diffRows([]string{"a", "a", "b"}, []string{"a", "b", "b", "c"})
	if missing != 2 || extra != 1 { // b and c missing; one a extra
		t.Fatalf("missing %d, extra %d", missing, extra)
	}
	if m, e := diffRows([]string{"x"}, []string{"x"}); m+e != 0 {
		t.Fatal("equal lists differ")
	}
}
