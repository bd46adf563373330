package indicators

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// RowReader yields the rows of a tabular file (CSV or XLSX) one at a time, so
// that a million-row import never holds the file in memory. Line is the
// 1-based line of the row in the file (the header is line 1). The returned
// slice may be reused by the next call. At the end it returns io.EOF.
type RowReader interface {
	Next() (line int, rec []string, err error)
}

// CSVRows reads RFC 4180 CSV, UTF-8 with an optional byte-order mark. It
// refuses a row longer than MaxRowBytes, a cell longer than MaxCellBytes
// and a row of more than MaxColumns cells while reading, so memory never
// follows the longest line; empty cells after a row's last non-empty one
// are dropped.
// It also strips the quote the CSV writers put in front of a formula-like
// cell (UnneutraliseCSVCell), so every file the program writes reads back as is.
type CSVRows struct {
	r     *csv.Reader
	lim   *csvLimiter
	first bool
	// header is the first row, kept to name the column of a cell that is
	// refused for its length.
	header []string
}

// NewCSVRows reads CSV from r.
func NewCSVRows(r io.Reader) *CSVRows {
	lim := newCSVLimiter(r)
	cr := csv.NewReader(lim)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	return &CSVRows{r: cr, lim: lim, first: true}
}

// Next implements RowReader.
func (c *CSVRows) Next() (int, []string, error) {
	rec, err := c.r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return pe.StartLine, nil, &Error{Code: Invalid, Message: "the file is not valid CSV",
				Fields: []FieldError{{Line: pe.StartLine, Field: "", Code: "bad_csv", Message: fmt.Sprintf("line %d column %d: %v", pe.Line, pe.Column, pe.Err),
					Args: map[string]string{"at_line": strconv.Itoa(pe.Line), "column": strconv.Itoa(pe.Column)}}}, Total: 1}
		}
		c.nameColumn(err)
		return 0, nil, err
	}
	line, _ := c.r.FieldPos(0)
	if rec, err = Trim(line, rec); err != nil {
		return line, nil, err
	}
	if c.first {
		c.first = false
		if len(rec) > 0 {
			rec[0] = strings.TrimPrefix(rec[0], "\uFEFF")
		}
		for _, name := range rec {
			c.header = append(c.header, Excerpt(strings.ToLower(strings.TrimSpace(name))))
		}
	}
	for i, f := range rec {
		rec[i] = UnneutraliseCSVCell(f)
	}
	return line, rec, nil
}

// nameColumn puts the column of a cell refused for its length into the
// refusal: the header's name for it, else its number.
func (c *CSVRows) nameColumn(err error) {
	var e *Error
	if c.lim.badCol < 0 || !errors.As(err, &e) || len(e.Fields) != 1 {
		return
	}
	name := "column " + strconv.Itoa(c.lim.badCol+1)
	if c.lim.badCol < len(c.header) && c.header[c.lim.badCol] != "" {
		name = c.header[c.lim.badCol]
	}
	e.Fields[0].Field = name
}

// Header maps a file's column names to their positions and checks them
// against what a format allows and requires. Empty cells after the last
// name are not columns.
type Header struct {
	index map[string]int
	Names []string
}

// ReadHeader reads the first row of rd as the header. An unknown, duplicate or
// missing required column is an error naming it.
func ReadHeader(rd RowReader, allowed, required []string) (*Header, error) {
	return ReadHeaderInfo(rd, allowed, required, nil)
}

// ReadHeaderInfo is ReadHeader for a format with informational columns
// (info): columns a file may carry for the people filling it in, which
// are read past. Such a column's header is its name, alone or followed by
// a note after a space or an opening parenthesis ("unit (not imported)",
// "unit（仅供参考）"), so a template can say in the reader's language
// that the column is ignored.
func ReadHeaderInfo(rd RowReader, allowed, required, info []string) (*Header, error) {
	line, rec, err := rd.Next()
	if err == io.EOF {
		return nil, FieldsError("the file is empty: a header row is required", []FieldError{{Line: 1, Field: "", Code: "required", Message: "header row is missing",
			Args: map[string]string{"rule": "no_header"}}})
	}
	if err != nil {
		return nil, err
	}
	if line == 0 {
		line = 1
	}
	for len(rec) > 0 && strings.TrimSpace(rec[len(rec)-1]) == "" {
		rec = rec[:len(rec)-1]
	}
	known := make(map[string]bool, len(allowed))
	for _, a := range allowed {
		known[a] = true
	}
	h := &Header{index: make(map[string]int, len(rec)), Names: make([]string, len(rec))}
	var errs FieldErrors
	for i, name := range rec {
		name = strings.ToLower(strings.TrimSpace(name))
		h.Names[i] = name
		switch {
		case InfoColumn(name, info) != "":
			h.Names[i] = InfoColumn(name, info)
		case !known[name]:
			errs.AddWith(line, name, "unknown_column", map[string]string{"value": name, "columns": strings.Join(allowed, ", ")}, "unknown column %q (allowed: %s)", name, Names(allowed))
		case h.has(name):
			errs.AddWith(line, name, "duplicate_column", map[string]string{"value": name}, "column %q appears twice", name)
		default:
			h.index[name] = i
		}
	}
	for _, r := range required {
		if !h.has(r) {
			errs.AddWith(line, r, "missing_column", map[string]string{"column": r}, "required column %q is missing", r)
		}
	}
	if err := errs.Err("the header row is not valid"); err != nil {
		return nil, err
	}
	return h, nil
}

// InfoColumn is the informational column of info that header names, or "".
func InfoColumn(header string, info []string) string {
	for _, c := range info {
		rest, ok := strings.CutPrefix(header, c)
		if ok && (rest == "" || strings.HasPrefix(rest, " ") || strings.HasPrefix(rest, "(") || strings.HasPrefix(rest, "（")) {
			return c
		}
	}
	return ""
}

func (h *Header) has(name string) bool { _, ok := h.index[name]; return ok }

// Has reports whether the file has the column.
func (h *Header) Has(name string) bool { return h.has(name) }

// CheckWidth records an error for a row with a non-empty cell past the
// header's last column: such a cell would otherwise be dropped without a
// word. Empty cells there are fine (spreadsheets write them). It reports
// whether the row is within the header.
func (h *Header) CheckWidth(line int, rec []string, errs *FieldErrors) bool {
	for i := len(rec) - 1; i >= len(h.Names); i-- {
		if strings.TrimSpace(rec[i]) != "" {
			errs.AddWith(line, "", "extra_cells", map[string]string{"value": rec[i], "column": strconv.Itoa(i + 1), "header_columns": strconv.Itoa(len(h.Names))},
				"line %d has a value in column %d, past the header's %d columns", line, i+1, len(h.Names))
			return false
		}
	}
	return true
}

// Get returns the trimmed cell of column name in rec, "" when the column or
// the cell is absent.
func (h *Header) Get(rec []string, name string) string {
	i, ok := h.index[name]
	if !ok || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// Blank reports whether every cell of rec is empty; blank rows are skipped.
func Blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// FormatNumber writes a float in the shortest form that reads back exactly,
// without an exponent for ordinary magnitudes, so exports are stable.
func FormatNumber(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// IsXLSX sniffs the zip signature that every XLSX file starts with.
func IsXLSX(head []byte) bool { return bytes.HasPrefix(head, []byte("PK\x03\x04")) }
