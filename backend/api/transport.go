package api

import (
	"net"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// maxRequestID bounds a client's X-Request-ID; a longer one, or one with characters outside
// [A-Za-z0-9._:-], is replaced by a fresh id so logs and answers never carry client junk.
const maxRequestID = 64

func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestID {
		return false
	}
	for i := 0; i < len(id); i++ {
		b := id[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_' || b == '.' || b == ':') {
			return false
		}
	}
	return true
}

// requestID keeps a well-formed client X-Request-ID and replaces anything else.
func requestID() echo.MiddlewareFunc {
	gen := middleware.DefaultRequestIDConfig.Generator
	rid := middleware.RequestID()
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		inner := rid(next)
		return func(c echo.Context) error {
			h := c.Request().Header
			if !validRequestID(h.Get(echo.HeaderXRequestID)) {
				h.Set(echo.HeaderXRequestID, gen())
			}
			return inner(c)
		}
	}
}

// hsts sets Strict-Transport-Security when the request reached us over TLS, or came from a
// trusted proxy (TIANBAO_TRUSTED_PROXIES) whose X-Forwarded-Proto says https. A client's own
// X-Forwarded-Proto is ignored.
func hsts(trusted []*net.IPNet) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if overTLS(c, trusted) {
				c.Response().Header().Set(echo.HeaderStrictTransportSecurity, "max-age=31536000; includeSubDomains")
			}
			return next(c)
		}
	}
}

func overTLS(c echo.Context, trusted []*net.IPNet) bool {
	req := c.Request()
	if req.TLS != nil {
		return true
	}
	if len(trusted) == 0 {
		return false
	}
	host, _, err := net.SplitHostPort(req.RemoteAddr)
	if err != nil {
		host = req.RemoteAddr
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return false
	}
	for _, n := range trusted {
		if n.Contains(ip) {
			// The nearest proxy's value is the last one it appended.
			v := req.Header.Values(echo.HeaderXForwardedProto)
			if len(v) == 0 {
				return false
			}
			parts := strings.Split(v[len(v)-1], ",")
			return strings.EqualFold(strings.TrimSpace(parts[len(parts)-1]), "https")
		}
	}
	return false
}
