package rollup

import "testing"

// TestDerivedKeptPerVersion: a value SummaryDerived keeps is returned only at the version it was
// kept under and only for its own kind and summary key; a newer version replaces it; the cache
// stays within maxDerived entries.
func TestDerivedKeptPerVersion(t *testing.T) {
	var c summaryCache
	district := derivedKey{kind: "a", summaryKey: summaryKey{scope: "/1/", period: "2025", basis: BasisApproved}}
	town := derivedKey{kind: "a", summaryKey: summaryKey{scope: "/1/32/", period: "2025", basis: BasisApproved}}
	other := derivedKey{kind: "b", summaryKey: district.summaryKey}
	all := derivedKey{kind: "a", summaryKey: summaryKey{scope: "/1/", period: "2025", basis: BasisAll}}

	if _, ok := c.derivedAt(district, "v1"); ok {
		t.Fatal("an empty cache returned a value")
	}
	c.putDerived(district, "v1", "district@v1")
	if v, ok := c.derivedAt(district, "v1"); !ok || v != "district@v1" {
		t.Fatalf("kept value: %v %v", v, ok)
	}
	for _, k := range []derivedKey{town, other, all} {
		if v, ok := c.derivedAt(k, "v1"); ok {
			t.Fatalf("%+v got another key's value %v", k, v)
		}
	}
	if _, ok := c.derivedAt(district, "v2"); ok {
		t.Fatal("a value kept at v1 was returned at v2")
	}
	c.putDerived(district, "v2", "district@v2")
	if _, ok := c.derivedAt(district, "v1"); ok {
		t.Fatal("the v1 value survived its replacement")
	}
	if v, ok := c.derivedAt(district, "v2"); !ok || v != "district@v2" {
		t.Fatalf("v2 value: %v %v", v, ok)
	}
	for i := range 3 * maxDerived {
		c.putDerived(derivedKey{kind: "a", summaryKey: summaryKey{scope: "/1/", period: string(rune('a' + i%26)), basis: Basis(rune(i))}}, "v", i)
		if len(c.derived) > maxDerived {
			t.Fatalf("%d entries, more than %d", len(c.derived), maxDerived)
		}
	}
}
