package reports

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The PDF reports' tables and the breaking of text into lines.

// pdfCol is a table column; Flex marks the one column (the names) that
// gives up width to the columns whose cells are kept on one line.
// pdfCell is a table cell, optionally tinted; Keep keeps its text whole
// (a unit, a rating, a figure with its year): it is never broken inside a
// word, and is set smaller rather than broken when its column is narrow.
type (
	pdfCol struct {
		Title string
		W     float64
		Align string // L, C or R
		Flex  bool
	}
	pdfCell struct {
		Text string
		Fill *[3]int
		Keep bool
		// Span is how many columns the cell covers (0 or 1: one); the
		// row then has that many cells fewer.
		Span int
	}
)

// The table's font sizes: the text, and the smallest a kept cell is set in.
const (
	pdfTableSize = 8.0
	pdfKeepMin   = 6.0
	pdfKeepLeast = 4.0
	pdfFlexMin   = 30.0
)

// fitColumns widens each column with kept cells to its widest kept text,
// taking the width from the Flex column as long as that keeps pdfFlexMin.
func (d *pdfDoc) fitColumns(cols []pdfCol, rows [][]pdfCell) []pdfCol {
	out := append([]pdfCol(nil), cols...)
	flex := -1
	for i, c := range out {
		if c.Flex {
			flex = i
		}
	}
	if flex < 0 {
		return out
	}
	d.font("", pdfTableSize)
	for i := range out {
		if i == flex {
			continue
		}
		need := 0.0
		for _, r := range rows {
			if i < len(r) && r[i].Keep && r[i].Span <= 1 && len(r) == len(out) {
				for _, para := range strings.Split(r[i].Text, "\n") {
					need = max(need, d.width(para)+2*pdfPadding+0.2)
				}
			}
		}
		if more := min(need-out[i].W, out[flex].W-pdfFlexMin); more > 0 {
			out[i].W += more
			out[flex].W -= more
		}
	}
	return out
}

// table draws rows under a header that is repeated on every page the
// table runs onto; cells wrap and a row is as tall as its tallest cell.
func (d *pdfDoc) table(cols []pdfCol, rows [][]pdfCell) {
	cols = d.fitColumns(cols, rows)
	header := func() {
		cells := make([]pdfCell, len(cols))
		for i, c := range cols {
			cells[i] = pdfCell{Text: c.Title}
		}
		d.row(cols, cells, true)
	}
	d.room(d.tableStart(cols, rows))
	header()
	for _, r := range rows {
		if d.room(d.rowHeight(cols, r, false)) {
			header()
		}
		d.row(cols, r, false)
	}
	d.f.Ln(2)
}

// tableStart is the height of a table's header and first row: what must
// fit under its heading.
func (d *pdfDoc) tableStart(cols []pdfCol, rows [][]pdfCell) float64 {
	cols = d.fitColumns(cols, rows)
	cells := make([]pdfCell, len(cols))
	for i, c := range cols {
		cells[i] = pdfCell{Text: c.Title}
	}
	h := d.rowHeight(cols, cells, true)
	if len(rows) > 0 {
		h += d.rowHeight(cols, rows[0], false)
	}
	return h
}

// cellLines are a cell's lines in column width w and the font size they
// are set in.
func (d *pdfDoc) cellLines(c pdfCell, w float64, head bool) ([]string, float64) {
	style := ""
	if head {
		style = "B"
	}
	d.font(style, pdfTableSize)
	if !c.Keep {
		return d.wrap(c.Text, w), pdfTableSize
	}
	avail := w - 2*pdfPadding
	for size := pdfTableSize; size >= pdfKeepMin; size -= 0.5 {
		d.font(style, size)
		if fits := d.keepLines(c.Text, avail); fits != nil {
			return fits, size
		}
	}
	// A word longer than the column even so: smaller still, down to a
	// size that can still be read on paper, before breaking inside it.
	for size := pdfKeepMin - 0.5; size >= pdfKeepLeast; size -= 0.5 {
		d.font(style, size)
		if fits := d.keepLines(c.Text, avail); fits != nil {
			return fits, size
		}
	}
	return d.wrap(c.Text, w), pdfKeepLeast
}

// keepLines breaks s only at spaces, after a slash (µg/ m³) and at line
// breaks, and returns its lines when every one fits avail, nil otherwise.
func (d *pdfDoc) keepLines(s string, avail float64) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for i, word := range strings.Fields(para) {
			for j, piece := range slashPieces(word) {
				sep := ""
				if i > 0 && j == 0 {
					sep = " "
				}
				switch {
				case line == "":
					line = piece
				case d.width(line+sep+piece) <= avail:
					line += sep + piece
				default:
					lines = append(lines, line)
					line = piece
				}
				if d.width(line) > avail {
					return nil
				}
			}
		}
		lines = append(lines, line)
	}
	return lines
}

// slashPieces splits a word after each slash.
func slashPieces(word string) []string {
	var out []string
	for {
		i := strings.IndexByte(word, '/')
		if i < 0 || i == len(word)-1 {
			return append(out, word)
		}
		out = append(out, word[:i+1])
		word = word[i+1:]
	}
}

func (d *pdfDoc) rowHeight(cols []pdfCol, cells []pdfCell, head bool) float64 {
	n := 1
	for i, c := range cells {
		lines, _ := d.cellLines(c, spanWidth(cols, cells, i), head)
		n = max(n, len(lines))
	}
	return float64(n)*pdfLineH + 2*pdfPadding
}

// spanWidth is the width of cell i of a row: its column's, or that of the
// columns it spans.
func spanWidth(cols []pdfCol, cells []pdfCell, i int) float64 {
	col := 0
	for j := 0; j < i; j++ {
		col += max(cells[j].Span, 1)
	}
	w := 0.0
	for k := col; k < col+max(cells[i].Span, 1) && k < len(cols); k++ {
		w += cols[k].W
	}
	return w
}

// spanAlign is the alignment of cell i: its first column's.
func spanAlign(cols []pdfCol, cells []pdfCell, i int) string {
	col := 0
	for j := 0; j < i; j++ {
		col += max(cells[j].Span, 1)
	}
	if cells[i].Span > 1 {
		return "L"
	}
	return cols[min(col, len(cols)-1)].Align
}

func (d *pdfDoc) row(cols []pdfCol, cells []pdfCell, head bool) {
	h := d.rowHeight(cols, cells, head)
	x0, y := pdfMargin, d.f.GetY()
	x := x0
	for i, c := range cells {
		w := spanWidth(cols, cells, i)
		switch {
		case head:
			d.f.SetFillColor(238, 245, 240)
			d.f.Rect(x, y, w, h, "F")
		case c.Fill != nil:
			d.f.SetFillColor(c.Fill[0], c.Fill[1], c.Fill[2])
			d.f.Rect(x+0.4, y+0.4, w-0.8, h-0.8, "F")
		}
		lines, _ := d.cellLines(c, w, head)
		for j, line := range lines {
			d.f.SetXY(x, y+pdfPadding+float64(j)*pdfLineH)
			d.f.CellFormat(w, pdfLineH, d.tx(line), "", 0, spanAlign(cols, cells, i), false, 0, "")
		}
		x += w
	}
	d.f.SetDrawColor(213, 226, 217)
	d.f.Line(x0, y+h, x, y+h)
	d.f.SetDrawColor(0, 0, 0)
	d.f.SetXY(x0, y+h)
	kind := "row"
	if head {
		kind = "header"
	}
	d.mark(kind, y, h, cells[0].Text)
}

// wrap breaks s into lines that fit width w (inside the cell margins):
// between words, between Chinese characters, and inside a word too long
// for a line.
func (d *pdfDoc) wrap(s string, w float64) []string {
	avail := w - 2*pdfPadding
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, tok := range wrapTokens(para) {
			if line == "" {
				tok = strings.TrimLeft(tok, " ")
			}
			if line != "" && d.width(strings.TrimRight(line+tok, " ")) > avail {
				lines = append(lines, strings.TrimRight(line, " "))
				line = strings.TrimLeft(tok, " ")
			} else {
				line += tok
			}
			for d.width(line) > avail && utf8.RuneCountInString(line) > 1 {
				cut := d.fit(line, avail)
				lines = append(lines, line[:cut])
				line = line[cut:]
			}
		}
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return lines
}

// fit is the byte length of the longest prefix of s (at least one rune)
// that fits avail.
func (d *pdfDoc) fit(s string, avail float64) int {
	cut := 0
	for i, r := range s {
		if i > 0 && d.width(s[:i+utf8.RuneLen(r)]) > avail {
			break
		}
		cut = i + utf8.RuneLen(r)
	}
	return cut
}

// wrapTokens splits text into the pieces a line may break after: a word
// with the spaces after it, or one Chinese character.
func wrapTokens(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		switch {
		case unicode.Is(unicode.Han, r) || unicode.In(r, unicode.P) && r > 0x2E7F:
			if start < i {
				out = append(out, s[start:i])
			}
			out = append(out, string(r))
			start = i + utf8.RuneLen(r)
		case r == ' ' && i+1 < len(s) && s[i+1] != ' ':
			out = append(out, s[start:i+1])
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}
