package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// syncBuffer is a log sink the server's goroutines may write to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// warnings returns the messages of the warn-level lines logged so far.
func (s *syncBuffer) warnings(t *testing.T) []map[string]any {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(s.b.String()), "\n") {
		var m map[string]any
		if line == "" || json.Unmarshal([]byte(line), &m) != nil {
			continue
		}
		if m["level"] == "WARN" {
			out = append(out, m)
		}
	}
	return out
}

// TestLoginRefusalsLoggedAtWarn: an operator who keeps only warnings still sees failed and
// locked-out logins, with the name tried and the address.
func TestLoginRefusalsLoggedAtWarn(t *testing.T) {
	t.Parallel()
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		logs := &syncBuffer{}
		e := testenv.NewWithLog(t, kind, logs)
		for i := 0; i < 5; i++ {
			login(e, "xhzx", "wrong-password")
		}
		wantStatus(t, login(e, "xhzx", "wrong-password"), http.StatusTooManyRequests)
		var failed, locked int
		for _, m := range logs.warnings(t) {
			if m["username"] != "xhzx" {
				continue
			}
			switch m["msg"] {
			case "login failed":
				failed++
			case "login locked":
				locked++
			}
		}
		if failed == 0 || locked == 0 {
			t.Errorf("want failed and locked logins at warn, got %d failed and %d locked lines", failed, locked)
		}
		wantStatus(t, login(e, "xhzx", testenv.DemoPassword), http.StatusTooManyRequests)
	})
}
