package reports

import (
	"fmt"

	"igmc/locale"
	"igmc/scoring"
)

// The PDF reports' coloured parts: rating cells, bar and line charts and
// the row of key figures. The pages draw their charts as SVG (web's
// svgchart.go); these are drawn with the PDF library's own shapes.

// ratingRGB are the tints of the ratings, as on the pages; the rating's
// name is always written in the tinted cell too.
var ratingRGB = map[scoring.Rating][3]int{
	scoring.RatingGreen:  {216, 240, 223},
	scoring.RatingYellow: {255, 241, 194},
	scoring.RatingOrange: {253, 226, 200},
	scoring.RatingRed:    {251, 218, 215},
	scoring.RatingGray:   {232, 235, 233},
}

// ratingBarRGB are the stronger colours of the chart bars.
var ratingBarRGB = map[scoring.Rating][3]int{
	scoring.RatingGreen:  {47, 133, 77},
	scoring.RatingYellow: {217, 181, 74},
	scoring.RatingOrange: {224, 140, 61},
	scoring.RatingRed:    {196, 69, 56},
	scoring.RatingGray:   {170, 179, 174},
}

func ratingCell(l *locale.Lang, r *scoring.Rating) pdfCell {
	if r == nil {
		return pdfCell{Text: locale.NoEntry}
	}
	rgb := ratingRGB[*r]
	return pdfCell{Text: RatingText(l, *r), Fill: &rgb}
}

// pdfBar is one bar of a chart: a label, a 0–100 score (nil: none) and
// the rating that colours it.
type pdfBar struct {
	Label  string
	Score  *float64
	Rating scoring.Rating
}

// barChart draws horizontal bars on a 0–100 scale with grid lines every 25,
// the score written after each bar and "no score" where there is none.
func (d *pdfDoc) barChart(title string, bars []pdfBar) {
	const labelW, barH, gap = 55.0, 6.0, 2.5
	plotW := pdfWidth - labelW - 14
	h := 10 + float64(len(bars))*(barH+gap) + 8
	d.room(h)
	d.font("B", 9)
	d.f.CellFormat(pdfWidth, 6, d.tx(title), "", 1, "L", false, 0, "")
	x0, y0 := pdfMargin+labelW, d.f.GetY()+2
	plotH := float64(len(bars)) * (barH + gap)
	d.font("", 7)
	d.f.SetDrawColor(213, 226, 217)
	for v := 0; v <= 100; v += 25 {
		x := x0 + plotW*float64(v)/100
		d.f.Line(x, y0, x, y0+plotH)
		d.f.SetXY(x-5, y0+plotH+0.5)
		d.f.CellFormat(10, 4, fmt.Sprint(v), "", 0, "C", false, 0, "")
	}
	d.f.SetDrawColor(0, 0, 0)
	for i, b := range bars {
		y := y0 + float64(i)*(barH+gap)
		d.font("", 8)
		label := d.wrap(b.Label, labelW)[0]
		d.f.SetXY(pdfMargin, y)
		d.f.CellFormat(labelW, barH, d.tx(label), "", 0, "R", false, 0, "")
		if b.Score == nil {
			d.f.SetXY(x0, y)
			d.f.CellFormat(plotW, barH, d.tx(d.L.T("report.no_score")), "", 0, "L", false, 0, "")
			continue
		}
		rgb := ratingBarRGB[b.Rating]
		d.f.SetFillColor(rgb[0], rgb[1], rgb[2])
		d.f.Rect(x0, y, plotW*min(max(*b.Score, 0), 100)/100, barH, "F")
		d.f.SetXY(x0+plotW*min(max(*b.Score, 0), 100)/100, y)
		d.f.CellFormat(14, barH, d.L.Num(b.Score, 1), "", 0, "L", false, 0, "")
	}
	d.f.SetXY(pdfMargin, y0+plotH+6)
}

// lineChart draws the index over the years on a 0–100 scale; a year
// without an index leaves a gap in the line.
func (d *pdfDoc) lineChart(title string, years []int, values []*float64) {
	if len(years) == 0 {
		return
	}
	const plotH = 45.0
	d.room(plotH + 20)
	d.font("B", 9)
	d.f.CellFormat(pdfWidth, 6, d.tx(title), "", 1, "L", false, 0, "")
	x0, y0 := pdfMargin+10, d.f.GetY()+2
	plotW := pdfWidth - 20
	d.font("", 7)
	d.f.SetDrawColor(213, 226, 217)
	for v := 0; v <= 100; v += 25 {
		y := y0 + plotH*(1-float64(v)/100)
		d.f.Line(x0, y, x0+plotW, y)
		d.f.SetXY(pdfMargin, y-2)
		d.f.CellFormat(9, 4, fmt.Sprint(v), "", 0, "R", false, 0, "")
	}
	step := plotW / float64(max(len(years)-1, 1))
	px := func(i int) float64 { return x0 + step*float64(i) }
	if len(years) == 1 {
		px = func(int) float64 { return x0 + plotW/2 }
	}
	py := func(v float64) float64 { return y0 + plotH*(1-min(max(v, 0), 100)/100) }
	d.f.SetDrawColor(31, 107, 58)
	d.f.SetFillColor(31, 107, 58)
	d.f.SetLineWidth(0.6)
	for i, v := range values {
		if v == nil {
			continue
		}
		if i > 0 && values[i-1] != nil {
			d.f.Line(px(i-1), py(*values[i-1]), px(i), py(*v))
		}
		d.f.Circle(px(i), py(*v), 0.9, "F")
		d.f.SetXY(px(i)-8, py(*v)-5)
		d.f.CellFormat(16, 4, d.L.Num(v, 1), "", 0, "C", false, 0, "")
	}
	d.f.SetLineWidth(0.2)
	d.f.SetDrawColor(0, 0, 0)
	for i, y := range years {
		d.f.SetXY(px(i)-8, y0+plotH+0.5)
		d.f.CellFormat(16, 4, fmt.Sprint(y), "", 0, "C", false, 0, "")
	}
	d.f.SetXY(pdfMargin, y0+plotH+7)
}

// keyFigures draws a row of boxes, each a label over a large figure.
func (d *pdfDoc) keyFigures(items [][2]string) {
	const h = 16.0
	d.room(h + 4)
	w := pdfWidth / float64(len(items))
	x, y := pdfMargin, d.f.GetY()
	for _, it := range items {
		d.f.SetDrawColor(213, 226, 217)
		d.f.Rect(x+1, y, w-2, h, "D")
		d.f.SetXY(x+1, y+1)
		d.font("", 8)
		d.f.SetTextColor(95, 107, 100)
		d.f.CellFormat(w-2, 4, d.tx(it[0]), "", 0, "L", false, 0, "")
		d.f.SetTextColor(0, 0, 0)
		d.f.SetXY(x+1, y+6)
		d.font("B", 14)
		d.f.CellFormat(w-2, 8, d.tx(d.wrap(it[1], w-2)[0]), "", 0, "L", false, 0, "")
		x += w
	}
	d.f.SetDrawColor(0, 0, 0)
	d.f.SetXY(pdfMargin, y+h+4)
}
