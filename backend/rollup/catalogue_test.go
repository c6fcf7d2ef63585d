package rollup_test

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/seeds"
)

// planTarget is one target as the catalogue (docs/plan/INDICATORS.md) and the plan state it,
// transcribed by hand: which indicator computes it, its plan section, comparator, values, year,
// and whose figures count (the plan's wording as an org-type set).
type planTarget struct {
	section, op, value, value2 string
	year                       int
	appliesTo                  string
	everyOrg                   bool
}

// catalogue maps each catalogue code to the indicators that compute it.
var catalogue = map[string]map[string]planTarget{
	// A. Headline targets for 2025 (一、（三）目标任务).
	"preschool.level2_share":    {"preschool.level2_share": {"一(三)", ">=", "0.65", "", 2025, "kindergartens", false}},
	"preschool.gross_enrolment": {"preschool.gross_enrolment": {"一(三)", ">=", "0.93", "", 2025, "bureau", false}},
	"preschool.puhui_coverage":  {"preschool.puhui_coverage": {"一(三)", ">=", "0.9", "", 2025, "kindergartens", false}},
	"preschool.public_share":    {"preschool.public_share": {"一(三)", ">=", "0.55", "", 2025, "kindergartens", false}},
	// 教师持证率达100%: a district rate of 100% is every kindergarten at 100%.
	"preschool.teacher_cert":   {"preschool.teacher_cert": {"一(三)", "=", "1", "", 2025, "kindergartens", true}},
	"compulsory.class_size_ok": {"compulsory.class_size_ok": {"一(三)", ">=", "0.9", "", 2025, "compulsory_schools", false}},
	"compulsory.retention":     {"compulsory.retention": {"一(三)", ">=", "0.95", "", 2025, "bureau", false}},
	// 稳定在8~10人: a range to aim into.
	"senior.top_university": {"senior.top_university": {"一(三)", "between", "8", "10", 2025, "senior_high", false}},
	// 全面领先渝东南: other districts' figures are not held; the district's own count must rise.
	"senior.double_first_class": {
		"senior.double_first_class": {"一(三)", "rising", "0", "", 2025, "senior_high", false},
		"senior.special_type":       {"一(三)", "rising", "0", "", 2025, "senior_high", false},
	},
	"vocational.enrolment": {"vocational.enrolment": {"一(三)", ">=", "35000", "", 2025, "vocational", false}},
	"vocational.high_level": {
		"vocational.high_level_college": {"一(三)", ">=", "2", "", 2025, "vocational_college", false},
		"vocational.quality_secondary":  {"一(三)", ">=", "1", "", 2025, "vocational_secondary", false},
	},
	// 各级各类学校在校学生: kindergartens' 在园幼儿 included.
	"hub.students_total": {"hub.students_total": {"一(三)", ">=", "150000", "", 2025, "all_schools", false}},
	"hub.out_of_district": {
		"hub.out_of_district":       {"一(三)", ">=", "37500", "", 2025, "all_schools", false},
		"hub.out_of_district_share": {"一(三)", ">=", "0.25", "", 2025, "all_schools", false},
	},
	"hub.regional_institutions": {"hub.regional_institutions": {"一(三)", ">=", "3", "", 2025, "bureau", false}},

	// B. Targets inside the measures (二、工作举措).
	"preschool.new_seats": {
		"preschool.new_seats":      {"二(1)", ">=", "2400", "", 2025, "units", false},
		"preschool.new_floor_area": {"二(1)", ">=", "24000", "", 2025, "units", false},
	},
	"compulsory.new_seats": {
		"compulsory.new_seats":      {"二(2)", ">=", "8000", "", 2025, "units", false},
		"compulsory.new_floor_area": {"二(2)", ">=", "160000", "", 2025, "units", false},
	},
	"senior.facilities": {"senior.facilities": {"二(3)", ">=", "6", "", 2025, "units", false}},
	"sports.specialist_schools": {
		"sports.specialist_schools": {"二(7)", ">=", "30", "", 2025, "district_schools", false},
		"sports.students_skills":    {"二(7)", "=", "1", "", 2025, "district_schools", false},
	},
	// 中小学心理健康教育…配齐专兼职教师: every 中小学, not kindergartens.
	"health.mental_teachers": {"health.mental_teachers": {"二(7)", "=", "1", "", 2025, "schools", true}},
	"arts.specialist_schools": {
		"arts.specialist_schools": {"二(8)", ">=", "20", "", 2025, "district_schools", false},
		"arts.students_skills":    {"二(8)", "=", "1", "", 2025, "district_schools", false},
	},
	// 每两年培育1—2所 … 3—5项: the floor is the target.
	"arts.heritage_schools": {
		"arts.heritage_schools": {"二(8)", ">=", "1", "", 2025, "district_schools", false},
		"arts.teaching_awards":  {"二(8)", ">=", "3", "", 2025, "district_schools", false},
	},
	"labour.demo_schools": {
		"labour.demo_schools":   {"二(9)", ">=", "10", "", 2025, "district_schools", false},
		"labour.practice_bases": {"二(9)", ">=", "3", "", 2025, "district_schools", false},
	},
	// 2023年底前基本完成中小学领导体制调整.
	"governance.party_led": {
		"governance.party_led":                    {"二(10)", "=", "1", "", 2023, "schools", true},
		"governance.secretary_principal_separate": {"二(10)", "=", "1", "", 2023, "schools", true},
	},
	// 全区中小学幼儿园 … 覆盖率达100%: every school and kindergarten, vocational colleges not.
	"family.parent_school": {"family.parent_school": {"二(13)", "=", "1", "", 2025, "schools_and_kindergartens", true}},
	"family.parent_committee": {
		"family.parent_committee": {"二(13)", "=", "1", "", 2025, "schools_and_kindergartens", true},
		"family.home_visits":      {"二(13)", "=", "1", "", 2025, "schools_and_kindergartens", false},
	},
	// 不低于教师工资总额1.5%: every school and district-wide.
	"training.spend_ratio": {"training.spend_ratio": {"二(16)", ">=", "0.015", "", 2025, "district_schools", true}},
	"teachers.studios":     {"teachers.studios": {"二(16)", ">=", "15", "", 2025, "district_schools", false}},
	"teachers.backbone":    {"teachers.backbone": {"二(16)", ">=", "800", "", 2025, "district_schools", false}},
	"teachers.top_titles": {
		"teachers.top_titles":       {"二(16)", ">=", "50", "", 2025, "district_schools", false},
		"teachers.future_educators": {"二(16)", ">=", "1", "", 2025, "district_schools", false},
	},
	"teachers.pay_parity": {"teachers.pay_parity": {"二(17)", ">=", "1", "", 2025, "departments", false}},
	// 1—3个 … 合作项目: at least one; a fourth is not a miss.
	"cooperation.projects": {"cooperation.projects": {"二(20)", ">=", "1", "", 2025, "bureau", false}},
	// 只增不减: this year's spending at least last year's.
	"funding.no_decrease": {
		"funding.no_decrease":             {"三(二)", ">=", "1", "", 2025, "departments", false},
		"funding.per_student_no_decrease": {"三(二)", ">=", "1", "", 2025, "departments", false},
	},
}

// catalogueSections reads the codes of docs/plan/INDICATORS.md with the section each belongs to:
// table A is 一(三), table B gives the measure (二(n)) or the section itself.
func catalogueSections(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile("../../docs/plan/INDICATORS.md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	table := ""
	codeRE := regexp.MustCompile(`^[a-z]+\.[a-z0-9_]+$`)
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "## A."):
			table = "A"
		case strings.HasPrefix(line, "## B."):
			table = "B"
		case strings.HasPrefix(line, "## "):
			table = ""
		}
		cells := strings.Split(line, "|")
		if table == "" || len(cells) < 4 {
			continue
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		switch {
		case table == "A" && codeRE.MatchString(cells[1]):
			out[cells[1]] = "一(三)"
		case table == "B" && codeRE.MatchString(cells[2]):
			m := cells[1]
			if !strings.HasPrefix(m, "三") {
				m = "二(" + m + ")"
			}
			out[cells[2]] = m
		}
	}
	return out
}

// TestIndicatorsMatchCatalogue holds every indicator to the plan: each catalogue target is
// computed by the indicators listed above, with the plan's section, comparator, values, year and
// org types; every shipped indicator is one of them, quotes the plan word for word, and says
// why its orgs are the ones counted.
func TestIndicatorsMatchCatalogue(t *testing.T) {
	data, err := seeds.FS.ReadFile("indicators.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ins, err := rollup.Parse(data, seedFields(t))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := os.ReadFile("../../docs/plan/qianjiang-education-plan-2023.txt")
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]rollup.Indicator{}
	for _, in := range ins {
		by[in.Code] = in
	}
	sections := catalogueSections(t)
	var catCodes, ours []string
	for c := range sections {
		catCodes = append(catCodes, c)
	}
	for c := range catalogue {
		ours = append(ours, c)
	}
	sort.Strings(catCodes)
	sort.Strings(ours)
	if strings.Join(catCodes, ",") != strings.Join(ours, ",") {
		t.Errorf("catalogue codes in INDICATORS.md:\n%v\ntranscribed here:\n%v", catCodes, ours)
	}
	covered := map[string]bool{}
	for cat, impls := range catalogue {
		if sec := sections[cat]; sec != "" {
			for code, w := range impls {
				if w.section != sec {
					t.Errorf("%s: transcribed section %s, INDICATORS.md says %s", code, w.section, sec)
				}
			}
		}
		for code, w := range impls {
			covered[code] = true
			in, ok := by[code]
			if !ok {
				t.Errorf("%s (catalogue %s): no such indicator", code, cat)
				continue
			}
			if in.Section != w.section {
				t.Errorf("%s: section %s, want %s", code, in.Section, w.section)
			}
			if in.Target.Op != w.op || in.Target.Value.String() != w.value || in.Target.Year != w.year {
				t.Errorf("%s: target %s %s by %d, want %s %s by %d", code, in.Target.Op, in.Target.Value, in.Target.Year, w.op, w.value, w.year)
			}
			if w.value2 != "" && (in.Target.Value2 == nil || in.Target.Value2.String() != w.value2) {
				t.Errorf("%s: upper bound %v, want %s", code, in.Target.Value2, w.value2)
			}
			if in.AppliesTo != w.appliesTo {
				t.Errorf("%s: applies_to %s, want %s", code, in.AppliesTo, w.appliesTo)
			}
			if in.EveryOrg != w.everyOrg {
				t.Errorf("%s: every_org %v, want %v", code, in.EveryOrg, w.everyOrg)
			}
		}
	}
	for _, in := range ins {
		if !covered[in.Code] {
			t.Errorf("%s computes no target of the catalogue: add it above with the plan's words", in.Code)
		}
		if in.Plan == "" || !strings.Contains(string(plan), in.Plan) {
			t.Errorf("%s: plan %q is not the plan's own words", in.Code, in.Plan)
		}
		if strings.TrimSpace(in.DenominatorRule) == "" {
			t.Errorf("%s: no denominator_rule saying whose figures count", in.Code)
		}
		if in.EveryOrg && (in.PerOrg == nil || !in.MinCompleteness.Equal(in.MinCompleteness.Truncate(0)) || in.MinCompleteness.IntPart() != 1) {
			t.Errorf("%s: a target for every org needs a per-org check and min_completeness 1", in.Code)
		}
		if in.Denominator != nil && in.Denominator.Agg == rollup.AggCount {
			t.Errorf("%s: divides by the orgs that reported; coverage divides by the orgs expected", in.Code)
		}
	}
}
