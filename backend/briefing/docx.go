package briefing

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/gomutex/godocx"
	"github.com/gomutex/godocx/common/units"
	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"
)

// The house style (GB/T 9704-2012). Fonts are named as Chinese Word installations name them;
// a reader without one substitutes its own (LibreOffice maps them to the Noto CJK faces).
const (
	FontTitle   = "方正小标宋简体"   // 2号 title
	FontBody    = "仿宋_GB2312" // 3号 body
	FontHeading = "黑体"        // level-1 headings
	FontSub     = "楷体_GB2312" // level-2 headings
	FontNumber  = "宋体"        // the page number, 4号 半角
	FontLatin   = "Times New Roman"

	sizeTitle  = 44 // half-points: 2号 = 22 pt
	sizeBody   = 32 // 3号 = 16 pt
	sizeTable  = 21 // 五号 = 10.5 pt, so a six-column table fits the type area
	sizeFooter = 28 // 4号 = 14 pt
)

// Page geometry in twentieths of a point: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
const (
	pageW        = 11906
	pageH        = 16838
	marginTop    = 2098
	marginBottom = 1984
	marginLeft   = 1587
	marginRight  = 1474
	headerDist   = 851
	footerDist   = 992 // the page number sits 7 mm below the type area
)

// Package parts the footer adds.
const (
	relFooter  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
	mimeFooter = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
	nsW        = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR        = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// doc wraps the godocx document with the house style's paragraph kinds.
type doc struct {
	rd  *docx.RootDoc
	tmp string // directory of the chart images until the document is written
}

// fonts sets every run of p to font (Latin in Times New Roman) at size half-points.
func fonts(p *docx.Paragraph, font string, size uint64, bold bool) {
	ct := p.GetCT()
	for _, ch := range ct.Children {
		if ch.Run == nil {
			continue
		}
		if ch.Run.Property == nil {
			ch.Run.Property = &ctypes.RunProperty{}
		}
		ch.Run.Property.Fonts = &ctypes.RunFonts{Ascii: FontLatin, HAnsi: FontLatin, EastAsia: font, CS: FontLatin, Hint: stypes.FontTypeHintEastAsia}
		ch.Run.Property.Size = ctypes.NewFontSize(size)
		ch.Run.Property.SizeCs = ctypes.NewFontSizeCS(size)
		if bold {
			ch.Run.Property.Bold = ctypes.OnOffFromBool(true)
		}
	}
}

// para adds a paragraph of text in font at size, with a first-line indent of two characters
// when indent is set (the body's), and the body's fixed 28-point line pitch.
func (d *doc) para(text, font string, size uint64, just stypes.Justification, indent bool) *docx.Paragraph {
	p := d.rd.AddParagraph(text)
	fonts(p, font, size, false)
	p.Justification(just)
	p.Spacing(0, 0)
	ct := p.GetCT()
	line := 560 // 28 pt
	if size == sizeTitle {
		line = 720
	}
	ct.Property.Spacing.Line = &line
	rule := stypes.LineSpacingRuleExact
	ct.Property.Spacing.LineRule = &rule
	if indent {
		first := uint64(size) * 10 * 2 // two characters, in twips
		p.Indent(&ctypes.Indent{FirstLine: &first})
	}
	return p
}

func (d *doc) body(text string) { d.para(text, FontBody, sizeBody, stypes.JustificationBoth, true) }
func (d *doc) h1(text string) {
	keepNext(d.para(text, FontHeading, sizeBody, stypes.JustificationBoth, true))
}
func (d *doc) h2(text string) {
	keepNext(d.para(text, FontSub, sizeBody, stypes.JustificationBoth, true))
}

// keepNext keeps a heading on the page of what follows it.
func keepNext(p *docx.Paragraph) { p.GetCT().Property.KeepNext = ctypes.OnOffFromBool(true) }

// table adds a grid table with a header row; widths are twips per column.
func (d *doc) table(widths []uint64, head []string, rows [][]string) {
	t := d.rd.AddTable()
	t.Style("TableGrid")
	t.Grid(widths...)
	cell := func(r *docx.Row, i int, text string, bold bool) {
		c := r.AddCell()
		c.Width(int(widths[i]), stypes.TableWidthDxa)
		p := c.AddParagraph(text)
		fonts(p, FontBody, sizeTable, bold)
		p.Spacing(0, 0)
	}
	hr := t.AddRow()
	for i, h := range head {
		cell(hr, i, h, true)
	}
	for _, row := range rows {
		r := t.AddRow()
		for i, v := range row {
			cell(r, i, v, false)
		}
	}
}

// picture adds a centred PNG at width cm, height in proportion.
func (d *doc) picture(png []byte, name string, widthCm, heightCm float64) error {
	path := filepath.Join(d.tmp, name)
	if err := os.WriteFile(path, png, 0o600); err != nil {
		return fmt.Errorf("chart image: %w", err)
	}
	pm, err := d.rd.AddPicture(path, units.Inch(widthCm/2.54), units.Inch(heightCm/2.54))
	if err != nil {
		return fmt.Errorf("add chart: %w", err)
	}
	pm.Para.Justification(stypes.JustificationCenter)
	return nil
}

// newDoc opens the library's blank document and sets the page: A4, the margins, a footer with
// the page number in the outer corner style "— 1 —", centred.
func newDoc() (*doc, error) {
	rd, err := godocx.NewDocument()
	if err != nil {
		return nil, fmt.Errorf("new document: %w", err)
	}
	tmp, err := os.MkdirTemp("", "tianbao-charts-")
	if err != nil {
		return nil, fmt.Errorf("temporary directory: %w", err)
	}
	d := &doc{rd: rd, tmp: tmp}
	footerID, err := d.footer()
	if err != nil {
		return nil, err
	}
	w, h := uint64(pageW), uint64(pageH)
	i := func(v int) *int { return &v }
	rd.Document.Body.SectPr = &ctypes.SectionProp{
		FooterReference: &ctypes.FooterReference{Type: stypes.HdrFtrDefault, ID: footerID},
		PageSize:        &ctypes.PageSize{Width: &w, Height: &h},
		PageMargin: &ctypes.PageMargin{Top: i(marginTop), Bottom: i(marginBottom), Left: i(marginLeft), Right: i(marginRight),
			Header: i(headerDist), Footer: i(footerDist), Gutter: i(0)},
	}
	return d, nil
}

// footer adds the footer part: one centred paragraph "— 1 —" in 4号 宋体 whose number is a PAGE
// field, and returns its relationship id. The runs and paragraph properties are the library's
// types; godocx has no field element (its own w:pgNum block is ignored by LibreOffice), so the
// w:fldSimple around the number is the one element written here.
func (d *doc) footer() (string, error) {
	run := func(text string) *ctypes.Run {
		return &ctypes.Run{Property: &ctypes.RunProperty{
			Fonts: &ctypes.RunFonts{Ascii: FontNumber, HAnsi: FontNumber, EastAsia: FontNumber},
			Size:  ctypes.NewFontSize(sizeFooter)}, Children: []ctypes.RunChild{{Text: ctypes.TextFromString(text)}}}
	}
	w := func(local string) xml.Name { return xml.Name{Local: "w:" + local} }
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	e := xml.NewEncoder(&buf)
	ftr := xml.StartElement{Name: w("ftr"), Attr: []xml.Attr{
		{Name: xml.Name{Local: "xmlns:w"}, Value: nsW}, {Name: xml.Name{Local: "xmlns:r"}, Value: nsR}}}
	para := xml.StartElement{Name: w("p")}
	field := xml.StartElement{Name: w("fldSimple"), Attr: []xml.Attr{{Name: w("instr"), Value: " PAGE "}}}
	pPr := ctypes.ParagraphProp{Justification: ctypes.NewGenSingleStrVal(stypes.JustificationCenter)}
	steps := []func() error{
		func() error { return e.EncodeToken(ftr) },
		func() error { return e.EncodeToken(para) },
		func() error { return pPr.MarshalXML(e, xml.StartElement{}) },
		func() error { return run("— ").MarshalXML(e, xml.StartElement{}) },
		func() error { return e.EncodeToken(field) },
		func() error { return run("1").MarshalXML(e, xml.StartElement{}) },
		func() error { return e.EncodeToken(field.End()) },
		func() error { return run(" —").MarshalXML(e, xml.StartElement{}) },
		func() error { return e.EncodeToken(para.End()) },
		func() error { return e.EncodeToken(ftr.End()) },
		e.Flush,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return "", fmt.Errorf("footer: %w", err)
		}
	}
	d.rd.FileMap.Store("word/footer1.xml", buf.Bytes())
	if err := d.rd.ContentType.AddOverride("/word/footer1.xml", mimeFooter); err != nil {
		return "", fmt.Errorf("footer: %w", err)
	}
	id := "rId" + strconv.Itoa(d.rd.Document.IncRelationID())
	d.rd.Document.DocRels.Relationships = append(d.rd.Document.DocRels.Relationships,
		&docx.Relationship{ID: id, Type: relFooter, Target: "footer1.xml"})
	return id, nil
}

// bytes writes the document and removes the chart images.
func (d *doc) bytes() ([]byte, error) {
	defer func() { _ = os.RemoveAll(d.tmp) }()
	var buf bytes.Buffer
	if err := d.rd.Write(&buf); err != nil {
		return nil, fmt.Errorf("write document: %w", err)
	}
	return buf.Bytes(), nil
}

// discard removes the chart images of a document that will not be written.
func (d *doc) discard() { _ = os.RemoveAll(d.tmp) }
