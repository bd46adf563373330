package reports

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"

	"igmc/locale"
)

// DefaultPDFFont is where the PDF reports look for a TrueType font that
// covers Chinese when none is configured: the file of the Debian package
// fonts-lxgw-wenkai. The PDF library reads single .ttf files only, not
// .ttc collections.
const DefaultPDFFont = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"

// PDFOptions say how to render a PDF report.
type PDFOptions struct {
	// Lang is "en" (the default) or "zh".
	Lang string
	// Font is the TrueType font for Chinese; empty means DefaultPDFFont.
	Font string
	// Now is the generation time printed in every page's footer.
	Now time.Time
}

// pdfDoc is an A4 report being drawn. English text is set in the PDF's
// built-in Helvetica, which needs no font file; Chinese needs the TrueType
// font, and when it cannot be loaded the report is drawn in English and
// Notice says why, so that an export never fails for want of a font.
type pdfDoc struct {
	f   *fpdf.Fpdf
	L   *locale.Lang
	ttf bool // the TrueType font is in use
	tr  func(string) string
	// Notice is set when Chinese was asked for and English is given.
	Notice string
	// units are the indicators' units in the report's language, by code.
	units map[string]string
}

// Page geometry in millimetres.
const (
	pdfMargin  = 15.0
	pdfBottom  = 18.0 // room for the footer
	pdfWidth   = 210.0 - 2*pdfMargin
	pdfLineH   = 4.2
	pdfPadding = 1.2
	pdfFamily  = "report"
)

func newPDFDoc(o PDFOptions, title string) *pdfDoc {
	d := &pdfDoc{L: locale.English()}
	var font []byte
	path := o.Font
	if path == "" {
		path = DefaultPDFFont
	}
	if o.Lang == "zh" {
		b, err := readTrueType(path)
		if err != nil {
			d.Notice = fmt.Sprintf("Chinese was asked for, but the Chinese font could not be used (%v); this report is in English. "+
				"Install the fonts-lxgw-wenkai package or set IGMC_PDF_FONT to a .ttf font that covers Chinese.", err)
		} else {
			font = b
		}
	}
	d.f = fpdf.New("P", "mm", "A4", "")
	if font != nil {
		d.f.AddUTF8FontFromBytes(pdfFamily, "", font)
		d.f.SetFont(pdfFamily, "", 10)
		if err := d.f.Error(); err != nil {
			// The file looked like a font but the library could not read it.
			d.Notice = fmt.Sprintf("Chinese was asked for, but the font %s could not be read (%v); this report is in English.", path, err)
			d.f = fpdf.New("P", "mm", "A4", "")
		} else {
			d.ttf, d.L = true, locale.Of("zh")
		}
	}
	if !d.ttf {
		d.tr = d.f.UnicodeTranslatorFromDescriptor("")
	}
	d.f.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	d.f.SetAutoPageBreak(true, pdfBottom)
	d.f.SetCellMargin(pdfPadding)
	d.f.AliasNbPages("{nb}")
	d.f.SetTitle(title, true)
	d.f.SetCreator("igmc", true)
	d.f.SetCreationDate(o.Now)
	d.f.SetModificationDate(o.Now)
	d.f.SetLang(map[bool]string{true: "zh-CN", false: "en"}[d.ttf])
	return d
}

// readTrueType reads a font file and checks that it is a single TrueType
// font, the only kind the PDF library reads.
func readTrueType(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("no font file at %s", path)
	}
	if err != nil {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(b, []byte{0, 1, 0, 0}), bytes.HasPrefix(b, []byte("true")):
		return b, nil
	case bytes.HasPrefix(b, []byte("ttcf")):
		return nil, fmt.Errorf("%s is a font collection (.ttc), which cannot be embedded; use a .ttf file", path)
	}
	return nil, fmt.Errorf("%s is not a TrueType (.ttf) font", path)
}

// footer puts the generation time, the method version and the page number
// at the foot of every page, and head a running title on every page after
// the first.
func (d *pdfDoc) footer(now time.Time, method, head string) {
	d.f.SetHeaderFunc(func() {
		if d.f.PageNo() == 1 {
			return
		}
		d.font("", 8)
		d.f.SetTextColor(95, 107, 100)
		d.f.CellFormat(pdfWidth, 5, d.tx(head), "B", 1, "L", false, 0, "")
		d.f.Ln(3)
		d.f.SetTextColor(0, 0, 0)
	})
	d.f.SetFooterFunc(func() {
		d.f.SetY(-13)
		d.font("", 8)
		d.f.SetTextColor(95, 107, 100)
		left := d.L.T("report.pdf.generated", "Time", locale.Time(now), "Method", method)
		d.f.CellFormat(pdfWidth*0.75, 5, d.tx(left), "T", 0, "L", false, 0, "")
		page := d.L.T("report.pdf.page", "Page", d.f.PageNo(), "Pages", "{nb}")
		d.f.CellFormat(pdfWidth*0.25, 5, d.tx(page), "T", 0, "R", false, 0, "")
		d.f.SetTextColor(0, 0, 0)
	})
}

// tx prepares text for the current font: UTF-8 as it is for the TrueType
// font, the PDF's Latin-1 code page for Helvetica.
func (d *pdfDoc) tx(s string) string {
	if d.ttf {
		return s
	}
	return d.tr(s)
}

// font sets the font; "B" asks for bold, which the TrueType font draws in
// its one weight.
func (d *pdfDoc) font(style string, size float64) {
	if d.ttf {
		d.f.SetFont(pdfFamily, "", size)
		return
	}
	d.f.SetFont("Helvetica", style, size)
}

func (d *pdfDoc) width(s string) float64 { return d.f.GetStringWidth(d.tx(s)) }

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

// room starts a new page unless h millimetres are left on this one.
func (d *pdfDoc) room(h float64) bool {
	_, pageH := d.f.GetPageSize()
	if d.f.GetY()+h > pageH-pdfBottom {
		d.f.AddPage()
		return true
	}
	return false
}

// heading writes a section heading.
func (d *pdfDoc) heading(s string) {
	d.room(16)
	d.f.Ln(3)
	d.font("B", 12)
	d.f.SetTextColor(31, 107, 58)
	d.f.CellFormat(pdfWidth, 7, d.tx(s), "", 1, "L", false, 0, "")
	d.f.SetTextColor(0, 0, 0)
	d.f.Ln(1)
}

// para writes wrapped text across the page.
func (d *pdfDoc) para(s string, size float64) {
	d.font("", size)
	for _, line := range d.wrap(s, pdfWidth) {
		d.f.CellFormat(pdfWidth, size*0.5, d.tx(line), "", 1, "L", false, 0, "")
	}
}

// notice draws a framed, tinted box of text: the working-view warning and
// the missing-font notice.
func (d *pdfDoc) notice(s string, rgb [3]int) {
	d.font("B", 9)
	lines := d.wrap(s, pdfWidth)
	h := float64(len(lines))*pdfLineH + 2*pdfPadding
	d.room(h)
	x, y := d.f.GetXY()
	d.f.SetFillColor(rgb[0], rgb[1], rgb[2])
	d.f.Rect(x, y, pdfWidth, h, "F")
	d.f.SetY(y + pdfPadding)
	for _, l := range lines {
		d.f.CellFormat(pdfWidth, pdfLineH, d.tx(l), "", 1, "L", false, 0, "")
	}
	d.f.SetY(y + h + 2)
}

// pdfCol is a table column; pdfCell a table cell, optionally tinted.
type (
	pdfCol struct {
		Title string
		W     float64
		Align string // L, C or R
	}
	pdfCell struct {
		Text string
		Fill *[3]int
	}
)

// table draws rows under a header that is repeated on every page the
// table runs onto; cells wrap and a row is as tall as its tallest cell.
func (d *pdfDoc) table(cols []pdfCol, rows [][]pdfCell) {
	header := func() {
		d.font("B", 8)
		d.f.SetFillColor(238, 245, 240)
		cells := make([]pdfCell, len(cols))
		for i, c := range cols {
			cells[i] = pdfCell{Text: c.Title}
		}
		d.row(cols, cells, true)
	}
	d.font("B", 8)
	d.room(2*pdfLineH + 4*pdfPadding)
	header()
	for _, r := range rows {
		d.font("", 8)
		if d.room(d.rowHeight(cols, r)) {
			header()
			d.font("", 8)
		}
		d.row(cols, r, false)
	}
	d.f.Ln(2)
}

func (d *pdfDoc) rowHeight(cols []pdfCol, cells []pdfCell) float64 {
	n := 1
	for i, c := range cells {
		n = max(n, len(d.wrap(c.Text, cols[i].W)))
	}
	return float64(n)*pdfLineH + 2*pdfPadding
}

func (d *pdfDoc) row(cols []pdfCol, cells []pdfCell, head bool) {
	h := d.rowHeight(cols, cells)
	x0, y := pdfMargin, d.f.GetY()
	x := x0
	for i, c := range cells {
		w := cols[i].W
		switch {
		case head:
			d.f.SetFillColor(238, 245, 240)
			d.f.Rect(x, y, w, h, "F")
		case c.Fill != nil:
			d.f.SetFillColor(c.Fill[0], c.Fill[1], c.Fill[2])
			d.f.Rect(x+0.4, y+0.4, w-0.8, h-0.8, "F")
		}
		for j, line := range d.wrap(c.Text, w) {
			d.f.SetXY(x, y+pdfPadding+float64(j)*pdfLineH)
			d.f.CellFormat(w, pdfLineH, d.tx(line), "", 0, cols[i].Align, false, 0, "")
		}
		x += w
	}
	d.f.SetDrawColor(213, 226, 217)
	d.f.Line(x0, y+h, x, y+h)
	d.f.SetDrawColor(0, 0, 0)
	d.f.SetXY(x0, y+h)
}

// output finishes the document.
func (d *pdfDoc) output(w io.Writer) error {
	if err := d.f.Output(w); err != nil {
		return fmt.Errorf("reports: pdf: %w", err)
	}
	return nil
}
