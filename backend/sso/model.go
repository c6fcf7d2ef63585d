// Package sso signs people in with external identity providers (OpenID Connect: authorization
// code with PKCE, state and nonce, the ID token verified against the provider's published keys)
// and keeps the external identities linked to Tianbao users. An identity names one user; it is
// linked by an administrator of the user's org or by the user once after a password login, and
// an identity nobody linked is refused, never turned into an account. A linked sign-in gets
// Tianbao's own session from the auth service.
package sso

import (
	"time"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// Purposes of a sign-in in flight.
const (
	PurposeLogin = "login" // start a session
	PurposeLink  = "link"  // link the identity to the signed-in user who started it
)

// Identity is an external identity linked to a user.
type Identity struct {
	ID        int64
	UserID    int64
	Provider  string
	Subject   string
	LinkedBy  *int64 // the administrator who linked it; nil: the user after a sign-in
	CreatedAt time.Time
}

// ProviderInfo is a configured provider as the login page shows it.
type ProviderInfo struct {
	ID   string
	Name string
}

// pending is a sign-in in flight: what the callback must match.
type pending struct {
	Provider string
	Purpose  string
	UserID   *int64
	Nonce    string
	Verifier string
}

// Errors the API maps to problem codes.
var (
	// ErrState: the state is unknown, already used, expired or of another flow (a replay).
	ErrState = &errs.ValidationError{Code: "sso_state_invalid",
		Fields: []errs.FieldError{{Field: "state", Code: "invalid", Message: "this sign-in is unknown, expired or already used; start again"}}}
	// ErrToken: the provider's answer failed verification (signature, issuer, audience, expiry, nonce).
	ErrToken = errs.Coded(errs.ErrUnauthorized, "sso_token_invalid", "the identity provider's token could not be verified")
	// ErrCode: the provider refused to exchange the authorization code.
	ErrCode = errs.Coded(errs.ErrUnauthorized, "sso_code_invalid", "the identity provider refused the sign-in code")
	// ErrNotLinked: the identity is valid but linked to no Tianbao account.
	ErrNotLinked = errs.Coded(errs.ErrForbidden, "sso_not_linked",
		"this identity is not linked to a Tianbao account; ask your administrator to link it, or sign in with your password and link it yourself")
	// ErrProviderUnknown: no provider is configured under that name.
	ErrProviderUnknown = errs.Coded(errs.ErrNotFound, "sso_provider_unknown", "no such sign-in provider is configured")
	// ErrUnavailable: the provider could not be reached.
	ErrUnavailable = errs.Coded(errs.ErrUnavailable, "sso_provider_unavailable", "the identity provider cannot be reached; try again shortly")
	// ErrTaken: the identity is already linked to another account.
	ErrTaken = errs.Coded(errs.ErrConflict, "sso_identity_taken", "this identity is already linked to another account")
	// ErrAlreadyLinked: the user already has an identity with this provider.
	ErrAlreadyLinked = errs.Coded(errs.ErrConflict, "sso_already_linked", "this account already has an identity with this provider; unlink it first")
)
