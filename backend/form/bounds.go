package form

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// MaxMagnitudeExp fixes the representable range of every numeric field (integer, decimal, percent,
// money): |v| <= 10^MaxMagnitudeExp, i.e. up to a trillion (10^12) yuan, people or percent points.
// Facts keep numbers as int64 scaled by 10^4 (facts.num_e4), so the largest fact is 10^16, about
// 1/900 of the int64 range, which leaves room for sums over many rows and orgs. A form may narrow
// the range with min and max but may not declare a bound outside it (Validate refuses the schema).
// The same bound caps computed values (a result outside it is no value, like a division by zero)
// and the total of each numeric column of a repeat group, which becomes a fact too.
const MaxMagnitudeExp = 12

// maxMagnitude is 10^MaxMagnitudeExp, the largest absolute value a numeric field holds.
var maxMagnitude = decimal.New(1, MaxMagnitudeExp)

// exponentCap clamps absurd exponents ("1e99999999999999999999"): any exponent beyond it is as
// good as infinite for deciding range and decimal places, and digit counts plus exponents stay
// far inside int64 (and inside the doubles the browser's evaluator counts with).
const exponentCap = 1 << 40

// numberLiteral is a number as JSON, Go's float formatting, shopspring's decimal and JavaScript's
// String(number) write it: sign, digits, optional fraction, optional exponent.
var numberLiteral = regexp.MustCompile(`^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$`)

// exactNumber is a submitted number read exactly from its text, however long: the value is
// ±digits × 10^exp. Reading it costs time linear in the text and never builds a big number, so
// "9" repeated a million times or 1e400 is cheap to reject.
type exactNumber struct {
	neg    bool
	digits string // significant digits without leading or trailing zeros; "" for zero
	exp    int64
}

// readLiteral splits a number literal (see numberLiteral) into an exactNumber.
func readLiteral(s string) (exactNumber, bool) {
	m := numberLiteral.FindStringSubmatch(s)
	if m == nil || m[2]+m[3] == "" {
		return exactNumber{}, false
	}
	var e int64
	if m[4] != "" {
		var err error
		e, err = strconv.ParseInt(m[4], 10, 64)
		if err != nil { // out of int64: only the sign matters
			e = exponentCap
			if m[4][0] == '-' {
				e = -exponentCap
			}
		}
		e = max(-exponentCap, min(e, exponentCap))
	}
	digits := strings.TrimLeft(m[2]+m[3], "0")
	exp := e - int64(len(m[3]))
	trimmed := strings.TrimRight(digits, "0")
	exp += int64(len(digits) - len(trimmed))
	if trimmed == "" {
		return exactNumber{}, true
	}
	return exactNumber{neg: m[1] == "-", digits: trimmed, exp: exp}, true
}

// infinite stands for ±Infinity (a float64 overflow, or the browser's reading of 1e400): beyond
// every bound, with a sign.
func infinite(neg bool) exactNumber {
	return exactNumber{neg: neg, digits: "1", exp: exponentCap}
}

// readInput reads a submitted number exactly: a JSON number (json.Number, as the API decodes
// with UseNumber), a Go integer, a stored decimal, or a string as people type numbers (readTyped:
// " 12.50 ", "8,000,000", full-width digits, and with wan a 万 suffix; no exponent). A float64 (a
// decoder without UseNumber, or Go code) is taken at its shortest round-tripping text. false
// means the value is not a number at all.
func readInput(raw any, wan bool) (exactNumber, bool) {
	switch x := raw.(type) {
	case string:
		return readTyped(x, wan)
	case json.Number:
		return readLiteral(string(x))
	case decimal.Decimal:
		return readLiteral(x.Coefficient().String() + "e" + strconv.FormatInt(int64(x.Exponent()), 10))
	case float32:
		return readFloat(float64(x))
	case float64:
		return readFloat(x)
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return readLiteral(fmt.Sprint(x))
	}
	return exactNumber{}, false
}

func readFloat(f float64) (exactNumber, bool) {
	switch {
	case math.IsNaN(f):
		return exactNumber{}, false
	case math.IsInf(f, 0):
		return infinite(f < 0), true
	}
	return readLiteral(strconv.FormatFloat(f, 'g', -1, 64))
}

// places is the number of digits after the point the value needs (0 for a whole number).
func (x exactNumber) places() int64 { return max(0, -x.exp) }

// huge reports whether |x| >= 10^(MaxMagnitudeExp+1), beyond every field's range whatever its
// min and max: such a number is never turned into a decimal.
func (x exactNumber) huge() bool {
	return x.digits != "" && int64(len(x.digits))+x.exp > MaxMagnitudeExp+1
}

// decimal is the value; only for numbers that are not huge and need few places, so it is small.
func (x exactNumber) decimal() decimal.Decimal {
	if x.digits == "" {
		return decimal.Zero
	}
	c, _ := new(big.Int).SetString(x.digits, 10)
	if x.neg {
		c.Neg(c)
	}
	return decimal.NewFromBigInt(c, int32(x.exp))
}

// bounds is the range a numeric field accepts: its min and max, within ±10^MaxMagnitudeExp.
func (fd *Field) bounds() (lo, hi decimal.Decimal) {
	lo, hi = maxMagnitude.Neg(), maxMagnitude
	if b := bound(fd.Min); b != nil && b.GreaterThan(lo) {
		lo = *b
	}
	if b := bound(fd.Max); b != nil && b.LessThan(hi) {
		hi = *b
	}
	return lo, hi
}

// representable reports whether d is within ±10^MaxMagnitudeExp.
func representable(d decimal.Decimal) bool {
	return d.Abs().LessThanOrEqual(maxMagnitude)
}
