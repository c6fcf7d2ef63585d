package user

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/tianbao-edu/tianbao/backend/audit"
	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// CreateMany validates every account by the rules of Create and, only when all pass, creates
// them in one transaction, so a batch is imported entirely or not at all. Every problem is a
// field error naming the row by its index in the batch ("rows[2].username"), including an org
// the actor may not manage (org_not_manageable on rows[i].org_id), a role it may not grant
// (role_not_grantable on rows[i].roles) and a username taken already or earlier in the batch
// (duplicate), so one answer lists everything to fix. It returns the new users' ids in order.
func (s *Service) CreateMany(ctx context.Context, actor *authz.Principal, sc scope.Scope, in []NewUser) ([]int64, error) {
	us, roles, err := s.checkMany(ctx, actor, sc, in)
	if err != nil {
		return nil, err
	}
	return s.createMany(ctx, actor, us, roles, in)
}

// CheckMany validates a batch as CreateMany would and creates nothing: an import's preview.
// It answers nil when CreateMany would accept the batch as it is now.
func (s *Service) CheckMany(ctx context.Context, actor *authz.Principal, sc scope.Scope, in []NewUser) error {
	_, _, err := s.checkMany(ctx, actor, sc, in)
	return err
}

// checkMany validates every row of a batch and returns the accounts and roles to create.
func (s *Service) checkMany(ctx context.Context, actor *authz.Principal, sc scope.Scope, in []NewUser) ([]User, [][]RoleInput, error) {
	v := &errs.ValidationError{}
	us := make([]User, len(in))
	roles := make([][]RoleInput, len(in))
	seen := make(map[string]int, len(in))
	for i := range in {
		prefix := fmt.Sprintf("rows[%d].", i)
		own, rs, err := s.checkNew(ctx, actor, sc, &in[i])
		var ve *errs.ValidationError
		var ce *errs.CodedError
		switch {
		case errors.As(err, &ve):
			for _, f := range ve.Fields {
				v.Add(prefix+f.Field, f.Code, f.Message)
			}
		case errors.As(err, &ce) && errors.Is(err, errs.ErrForbidden):
			field := "roles"
			if ce.Code == "org_not_manageable" {
				field = "org_id"
			}
			v.Add(prefix+field, ce.Code, ce.Message)
		case err != nil:
			return nil, nil, err
		}
		name := in[i].Username
		if name != "" && usernameRE.MatchString(name) {
			// Usernames compare case-insensitively on MySQL's default collation, so here too.
			key := strings.ToLower(name)
			if _, dup := seen[key]; dup {
				v.Add(prefix+"username", "duplicate", "this username appears on an earlier row")
			} else if _, err := s.store.ByUsername(ctx, name); err == nil {
				v.Add(prefix+"username", "duplicate", "this username is taken")
			} else if !errors.Is(err, errs.ErrNotFound) {
				return nil, nil, err
			}
			seen[key] = i
		}
		us[i] = User{Username: name, DisplayName: in[i].DisplayName, Phone: in[i].Phone, OrgID: own.ID,
			MustChangePassword: s.requireChange}
		roles[i] = rs
	}
	return us, roles, v.OrNil()
}

// createMany hashes the passwords of a checked batch and creates it in one transaction.
func (s *Service) createMany(ctx context.Context, actor *authz.Principal, us []User, roles [][]RoleInput, in []NewUser) ([]int64, error) {
	if err := s.hashAll(us, in); err != nil {
		return nil, err
	}
	var ids []int64
	err := s.store.Tx(ctx, func(st *Store) error {
		var err error
		if ids, err = st.CreateMany(ctx, us, roles); err != nil {
			return err
		}
		for i, id := range ids {
			if err := st.record(ctx, s.audit, audit.Entry{ActorID: &actor.UserID, OrgID: &us[i].OrgID, Action: "user.create",
				ObjectType: "user", ObjectID: strconv.FormatInt(id, 10),
				Detail: map[string]any{"username": us[i].Username, "roles": roles[i], "via": "import"}}); err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, errs.ErrConflict) {
		return nil, errs.Invalid("rows", "duplicate", "a username was taken while importing; try again")
	} else if err != nil {
		return nil, err
	}
	return ids, nil
}

// hashAll hashes the passwords of in into us, on every CPU: bcrypt is slow by design.
func (s *Service) hashAll(us []User, in []NewUser) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				h, err := s.hasher.Hash(in[i].Password)
				if err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					continue
				}
				us[i].PasswordHash = h
			}
		}()
	}
	for i := range in {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}
