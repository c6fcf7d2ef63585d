package form

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"gopkg.in/yaml.v3"
)

// Parse reads a form schema written in YAML (as under seeds/forms/), fills in defaults and validates
// it. Any problem is an *errs.ValidationError whose field paths point into the schema.
func Parse(data []byte) (*Form, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true) // a misspelt "requried:" must not silently do nothing
	var f Form
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errs.Invalid("form", "empty", "the schema is empty")
		}
		return nil, errs.Invalid("form", "invalid_yaml", err.Error())
	}
	f.walkRules(func(r any) any { return fromYAML(r, 0) })
	for i := range f.Tests {
		tc := &f.Tests[i]
		tc.Values, tc.Prev = yamlMap(tc.Values), yamlMap(tc.Prev)
		tc.Expect.Computed = yamlMap(tc.Expect.Computed)
	}
	return finish(&f)
}

// yamlMap converts a test case's values decoded from YAML as fromYAML does rules (nil stays nil).
func yamlMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out, _ := fromYAML(m, 0).(map[string]any)
	return out
}

// ParseJSON reads a form schema written in JSON (the API's import format), like Parse.
func ParseJSON(data []byte) (*Form, error) {
	data = boundsAsText(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	var f Form
	if err := dec.Decode(&f); err != nil {
		return nil, errs.Invalid("form", "invalid_json", err.Error())
	}
	if dec.More() {
		return nil, errs.Invalid("form", "invalid_json", "trailing data after the schema")
	}
	return finish(&f)
}

// boundsAsText rewrites numeric "min" and "max" of fields as strings, so a JSON schema may write
// "min": 0 as YAML does. Input that is not a JSON object is returned unchanged for the decoder to reject.
func boundsAsText(data []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc map[string]any
	if dec.Decode(&doc) != nil || dec.More() {
		return data
	}
	var fields func(v any)
	fields = func(v any) {
		list, _ := v.([]any)
		for _, e := range list {
			fd, ok := e.(map[string]any)
			if !ok {
				continue
			}
			for _, k := range []string{"min", "max"} {
				if n, ok := fd[k].(json.Number); ok {
					fd[k] = string(n)
				}
			}
			fields(fd["fields"])
		}
	}
	fields(doc["fields"])
	out, err := json.Marshal(doc)
	if err != nil {
		return data
	}
	return out
}

func finish(f *Form) (*Form, error) {
	f.applyDefaults()
	if verr := f.Validate(); verr != nil {
		return nil, verr
	}
	return f, nil
}

// walkRules replaces every rule in the form (relevant, calculate, checks) by conv(rule).
func (f *Form) walkRules(conv func(any) any) {
	var fields func(fs []Field)
	fields = func(fs []Field) {
		for i := range fs {
			fd := &fs[i]
			if fd.Relevant != nil {
				fd.Relevant = conv(fd.Relevant)
			}
			if fd.Calculate != nil {
				fd.Calculate = conv(fd.Calculate)
			}
			fields(fd.Fields)
		}
	}
	fields(f.Fields)
	for i := range f.Checks {
		if f.Checks[i].Rule != nil {
			f.Checks[i].Rule = conv(f.Checks[i].Rule)
		}
	}
}

// fromYAML turns a rule decoded from YAML into what the same rule decoded from JSON looks like:
// string-keyed maps, and json.Number instead of int and float64, so YAML and JSON schemas behave alike.
func fromYAML(v any, depth int) any {
	if depth > maxRuleDepth*2 {
		return nil // Validate reports the rule as too deep
	}
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = fromYAML(e, depth+1)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[fmt.Sprint(k)] = fromYAML(e, depth+1)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = fromYAML(e, depth+1)
		}
		return out
	case int:
		return json.Number(strconv.Itoa(x))
	case int64:
		return json.Number(strconv.FormatInt(x, 10))
	case uint64:
		return json.Number(strconv.FormatUint(x, 10))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return json.Number(strconv.FormatFloat(x, 'g', -1, 64))
	}
	return v
}

// applyDefaults writes the implicit settings into the schema so the browser sees them spelt out.
func (f *Form) applyDefaults() {
	var fields func(fs []Field)
	fields = func(fs []Field) {
		for i := range fs {
			fd := &fs[i]
			switch fd.Type {
			case TypeDecimal, TypePercent:
				if fd.Scale == 0 {
					fd.Scale = DefaultScale
				}
			case TypeMoney:
				if fd.Scale == 0 {
					fd.Scale = 2
				}
			case TypeText:
				if fd.MaxLength == 0 {
					fd.MaxLength = DefaultMaxLength
				}
			case TypeAttachment:
				if len(fd.Accept) == 0 {
					fd.Accept = append([]string(nil), defaultAccept...)
				}
				if fd.MaxSizeMB == 0 {
					fd.MaxSizeMB = DefaultMaxSizeMB
				}
			}
			fields(fd.Fields)
		}
	}
	fields(f.Fields)
}
