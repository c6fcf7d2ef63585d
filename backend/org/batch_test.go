package org

import "testing"

func TestParseType(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Type
		ok   bool
	}{
		{"primary", TypePrimary, true},
		{" Primary ", TypePrimary, true},
		{"小学", TypePrimary, true},
		{"九年一贯制学校", TypeNineYear, true},
		{"幼儿园", TypeKindergarten, true},
		{"university", "", false},
		{"", "", false},
	} {
		got, ok := ParseType(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseType(%q) = %q %v, want %q %v", c.in, got, ok, c.want, c.ok)
		}
	}
	for _, ty := range Types {
		if back, ok := ParseType(ty.Label()); !ok || back != ty {
			t.Errorf("label %q of %s does not parse back", ty.Label(), ty)
		}
	}
}

func TestParseOwnership(t *testing.T) {
	for in, want := range map[string]string{"公办": OwnershipPublic, "民办": OwnershipPrivate, "Public": OwnershipPublic, "": "", "mixed": "mixed"} {
		if got := ParseOwnership(in); got != want {
			t.Errorf("ParseOwnership(%q) = %q, want %q", in, got, want)
		}
	}
	if OwnershipLabel(OwnershipPrivate) != "民办" {
		t.Error("private label")
	}
}
