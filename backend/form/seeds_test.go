package form

import (
	"testing"
	"testing/fstest"
	"unicode"

	"github.com/tianbao-edu/tianbao/seeds"
)

func TestSeedFormsValidate(t *testing.T) {
	forms, err := LoadSeedForms(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"teacher-training": {"payroll_total", "training_spend", "training_ratio", "trainees", "training_hours"},
		"sports-arts": {"sports_specialist", "sports_level", "sports_since", "sports_certificate", "sports_certificate_expiry", "arts_specialist",
			"arts_level", "arts_since", "arts_certificate", "arts_certificate_expiry", "students_total", "students_two_sports", "students_two_arts",
			"heritage_school", "heritage_level", "heritage_since", "arts_teaching_awards"},
		"family-school": {"has_parent_school", "has_parent_committee", "committee_members", "meetings_held", "home_visits", "home_visit_households"},
		"kindergarten":  {"rating_level", "is_puhui", "ownership", "children_enrolled", "children_3_5", "teachers", "certified_teachers"},
		"compulsory":    {"grades", "students_total", "classes_total", "classes_over_standard_total", "meets_scale"},
		"teachers": {"studios_municipal", "studios_district", "backbone_municipal", "backbone_district", "special_grade_teachers",
			"famous_teachers", "senior_title_teachers", "mental_health_teachers", "future_educator_candidates", "teachers_total"},
		"students":     {"students_total", "students_out_of_district", "labour_practice_base", "labour_demo_level"},
		"finance":      {"edu_budget_spending", "edu_budget_spending_prev", "per_student_spending", "per_student_spending_prev"},
		"pay-parity":   {"civil_servant_avg_pay", "teacher_avg_pay"},
		"bureau-stats": {"resident_children_3_5", "children_enrolled_3_5", "cohort_grade1", "cohort_grade9_graduates", "regional_institutions", "cooperation_projects", "gross_enrolment_rate", "retention_rate"},
		"senior-high": {"gaokao_candidates", "top_university_admissions", "top_university_arts_sports", "double_first_class_admissions",
			"special_type_qualified"},
		"vocational": {"high_level_college_status", "high_level_college_year", "quality_secondary_status", "quality_secondary_year",
			"meets_setup_standard"},
		"school-building": {"projects", "preschool_seats", "preschool_area", "compulsory_seats", "compulsory_area", "senior_seats",
			"senior_area", "senior_projects_completed"},
		"governance":       {"party_led_in_place", "party_org_type", "secretary_principal_separate", "separation_ok"},
		"measure-progress": {"measures", "evidence"},
	}
	// Progress on the plan's measures is reported each quarter; every other form once a year.
	periodType := map[string]string{"measure-progress": "quarter"}
	if len(forms) != len(want) {
		t.Errorf("loaded %d forms, want %d", len(forms), len(want))
	}
	for _, f := range forms {
		keys, ok := want[f.Code]
		if !ok {
			t.Errorf("unexpected form %q", f.Code)
			continue
		}
		wantPeriod := periodType[f.Code]
		if wantPeriod == "" {
			wantPeriod = "year"
		}
		if f.Version != 1 || string(f.PeriodType) != wantPeriod {
			t.Errorf("%s: version %d period %s", f.Code, f.Version, f.PeriodType)
		}
		if len(f.Fields) != len(keys) {
			t.Errorf("%s: %d fields, want %d", f.Code, len(f.Fields), len(keys))
		}
		for _, k := range keys {
			fd, ok := f.Field(k)
			if !ok {
				t.Errorf("%s: missing field %s", f.Code, k)
				continue
			}
			if fd.LabelEn == "" {
				t.Errorf("%s.%s: no English label", f.Code, k)
			}
		}
	}
}

// TestSeedFormsEnglish: every Chinese text a seeded form shows (title, description, plan section,
// label, help, unit, option and check message, in repeat groups too) has its English, without
// Chinese characters or full-width punctuation in it ("%" needs none).
func TestSeedFormsEnglish(t *testing.T) {
	forms, err := LoadSeedForms(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range forms {
		need := func(what, zh, en string) {
			t.Helper()
			if hasHan(zh) && en == "" {
				t.Errorf("%s: %s %q has no English", f.Code, what, zh)
			}
			if hasHan(en) {
				t.Errorf("%s: %s English %q has Chinese in it", f.Code, what, en)
			}
		}
		need("title", f.Title, f.TitleEn)
		need("description", f.Description, f.DescriptionEn)
		need("plan_section", f.PlanSection, f.PlanSectionEn)
		var walk func(prefix string, fs []Field)
		walk = func(prefix string, fs []Field) {
			for _, fd := range fs {
				p := prefix + fd.Key
				need(p+" label", fd.Label, fd.LabelEn)
				need(p+" help", fd.Help, fd.HelpEn)
				need(p+" unit", fd.Unit, fd.UnitEn)
				for _, o := range fd.Options {
					need(p+" option "+o.Value, o.Label, o.LabelEn)
				}
				walk(p+".", fd.Fields)
			}
		}
		walk("", f.Fields)
		for _, c := range f.Checks {
			need("check "+c.Key, c.Message, c.MessageEn)
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || r == '：' || r == '，' || r == '（' {
			return true
		}
	}
	return false
}

func TestLoadSeedFormsErrors(t *testing.T) {
	good := `code: demo
version: 1
title: Demo
period_type: year
org_types: [primary]
fields:
  - {key: n, label: N, type: integer}
`
	tests := []struct {
		name string
		fsys fstest.MapFS
		ok   bool
	}{
		{"good", fstest.MapFS{"forms/demo.yaml": {Data: []byte(good)}}, true},
		{"code differs from file name", fstest.MapFS{"forms/other.yaml": {Data: []byte(good)}}, false},
		{"invalid schema", fstest.MapFS{"forms/demo.yaml": {Data: []byte("code: demo\n")}}, false},
		{"not yaml", fstest.MapFS{"forms/demo.yaml": {Data: []byte("{{")}}, false},
		{"no forms", fstest.MapFS{}, true},
	}
	for _, tt := range tests {
		forms, err := LoadSeedForms(tt.fsys)
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v", tt.name, err)
		}
		if tt.ok && len(forms) != len(tt.fsys) {
			t.Errorf("%s: %d forms", tt.name, len(forms))
		}
	}
}
