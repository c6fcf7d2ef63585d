package rollup_test

import (
	"regexp"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/seeds"
)

// cjk matches Chinese characters and the full-width punctuation (：，（）、。“”) an English
// sentence must not carry.
var cjk = regexp.MustCompile(`[\p{Han}\x{3000}-\x{303f}\x{ff00}-\x{ffef}“”‘’]`)

// englishTexts lists an indicator's Chinese texts beside their English ones.
func englishTexts(in rollup.Indicator) [][3]string {
	return [][3]string{
		{"name", in.Name, in.NameEn},
		{"plan", in.Plan, in.PlanEn},
		{"denominator_rule", in.DenominatorRule, in.DenominatorRuleEn},
	}
}

// TestIndicatorsHaveEnglish: every shipped indicator carries an English name, plan quote and
// denominator rule for each Chinese one, written without Chinese characters or full-width
// punctuation, so the leader's and school's screens in English show no Chinese but data names.
func TestIndicatorsHaveEnglish(t *testing.T) {
	data, err := seeds.FS.ReadFile("indicators.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ins, err := rollup.Parse(data, seedFields(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) == 0 {
		t.Fatal("no indicators parsed")
	}
	for _, in := range ins {
		for _, tx := range englishTexts(in) {
			name, zh, en := tx[0], tx[1], tx[2]
			switch {
			case zh != "" && en == "":
				t.Errorf("%s: %s has no %s_en", in.Code, name, name)
			case cjk.MatchString(en):
				t.Errorf("%s: %s_en has Chinese characters or full-width punctuation: %q", in.Code, name, en)
			}
		}
	}
}

// TestEnglishCheckCatches: the check above finds a missing English text and a Chinese one.
func TestEnglishCheckCatches(t *testing.T) {
	for _, c := range []struct {
		name string
		in   rollup.Indicator
		bad  bool
	}{
		{"complete", rollup.Indicator{Name: "甲", NameEn: "A", Plan: "乙", PlanEn: "B", DenominatorRule: "丙", DenominatorRuleEn: "C (all)"}, false},
		{"missing-plan-en", rollup.Indicator{Name: "甲", NameEn: "A", Plan: "乙"}, true},
		{"full-width-colon", rollup.Indicator{Name: "甲", NameEn: "Period：A"}, true},
		{"chinese-rule", rollup.Indicator{Name: "甲", NameEn: "A", DenominatorRule: "丙", DenominatorRuleEn: "区属 schools"}, true},
	} {
		bad := false
		for _, tx := range englishTexts(c.in) {
			if (tx[1] != "" && tx[2] == "") || cjk.MatchString(tx[2]) {
				bad = true
			}
		}
		if bad != c.bad {
			t.Errorf("%s: flagged %v, want %v", c.name, bad, c.bad)
		}
	}
}
