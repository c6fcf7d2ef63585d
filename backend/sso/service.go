package sso

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/audit"
	"github.com/tianbao-edu/tianbao/backend/auth"
	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/user"
)

// Deps are what a Service needs.
type Deps struct {
	Store     *Store
	Providers []Provider // in the order the login page shows them
	Auth      *auth.Service
	Users     *user.Service
	Orgs      *org.Service
	Audit     *audit.Log
	Now       func() time.Time
	StateTTL  time.Duration // how long a started sign-in may take; 10 minutes when zero
}

// Service runs the sign-in flows and the linking of identities.
type Service struct {
	store     *Store
	providers map[string]Provider
	order     []ProviderInfo
	auth      *auth.Service
	users     *user.Service
	orgs      *org.Service
	audit     *audit.Log
	now       func() time.Time
	ttl       time.Duration
}

// NewService wires a Service.
func NewService(d Deps) *Service {
	s := &Service{store: d.Store, providers: map[string]Provider{}, auth: d.Auth, users: d.Users, orgs: d.Orgs, audit: d.Audit, now: d.Now, ttl: d.StateTTL}
	if s.ttl <= 0 {
		s.ttl = 10 * time.Minute
	}
	for _, p := range d.Providers {
		s.providers[p.Info().ID] = p
		s.order = append(s.order, p.Info())
	}
	return s
}

// Providers lists the configured providers.
func (s *Service) Providers() []ProviderInfo { return append([]ProviderInfo(nil), s.order...) }

func (s *Service) provider(id string) (Provider, error) {
	p, ok := s.providers[id]
	if !ok {
		return nil, ErrProviderUnknown
	}
	return p, nil
}

// StartLogin begins a sign-in with provider and returns the address to send the browser to;
// inApp says the browser is the provider's own app.
func (s *Service) StartLogin(ctx context.Context, provider string, inApp bool) (string, error) {
	return s.start(ctx, provider, PurposeLogin, nil, inApp)
}

// StartLink begins the signed-in user's own linking of an identity of provider.
func (s *Service) StartLink(ctx context.Context, userID int64, provider string, inApp bool) (string, error) {
	return s.start(ctx, provider, PurposeLink, &userID, inApp)
}

func (s *Service) start(ctx context.Context, provider, purpose string, userID *int64, inApp bool) (string, error) {
	p, err := s.provider(provider)
	if err != nil {
		return "", err
	}
	state, nonce := random(), random()
	verifier := oauth2.GenerateVerifier()
	u, err := p.AuthURL(ctx, AuthRequest{State: state, Nonce: nonce, Verifier: verifier, InApp: inApp})
	if err != nil {
		return "", err
	}
	now := s.now()
	pd := pending{Provider: provider, Purpose: purpose, UserID: userID, Nonce: nonce, Verifier: verifier}
	if err := s.store.SaveState(ctx, hash(state), pd, now, now.Add(s.ttl)); err != nil {
		return "", err
	}
	return u, nil
}

// finish consumes state (once), checks it belongs to this flow and returns the verified
// subject of the provider's answer.
func (s *Service) finish(ctx context.Context, purpose string, userID *int64, state, code string) (pending, string, error) {
	v := &errs.ValidationError{}
	if state == "" {
		v.Add("state", "required", "state is required")
	}
	if code == "" {
		v.Add("code", "required", "code is required")
	}
	if err := v.OrNil(); err != nil {
		return pending{}, "", err
	}
	pd, err := s.store.TakeState(ctx, hash(state), s.now())
	if err != nil {
		return pending{}, "", err
	}
	if pd.Purpose != purpose || (userID != nil && (pd.UserID == nil || *pd.UserID != *userID)) {
		return pending{}, "", ErrState
	}
	p, err := s.provider(pd.Provider)
	if err != nil {
		return pending{}, "", err
	}
	sub, err := p.Subject(ctx, code, pd.Verifier, pd.Nonce)
	if err != nil {
		return pending{}, "", err
	}
	return pd, sub, nil
}

// FinishLogin completes a sign-in: the provider's answer is verified, the identity must be
// linked to an account, and that account gets an ordinary Tianbao session.
func (s *Service) FinishLogin(ctx context.Context, state, code string) (auth.Tokens, error) {
	pd, sub, err := s.finish(ctx, PurposeLogin, nil, state, code)
	if err != nil {
		return auth.Tokens{}, err
	}
	id, err := s.store.BySubject(ctx, pd.Provider, sub)
	if errors.Is(err, errs.ErrNotFound) {
		return auth.Tokens{}, ErrNotLinked
	} else if err != nil {
		return auth.Tokens{}, err
	}
	return s.auth.LoginExternal(ctx, id.UserID, pd.Provider)
}

// FinishLink completes the signed-in user's own linking: the identity the provider vouched for
// is linked to userID, with its audit row in the same transaction.
func (s *Service) FinishLink(ctx context.Context, userID int64, state, code string) (Identity, error) {
	pd, sub, err := s.finish(ctx, PurposeLink, &userID, state, code)
	if err != nil {
		return Identity{}, err
	}
	u, err := s.users.ByID(ctx, userID)
	if err != nil {
		return Identity{}, fmt.Errorf("load the account to link: %w", err)
	}
	return s.insert(ctx, u, nil, pd.Provider, sub, "self")
}

// Link is an administrator's linking of provider's subject to user id, which must be in sc (the
// caller's user-write scope; outside it the user is not found).
func (s *Service) Link(ctx context.Context, actor *authz.Principal, sc scope.Scope, id int64, provider, subject string) (Identity, error) {
	subject = strings.TrimSpace(subject)
	v := &errs.ValidationError{}
	if _, ok := s.providers[provider]; !ok {
		v.Add("provider", "unknown", "no such sign-in provider is configured")
	}
	if subject == "" {
		v.Add("subject", "required", "subject is required")
	} else if len(subject) > 191 {
		v.Add("subject", "too_long", "subject is at most 191 characters")
	}
	u, err := s.users.Get(ctx, sc, id)
	if err != nil {
		return Identity{}, err
	}
	if err := v.OrNil(); err != nil {
		return Identity{}, err
	}
	return s.insert(ctx, u, &actor.UserID, provider, subject, "admin")
}

func (s *Service) insert(ctx context.Context, u user.User, by *int64, provider, subject, via string) (Identity, error) {
	var out Identity
	err := s.store.Tx(ctx, func(st *Store, tx *gorm.DB) error {
		var err error
		out, err = st.Insert(ctx, Identity{UserID: u.ID, Provider: provider, Subject: subject, LinkedBy: by, CreatedAt: s.now()})
		if err != nil {
			return err
		}
		actor := by
		if actor == nil {
			actor = &u.ID
		}
		return s.audit.Record(ctx, tx, audit.Entry{ActorID: actor, OrgID: &u.OrgID, Action: "identity.link", ObjectType: "user",
			ObjectID: strconv.FormatInt(u.ID, 10), Detail: map[string]any{"provider": provider, "subject": subject, "via": via}})
	})
	return out, err
}

// Identities lists the identities of user id, which must be in sc.
func (s *Service) Identities(ctx context.Context, sc scope.Scope, id int64) ([]Identity, error) {
	if _, err := s.users.Get(ctx, sc, id); err != nil {
		return nil, err
	}
	return s.store.ForUser(ctx, id)
}

// OwnIdentities lists the signed-in user's identities.
func (s *Service) OwnIdentities(ctx context.Context, userID int64) ([]Identity, error) {
	return s.store.ForUser(ctx, userID)
}

// Unlink removes identity identityID of user id (in sc), audited in the same transaction.
func (s *Service) Unlink(ctx context.Context, actor *authz.Principal, sc scope.Scope, id, identityID int64) error {
	u, err := s.users.Get(ctx, sc, id)
	if err != nil {
		return err
	}
	return s.store.Tx(ctx, func(st *Store, tx *gorm.DB) error {
		gone, err := st.Delete(ctx, u.ID, identityID)
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{ActorID: &actor.UserID, OrgID: &u.OrgID, Action: "identity.unlink", ObjectType: "user",
			ObjectID: strconv.FormatInt(u.ID, 10), Detail: map[string]any{"provider": gone.Provider, "subject": gone.Subject}})
	})
}

// random is 128 bits of randomness as text (state and nonce).
func random() string { return rand.Text() }

// hash is how a state is kept: its SHA-256, so the table never holds a usable state.
func hash(state string) string {
	h := sha256.Sum256([]byte(state))
	return hex.EncodeToString(h[:])
}

// ErrRequired refuses a password login to an account of an org that requires single sign-on.
var ErrRequired = errs.Coded(errs.ErrForbidden, "sso_required", "your organisation signs in through single sign-on; use the sign-in button for your platform")

// PasswordAllowed is the password login's gate (auth.Service.GatePassword): an account of an
// org that requires single sign-on may not sign in with a password while a provider is configured.
func (s *Service) PasswordAllowed(ctx context.Context, u user.User) error {
	if len(s.providers) == 0 {
		return nil // nothing to sign in with: never lock everyone out
	}
	req, err := s.store.Required(ctx, u.OrgID)
	if err != nil {
		return err
	}
	if req {
		return ErrRequired
	}
	return nil
}

// Required reports whether org id (in sc) requires single sign-on.
func (s *Service) Required(ctx context.Context, sc scope.Scope, orgID int64) (bool, error) {
	if _, err := s.orgs.Get(ctx, sc, orgID); err != nil {
		return false, err
	}
	return s.store.Required(ctx, orgID)
}

// SetRequired requires single sign-on for the accounts of org id (in sc), or lifts that; a change
// is audited (org.sso_required) in its transaction.
func (s *Service) SetRequired(ctx context.Context, actor *authz.Principal, sc scope.Scope, orgID int64, required bool) error {
	o, err := s.orgs.Get(ctx, sc, orgID)
	if err != nil {
		return err
	}
	return s.store.Tx(ctx, func(st *Store, tx *gorm.DB) error {
		changed, err := st.SetRequired(ctx, o.ID, required, actor.UserID, s.now())
		if err != nil || !changed {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{ActorID: &actor.UserID, OrgID: &o.ID, Action: "org.sso_required", ObjectType: "org",
			ObjectID: strconv.FormatInt(o.ID, 10), Detail: map[string]any{"required": required}})
	})
}
