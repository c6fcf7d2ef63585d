// Package auth issues and checks credentials: short-lived JWT access tokens, rotating refresh
// tokens whose reuse revokes the whole family, and per-address login throttling. Passwords and
// account lockout live in package user.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// Issuer and Audience pin every access token to this service.
const (
	Issuer   = "tianbao"
	Audience = "tianbao-api"
)

// Claims are the access token's claims. TV is the user's token version at issue time; a
// password change or a disabled account bumps the version and every older token stops working.
// SID is the session (refresh-token family) the token was issued in; logging out or reusing a
// refresh token revokes the family, and with it every access token that names it.
type Claims struct {
	TV  int    `json:"tv"`
	SID string `json:"sid,omitempty"`
	jwt.RegisteredClaims
}

// Signer makes and verifies access tokens with one HMAC key.
type Signer struct {
	key    []byte
	ttl    time.Duration
	now    func() time.Time
	parser *jwt.Parser
}

// NewSigner returns a Signer; the key must be at least 32 bytes.
func NewSigner(key []byte, ttl time.Duration, now func() time.Time) (*Signer, error) {
	if len(key) < 32 {
		return nil, errors.New("JWT secret must be at least 32 bytes")
	}
	p := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(Issuer),
		jwt.WithAudience(Audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(now),
		jwt.WithLeeway(5*time.Second),
	)
	return &Signer{key: key, ttl: ttl, now: now, parser: p}, nil
}

// TTL is the access token lifetime.
func (s *Signer) TTL() time.Duration { return s.ttl }

// Sign issues an access token for a user at a token version, in no session. The API refuses a
// token without a session; Sign serves tools and tests of the signer itself.
func (s *Signer) Sign(userID int64, tokenVersion int) (string, error) {
	return s.SignSession(userID, tokenVersion, "")
}

// SignSession issues an access token for a user at a token version in a session.
func (s *Signer) SignSession(userID int64, tokenVersion int, sid string) (string, error) {
	now := s.now()
	c := Claims{TV: tokenVersion, SID: sid, RegisteredClaims: jwt.RegisteredClaims{
		Issuer: Issuer, Audience: jwt.ClaimStrings{Audience}, Subject: strconv.FormatInt(userID, 10),
		IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now.Add(-time.Second)),
		ExpiresAt: jwt.NewNumericDate(now.Add(s.ttl)), ID: randomID(),
	}}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(s.key)
}

// Verify checks a token's signature, method, issuer, audience and expiry and returns the user
// id and token version. Every failure is the same ErrUnauthorized to the caller.
func (s *Signer) Verify(token string) (int64, int, error) {
	uid, tv, _, err := s.VerifySession(token)
	return uid, tv, err
}

// VerifySession is Verify that also returns the token's session id ("" if it has none).
func (s *Signer) VerifySession(token string) (int64, int, string, error) {
	var c Claims
	_, err := s.parser.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return s.key, nil })
	if err != nil {
		return 0, 0, "", errs.Coded(errs.ErrUnauthorized, "invalid_token", "the access token is invalid or expired")
	}
	id, err := strconv.ParseInt(c.Subject, 10, 64)
	if err != nil || id <= 0 {
		return 0, 0, "", errs.Coded(errs.ErrUnauthorized, "invalid_token", "the access token is invalid or expired")
	}
	return id, c.TV, c.SID, nil
}

func randomID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err)) // the OS RNG failing is unrecoverable
	}
	return hex.EncodeToString(b[:])
}

// newRefreshToken returns a random opaque token and its storage hash.
func newRefreshToken() (token, hash string) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err))
	}
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, hashToken(token)
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}
