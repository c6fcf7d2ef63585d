package form

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"
)

// decodeJSON decodes s the way the API does (UseNumber), failing the test on bad JSON.
func decodeJSON(t testing.TB, s string) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("bad JSON %q: %v", s, err)
	}
	return v
}

// canon renders a value as JSON with every number in shortest decimal form, so that
// decimal.Decimal("3.0"), json.Number("3") and int64(3) all compare equal.
func canon(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(canonValue(v))
	if err != nil {
		t.Fatalf("marshal %#v: %v", v, err)
	}
	return string(b)
}

func canonValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = canonValue(e)
		}
		return out
	case []map[string]any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = canonValue(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = canonValue(e)
		}
		return out
	case decimal.Decimal:
		return json.Number(x.String())
	case json.Number:
		if d, err := decimal.NewFromString(string(x)); err == nil {
			return json.Number(d.String())
		}
	}
	return v
}
