package indicators

import (
	"bufio"
	"io"
	"unicode"
	"unicode/utf8"
)

// Every CSV file the program writes — exports, reports, the bundle's files,
// the audit trail, templates, the demo data — goes through AppendCSVField,
// by CSVWriter or reports.ExportWriter, so that one rule keeps spreadsheets from
// running a cell as a formula (OWASP's CSV injection rule):
//
//   - a cell that starts with =, +, -, @, a tab or a carriage return gets a
//     single quote in front, unless the whole cell is a plain number such as
//     -3.5 or -1e3, which stays a number ("-2+3" and "-cmd" are neutralised);
//   - a cell made of single quotes followed by such a cell gets one more
//     quote, so that reading strips exactly what writing added and every
//     text round-trips (UnneutraliseCSVCell, applied by CSVRows);
//   - a cell is quoted as encoding/csv quotes it (a comma, a quote, CR or
//     LF, a leading space, or exactly `\.`), and also when it holds a
//     semicolon, the separator spreadsheets use in many locales, so that no
//     cell can start inside another one there.

// NeutraliseCSVCell returns the cell as the CSV writers write its text: with
// a single quote in front when a spreadsheet would read it as a formula.
func NeutraliseCSVCell(f string) string {
	if formulaLike(f) {
		return "'" + f
	}
	return f
}

// UnneutraliseCSVCell undoes NeutraliseCSVCell: it strips the one quote the
// writers add, and nothing else.
func UnneutraliseCSVCell(f string) string {
	if len(f) > 1 && f[0] == '\'' && formulaLike(f[1:]) {
		return f[1:]
	}
	return f
}

// formulaLike reports whether f, after any leading single quotes, starts
// with a character a spreadsheet takes as the start of a formula and is not
// a plain number.
func formulaLike(f string) bool {
	i := 0
	for i < len(f) && f[i] == '\'' {
		i++
	}
	if i == len(f) {
		return false
	}
	switch f[i] {
	case '=', '@', '\t', '\r':
		return true
	case '+', '-':
		return !plainNumber(f[i:])
	}
	return false
}

// plainNumber reports whether s is a decimal number with an optional sign,
// fraction and exponent (-3.5, +2, -.5, -1e3) and nothing else.
func plainNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, exp = i+1, exp+1
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// AppendCSVField appends one field to b: neutralised (NeutraliseCSVCell),
// then quoted where needed, a quote inside quotes doubled and CR and LF left
// as they are.
func AppendCSVField(b []byte, f string) []byte {
	f = NeutraliseCSVCell(f)
	if !csvNeedsQuotes(f) {
		return append(b, f...)
	}
	b = append(b, '"')
	for i := 0; i < len(f); i++ {
		if f[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, f[i])
	}
	return append(b, '"')
}

func csvNeedsQuotes(f string) bool {
	if f == "" {
		return false
	}
	if f == `\.` {
		return true
	}
	for i := 0; i < len(f); i++ {
		switch f[i] {
		case '\n', '\r', '"', ',', ';':
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(f)
	return unicode.IsSpace(r)
}

// CSVWriter writes records as encoding/csv's Writer does (comma-separated,
// LF line ends), each field through AppendCSVField.
type CSVWriter struct {
	w   *bufio.Writer
	buf []byte
	err error
}

// NewCSVWriter writes CSV to w, buffered: call Flush at the end.
func NewCSVWriter(w io.Writer) *CSVWriter {
	return &CSVWriter{w: bufio.NewWriterSize(w, 16<<10), buf: make([]byte, 0, 256)}
}

// Write writes one record.
func (c *CSVWriter) Write(rec []string) error {
	if c.err != nil {
		return c.err
	}
	b := c.buf[:0]
	for i, f := range rec {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendCSVField(b, f)
	}
	b = append(b, '\n')
	c.buf = b
	_, c.err = c.w.Write(b)
	return c.err
}

// Flush writes what is buffered; Error reports any write error.
func (c *CSVWriter) Flush() {
	if c.err == nil {
		c.err = c.w.Flush()
	}
}

// Error is the first error met while writing or flushing.
func (c *CSVWriter) Error() error { return c.err }
