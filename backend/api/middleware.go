package api

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/audit"
	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/user"
)

const (
	principalKey = "tianbao.principal"
	userKey      = "tianbao.user"
	scopeKey     = "tianbao.scope"
)

// recoverer turns a panic into a logged 500 so no stack trace reaches a user.
func (s *server) recoverer() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) (err error) {
			defer func() {
				if r := recover(); r != nil {
					s.Log.ErrorContext(c.Request().Context(), "panic", "panic", fmt.Sprint(r),
						"stack", string(debug.Stack()), "request_id", c.Response().Header().Get(echo.HeaderXRequestID))
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			return next(c)
		}
	}
}

// accessLog writes one JSON line per request with the request id, user and org.
func (s *server) accessLog() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			rid := c.Response().Header().Get(echo.HeaderXRequestID)
			req := c.Request()
			c.SetRequest(req.WithContext(audit.WithMeta(req.Context(), audit.Meta{RequestID: rid, RemoteAddr: c.RealIP()})))
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			attrs := []any{"request_id", rid, "method", req.Method, "route", c.Path(), "status", c.Response().Status,
				"duration_ms", time.Since(start).Milliseconds(), "remote", c.RealIP()}
			if p, ok := c.Get(principalKey).(*authz.Principal); ok {
				attrs = append(attrs, "user_id", p.UserID, "org_id", p.OrgID)
			}
			s.Log.LogAttrs(req.Context(), slog.LevelInfo, "request", argsToAttrs(attrs)...)
			return nil
		}
	}
}

// observe records every request's route template, method, status and latency. It runs outside
// the recoverer and the access log, so it sees the final status; an error that reaches it (a
// panic turned into an error) is counted with the status the error handler will give it.
func (s *server) observe() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			s.Metrics.RequestStarted()
			err := next(c)
			status := c.Response().Status
			if err != nil && !c.Response().Committed {
				status = http.StatusInternalServerError
				var he *echo.HTTPError
				if errors.As(err, &he) {
					status = he.Code
				}
			}
			s.Metrics.RequestDone(c.Path(), c.Request().Method, status, time.Since(start))
			return err
		}
	}
}

func argsToAttrs(kv []any) []slog.Attr {
	out := make([]slog.Attr, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, slog.Any(kv[i].(string), kv[i+1]))
	}
	return out
}

var (
	errMissingToken   = errs.Coded(errs.ErrUnauthorized, "missing_token", "sign in first")
	errRevokedToken   = errs.Coded(errs.ErrUnauthorized, "invalid_token", "the access token is invalid or expired")
	errPasswordChange = errs.Coded(errs.ErrForbidden, "password_change_required", "change your password first")
)

// authn verifies the bearer token, reloads the user with its roles (so a disabled account, a
// password change or a role change takes effect at once, on every replica) and puts the Principal
// and the user in the context: that one load serves the whole request (see signedIn). With
// allowPending false, a user who must change the password is refused.
func (s *server) authn(allowPending bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			tok, ok := bearerToken(c.Request().Header.Get(echo.HeaderAuthorization))
			if !ok {
				return errMissingToken
			}
			uid, tv, sid, err := s.Auth.Signer().VerifySession(tok)
			if err != nil {
				return err
			}
			// The session is checked with the user, in the same statement: logout and
			// refresh-token reuse revoke it, and every access token issued in it stops working
			// at once.
			u, live, err := s.Users.ByIDChecked(c.Request().Context(), uid, s.Auth.SessionCheck(sid))
			if err != nil {
				if errorsIsNotFound(err) {
					return errRevokedToken
				}
				return err
			}
			if u.Status != user.StatusActive || u.TokenVersion != tv || !live {
				return errRevokedToken
			}
			if u.MustChangePassword && !allowPending {
				return errPasswordChange
			}
			c.Set(principalKey, principalOf(u))
			c.Set(userKey, &u)
			return next(c)
		}
	}
}

// bearerToken takes the token from an Authorization header; the scheme name is
// case-insensitive (RFC 9110 section 11.1).
func bearerToken(h string) (string, bool) {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}

func principalOf(u user.User) *authz.Principal {
	p := &authz.Principal{UserID: u.ID, Username: u.Username, OrgID: u.OrgID, OrgPath: u.OrgPath,
		MustChangePassword: u.MustChangePassword}
	for _, g := range u.Roles {
		p.Grants = append(p.Grants, authz.Grant{Role: g.Role, OrgID: g.OrgID, OrgPath: g.OrgPath})
	}
	return p
}

// need requires the permission (obj, act) in at least one subtree and stores that scope.
func (s *server) need(obj, act string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			p := principal(c)
			sc, err := s.Enforcer.Scope(p, obj, act)
			if err != nil {
				return fmt.Errorf("enforce %s:%s: %w", obj, act, err)
			}
			if sc.Empty() {
				return errs.Coded(errs.ErrForbidden, "forbidden", "you do not have permission for this")
			}
			c.Set(scopeKey, sc)
			return next(c)
		}
	}
}

// principal returns the authenticated caller; routes without authn never call it.
func principal(c echo.Context) *authz.Principal {
	p, _ := c.Get(principalKey).(*authz.Principal)
	if p == nil {
		panic("api: principal() on a route without authn")
	}
	return p
}

// signedIn returns the caller's account and roles as authn loaded them for this request; a
// handler reads them here rather than loading them again.
func signedIn(c echo.Context) *user.User {
	u, _ := c.Get(userKey).(*user.User)
	if u == nil {
		panic("api: signedIn() on a route without authn")
	}
	return u
}

// scopeOf returns the scope stored by need; an empty scope (matching nothing) if none.
func scopeOf(c echo.Context) scope.Scope {
	sc, _ := c.Get(scopeKey).(scope.Scope)
	return sc
}

// readGate admits at most n API reads (GET and HEAD) at once, and only rush of them while an API
// write is in flight; the others wait their turn without running (a channel's waiters, served in
// turn). Writes pass at once. A dashboard asking again the moment it is answered keeps a goroutine
// runnable all the time, and the Go scheduler shares the CPU among runnable goroutines alike:
// sixteen of them left the one transaction holding SQLite's writer (or a MySQL row lock) a
// seventeenth of the CPU, so every write queued behind it. Narrowing the reads while writes run
// gives the month-end rush's writes the CPU (16 closed-loop dashboards against save → submit →
// approve → reopen on SQLite: approvals 0.28–0.31× of their rate alone with 4 reads at once,
// 0.47–0.56× narrowed to 1 while writes run), and a dashboard with nobody writing still reads n at
// a time. Downloads and health
// checks, long or vital, are not gated.
func readGate(n, rush int) echo.MiddlewareFunc {
	slots, narrow := make(chan struct{}, n), make(chan struct{}, rush)
	var writes atomic.Int64
	take := func(ch chan struct{}, r *http.Request) error {
		select {
		case ch <- struct{}{}:
			return nil
		case <-r.Context().Done():
			return fmt.Errorf("%w: waiting to read: %w", errs.ErrUnavailable, r.Context().Err())
		}
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			if !strings.HasPrefix(r.URL.Path, "/api/v1/") || ungated(c.Path()) {
				return next(c)
			}
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				writes.Add(1)
				defer writes.Add(-1)
				return next(c)
			}
			if err := take(slots, r); err != nil {
				return err
			}
			defer func() { <-slots }()
			if writes.Load() > 0 {
				if err := take(narrow, r); err != nil {
					return err
				}
				defer func() { <-narrow }()
			}
			return next(c)
		}
	}
}

// ungated are the API reads readGate lets through: downloads (long, and mostly waiting on the
// client). The health and readiness checks are outside /api/v1/.
func ungated(route string) bool {
	return strings.HasPrefix(route, "/api/v1/exports/") || strings.Contains(route, "/attachments/")
}

// apiReadGate is readGate with two reads per CPU the process may use (enough to keep the CPUs
// busy while a read waits on the database, few enough that a writer gets its share) and, on a
// database of one writer (SQLite), one at a time while writes run. MariaDB's writers run side by
// side and keep half their rate under 16 dashboards without it (0.77× against 0.65× with it, the
// dashboards' summaries 54/s against 16/s), so there reads are not narrowed.
func apiReadGate(oneWriter bool) echo.MiddlewareFunc {
	n := 2 * runtime.GOMAXPROCS(0)
	if oneWriter {
		return readGate(n, 1)
	}
	return readGate(n, n)
}
