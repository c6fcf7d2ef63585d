package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/app"
)

// capture runs the command with stdout redirected and returns what it printed.
func capture(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var b bytes.Buffer
	old := stdout
	stdout = &b
	defer func() { stdout = old }()
	err := run(args)
	return b.String(), err
}

func randomSecret() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Every command has its own --help: it exits 0 and lists that command's flags only.
func TestHelpPerCommand(t *testing.T) {
	setEnv(t)
	cases := []struct {
		args       []string
		has, lacks []string
	}{
		{[]string{"serve", "--help"}, []string{"usage: tianbao serve", "-addr", "-db", "-demo"}, []string{"-org", "-out", "-synthetic"}},
		{[]string{"migrate", "-h"}, []string{"usage: tianbao migrate", "-db"}, []string{"-org", "-out"}},
		{[]string{"seed", "--help"}, []string{"usage: tianbao seed", "-demo", "-synthetic", "before user create"}, []string{"-org", "-out", "-addr"}},
		{[]string{"user", "create", "--help"}, []string{"usage: tianbao user create", "-org", "-role", "-name", "tianbao seed"}, []string{"-synthetic", "-out", "-addr"}},
		{[]string{"user", "grant", "--help"}, []string{"usage: tianbao user grant", "-org", "-role"}, []string{"-name", "-synthetic"}},
		{[]string{"user", "reset-password", "--help"}, []string{"usage: tianbao user reset-password"}, []string{"-org", "-role", "-name"}},
		{[]string{"user", "--help"}, []string{"tianbao user create", "tianbao user revoke"}, []string{"-synthetic"}},
		{[]string{"backup", "--help"}, []string{"usage: tianbao backup", "-out"}, []string{"-org", "-path"}},
		{[]string{"healthcheck", "--help"}, []string{"usage: tianbao healthcheck", "-path", "-timeout"}, []string{"-org", "-out"}},
		{[]string{"demo", "purge", "--help"}, []string{"usage: tianbao demo purge"}, []string{"-org", "-out"}},
		{[]string{"version", "--help"}, []string{"usage: tianbao version"}, nil},
		{[]string{"--help"}, []string{"demo purge", "Each command takes --help"}, nil},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			out, err := capture(t, c.args...)
			if err != nil {
				t.Fatalf("exit status not 0: %v", err)
			}
			for _, h := range c.has {
				if !strings.Contains(out, h) {
					t.Errorf("help lacks %q:\n%s", h, out)
				}
			}
			for _, l := range c.lacks {
				if strings.Contains(out, l) {
					t.Errorf("help lists another command's %q:\n%s", l, out)
				}
			}
		})
	}
	if _, err := capture(t, "seed", "--bogus"); err == nil || !strings.Contains(err.Error(), "usage: tianbao seed") {
		t.Fatalf("a bad flag: %v", err)
	}
}

// Operator errors say what is missing and what to run.
func TestOperatorErrorsSayWhatToRun(t *testing.T) {
	setEnv(t)
	t.Setenv("TIANBAO_PASSWORD", "First@Admin2025")
	_, err := capture(t, "user", "create", "--org", "qjjw", "--role", "sysadmin", "admin")
	if err == nil || !strings.Contains(err.Error(), `"qjjw"`) || !strings.Contains(err.Error(), "tianbao seed") {
		t.Fatalf("user create on a fresh database: %v", err)
	}
	_, err = capture(t, "user", "grant", "--org", "qjjw", "--role", "reviewer", "nobody")
	if err == nil || !strings.Contains(err.Error(), "tianbao seed") {
		t.Fatalf("user grant on a fresh database: %v", err)
	}
}

// serve refuses the shipped example secrets and guessable ones before it opens the database.
func TestServeRefusesGuessableSecrets(t *testing.T) {
	for _, s := range []string{"change-me-to-64-hex-characters-from-openssl-rand-hex-32",
		"replace-with-openssl-rand-hex-32-output-64-characters-long", strings.Repeat("s", 40), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1"} {
		setEnv(t)
		t.Setenv("TIANBAO_JWT_SECRET", s)
		if _, err := capture(t, "serve"); err == nil || !strings.Contains(err.Error(), "TIANBAO_JWT_SECRET") || !strings.Contains(err.Error(), "openssl rand") {
			t.Fatalf("serve with %q: %v", s, err)
		}
		// Demo mode too: a secret given is a secret used.
		t.Setenv("TIANBAO_DEMO", "1")
		if _, err := capture(t, "serve"); err == nil || !strings.Contains(err.Error(), "TIANBAO_JWT_SECRET") {
			t.Fatalf("demo serve with %q: %v", s, err)
		}
	}
	setEnv(t)
	if _, err := capture(t, "serve"); err == nil || !strings.Contains(err.Error(), "openssl rand") {
		t.Fatalf("serve without a secret does not say how to make one: %v", err)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// serveUntilUp runs `tianbao serve` until /healthz answers on addr, calls fn, then stops it
// with SIGINT as an operator would.
func serveUntilUp(t *testing.T, addr string, fn func()) string {
	t.Helper()
	errc := make(chan error, 1)
	var out string
	go func() {
		var err error
		out, err = capture(t, "serve")
		errc <- err
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if r, err := http.Get("http://" + addr + "/healthz"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				break
			}
		}
		select {
		case err := <-errc:
			t.Fatalf("serve stopped: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the server did not come up")
		}
		time.Sleep(50 * time.Millisecond)
	}
	fn()
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; err != nil {
		t.Fatalf("serve: %v", err)
	}
	return out
}

func status(t *testing.T, url, bearer string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return r.StatusCode, string(b)
}

// A database seeded in demo mode does not serve outside it while the demo accounts can log in;
// `tianbao demo purge` removes them and then it starts. /metrics is not on the API address
// unless a token is set, and TIANBAO_METRICS_ADDR serves it apart.
func TestDemoDatabaseOutsideDemoMode(t *testing.T) {
	setEnv(t)
	if _, err := capture(t, "seed", "--demo"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TIANBAO_JWT_SECRET", randomSecret())
	_, err := capture(t, "serve")
	if err == nil || !strings.Contains(err.Error(), "tianbao demo purge") {
		t.Fatalf("serve on a demo database outside demo mode: %v", err)
	}
	out, err := capture(t, "demo", "purge")
	if err != nil || !strings.Contains(out, fmt.Sprintf("deleted %d demo accounts", len(app.DemoAccounts))) {
		t.Fatalf("demo purge: %q %v", out, err)
	}
	addr, maddr := freeAddr(t), freeAddr(t)
	t.Setenv("TIANBAO_ADDR", addr)
	t.Setenv("TIANBAO_METRICS_ADDR", maddr)
	serveUntilUp(t, addr, func() {
		if st, body := status(t, "http://"+addr+"/metrics", ""); st != http.StatusNotFound || strings.Contains(body, "tianbao_http") {
			t.Errorf("/metrics on the API address: %d", st)
		}
		if st, body := status(t, "http://"+maddr+"/metrics", ""); st != http.StatusOK || !strings.Contains(body, "tianbao_http_requests_total") {
			t.Errorf("/metrics on TIANBAO_METRICS_ADDR: %d", st)
		}
	})
	token := randomSecret()
	t.Setenv("TIANBAO_METRICS_ADDR", "")
	t.Setenv("TIANBAO_METRICS_TOKEN", token)
	serveUntilUp(t, addr, func() {
		if st, _ := status(t, "http://"+addr+"/metrics", ""); st != http.StatusUnauthorized {
			t.Errorf("/metrics without the token: %d", st)
		}
		if st, body := status(t, "http://"+addr+"/metrics", token); st != http.StatusOK || !strings.Contains(body, "tianbao_http_requests_total") {
			t.Errorf("/metrics with the token: %d", st)
		}
	})
}
