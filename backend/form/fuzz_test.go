package form

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

// FuzzApply checks that no rule or data makes Apply panic or fail with anything but its own errors.
func FuzzApply(f *testing.F) {
	seeds := [][2]string{
		{`{"var":"a"}`, `{"a":1}`},
		{`{"if":[{"missing":["a"]},null,{"/":[{"var":"a"},{"var":"b"}]}]}`, `{"a":"150","b":0}`},
		{`{"reduce":[{"var":"g"},{"+":[{"var":"accumulator"},{"var":["current.n",0]}]},0]}`, `{"g":[{"n":1},{"n":"x"}]}`},
		{`{"substr":["黔江", -1, -5]}`, `null`},
		{`{"<=":[1,{"var":"x"},[3]]}`, `{"x":"2"}`},
		{`{"*":["1e400","1e400"]}`, `null`},
		{`{"%":["0x1F",{"-":[]}]}`, `null`},
		{`{"cat":[{"merge":[[1,[2,[3]]],{"a":1}]}]}`, `null`},
		{`{"none":[{"var":""},{"in":[{"var":""},"abc"]}]}`, `["a","d"]`},
		{`{"missing_some":[1,{"var":"k"}]}`, `{"k":["a","b"]}`},
		{`{"max":["-1e-50","1e59"]}`, `null`},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, ruleText, dataText string) {
		rule, ok := fuzzDecode(ruleText)
		if !ok {
			return
		}
		data, ok := fuzzDecode(dataText)
		if !ok {
			return
		}
		got, err := Apply(rule, data)
		if err != nil {
			if !errors.Is(err, ErrUnknownOperator) && !errors.Is(err, ErrTooDeep) && !errors.Is(err, ErrTooComplex) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if _, err := json.Marshal(got); err != nil {
			t.Fatalf("result %#v does not marshal: %v", got, err)
		}
	})
}

func fuzzDecode(s string) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	return v, true
}

// FuzzEvaluate checks that no submitted values make Normalize, Evaluate or Facts panic.
func FuzzEvaluate(f *testing.F) {
	for _, s := range []string{
		`{"n":1,"m":"1.5","g":[{"k":1},{"v":"x"}],"a":[{"id":"i","name":"n","size":1,"content_type":"image/png"}]}`,
		`{"mc":["x",1],"dt":"2025-13-01","t":5,"b":"true","s":null,"g":[null,[],{"k":{"a":1}}]}`,
		`{"a":[null,{"size":-1}],"p":"1e5","d":"-0.0","c":"x"}`,
	} {
		f.Add(s)
	}
	form, err := Parse([]byte(allTypesYAML))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		v, ok := fuzzDecode(text)
		values, isMap := v.(map[string]any)
		if !ok || !isMap {
			return
		}
		res := form.Evaluate(values)
		if _, err := json.Marshal(res); err != nil {
			t.Fatalf("result does not marshal: %v", err)
		}
		form.Facts(values)
		if _, verr := form.Normalize(res.Values); verr != nil {
			t.Fatalf("evaluated values do not normalise: %v (%v)", verr, res.Values)
		}
	})
}
