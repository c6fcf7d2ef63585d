package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// Limits on an import file.
const (
	// MaxFileBytes is the largest file accepted.
	MaxFileBytes = 5 << 20
	// MaxRows is the most data rows (below the header) a file may have.
	MaxRows = 5000
)

// Unzipped-size limits for XLSX, so a small zip bomb cannot exhaust memory.
const (
	maxUnzipped    = 64 << 20
	maxUnzippedXML = 32 << 20
)

// column is one known column: its key and the headers (Chinese or English) that name it.
type column struct {
	key      string
	headers  []string
	required bool
}

// table is a parsed file: per data row, the value of each known column by key, and the
// row's line in the sheet (the header is line 1) for messages.
type table struct {
	rows  []map[string]string
	lines []int
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// readTable parses an XLSX workbook (its first sheet) or a CSV file (UTF-8, with or without a
// BOM, or GB18030 as Excel saves it on Chinese Windows) into rows keyed by column. The first
// non-empty row is the header; blank rows are skipped.
func readTable(data []byte, cols []column) (*table, error) {
	if len(data) > MaxFileBytes {
		return nil, errs.Invalid("file", "too_large", "the file is larger than 5 MB")
	}
	var records [][]string
	var lines []int // each record's line in the file
	var err error
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		records, err = xlsxRecords(data)
		lines = make([]int, len(records))
		for i := range lines {
			lines[i] = i + 1
		}
	} else {
		records, lines, err = csvRecords(data)
	}
	if err != nil {
		return nil, err
	}
	hdr := -1
	for i, r := range records {
		if !blank(r) {
			hdr = i
			break
		}
	}
	if hdr < 0 {
		return nil, errs.Invalid("file", "empty", "the file has no header row")
	}
	index, err := mapHeader(records[hdr], cols)
	if err != nil {
		return nil, err
	}
	t := &table{}
	for i := hdr + 1; i < len(records); i++ {
		r := records[i]
		if blank(r) {
			continue
		}
		if len(t.rows) == MaxRows {
			return nil, errs.Invalid("file", "too_many_rows", fmt.Sprintf("the file has more than %d rows", MaxRows))
		}
		row := make(map[string]string, len(index))
		for j, key := range index {
			if key != "" && j < len(r) {
				row[key] = strings.TrimSpace(r[j])
			}
		}
		t.rows = append(t.rows, row)
		t.lines = append(t.lines, lines[i])
	}
	if len(t.rows) == 0 {
		return nil, errs.Invalid("file", "empty", "the file has no data rows")
	}
	return t, nil
}

// mapHeader returns, per header cell, the key of the column it names ("" for an empty cell).
func mapHeader(header []string, cols []column) ([]string, error) {
	byName := map[string]string{}
	for _, c := range cols {
		for _, h := range c.headers {
			byName[normHeader(h)] = c.key
		}
	}
	v := &errs.ValidationError{Code: "invalid_file"}
	index := make([]string, len(header))
	seen := map[string]bool{}
	for j, h := range header {
		n := normHeader(h)
		if n == "" {
			continue
		}
		key, ok := byName[n]
		switch {
		case !ok:
			v.Add(fmt.Sprintf("columns[%d]", j), "unknown_column", fmt.Sprintf("unknown column %q", strings.TrimSpace(h)))
		case seen[key]:
			v.Add(fmt.Sprintf("columns[%d]", j), "duplicate_column", fmt.Sprintf("column %q appears twice", strings.TrimSpace(h)))
		default:
			seen[key] = true
			index[j] = key
		}
	}
	for _, c := range cols {
		if c.required && !seen[c.key] {
			v.Add("columns", "missing_column", fmt.Sprintf("column %s (%s) is missing", c.key, c.headers[0]))
		}
	}
	return index, v.OrNil()
}

// normHeader folds a header for matching: no BOM, no spaces, lower case.
func normHeader(h string) string {
	h = strings.TrimPrefix(h, "\uFEFF")
	h = strings.Join(strings.Fields(h), "")
	return strings.ToLower(h)
}

func blank(r []string) bool {
	for _, c := range r {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// xlsxRecords reads the first sheet of a workbook as text.
func xlsxRecords(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzippedXML})
	if err != nil {
		return nil, errs.Invalid("file", "invalid_file", "the file is not a readable XLSX workbook")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, errs.Invalid("file", "empty", "the workbook has no sheet")
	}
	// Raw values: a phone number in a General cell must not come back as 1.38E+10.
	out, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, errs.Invalid("file", "invalid_file", "the first sheet cannot be read")
	}
	return out, nil
}

// csvRecords reads CSV text, UTF-8 (BOM optional) or else GB18030, with each record's line
// (encoding/csv skips empty lines, so record indexes are not lines).
func csvRecords(data []byte) ([][]string, []int, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if !utf8.Valid(data) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(dec) {
			return nil, nil, errs.Invalid("file", "invalid_encoding", "save the CSV file as UTF-8")
		}
		data = dec
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, nil, errs.Invalid("file", "unsupported_file_type", "send an XLSX workbook or a CSV file")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var out [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, lines, nil
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, nil, errs.Invalid("file", "invalid_csv", fmt.Sprintf("the CSV cannot be read at line %d", line))
		}
		line, _ := r.FieldPos(0)
		out = append(out, rec)
		lines = append(lines, line)
		if len(out) > 2*MaxRows+2 {
			return nil, nil, errs.Invalid("file", "too_many_rows", fmt.Sprintf("the file has more than %d rows", MaxRows))
		}
	}
}
