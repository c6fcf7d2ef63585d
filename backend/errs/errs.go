// Package errs holds the domain's sentinel errors and the validation error type.
// Stores map driver errors onto these, services return them, and the one HTTP error
// handler maps them onto statuses, so no layer needs to know another's error vocabulary.
package errs

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Sentinel errors. Wrap them with fmt.Errorf("...: %w", ErrNotFound) to add context.
var (
	// ErrNotFound: the thing does not exist or is outside the caller's scope (never say which).
	ErrNotFound = errors.New("not found")
	// ErrConflict: a unique key or a stale version; the caller must reload.
	ErrConflict = errors.New("conflict")
	// ErrForbidden: the caller is known but may not do this.
	ErrForbidden = errors.New("forbidden")
	// ErrUnauthorized: no valid credentials.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrInvalidState: the operation is not allowed in the resource's current state.
	ErrInvalidState = errors.New("invalid state")
	// ErrUnavailable: the database cannot be reached, or stayed too contended to commit after
	// the retries; nothing was changed and the client should try again shortly (503).
	ErrUnavailable = errors.New("service unavailable")
)

// FieldError is one problem with one input field. Code is a stable machine code the SPA translates.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ValidationError carries every field problem found, so a user fixes them all in one go.
type ValidationError struct {
	Code   string // overall machine code, "validation" when empty
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("invalid input")
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Code)
	}
	return b.String()
}

// Add appends a field error and returns the receiver for chaining.
func (e *ValidationError) Add(field, code, message string) *ValidationError {
	e.Fields = append(e.Fields, FieldError{Field: field, Code: code, Message: message})
	return e
}

// OrNil returns nil when no field error was added, so callers can `return v.OrNil()`.
func (e *ValidationError) OrNil() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return e
}

// Invalid is a shortcut for a validation error on a single field.
func Invalid(field, code, message string) error {
	return (&ValidationError{}).Add(field, code, message)
}

// TooManyError says the caller must wait (login lockout, rate limit).
type TooManyError struct {
	RetryAfter time.Duration
	Code       string
}

func (e *TooManyError) Error() string {
	return fmt.Sprintf("too many attempts, retry after %s", e.RetryAfter)
}

// CodedError attaches a stable machine code to a sentinel, e.g. password_change_required → ErrForbidden.
type CodedError struct {
	Err     error
	Code    string
	Message string
}

func (e *CodedError) Error() string { return e.Code + ": " + e.Message }
func (e *CodedError) Unwrap() error { return e.Err }

// Coded builds a CodedError.
func Coded(err error, code, message string) error {
	return &CodedError{Err: err, Code: code, Message: message}
}
