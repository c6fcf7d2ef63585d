package authz

import (
	"context"
	"fmt"
	"testing"
)

type fakePolicy struct {
	perms [][4]string
	loads int
}

func (f *fakePolicy) Permissions(context.Context) ([][4]string, error) {
	f.loads++
	return f.perms, nil
}

var perms = [][4]string{
	{"sysadmin", "*", "*", "*"},
	{"filler", "*", "org", "read"},
	{"org_admin", "*", "user", "write"},
}

func TestSubtreeMatch(t *testing.T) {
	cases := []struct {
		req, grant string
		want       bool
	}{
		{"/1/", "/1/*", true},
		{"/1/7/42/", "/1/*", true},
		{"/1/7/", "/1/7/*", true},
		{"/1/70/", "/1/7/*", false}, // a sibling whose id starts with the same digits
		{"/1/", "/1/7/*", false},    // the parent
		{"/1/7/", "/1/7/", true},
		{"/1/7/42/", "/1/7/", false}, // without * a domain is exact
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("subtree-%s-in-%s", c.req, c.grant), func(t *testing.T) {
			if got := SubtreeMatch(c.req, c.grant); got != c.want {
				t.Fatalf("SubtreeMatch(%q, %q) = %v", c.req, c.grant, got)
			}
		})
	}
}

func TestEnforcer(t *testing.T) {
	en, err := NewEnforcer(context.Background(), &fakePolicy{perms: perms})
	if err != nil {
		t.Fatal(err)
	}
	grants := map[int64][]Grant{
		1: {{Role: "sysadmin", OrgPath: "/1/"}},
		2: {{Role: "filler", OrgPath: "/1/7/"}},
		3: {{Role: "org_admin", OrgPath: "/1/8/"}},
		4: nil, // no role: deny by default
	}
	cases := []struct {
		user     int64
		dom      string
		obj, act string
		want     bool
	}{
		{1, "/1/7/42/", "user", "write", true},
		{2, "/1/7/", "org", "read", true},
		{2, "/1/7/42/", "org", "read", true},
		{2, "/1/70/", "org", "read", false},
		{2, "/1/", "org", "read", false},
		{2, "/1/7/", "org", "write", false},
		{2, "/1/7/", "user", "read", false},
		{3, "/1/8/", "user", "write", true},
		{3, "/1/8/", "org", "read", false},
		{4, "/1/", "org", "read", false},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("allows-u%d-%s-%s-%s-%v", c.user, c.dom, c.obj, c.act, c.want), func(t *testing.T) {
			got, err := en.Allows(&Principal{UserID: c.user, Grants: grants[c.user]}, c.dom, c.obj, c.act)
			if err != nil || got != c.want {
				t.Fatalf("Allows = %v, %v; want %v", got, err, c.want)
			}
		})
	}

	t.Run("scope-covers-allowed-grants-only", func(t *testing.T) {
		p := &Principal{UserID: 2, Grants: []Grant{{Role: "filler", OrgPath: "/1/7/"}}}
		sc, err := en.Scope(p, "org", "read")
		if err != nil || fmt.Sprint(sc.Paths()) != "[/1/7/]" {
			t.Fatalf("scope %v, %v", sc.Paths(), err)
		}
		sc, err = en.Scope(p, "user", "write")
		if err != nil || !sc.Empty() {
			t.Fatalf("a filler has a user:write scope: %v", sc.Paths())
		}
	})
}
