package rollup

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Document renders the indicator definitions as the reader's guide docs/indicators.md: for each
// target, the plan's words, how the figure is computed, whose figures count and why, and when it
// is judged. The file is generated (go test ./backend/rollup -run TestIndicatorsDoc -update), so
// it cannot drift from seeds/indicators.yaml.
func Document(ins []Indicator, intro string) []byte {
	var b strings.Builder
	b.WriteString(intro)
	sections := map[string][]*Indicator{}
	var order []string
	for i := range ins {
		in := &ins[i]
		key := sectionGroup(in.Section)
		if _, ok := sections[key]; !ok {
			order = append(order, key)
		}
		sections[key] = append(sections[key], in)
	}
	sort.SliceStable(order, func(i, j int) bool { return sectionRank(order[i]) < sectionRank(order[j]) })
	for _, key := range order {
		fmt.Fprintf(&b, "\n## %s\n", key)
		for _, in := range sections[key] {
			writeIndicator(&b, in)
		}
	}
	return []byte(b.String())
}

func sectionGroup(s string) string {
	switch {
	case strings.HasPrefix(s, "一"):
		return "一、目标任务 (headline targets for 2025)"
	case strings.HasPrefix(s, "二"):
		return "二、工作举措 (targets inside the measures)"
	case strings.HasPrefix(s, "三"):
		return "三、保障措施 (safeguards)"
	}
	return "Other"
}

func sectionRank(g string) int {
	for i, p := range []string{"一", "二", "三"} {
		if strings.HasPrefix(g, p) {
			return i
		}
	}
	return 9
}

var opWords = map[string]string{"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "eq": "=", "ne": "≠"}

func agg(a *Agg) string {
	var s string
	switch a.Agg {
	case AggSum:
		s = "sum of " + code(a.Fields...)
	case AggAvg:
		s = "average of " + code(a.Fields...)
	case AggCount:
		s = "number of orgs that reported"
	case AggCountWhere:
		s = "number of orgs with " + conds(a.Where)
	case AggExpected:
		return "number of orgs expected to report (reported or not)"
	}
	if len(a.Where) > 0 && a.Agg != AggCountWhere {
		s += " where " + conds(a.Where)
	}
	return s
}

func code(fs ...string) string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = "`" + f + "`"
	}
	return strings.Join(out, " + ")
}

func conds(cs []Cond) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		if len(c.In) > 0 {
			out[i] = fmt.Sprintf("`%s` in {%s}", c.Field, strings.Join(c.In, ", "))
		} else {
			out[i] = fmt.Sprintf("`%s` %s %s", c.Field, opWords[c.Op], c.Raw)
		}
	}
	return strings.Join(out, " and ")
}

func targetText(in *Indicator) string {
	t := in.Target
	show := func(d decimal.Decimal) string {
		if in.Unit == "percent" {
			return d.Shift(2).String() + "%"
		}
		return d.String()
	}
	switch t.Op {
	case "between":
		return fmt.Sprintf("between %s and %s (a range to aim into) by %d", show(t.Value), show(*t.Value2), t.Year)
	case OpRising:
		return fmt.Sprintf("higher than the previous period, every period to %d", t.Year)
	}
	return fmt.Sprintf("%s %s by %d", t.Op, show(t.Value), t.Year)
}

func perOrgText(p *PerOrg) string {
	switch {
	case len(p.Where) > 0:
		return conds(p.Where)
	case p.Field != "":
		return fmt.Sprintf("`%s` %s %s", p.Field, opWords[p.Op], p.Raw)
	}
	return fmt.Sprintf("%s %s %s × (%s), on the exact figures", code(p.Numerator...), opWords[p.Op], p.Raw, code(p.Denominator...))
}

func writeIndicator(b *strings.Builder, in *Indicator) {
	fmt.Fprintf(b, "\n### `%s` %s\n\n", in.Code, in.Name)
	if in.Plan != "" {
		fmt.Fprintf(b, "> %s（%s）\n\n", in.Plan, in.Section)
	}
	fmt.Fprintf(b, "- **Target:** %s.\n", targetText(in))
	if in.Denominator != nil {
		fmt.Fprintf(b, "- **Computed as:** (%s) ÷ (%s), over form `%s`.\n", agg(&in.Numerator), agg(in.Denominator), in.Form)
	} else {
		fmt.Fprintf(b, "- **Computed as:** %s, over form `%s`.\n", agg(&in.Numerator), in.Form)
	}
	if in.AppliesTo != "" {
		types := make([]string, len(vocab.OrgTypeSets[in.AppliesTo]))
		for i, t := range vocab.OrgTypeSets[in.AppliesTo] {
			types[i] = string(t)
		}
		fmt.Fprintf(b, "- **Whose figures:** `%s` (%s). %s\n", in.AppliesTo, strings.Join(types, ", "), in.DenominatorRule)
	}
	if in.PerOrg != nil {
		fmt.Fprintf(b, "- **Each org's own check:** %s.\n", perOrgText(in.PerOrg))
	}
	switch {
	case in.EveryOrg:
		b.WriteString("- **Judged:** the plan sets it for every org: met only when the aggregate meets it and no org fails its own check; one org failing settles it as not met, however many are still to report.\n")
	case in.DistrictOnly():
		b.WriteString("- **Judged:** district-wide only; a town's or school's figure is its contribution, not a verdict.\n")
	default:
		b.WriteString("- **Judged:** district-wide and for each town or org type on its own figures.\n")
	}
	if in.MinCompleteness.IsZero() {
		b.WriteString("- **Completeness:** judged on whatever has arrived.\n")
	} else {
		fmt.Fprintf(b, "- **Completeness:** insufficient data until %s%% of the expected orgs have reported.\n", in.MinCompleteness.Shift(2).String())
	}
	if len(in.Measures) > 0 {
		ms := make([]string, len(in.Measures))
		for i, m := range in.Measures {
			ms[i] = fmt.Sprint(m)
		}
		fmt.Fprintf(b, "- **Evidences measure:** %s.\n", strings.Join(ms, ", "))
	}
}
