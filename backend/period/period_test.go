package period

import (
	"errors"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

func TestParse(t *testing.T) {
	tests := []struct {
		typ   Type
		in    string
		ok    bool
		year  int
		index int
	}{
		{Year, "2025", true, 2025, 0},
		{Year, "2025H1", false, 0, 0},
		{Year, "25", false, 0, 0},
		{Year, "+025", false, 0, 0},
		{Year, "1899", false, 0, 0},
		{Year, "", false, 0, 0},
		{Half, "2025H1", true, 2025, 1},
		{Half, "2025H2", true, 2025, 2},
		{Half, "2025H3", false, 0, 0},
		{Half, "2025h1", false, 0, 0},
		{Half, "2025", false, 0, 0},
		{Quarter, "2025Q1", true, 2025, 1},
		{Quarter, "2024Q4", true, 2024, 4},
		{Quarter, "2025Q0", false, 0, 0},
		{Quarter, "2025Q5", false, 0, 0},
		{Quarter, "2025-01", false, 0, 0},
		{Month, "2025-01", true, 2025, 1},
		{Month, "2025-12", true, 2025, 12},
		{Month, "2025-13", false, 0, 0},
		{Month, "2025-00", false, 0, 0},
		{Month, "2025-1", false, 0, 0},
		{Month, "2025-+1", false, 0, 0},
		{Month, "2025Q1", false, 0, 0},
		{"week", "2025", false, 0, 0},
	}
	for _, tt := range tests {
		p, err := Parse(tt.typ, tt.in)
		if tt.ok != (err == nil) {
			t.Errorf("Parse(%q, %q) err = %v, want ok=%v", tt.typ, tt.in, err, tt.ok)
			continue
		}
		if !tt.ok {
			var ve *errs.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != "period" {
				t.Errorf("Parse(%q, %q) error %#v is not a period ValidationError", tt.typ, tt.in, err)
			}
			continue
		}
		if p.Year() != tt.year || p.Index() != tt.index || p.Type() != tt.typ {
			t.Errorf("Parse(%q, %q) = %+v", tt.typ, tt.in, p)
		}
		if p.String() != tt.in {
			t.Errorf("Parse(%q, %q).String() = %q", tt.typ, tt.in, p.String())
		}
	}
}

func TestParseErrorCodes(t *testing.T) {
	tests := []struct {
		typ, in, code string
	}{
		{"year", "2025Q1", "invalid_period"},
		{"decade", "2020", "invalid_period_type"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.typ, tt.in)
		var ve *errs.ValidationError
		if !errors.As(err, &ve) || ve.Fields[0].Code != tt.code {
			t.Errorf("Parse(%q, %q) = %v, want code %s", tt.typ, tt.in, err, tt.code)
		}
	}
}

func TestZeroPeriod(t *testing.T) {
	var p Period
	if !p.IsZero() || p.String() != "" {
		t.Errorf("zero period: IsZero=%v String=%q", p.IsZero(), p.String())
	}
	p, _ = Parse(Month, "2025-09")
	if p.IsZero() {
		t.Error("parsed period reports IsZero")
	}
}

func TestPrev(t *testing.T) {
	for _, c := range []struct {
		typ      Type
		in, want string
	}{
		{Year, "2025", "2024"}, {Half, "2025H1", "2024H2"}, {Half, "2025H2", "2025H1"},
		{Quarter, "2025Q1", "2024Q4"}, {Quarter, "2025Q3", "2025Q2"}, {Month, "2025-01", "2024-12"}, {Month, "2025-09", "2025-08"},
	} {
		p, err := Parse(c.typ, c.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Prev().String(); got != c.want {
			t.Errorf("Prev(%s) = %s, want %s", c.in, got, c.want)
		}
	}
}
