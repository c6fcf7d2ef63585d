package form

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// canonicalJSON writes a value the way frontend/src/rules/exactjson.ts canonical() does, so the
// two evaluators' answers compare byte for byte: numbers at their exact decimal value in plain
// notation ("1.5", never "1.50" or "1.5e0"; a number that is not finite is null), strings with
// only '"', '\' and control characters escaped (as \u00XX), object keys sorted by code point.
func canonicalJSON(v any) string {
	var b strings.Builder
	writeCanonical(&b, v)
	return b.String()
}

func writeCanonical(b *strings.Builder, v any) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys) // byte order of UTF-8 is code point order
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeQuoted(b, k)
			b.WriteByte(':')
			writeCanonical(b, x[k])
		}
		b.WriteByte('}')
		return
	case Result:
		writeCanonical(b, map[string]any{"values": x.Values, "computed": x.Computed, "hidden": toAny(x.Hidden),
			"errors": issuesAny(x.Errors), "warnings": issuesAny(x.Warnings)})
		return
	}
	switch kindOf(v) {
	case kNull:
		b.WriteString("null")
	case kBool:
		b.WriteString(strconv.FormatBool(v.(bool)))
	case kNumber:
		d, ok := numberValue(v)
		if !ok {
			b.WriteString("null")
			return
		}
		b.WriteString(d.String())
	case kString:
		writeQuoted(b, v.(string))
	case kArray:
		items, _ := asSlice(v)
		b.WriteByte('[')
		for i, it := range items {
			if i > 0 {
				b.WriteByte(',')
			}
			writeCanonical(b, it)
		}
		b.WriteByte(']')
	default:
		panic(fmt.Sprintf("canonicalJSON: unexpected %T", v))
	}
}

func issuesAny(is []Issue) []any {
	out := make([]any, len(is))
	for i, it := range is {
		out[i] = map[string]any{"field": it.Field, "code": it.Code, "message": it.Message, "message_en": it.MessageEn}
	}
	return out
}

func writeQuoted(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20:
			fmt.Fprintf(b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

// decodeExact decodes JSON as the API does (numbers as json.Number, exactly as written).
func decodeExact(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}
