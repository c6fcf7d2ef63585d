package form

import (
	"regexp"
	"strings"
)

// White space, one explicit set for every place that trims or skips it: numbers typed into a
// field, strings that rules turn into numbers (Number(), parseFloat in "+" and "*"), and a schema's
// min and max. It is ECMAScript's WhiteSpace and LineTerminator set (what the browser's trim() and
// Number() strip: U+0009-000D, U+0020, U+00A0, U+1680, U+2000-200A, U+2028, U+2029, U+202F,
// U+205F, U+3000, U+FEFF) plus U+0085 (NEL, which Go's unicode.IsSpace knows) and U+200B (zero
// width space, common in text pasted from web pages). The browser's evaluator
// (frontend/src/rules/numtext.ts) uses exactly the same set.
func isSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200B
}

// trimSpace strips the white space set from both ends of s.
func trimSpace(s string) string { return strings.TrimFunc(s, isSpace) }

// trimLeftSpace strips the white space set from the start of s.
func trimLeftSpace(s string) string { return strings.TrimLeftFunc(s, isSpace) }

// typedNumber is a number as people type it, after full-width forms are folded and white space
// inside is written as ' ': an optional sign, digits either plain or grouped in threes by commas
// or spaces ("8,000,000", "8 000 000"), an optional fraction. No exponent, no leading or trailing
// point.
var typedNumber = regexp.MustCompile(`^[+-]?(?:[0-9]+|[0-9]{1,3}(?:[, ][0-9]{3})+)(?:\.[0-9]+)?$`)

// foldTyped rewrites the full-width forms a Chinese input method produces as their ASCII
// counterparts (digits U+FF10-FF19, ＋ U+FF0B, － U+FF0D, ． U+FF0E, ， U+FF0C; also the minus
// sign U+2212), and any white space as ' '.
func foldTyped(r rune) rune {
	switch {
	case r >= 0xFF10 && r <= 0xFF19:
		return '0' + (r - 0xFF10)
	case r == 0xFF0B:
		return '+'
	case r == 0xFF0D || r == 0x2212:
		return '-'
	case r == 0xFF0E:
		return '.'
	case r == 0xFF0C:
		return ','
	case isSpace(r):
		return ' '
	}
	return r
}

// wanSuffixes are what may follow an amount of money in units of 10,000 yuan ("800万", "800 万元").
var wanSuffixes = []string{"万元", "万"}

// readTyped reads a number typed into a field (see typedNumber), exactly. With wan (money fields)
// a trailing 万 or 万元 multiplies the amount by 10,000: "1.5万" is 15000. false: not a number.
// The browser reads typed numbers with the same rules (readTyped in frontend/src/rules/numtext.ts).
func readTyped(s string, wan bool) (exactNumber, bool) {
	s = strings.Trim(strings.Map(foldTyped, s), " ")
	shift := int64(0)
	if wan {
		for _, suf := range wanSuffixes {
			if t, ok := strings.CutSuffix(s, suf); ok {
				s, shift = strings.TrimRight(t, " "), 4
				break
			}
		}
	}
	if !typedNumber.MatchString(s) {
		return exactNumber{}, false
	}
	if strings.ContainsAny(s, ", ") {
		s = strings.NewReplacer(",", "", " ", "").Replace(s)
	}
	x, ok := readLiteral(s)
	if ok && x.digits != "" {
		x.exp += shift
	}
	return x, ok
}
