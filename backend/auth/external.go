package auth

import (
	"context"

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
