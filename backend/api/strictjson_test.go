package api

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

type probeInner struct {
	Role  string `json:"role"`
	OrgID int64  `json:"org_id"`
}

type probeEmbedded struct {
	Note string `json:"note"`
}

type probeBody struct {
	probeEmbedded
	Name   string            `json:"name"`
	Roles  []probeInner      `json:"roles"`
	Values map[string]any    `json:"values"`
	Raw    json.RawMessage   `json:"raw"`
	Ptr    *probeInner       `json:"ptr"`
	Tags   map[string]string `json:"tags"`
	Skip   string            `json:"-"`
}

func TestCheckKeys(t *testing.T) {
	for _, c := range []struct {
		name, body string
		field      string // "" : accepted
		code       string
	}{
		{"exact keys", `{"name":"a","note":"n","roles":[{"role":"r","org_id":1}],"values":{"a":1,"A":2},"raw":{"x":1},"ptr":{"role":"r"}}`, "", ""},
		{"duplicate top", `{"name":"a","name":"b"}`, "name", "duplicate_key"},
		{"case variant top", `{"name":"a","Name":"b"}`, "Name", "duplicate_key"},
		{"case variant alone", `{"NAME":"b"}`, "NAME", "unknown_field"},
		{"embedded case variant", `{"Note":"b"}`, "Note", "unknown_field"},
		{"skipped field", `{"Skip":"b"}`, "Skip", "unknown_field"},
		{"nested duplicate", `{"roles":[{"role":"a"},{"role":"a","role":"b"}]}`, "roles[1].role", "duplicate_key"},
		{"nested case variant", `{"ptr":{"Role":"a"}}`, "ptr.Role", "unknown_field"},
		{"map duplicate", `{"values":{"a":1,"a":2}}`, "values.a", "duplicate_key"},
		{"map value object duplicate", `{"values":{"g":[{"k":1,"k":2}]}}`, "values.g[0].k", "duplicate_key"},
		{"map case variants are distinct keys", `{"tags":{"a":"x","A":"y"}}`, "", ""},
		{"raw message duplicate", `{"raw":{"x":1,"x":2}}`, "raw.x", "duplicate_key"},
		{"syntax error left to the decoder", `{"name":`, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var dst probeBody
			err := checkKeys([]byte(c.body), reflect.TypeOf(&dst))
			if c.field == "" {
				if err != nil {
					t.Fatalf("want accepted, got %v", err)
				}
				return
			}
			v, ok := err.(*errs.ValidationError)
			if !ok || len(v.Fields) != 1 || v.Fields[0].Field != c.field || v.Fields[0].Code != c.code {
				t.Fatalf("want %s=%s, got %#v", c.field, c.code, err)
			}
		})
	}
}

func TestBearerToken(t *testing.T) {
	for h, want := range map[string]string{"Bearer abc": "abc", "bearer abc": "abc", "BEARER  abc ": "abc",
		"Basic abc": "", "abc": "", "Bearer": "", "Bearer ": "", "": ""} {
		got, ok := bearerToken(h)
		if got != want || ok != (want != "") {
			t.Errorf("%q: got %q %v, want %q", h, got, ok, want)
		}
	}
}

func TestValidRequestID(t *testing.T) {
	for id, want := range map[string]bool{"abc-123": true, "a.b_c:d": true, "": false, "a b": false, "<x>": false,
		"é": false, string(make([]byte, 65)): false} {
		if got := validRequestID(id); got != want {
			t.Errorf("%q: got %v, want %v", id, got, want)
		}
	}
}
