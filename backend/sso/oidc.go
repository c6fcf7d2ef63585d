package sso

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/tianbao-edu/tianbao/backend/config"
)

// Provider is one external identity provider's protocol: where to send the browser, and how to
// turn the code it comes back with into a verified subject.
type Provider interface {
	// Info names the provider for the login page.
	Info() ProviderInfo
	// AuthURL is the provider's authorization address for the sign-in a describes.
	AuthURL(ctx context.Context, a AuthRequest) (string, error)
	// Subject exchanges code (with the PKCE verifier) and returns the verified identity's subject
	// after checking the ID token's signature, issuer, audience, expiry and nonce.
	Subject(ctx context.Context, code, verifier, nonce string) (string, error)
}

// AuthRequest is a sign-in being started: its state, nonce and PKCE verifier, and whether the
// browser is the provider's own app (DingTalk, WeCom), where the sign-in needs no QR code.
type AuthRequest struct {
	State, Nonce, Verifier string
	InApp                  bool
}

// OIDCProvider speaks OpenID Connect through go-oidc and x/oauth2. Discovery happens on first
// use (and again after a failure), so Tianbao starts while the provider is down.
type OIDCProvider struct {
	cfg    config.OIDC
	now    func() time.Time
	client *http.Client

	mu       sync.Mutex
	provider *oidc.Provider
}

// NewOIDCProvider returns the provider cfg describes; now is the clock the ID token's expiry is
// checked against (with cfg.ClockSkew tolerated).
func NewOIDCProvider(cfg config.OIDC, now func() time.Time) *OIDCProvider {
	return &OIDCProvider{cfg: cfg, now: now, client: &http.Client{Timeout: 10 * time.Second}}
}

// Info names the provider "oidc" with the configured label.
func (p *OIDCProvider) Info() ProviderInfo { return ProviderInfo{ID: "oidc", Name: p.cfg.Name} }

func (p *OIDCProvider) ctx(ctx context.Context) context.Context {
	return oidc.ClientContext(ctx, p.client)
}

func (p *OIDCProvider) discover(ctx context.Context) (*oidc.Provider, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.provider != nil {
		return p.provider, nil
	}
	// The provider keeps the context for its key set's later fetches: not the request's.
	pr, err := oidc.NewProvider(oidc.ClientContext(context.WithoutCancel(ctx), p.client), p.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("discover OIDC provider %s: %w: %w", p.cfg.Issuer, ErrUnavailable, err)
	}
	p.provider = pr
	return pr, nil
}

func (p *OIDCProvider) oauth(pr *oidc.Provider) *oauth2.Config {
	scopes := []string{oidc.ScopeOpenID}
	for _, s := range p.cfg.Scopes {
		if s != oidc.ScopeOpenID && s != "" {
			scopes = append(scopes, s)
		}
	}
	return &oauth2.Config{ClientID: p.cfg.ClientID, ClientSecret: p.cfg.ClientSecret, Endpoint: pr.Endpoint(),
		RedirectURL: p.cfg.RedirectURL, Scopes: scopes}
}

// AuthURL implements Provider: the code flow with S256 PKCE and a nonce.
func (p *OIDCProvider) AuthURL(ctx context.Context, a AuthRequest) (string, error) {
	pr, err := p.discover(ctx)
	if err != nil {
		return "", err
	}
	return p.oauth(pr).AuthCodeURL(a.State, oidc.Nonce(a.Nonce), oauth2.S256ChallengeOption(a.Verifier)), nil
}

// Subject implements Provider.
func (p *OIDCProvider) Subject(ctx context.Context, code, verifier, nonce string) (string, error) {
	pr, err := p.discover(ctx)
	if err != nil {
		return "", err
	}
	tok, err := p.oauth(pr).Exchange(p.ctx(ctx), code, oauth2.VerifierOption(verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return "", fmt.Errorf("exchange the code: %w: %w", ErrCode, err)
		}
		return "", fmt.Errorf("exchange the code: %w: %w", ErrUnavailable, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return "", fmt.Errorf("the token response has no id_token: %w", ErrToken)
	}
	// Expiry is checked against a clock set back by the tolerated skew.
	skew := p.cfg.ClockSkew
	v := pr.Verifier(&oidc.Config{ClientID: p.cfg.ClientID, Now: func() time.Time { return p.now().Add(-skew) }})
	id, err := v.Verify(p.ctx(ctx), raw)
	if err != nil {
		return "", fmt.Errorf("verify the ID token: %w: %w", ErrToken, err)
	}
	if id.IssuedAt.After(p.now().Add(skew)) {
		return "", fmt.Errorf("the ID token was issued in the future (%s): %w", id.IssuedAt, ErrToken)
	}
	if id.Nonce != nonce {
		return "", fmt.Errorf("the ID token's nonce does not match the sign-in: %w", ErrToken)
	}
	claims := map[string]any{}
	if err := id.Claims(&claims); err != nil {
		return "", fmt.Errorf("read the ID token's claims: %w: %w", ErrToken, err)
	}
	sub := claimString(claims[p.cfg.UserClaim])
	if sub == "" {
		return "", fmt.Errorf("the ID token has no %q claim: %w", p.cfg.UserClaim, ErrToken)
	}
	return sub, nil
}

// claimString is a claim's value as a subject: strings trimmed, whole numbers without exponent.
func claimString(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case float64:
		if x == float64(int64(x)) {
			return fmt.Sprintf("%d", int64(x))
		}
	}
	return ""
}
