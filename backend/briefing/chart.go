package briefing

import (
	"bytes"
	"fmt"
	"image/color"
	"os"
	"strings"
	"sync"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// DefaultCJKFont is where Debian's fonts-noto-cjk puts the CJK sans-serif collection. The charts
// draw their labels with it; the binary embeds no CJK font (tens of megabytes).
const DefaultCJKFont = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

// cjkFamily is the face of the collection the charts use: simplified Chinese.
const cjkFamily = "Noto Sans CJK SC"

// charts draws the briefing's charts as PNG. When the CJK font file is missing or unreadable the
// labels fall back to English (gonum's built-in Liberation fonts), so a chart never shows boxes
// for characters its font lacks.
type charts struct {
	path  string
	once  sync.Once
	cache *font.Cache // nil: no CJK font; draw English labels
	face  font.Font
}

// load parses the CJK collection once.
func (c *charts) load() {
	c.once.Do(func() {
		if c.path == "" {
			return
		}
		data, err := os.ReadFile(c.path)
		if err != nil {
			return
		}
		coll, err := opentype.ParseCollection(data)
		if err != nil {
			return
		}
		var buf sfnt.Buffer
		for i := 0; i < coll.NumFonts(); i++ {
			f, err := coll.Font(i)
			if err != nil {
				continue
			}
			name, err := f.Name(&buf, sfnt.NameIDFamily)
			if err != nil || name != cjkFamily {
				continue
			}
			c.face = font.Font{Typeface: "NotoSansCJKSC", Weight: xfont.WeightNormal}
			c.cache = font.NewCache(font.Collection{{Font: c.face, Face: f}})
			return
		}
	})
}

// CJK reports whether the charts can draw Chinese labels.
func (c *charts) CJK() bool {
	c.load()
	return c.cache != nil
}

// bar is one labelled bar.
type bar struct {
	Label string
	Value float64
	Color color.Color
}

// Status colours, as the dashboard draws them.
var (
	colorMet          = color.RGBA{R: 0x07, G: 0xc1, B: 0x60, A: 0xff}
	colorNotMet       = color.RGBA{R: 0xee, G: 0x0a, B: 0x24, A: 0xff}
	colorInsufficient = color.RGBA{R: 0x96, G: 0x97, B: 0x99, A: 0xff}
	colorNeutral      = color.RGBA{R: 0x19, G: 0x89, B: 0xfa, A: 0xff}
)

// styled applies the CJK handler and font to every text of p (when there is one).
func (c *charts) styled(p *plot.Plot) {
	if c.cache == nil {
		return
	}
	h := text.Plain{Fonts: c.cache}
	p.TextHandler = h
	for _, st := range []*text.Style{&p.Title.TextStyle, &p.X.Label.TextStyle, &p.Y.Label.TextStyle,
		&p.X.Tick.Label, &p.Y.Tick.Label, &p.Legend.TextStyle} {
		st.Handler = h
		st.Font = font.From(c.face, st.Font.Size)
	}
}

// Bars draws one bar per entry, horizontal when there are many (towns) so each label fits.
// The value axis runs from 0 to max (0: to the largest value).
func (c *charts) Bars(title, axis string, bars []bar, max float64) ([]byte, error) {
	c.load()
	p := plot.New()
	c.styled(p)
	p.Title.Text = title
	horizontal := len(bars) > 5
	labels := make([]string, len(bars))
	for i, b := range bars {
		pos := i
		if horizontal { // the first bar on top
			pos = len(bars) - 1 - i
		}
		labels[pos] = b.Label
		vals := make(plotter.Values, len(bars))
		vals[pos] = b.Value
		bc, err := plotter.NewBarChart(vals, vg.Points(14))
		if err != nil {
			return nil, fmt.Errorf("bar chart: %w", err)
		}
		if !horizontal {
			bc.Width = vg.Points(48)
		}
		bc.Horizontal = horizontal
		bc.Color = b.Color
		bc.LineStyle.Width = 0
		p.Add(bc)
	}
	if horizontal {
		p.NominalY(labels...)
		p.X.Label.Text = axis
		p.X.Min = 0
		if max > 0 {
			p.X.Max = max
		}
	} else {
		p.NominalX(labels...)
		p.Y.Label.Text = axis
		p.Y.Min = 0
		if max > 0 {
			p.Y.Max = max
		}
	}
	height := vg.Length(6) * vg.Centimeter
	if horizontal {
		height = vg.Length(2+0.55*float64(len(bars))) * vg.Centimeter
	}
	w, err := p.WriterTo(15*vg.Centimeter, height, "png")
	if err != nil {
		return nil, fmt.Errorf("render chart: %w", err)
	}
	var out bytes.Buffer
	if _, err := w.WriteTo(&out); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return out.Bytes(), nil
}

// asciiLabel keeps a label drawable without a CJK font: its ASCII characters, else fallback.
func asciiLabel(s, fallback string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 {
			b.WriteRune(r)
		}
	}
	if t := strings.TrimSpace(b.String()); t != "" {
		return t
	}
	return fallback
}
