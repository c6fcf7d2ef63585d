package api_test

// The contract test: the embedded OpenAPI document is valid, names every route the router
// registers, and describes every request the scenario sends and every response it gets back.
// Response schemas forbid additional properties, so a renamed or added field, a wrong type or
// a null where none is documented fails here.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/tianbao-edu/tianbao/backend/api"
	"github.com/tianbao-edu/tianbao/backend/testenv"
	"github.com/tianbao-edu/tianbao/seeds"
)

// loadOpenAPI parses and validates the embedded document.
func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(api.OpenAPI)
	if err != nil {
		t.Fatalf("load openapi.yaml: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("openapi.yaml is not a valid OpenAPI document: %v", err)
	}
	return doc
}

// echoPath turns an echo route under /api/v1 into the document's path template.
var echoParam = regexp.MustCompile(`:([A-Za-z_]+)`)

func docPath(echoRoute string) (string, bool) {
	p, ok := strings.CutPrefix(echoRoute, "/api/v1")
	if !ok || p == "" {
		return "", false
	}
	return echoParam.ReplaceAllString(p, "{$1}"), true
}

// TestOpenAPIDocumentsEveryRoute: every route the router registers is in the document, and every
// operation in the document is a registered route.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	doc := loadOpenAPI(t)
	e := testenv.New(t, "sqlite")
	undocumented := map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true, "/*": true, "/api/v1/*": true}
	registered := map[string]bool{}
	for _, r := range e.App.Echo.Routes() {
		if undocumented[r.Path] {
			continue
		}
		p, ok := docPath(r.Path)
		if !ok {
			t.Errorf("route %s %s is outside /api/v1 and not on the undocumented list", r.Method, r.Path)
			continue
		}
		registered[r.Method+" "+p] = true
		item := doc.Paths.Value(p)
		if item == nil || item.GetOperation(r.Method) == nil {
			t.Errorf("route %s %s is not in openapi.yaml (as %s %s)", r.Method, r.Path, r.Method, p)
		}
	}
	for p, item := range doc.Paths.Map() {
		for m := range item.Operations() {
			if !registered[m+" "+p] {
				t.Errorf("openapi.yaml documents %s %s, which no route serves", m, p)
			}
		}
	}
}

// TestOpenAPIServed: the document is public, YAML, and the embedded bytes.
func TestOpenAPIServed(t *testing.T) {
	e := testenv.New(t, "sqlite")
	r := e.Do(http.MethodGet, "/api/v1/openapi.yaml", "", nil)
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/yaml" || !bytes.Equal(r.Body, api.OpenAPI) {
		t.Fatalf("GET /api/v1/openapi.yaml: %d %q (%d bytes)", r.Status, r.Header.Get("Content-Type"), len(r.Body))
	}
}

// contract sends requests through the real router and checks both sides against the document.
type contract struct {
	*testenv.Env
	doc    *openapi3.T
	router routers.Router

	mu   sync.Mutex
	seen map[string]map[int]int // operationId → status → count
	// noSuccess names operations whose success this machine cannot produce (the PDF without LibreOffice).
	noSuccess map[string]bool
}

// req is one request of the scenario.
type req struct {
	method, path, token string
	body                any    // nil, a JSON value, or rawBody
	contentType         string // for a raw body
	remote              string
	// invalid marks a request that deliberately breaks the document (a missing token, a bad
	// body): it is not validated, but its response still is.
	invalid bool
}

// multipartBody builds a multipart/form-data body with text fields and one file.
func multipartBody(t *testing.T, fields map[string]string, filename string, data []byte) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := mw.WriteField(k, fields[k]); err != nil {
			t.Fatal(err)
		}
	}
	if filename != "" {
		fw, err := mw.CreateFormFile("file", filename)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(data)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), mw.FormDataContentType()
}

func bearerOnly(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.SecuritySchemeName != "bearerAuth" {
		return fmt.Errorf("unknown security scheme %q", in.SecuritySchemeName)
	}
	if h := in.RequestValidationInput.Request.Header.Get("Authorization"); !strings.HasPrefix(h, "Bearer ") || len(h) == len("Bearer ") {
		return errors.New("no bearer token")
	}
	return nil
}

func (c *contract) newRequest(t *testing.T, r req, body []byte) *http.Request {
	t.Helper()
	hr := httptest.NewRequest(r.method, r.path, bytes.NewReader(body))
	if r.contentType != "" {
		hr.Header.Set("Content-Type", r.contentType)
	} else if r.body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	if r.token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.token)
	}
	hr.RemoteAddr = "192.0.2.10:1234"
	if r.remote != "" {
		hr.RemoteAddr = r.remote
	}
	return hr
}

// do sends r, fails unless the status is want, and validates the request (unless invalid) and
// the response against the document.
func (c *contract) do(t *testing.T, r req, want int) *testenv.Response {
	t.Helper()
	var body []byte
	switch b := r.body.(type) {
	case nil:
	case []byte:
		body = b
	case string:
		body = []byte(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		body = j
	}
	ctx := context.Background()
	vreq := c.newRequest(t, r, body)
	route, params, err := c.router.FindRoute(vreq)
	if err != nil {
		t.Fatalf("%s %s: not in openapi.yaml: %v", r.method, r.path, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: bearerOnly, MultiError: true}}
	if !r.invalid {
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			t.Fatalf("%s %s: request does not match openapi.yaml: %v", r.method, r.path, err)
		}
	}

	hr := c.newRequest(t, r, body)
	rec := httptest.NewRecorder()
	c.App.Echo.ServeHTTP(rec, hr)
	res := &testenv.Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	if res.Status != want {
		t.Fatalf("%s %s: want %d, got %d: %s", r.method, r.path, want, res.Status, res.Body)
	}

	ct := res.Header.Get("Content-Type")
	binary := res.Status < 300 && !strings.HasPrefix(ct, "application/json")
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.Status, Header: res.Header,
		Body:    io.NopCloser(bytes.NewReader(res.Body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true, ExcludeResponseBody: binary}}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		t.Fatalf("%s %s: %d response does not match openapi.yaml: %v\nbody: %s", r.method, r.path, res.Status, err, trim(res.Body))
	}
	if rr := route.Operation.Responses.Status(res.Status); binary && rr != nil && len(rr.Value.Content) > 0 && rr.Value.Content.Get(ct) == nil {
		t.Fatalf("%s %s: %d with Content-Type %q, which openapi.yaml does not list", r.method, r.path, res.Status, ct)
	}
	if res.Status >= 400 && !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("%s %s: error %d is %q, not problem+json", r.method, r.path, res.Status, ct)
	}
	c.mu.Lock()
	op := route.Operation.OperationID
	if c.seen[op] == nil {
		c.seen[op] = map[int]int{}
	}
	c.seen[op][res.Status]++
	c.mu.Unlock()
	return res
}

func trim(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "…"
	}
	return string(b)
}

// Shorthands.
func (c *contract) get(t *testing.T, tok, path string, want int) *testenv.Response {
	t.Helper()
	return c.do(t, req{method: http.MethodGet, path: path, token: tok}, want)
}

func (c *contract) send(t *testing.T, method, tok, path string, body any, want int) *testenv.Response {
	t.Helper()
	return c.do(t, req{method: method, path: path, token: tok, body: body}, want)
}

// bad sends a request that deliberately breaks the document; only its response is checked.
func (c *contract) bad(t *testing.T, method, tok, path string, body any, contentType string, want int) *testenv.Response {
	t.Helper()
	return c.do(t, req{method: method, path: path, token: tok, body: body, contentType: contentType, invalid: true}, want)
}

func (c *contract) upload(t *testing.T, tok, path string, fields map[string]string, filename string, data []byte, want int) *testenv.Response {
	t.Helper()
	body, ct := multipartBody(t, fields, filename, data)
	return c.do(t, req{method: http.MethodPost, path: path, token: tok, body: body, contentType: ct}, want)
}

func (c *contract) login(t *testing.T, user string) string {
	t.Helper()
	r := c.send(t, http.MethodPost, "", "/api/v1/auth/login", map[string]string{"username": user, "password": testenv.DemoPassword}, 200)
	return fmt.Sprint(r.JSON(t)["access_token"])
}

func num(t *testing.T, m map[string]any, key string) int64 {
	t.Helper()
	return id(t, m, key)
}

// TestOpenAPIContract runs a reporting cycle through every route, with successes and errors,
// and checks each exchange against openapi.yaml.
func TestOpenAPIContract(t *testing.T) {
	doc := loadOpenAPI(t)
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("router: %v", err)
	}
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		o, withOIDC := ssoProvider(t)
		soffice, pdf := withSoffice()
		c := &contract{Env: testenv.New(t, kind, withOIDC, soffice), doc: doc, router: router, seen: map[string]map[int]int{}}
		contractScenario(t, c)
		ssoContract(t, c, o)
		briefingContract(t, c, pdf)
		if !pdf {
			c.noSuccess = map[string]bool{"briefingPDF": true}
		}
		c.checkCoverage(t)
	})
}

func contractScenario(t *testing.T, c *contract) {
	const v1 = "/api/v1"
	now := c.Clock.Now()

	c.get(t, "", v1+"/openapi.yaml", 200)

	// Auth.
	admin, reviewer, leader, xhzx := c.login(t, "admin"), c.login(t, "reviewer"), c.login(t, "leader"), c.login(t, "xhzx")
	c.send(t, "POST", "", v1+"/auth/login", map[string]string{"username": "xhzx", "password": "wrong"}, 401)
	c.bad(t, "POST", "", v1+"/auth/login", map[string]string{"username": "xhzx"}, "", 422)
	c.send(t, "POST", "", v1+"/auth/login", map[string]string{"username": "", "password": ""}, 422)
	c.bad(t, "POST", "", v1+"/auth/login", "username=xhzx", "text/plain", 415)
	c.bad(t, "POST", "", v1+"/auth/login", map[string]any{"username": "xhzx", "password": "x", "remember": true}, "", 422)
	for i := 0; ; i++ {
		// A name that fails often enough locks (on the 5th failure, as a real account does); another
		// address keeps the rest of the scenario open.
		r := c.do(t, req{method: "POST", path: v1 + "/auth/login", remote: "198.51.100.7:4000",
			body: map[string]string{"username": "nobody-here", "password": "wrong"}}, map[bool]int{true: 429, false: 401}[i >= 4])
		if r.Status == 429 {
			if r.Header.Get("Retry-After") == "" {
				t.Fatal("429 without Retry-After")
			}
			break
		}
	}

	pr := c.send(t, "POST", "", v1+"/auth/login", map[string]string{"username": "syyey", "password": testenv.DemoPassword}, 200).JSON(t)
	rt := pr["refresh_token"].(string)
	nr := c.send(t, "POST", "", v1+"/auth/refresh", map[string]string{"refresh_token": rt}, 200).JSON(t)
	c.send(t, "POST", "", v1+"/auth/refresh", map[string]string{"refresh_token": rt}, 401) // reuse revokes the family
	c.send(t, "POST", "", v1+"/auth/refresh", map[string]string{"refresh_token": ""}, 422)
	c.bad(t, "POST", "", v1+"/auth/refresh", map[string]int{"refresh_token": 7}, "", 422)
	c.send(t, "POST", "", v1+"/auth/logout", map[string]string{"refresh_token": nr["refresh_token"].(string)}, 204)
	c.bad(t, "POST", "", v1+"/auth/logout", "x", "text/plain", 415)

	me := c.get(t, xhzx, v1+"/me", 200).JSON(t)
	xhzxID := num(t, me, "id")
	c.bad(t, "GET", "", v1+"/me", nil, "", 401)
	c.get(t, "not-a-token", v1+"/me", 401)

	// Orgs.
	c.get(t, admin, v1+"/orgs", 200)
	c.get(t, admin, v1+"/orgs?tree=1", 200)
	c.get(t, xhzx, v1+"/orgs?tree=true", 200)
	c.get(t, admin, v1+"/orgs?type=primary&page=2&page_size=5&q=%E5%B0%8F", 200)
	c.bad(t, "GET", admin, v1+"/orgs?page=abc", nil, "", 422)
	c.bad(t, "GET", admin, v1+"/orgs?type=castle", nil, "", 422)
	c.bad(t, "GET", "", v1+"/orgs", nil, "", 401)
	qjjw, town := c.OrgID("qjjw"), c.OrgID("town-chengnan")
	c.get(t, admin, fmt.Sprintf("%s/orgs/%d", v1, qjjw), 200) // the bureau: parent_id and town_id null
	c.get(t, admin, fmt.Sprintf("%s/orgs/%d", v1, c.OrgID("xhzx")), 200)
	c.get(t, admin, v1+"/orgs/999999", 404)
	c.bad(t, "GET", "", v1+"/orgs/1", nil, "", 401)
	c.get(t, xhzx, fmt.Sprintf("%s/orgs/%d", v1, c.OrgID("wlzx")), 404) // outside the filler's scope
	org := c.send(t, "POST", admin, v1+"/orgs", map[string]any{"parent_id": town, "code": "oa-new-school", "name": "契约小学", "type": "primary"}, 201).JSON(t)
	orgID := num(t, org, "id")
	c.send(t, "POST", admin, v1+"/orgs", map[string]any{"parent_id": town, "code": "oa-new-school", "name": "重复", "type": "primary"}, 422)
	c.send(t, "POST", reviewer, v1+"/orgs", map[string]any{"parent_id": town, "code": "oa-x", "name": "x", "type": "primary"}, 403)
	c.bad(t, "POST", admin, v1+"/orgs", map[string]any{"parent_id": town, "code": "oa-y", "name": "y", "type": "castle"}, "", 422)
	c.send(t, "PATCH", admin, fmt.Sprintf("%s/orgs/%d", v1, orgID), map[string]any{"name": "契约小学（更名）", "ownership": "private"}, 200)
	c.send(t, "PATCH", admin, fmt.Sprintf("%s/orgs/%d", v1, orgID), map[string]any{"ownership": "state"}, 422)
	c.send(t, "PATCH", admin, v1+"/orgs/999999", map[string]any{"name": "x"}, 404)
	c.send(t, "PATCH", leader, fmt.Sprintf("%s/orgs/%d", v1, orgID), map[string]any{"name": "x"}, 403)

	// Users.
	c.get(t, admin, v1+"/users", 200)
	c.get(t, admin, fmt.Sprintf("%s/users?org_id=%d&q=xh&page=1&page_size=10", v1, c.OrgID("xhzx")), 200)
	c.get(t, xhzx, v1+"/users", 403)
	c.bad(t, "GET", admin, v1+"/users?org_id=0", nil, "", 422)
	c.get(t, admin, fmt.Sprintf("%s/users/%d", v1, xhzxID), 200)
	c.get(t, admin, v1+"/users/999999", 404)
	c.get(t, xhzx, fmt.Sprintf("%s/users/%d", v1, xhzxID), 403)
	nu := c.send(t, "POST", admin, v1+"/users", map[string]any{"username": "oa-filler", "display_name": "契约测试", "phone": "13800000000",
		"password": "Fixture@2025!", "org_id": orgID, "roles": []map[string]any{{"role": "filler"}}}, 201).JSON(t)
	nuID := num(t, nu, "id")
	c.send(t, "POST", admin, v1+"/users", map[string]any{"username": "oa-short", "display_name": "短", "password": "short", "org_id": orgID}, 422)
	c.send(t, "POST", leader, v1+"/users", map[string]any{"username": "oa-l", "display_name": "l", "password": "Fixture@2025!", "org_id": orgID}, 403)
	c.send(t, "PATCH", admin, fmt.Sprintf("%s/users/%d", v1, nuID), map[string]any{"display_name": "契约测试（改）", "phone": nil}, 200)
	c.send(t, "PATCH", admin, fmt.Sprintf("%s/users/%d", v1, nuID), map[string]any{"display_name": ""}, 422)
	c.send(t, "PATCH", admin, v1+"/users/999999", map[string]any{"display_name": "x"}, 404)
	c.send(t, "PATCH", leader, fmt.Sprintf("%s/users/%d", v1, nuID), map[string]any{"display_name": "x"}, 403)
	c.send(t, "POST", leader, fmt.Sprintf("%s/users/%d/reset-password", v1, nuID), map[string]string{"password": "Reset@2025!x"}, 403)
	c.send(t, "POST", admin, fmt.Sprintf("%s/users/%d/reset-password", v1, nuID), map[string]string{"password": "Reset@2025!x"}, 204)
	c.send(t, "POST", admin, fmt.Sprintf("%s/users/%d/reset-password", v1, nuID), map[string]string{"password": "short"}, 422)
	c.send(t, "POST", admin, v1+"/users/999999/reset-password", map[string]string{"password": "Reset@2025!x"}, 404)

	// The reset user signs in and changes the password, which revokes the old access token.
	pending := fmt.Sprint(c.send(t, "POST", "", v1+"/auth/login", map[string]string{"username": "oa-filler", "password": "Reset@2025!x"}, 200).JSON(t)["access_token"])
	c.get(t, pending, v1+"/me", 200)
	c.get(t, pending, v1+"/tasks", 403) // an admin reset is a one-time password: change it first
	c.send(t, "POST", pending, v1+"/me/password", map[string]string{"current_password": "wrong", "new_password": "Changed@2025!x"}, 422)
	c.bad(t, "POST", "", v1+"/me/password", map[string]string{"current_password": "Reset@2025!x", "new_password": "Changed@2025!x"}, "", 401)
	c.send(t, "POST", pending, v1+"/me/password", map[string]string{"current_password": "Reset@2025!x", "new_password": "Changed@2025!x"}, 200)
	c.get(t, pending, v1+"/me", 401) // the password change revoked the old access token

	// Forms.
	forms := c.get(t, xhzx, v1+"/forms", 200)
	list, _ := items(t, forms)
	for _, f := range list {
		c.get(t, xhzx, v1+"/forms/"+url.PathEscape(fmt.Sprint(f["code"])), 200) // every seeded schema matches Form
	}
	c.get(t, xhzx, v1+"/forms/no-such-form", 404)
	c.bad(t, "GET", "", v1+"/forms/teacher-training", nil, "", 401)
	c.bad(t, "GET", "", v1+"/forms", nil, "", 401)
	yamlReq := func(tok, ct, body string, want int) *testenv.Response {
		return c.do(t, req{method: "POST", path: v1 + "/forms", token: tok, body: body, contentType: ct}, want)
	}
	yamlReq(admin, "application/yaml", wfProbeYAML, 201)
	yamlReq(admin, "application/x-yaml", wfProbeYAML, 200)
	yamlReq(admin, "application/json", wfProbeJSON, 201)
	yamlReq(reviewer, "application/yaml", wfProbeYAML, 403)
	c.bad(t, "POST", admin, v1+"/forms", strings.Replace(wfProbeYAML, "type: integer", "type: integr", 1), "application/yaml", 422)
	c.bad(t, "POST", admin, v1+"/forms", "code: x", "text/plain", 415)
	c.get(t, admin, v1+"/forms/probe-survey", 200)
	c.get(t, xhzx, v1+"/forms/probe-survey?version=1", 200)
	c.get(t, xhzx, v1+"/forms/probe-survey?version=99", 404)
	c.bad(t, "GET", xhzx, v1+"/forms/probe-survey?version=0", nil, "", 422)
	c.bad(t, "GET", xhzx, v1+"/forms/probe-survey?version=x", nil, "", 422)
	contractBuilder(t, c, admin, reviewer)

	// Campaigns and tasks.
	deadline := now.Add(30 * 24 * time.Hour).UTC().Truncate(time.Second)
	c.get(t, reviewer, v1+"/campaigns", 200)
	c.get(t, leader, v1+"/campaigns?form=teacher-training&period=2025&page=1&page_size=5", 200)
	c.get(t, xhzx, v1+"/campaigns", 403)
	c.bad(t, "GET", reviewer, v1+"/campaigns?page_size=x", nil, "", 422)
	cp := c.send(t, "POST", reviewer, v1+"/campaigns", map[string]any{"form": "students", "period": "2024", "title": "2024 学生",
		"deadline": deadline, "org_id": town, "org_types": []string{"senior", "junior"}}, 201).JSON(t)
	cpID := num(t, cp, "id")
	c.send(t, "POST", admin, v1+"/campaigns", map[string]any{"form": "probe-survey", "period": "2025", "deadline": deadline}, 201)
	c.send(t, "POST", reviewer, v1+"/campaigns", map[string]any{"form": "nope", "period": "2024", "deadline": deadline}, 422)
	c.send(t, "POST", reviewer, v1+"/campaigns", map[string]any{"form": "students", "period": "2024", "deadline": deadline, "org_id": town, "org_types": []string{"senior", "junior"}}, 422)
	c.send(t, "POST", leader, v1+"/campaigns", map[string]any{"form": "students", "period": "2023", "deadline": deadline}, 403)
	c.bad(t, "POST", reviewer, v1+"/campaigns", map[string]any{"form": "students", "period": "2023"}, "", 422)
	c.get(t, reviewer, fmt.Sprintf("%s/campaigns/%d", v1, cpID), 200)
	c.get(t, reviewer, v1+"/campaigns/999999", 404)
	c.get(t, xhzx, fmt.Sprintf("%s/campaigns/%d", v1, cpID), 403)
	c.send(t, "POST", reviewer, fmt.Sprintf("%s/campaigns/%d/extend", v1, cpID), map[string]any{"org_id": c.OrgID("xhzx"), "deadline": deadline.Add(48 * time.Hour)}, 204)
	c.send(t, "POST", reviewer, v1+"/campaigns/999999/extend", map[string]any{"org_id": c.OrgID("xhzx"), "deadline": deadline}, 404)
	c.send(t, "POST", leader, fmt.Sprintf("%s/campaigns/%d/extend", v1, cpID), map[string]any{"org_id": c.OrgID("xhzx"), "deadline": deadline}, 403)
	c.send(t, "POST", reviewer, fmt.Sprintf("%s/campaigns/%d/extend", v1, cpID), map[string]any{"org_id": c.OrgID("xhzx"), "deadline": now.Add(-time.Hour)}, 422)
	c.send(t, "PUT", reviewer, fmt.Sprintf("%s/campaigns/%d/review-levels", v1, cpID), map[string]any{"review_levels": []string{"town", "district"}}, 200)
	c.send(t, "PUT", reviewer, fmt.Sprintf("%s/campaigns/%d/review-levels", v1, cpID), map[string]any{"review_levels": []string{}}, 200)
	c.send(t, "PUT", reviewer, fmt.Sprintf("%s/campaigns/%d/review-levels", v1, cpID), map[string]any{"review_levels": []string{"district", "town"}}, 422)
	c.send(t, "PUT", reviewer, v1+"/campaigns/999999/review-levels", map[string]any{"review_levels": []string{}}, 404)
	c.send(t, "PUT", leader, fmt.Sprintf("%s/campaigns/%d/review-levels", v1, cpID), map[string]any{"review_levels": []string{}}, 403)
	c.get(t, xhzx, v1+"/tasks", 200)
	c.get(t, leader, fmt.Sprintf("%s/tasks?campaign_id=%d&status=not_started&page_size=3", v1, cpID), 200)
	c.bad(t, "GET", xhzx, v1+"/tasks?campaign_id=abc", nil, "", 422)
	c.bad(t, "GET", "", v1+"/tasks", nil, "", 401)

	// Submissions: teacher-training at xhzx through every transition.
	open := map[string]any{"form": "teacher-training", "period": "2025"}
	sub := c.send(t, "POST", xhzx, v1+"/submissions", open, 201).JSON(t)
	sid := num(t, sub, "id")
	c.send(t, "POST", xhzx, v1+"/submissions", open, 200)
	c.send(t, "POST", reviewer, v1+"/submissions", open, 403)
	c.send(t, "POST", xhzx, v1+"/submissions", map[string]any{"form": "nope", "period": "2025"}, 422)
	c.bad(t, "POST", xhzx, v1+"/submissions", map[string]any{"form": "teacher-training"}, "", 422)
	s := func(suffix string) string { return fmt.Sprintf("%s/submissions/%d%s", v1, sid, suffix) }
	c.get(t, xhzx, s(""), 200)
	c.get(t, xhzx, v1+"/submissions/999999", 404)
	c.get(t, c.login(t, "wlzx"), s(""), 404) // another school's
	c.send(t, "POST", xhzx, s("/submit"), map[string]any{"version": 1}, 422)
	c.send(t, "POST", reviewer, s("/approve"), nil, 409)
	saved := c.send(t, "PUT", xhzx, s(""), map[string]any{"values": map[string]any{"payroll_total": "1000000", "training_spend": "12000.5", "trainees": 40}, "version": 1}, 200).JSON(t)
	ver := num(t, saved, "version")
	conflict := c.send(t, "PUT", xhzx, s(""), map[string]any{"values": map[string]any{"payroll_total": "1"}, "version": 1}, 409).JSON(t)
	if cur, ok := conflict["current"].(map[string]any); !ok || num(t, cur, "version") != ver {
		t.Fatalf("409 without the current submission: %v", conflict)
	}
	c.send(t, "PUT", xhzx, s(""), map[string]any{"values": map[string]any{"payroll_total": "not money"}, "version": ver}, 422)
	c.bad(t, "PUT", xhzx, s(""), map[string]any{"values": map[string]any{}}, "", 422)
	c.send(t, "PUT", reviewer, s(""), map[string]any{"values": map[string]any{}, "version": ver}, 403)
	c.send(t, "PUT", xhzx, v1+"/submissions/999999", map[string]any{"values": map[string]any{}, "version": 1}, 404)
	c.send(t, "POST", xhzx, s("/submit"), map[string]any{"version": ver - 1}, 409)
	c.send(t, "POST", reviewer, s("/submit"), map[string]any{"version": ver}, 403)
	c.send(t, "POST", xhzx, s("/submit"), map[string]any{"version": ver}, 200)
	c.send(t, "PUT", xhzx, s(""), map[string]any{"values": map[string]any{}, "version": ver + 1}, 409) // not editable
	c.send(t, "POST", xhzx, s("/approve"), nil, 403)
	c.send(t, "POST", xhzx, s("/return"), map[string]any{"comment": "x"}, 403)
	c.bad(t, "POST", reviewer, s("/return"), map[string]any{"comment": 5}, "", 422)
	c.send(t, "POST", reviewer, s("/return"), map[string]any{"comment": "请核对培训经费", "field_comments": map[string]string{"training_spend": "与账目不符"}}, 200)
	c.send(t, "POST", reviewer, s("/approve"), nil, 409)
	c.send(t, "POST", reviewer, s("/return"), map[string]any{"comment": "again"}, 409)
	c.get(t, xhzx, s(""), 200) // returned, with comments
	c.send(t, "POST", xhzx, s("/submit"), nil, 200)
	c.send(t, "POST", reviewer, v1+"/submissions/999999/approve", nil, 404)
	c.send(t, "POST", reviewer, s("/approve"), map[string]any{"version": 1}, 409)
	c.send(t, "POST", reviewer, s("/approve"), nil, 200)
	c.send(t, "POST", xhzx, s("/reopen"), map[string]any{"comment": "x"}, 403)
	c.send(t, "POST", reviewer, s("/reopen"), map[string]any{"comment": "补充说明"}, 200)
	c.send(t, "POST", reviewer, s("/reopen"), map[string]any{"comment": "again"}, 409)
	c.send(t, "POST", xhzx, s("/submit"), nil, 200)
	c.get(t, xhzx, s("/history"), 200)
	c.get(t, leader, s("/history"), 200)
	c.get(t, xhzx, v1+"/submissions/999999/history", 404)
	c.bad(t, "GET", "", s("/history"), nil, "", 401)
	c.bad(t, "GET", "", s(""), nil, "", 401)
	c.get(t, reviewer, v1+"/submissions", 200)
	c.get(t, reviewer, fmt.Sprintf("%s/submissions?form=teacher-training&period=2025&status=submitted&town=%d&page=1&page_size=10", v1, town), 200)
	c.get(t, xhzx, fmt.Sprintf("%s/submissions?org=%d", v1, c.OrgID("xhzx")), 200)
	c.bad(t, "GET", reviewer, v1+"/submissions?status=lost", nil, "", 422)
	c.bad(t, "GET", "", v1+"/submissions", nil, "", 401)

	// A second school for bulk approve.
	syyey := c.login(t, "syyey")
	kg := c.send(t, "POST", syyey, v1+"/submissions", map[string]any{"form": "family-school", "period": "2025"}, 201).JSON(t)
	kgID := num(t, kg, "id")
	c.get(t, syyey, fmt.Sprintf("%s/submissions/%d", v1, kgID), 200)
	c.send(t, "POST", reviewer, v1+"/submissions/bulk-approve", map[string]any{"ids": []int64{sid, kgID, 999999}}, 200)
	c.send(t, "POST", xhzx, v1+"/submissions/bulk-approve", map[string]any{"ids": []int64{sid}}, 403)
	c.bad(t, "POST", reviewer, v1+"/submissions/bulk-approve", map[string]any{"ids": []int64{}}, "", 422)
	c.get(t, reviewer, fmt.Sprintf("%s/submissions/%d", v1, sid), 200) // approved: not re-evaluated

	// Carry-forward: 2025's approved governance answers prefill the 2026 draft; one call per section.
	gv := c.send(t, "POST", xhzx, v1+"/submissions", map[string]any{"form": "governance", "period": "2025"}, 201).JSON(t)
	gvPath := fmt.Sprintf("%s/submissions/%d", v1, num(t, gv, "id"))
	gv = c.send(t, "PUT", xhzx, gvPath, map[string]any{"values": map[string]any{"party_led_in_place": true, "party_org_type": "branch"},
		"version": gv["version"]}, 200).JSON(t)
	gv = c.send(t, "POST", xhzx, gvPath+"/submit", map[string]any{"version": gv["version"]}, 200).JSON(t)
	c.send(t, "POST", reviewer, gvPath+"/approve", map[string]any{"version": gv["version"]}, 200)
	c.send(t, "POST", admin, v1+"/campaigns", map[string]any{"form": "governance", "period": "2026", "title": "2026 领导体制",
		"deadline": now.Add(40 * 24 * time.Hour), "org_id": c.OrgID("qjjw")}, 201)
	gv26 := c.send(t, "POST", xhzx, v1+"/submissions", map[string]any{"form": "governance", "period": "2026"}, 201).JSON(t)
	gv26Path := fmt.Sprintf("%s/submissions/%d", v1, num(t, gv26, "id"))
	c.send(t, "POST", xhzx, gv26Path+"/submit", map[string]any{"version": gv26["version"]}, 422) // leadership unconfirmed
	c.send(t, "POST", xhzx, gv26Path+"/carry/nope/confirm", nil, 404)
	c.send(t, "POST", reviewer, gv26Path+"/carry/leadership/confirm", nil, 403)
	c.send(t, "POST", xhzx, gv26Path+"/carry/leadership/confirm", nil, 200)
	c.send(t, "POST", xhzx, gv26Path+"/submit", map[string]any{"version": gv26["version"]}, 200)

	// Attachments.
	sa := c.send(t, "POST", xhzx, v1+"/submissions", map[string]any{"form": "sports-arts", "period": "2025"}, 201).JSON(t)
	saID := num(t, sa, "id")
	sa = c.send(t, "PUT", xhzx, fmt.Sprintf("%s/submissions/%d", v1, saID), map[string]any{"values": map[string]any{
		"sports_specialist": true, "sports_level": "municipal", "arts_specialist": false, "students_total": 900}, "version": num(t, sa, "version")}, 200).JSON(t)
	att := c.upload(t, xhzx, fmt.Sprintf("%s/submissions/%d/attachments", v1, saID), map[string]string{"field": "sports_certificate"}, "证书.png", wfPNG(t), 201).JSON(t)
	c.upload(t, xhzx, fmt.Sprintf("%s/submissions/%d/attachments", v1, saID), map[string]string{"field": "students_total"}, "x.png", wfPNG(t), 422)
	c.upload(t, xhzx, fmt.Sprintf("%s/submissions/%d/attachments", v1, saID), map[string]string{"field": "sports_certificate"}, "x.exe", []byte("MZ\x90\x00 not an image"), 422)
	c.upload(t, xhzx, v1+"/submissions/999999/attachments", map[string]string{"field": "sports_certificate"}, "x.png", wfPNG(t), 404)
	c.upload(t, reviewer, fmt.Sprintf("%s/submissions/%d/attachments", v1, saID), map[string]string{"field": "sports_certificate"}, "x.png", wfPNG(t), 403)
	c.upload(t, xhzx, fmt.Sprintf("%s/submissions/%d/attachments", v1, sid), map[string]string{"field": "sports_certificate"}, "x.png", wfPNG(t), 409) // approved
	c.send(t, "PUT", xhzx, fmt.Sprintf("%s/submissions/%d", v1, saID), map[string]any{"values": map[string]any{
		"sports_specialist": true, "sports_level": "municipal", "sports_certificate": []any{att}, "arts_specialist": false, "students_total": 900},
		"version": num(t, sa, "version")}, 200)
	dl := c.get(t, xhzx, v1+"/attachments/"+fmt.Sprint(att["id"]), 200)
	if dl.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("attachment content type %q", dl.Header.Get("Content-Type"))
	}
	c.get(t, reviewer, v1+"/attachments/"+fmt.Sprint(att["id"]), 200)
	c.get(t, xhzx, v1+"/attachments/00000000-0000-0000-0000-000000000000", 404)
	c.bad(t, "GET", "", v1+"/attachments/"+fmt.Sprint(att["id"]), nil, "", 401)
	c.get(t, c.login(t, "czj"), v1+"/attachments/"+fmt.Sprint(att["id"]), 404)
	thumb := fmt.Sprintf("%s/submissions/%d/attachments/%s/thumbnail", v1, saID, att["id"])
	c.get(t, xhzx, thumb, 200)
	c.get(t, c.login(t, "czj"), thumb, 404)
	c.bad(t, "GET", "", thumb, nil, "", 401)

	// Form versions: a new sports-arts version; the draft pinned to version 1 is upgraded onto it.
	saYAML, err := seeds.FS.ReadFile("forms/sports-arts.yaml")
	if err != nil {
		t.Fatal(err)
	}
	yamlReq(admin, "application/yaml", strings.Replace(string(saYAML), "\nchecks:\n", "\n  - key: contract_note\n    label: 备注\n    type: text\nchecks:\n", 1), 201)
	saPath := fmt.Sprintf("%s/submissions/%d", v1, saID)
	saNow := c.get(t, xhzx, saPath, 200).JSON(t)
	saVer := num(t, saNow, "version")
	c.send(t, "POST", xhzx, saPath+"/upgrade", map[string]any{"version": saVer - 1}, 409)
	c.send(t, "POST", reviewer, saPath+"/upgrade", map[string]any{"version": saVer}, 403)
	c.send(t, "POST", c.login(t, "czj"), saPath+"/upgrade", map[string]any{"version": saVer}, 404)
	c.bad(t, "POST", xhzx, saPath+"/upgrade", map[string]any{}, "", 422)
	c.bad(t, "POST", xhzx, saPath+"/upgrade", nil, "", 415)
	c.send(t, "POST", xhzx, saPath+"/upgrade", map[string]any{"version": saVer}, 200)
	c.send(t, "POST", xhzx, saPath+"/upgrade", map[string]any{"version": saVer + 1}, 409) // already on the newest

	// Indicators: teacher-training is approved at xhzx.
	c.get(t, leader, v1+"/indicators?period=2025", 200)
	c.get(t, reviewer, v1+"/indicators?period=2025&basis=all", 200)
	c.get(t, leader, v1+"/indicators?period=2019", 200) // no data: nulls
	c.get(t, xhzx, v1+"/indicators?period=2025", 200)   // a school's own view
	c.bad(t, "GET", leader, v1+"/indicators", nil, "", 422)
	c.bad(t, "GET", leader, v1+"/indicators?period=2025&basis=maybe", nil, "", 422)
	c.bad(t, "GET", leader, v1+"/indicators?period=20x5", nil, "", 422)
	c.get(t, leader, v1+"/indicators?period="+strings.Repeat("9", 17), 422)
	for _, g := range []string{"", "&group_by=org_type", "&group_by=town", "&group_by=org"} {
		c.get(t, leader, v1+"/indicators/training.spend_ratio?period=2025"+g, 200)
	}
	c.get(t, leader, v1+"/indicators/sports.specialist_schools?period=2025&basis=all&group_by=town", 200)
	c.get(t, leader, v1+"/indicators/family.parent_school?period=2025&basis=all&group_by=org", 200)
	c.get(t, leader, v1+"/indicators/no.such?period=2025", 404)
	c.bad(t, "GET", leader, v1+"/indicators/training.spend_ratio?period=2025&group_by=planet", nil, "", 422)
	c.get(t, xhzx, v1+"/indicators/training.spend_ratio?period=2025", 200)
	c.get(t, xhzx, v1+"/indicators/training.spend_ratio?period=2025&group_by=org", 200)
	c.get(t, xhzx, v1+"/indicators/training.spend_ratio/trend", 200)
	c.get(t, xhzx, v1+"/indicators/preschool.puhui_coverage?period=2025", 404) // not a kindergarten's
	c.get(t, leader, v1+"/indicators/training.spend_ratio/trend", 200)
	c.get(t, leader, v1+"/indicators/training.spend_ratio/trend?basis=all", 200)
	c.get(t, leader, v1+"/indicators/no.such/trend", 404)
	c.bad(t, "GET", leader, v1+"/indicators/training.spend_ratio/trend?basis=maybe", nil, "", 422)
	c.bad(t, "GET", "", v1+"/indicators/training.spend_ratio/trend", nil, "", 401)

	// Completeness, now that there is something to count.
	ttc := c.get(t, reviewer, v1+"/campaigns?form=teacher-training&period=2025", 200)
	cl, _ := items(t, ttc)
	c.get(t, reviewer, fmt.Sprintf("%s/campaigns/%d/completeness", v1, num(t, cl[0], "id")), 200)
	c.get(t, leader, fmt.Sprintf("%s/campaigns/%d/completeness", v1, cpID), 200)
	c.get(t, reviewer, v1+"/campaigns/999999/completeness", 404)
	c.get(t, xhzx, fmt.Sprintf("%s/campaigns/%d/completeness", v1, cpID), 403)

	// Exports.
	c.get(t, reviewer, v1+"/exports/submissions.xlsx?form=teacher-training&period=2025", 200)
	c.get(t, xhzx, v1+"/exports/submissions.csv?form=teacher-training&period=2025&status=approved", 200)
	c.get(t, reviewer, v1+"/exports/submissions.xlsx?form=nope&period=2025", 422)
	c.get(t, reviewer, v1+"/exports/submissions.csv?form=teacher-training&period=2025Q1", 422)
	c.bad(t, "GET", reviewer, v1+"/exports/submissions.csv", nil, "", 422)
	c.bad(t, "GET", "", v1+"/exports/submissions.csv?form=teacher-training&period=2025", nil, "", 401)
	c.bad(t, "GET", "", v1+"/exports/submissions.xlsx?form=teacher-training&period=2025", nil, "", 401)
	c.get(t, leader, v1+"/exports/indicators.xlsx?period=2025", 200)
	c.get(t, leader, v1+"/exports/indicators.csv?period=2025&basis=all", 200)
	c.get(t, xhzx, v1+"/exports/indicators.csv?period=2025", 403)
	c.get(t, xhzx, v1+"/exports/indicators.xlsx?period=2025", 403)
	c.bad(t, "GET", leader, v1+"/exports/indicators.xlsx", nil, "", 422)
	c.bad(t, "GET", leader, v1+"/exports/indicators.csv?period=2025&basis=maybe", nil, "", 422)

	// Imports.
	orgCSV := "编码,名称,类型,上级编码,性质\noa-town,契约镇,town,qjjw,\noa-xx,契约镇小学,primary,oa-town,public\n"
	c.upload(t, admin, v1+"/imports/orgs", nil, "orgs.csv", []byte(orgCSV), 201)
	c.upload(t, admin, v1+"/imports/orgs", nil, "orgs.csv", []byte(orgCSV), 422) // codes taken now
	c.upload(t, admin, v1+"/imports/orgs", nil, "orgs.txt", []byte("hello"), 422)
	c.bad(t, "POST", admin, v1+"/imports/orgs", "", "multipart/form-data; boundary=x", 422)
	c.upload(t, reviewer, v1+"/imports/orgs", nil, "orgs.csv", []byte(orgCSV), 403)
	userCSV := "用户名,姓名,手机号,单位编码,角色,密码\noa-t1,契约教师,13800000001,oa-xx,filler,Import@2025!\n"
	c.upload(t, admin, v1+"/imports/users", nil, "users.csv", []byte(userCSV), 201)
	c.upload(t, admin, v1+"/imports/users", nil, "users.csv", []byte(userCSV), 422)
	c.upload(t, leader, v1+"/imports/users", nil, "users.csv", []byte(userCSV), 403)
	noToken, ct := multipartBody(t, nil, "users.csv", []byte(userCSV))
	c.do(t, req{method: "POST", path: v1 + "/imports/users", body: noToken, contentType: ct, invalid: true}, 401)
	c.upload(t, admin, v1+"/imports/users/preview", nil, "users.csv", []byte(userCSV), 200)
	c.upload(t, leader, v1+"/imports/users/preview", nil, "users.csv", []byte(userCSV), 403)
	c.upload(t, admin, v1+"/imports/orgs/preview", nil, "orgs.csv", []byte(orgCSV), 200)
	c.upload(t, admin, v1+"/imports/orgs/preview", nil, "orgs.txt", []byte("hello"), 422)
	c.get(t, "", v1+"/imports/templates/users.csv", 200)
	c.get(t, "", v1+"/imports/templates/orgs.xlsx", 200)
	c.bad(t, "GET", "", v1+"/imports/templates/nothing.csv", nil, "", 404)

	c.get(t, admin, v1+"/audit?action=user.&page_size=5", 200)
	c.get(t, reviewer, v1+"/audit?from=2020-01-01T00:00:00Z", 200)
	c.get(t, leader, v1+"/audit", 403)
	c.bad(t, "GET", admin, v1+"/audit?from=yesterday", nil, "", 422)
	c.bad(t, "GET", "", v1+"/audit", nil, "", 401)
	measuresContract(t, c)
	notifyContract(t, c)
}

// checkCoverage requires every operation to have been answered with a success and an error.
func (c *contract) checkCoverage(t *testing.T) {
	t.Helper()
	type row struct{ op, method, path, statuses string }
	var rows []row
	for p, item := range c.doc.Paths.Map() {
		for m, op := range item.Operations() {
			seen := c.seen[op.OperationID]
			var ok2, ok4 bool
			var ss []int
			for s := range seen {
				ss = append(ss, s)
				ok2 = ok2 || s < 300
				ok4 = ok4 || s >= 400
			}
			sort.Ints(ss)
			if !ok2 && !c.noSuccess[op.OperationID] {
				t.Errorf("%s %s (%s): no success exercised", m, p, op.OperationID)
			}
			if !ok4 && op.OperationID != "getOpenAPI" && op.OperationID != "listSignInProviders" {
				t.Errorf("%s %s (%s): no error exercised", m, p, op.OperationID)
			}
			rows = append(rows, row{op.OperationID, m, p, strings.Trim(fmt.Sprint(ss), "[]")})
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].path+rows[i].method < rows[j].path+rows[j].method })
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%-6s %-40s %s\n", r.method, r.path, r.statuses)
	}
	t.Logf("coverage (%s):\n%s", c.Kind, b.String())
}
