package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// Problem is an RFC 9457 problem document with a machine code and per-field errors.
type Problem struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Detail    string            `json:"detail,omitempty"`
	Code      string            `json:"code"`
	Errors    []errs.FieldError `json:"errors,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
	// Current carries the resource's current state on a 409, so the client can merge.
	Current any `json:"current,omitempty"`
	// Warnings accompany a refused submit: they are kept and shown with the errors.
	Warnings any `json:"warnings,omitempty"`
	// Conflicts and Merged accompany an edit_conflict 409: the fields both sides changed, and
	// everything else already merged, to save once the user has chosen.
	Conflicts any `json:"conflicts,omitempty"`
	Merged    any `json:"merged,omitempty"`
}

// WithWarnings is an error answered with warnings beside the errors.
type WithWarnings struct {
	Err      error
	Warnings any
}

func (e *WithWarnings) Error() string { return e.Err.Error() }
func (e *WithWarnings) Unwrap() error { return e.Err }

// ConflictError is a 409 that carries the current state of the resource: stale_version, or
// edit_conflict with the fields to choose and the merge of the rest.
type ConflictError struct {
	Current   any
	Conflicts any
	Merged    any
}

func (e *ConflictError) Error() string { return "conflict" }
func (e *ConflictError) Unwrap() error { return errs.ErrConflict }

// statusClientClosed is nginx's status for a request its client abandoned.
const statusClientClosed = 499

// unavailableRetryAfter is the Retry-After, in seconds, of a 503 for an unavailable or
// contended database.
const unavailableRetryAfter = 2

// errorHandler is the one place errors become HTTP responses. Internal errors are logged
// with the request id and answered with a bare 500.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		if errors.Is(err, context.Canceled) && c.Request().Context().Err() != nil {
			// The client went away (a tab closed, a request superseded): nothing failed here, and
			// nobody reads the answer. nginx's 499 says so in the access log.
			log.InfoContext(c.Request().Context(), "client closed request", "request_id", c.Response().Header().Get(echo.HeaderXRequestID),
				"method", c.Request().Method, "path", c.Path())
			_ = c.NoContent(statusClientClosed)
			return
		}
		p := toProblem(err)
		var ww *WithWarnings
		if errors.As(err, &ww) {
			p.Warnings = ww.Warnings
		}
		p.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)
		if p.Status == http.StatusServiceUnavailable {
			// An outage or contention past the retries: the client retries, the operator sees why.
			c.Response().Header().Set("Retry-After", strconv.Itoa(unavailableRetryAfter))
			log.WarnContext(c.Request().Context(), "database unavailable", "err", err.Error(),
				"request_id", p.RequestID, "method", c.Request().Method, "path", c.Path())
		} else if p.Status >= 500 {
			log.ErrorContext(c.Request().Context(), "internal error", "err", err.Error(),
				"request_id", p.RequestID, "method", c.Request().Method, "path", c.Path())
		}
		var tm *errs.TooManyError
		if errors.As(err, &tm) {
			secs := int(tm.RetryAfter.Seconds() + 0.999)
			if secs < 1 {
				secs = 1
			}
			c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
		}
		// echo keeps a Content-Type that is already set, so this stays problem+json.
		c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
		if c.Request().Method == http.MethodHead {
			_ = c.NoContent(p.Status)
			return
		}
		_ = c.JSON(p.Status, p)
	}
}

func toProblem(err error) Problem {
	var (
		ve   *errs.ValidationError
		ce   *errs.CodedError
		tm   *errs.TooManyError
		conf *ConflictError
		he   *echo.HTTPError
	)
	switch {
	case errors.As(err, &ve):
		code := ve.Code
		if code == "" {
			code = "validation"
		}
		return Problem{Type: "about:blank", Title: "Invalid input", Status: http.StatusUnprocessableEntity, Code: code, Errors: ve.Fields}
	case errors.As(err, &tm):
		return Problem{Type: "about:blank", Title: "Too many attempts", Status: http.StatusTooManyRequests, Code: tm.Code,
			Detail: "too many attempts; try again later"}
	case errors.As(err, &conf) && conf.Conflicts != nil:
		return Problem{Type: "about:blank", Title: "Conflict", Status: http.StatusConflict, Code: "edit_conflict",
			Detail:  "someone else changed the same fields since you loaded them; choose which to keep",
			Current: conf.Current, Conflicts: conf.Conflicts, Merged: conf.Merged}
	case errors.As(err, &conf):
		return Problem{Type: "about:blank", Title: "Conflict", Status: http.StatusConflict, Code: "stale_version",
			Detail: "the resource changed since you loaded it", Current: conf.Current}
	case errors.As(err, &ce):
		p := sentinelProblem(ce.Err)
		p.Code, p.Detail = ce.Code, ce.Message
		return p
	case errors.As(err, &he):
		return httpProblem(he)
	}
	return sentinelProblem(err)
}

func sentinelProblem(err error) Problem {
	switch {
	case errors.Is(err, errs.ErrNotFound):
		return Problem{Type: "about:blank", Title: "Not found", Status: http.StatusNotFound, Code: "not_found"}
	case errors.Is(err, errs.ErrConflict):
		return Problem{Type: "about:blank", Title: "Conflict", Status: http.StatusConflict, Code: "conflict"}
	case errors.Is(err, errs.ErrForbidden):
		return Problem{Type: "about:blank", Title: "Forbidden", Status: http.StatusForbidden, Code: "forbidden"}
	case errors.Is(err, errs.ErrUnauthorized):
		return Problem{Type: "about:blank", Title: "Unauthorized", Status: http.StatusUnauthorized, Code: "unauthorized"}
	case errors.Is(err, errs.ErrInvalidState):
		return Problem{Type: "about:blank", Title: "Invalid state", Status: http.StatusConflict, Code: "invalid_state"}
	case errors.Is(err, errs.ErrUnavailable):
		return Problem{Type: "about:blank", Title: "Service unavailable", Status: http.StatusServiceUnavailable, Code: "unavailable",
			Detail: "the database is unavailable or busy; try again shortly"}
	}
	return Problem{Type: "about:blank", Title: "Internal error", Status: http.StatusInternalServerError, Code: "internal"}
}

func httpProblem(he *echo.HTTPError) Problem {
	p := Problem{Type: "about:blank", Title: http.StatusText(he.Code), Status: he.Code}
	switch he.Code {
	case http.StatusNotFound:
		p.Code = "not_found"
	case http.StatusMethodNotAllowed:
		p.Code = "method_not_allowed"
	case http.StatusRequestEntityTooLarge:
		p.Code = "body_too_large"
	case http.StatusUnsupportedMediaType:
		p.Code = "unsupported_media_type"
	case http.StatusBadRequest:
		p.Code = "bad_request"
	case http.StatusUnauthorized:
		p.Code = "unauthorized"
	case http.StatusForbidden:
		p.Code = "forbidden"
	case http.StatusTooManyRequests:
		p.Code = "too_many_requests"
	case http.StatusServiceUnavailable:
		return sentinelProblem(errs.ErrUnavailable)
	default:
		if he.Code >= 500 {
			return Problem{Type: "about:blank", Title: "Internal error", Status: http.StatusInternalServerError, Code: "internal"}
		}
		p.Code = "error"
	}
	return p
}
