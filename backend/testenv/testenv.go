// Package testenv builds real Tianbao instances for tests: a fresh SQLite file, or a fresh
// MariaDB/MySQL database when TIANBAO_TEST_MYSQL is set, migrated and seeded with the demo
// district, behind the real router. Tests call it through ForEachDB so one suite runs on both.
package testenv

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/tianbao-edu/tianbao/backend/app"
	"github.com/tianbao-edu/tianbao/backend/config"
)

// MySQLEnv names the variable holding a MySQL server DSN without a database name,
// e.g. "root@tcp(127.0.0.1:3306)/". When set, every suite also runs on MySQL.
const MySQLEnv = "TIANBAO_TEST_MYSQL"

// Kinds returns the database kinds to test on.
func Kinds() []string {
	if os.Getenv(MySQLEnv) != "" {
		return []string{"sqlite", "mysql"}
	}
	return []string{"sqlite"}
}

// ForEachDB runs fn as a subtest per database kind.
func ForEachDB(t *testing.T, fn func(t *testing.T, kind string)) {
	for _, k := range Kinds() {
		t.Run(k, func(t *testing.T) { fn(t, k) })
	}
}

// Clock is a settable clock shared by every service of an Env.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Env is one running instance under test.
type Env struct {
	T     testing.TB
	App   *app.App
	Clock *Clock
	Kind  string
}

// Option changes the config before the app opens.
type Option func(*config.Config)

// WithoutDemo opens the app outside demo mode (a JWT secret is supplied).
func WithoutDemo() Option { return func(c *config.Config) { c.Demo = false } }

// New opens a fresh, migrated instance on kind and seeds the demo district.
func New(t testing.TB, kind string, opts ...Option) *Env {
	t.Helper()
	return NewWithLog(t, kind, nil, opts...)
}

// NewWithLog is New with the server's JSON log lines written to logs (at debug level and up), for
// tests of what an operator sees in the log.
func NewWithLog(t testing.TB, kind string, logs io.Writer, opts ...Option) *Env {
	t.Helper()
	cfg := config.Default()
	cfg.Demo = true
	cfg.BcryptCost = 4
	cfg.JWTSecret = "test-secret-test-secret-test-secret-0123"
	cfg.DataDir = t.TempDir()
	cfg.MaxOpenConns = 8
	switch kind {
	case "sqlite":
		cfg.DB = "sqlite:" + cfg.DataDir + "/tianbao.db"
	case "mysql":
		cfg.DB = "mysql:" + freshMySQL(t)
	default:
		t.Fatalf("unknown database kind %q", kind)
	}
	for _, o := range opts {
		o(&cfg)
	}
	clock := &Clock{now: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	switch {
	case logs != nil:
		log = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	case os.Getenv("TIANBAO_TEST_LOG") != "":
		log = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	a, err := app.Open(context.Background(), cfg, app.Options{Log: log, Now: clock.Now})
	if err != nil {
		t.Fatalf("open app: %v", err)
	}
	t.Cleanup(func() { _ = a.Close() })
	if err := a.SeedDemo(context.Background()); err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	return &Env{T: t, App: a, Clock: clock, Kind: kind}
}

// freshMySQL creates a uniquely named database and drops it when the test ends.
func freshMySQL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(MySQLEnv)
	if base == "" {
		t.Skip(MySQLEnv + " not set")
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := "tianbao_test_" + hex.EncodeToString(b[:])
	admin, err := gorm.Open(mysql.Open(base), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatalf("connect mysql: %v", err)
	}
	if err := admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci").Error; err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		_ = admin.Exec("DROP DATABASE IF EXISTS " + name).Error
		if db, err := admin.DB(); err == nil {
			_ = db.Close()
		}
	})
	dsn := strings.TrimSuffix(base, "/") + "/" + name
	if i := strings.Index(base, "?"); i >= 0 {
		dsn = strings.TrimSuffix(base[:i], "/") + "/" + name + base[i:]
	}
	return dsn
}

// Response is a recorded HTTP response.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a map (or fails the test).
func (r *Response) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("decode %q: %v", r.Body, err)
	}
	return m
}

// Decode decodes the body into v.
func (r *Response) Decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %q: %v", r.Body, err)
	}
}

// Do sends a request through the real router. body may be nil, a string (sent as is) or any
// value (sent as JSON).
func (e *Env) Do(method, path, token string, body any) *Response {
	e.T.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.T.Fatalf("marshal: %v", err)
		}
		rd = bytes.NewReader(j)
	}
	ctype := ""
	if body != nil {
		ctype = "application/json"
	}
	return e.DoRaw(method, path, token, ctype, rd)
}

// DoRaw sends body as it is, with contentType (none if empty): a multipart upload, a form post,
// or bytes that are not the JSON they claim to be.
func (e *Env) DoRaw(method, path, token, contentType string, body io.Reader) *Response {
	req := httptest.NewRequest(method, path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.RemoteAddr = "192.0.2.10:1234"
	rec := httptest.NewRecorder()
	e.App.Echo.ServeHTTP(rec, req)
	return &Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

// DemoPassword is the demo accounts' password.
const DemoPassword = app.DemoPassword

// Login signs a demo user in and returns the access token, failing the test otherwise.
func (e *Env) Login(username string) string {
	e.T.Helper()
	r := e.Do(http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": username, "password": DemoPassword})
	if r.Status != http.StatusOK {
		e.T.Fatalf("login %s: %d %s", username, r.Status, r.Body)
	}
	return fmt.Sprint(r.JSON(e.T)["access_token"])
}

// OrgID returns the id of the org with code.
func (e *Env) OrgID(code string) int64 {
	e.T.Helper()
	o, err := e.App.Orgs.ByCode(context.Background(), code)
	if err != nil {
		e.T.Fatalf("org %s: %v", code, err)
	}
	return o.ID
}
