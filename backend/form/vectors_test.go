package form

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"sort"
	"testing"

	"github.com/tianbao-edu/tianbao/seeds"
)

// vector is one case of seeds/forms/vectors.json, which the browser's evaluator runs too.
type vector struct {
	Name   string         `json:"name"`
	Form   string         `json:"form"`
	Note   string         `json:"note"`
	Values map[string]any `json:"values"`
	Expect struct {
		Computed map[string]any  `json:"computed"`
		Hidden   []string        `json:"hidden"`
		Errors   []string        `json:"errors"`
		Warnings []string        `json:"warnings"`
		Values   *map[string]any `json:"values"`
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
	for _, v := range vs {
		if names[v.Name] {
			t.Errorf("duplicate vector name %q", v.Name)
		}
		names[v.Name] = true
		f := byCode[v.Form]
		if f == nil {
			t.Errorf("%s: unknown form %q", v.Name, v.Form)
			continue
		}
		if v.Expect.Computed == nil || v.Expect.Hidden == nil || v.Expect.Errors == nil || v.Expect.Warnings == nil {
			t.Errorf("%s: expect must list computed, hidden, errors and warnings (empty when none)", v.Name)
			continue
		}
		covered[v.Form] = true
		res := f.Evaluate(v.Values)
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
}

func sorted(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	return out
}
