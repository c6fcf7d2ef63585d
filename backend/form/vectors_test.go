package form

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"sort"
	"testing"

	"github.com/tianbao-edu/tianbao/seeds"
)

// vector is one case of seeds/forms/vectors.json, which the browser's evaluator runs too. A form
// vector evaluates values against a seeded form (form) or a form given inline (schema, as the
// import API takes it); a rule vector applies one rule to data and expects its result or an error.
type vector struct {
	Name   string          `json:"name"`
	Form   string          `json:"form"`
	Schema json.RawMessage `json:"schema"`
	Note   string          `json:"note"`
	Values map[string]any  `json:"values"`
	// Prev are the previous period's approved values, read by rules as prev.<field>.
	Prev   map[string]any  `json:"prev"`
	Rule   json.RawMessage `json:"rule"`
	Data   json.RawMessage `json:"data"`
	Expect struct {
		Computed map[string]any  `json:"computed"`
		Hidden   []string        `json:"hidden"`
		Errors   []string        `json:"errors"`
		Warnings []string        `json:"warnings"`
		Values   *map[string]any `json:"values"`
		Result   json.RawMessage `json:"result"`
		Error    string          `json:"error"`
	} `json:"expect"`
}

func loadVectors(t *testing.T) []vector {
	t.Helper()
	data, err := fs.ReadFile(seeds.FS, "forms/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	var vs []vector
	if err := dec.Decode(&vs); err != nil {
		t.Fatalf("vectors.json: %v", err)
	}
	return vs
}

func TestVectors(t *testing.T) {
	forms, err := LoadSeedForms(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]*Form{}
	for _, f := range forms {
		byCode[f.Code] = f
	}
	vs := loadVectors(t)
	if len(vs) < 25 {
		t.Errorf("only %d vectors", len(vs))
	}
	covered := map[string]bool{}
	names := map[string]bool{}
	ops := map[string]bool{}
	for _, v := range vs {
		if names[v.Name] {
			t.Errorf("duplicate vector name %q", v.Name)
		}
		names[v.Name] = true
		if v.Rule != nil {
			checkRuleVector(t, v, ops)
			continue
		}
		f := byCode[v.Form]
		if v.Schema != nil {
			var err error
			if f, err = ParseJSON(v.Schema); err != nil {
				t.Errorf("%s: schema: %v", v.Name, err)
				continue
			}
		}
		if f == nil {
			t.Errorf("%s: unknown form %q", v.Name, v.Form)
			continue
		}
		if v.Expect.Computed == nil || v.Expect.Hidden == nil || v.Expect.Errors == nil || v.Expect.Warnings == nil {
			t.Errorf("%s: expect must list computed, hidden, errors and warnings (empty when none)", v.Name)
			continue
		}
		covered[v.Form] = true
		res := f.EvaluatePrev(v.Values, v.Prev)
		if got, want := canon(t, res.Computed), canon(t, v.Expect.Computed); got != want {
			t.Errorf("%s: computed %s, want %s", v.Name, got, want)
		}
		if got, want := canon(t, toAny(res.Hidden)), canon(t, toAny(v.Expect.Hidden)); got != want {
			t.Errorf("%s: hidden %s, want %s", v.Name, got, want)
		}
		if got, want := issueKeys(res.Errors), sorted(v.Expect.Errors); canon(t, toAny(got)) != canon(t, toAny(want)) {
			t.Errorf("%s: errors %v, want %v", v.Name, got, want)
		}
		if got, want := issueKeys(res.Warnings), sorted(v.Expect.Warnings); canon(t, toAny(got)) != canon(t, toAny(want)) {
			t.Errorf("%s: warnings %v, want %v", v.Name, got, want)
		}
		if v.Expect.Values != nil {
			if got, want := canon(t, res.Values), canon(t, *v.Expect.Values); got != want {
				t.Errorf("%s: values %s, want %s", v.Name, got, want)
			}
		}
	}
	for code := range byCode {
		if !covered[code] {
			t.Errorf("no vector covers form %q", code)
		}
	}
	for op := range operatorNames {
		if !ops[op] {
			t.Errorf("no rule vector uses operator %q", op)
		}
	}
}

// checkRuleVector applies a rule vector's rule to its data (both read exactly) and compares the
// result's canonical JSON, or the error, with the expectation; it records the operators used.
func checkRuleVector(t *testing.T, v vector, ops map[string]bool) {
	t.Helper()
	rule, err := decodeExact(v.Rule)
	if err != nil {
		t.Errorf("%s: rule: %v", v.Name, err)
		return
	}
	var data any
	if v.Data != nil {
		if data, err = decodeExact(v.Data); err != nil {
			t.Errorf("%s: data: %v", v.Name, err)
			return
		}
	}
	collectOperators(rule, ops)
	got := compatAnswer(rule, data)
	want := "error: " + v.Expect.Error
	if v.Expect.Error == "" {
		if v.Expect.Result == nil {
			t.Errorf("%s: a rule vector expects a result or an error", v.Name)
			return
		}
		r, err := decodeExact(v.Expect.Result)
		if err != nil {
			t.Errorf("%s: result: %v", v.Name, err)
			return
		}
		want = canonicalJSON(r)
	}
	if got != want {
		t.Errorf("%s: %s gives %s, want %s", v.Name, v.Rule, got, want)
	}
}

// collectOperators records every operator a rule names.
func collectOperators(rule any, ops map[string]bool) {
	if items, ok := asSlice(rule); ok {
		for _, it := range items {
			collectOperators(it, ops)
		}
		return
	}
	if op, args, ok := operation(rule); ok {
		ops[op] = true
		for _, a := range args {
			collectOperators(a, ops)
		}
	}
}

func sorted(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	return out
}
