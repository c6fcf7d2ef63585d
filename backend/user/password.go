package user

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 10

// Hasher hashes and checks passwords with bcrypt at a configured cost.
type Hasher struct{ Cost int }

// Hash returns the bcrypt hash of pw.
func (h Hasher) Hash(pw string) (string, error) {
	b, err := bcrypt.GenerateFromPassword([]byte(pw), h.Cost)
	return string(b), err
}

// Check reports whether pw matches hash.
func (h Hasher) Check(hash, pw string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

// dummyHash is compared against when a username does not exist, so a login for an unknown
// user costs the same time as one with a wrong password.
func (h Hasher) dummyHash() string {
	b, _ := bcrypt.GenerateFromPassword([]byte("tianbao-timing-equaliser"), h.Cost)
	return string(b)
}

// CheckPolicy validates a new password for username; field names the input field.
func CheckPolicy(field, username, pw string) error {
	switch {
	case utf8.RuneCountInString(pw) < MinPasswordLen:
		return errs.Invalid(field, "password_too_short", "password must be at least 10 characters")
	case len(pw) > 72:
		return errs.Invalid(field, "password_too_long", "password must be at most 72 bytes")
	case strings.EqualFold(pw, username):
		return errs.Invalid(field, "password_is_username", "password must not be the username")
	}
	return nil
}
