package user

import (
	"context"
	"fmt"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// ErrAccountDisabled refuses a sign-in by another way than the password (single sign-on) to a
// disabled account.
var ErrAccountDisabled = errs.Coded(errs.ErrForbidden, "account_disabled", "this account is disabled")

// AuthenticateExternal admits user id signed in by an external identity provider: the account
// must be active and not locked out (the password lockout holds for every way in). On success
// it records the login (last login time, failure count cleared) and its audit row, with the
// method and provider, in one transaction.
func (s *Service) AuthenticateExternal(ctx context.Context, id int64, provider string) (User, error) {
	now := s.now()
	u, err := s.store.ByID(ctx, id)
	if err != nil {
		return User{}, fmt.Errorf("load the account of an external sign-in: %w", err)
	}
	if u.Status != StatusActive {
		return User{}, ErrAccountDisabled
	}
	if u.LockedUntil != nil && u.LockedUntil.After(now) {
		return User{}, &errs.TooManyError{RetryAfter: u.LockedUntil.Sub(now), Code: "account_locked"}
	}
	err = s.store.Tx(ctx, func(st *Store) error {
		if err := st.RecordSuccess(ctx, u.ID, now); err != nil {
			return err
		}
		e := loginEntry(u, "login.success")
		e.Detail = map[string]any{"method": "sso", "provider": provider}
		return st.record(ctx, s.audit, e)
	})
	if err != nil {
		return User{}, fmt.Errorf("record the external sign-in of user %d: %w", u.ID, err)
	}
	last := now
	u.LastLoginAt = &last
	return u, nil
}
