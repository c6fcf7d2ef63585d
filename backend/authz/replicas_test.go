package authz

import (
	"context"
	"fmt"
	"testing"
)

// One mechanism: the enforcer reads the permission rules once, and every decision goes by the
// grants the principal carries (read from the database with the user on every request). A role
// revoked through another replica is gone at that replica's next request with nothing to
// reload, and a principal whose grants changed gets the new answer from the same enforcer.
func TestDecisionsFollowTheGrants(t *testing.T) {
	ctx := context.Background()
	src := &fakePolicy{perms: perms}
	en, err := NewEnforcer(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	before := &Principal{UserID: 5, Grants: []Grant{{Role: "sysadmin", OrgPath: "/1/"}, {Role: "filler", OrgPath: "/1/7/"}}}
	if ok, err := en.Allows(before, "/1/7/", "user", "write"); err != nil || !ok {
		t.Fatalf("setup: the sysadmin grant should allow user:write: %v, %v", ok, err)
	}
	// The database now says: the sysadmin role is gone, the filler role stays.
	p := &Principal{UserID: 5, Grants: []Grant{{Role: "filler", OrgPath: "/1/7/"}}}
	sc, err := en.Scope(p, "user", "write")
	if err != nil || !sc.Empty() {
		t.Fatalf("Scope grants user:write through a revoked role: %v, %v", sc.Paths(), err)
	}
	if ok, err := en.Allows(p, "/1/7/", "user", "write"); err != nil || ok {
		t.Fatalf("Allows grants user:write through a revoked role: %v, %v", ok, err)
	}
	if ok, err := en.Allows(p, "/1/7/42/", "org", "read"); err != nil || !ok {
		t.Fatalf("Allows refuses what the filler grant allows: %v, %v", ok, err)
	}
	if ok, err := en.Allows(p, "/1/8/", "org", "read"); err != nil || ok {
		t.Fatalf("Allows outside the grant's subtree: %v, %v", ok, err)
	}
	sc, err = en.Scope(p, "org", "read")
	if err != nil || fmt.Sprint(sc.Paths()) != "[/1/7/]" {
		t.Fatalf("scope %v, %v", sc.Paths(), err)
	}
	if src.loads != 1 {
		t.Fatalf("the permission rules were read %d times; once, at start, is the design", src.loads)
	}
}
