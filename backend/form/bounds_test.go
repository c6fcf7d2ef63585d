package form

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/tianbao-edu/tianbao/backend/errs"
)

// boundsYAML has every numeric type without min or max (so the representable range applies),
// one narrowed field, a repeat group and computed values that can leave the range.
const boundsYAML = `code: bounds
version: 1
title: 范围
period_type: year
org_types: [primary]
fields:
  - {key: i, label: I, type: integer}
  - {key: d, label: D, type: decimal, scale: 10}
  - {key: p, label: P, type: percent}
  - {key: m, label: M, type: money}
  - {key: pay, label: Pay, type: money, min: "0", max: "5000000"}
  - key: g
    label: G
    type: repeat
    fields:
      - {key: k, label: 人数, label_en: Count, type: integer}
      - {key: v, label: V, type: money}
  - {key: sq, label: SQ, type: integer, calculate: {"*": [{var: i}, {var: i}]}}
  - {key: half, label: Half, type: money, calculate: {"/": [{var: m}, 2]}}
`

func boundsForm(t testing.TB) *Form {
	t.Helper()
	f, err := Parse([]byte(boundsYAML))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestNumericBounds: every numeric field has the representable range ±10^12 unless its schema
// narrows it; huge, tiny and long inputs give a field error, read exactly and cheaply.
func TestNumericBounds(t *testing.T) {
	f := boundsForm(t)
	nines := strings.Repeat("9", 1000)
	tests := []struct {
		name  string
		key   string
		in    any
		want  any    // canonical value when accepted
		error string // code when refused
	}{
		{"money exactly 10^12", "m", "1000000000000", "1000000000000.00", ""},
		{"money 10^12 as a JSON number", "m", json.Number("1e12"), "1000000000000.00", ""},
		{"money 10^12 + 0.01", "m", "1000000000000.01", nil, "above_max"},
		{"money -10^12", "m", "-1000000000000", "-1000000000000.00", ""},
		{"money -10^12 - 0.01", "m", "-1000000000000.01", nil, "below_min"},
		{"money 30 digits", "m", "123456789012345678901234567890", nil, "above_max"},
		{"money 30 digits as a JSON number", "m", json.Number("123456789012345678901234567890"), nil, "above_max"},
		{"money 1e400", "m", json.Number("1e400"), nil, "above_max"},
		{"money -1e400", "m", json.Number("-1e400"), nil, "below_min"},
		{"money exponent beyond int64", "m", json.Number("1e99999999999999999999"), nil, "above_max"},
		{"money 1000 nines", "m", nines, nil, "above_max"},
		{"money minus 1000 nines", "m", "-" + nines, nil, "below_min"},
		{"money 1000 nines with too many decimals", "m", nines + ".999", nil, "too_many_decimals"},
		{"money 1e-400 has too many decimals", "m", json.Number("1e-400"), nil, "too_many_decimals"},
		{"money tiny fraction is not rounded away", "m", "0." + strings.Repeat("0", 50) + "1", nil, "too_many_decimals"},
		{"money one and a tiny fraction", "m", "1." + strings.Repeat("0", 45) + "1", nil, "too_many_decimals"},
		{"money long trailing zeros", "m", "1." + strings.Repeat("0", 1000), "1.00", ""},
		{"money long leading zeros", "m", strings.Repeat("0", 1000) + "5", "5.00", ""},
		{"money float64 infinity", "m", math.Inf(1), nil, "above_max"},
		{"money float64 NaN", "m", math.NaN(), nil, "invalid_type"},
		{"money huge decimal.Decimal", "m", decimal.New(1, 1000000), nil, "above_max"},
		{"money exponent in a string", "m", "1e3", nil, "invalid_type"},
		{"narrowed max", "pay", "5000000.01", nil, "above_max"},
		{"narrowed max itself", "pay", "5000000", "5000000.00", ""},
		{"narrowed min with a huge negative", "pay", "-" + nines, nil, "below_min"},
		{"integer exactly 10^12", "i", json.Number("1000000000000"), int64(1000000000000), ""},
		{"integer 10^12 + 1", "i", json.Number("1000000000001"), nil, "above_max"},
		{"integer beyond int64", "i", json.Number("9223372036854775808"), nil, "above_max"},
		{"integer int64 min", "i", int64(math.MinInt64), nil, "below_min"},
		{"integer with exponent", "i", json.Number("1.5e1"), int64(15), ""},
		{"integer tiny fraction", "i", json.Number("1.0000000000000000000001"), nil, "not_integer"},
		{"decimal 12 digits and 10 places", "d", "999999999999.9999999999", "999999999999.9999999999", ""},
		{"decimal just above", "d", "1000000000000.0000000001", nil, "above_max"},
		{"percent above", "p", "1000000000000.01", nil, "above_max"},
	}
	for _, tt := range tests {
		out, verr := f.Normalize(map[string]any{tt.key: tt.in})
		got, ok := out[tt.key]
		if tt.error == "" {
			if verr != nil || !ok || canon(t, got) != canon(t, tt.want) {
				t.Errorf("%s: got %#v (%v), want %#v", tt.name, got, verr, tt.want)
			}
			continue
		}
		if ok || verr == nil || len(verr.Fields) != 1 || verr.Fields[0].Field != tt.key || verr.Fields[0].Code != tt.error {
			t.Errorf("%s: got %#v %v, want %s:%s", tt.name, got, verr, tt.key, tt.error)
		}
	}
}

func TestBoundMessages(t *testing.T) {
	f := boundsForm(t)
	for _, c := range []struct{ key, in, msg string }{
		{"m", "123456789012345678901234567890", "不能大于1000000000000"},
		{"m", "-1000000000000.01", "不能小于-1000000000000"},
		{"pay", "5000001", "不能大于5000000"},
		{"pay", "-1", "不能小于0"},
	} {
		_, verr := f.Normalize(map[string]any{c.key: c.in})
		if verr == nil || verr.Fields[0].Message != c.msg {
			t.Errorf("%s=%s: %v, want message %q", c.key, c.in, verr, c.msg)
		}
	}
}

// TestHugeInputIsCheap: a body-sized number is rejected in linear time, without building it.
func TestHugeInputIsCheap(t *testing.T) {
	f := boundsForm(t)
	huge := strings.Repeat("9", 2<<20)
	start := time.Now()
	for _, v := range []any{huge, "-" + huge, "0." + huge, json.Number(huge + "e" + huge), json.Number("1e-" + huge)} {
		if _, verr := f.Normalize(map[string]any{"m": v}); verr == nil {
			t.Errorf("a %d-character number was accepted", len(fmt.Sprint(v)))
		}
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("rejecting huge numbers took %v", d)
	}
}

// TestColumnTotalsBounded: the total of a repeat column is a fact, so it must be representable.
func TestColumnTotalsBounded(t *testing.T) {
	f := boundsForm(t)
	row := map[string]any{"k": json.Number("600000000000"), "v": "600000000000"}
	out, verr := f.Normalize(map[string]any{"g": []any{row, row}, "i": json.Number("1")})
	if _, kept := out["g"]; kept || verr == nil {
		t.Fatalf("a column total of 1.2e12 was accepted: %v", out)
	}
	var got []string
	for _, fe := range verr.Fields {
		got = append(got, fe.Field+":"+fe.Code+":"+fe.Message)
	}
	if want := []string{"g:above_max:“人数”各行合计不能大于1000000000000"}; !slices.Equal(got, want) {
		t.Fatalf("errors %v, want %v", got, want)
	}
	if out["i"] != int64(1) {
		t.Errorf("the rest of the draft was lost: %v", out)
	}
	neg := map[string]any{"v": "-600000000000"}
	if _, verr := f.Normalize(map[string]any{"g": []any{neg, neg}}); verr == nil || verr.Fields[0].Code != "below_min" {
		t.Errorf("negative column total: %v", verr)
	}
	ok := map[string]any{"k": json.Number("500000000000"), "v": "500000000000"}
	if _, verr := f.Normalize(map[string]any{"g": []any{ok, ok}}); verr != nil {
		t.Errorf("a column total of exactly 10^12 was refused: %v", verr)
	}
}

// TestComputedOutOfRange: a computed number outside the range is no value, not a wrapped one.
func TestComputedOutOfRange(t *testing.T) {
	f := boundsForm(t)
	res := f.Evaluate(map[string]any{"i": json.Number("1000000"), "m": "1000000000000"})
	if canon(t, res.Computed) != `{"half":"500000000000.00","sq":1000000000000}` {
		t.Errorf("in range: %s", canon(t, res.Computed))
	}
	res = f.Evaluate(map[string]any{"i": json.Number("1000001")})
	if res.Computed["sq"] != nil {
		t.Errorf("1000001² = %v, want null (beyond 10^12)", res.Computed["sq"])
	}
	if _, stored := res.Values["sq"]; stored {
		t.Errorf("an out-of-range computed value was stored: %v", res.Values)
	}
}

// TestSchemaBoundsOutOfRange: a schema may narrow the range but not widen it.
func TestSchemaBoundsOutOfRange(t *testing.T) {
	field := func(extra string) string {
		return "code: demo\nversion: 1\ntitle: D\nperiod_type: year\norg_types: [primary]\nfields:\n  - {key: n, label: N, type: money" + extra + "}\n"
	}
	tests := []struct {
		name, yaml string
		want       []string // field:code
	}{
		{"max 10^12", field(`, max: "1000000000000"`), nil},
		{"min -10^12 and max 0", field(`, min: "-1000000000000", max: "0"`), nil},
		{"max as exponent", field(`, max: "1e12"`), nil},
		{"max 10^12 + 0.01", field(`, max: "1000000000000.01"`), []string{"fields[0].max:out_of_range"}},
		{"min below -10^12", field(`, min: "-1000000000001"`), []string{"fields[0].min:out_of_range"}},
		{"max 30 digits", field(`, max: "123456789012345678901234567890"`), []string{"fields[0].max:out_of_range"}},
		{"max 1e400", field(`, max: "1e400"`), []string{"fields[0].max:out_of_range"}},
		{"min 1e13 beyond, max fine", field(`, min: "1e13", max: "1"`), []string{"fields[0].min:out_of_range"}},
		{"max not a number", field(`, max: "lots"`), []string{"fields[0].max:invalid_number"}},
		{"repeat column", "code: demo\nversion: 1\ntitle: D\nperiod_type: year\norg_types: [primary]\nfields:\n  - key: g\n    label: G\n    type: repeat\n    fields:\n      - {key: n, label: N, type: integer, max: \"9223372036854775807\"}\n",
			[]string{"fields[0].fields[0].max:out_of_range"}},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.yaml))
		var got []string
		var verr *errs.ValidationError
		if errors.As(err, &verr) {
			for _, fe := range verr.Fields {
				got = append(got, fe.Field+":"+fe.Code)
			}
		} else if err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: errors %v, want %v", tt.name, got, tt.want)
		}
	}
	// JSON imports write bounds as numbers too; 1e400 must not pass through float64.
	_, err := ParseJSON([]byte(`{"code":"demo","version":1,"title":"D","period_type":"year","org_types":["primary"],
		"fields":[{"key":"n","label":"N","type":"integer","min":0,"max":1e400}]}`))
	var verr *errs.ValidationError
	if !errors.As(err, &verr) || len(verr.Fields) != 1 || verr.Fields[0].Field != "fields[0].max" || verr.Fields[0].Code != "out_of_range" {
		t.Errorf("JSON max 1e400: %v", err)
	}
}

// numericCodes are the problems a number can have.
var numericCodes = []string{"invalid_type", "not_integer", "too_many_decimals", "above_max", "below_min"}

// checkNumber normalises raw into every numeric field of f and checks the result: no panic (the
// caller's recover, or the fuzzer, reports one), exactly one numeric problem or a value within
// the field's range with its scale, which a fact holds without overflow.
func checkNumber(t *testing.T, f *Form, raw any) {
	t.Helper()
	for _, key := range []string{"i", "d", "p", "m", "pay"} {
		fd, _ := f.Field(key)
		out, verr := f.Normalize(map[string]any{key: raw})
		v, ok := out[key]
		if verr != nil {
			if ok || len(verr.Fields) != 1 || !slices.Contains(numericCodes, verr.Fields[0].Code) || verr.Fields[0].Message == "" {
				t.Fatalf("%s=%q: %v, %v", key, raw, out, verr)
			}
			continue
		}
		if !ok {
			if isEmpty(raw) {
				continue // an empty draft value is dropped
			}
			t.Fatalf("%s=%q: neither value nor problem", key, raw)
		}
		d, dok := factNumber(v)
		lo, hi := fd.bounds()
		if !dok || d.LessThan(lo) || d.GreaterThan(hi) || !d.Equal(d.Round(fd.scale())) {
			t.Fatalf("%s=%q: accepted %v outside [%s, %s] or with too many places", key, raw, v, lo, hi)
		}
		if !d.Shift(4).Round(0).BigInt().IsInt64() {
			t.Fatalf("%s=%q: %v does not fit a fact (int64 × 10^-4)", key, raw, v)
		}
	}
}

// ratReference is the normalisation a plain numeric string should get, computed with big.Rat:
// the code, or "" and the exact value.
func ratReference(s string, scale int32, lo, hi decimal.Decimal) (string, *big.Rat) {
	r, ok := new(big.Rat).SetString(strings.TrimSpace(s))
	if !ok {
		return "invalid_type", nil
	}
	scaled := new(big.Rat).Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)))
	if !scaled.IsInt() {
		if scale == 0 {
			return "not_integer", nil
		}
		return "too_many_decimals", nil
	}
	if r.Cmp(lo.Rat()) < 0 {
		return "below_min", nil
	}
	if r.Cmp(hi.Rat()) > 0 {
		return "above_max", nil
	}
	return "", r
}

// randomNumber is a numeric string of random shape: long or short, signs, leading and trailing
// zeros, points, exponents, stray characters.
func randomNumber(rng *rand.Rand) string {
	digits := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + rng.IntN(10))
		}
		return string(b)
	}
	length := func() int {
		switch rng.IntN(4) {
		case 0:
			return rng.IntN(3)
		case 1:
			return 1 + rng.IntN(14)
		case 2:
			return 10 + rng.IntN(30)
		}
		return rng.IntN(1200)
	}
	var sb strings.Builder
	switch rng.IntN(5) {
	case 0:
		sb.WriteByte('-')
	case 1:
		sb.WriteByte('+')
	case 2:
		sb.WriteString(strings.Repeat("0", rng.IntN(30)))
	}
	sb.WriteString(digits(length()))
	if rng.IntN(2) == 0 {
		sb.WriteByte('.')
		sb.WriteString(digits(length()))
		sb.WriteString(strings.Repeat("0", rng.IntN(3)*rng.IntN(50)))
	}
	switch rng.IntN(8) {
	case 0:
		sb.WriteString("e" + []string{"", "+", "-"}[rng.IntN(3)] + digits(1+rng.IntN(25)))
	case 1:
		sb.WriteString([]string{" ", "x", ",", "..", "-", "∞"}[rng.IntN(6)])
	}
	return sb.String()
}

// plainNumberText is a number without grouping, exponent or full-width forms: what ratReference reads.
var plainNumberText = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)

// TestNormalizeNumbersProperty: thousands of random numeric strings and JSON numbers never make
// normalisation panic, always give one numeric problem or an in-range value, and agree exactly
// with a big.Rat reference.
func TestNormalizeNumbersProperty(t *testing.T) {
	f := boundsForm(t)
	rng := rand.New(rand.NewPCG(9, 7))
	for i := 0; i < 3000; i++ {
		s := randomNumber(rng)
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("%q: panic %v", s, p)
				}
			}()
			checkNumber(t, f, s)
			checkNumber(t, f, json.Number(s))
		}()
		if !plainNumberText.MatchString(strings.TrimSpace(s)) || len(s) > 400 {
			continue
		}
		for _, key := range []string{"i", "d", "m", "pay"} {
			fd, _ := f.Field(key)
			lo, hi := fd.bounds()
			wantCode, wantVal := ratReference(s, fd.scale(), lo, hi)
			out, verr := f.Normalize(map[string]any{key: s})
			gotCode := ""
			if verr != nil {
				gotCode = verr.Fields[0].Code
			}
			if gotCode != wantCode {
				t.Fatalf("%s=%q: code %q, want %q", key, s, gotCode, wantCode)
			}
			if wantVal != nil {
				d, _ := factNumber(out[key])
				if d.Rat().Cmp(wantVal) != 0 {
					t.Fatalf("%s=%q: value %v, want %v", key, s, out[key], wantVal.FloatString(10))
				}
			}
		}
	}
}

// FuzzNormalizeNumber: no text, as a string or as a JSON number, makes normalisation panic or
// accept a number outside its field's range.
func FuzzNormalizeNumber(f *testing.F) {
	for _, s := range []string{"1000000000000", "1000000000000.01", "123456789012345678901234567890", "1e400", "-1e400",
		strings.Repeat("9", 1000), "0.000000000000000000000000000000000000000000000001", "1e-400", "+.5", "5.", "-0",
		"1e99999999999999999999", "0x1F", "", " 12 ", "1,000"} {
		f.Add(s)
	}
	form := boundsForm(f)
	f.Fuzz(func(t *testing.T, s string) {
		checkNumber(t, form, s)
		checkNumber(t, form, json.Number(s))
	})
}
