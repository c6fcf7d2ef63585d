package auth

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm/clause"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/user"
)

// Tokens is what a login or refresh returns.
type Tokens struct {
	AccessToken  string
	RefreshToken string
	ExpiresIn    time.Duration
	User         user.User
}

// Policy holds the login limits.
type Policy struct {
	RefreshTTL       time.Duration
	LockoutThreshold int           // failures before an account locks
	LockoutWindow    time.Duration // lock duration
	AddressLimit     int           // failures from one address before it is blocked
}

// Service logs users in and out and rotates their sessions.
type Service struct {
	store  *Store
	users  *user.Service
	signer *Signer
	policy Policy
	now    func() time.Time
	obs    LoginObserver
	gate   func(ctx context.Context, u user.User) error // nil: every account may use its password
}

// LoginObserver counts login outcomes (the metrics); results are "success", "failure" (bad
// credentials) and "locked" (refused by a lockout or throttle without checking the password).
type LoginObserver interface {
	Login(result string)
	Lockout()
}

type noObserver struct{}

func (noObserver) Login(string) {}
func (noObserver) Lockout()     {}

// Observe sends every login outcome to o.
func (s *Service) Observe(o LoginObserver) { s.obs = o }

// NewService wires a Service.
func NewService(store *Store, users *user.Service, signer *Signer, p Policy, now func() time.Time) *Service {
	if p.AddressLimit == 0 {
		p.AddressLimit = 20
	}
	return &Service{store: store, users: users, signer: signer, policy: p, now: now, obs: noObserver{}}
}

// Signer returns the access-token signer, for the authentication middleware.
func (s *Service) Signer() *Signer { return s.signer }

// Login checks the credentials and starts a new session family.
func (s *Service) Login(ctx context.Context, username, password, remoteAddr string) (Tokens, error) {
	v := &errs.ValidationError{}
	if username == "" {
		v.Add("username", "required", "username is required")
	}
	if password == "" {
		v.Add("password", "required", "password is required")
	}
	if err := v.OrNil(); err != nil {
		return Tokens{}, err
	}
	now := s.now()
	addrKey := "addr:" + remoteAddr
	if wait, err := s.store.ThrottleLocked(ctx, addrKey, now); err != nil {
		return Tokens{}, err
	} else if wait > 0 {
		s.obs.Login("locked")
		return Tokens{}, &errs.TooManyError{RetryAfter: wait, Code: "too_many_attempts"}
	}
	// Every name, existing or not, locks after the same number of failures, so a 429 does not
	// tell an attacker which accounts exist.
	nameKey := "name:" + user.CanonicalUsername(username)
	if wait, err := s.store.ThrottleLocked(ctx, nameKey, now); err != nil {
		return Tokens{}, err
	} else if wait > 0 {
		s.obs.Login("locked")
		return Tokens{}, &errs.TooManyError{RetryAfter: wait, Code: "account_locked"}
	}
	if err := s.passwordGate(ctx, username); err != nil {
		return Tokens{}, err
	}
	u, err := s.users.Authenticate(ctx, username, password, s.policy.LockoutThreshold, s.policy.LockoutWindow)
	if err != nil {
		var tm *errs.TooManyError
		if errors.Is(err, errs.ErrUnauthorized) || errors.As(err, &tm) {
			// A TooManyError here is the failure that locked the account (once locked, the name
			// throttle above refuses before the password is checked).
			s.obs.Login("failure")
			if tm != nil {
				s.obs.Lockout()
			}
			if _, terr := s.store.ThrottleFail(ctx, addrKey, s.policy.AddressLimit, s.policy.LockoutWindow, now); terr != nil {
				return Tokens{}, terr
			}
			locked, terr := s.store.ThrottleFail(ctx, nameKey, s.policy.LockoutThreshold, s.policy.LockoutWindow, now)
			if terr != nil {
				return Tokens{}, terr
			}
			// The name throttle locks known and unknown names on the same failure, and that
			// failure is answered as the lockout whether or not an account exists.
			if locked && tm == nil {
				return Tokens{}, &errs.TooManyError{RetryAfter: s.policy.LockoutWindow, Code: "account_locked"}
			}
		}
		return Tokens{}, err
	}
	if err := s.store.ThrottleReset(ctx, nameKey); err != nil {
		return Tokens{}, err
	}
	t, err := s.issue(ctx, u, uuid.NewString())
	if err == nil {
		s.obs.Login("success")
	}
	return t, err
}

func (s *Service) issue(ctx context.Context, u user.User, family string) (Tokens, error) {
	access, err := s.signer.SignSession(u.ID, u.TokenVersion, family)
	if err != nil {
		return Tokens{}, err
	}
	refresh, hash := newRefreshToken()
	if err := s.store.SaveRefresh(ctx, hash, family, u.ID, s.now().Add(s.policy.RefreshTTL)); err != nil {
		return Tokens{}, err
	}
	return Tokens{AccessToken: access, RefreshToken: refresh, ExpiresIn: s.signer.TTL(), User: u}, nil
}

var errBadRefresh = errs.Coded(errs.ErrUnauthorized, "invalid_refresh_token", "the session has expired; please log in again")

// Refresh rotates a refresh token: the old one is consumed and a new pair issued in the same
// family. Presenting a consumed token revokes the family.
func (s *Service) Refresh(ctx context.Context, token string) (Tokens, error) {
	if token == "" {
		return Tokens{}, errs.Invalid("refresh_token", "required", "refresh_token is required")
	}
	uid, family, err := s.store.UseRefresh(ctx, hashToken(token), s.now())
	if err != nil {
		if errors.Is(err, errs.ErrUnauthorized) {
			var ce *errs.CodedError
			if errors.As(err, &ce) {
				return Tokens{}, err
			}
			return Tokens{}, errBadRefresh
		}
		return Tokens{}, err
	}
	u, err := s.users.ByID(ctx, uid)
	if err != nil {
		if errors.Is(err, errs.ErrNotFound) {
			return Tokens{}, errBadRefresh
		}
		return Tokens{}, err
	}
	if u.Status != user.StatusActive {
		return Tokens{}, errBadRefresh
	}
	return s.issue(ctx, u, family)
}

// Logout revokes the session family of a refresh token.
func (s *Service) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	_, err := s.store.RevokeByToken(ctx, hashToken(token), s.now())
	return err
}

// SessionLive reports whether an access token's session is still live: a token without a
// session, or whose session was logged out or revoked for refresh-token reuse, is not.
func (s *Service) SessionLive(ctx context.Context, sid string) (bool, error) {
	if sid == "" {
		return false, nil
	}
	return s.store.SessionLive(ctx, sid)
}

// SessionCheck is SessionLive as a boolean SQL expression (see Store.LiveSessionCheck), so the
// authentication of a request reads the user and its session in one statement; "" is never live.
func (s *Service) SessionCheck(sid string) clause.Expr {
	if sid == "" {
		return clause.Expr{SQL: "1 = 0"}
	}
	return s.store.LiveSessionCheck(sid)
}

// ChangePassword changes the caller's password and ends every other session; it returns a
// fresh pair so the caller stays signed in. A wrong current password counts toward the same
// lockout as a failed login, so a stolen access token cannot be used to guess the password.
func (s *Service) ChangePassword(ctx context.Context, userID int64, current, next string) (Tokens, error) {
	u0, err := s.users.ByID(ctx, userID)
	if err != nil {
		return Tokens{}, err
	}
	now := s.now()
	nameKey := "name:" + user.CanonicalUsername(u0.Username)
	if wait, err := s.store.ThrottleLocked(ctx, nameKey, now); err != nil {
		return Tokens{}, err
	} else if wait > 0 {
		s.obs.Login("locked")
		return Tokens{}, &errs.TooManyError{RetryAfter: wait, Code: "account_locked"}
	}
	if err := s.users.ChangeOwnPassword(ctx, userID, current, next); err != nil {
		if isWrongPassword(err) {
			s.obs.Login("failure")
			locked, terr := s.store.ThrottleFail(ctx, nameKey, s.policy.LockoutThreshold, s.policy.LockoutWindow, now)
			if terr != nil {
				return Tokens{}, terr
			}
			if locked {
				s.obs.Lockout()
			}
		}
		return Tokens{}, err
	}
	if err := s.store.ThrottleReset(ctx, nameKey); err != nil {
		return Tokens{}, err
	}
	if err := s.store.RevokeUser(ctx, userID, s.now()); err != nil {
		return Tokens{}, err
	}
	u, err := s.users.ByID(ctx, userID)
	if err != nil {
		return Tokens{}, err
	}
	return s.issue(ctx, u, uuid.NewString())
}

// isWrongPassword reports whether err is ChangeOwnPassword's answer to a wrong current password.
func isWrongPassword(err error) bool {
	var v *errs.ValidationError
	if !errors.As(err, &v) {
		return false
	}
	for _, f := range v.Fields {
		if f.Field == "current_password" && f.Code == "wrong_password" {
			return true
		}
	}
	return false
}
