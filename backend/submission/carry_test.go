package submission

import (
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/backend/period"
)

func TestPeriodStart(t *testing.T) {
	cases := []struct {
		typ  period.Type
		text string
		want string
	}{
		{period.Year, "2026", "2026-01-01"},
		{period.Half, "2026H2", "2026-07-01"},
		{period.Quarter, "2026Q1", "2026-01-01"},
		{period.Quarter, "2026Q4", "2026-10-01"},
		{period.Month, "2026-09", "2026-09-01"},
	}
	for _, c := range cases {
		p, err := period.Parse(c.typ, c.text)
		if err != nil {
			t.Fatalf("%s: %v", c.text, err)
		}
		if got := periodStart(p); got != c.want {
			t.Errorf("start of %s = %s, want %s", c.text, got, c.want)
		}
	}
}

// TestExpiredEvidence: evidence expires when its valid_until date lies before the period begins;
// a date on the first day, no date, no file or a hidden field is no error.
func TestExpiredEvidence(t *testing.T) {
	f, err := form.ParseJSON([]byte(`{"code":"cert","version":1,"title":"证书","period_type":"year","org_types":["primary"],
		"fields":[{"key":"has","label":"有","type":"boolean"},
		{"key":"cert","label":"证书","type":"attachment","valid_until":"cert_until","relevant":{"var":"has"}},
		{"key":"cert_until","label":"有效期","type":"date"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	file := []any{map[string]any{"id": "x"}}
	cases := []struct {
		name   string
		values map[string]any
		hidden []string
		want   string
	}{
		{"expired-day-before", map[string]any{"has": true, "cert": file, "cert_until": "2025-12-31"}, nil, "cert=expired"},
		{"valid-first-day", map[string]any{"has": true, "cert": file, "cert_until": "2026-01-01"}, nil, ""},
		{"no-date", map[string]any{"has": true, "cert": file}, nil, ""},
		{"no-file", map[string]any{"has": true, "cert_until": "2020-01-01"}, nil, ""},
		{"hidden", map[string]any{"has": false, "cert": file, "cert_until": "2020-01-01"}, []string{"cert"}, ""},
	}
	for _, c := range cases {
		var got []string
		for _, is := range expiredEvidence(f, Submission{Period: "2026", Values: c.values}, c.hidden) {
			got = append(got, is.Field+"="+is.Code)
		}
		if strings.Join(got, ",") != c.want {
			t.Errorf("%s: %v, want %q", c.name, got, c.want)
		}
	}
}
