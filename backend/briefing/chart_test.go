package briefing

import (
	"bytes"
	"image/png"
	"os"
	"testing"
)

// TestChartsFallBackToEnglish: without the CJK font the charts still render (English labels);
// with Debian's Noto CJK present they use it.
func TestChartsFallBackToEnglish(t *testing.T) {
	bars := []bar{{"met", 3, colorMet}, {"not met", 2, colorNotMet}, {"insufficient", 1, colorInsufficient}}
	c := &charts{path: "/nonexistent/font.ttc"}
	if c.CJK() {
		t.Fatal("a missing font file reads as a CJK font")
	}
	b, err := c.Bars("Targets by status", "targets", bars, 0)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if img.Bounds().Dx() < 300 {
		t.Fatalf("chart is %v wide", img.Bounds())
	}
	if _, err := os.Stat(DefaultCJKFont); err != nil {
		t.Skipf("%s absent (fonts-noto-cjk): the CJK half is not checked", DefaultCJKFont)
	}
	cjk := &charts{path: DefaultCJKFont}
	if !cjk.CJK() {
		t.Fatalf("%s holds no %s face", DefaultCJKFont, cjkFamily)
	}
	many := make([]bar, 12)
	for i := range many {
		many[i] = bar{Label: "城南街道", Value: float64(i * 8), Color: colorNeutral}
	}
	if b, err = cjk.Bars("各镇街填报完整度", "完整度（%）", many, 100); err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
}

func TestASCIILabel(t *testing.T) {
	for in, want := range map[string]string{"城南街道": "Town 1", "Zone A 区": "Zone A", "": "Town 1"} {
		if got := asciiLabel(in, "Town 1"); got != want {
			t.Errorf("asciiLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]string{"": LangZh, "zh": LangZh, "zh-CN": LangZh, "en": LangEn} {
		if got, err := ParseLang(in); err != nil || got != want {
			t.Errorf("ParseLang(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseLang("fr"); err == nil {
		t.Error("fr accepted")
	}
}
