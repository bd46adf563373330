package reports

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"

	"igmc/indicators"
	"igmc/locale"
)

// PDFOptions say how to render a PDF report.
type PDFOptions struct {
	// Lang is "en" (the default) or "zh".
	Lang string
	// Font is the TrueType font (.ttf, or a .ttc's first face) for
	// Chinese; empty means the first installed of PDFFonts.
	Font string
	// Framework names the report's framework in the reader's language;
	// without its names the report shows the card's framework code.
	Framework indicators.Framework
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
	// FontPath is the file of the TrueType font in use.
	FontPath string
	// units are the indicators' units in the report's language, by code.
	units map[string]string
	// marks record where each block was put, for the layout tests.
	marks []pdfMark
	// cur is the font last set by font, "" when unknown: the library
	// sets fonts of its own around the running head and the footer.
	cur string
}

// pdfMark is one block of the layout: a heading, a table row, a chart or
// a paragraph, on a page at y, h millimetres tall.
type pdfMark struct {
	Kind string
	Page int
	Y, H float64
	Text string
}

// Page geometry in millimetres.
const (
	pdfMargin  = 15.0
	pdfBottom  = 18.0 // room for the footer
	pdfPageH   = 297.0
	pdfWidth   = 210.0 - 2*pdfMargin
	pdfLineH   = 4.2
	pdfPadding = 1.2
	// The heights of a heading and of a sub-heading with their space.
	pdfHeadingH    = 11.0
	pdfSubheadingH = 8.0
)

func newPDFDoc(o PDFOptions, title string) *pdfDoc {
	d := &pdfDoc{L: locale.English()}
	if o.Lang == "zh" {
		d.f, d.FontPath, d.Notice = chineseFont(o.Font)
		d.ttf = d.f != nil
	}
	if d.ttf {
		d.L = locale.Of("zh")
	} else {
		d.f = fpdf.New("P", "mm", "A4", "")
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

// chineseFont makes a document with the Chinese font: the configured one,
// or else the first of PDFFonts that loads. Without one it returns nil
// and the reason, in English.
func chineseFont(configured string) (*fpdf.Fpdf, string, string) {
	paths := PDFFonts
	if configured != "" {
		paths = []string{configured}
	}
	var why []string
	for _, path := range paths {
		b, err := readTrueType(path)
		if err != nil {
			why = append(why, err.Error())
			continue
		}
		f := fpdf.New("P", "mm", "A4", "")
		f.AddUTF8FontFromBytes(fontFamily(path), "", b)
		f.SetFont(fontFamily(path), "", 10)
		if err := f.Error(); err != nil {
			// The file looked like a font but the library could not read it.
			why = append(why, fmt.Sprintf("the font %s could not be read (%v)", path, err))
			continue
		}
		return f, path, ""
	}
	if configured != "" {
		return nil, "", fmt.Sprintf("Chinese was asked for, but the Chinese font could not be used (%s); this report is in English. "+
			"Set IGMC_PDF_FONT to a TrueType font that covers Chinese, or unset it to use an installed one.", strings.Join(why, "; "))
	}
	return nil, "", fmt.Sprintf("Chinese was asked for, but no Chinese font could be used (%s); this report is in English. "+
		"Install the fonts-wqy-microhei or fonts-lxgw-wenkai package, or set IGMC_PDF_FONT to a TrueType font that covers Chinese.",
		strings.Join(why, "; "))
}

// fontFamily is the name the font gets in the PDF (pdffonts shows it
// after "utf8"): its file's name, in letters and digits.
func fontFamily(path string) string {
	base := filepath.Base(path)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	return strings.Map(func(r rune) rune {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return r
		}
		return -1
	}, base)
}

// mark records a block of the layout.
func (d *pdfDoc) mark(kind string, y, h float64, text string) {
	d.marks = append(d.marks, pdfMark{Kind: kind, Page: d.f.PageNo(), Y: y, H: h, Text: text})
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
		d.cur = ""
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
		d.cur = ""
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
	key := fmt.Sprint(style, size)
	if key == d.cur {
		return
	}
	d.cur = key
	if d.ttf {
		d.f.SetFont(fontFamily(d.FontPath), "", size)
		return
	}
	d.f.SetFont("Helvetica", style, size)
}

func (d *pdfDoc) width(s string) float64 { return d.f.GetStringWidth(d.tx(s)) }

// room starts a new page unless h millimetres are left on this one.
func (d *pdfDoc) room(h float64) bool {
	_, pageH := d.f.GetPageSize()
	if d.f.GetY()+h > pageH-pdfBottom {
		d.f.AddPage()
		return true
	}
	return false
}

// heading writes a section heading; it goes to the next page unless the
// first piece of the block after it, next millimetres tall, fits under it.
func (d *pdfDoc) heading(s string, next float64) {
	d.room(pdfHeadingH + next)
	y := d.f.GetY()
	d.f.Ln(3)
	d.font("B", 12)
	d.f.SetTextColor(31, 107, 58)
	d.f.CellFormat(pdfWidth, 7, d.tx(s), "", 1, "L", false, 0, "")
	d.f.SetTextColor(0, 0, 0)
	d.f.Ln(1)
	d.mark("heading", y, pdfHeadingH, s)
}

// subheading writes a heading inside a section (a perspective over its
// indicators), kept with the next pieces as heading is.
func (d *pdfDoc) subheading(s string, next float64) {
	d.room(pdfSubheadingH + next)
	y := d.f.GetY()
	d.f.Ln(1.5)
	d.font("B", 10)
	d.f.SetTextColor(31, 107, 58)
	d.f.CellFormat(pdfWidth, 6, d.tx(s), "", 1, "L", false, 0, "")
	d.f.SetTextColor(0, 0, 0)
	d.f.Ln(0.5)
	d.mark("subheading", y, pdfSubheadingH, s)
}

// paraHeight is the height of the first line of a paragraph.
func paraHeight(size float64) float64 { return size * 0.5 }

// para writes wrapped text across the page.
func (d *pdfDoc) para(s string, size float64) {
	d.font("", size)
	for _, line := range d.wrap(s, pdfWidth) {
		d.room(paraHeight(size))
		d.mark("para", d.f.GetY(), paraHeight(size), line)
		d.f.CellFormat(pdfWidth, paraHeight(size), d.tx(line), "", 1, "L", false, 0, "")
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

// output finishes the document.
func (d *pdfDoc) output(w io.Writer) error {
	if err := d.f.Output(w); err != nil {
		return fmt.Errorf("reports: pdf: %w", err)
	}
	return nil
}
