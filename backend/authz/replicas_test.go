package authz

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"
)

// sharedPolicy is a fakePolicy with a version, like two replicas' view of one database.
type sharedPolicy struct {
	mu      sync.Mutex
	perms   [][4]string
	as      []Assignment
	version int
	loads   int
}

func (f *sharedPolicy) Permissions(context.Context) ([][4]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.loads++
	return f.perms, nil
}

func (f *sharedPolicy) Assignments(context.Context) ([]Assignment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Assignment(nil), f.as...), nil
}

func (f *sharedPolicy) PolicyVersion(context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return fmt.Sprint(f.version), nil
}

func (f *sharedPolicy) BumpPolicyVersion(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.version++
	return nil
}

func (f *sharedPolicy) setAssignments(as []Assignment) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.as = as
}

func TestReplicasStayInStep(t *testing.T) {
	ctx := context.Background()
	src := &sharedPolicy{perms: perms, as: []Assignment{{UserID: 1, Role: "sysadmin", OrgPath: "/1/"}}}
	a, err := NewEnforcer(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewEnforcer(ctx, src)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("refresh-without-change-loads-nothing", func(t *testing.T) {
		before := src.loads
		if reloaded, err := b.Refresh(ctx); err != nil || reloaded {
			t.Fatalf("Refresh = %v, %v with no change", reloaded, err)
		}
		if src.loads != before {
			t.Fatal("Refresh without a version change read the policy")
		}
	})

	t.Run("reload-on-a-bumps-b-refreshes", func(t *testing.T) {
		src.setAssignments(nil) // the sysadmin is revoked through A
		if err := a.Reload(ctx); err != nil {
			t.Fatal(err)
		}
		if ok, _ := a.Can(1, "/1/", "org", "read"); ok {
			t.Fatal("A keeps the revoked role")
		}
		if ok, _ := b.Can(1, "/1/", "org", "read"); !ok {
			t.Fatal("B reloaded without being told (the test assumes it has not yet)")
		}
		if reloaded, err := b.Refresh(ctx); err != nil || !reloaded {
			t.Fatalf("Refresh after a bump = %v, %v", reloaded, err)
		}
		if ok, _ := b.Can(1, "/1/", "org", "read"); ok {
			t.Fatal("B keeps the revoked role after Refresh")
		}
		if a.Version() != b.Version() {
			t.Fatalf("versions differ: %q vs %q", a.Version(), b.Version())
		}
	})

	t.Run("watch-reloads-within-the-interval", func(t *testing.T) {
		wctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			b.Watch(wctx, 20*time.Millisecond, slog.New(slog.NewTextHandler(io.Discard, nil)))
			close(done)
		}()
		src.setAssignments([]Assignment{{UserID: 2, Role: "filler", OrgPath: "/1/7/"}})
		if err := a.Reload(ctx); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(2 * time.Second)
		for {
			if ok, _ := b.Can(2, "/1/7/", "org", "read"); ok {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("Watch did not pick up the new grant")
			}
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
		<-done
	})
}

// A replica whose in-memory assignments are stale (it has not reloaded yet) must not grant
// anything through them: Scope and Allows go by the principal's grants from the database.
func TestStaleAssignmentsGrantNothing(t *testing.T) {
	ctx := context.Background()
	src := &fakePolicy{perms: perms, as: []Assignment{
		{UserID: 5, Role: "sysadmin", OrgPath: "/1/"},
		{UserID: 5, Role: "filler", OrgPath: "/1/7/"},
	}}
	en, err := NewEnforcer(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	// The database now says: the sysadmin role is gone, the filler role stays. en has not reloaded.
	p := &Principal{UserID: 5, Grants: []Grant{{Role: "filler", OrgPath: "/1/7/"}}}
	if ok, _ := en.Can(5, "/1/7/", "user", "write"); !ok {
		t.Fatal("setup: the stale in-memory sysadmin role should still answer Can")
	}
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
}
