package authz

import (
	"context"
	"fmt"
	"testing"
)

// TestKeptDecisionsEqualCasbin: the answers roleCan keeps are casbin's, asked the first time and
// every time after, in both orders; with a rule for one domain the answer is kept per org path
// (a role allowed at /1/7/ is not thereby allowed at /1/8/), and the kept answers stay bounded.
func TestKeptDecisionsEqualCasbin(t *testing.T) {
	for _, tc := range []struct {
		name      string
		perms     [][4]string
		anyDomain bool
	}{
		{"every domain", append(append([][4]string{}, perms...), [4]string{"reviewer", "*", "submission", "read"}), true},
		{"one domain", append(append([][4]string{}, perms...), [4]string{"reviewer", "/1/7/", "submission", "read"}), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			en, err := NewEnforcer(context.Background(), &fakePolicy{perms: tc.perms})
			if err != nil {
				t.Fatal(err)
			}
			if en.anyDomain != tc.anyDomain {
				t.Fatalf("anyDomain = %v", en.anyDomain)
			}
			roles := []string{"sysadmin", "filler", "org_admin", "reviewer", "leader", "nobody"}
			paths := []string{"/1/", "/1/7/", "/1/8/", "/1/7/42/", ""}
			objs := [][2]string{{"org", "read"}, {"user", "write"}, {"submission", "read"}, {"rollup", "read"}, {"org", "write"}}
			for pass := range 3 {
				for i := range roles {
					role := roles[(i+pass)%len(roles)] // another order each pass
					for _, path := range paths {
						for _, oa := range objs {
							want, err := en.enforce(role, path, oa[0], oa[1])
							if err != nil {
								t.Fatal(err)
							}
							got, err := en.roleCan(role, path, oa[0], oa[1])
							if err != nil || got != want {
								t.Fatalf("pass %d: roleCan(%s, %s, %s, %s) = %v, %v; casbin says %v", pass, role, path, oa[0], oa[1], got, err, want)
							}
						}
					}
				}
			}
			if !tc.anyDomain {
				if ok, _ := en.roleCan("reviewer", "/1/7/", "submission", "read"); !ok {
					t.Fatal("reviewer not allowed in its rule's domain")
				}
				if ok, _ := en.roleCan("reviewer", "/1/8/", "submission", "read"); ok {
					t.Fatal("a decision kept for /1/7/ was given for /1/8/")
				}
				for i := range maxDecisions + 100 {
					if _, err := en.roleCan("reviewer", fmt.Sprintf("/1/%d/", i), "submission", "read"); err != nil {
						t.Fatal(err)
					}
				}
				n := 0
				en.decisions.Range(func(any, any) bool { n++; return true })
				if n > maxDecisions {
					t.Fatalf("%d decisions kept, more than %d", n, maxDecisions)
				}
			}
		})
	}
}
