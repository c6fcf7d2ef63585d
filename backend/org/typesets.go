package org

// TypeSets names the groups of org types the plan's wording uses, so an indicator says
// "中小学幼儿园" once (applies_to: schools_and_kindergartens) instead of listing types that
// drift from the plan. The keys are part of seeds/indicators.yaml's vocabulary.
var TypeSets = map[string][]Type{
	// 中小学幼儿园: primary and secondary schools (special-education schools included) and kindergartens.
	"schools_and_kindergartens": {TypeKindergarten, TypePrimary, TypeJunior, TypeSenior, TypeCompleteMiddle, TypeNineYear, TypeSpecial},
	// 中小学: primary and secondary schools, special-education schools included; not 职业院校.
	"schools": {TypePrimary, TypeJunior, TypeSenior, TypeCompleteMiddle, TypeNineYear, TypeSpecial},
	// 幼儿园.
	"kindergartens": {TypeKindergarten},
	// 义务教育学校: the schools that teach grades 1–9.
	"compulsory_schools": {TypePrimary, TypeJunior, TypeNineYear, TypeCompleteMiddle},
	// 普通高中: senior high and complete middle schools.
	"senior_high": {TypeSenior, TypeCompleteMiddle},
	// 职业教育: 职教中心 and the 高职 colleges.
	"vocational":           {TypeVocationalSecondary, TypeVocationalCollege},
	"vocational_secondary": {TypeVocationalSecondary},
	"vocational_college":   {TypeVocationalCollege},
	// 区属学校: every school and kindergarten the district runs, 职教中心 included; not the two
	// 高职 colleges, which answer to the city.
	"district_schools": {TypeKindergarten, TypePrimary, TypeJunior, TypeSenior, TypeCompleteMiddle, TypeNineYear, TypeSpecial,
		TypeVocationalSecondary},
	// 各级各类学校: every school, kindergartens and vocational colleges included.
	"all_schools": {TypeKindergarten, TypePrimary, TypeJunior, TypeSenior, TypeCompleteMiddle, TypeNineYear, TypeSpecial,
		TypeVocationalSecondary, TypeVocationalCollege},
	// 区教委.
	"bureau": {TypeBureau},
	// 区级部门 (区财政局, 区人力社保局, 区住房城乡建委 …).
	"departments": {TypeDepartment},
	// Every unit that reports: the bureau, departments and every school.
	"units": {TypeBureau, TypeDepartment, TypeKindergarten, TypePrimary, TypeJunior, TypeSenior, TypeCompleteMiddle,
		TypeNineYear, TypeSpecial, TypeVocationalSecondary, TypeVocationalCollege},
}
