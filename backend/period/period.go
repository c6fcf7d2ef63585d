// Package period parses and formats reporting periods (2025, 2025H1, 2025Q3, 2025-09).
// A form fixes the period type, so a period string is always parsed against the type it must have:
// "2025Q1" is not a valid period for a yearly form.
package period

import (
	"fmt"
	"strconv"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// Type is how often a form is reported.
type Type string

// The period types a form can have.
const (
	Year    Type = "year"
	Half    Type = "half"
	Quarter Type = "quarter"
	Month   Type = "month"
)

// Valid reports whether t is one of the known period types.
func (t Type) Valid() bool {
	switch t {
	case Year, Half, Quarter, Month:
		return true
	}
	return false
}

// Year bounds keep typos such as "0225" or "20255" out of the data.
const (
	minYear = 1900
	maxYear = 2999
)

// Period is one reporting period of a given type. The zero value is not a valid period.
type Period struct {
	typ   Type
	year  int
	index int // 1-based half, quarter or month; 0 for a year
}

// Parse reads s as a period of type typ. It accepts a period.Type or a plain string (e.g. a query
// parameter), so callers need no conversion either way.
func Parse[T ~string](typ T, s string) (Period, error) {
	t := Type(typ)
	if !t.Valid() {
		return Period{}, errs.Invalid("period", "invalid_period_type", fmt.Sprintf("unknown period type %q", string(typ)))
	}
	bad := func() (Period, error) {
		return Period{}, errs.Invalid("period", "invalid_period", fmt.Sprintf("%q is not a %s period (expected %s)", s, t, example[t]))
	}
	if len(s) < 4 {
		return bad()
	}
	year, ok := digits(s[:4])
	if !ok || year < minYear || year > maxYear {
		return bad()
	}
	rest := s[4:]
	p := Period{typ: t, year: year}
	switch t {
	case Year:
		if rest != "" {
			return bad()
		}
		return p, nil
	case Half:
		if len(rest) != 2 || rest[0] != 'H' || (rest[1] != '1' && rest[1] != '2') {
			return bad()
		}
		p.index = int(rest[1] - '0')
	case Quarter:
		if len(rest) != 2 || rest[0] != 'Q' || rest[1] < '1' || rest[1] > '4' {
			return bad()
		}
		p.index = int(rest[1] - '0')
	case Month:
		if len(rest) != 3 || rest[0] != '-' {
			return bad()
		}
		m, ok := digits(rest[1:])
		if !ok || m < 1 || m > 12 {
			return bad()
		}
		p.index = m
	}
	return p, nil
}

// example is the format hint used in error messages.
var example = map[Type]string{Year: "2025", Half: "2025H1", Quarter: "2025Q3", Month: "2025-09"}

// digits parses an all-ASCII-digit string; strconv.Atoi alone would accept signs.
func digits(s string) (int, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// String formats the period the way Parse reads it; the zero Period formats as "".
func (p Period) String() string {
	switch p.typ {
	case Year:
		return fmt.Sprintf("%04d", p.year)
	case Half:
		return fmt.Sprintf("%04dH%d", p.year, p.index)
	case Quarter:
		return fmt.Sprintf("%04dQ%d", p.year, p.index)
	case Month:
		return fmt.Sprintf("%04d-%02d", p.year, p.index)
	}
	return ""
}

// Type is the period's type.
func (p Period) Type() Type { return p.typ }

// Year is the calendar year the period falls in; yearly targets compare against it.
func (p Period) Year() int { return p.year }

// Index is the half (1-2), quarter (1-4) or month (1-12) within the year, and 0 for a yearly period.
func (p Period) Index() int { return p.index }

// IsZero reports whether p is the zero Period (never returned by a successful Parse).
func (p Period) IsZero() bool { return p.typ == "" }

// Prev is the period of the same type just before p: 2024 for 2025, 2024H2 for 2025H1,
// 2025-08 for 2025-09. Year-over-year targets ("rising", "never decreases") compare with it.
func (p Period) Prev() Period {
	per := map[Type]int{Half: 2, Quarter: 4, Month: 12}
	switch {
	case p.typ == Year:
		return Period{typ: Year, year: p.year - 1}
	case p.index > 1:
		return Period{typ: p.typ, year: p.year, index: p.index - 1}
	case p.typ == "":
		return p
	}
	return Period{typ: p.typ, year: p.year - 1, index: per[p.typ]}
}
