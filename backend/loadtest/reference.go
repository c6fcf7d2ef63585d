package loadtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/auth"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// The reference program is the least an authenticated read can cost on this stack: echo, the
// same JWT verification the server uses, one casbin check against a small RBAC model, and one row
// read by primary key with database/sql. The load tool runs it as its own process (tianbao loadtest
// reference-serve) so its CPU can be read from /proc like the server's.

const refModel = `
[request_definition]
r = sub, obj, act
[policy_definition]
p = sub, obj, act
[role_definition]
g = _, _
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = g(r.sub, p.sub) && r.obj == p.obj && r.act == p.act
`

// serveReference runs the reference program on addr against db until ctx ends.
func serveReference(ctx context.Context, addr, db, secret string, ready func(net.Addr)) error {
	kind, dsn, ok := strings.Cut(db, ":")
	if !ok {
		return fmt.Errorf("reference: bad -db %q", db)
	}
	gdb, err := database.Open(kind, dsn, database.Options{MaxOpenConns: 20})
	if err != nil {
		return err
	}
	defer database.Close(gdb)
	sqlDB, err := gdb.DB()
	if err != nil {
		return err
	}
	signer, err := auth.NewSigner([]byte(secret), time.Hour, func() time.Time { return time.Now().UTC() })
	if err != nil {
		return err
	}
	m, err := model.NewModelFromString(refModel)
	if err != nil {
		return err
	}
	enf, err := casbin.NewSyncedEnforcer(m)
	if err != nil {
		return err
	}
	for _, p := range [][]string{{"filler", "submission", "read"}, {"reviewer", "submission", "read"}, {"leader", "rollup", "read"}} {
		if _, err := enf.AddPolicy(p[0], p[1], p[2]); err != nil {
			return err
		}
	}
	// Every user is a filler here: the check is one Enforce call, as in the server's middleware.
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	stmt, err := sqlDB.PrepareContext(ctx, "SELECT id, username, display_name, org_id, status FROM users WHERE id = ?")
	if err != nil {
		return err
	}
	defer stmt.Close()
	e.GET("/ref", func(c echo.Context) error {
		h := c.Request().Header.Get("Authorization")
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return c.JSON(http.StatusUnauthorized, map[string]string{"code": "unauthenticated"})
		}
		uid, _, err := signer.Verify(tok)
		if err != nil {
			return c.JSON(http.StatusUnauthorized, map[string]string{"code": "invalid_token"})
		}
		sub := "user:" + fmt.Sprint(uid)
		if _, err := enf.AddRoleForUser(sub, "filler"); err != nil { // idempotent after the first time
			return err
		}
		allowed, err := enf.Enforce(sub, "submission", "read")
		if err != nil || !allowed {
			return c.JSON(http.StatusForbidden, map[string]string{"code": "forbidden"})
		}
		var u struct {
			ID          int64  `json:"id"`
			Username    string `json:"username"`
			DisplayName string `json:"display_name"`
			OrgID       int64  `json:"org_id"`
			Status      string `json:"status"`
		}
		err = stmt.QueryRowContext(c.Request().Context(), uid).Scan(&u.ID, &u.Username, &u.DisplayName, &u.OrgID, &u.Status)
		if errors.Is(err, sql.ErrNoRows) {
			return c.JSON(http.StatusNotFound, map[string]string{"code": "not_found"})
		} else if err != nil {
			return c.JSON(http.StatusServiceUnavailable, map[string]string{"code": "unavailable"})
		}
		return c.JSON(http.StatusOK, u)
	})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if ready != nil {
		ready(ln.Addr())
	}
	srv := &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second}
	go func() { <-ctx.Done(); _ = srv.Close() }()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
