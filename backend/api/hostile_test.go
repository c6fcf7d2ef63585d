package api_test

// The hostile sweep: every route the router registers, called by each kind of caller with the
// path parameters, query strings and bodies an attacker or a broken client sends. Whatever the
// answer, it is never a 5xx, and an error is a problem+json whose status is the response's. The
// contract test checks what each route does right; this checks that nothing makes one fall over.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// hostileIDs stand in for every path parameter: a real low id, zero, negative, past int64,
// not a number, a fraction, an encoded NUL, SQL, an encoded traversal and a CJK string.
var hostileIDs = []string{"1", "0", "-1", "99999999999999999999", "abc", "1.5", "%00", "1%27%20OR%20%271%27%3D%271", "..%2F..%2Fetc", "%E4%B8%AD"}

// hostileQueries are appended to every GET: empty, NUL, quote, huge, out-of-range and unknown
// values for the filters and pages the list endpoints take.
var hostileQueries = []string{
	"",
	"?period=&basis=&status=&org=&town=&campaign=",
	"?period=2025%00&org=%27&q=%25%5F",
	"?period=" + strings.Repeat("9", 4000),
	"?limit=-1&offset=-5&page=0&size=1000000000",
	"?limit=99999999999999999999&page=99999999999999999999",
	"?basis=zzz&status=zzz&type=zzz&sort=id;drop%20table%20orgs",
	"?from=2025-13-45&to=x&since=-1&before=%E4%B8%AD",
	"?org=-1&town=0&campaign=abc&form=..%2F..&lang=xx",
}

// hostileBodies are sent to every other method, as JSON unless they say otherwise.
var hostileBodies = []struct {
	name, ctype string
	body        []byte
}{
	{"empty", "application/json", nil},
	{"truncated", "application/json", []byte(`{`)},
	{"null", "application/json", []byte(`null`)},
	{"array", "application/json", []byte(`[]`)},
	{"string", "application/json", []byte(`"x"`)},
	{"unknown-field", "application/json", []byte(`{"x":1}`)},
	{"huge-number", "application/json", []byte(`{"values":{"a":1e999},"version":1e999,"id":1e999}`)},
	{"wrong-types", "application/json", []byte(`{"values":"x","version":"1","name":7,"username":[],"password":{},"period":true,"form":null,"status":1,"org_id":"a","ids":"1"}`)},
	{"bad-utf8", "application/json", []byte("{\"name\":\"\xff\xfe\",\"comment\":\"\xc3\"}")},
	{"deep", "application/json", []byte(strings.Repeat(`{"a":`, 2000) + `1` + strings.Repeat(`}`, 2000))},
	{"form-encoded", "application/x-www-form-urlencoded", []byte(`a=1&b=2`)},
	{"multipart-no-boundary", "multipart/form-data", []byte(`--x\r\n`)},
}

// sweepCallers: anonymous, the sysadmin, a district reviewer and leader, a school's org admin, a
// school clerk and a government unit's clerk.
var sweepCallers = []string{"", "admin", "reviewer", "leader", "wlzx", "xhzx", "czj"}

func TestHostileInputNeverFails(t *testing.T) {
	if testing.Short() {
		t.Skip("the sweep sends tens of thousands of requests")
	}
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		tokens := map[string]string{"": ""}
		for _, u := range sweepCallers[1:] {
			tokens[u] = e.Login(u)
		}
		// Calls that end the caller's session (or change its password) go last, so that every
		// other call is made signed in.
		last := map[string]bool{"/api/v1/auth/logout": true, "/api/v1/me/password": true}
		routes := e.App.Echo.Routes()
		sort.SliceStable(routes, func(i, j int) bool { return !last[routes[i].Path] && last[routes[j].Path] })
		sent, failed := 0, 0
		statuses := map[int]int{}
		// check counts an answer and reports it (the first 20) unless it is a good one.
		check := func(res *testenv.Response, call string) {
			sent++
			statuses[res.Status]++
			if msg := badAnswer(res); msg != "" {
				if failed++; failed <= 20 {
					t.Errorf("%s: %s", call, msg)
				}
			}
		}
		for _, r := range routes {
			if !strings.HasPrefix(r.Path, "/api/v1/") || strings.HasSuffix(r.Path, "/*") {
				continue
			}
			read := r.Method == http.MethodGet || r.Method == http.MethodHead
			for _, path := range fillParams(r.Path) {
				for _, who := range sweepCallers {
					if read {
						for _, q := range hostileQueries {
							check(e.Do(r.Method, path+q, tokens[who], nil), fmt.Sprintf("%s %s%s as %q", r.Method, path, cut(q), who))
						}
						continue
					}
					for _, b := range hostileBodies {
						check(e.DoRaw(r.Method, path, tokens[who], b.ctype, bytes.NewReader(b.body)), fmt.Sprintf("%s %s (%s) as %q", r.Method, path, b.name, who))
					}
				}
			}
		}
		if sent < 10000 {
			t.Fatalf("the sweep sent only %d requests: the router's routes were not found", sent)
		}
		t.Logf("%s: %d hostile requests, %d bad answers; statuses %v", kind, sent, failed, statuses)
	})
}

// fillParams is the route with each hostile id in all of its parameters (the route itself if it
// has none).
func fillParams(route string) []string {
	if !strings.Contains(route, ":") {
		return []string{route}
	}
	out := make([]string, 0, len(hostileIDs))
	for _, id := range hostileIDs {
		parts := strings.Split(route, "/")
		for i, p := range parts {
			if strings.HasPrefix(p, ":") {
				parts[i] = id
			}
		}
		out = append(out, strings.Join(parts, "/"))
	}
	return out
}

// badAnswer says what is wrong with a response to a hostile request, or "" if nothing is.
func badAnswer(res *testenv.Response) string {
	if res.Status >= 500 {
		return "status " + http.StatusText(res.Status) + ": " + trim(res.Body)
	}
	if res.Status < 400 {
		return ""
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		return "error " + http.StatusText(res.Status) + " as " + ct + ", not problem+json"
	}
	var p struct {
		Status int `json:"status"`
	}
	if err := json.Unmarshal(res.Body, &p); err != nil || p.Status != res.Status {
		return "problem body " + trim(res.Body) + " does not carry status " + http.StatusText(res.Status)
	}
	return ""
}

func cut(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
