package api_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/tianbao-edu/tianbao/backend/config"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// TestDatabaseOutageIs503: when the database cannot be reached, every request that needs it is
// a 503 problem+json with Retry-After (never a 500 "internal"), reads and writes, signed in or
// not. Outages: the pool closed under the server (SQLite and MariaDB), and MariaDB's port going
// away with its open connections cut (the server behind a proxy that stops).
func TestDatabaseOutageIs503(t *testing.T) {
	type outage struct {
		name string
		kind string
		// start returns options for the instance and a function that takes the database away.
		start func(t *testing.T) ([]testenv.Option, func(e *testenv.Env))
	}
	closePool := func(*testing.T) ([]testenv.Option, func(e *testenv.Env)) {
		return nil, func(e *testenv.Env) {
			if err := database.Close(e.App.DB); err != nil {
				t.Fatalf("close pool: %v", err)
			}
		}
	}
	outages := []outage{
		{name: "sqlite-pool-closed", kind: "sqlite", start: closePool},
		{name: "mysql-pool-closed", kind: "mysql", start: closePool},
		{name: "mysql-port-closed", kind: "mysql", start: func(t *testing.T) ([]testenv.Option, func(e *testenv.Env)) {
			p := startProxy(t)
			via := func(c *config.Config) {
				mc, err := gomysql.ParseDSN(strings.TrimPrefix(c.DB, "mysql:"))
				if err != nil {
					t.Fatal(err)
				}
				p.upstream, mc.Addr = mc.Addr, p.addr()
				c.DB = "mysql:" + mc.FormatDSN()
			}
			return []testenv.Option{via}, func(*testenv.Env) { p.stop() }
		}},
	}
	for _, o := range outages {
		t.Run(o.name, func(t *testing.T) {
			if o.kind == "mysql" && !contains(testenv.Kinds(), "mysql") {
				t.Skip(testenv.MySQLEnv + " not set")
			}
			opts, down := o.start(t)
			e := testenv.New(t, o.kind, opts...)
			tok := e.Login("xhzx")
			r := e.Do(http.MethodPost, "/api/v1/submissions", tok, map[string]any{"form": "teacher-training", "period": "2025"})
			if r.Status != http.StatusOK && r.Status != http.StatusCreated {
				t.Fatalf("open submission: %d %s", r.Status, r.Body)
			}
			sub := fmt.Sprintf("/api/v1/submissions/%d", id(t, r.JSON(t), "id"))

			down(e)

			for _, c := range []struct {
				name, method, path, token string
				body                      any
			}{
				{"me", http.MethodGet, "/api/v1/me", tok, nil},
				{"orgs", http.MethodGet, "/api/v1/orgs", tok, nil},
				{"get-submission", http.MethodGet, sub, tok, nil},
				{"save", http.MethodPut, sub, tok, map[string]any{"version": 1, "values": map[string]any{"payroll_total": "1000000"}}},
				{"login", http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": "xhzx", "password": testenv.DemoPassword}},
			} {
				t.Run(c.name, func(t *testing.T) {
					r := e.Do(c.method, c.path, c.token, c.body)
					if r.Status != http.StatusServiceUnavailable {
						t.Fatalf("%s %s: %d %s, want 503", c.method, c.path, r.Status, r.Body)
					}
					if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
						t.Errorf("Content-Type %q, want application/problem+json", ct)
					}
					if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 {
						t.Errorf("Retry-After %q, want a number of seconds", r.Header.Get("Retry-After"))
					}
					m := r.JSON(t)
					if m["code"] != "unavailable" || m["status"] != float64(http.StatusServiceUnavailable) {
						t.Errorf("problem %v, want code unavailable and status 503", m)
					}
				})
			}
			if r := e.Do(http.MethodGet, "/readyz", "", nil); r.Status != http.StatusServiceUnavailable {
				t.Errorf("/readyz: %d, want 503", r.Status)
			}
		})
	}
}

// tcpProxy forwards a loopback port to the database until stopped; stopping closes the port and
// cuts every forwarded connection, as a database host going down does.
type tcpProxy struct {
	ln       net.Listener
	upstream string
	mu       sync.Mutex
	conns    []net.Conn
	stopped  bool
}

func startProxy(t *testing.T) *tcpProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{ln: ln}
	t.Cleanup(p.stop)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.forward(c)
		}
	}()
	return p
}

func (p *tcpProxy) addr() string { return p.ln.Addr().String() }

func (p *tcpProxy) forward(c net.Conn) {
	up, err := net.Dial("tcp", p.upstream)
	if err != nil {
		_ = c.Close()
		return
	}
	p.mu.Lock()
	if p.stopped {
		p.mu.Unlock()
		_ = c.Close()
		_ = up.Close()
		return
	}
	p.conns = append(p.conns, c, up)
	p.mu.Unlock()
	go func() { _, _ = io.Copy(up, c); _ = up.Close() }()
	_, _ = io.Copy(c, up)
	_ = c.Close()
}

func (p *tcpProxy) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	p.stopped = true
	_ = p.ln.Close()
	for _, c := range p.conns {
		_ = c.Close()
	}
}
