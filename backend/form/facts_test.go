package form

import (
	"strings"
	"testing"
)

func TestFacts(t *testing.T) {
	f := allTypesForm(t)
	tests := []struct {
		name string
		in   string
		want []string // field=num or field:text, in order
	}{
		{"empty (n+1 is null: + reads null as NaN)", `{}`, nil},
		{"scalars", `{"n":5,"d":"1.5","m":"10.5","p":"12.5","b":true,"s":"x","t":"hi","dt":"2025-01-01"}`,
			[]string{"n=5", "d=1.5", "m=10.5", "p=12.5", "b=1", "s:x", "c=6"}},
		{"false is 0", `{"b":false}`, []string{"b=0"}},
		{"multi choice", `{"mc":["z","x"]}`, []string{"mc:x", "mc:z"}},
		{"repeat sums", `{"g":[{"k":1,"v":"2.50"},{"k":2}]}`, []string{"g.k=3", "g.v=2.5"}},
		{"repeat without values", `{"g":[{}]}`, nil},
		{"attachments give none", `{"a":[{"id":"f","name":"n.jpg","size":3,"content_type":"image/jpeg"}]}`, nil},
		{"invalid values give none", `{"n":-1,"m":"1.001"}`, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, fact := range f.Facts(decodeJSON(t, tt.in).(map[string]any)) {
			switch {
			case fact.Num != nil && fact.Text == "":
				got = append(got, fact.Field+"="+fact.Num.String())
			case fact.Num == nil && fact.Text != "":
				got = append(got, fact.Field+":"+fact.Text)
			default:
				t.Errorf("%s: fact %+v has both or neither of Num and Text", tt.name, fact)
			}
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%s: facts %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestFactsSkipHidden(t *testing.T) {
	f, err := Parse([]byte(evalYAML))
	if err != nil {
		t.Fatal(err)
	}
	for _, fact := range f.Facts(map[string]any{"has": false, "detail": 3, "extra": "5"}) {
		if fact.Field == "detail" || fact.Field == "extra" {
			t.Errorf("fact for hidden field: %+v", fact)
		}
	}
}
