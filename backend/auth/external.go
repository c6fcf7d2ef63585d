package auth

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/user"
)

// LoginExternal starts a session for user id, whom an external identity provider has signed
// in and the caller has matched to the account (single sign-on). The account's lockout and
// status hold as for a password login, and the session is an ordinary one: the same refresh
// rotation, revocation and logout.
func (s *Service) LoginExternal(ctx context.Context, id int64, provider string) (Tokens, error) {
	u0, err := s.users.ByID(ctx, id)
	if err != nil {
		return Tokens{}, err
	}
	if wait, err := s.store.ThrottleLocked(ctx, "name:"+user.CanonicalUsername(u0.Username), s.now()); err != nil {
		return Tokens{}, err
	} else if wait > 0 {
		s.obs.Login("locked")
		return Tokens{}, &errs.TooManyError{RetryAfter: wait, Code: "account_locked"}
	}
	u, err := s.users.AuthenticateExternal(ctx, id, provider)
	if err != nil {
		return Tokens{}, err
	}
	t, err := s.issue(ctx, u, uuid.NewString())
	if err == nil {
		s.obs.Login("success")
	}
	return t, err
}

// GatePassword makes every password login ask gate first: an error (e.g. the account's org
// requires single sign-on) refuses the login before the password is checked.
func (s *Service) GatePassword(gate func(ctx context.Context, u user.User) error) { s.gate = gate }

// passwordGate applies the gate to the account named username; an unknown name passes (the
// password check then fails as usual).
func (s *Service) passwordGate(ctx context.Context, username string) error {
	if s.gate == nil {
		return nil
	}
	u, err := s.users.ByUsername(ctx, username)
	if errors.Is(err, errs.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	return s.gate(ctx, u)
}
