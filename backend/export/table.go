package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// Zone is the time zone exported times are shown in: China Standard Time, which has no
// daylight saving, so a fixed offset is exact and needs no tzdata.
var Zone = time.FixedZone("CST", 8*3600)

// timeLayout is how times appear in CSV and in the XLSX number format below.
const (
	timeLayout = "2006-01-02 15:04:05"
	timeNumFmt = "yyyy-mm-dd hh:mm:ss"
)

// Kind is the type of a column's cells.
type Kind int

// The cell kinds.
const (
	KindText    Kind = iota // a string
	KindInteger             // a whole number
	KindDecimal             // an exact decimal with a fixed number of places (money: 2)
	KindTime                // a timestamp, shown in Zone
	KindNumber              // an exact decimal shown with the places it has
)

// Column is one column of an export: its header and the kind of its cells.
type Column struct {
	Header string
	Kind   Kind
	// Scale is the number of decimal places of a KindDecimal column.
	Scale int
	// Width is the XLSX column width in characters (0: a default).
	Width float64
}

// Cell is one value. Empty cells have Empty set; otherwise the field of the column's kind.
type Cell struct {
	Empty bool
	Text  string
	Int   int64
	// Dec is the exact decimal value of a KindDecimal cell.
	Dec  decimal.Decimal
	Time time.Time
}

// Text is a text cell.
func Text(s string) Cell { return Cell{Text: s} }

// Int is an integer cell.
func Int(n int64) Cell { return Cell{Int: n} }

// Dec is a decimal cell.
func Dec(d decimal.Decimal) Cell { return Cell{Dec: d} }

// At is a time cell.
func At(t time.Time) Cell { return Cell{Time: t} }

// Blank is an empty cell.
func Blank() Cell { return Cell{Empty: true} }

func timeOrBlank(t *time.Time) Cell {
	if t == nil {
		return Blank()
	}
	return At(*t)
}

// Table is an export ready to write: a name, columns and a row source that streams rows
// (from the database) without holding them all.
type Table struct {
	// Name is the ASCII file name without extension, e.g. "teacher-training-2025".
	Name string
	// Title is the human (Chinese) file name without extension, e.g. "教师培训经费情况-2025".
	Title string
	// Sheet is the XLSX sheet name.
	Sheet   string
	Columns []Column
	// Rows calls yield once per row, in order, and stops at the first error.
	Rows func(ctx context.Context, yield func([]Cell) error) error
}

// WriteCSV writes t as CSV: a UTF-8 byte order mark (so Excel reads the Chinese correctly),
// the header row, then one line per row. Decimals are written exactly with their scale, times
// as "2006-01-02 15:04:05" in Zone. Text that a spreadsheet would run as a formula is prefixed
// with an apostrophe.
func WriteCSV(ctx context.Context, w io.Writer, t *Table) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString("\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	hdr := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		hdr[i] = c.Header
	}
	if err := cw.Write(hdr); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	err := t.Rows(ctx, func(cells []Cell) error {
		for i, c := range t.Columns {
			rec[i] = csvValue(c, cells[i])
		}
		return cw.Write(rec)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func csvValue(c Column, v Cell) string {
	if v.Empty {
		return ""
	}
	switch c.Kind {
	case KindInteger:
		return strconv.FormatInt(v.Int, 10)
	case KindDecimal:
		return v.Dec.StringFixed(int32(c.Scale))
	case KindNumber:
		return v.Dec.String()
	case KindTime:
		return v.Time.In(Zone).Format(timeLayout)
	}
	return defuse(v.Text)
}

// defuse keeps a text cell from being read as a formula by a spreadsheet (CSV injection).
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteXLSX writes t as an XLSX workbook of one sheet, streaming the rows through excelize's
// StreamWriter (which spills to a temporary file past a few megabytes), so large exports do not
// need the whole sheet in memory. Decimals are numeric cells formatted with their scale
// ("0.00" for money); a decimal a spreadsheet number cannot hold exactly is written as text
// instead of being rounded. Nothing is written to w until every row has been read, so an error
// while reading rows leaves w untouched.
func WriteXLSX(ctx context.Context, w io.Writer, t *Table) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	sheet := sheetName(t.Sheet)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	if err != nil {
		return err
	}
	styles := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		if styles[i], err = columnStyle(f, c); err != nil {
			return err
		}
		width := c.Width
		if width == 0 {
			width = 14
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	row := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		row[i] = excelize.Cell{StyleID: head, Value: c.Header}
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	n := 1
	err = t.Rows(ctx, func(cells []Cell) error {
		n++
		for i, c := range t.Columns {
			row[i] = xlsxValue(c, cells[i], styles[i])
		}
		cell, err := excelize.CoordinatesToCellName(1, n)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, row)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// columnStyle is the number format of a column's cells: "0.00" style decimals, a full date and
// time, or none.
func columnStyle(f *excelize.File, c Column) (int, error) {
	switch c.Kind {
	case KindDecimal:
		if c.Scale == 2 {
			return f.NewStyle(&excelize.Style{NumFmt: 2}) // built-in "0.00"
		}
		fmtText := "0"
		if c.Scale > 0 {
			fmtText += "." + strings.Repeat("0", c.Scale)
		}
		return f.NewStyle(&excelize.Style{CustomNumFmt: &fmtText})
	case KindTime:
		fmtText := timeNumFmt
		return f.NewStyle(&excelize.Style{CustomNumFmt: &fmtText})
	}
	return 0, nil
}

func xlsxValue(c Column, v Cell, style int) any {
	if v.Empty {
		return nil
	}
	switch c.Kind {
	case KindInteger:
		return v.Int
	case KindDecimal:
		if x, ok := exactFloat(v.Dec.StringFixed(int32(c.Scale))); ok {
			return excelize.Cell{StyleID: style, Value: x}
		}
		return v.Dec.StringFixed(int32(c.Scale))
	case KindNumber:
		if x, ok := exactFloat(v.Dec.String()); ok {
			return x
		}
		return v.Dec.String()
	case KindTime:
		return excelize.Cell{StyleID: style, Value: v.Time.In(Zone)}
	}
	return v.Text
}

// exactFloat converts a decimal string to the float64 a spreadsheet cell stores, reporting
// whether the shortest form of that float, which is what the cell holds, equals the decimal:
// true for any decimal of up to 15 significant digits. This is the only float conversion.
func exactFloat(s string) (float64, bool) {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	back, err := decimal.NewFromString(strconv.FormatFloat(x, 'f', -1, 64))
	if err != nil {
		return 0, false
	}
	want, err := decimal.NewFromString(s)
	return x, err == nil && back.Equal(want)
}

// sheetName makes a valid sheet name: at most 31 characters, none of []:*?/\.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(s))
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	if s == "" {
		s = "Sheet1"
	}
	return s
}

// FileName is the Content-Disposition value for t with extension ext ("xlsx" or "csv"): an
// ASCII filename and, per RFC 5987/6266, the Chinese title as filename*.
func FileName(t *Table, ext string) string {
	return fmt.Sprintf(`attachment; filename="%s.%s"; filename*=UTF-8''%s`, asciiName(t.Name), ext, rfc5987(t.Title+"."+ext))
}

// asciiName keeps letters, digits, '-', '_' and '.', replacing anything else with '-'.
func asciiName(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			b[i] = '-'
		}
	}
	if len(b) == 0 {
		return "export"
	}
	return string(b)
}

// rfc5987 percent-encodes every byte that is not an RFC 5987 attr-char.
func rfc5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
