package form

import (
	"encoding/json"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Bounds on the numbers the evaluator handles. JSON Logic in the browser uses doubles, so nothing
// real comes close; the bounds stop a crafted "1e999999999" from making big.Int work forever.
const (
	maxIntDigits = 60     // |x| < 10^60, otherwise the value is treated like JS Infinity: null
	maxScale     = 40     // digits after the point kept in intermediate results
	divScale     = 10     // digits after the point of a division result
	maxJoinDepth = 64     // nesting followed when an array is turned into a string
	maxJoinNodes = 100000 // elements visited when an array is turned into a string
)

// kind is the JavaScript type a Go value plays in JSON Logic.
type kind int

const (
	kNull kind = iota
	kBool
	kNumber
	kString
	kArray
	kObject
)

// kindOf classifies a value decoded from JSON (with or without UseNumber), from YAML, or built by Go code.
func kindOf(v any) kind {
	switch x := v.(type) {
	case nil:
		return kNull
	case bool:
		return kBool
	case decimal.Decimal, json.Number, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return kNumber
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return kNull
		}
		return kNumber
	case float32:
		return kindOf(float64(x))
	case string:
		return kString
	case []any, []map[string]any, []string:
		return kArray
	default:
		return kObject
	}
}

// asSlice views the array shapes that occur in values as []any.
func asSlice(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case []map[string]any:
		out := make([]any, len(x))
		for i, m := range x {
			out[i] = m
		}
		return out, true
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out, true
	}
	return nil, false
}

// sane keeps a number within the evaluator's bounds; false means "not a finite number" (JS NaN or Infinity).
func sane(d decimal.Decimal) (decimal.Decimal, bool) {
	if d.IsZero() {
		return decimal.Zero, true
	}
	digits := d.NumDigits()
	exp := int64(d.Exponent())
	if int64(digits)+exp > maxIntDigits {
		return decimal.Decimal{}, false
	}
	if int64(digits)+exp < -maxScale {
		return decimal.Zero, true
	}
	if exp < -maxScale {
		d = d.Round(maxScale)
	}
	return d, true
}

// numberValue converts a value of kind kNumber to a decimal; false for NaN or out-of-bounds values.
func numberValue(v any) (decimal.Decimal, bool) {
	switch x := v.(type) {
	case decimal.Decimal:
		return sane(x)
	case json.Number:
		return parseNumberString(string(x))
	case int:
		return decimal.NewFromInt(int64(x)), true
	case int8:
		return decimal.NewFromInt(int64(x)), true
	case int16:
		return decimal.NewFromInt(int64(x)), true
	case int32:
		return decimal.NewFromInt(int64(x)), true
	case int64:
		return decimal.NewFromInt(x), true
	case uint:
		return decimal.NewFromUint64(uint64(x)), true
	case uint8:
		return decimal.NewFromInt(int64(x)), true
	case uint16:
		return decimal.NewFromInt(int64(x)), true
	case uint32:
		return decimal.NewFromInt(int64(x)), true
	case uint64:
		return decimal.NewFromUint64(x), true
	case float32:
		return floatValue(float64(x))
	case float64:
		return floatValue(x)
	}
	return decimal.Decimal{}, false
}

// floatValue takes a float64 (YAML literals, or JSON decoded without UseNumber) at its shortest
// round-tripping decimal text, which is what was written when it had 15 or fewer significant digits.
func floatValue(f float64) (decimal.Decimal, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return decimal.Decimal{}, false
	}
	return parseNumberString(strconv.FormatFloat(f, 'g', -1, 64))
}

// numericText is a JS decimal literal: what Number() accepts besides hex, octal, binary and Infinity.
var numericText = regexp.MustCompile(`^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$`)

// floatPrefix is the part of a string that JS parseFloat reads.
var floatPrefix = regexp.MustCompile(`^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?`)

// parseNumberString reads a JS decimal literal (see numericText) exactly and keeps it within the
// evaluator's bounds (see saneExact); false for any other text. It never builds a number bigger
// than the bounds, so "1e999999999" or a million digits are cheap.
func parseNumberString(s string) (decimal.Decimal, bool) {
	if !numericText.MatchString(s) {
		return decimal.Decimal{}, false
	}
	x, ok := readLiteral(s)
	if !ok {
		return decimal.Decimal{}, false
	}
	return saneExact(x)
}

// saneExact is sane for a number read from text: false (JS Infinity, to us NaN) at or beyond
// 10^maxIntDigits, 0 below 10^-(maxScale+1)/2, otherwise rounded half away from zero to maxScale
// places. Only the digits that survive the rounding are turned into a decimal.
func saneExact(x exactNumber) (decimal.Decimal, bool) {
	if x.digits == "" {
		return decimal.Zero, true
	}
	n := int64(len(x.digits)) + x.exp // the position of the first significant digit, plus one
	switch {
	case n > maxIntDigits:
		return decimal.Decimal{}, false
	case n < -maxScale:
		return decimal.Zero, true
	}
	digits, exp := x.digits, x.exp
	up := false
	if exp < -maxScale {
		keep := int64(len(digits)) - (-maxScale - exp)
		up = digits[keep] >= '5'
		digits, exp = digits[:keep], -maxScale
	}
	c, _ := new(big.Int).SetString("0"+digits, 10)
	if up {
		c.Add(c, big.NewInt(1))
	}
	if x.neg {
		c.Neg(c)
	}
	return decimal.NewFromBigInt(c, int32(exp)), true
}

// toNumber is JavaScript's Number(v): null → 0, booleans → 0/1, strings parsed ("" → 0), arrays via
// their string form. false means NaN.
func toNumber(v any) (decimal.Decimal, bool) {
	switch kindOf(v) {
	case kNull:
		return decimal.Zero, true
	case kBool:
		if v.(bool) {
			return decimal.NewFromInt(1), true
		}
		return decimal.Zero, true
	case kNumber:
		return numberValue(v)
	case kString:
		return stringToNumber(v.(string))
	case kArray:
		return stringToNumber(jsString(v))
	}
	return decimal.Decimal{}, false
}

// stringToNumber is Number(s) for a string.
func stringToNumber(s string) (decimal.Decimal, bool) {
	s = trimSpace(s)
	if s == "" {
		return decimal.Zero, true
	}
	if len(s) > 2 && s[0] == '0' {
		base := 0
		switch s[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 0 {
			n, err := strconv.ParseUint(s[2:], base, 64)
			if err != nil {
				return decimal.Decimal{}, false
			}
			return decimal.NewFromUint64(n), true
		}
	}
	return parseNumberString(s)
}

// parseFloat is JavaScript's parseFloat(String(v)), which "+" and "*" use: the longest numeric
// prefix of the string, NaN (false) when there is none, so null and booleans are NaN.
func parseFloat(v any) (decimal.Decimal, bool) {
	if kindOf(v) == kNumber {
		return numberValue(v)
	}
	s := trimLeftSpace(jsString(v))
	return parseNumberString(floatPrefix.FindString(s))
}

// jsString is JavaScript's String(v).
func jsString(v any) string {
	budget := maxJoinNodes
	return jsStringDepth(v, 0, &budget)
}

// jsStringDepth writes v, giving up (with what it has) past maxJoinDepth or maxJoinNodes, since
// shared sub-arrays can make a small value stand for an exponentially long string.
func jsStringDepth(v any, depth int, budget *int) string {
	switch kindOf(v) {
	case kNull:
		return "null"
	case kBool:
		if v.(bool) {
			return "true"
		}
		return "false"
	case kNumber:
		d, ok := numberValue(v)
		if !ok {
			return "NaN"
		}
		return d.String()
	case kString:
		return v.(string)
	case kArray:
		items, _ := asSlice(v)
		if depth >= maxJoinDepth || *budget <= 0 {
			return ""
		}
		var sb strings.Builder
		for i, it := range items {
			*budget--
			if *budget <= 0 {
				break
			}
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(joinElement(it, depth+1, budget))
		}
		return sb.String()
	}
	return "[object Object]"
}

// joinElement is how Array.prototype.join writes one element: null becomes "".
func joinElement(v any, depth int, budget *int) string {
	if kindOf(v) == kNull {
		return ""
	}
	return jsStringDepth(v, depth, budget)
}

// truthy is JSON Logic truthiness: JavaScript's, except that an empty array is false too.
func truthy(v any) bool {
	switch kindOf(v) {
	case kNull:
		return false
	case kBool:
		return v.(bool)
	case kNumber:
		d, ok := numberValue(v)
		return ok && !d.IsZero()
	case kString:
		return v.(string) != ""
	case kArray:
		items, _ := asSlice(v)
		return len(items) > 0
	}
	return true
}

// strictEqual is JavaScript's ===. Arrays and objects are never equal, as distinct JS objects are not.
func strictEqual(a, b any) bool {
	ka, kb := kindOf(a), kindOf(b)
	if ka != kb {
		return false
	}
	switch ka {
	case kNull:
		return true
	case kBool:
		return a.(bool) == b.(bool)
	case kNumber:
		x, ok1 := numberValue(a)
		y, ok2 := numberValue(b)
		return ok1 && ok2 && x.Equal(y)
	case kString:
		return a.(string) == b.(string)
	}
	return false
}

// looseEqual is JavaScript's == (the Abstract Equality Comparison).
func looseEqual(a, b any) bool {
	ka, kb := kindOf(a), kindOf(b)
	switch {
	case ka == kb:
		return strictEqual(a, b)
	case ka == kNull || kb == kNull:
		return false
	case ka == kBool || kb == kBool, ka == kNumber && kb == kString, ka == kString && kb == kNumber:
		x, ok1 := toNumber(a)
		y, ok2 := toNumber(b)
		return ok1 && ok2 && x.Equal(y)
	case ka == kArray || ka == kObject:
		return looseEqual(jsString(a), b)
	case kb == kArray || kb == kObject:
		return looseEqual(a, jsString(b))
	}
	return false
}

// lessThan is JavaScript's a < b (or a <= b with orEqual): strings compare as strings, anything
// else as numbers, and any comparison with NaN is false.
func lessThan(a, b any, orEqual bool) bool {
	pa, pb := primitive(a), primitive(b)
	if kindOf(pa) == kString && kindOf(pb) == kString {
		x, y := pa.(string), pb.(string)
		return x < y || (orEqual && x == y)
	}
	x, ok1 := toNumber(pa)
	y, ok2 := toNumber(pb)
	if !ok1 || !ok2 {
		return false
	}
	c := x.Cmp(y)
	return c < 0 || (orEqual && c == 0)
}

// primitive is JavaScript's ToPrimitive for arrays and objects: their string form.
func primitive(v any) any {
	switch kindOf(v) {
	case kArray, kObject:
		return jsString(v)
	}
	return v
}
