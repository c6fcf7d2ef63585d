// Package e2e runs the real tianbao binary as separate processes: two replicas on one MariaDB
// database, SIGTERM under load, a database outage seen through /readyz, backup and restore.
// TestMain builds the binary once.
package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gomysql "github.com/go-sql-driver/mysql"
)

var binary string // the tianbao binary TestMain built

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tianbao-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "tianbao")
	cmd := exec.Command("go", "build", "-o", binary, "github.com/tianbao-edu/tianbao/backend/cmd/tianbao")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: go build:", err)
		_ = os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

const (
	secret       = "8f3c1e9a6b2d47f0a5c8e1b3d9f64a27c0e5b8d1f3a6c9e2" // random: serve refuses guessable secrets
	metricsToken = "e2e-metrics-5d2a9c7e1f4b8036"
	demoPassword = "Demo@2025!"
)

// server is one running tianbao process.
type server struct {
	t    *testing.T
	name string
	url  string
	addr string
	cmd  *exec.Cmd
	log  *syncBuffer
	done chan struct{}
	err  error // the process's exit, once done is closed

	startErr error
}

// syncBuffer collects a process's output.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// baseEnv is the environment every server gets, on top of extra.
func baseEnv(extra map[string]string) []string {
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "TIANBAO_BCRYPT_COST=4",
		"TIANBAO_JWT_SECRET=" + secret, "TIANBAO_LOG_LEVEL=info", "TIANBAO_METRICS_TOKEN=" + metricsToken}
	for k, v := range extra {
		env = append(env, k+"="+v)
	}
	return env
}

// start runs `tianbao serve` with env and waits until /readyz answers 200.
func start(t *testing.T, name string, env map[string]string) *server {
	t.Helper()
	s := startAsync(t, name, env)
	s.waitReady(t)
	return s
}

// startAsync starts `tianbao serve` without waiting; safe to call from several goroutines.
func startAsync(t *testing.T, name string, env map[string]string) *server {
	addr := env["TIANBAO_ADDR"]
	if addr == "" {
		addr = freePort(t)
		env["TIANBAO_ADDR"] = addr
	}
	s := &server{t: t, name: name, addr: addr, url: "http://" + addr, log: &syncBuffer{}, done: make(chan struct{})}
	s.cmd = exec.Command(binary, "serve")
	s.cmd.Env = baseEnv(env)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		s.startErr = err
		close(s.done)
		return s
	}
	go func() { s.err = s.cmd.Wait(); close(s.done) }()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			_ = s.cmd.Process.Kill()
			<-s.done
		}
		if t.Failed() {
			t.Logf("--- %s output:\n%s", name, tail(s.log.String(), 4000))
		}
	})
	return s
}

// waitReady waits until /readyz answers 200, failing if the process exits first.
func (s *server) waitReady(t *testing.T) {
	t.Helper()
	if s.startErr != nil {
		t.Fatalf("start %s: %v", s.name, s.startErr)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case <-s.done:
			t.Fatalf("%s exited at start: %v\n%s", s.name, s.err, s.log.String())
		default:
		}
		if st, _ := s.status(http.MethodGet, "/readyz", "", nil); st == http.StatusOK {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not ready after 60 s:\n%s", s.name, s.log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// sigterm asks the process to stop.
func (s *server) sigterm() {
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		s.t.Fatalf("SIGTERM %s: %v", s.name, err)
	}
}

// wait waits for the process to exit and returns its error.
func (s *server) wait(d time.Duration) error {
	select {
	case <-s.done:
		return s.err
	case <-time.After(d):
		s.t.Fatalf("%s did not exit within %s", s.name, d)
		return nil
	}
}

var client = &http.Client{Timeout: 30 * time.Second}

// do sends a request; body is JSON-encoded unless nil. It returns the status and the raw body,
// or an error when the request never got an answer.
func (s *server) do(method, path, token string, body any, header ...string) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		j, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, s.url+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

func (s *server) status(method, path, token string, body any, header ...string) (int, []byte) {
	st, b, err := s.do(method, path, token, body, header...)
	if err != nil {
		return 0, []byte(err.Error())
	}
	return st, b
}

// json does a request that must answer want, decoding the body into out (if not nil).
func (s *server) json(t *testing.T, method, path, token string, body any, want int, out any, header ...string) {
	t.Helper()
	st, b, err := s.do(method, path, token, body, header...)
	if err != nil {
		t.Fatalf("%s %s %s: %v", s.name, method, path, err)
	}
	if st != want {
		t.Fatalf("%s %s %s: want %d, got %d %s", s.name, method, path, want, st, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("decode %s: %v", b, err)
		}
	}
}

type loginResponse struct {
	AccessToken string `json:"access_token"`
	User        struct {
		ID int64 `json:"id"`
	} `json:"user"`
}

func (s *server) login(t *testing.T, username string, header ...string) loginResponse {
	t.Helper()
	var r loginResponse
	s.json(t, http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": username, "password": demoPassword},
		http.StatusOK, &r, header...)
	return r
}

// freshMySQL creates a uniquely named database on the TIANBAO_TEST_MYSQL server, dropped when
// the test ends; it returns the server's address and the database's DSN.
func freshMySQL(t *testing.T) (serverAddr, dsn string) {
	t.Helper()
	base := os.Getenv("TIANBAO_TEST_MYSQL")
	if base == "" {
		t.Skip("TIANBAO_TEST_MYSQL not set")
	}
	cfg, err := gomysql.ParseDSN(base)
	if err != nil {
		t.Fatalf("TIANBAO_TEST_MYSQL: %v", err)
	}
	admin, err := sql.Open("mysql", base)
	if err != nil {
		t.Fatal(err)
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := "tianbao_e2e_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name)
		_ = admin.Close()
	})
	cfg.DBName = name
	return cfg.Addr, cfg.FormatDSN()
}

// dsnVia points dsn at another address (the test's proxy).
func dsnVia(t *testing.T, dsn, addr string) string {
	t.Helper()
	cfg, err := gomysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Addr = addr
	cfg.Net = "tcp"
	cfg.Timeout = 2 * time.Second
	return cfg.FormatDSN()
}

// metric returns the value of the first sample line starting with series (name and labels as
// exposed), or -1 when there is none.
func metric(exposition, series string) float64 {
	for _, line := range strings.Split(exposition, "\n") {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			var v float64
			if _, err := fmt.Sscan(rest, &v); err == nil {
				return v
			}
		}
	}
	return -1
}

// waitFor polls cond every 20 ms until it holds or d passes; it returns the time taken.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > d {
			t.Fatalf("%s: not within %s", what, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return time.Since(start)
}

var _ = context.Background

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
