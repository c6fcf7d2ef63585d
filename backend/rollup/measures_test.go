package rollup_test

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/seeds"
)

// measure is one entry of seeds/measures.yaml.
type measure struct {
	Number     int      `yaml:"number"`
	Part       string   `yaml:"part"`
	Title      string   `yaml:"title"`
	LeadUnits  []string `yaml:"lead_units"`
	Indicators []string `yaml:"indicators"`
	Note       string   `yaml:"note"`
	// The keys backend/measure reads (units as org codes, text, milestones); that package's
	// tests hold them to the plan and the org tree.
	TitleEn    string           `yaml:"title_en"`
	Lead       string           `yaml:"lead"`
	CoUnits    []string         `yaml:"co_units"`
	Text       string           `yaml:"text"`
	Milestones []map[string]any `yaml:"milestones"`
}

// planText is the plan with all white space removed, so quotes match across its line breaks.
func planText(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../docs/plan/qianjiang-education-plan-2023.txt")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(data)), "")
}

// TestMeasuresSeed: seeds/measures.yaml lists the plan's twenty measures, in order, with the plan's
// own headings and 责任单位; every indicator it names exists; and the measures each indicator
// claims are exactly the measures that list it. A measure with no indicator says why.
func TestMeasuresSeed(t *testing.T) {
	data, err := seeds.FS.ReadFile("measures.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var ms []measure
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&ms); err != nil {
		t.Fatalf("measures.yaml: %v", err)
	}
	if len(ms) != 20 {
		t.Fatalf("measures.yaml lists %d measures, want 20", len(ms))
	}
	raw, err := seeds.FS.ReadFile("indicators.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ins, err := rollup.Parse(raw, seedFields(t))
	if err != nil {
		t.Fatalf("seeded indicators do not parse: %v", err)
	}
	claims := map[string][]int{} // indicator code → the measures it says it evidences
	for _, in := range ins {
		claims[in.Code] = slices.Sorted(slices.Values(in.Measures))
	}

	plan := planText(t)
	listed := map[string][]int{} // indicator code → the measures that list it
	for i, m := range ms {
		if m.Number != i+1 {
			t.Errorf("measure %d is numbered %d: want 1..20 in order", i+1, m.Number)
		}
		if m.Title == "" || m.Part == "" {
			t.Errorf("measure %d: title and part are required", m.Number)
		}
		if !strings.Contains(plan, fmt.Sprintf("%d.%s。", m.Number, m.Title)) {
			t.Errorf("measure %d: title %q is not the plan's heading of measure %d", m.Number, m.Title, m.Number)
		}
		if !strings.Contains(plan, m.Part) {
			t.Errorf("measure %d: part %q is not a heading of the plan", m.Number, m.Part)
		}
		if want := leadUnits(t, plan, m.Number); !slices.Equal(m.LeadUnits, want) {
			t.Errorf("measure %d: lead_units %v, the plan's 责任单位 are %v", m.Number, m.LeadUnits, want)
		}
		if len(m.Indicators) == 0 && m.Note == "" {
			t.Errorf("measure %d lists no indicator and no note saying why", m.Number)
		}
		for _, code := range m.Indicators {
			if _, ok := claims[code]; !ok {
				t.Errorf("measure %d lists %s, which is not in seeds/indicators.yaml", m.Number, code)
				continue
			}
			if slices.Contains(listed[code], m.Number) {
				t.Errorf("measure %d lists %s twice", m.Number, code)
			}
			listed[code] = append(listed[code], m.Number)
		}
	}
	for code, got := range claims {
		want := slices.Sorted(slices.Values(listed[code]))
		if !slices.Equal(got, want) {
			t.Errorf("indicator %s: measures %v, but measures.yaml lists it under %v", code, got, want)
		}
	}
}

// TestIndicatorsQuoteThePlan: every indicator's `plan` is the plan's own words, verbatim.
func TestIndicatorsQuoteThePlan(t *testing.T) {
	raw, err := seeds.FS.ReadFile("indicators.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ins, err := rollup.Parse(raw, seedFields(t))
	if err != nil {
		t.Fatalf("seeded indicators do not parse: %v", err)
	}
	plan := planText(t)
	for _, in := range ins {
		if in.Plan == "" {
			t.Errorf("indicator %s quotes no plan text", in.Code)
		} else if !strings.Contains(plan, strings.Join(strings.Fields(in.Plan), "")) {
			t.Errorf("indicator %s: plan %q is not in the plan's text", in.Code, in.Plan)
		}
	}
}

// leadUnits reads the 责任单位 of measure n from the plan: the parenthesis closing the measure's
// paragraph, nil when the paragraph has none (measure 10).
func leadUnits(t *testing.T, plan string, n int) []string {
	t.Helper()
	heading := func(n int) *regexp.Regexp {
		return regexp.MustCompile(fmt.Sprintf(`(^|[^0-9.])%d\.\p{Han}{2,20}。`, n))
	}
	start := heading(n).FindStringIndex(plan)
	if start == nil {
		t.Fatalf("measure %d not found in the plan", n)
	}
	body := plan[start[1]:]
	end := heading(n + 1).FindStringIndex(body)
	if n == 20 {
		end = regexp.MustCompile(`三、组织保障`).FindStringIndex(body)
	}
	if end == nil {
		t.Fatalf("the end of measure %d not found in the plan", n)
	}
	body = body[:end[0]]
	const open = "（责任单位："
	i := strings.LastIndex(body, open)
	if i < 0 {
		return nil
	}
	list, _, _ := strings.Cut(body[i+len(open):], "）")
	return strings.Split(list, "、")
}
