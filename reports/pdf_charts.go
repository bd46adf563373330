package reports

import (
	"fmt"
	"strings"

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

// pdfLabel is a text the chart layout placed: its box, where it is drawn
// and how; no two labels of a chart overlap (TestChartLabelsApart).
type pdfLabel struct {
	Text       string
	X, Y, W, H float64
	Size       float64
	White      bool // drawn on a bar
}

func (a pdfLabel) overlaps(b pdfLabel) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

// ptMM is the height of a font size in millimetres.
func ptMM(size float64) float64 { return size * 25.4 / 72 }

// The geometry of a bar chart: the label column, each bar's height and
// the space between bars, and the room after a bar for its score.
type barGeometry struct {
	LabelW, BarH, Gap, Size float64
}

var (
	perspectiveBars = barGeometry{LabelW: 55, BarH: 6, Gap: 2.5, Size: 8}
	zoneBars        = barGeometry{LabelW: 60, BarH: 3.6, Gap: 1.4, Size: 7}
)

const barScoreRoom = 14.0

// barChartHeight is the height of a bar chart of n bars with its title
// and scale.
func barChartHeight(g barGeometry, n int) float64 {
	return 8 + float64(n)*(g.BarH+g.Gap) + 6
}

// barLayout places the labels of bars drawn from y0 (the top of the
// plot): each name in the label column, shortened with an ellipsis to fit,
// each score after its bar, or on the bar in white when the bar reaches
// the end, and the scale under the plot.
func (d *pdfDoc) barLayout(g barGeometry, bars []pdfBar, y0 float64) []pdfLabel {
	x0 := pdfMargin + g.LabelW
	plotW := pdfWidth - g.LabelW - barScoreRoom
	plotH := float64(len(bars)) * (g.BarH + g.Gap)
	var out []pdfLabel
	d.font("", 7)
	for v := 0; v <= 100; v += 25 {
		t := fmt.Sprint(v)
		w := d.width(t)
		out = append(out, pdfLabel{Text: t, X: x0 + plotW*float64(v)/100 - w/2, Y: y0 + plotH + 0.8, W: w, H: ptMM(7), Size: 7})
	}
	th := ptMM(g.Size)
	for i, b := range bars {
		y := y0 + float64(i)*(g.BarH+g.Gap) + (g.BarH-th)/2
		d.font("", g.Size)
		name := d.shorten(b.Label, g.LabelW-2)
		w := d.width(name)
		out = append(out, pdfLabel{Text: name, X: x0 - 1.5 - w, Y: y, W: w, H: th, Size: g.Size})
		if b.Score == nil {
			t := d.L.T("report.no_score")
			out = append(out, pdfLabel{Text: t, X: x0 + 1, Y: y, W: d.width(t), H: th, Size: g.Size})
			continue
		}
		t := FigureText(d.L, b.Score)
		w = d.width(t)
		end := x0 + plotW*min(max(*b.Score, 0), 100)/100
		l := pdfLabel{Text: t, X: end + 1, Y: y, W: w, H: th, Size: g.Size}
		if end+1+w > x0+plotW+barScoreRoom && end-x0 > w+2 {
			l.X, l.White = end-1-w, true
		}
		out = append(out, l)
	}
	return out
}

// shorten cuts s to the width avail, ending it with an ellipsis.
func (d *pdfDoc) shorten(s string, avail float64) string {
	if d.width(s) <= avail {
		return s
	}
	const dots = "…"
	cut := d.fit(s, avail-d.width(dots))
	return strings.TrimRight(s[:cut], " ") + dots
}

// barChart draws horizontal bars on a 0–100 scale with grid lines every
// 25, each bar's score after it and "no score" where there is none. A
// chart longer than the page goes on over the next pages, its title and
// scale repeated.
func (d *pdfDoc) barChart(title string, g barGeometry, bars []pdfBar) {
	for len(bars) > 0 {
		// A chart that fits on a page is kept whole; a longer one starts
		// with at least three bars.
		if h := barChartHeight(g, len(bars)); h < 120 {
			d.room(h)
		} else {
			d.room(barChartHeight(g, 3))
		}
		_, pageH := d.f.GetPageSize()
		n := int((pageH - pdfBottom - d.f.GetY() - 14) / (g.BarH + g.Gap))
		n = min(max(n, 1), len(bars))
		d.barChartPart(title, g, bars[:n])
		bars = bars[n:]
	}
}

func (d *pdfDoc) barChartPart(title string, g barGeometry, bars []pdfBar) {
	top := d.f.GetY()
	d.font("B", 9)
	d.f.CellFormat(pdfWidth, 6, d.tx(title), "", 1, "L", false, 0, "")
	x0, y0 := pdfMargin+g.LabelW, d.f.GetY()+2
	plotW := pdfWidth - g.LabelW - barScoreRoom
	plotH := float64(len(bars)) * (g.BarH + g.Gap)
	d.f.SetDrawColor(213, 226, 217)
	for v := 0; v <= 100; v += 25 {
		x := x0 + plotW*float64(v)/100
		d.f.Line(x, y0, x, y0+plotH)
	}
	d.f.SetDrawColor(0, 0, 0)
	for i, b := range bars {
		if b.Score == nil {
			continue
		}
		rgb, ok := ratingBarRGB[b.Rating]
		if !ok {
			rgb = [3]int{31, 107, 58} // a bar without a rating: the report's green
		}
		d.f.SetFillColor(rgb[0], rgb[1], rgb[2])
		d.f.Rect(x0, y0+float64(i)*(g.BarH+g.Gap), plotW*min(max(*b.Score, 0), 100)/100, g.BarH, "F")
	}
	d.drawLabels(d.barLayout(g, bars, y0))
	d.f.SetXY(pdfMargin, y0+plotH+6)
	d.mark("chart", top, d.f.GetY()-top, title)
}

// drawLabels writes placed labels, each in its box.
func (d *pdfDoc) drawLabels(labels []pdfLabel) {
	for _, l := range labels {
		d.font("", l.Size)
		if l.White {
			d.f.SetTextColor(255, 255, 255)
		}
		d.f.SetXY(l.X-pdfPadding, l.Y)
		d.f.CellFormat(l.W+2*pdfPadding, l.H, d.tx(l.Text), "", 0, "C", false, 0, "")
		d.f.SetTextColor(0, 0, 0)
	}
}

// lineChartHeight is the height of the chart of the index over the years.
const lineChartHeight = 45.0 + 15

// lineLayout places the labels of the chart of the index over the years
// with the plot's top at y0: the scale on the left, the years under the
// plot (every second or more when they would touch), and each value above
// its point, or below it, or left out when both would touch another label.
func (d *pdfDoc) lineLayout(years []int, values []*float64, y0 float64) []pdfLabel {
	const plotH = lineChartHeight - 15
	x0, plotW := pdfMargin+10, pdfWidth-20
	px := func(i int) float64 {
		if len(years) == 1 {
			return x0 + plotW/2
		}
		return x0 + plotW/float64(len(years)-1)*float64(i)
	}
	py := func(v float64) float64 { return y0 + plotH*(1-min(max(v, 0), 100)/100) }
	var out []pdfLabel
	d.font("", 7)
	th := ptMM(7)
	for v := 0; v <= 100; v += 25 {
		t := fmt.Sprint(v)
		w := d.width(t)
		out = append(out, pdfLabel{Text: t, X: x0 - 2 - w, Y: py(float64(v)) - th/2, W: w, H: th, Size: 7})
	}
	step := 1
	if len(years) > 1 {
		yw := d.width("0000") + 1.5
		for plotW/float64(len(years)-1)*float64(step) < yw {
			step++
		}
	}
	last := len(years) - 1
	for i, y := range years {
		// The first and the last year, and every step-th between them
		// far enough from the last.
		if i != last && (i%step != 0 || last-i < step) {
			continue
		}
		t := fmt.Sprint(y)
		w := d.width(t)
		out = append(out, pdfLabel{Text: t, X: px(i) - w/2, Y: y0 + plotH + 1.8, W: w, H: th, Size: 7})
	}
	for i, v := range values {
		if v == nil {
			continue
		}
		t := FigureText(d.L, v)
		w := d.width(t)
		for _, y := range []float64{py(*v) - 1.4 - th, py(*v) + 1.4} {
			l := pdfLabel{Text: t, X: px(i) - w/2, Y: y, W: w, H: th, Size: 7}
			clear := true
			for _, o := range out {
				if o.overlaps(l) {
					clear = false
					break
				}
			}
			if clear {
				out = append(out, l)
				break
			}
		}
	}
	return out
}

// lineChart draws the index over the years on a 0–100 scale; a year
// without an index leaves a gap in the line.
func (d *pdfDoc) lineChart(title string, years []int, values []*float64) {
	if len(years) == 0 {
		return
	}
	const plotH = lineChartHeight - 15
	d.room(lineChartHeight)
	top := d.f.GetY()
	d.font("B", 9)
	d.f.CellFormat(pdfWidth, 6, d.tx(title), "", 1, "L", false, 0, "")
	x0, y0 := pdfMargin+10, d.f.GetY()+2
	plotW := pdfWidth - 20
	d.f.SetDrawColor(213, 226, 217)
	for v := 0; v <= 100; v += 25 {
		y := y0 + plotH*(1-float64(v)/100)
		d.f.Line(x0, y, x0+plotW, y)
	}
	px := func(i int) float64 {
		if len(years) == 1 {
			return x0 + plotW/2
		}
		return x0 + plotW/float64(len(years)-1)*float64(i)
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
	}
	d.f.SetLineWidth(0.2)
	d.f.SetDrawColor(0, 0, 0)
	d.drawLabels(d.lineLayout(years, values, y0))
	d.f.SetXY(pdfMargin, y0+plotH+7)
	d.mark("chart", top, d.f.GetY()-top, title)
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
