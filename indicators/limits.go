package indicators

import "io"

// Limits every file reader keeps, CSV or XLSX, whatever the file's size:
// memory follows them, never the file.
const (
	// MaxCellBytes is the longest cell (a CSV field, an XLSX cell).
	MaxCellBytes = 64 << 10
	// MaxRowBytes is the longest row of a CSV file (a quoted field may
	// span lines; the row is counted whole).
	MaxRowBytes = 1 << 20
	// MaxColumns is the most cells a row may have up to its last non-empty
	// one; empty cells after it (spreadsheets write them) are ignored.
	MaxColumns = 64
	// MaxSheetRows is the most rows a worksheet holds (Excel's own limit).
	MaxSheetRows = 1 << 20
	// DefaultMaxUpload is the largest measurements file taken when
	// IGMC_MAX_UPLOAD_MB does not say otherwise; what a workbook may unzip
	// to follows from it.
	DefaultMaxUpload = 1 << 30
)

// Limited reports a refusal for size.
func Limited(line int, format string, args ...any) *Error {
	e := Errorf(Invalid, format, args...)
	e.Fields = []FieldError{{Line: line, Field: "", Code: "too_long", Message: e.Message}}
	e.Total = 1
	return e
}

// csvLimiter passes a CSV stream on to encoding/csv while it counts, so
// that a row or a field over its limit stops the read before encoding/csv
// has buffered it. It follows RFC 4180 quoting: a quote toggles the quoted
// state (a doubled quote toggles twice), and only outside quotes does a
// comma end a field and a newline end a row.
type csvLimiter struct {
	r              io.Reader
	quoted         bool
	row, field     int
	line, rowStart int
	// col is the 0-based column of the field being read; badCol the
	// column of a field refused for its length, -1 when none was.
	col, badCol      int
	maxRow, maxField int
	err              error
}

func newCSVLimiter(r io.Reader) *csvLimiter {
	return &csvLimiter{r: r, line: 1, rowStart: 1, maxRow: MaxRowBytes, maxField: MaxCellBytes, badCol: -1}
}

func (l *csvLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for i, b := range p[:n] {
		l.row++
		l.field++
		switch {
		case b == '"':
			l.quoted = !l.quoted
		case b == '\n':
			l.line++
			if !l.quoted {
				l.row, l.field, l.col, l.rowStart = 0, 0, 0, l.line
			}
		case b == ',' && !l.quoted:
			l.field = 0
			l.col++
		}
		switch {
		case l.row > l.maxRow:
			l.err = Limited(l.rowStart, "line %d is longer than %d KiB", l.rowStart, l.maxRow>>10)
		case l.field > l.maxField:
			l.badCol = l.col
			l.err = Limited(l.rowStart, "a cell on line %d is longer than %d KiB", l.rowStart, l.maxField>>10)
		}
		if l.err != nil {
			// What came before the bad row is still read, so encoding/csv
			// reports earlier rows as usual; the next Read refuses.
			return i, nil
		}
	}
	return n, err
}

// Trim cuts the empty cells after the last non-empty one and refuses a row
// still wider than MaxColumns, naming its line.
func Trim(line int, rec []string) ([]string, error) {
	n := len(rec)
	for n > 0 && isSpace(rec[n-1]) {
		n--
	}
	if n > MaxColumns {
		return nil, Limited(line, "line %d has %d cells; a row has at most %d", line, n, MaxColumns)
	}
	return rec[:n], nil
}

func isSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
		default:
			return false
		}
	}
	return true
}
