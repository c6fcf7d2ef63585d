package api_test

// Shared helpers for the API tests. Every helper takes the (sub)test's own *testing.T, so a
// failure is reported where it happened even when one Env is shared by many subtests.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// pair is what a login, refresh or password change returns.
type pair struct {
	Access  string
	Refresh string
	UserID  int64
	Body    map[string]any
}

// login posts credentials and returns the raw response.
func login(e *testenv.Env, username, password string) *testenv.Response {
	return e.Do(http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": username, "password": password})
}

// mustPair decodes a 200 token response or fails.
func mustPair(t *testing.T, r *testenv.Response) pair {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("want 200 with tokens, got %d %s", r.Status, r.Body)
	}
	m := r.JSON(t)
	p := pair{Body: m}
	p.Access, _ = m["access_token"].(string)
	p.Refresh, _ = m["refresh_token"].(string)
	if u, ok := m["user"].(map[string]any); ok {
		if id, ok := u["id"].(float64); ok {
			p.UserID = int64(id)
		}
	}
	if p.Access == "" || p.Refresh == "" || p.UserID == 0 {
		t.Fatalf("token response lacks access_token, refresh_token or user.id: %s", r.Body)
	}
	return p
}

// loginPair signs a user in with a password and returns the pair.
func loginPair(t *testing.T, e *testenv.Env, username, password string) pair {
	t.Helper()
	return mustPair(t, login(e, username, password))
}

// demo signs a demo user in and returns the pair.
func demo(t *testing.T, e *testenv.Env, username string) pair {
	t.Helper()
	return loginPair(t, e, username, testenv.DemoPassword)
}

func refresh(e *testenv.Env, token string) *testenv.Response {
	return e.Do(http.MethodPost, "/api/v1/auth/refresh", "", map[string]string{"refresh_token": token})
}

// problem is an RFC 9457 error body as the API writes it.
type problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	Code      string `json:"code"`
	RequestID string `json:"request_id"`
	Errors    []struct {
		Field   string `json:"field"`
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
}

// wantStatus fails unless r has the status.
func wantStatus(t *testing.T, r *testenv.Response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("want status %d, got %d: %s", status, r.Status, r.Body)
	}
}

// wantProblem fails unless r is a problem+json with the status and machine code.
func wantProblem(t *testing.T, r *testenv.Response, status int, code string) problem {
	t.Helper()
	wantStatus(t, r, status)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("want Content-Type application/problem+json, got %q", ct)
	}
	var p problem
	r.Decode(t, &p)
	if p.Status != status || p.Code != code {
		t.Fatalf("want problem %d %q, got %d %q: %s", status, code, p.Status, p.Code, r.Body)
	}
	if p.RequestID == "" || p.RequestID != r.Header.Get("X-Request-ID") {
		t.Fatalf("problem request_id %q does not match X-Request-ID %q", p.RequestID, r.Header.Get("X-Request-ID"))
	}
	return p
}

// wantFields fails unless the problem's field errors are exactly want (field → code).
func wantFields(t *testing.T, p problem, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for _, f := range p.Errors {
		got[f.Field] = f.Code
		if f.Message == "" {
			t.Errorf("field %s: empty message", f.Field)
		}
	}
	if fmt.Sprint(sorted(got)) != fmt.Sprint(sorted(want)) {
		t.Fatalf("want field errors %v, got %v", sorted(want), sorted(got))
	}
}

func sorted(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

// withoutRequestID returns the body with request_id removed, so two problem bodies can be
// compared and substring checks cannot hit the random id.
func withoutRequestID(t *testing.T, body []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return string(body)
	}
	if m, ok := v.(map[string]any); ok {
		delete(m, "request_id")
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// raw sends a request with full control of headers and remote address, through the real router.
func raw(e *testenv.Env, method, path, contentType, body string, header map[string]string, remote string) *testenv.Response {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if remote != "" {
		req.RemoteAddr = remote
	}
	rec := httptest.NewRecorder()
	e.App.Echo.ServeHTTP(rec, req)
	return &testenv.Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

// items decodes a list response's items.
func items(t *testing.T, r *testenv.Response) ([]map[string]any, int) {
	t.Helper()
	var page struct {
		Items    []map[string]any `json:"items"`
		Total    int              `json:"total"`
		Page     int              `json:"page"`
		PageSize int              `json:"page_size"`
	}
	r.Decode(t, &page)
	return page.Items, page.Total
}

// strs collects one string field of every item.
func strs(list []map[string]any, key string) []string {
	out := make([]string, 0, len(list))
	for _, m := range list {
		out = append(out, fmt.Sprint(m[key]))
	}
	sort.Strings(out)
	return out
}

// id reads a numeric id field of a decoded object.
func id(t *testing.T, m map[string]any, key string) int64 {
	t.Helper()
	v, ok := m[key].(float64)
	if !ok {
		t.Fatalf("%s is not a number in %v", key, m)
	}
	return int64(v)
}

// createUser creates a user as the given token and returns its id, failing unless 201.
func createUser(t *testing.T, e *testenv.Env, token, username, orgCode, role string) int64 {
	t.Helper()
	body := map[string]any{"username": username, "display_name": "测试 " + username, "password": "Fixture@2025!",
		"org_id": oid(t, e, orgCode)}
	if role != "" {
		body["roles"] = []map[string]any{{"role": role}}
	}
	r := e.Do(http.MethodPost, "/api/v1/users", token, body)
	wantStatus(t, r, http.StatusCreated)
	return id(t, r.JSON(t), "id")
}

// oid returns the id of the org with code.
func oid(t *testing.T, e *testenv.Env, code string) int64 {
	t.Helper()
	o, err := e.App.Orgs.ByCode(context.Background(), code)
	if err != nil {
		t.Fatalf("org %s: %v", code, err)
	}
	return o.ID
}

// orgByID fetches an org as admin.
func orgByID(t *testing.T, e *testenv.Env, token string, orgID int64) map[string]any {
	t.Helper()
	r := e.Do(http.MethodGet, fmt.Sprintf("/api/v1/orgs/%d", orgID), token, nil)
	wantStatus(t, r, http.StatusOK)
	return r.JSON(t)
}
