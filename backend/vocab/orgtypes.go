package vocab

// OrgType is the kind of an org unit.
type OrgType string

// Org types, as DESIGN.md names them.
const (
	OrgBureau              OrgType = "bureau"
	OrgDepartment          OrgType = "department"
	OrgTown                OrgType = "town"
	OrgKindergarten        OrgType = "kindergarten"
	OrgPrimary             OrgType = "primary"
	OrgJunior              OrgType = "junior"
	OrgSenior              OrgType = "senior"
	OrgCompleteMiddle      OrgType = "complete_middle"
	OrgNineYear            OrgType = "nine_year"
	OrgSpecial             OrgType = "special"
	OrgVocationalSecondary OrgType = "vocational_secondary"
	OrgVocationalCollege   OrgType = "vocational_college"
)

// OrgTypes lists every org type.
var OrgTypes = []OrgType{OrgBureau, OrgDepartment, OrgTown, OrgKindergarten, OrgPrimary, OrgJunior,
	OrgSenior, OrgCompleteMiddle, OrgNineYear, OrgSpecial, OrgVocationalSecondary, OrgVocationalCollege}

// Valid reports whether t is a known type.
func (t OrgType) Valid() bool { return contains(OrgTypes, t) }

// orgTypeLabels are the Chinese names of the org types, as exports and imports show them.
var orgTypeLabels = map[OrgType]string{
	OrgBureau: "教育行政部门", OrgDepartment: "政府部门", OrgTown: "镇街", OrgKindergarten: "幼儿园",
	OrgPrimary: "小学", OrgJunior: "初级中学", OrgSenior: "高级中学", OrgCompleteMiddle: "完全中学",
	OrgNineYear: "九年一贯制学校", OrgSpecial: "特殊教育学校", OrgVocationalSecondary: "中等职业学校",
	OrgVocationalCollege: "高等职业院校",
}

// Label is the type's Chinese name; an unknown type is shown as it is.
func (t OrgType) Label() string {
	if l, ok := orgTypeLabels[t]; ok {
		return l
	}
	return string(t)
}

// OrgTypeSets names the groups of org types the plan's wording uses, so an indicator says
// "中小学幼儿园" once (applies_to: schools_and_kindergartens) instead of listing types that
// drift from the plan. The keys are part of seeds/indicators.yaml's vocabulary.
var OrgTypeSets = map[string][]OrgType{
	// 中小学幼儿园: primary and secondary schools (special-education schools included) and kindergartens.
	"schools_and_kindergartens": {OrgKindergarten, OrgPrimary, OrgJunior, OrgSenior, OrgCompleteMiddle, OrgNineYear, OrgSpecial},
	// 中小学: primary and secondary schools, special-education schools included; not 职业院校.
	"schools": {OrgPrimary, OrgJunior, OrgSenior, OrgCompleteMiddle, OrgNineYear, OrgSpecial},
	// 幼儿园.
	"kindergartens": {OrgKindergarten},
	// 义务教育学校: the schools that teach grades 1–9.
	"compulsory_schools": {OrgPrimary, OrgJunior, OrgNineYear, OrgCompleteMiddle},
	// 普通高中: senior high and complete middle schools.
	"senior_high": {OrgSenior, OrgCompleteMiddle},
	// 职业教育: 职教中心 and the 高职 colleges.
	"vocational":           {OrgVocationalSecondary, OrgVocationalCollege},
	"vocational_secondary": {OrgVocationalSecondary},
	"vocational_college":   {OrgVocationalCollege},
	// 区属学校: every school and kindergarten the district runs, 职教中心 included; not the two
	// 高职 colleges, which answer to the city.
	"district_schools": {OrgKindergarten, OrgPrimary, OrgJunior, OrgSenior, OrgCompleteMiddle, OrgNineYear, OrgSpecial,
		OrgVocationalSecondary},
	// 各级各类学校: every school, kindergartens and vocational colleges included.
	"all_schools": {OrgKindergarten, OrgPrimary, OrgJunior, OrgSenior, OrgCompleteMiddle, OrgNineYear, OrgSpecial,
		OrgVocationalSecondary, OrgVocationalCollege},
	// 区教委.
	"bureau": {OrgBureau},
	// 区级部门 (区财政局, 区人力社保局, 区住房城乡建委 …).
	"departments": {OrgDepartment},
	// Every unit that reports: the bureau, departments and every school.
	"units": {OrgBureau, OrgDepartment, OrgKindergarten, OrgPrimary, OrgJunior, OrgSenior, OrgCompleteMiddle,
		OrgNineYear, OrgSpecial, OrgVocationalSecondary, OrgVocationalCollege},
}
