package submission_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/seeds"
)

// FuzzNormalizeEvaluate feeds arbitrary JSON values, as a client would PUT them, to Normalize,
// Evaluate and Facts of every seeded form, the path every save and submit takes. Beyond not
// panicking, what Evaluate keeps must survive the store's round trip (JSON out, JSON in with
// UseNumber) unchanged and without new problems, since a resubmit evaluates stored values.
//
//	go test ./backend/submission -run XXX -fuzz FuzzNormalizeEvaluate -fuzztime 20s
func FuzzNormalizeEvaluate(f *testing.F) {
	forms, err := form.LoadSeedForms(seeds.FS)
	if err != nil {
		f.Fatal(err)
	}
	// Seed corpus: the shared rule vectors' values, plus hostile shapes.
	var vectors []struct {
		Form   string          `json:"form"`
		Values json.RawMessage `json:"values"`
	}
	b, err := seeds.FS.ReadFile("forms/vectors.json")
	if err != nil {
		f.Fatal(err)
	}
	if err := json.Unmarshal(b, &vectors); err != nil {
		f.Fatal(err)
	}
	index := map[string]uint8{}
	for i, fm := range forms {
		index[fm.Code] = uint8(i)
	}
	for _, v := range vectors {
		f.Add(index[v.Form], string(v.Values))
	}
	hostile := []string{
		`{"payroll_total":"1e400","training_spend":"-0.00"}`,
		`{"payroll_total":1e308,"training_spend":1e-308}`,
		`{"payroll_total":"99999999999999999999999999999999.99","training_spend":"0.01"}`,
		`{"trainees":9223372036854775808,"training_hours":"-9223372036854775809.5"}`,
		`{"grades":[null,1,"x",{"grade":["g1"],"students":{"a":1}}]}`,
		`{"grades":{"0":{"grade":"g1"}}}`,
		`{"sports_specialist":"true","sports_level":1,"sports_certificate":[{"id":1,"name":null,"size":"5"}]}`,
		`{"sports_certificate":[{"id":"a","name":"b","size":-1,"content_type":"image/png"},{"id":"a","name":"b","size":1e30,"content_type":"image/png"}]}`,
		`{"sports_since":"２０２０","arts_since":"0x7E4"}`,
		`{"":null,"__proto__":{},"constructor":1}`,
		`{"has_parent_committee":true,"committee_members":-1}`,
		`{"rating_level":"level2","children_enrolled":"+12","teachers":"012"}`,
	}
	for i, h := range hostile {
		f.Add(uint8(i), h)
	}
	f.Fuzz(func(t *testing.T, which uint8, doc string) {
		fm := forms[int(which)%len(forms)]
		values, ok := decodeObject(doc)
		if !ok {
			return
		}
		norm, verr := fm.Normalize(values)
		if verr != nil && len(verr.Fields) == 0 {
			t.Fatalf("%s: empty validation error", fm.Code)
		}
		if verr == nil {
			verr = &errs.ValidationError{}
		}
		for _, e := range verr.Fields {
			if e.Code == "" || (e.Field == "" && e.Code != "unknown_field") {
				t.Fatalf("%s: problem without a field or code: %+v", fm.Code, e)
			}
		}
		if _, err := json.Marshal(norm); err != nil {
			t.Fatalf("%s: normalised values do not encode: %v", fm.Code, err)
		}
		res := fm.Evaluate(values)
		first, err := json.Marshal(res)
		if err != nil {
			t.Fatalf("%s: result does not encode: %v", fm.Code, err)
		}
		_ = fm.Facts(values)

		// What a submit stores must evaluate to itself after the database round trip.
		stored, err := json.Marshal(res.Values)
		if err != nil {
			t.Fatal(err)
		}
		again, ok := decodeObject(string(stored))
		if !ok {
			t.Fatalf("%s: stored values do not decode: %s", fm.Code, stored)
		}
		renorm, verr := fm.Normalize(again)
		if verr != nil {
			t.Fatalf("%s: stored values %s no longer normalise: %v", fm.Code, stored, verr)
		}
		res2 := fm.Evaluate(again)
		v1, _ := json.Marshal(res.Values)
		v2, _ := json.Marshal(res2.Values)
		if !bytes.Equal(v1, v2) {
			t.Fatalf("%s: values changed across the round trip\n first %s\nsecond %s", fm.Code, v1, v2)
		}
		c1, _ := json.Marshal(res.Computed)
		c2, _ := json.Marshal(res2.Computed)
		if !bytes.Equal(c1, c2) {
			t.Fatalf("%s: computed changed across the round trip\n first %s\nsecond %s", fm.Code, c1, c2)
		}
		if len(res2.Warnings) != len(res.Warnings) {
			t.Fatalf("%s: warnings changed across the round trip: %v vs %v", fm.Code, res.Warnings, res2.Warnings)
		}
		_ = fm.Facts(again)
		_, _ = renorm, first
	})
}

func decodeObject(s string) (map[string]any, bool) {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, false
	}
	return m, true
}
