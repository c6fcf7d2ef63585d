package api

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// checkKeys walks a JSON body alongside the Go type it will be decoded into and refuses, as a
// 422 with field codes:
//   - a key repeated in one object (duplicate_key), anywhere in the body;
//   - two keys of one struct-bound object that differ only in case (duplicate_key);
//   - a key of a struct-bound object that is not exactly a field's JSON name (unknown_field),
//     which encoding/json would otherwise match case-insensitively.
//
// Syntax errors are left to the decoder, which reports them.
func checkKeys(body []byte, t reflect.Type) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	err := walkJSON(dec, t, "")
	var v *errs.ValidationError
	if errors.As(err, &v) {
		return err
	}
	return nil
}

var (
	unmarshalerType     = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()
	textUnmarshalerType = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()
)

// shape strips pointers and returns nil for types whose keys are not ours to check (any,
// json.RawMessage, custom unmarshalers).
func shape(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() == reflect.Interface {
		return nil
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) || reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return nil
	}
	return t
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func walkJSON(dec *json.Decoder, t reflect.Type, path string) error {
	t = shape(t)
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	switch d {
	case '{':
		var fields map[string]reflect.Type
		if t != nil && t.Kind() == reflect.Struct {
			fields = jsonFields(t)
		}
		seen := map[string]bool{}
		folded := map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return err
			}
			key, _ := kt.(string)
			field := joinPath(path, key)
			if seen[key] {
				return errs.Invalid(field, "duplicate_key", "the key "+key+" appears more than once")
			}
			seen[key] = true
			var elem reflect.Type
			switch {
			case fields != nil:
				low := strings.ToLower(key)
				if folded[low] {
					return errs.Invalid(field, "duplicate_key", "the key "+key+" appears more than once, in another case")
				}
				folded[low] = true
				ft, ok := fields[key]
				if !ok {
					return errs.Invalid(field, "unknown_field", "unknown field")
				}
				elem = ft
			case t != nil && t.Kind() == reflect.Map:
				elem = t.Elem()
			}
			if err := walkJSON(dec, elem, field); err != nil {
				return err
			}
		}
		_, err := dec.Token() // '}'
		return err
	case '[':
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i := 0; dec.More(); i++ {
			if err := walkJSON(dec, elem, path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
		_, err := dec.Token() // ']'
		return err
	}
	return nil
}

var fieldCache sync.Map // reflect.Type → map[string]reflect.Type

// jsonFields maps the exact JSON names of a struct's fields (embedded structs flattened) to
// their types, as encoding/json names them.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	m := map[string]reflect.Type{}
	var add func(t reflect.Type)
	add = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" {
				ft := f.Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					add(ft)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if _, dup := m[name]; !dup {
				m[name] = f.Type
			}
		}
	}
	add(t)
	fieldCache.Store(t, m)
	return m
}
