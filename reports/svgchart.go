package reports

import (
	"html/template"
	"math"
	"strconv"
	"strings"

	"igmc/locale"
)

// The scorecard's charts are small SVG line charts drawn on the server, so
// the page needs no script and prints as it shows. A chart plots one value
// per year against optional horizontal reference lines (a target, the
// rating thresholds). Missing years break the line; a lone value shows as
// a dot. Colours only repeat what the text around the chart says.

// SVGRef is a horizontal reference line across the plot.
type SVGRef struct {
	Value  float64
	Stroke string // colour
	// Dash is the line's dashes as a class of the style sheets
	// (SVGDashLong, SVGDashShort, SVGDashSparse); empty for a solid line.
	Dash string
}

// SVGChart is one chart. Values holds one value per entry of Years; NaN
// (or ±Inf) marks a year without a value.
type SVGChart struct {
	Width, Height float64
	Years         []int
	Values        []float64
	Refs          []SVGRef
	// Fixed pins the vertical scale to Lo..Hi (scores: 0..100); otherwise
	// it spans the values and the reference lines.
	Fixed  bool
	Lo, Hi float64
	// Digits is the number of decimals of the axis labels.
	Digits int
	// Label is the chart's accessible name: its values in words.
	Label string
	Class string
}

// Colours of the chart parts: the reference lines take theirs from here,
// the rest from the style sheets (web/static/app.css and the public
// site's style.css, rules .chart …), which use the same ones.
const (
	SVGInk   = "#1b2b22"
	SVGAxis  = "#9bb3a4"
	SVGMuted = "#5f6b64"
	SVGGreen = "#1f6b3a"
	SVGRed   = "#b3261e"
	SVGBlue  = "#2f4f8f"
)

// The dashes of reference lines, as classes of the style sheets.
const (
	SVGDashLong   = "dl" // 6 3: a target
	SVGDashShort  = "ds" // 2 2: a threshold
	SVGDashSparse = "dt" // 2 3: a midline
)

const (
	svgFont    = 9.0
	svgCharW   = 5.4 // rough width of a digit at svgFont
	svgPadTop  = 6.0
	svgPadSide = 6.0
	svgYearRow = 12.0
)

// scale returns the vertical range of the chart. It is never empty: equal
// bounds are widened around the value so that a flat series sits mid-plot.
func (ch *SVGChart) scale() (lo, hi float64, ok bool) {
	if ch.Fixed && SVGFinite(ch.Lo) && SVGFinite(ch.Hi) && ch.Hi > ch.Lo {
		return ch.Lo, ch.Hi, true
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	see := func(v float64) {
		if SVGFinite(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	for _, v := range ch.Values {
		see(v)
	}
	for _, r := range ch.Refs {
		see(r.Value)
	}
	if lo > hi {
		return 0, 1, false
	}
	if lo == hi {
		pad := math.Abs(lo) * 0.1
		if pad == 0 {
			pad = 1
		}
		lo, hi = lo-pad, hi+pad
	}
	return lo, hi, true
}

// SVG draws the chart.
func (ch *SVGChart) SVG() template.HTML {
	var b strings.Builder
	b.Grow(900 + 40*len(ch.Values))
	lo, hi, ok := ch.scale()
	loText, hiText := locale.Group(locale.Decimal(lo, ch.Digits, -1)), locale.Group(locale.Decimal(hi, ch.Digits, -1))
	if !ok {
		loText, hiText = "", ""
	}
	labelW := float64(max(len(loText), len(hiText)))*svgCharW + 4
	x0, x1 := svgPadSide+labelW, ch.Width-svgPadSide
	y0, y1 := svgPadTop, ch.Height-svgYearRow-2
	if x1-x0 < 10 {
		x1 = x0 + 10
	}
	first, last := 0, 0
	if len(ch.Years) > 0 {
		first, last = ch.Years[0], ch.Years[len(ch.Years)-1]
	}
	xOf := func(year int) float64 {
		if last == first {
			return (x0 + x1) / 2
		}
		return x0 + float64(year-first)/float64(last-first)*(x1-x0)
	}
	yOf := func(v float64) float64 {
		v = math.Max(lo, math.Min(hi, v))
		return y1 - (v-lo)/(hi-lo)*(y1-y0)
	}

	// Inline in a page, the chart needs no namespace; its strokes, fills
	// and fonts come from the page's style sheet, so that each chart
	// carries only its geometry.
	b.WriteString(`<svg role="img" class="`)
	b.WriteString(template.HTMLEscapeString(strings.TrimSpace("chart " + ch.Class)))
	b.WriteString(`" viewBox="0 0 `)
	b.WriteString(svgCoord(ch.Width) + " " + svgCoord(ch.Height))
	b.WriteString(`" width="` + svgCoord(ch.Width) + `" height="` + svgCoord(ch.Height) + `" aria-label="`)
	b.WriteString(template.HTMLEscapeString(ch.Label))
	b.WriteString(`">`)

	// Axes: the left one carries the scale's ends, the bottom one the
	// first and last year.
	b.WriteString(`<path class="ax" d="M` + svgCoord(x0) + " " + svgCoord(y0) + "V" + svgCoord(y1) + "H" + svgCoord(x1) + `"/>`)
	if ok {
		svgText(&b, x0-3, y0+svgFont*0.35+1, "end", hiText)
		svgText(&b, x0-3, y1+svgFont*0.35-1, "end", loText)
	}
	if len(ch.Years) > 0 {
		yl := ch.Height - 2
		if first == last {
			svgText(&b, xOf(first), yl, "middle", strconv.Itoa(first))
		} else {
			svgText(&b, x0, yl, "start", strconv.Itoa(first))
			svgText(&b, x1, yl, "end", strconv.Itoa(last))
		}
	}
	if !ok {
		b.WriteString(`</svg>`)
		return template.HTML(b.String())
	}
	for _, r := range ch.Refs {
		if SVGFinite(r.Value) {
			y := yOf(r.Value)
			svgLine(&b, x0, y, x1, y, r.Stroke, r.Dash)
		}
	}

	// The values: a polyline per run of consecutive years with a value,
	// a dot on every value.
	run := make([]int, 0, len(ch.Values))
	flush := func() {
		if len(run) > 1 {
			b.WriteString(`<polyline class="v" points="`)
			for k, i := range run {
				if k > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(svgCoord(xOf(ch.Years[i])) + "," + svgCoord(yOf(ch.Values[i])))
			}
			b.WriteString(`"/>`)
		}
		run = run[:0]
	}
	for i := range ch.Years {
		if i >= len(ch.Values) || !SVGFinite(ch.Values[i]) {
			flush()
			continue
		}
		if len(run) > 0 && ch.Years[run[len(run)-1]] != ch.Years[i]-1 {
			flush()
		}
		run = append(run, i)
	}
	flush()
	// The dots are one path of zero-length segments that the style sheet
	// draws with round caps (.chart .d), four units wide: a dot of radius 2
	// each.
	dots := false
	for i := range ch.Years {
		if i < len(ch.Values) && SVGFinite(ch.Values[i]) {
			if !dots {
				b.WriteString(`<path class="d" d="`)
				dots = true
			}
			b.WriteString("M" + svgCoord(xOf(ch.Years[i])) + " " + svgCoord(yOf(ch.Values[i])) + "h0")
		}
	}
	if dots {
		b.WriteString(`"/>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func svgLine(b *strings.Builder, x1, y1, x2, y2 float64, stroke, dash string) {
	b.WriteString(`<line x1="` + svgCoord(x1) + `" y1="` + svgCoord(y1) + `" x2="` + svgCoord(x2) + `" y2="` + svgCoord(y2) +
		`" stroke="` + stroke + `"`)
	if dash != "" {
		b.WriteString(` class="` + dash + `"`)
	}
	b.WriteString(`/>`)
}

// svgText writes a label; anchor is start, middle or end (classes m and e
// of the style sheets, start being SVG's default).
func svgText(b *strings.Builder, x, y float64, anchor, s string) {
	b.WriteString(`<text x="` + svgCoord(x) + `" y="` + svgCoord(y) + `"`)
	switch anchor {
	case "middle":
		b.WriteString(` class="m"`)
	case "end":
		b.WriteString(` class="e"`)
	}
	b.WriteString(`>` + template.HTMLEscapeString(s) + `</text>`)
}

// svgCoord formats a coordinate with one decimal: enough for a screen, short
// in the page.
func svgCoord(v float64) string {
	if !SVGFinite(v) {
		v = 0
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

func SVGFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// SeriesWords says a series in words: "2013 62, 2014 66". Years without a
// value say missing, or are left out when missing is empty.
func SeriesWords(years []int, vals []float64, digits int, pair func(int, string) string, sep, missing string) string {
	var b strings.Builder
	for i, y := range years {
		v := ""
		switch {
		case SVGFinite(vals[i]):
			v = locale.Group(locale.Decimal(vals[i], digits, -1))
		case missing != "":
			v = missing
		default:
			continue
		}
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(pair(y, v))
	}
	return b.String()
}

// PairFormat returns a function that writes "year value" in the
// page's language. The message is looked up once and filled in by plain
// substitution: a page has hundreds of these pairs.
func PairFormat(l *locale.Lang) func(int, string) string {
	const y, v = "\x00Y\x00", "\x00V\x00"
	pattern := l.T("scorecard.chart.pair", "Year", y, "Value", v)
	yi, vi := strings.Index(pattern, y), strings.Index(pattern, v)
	if yi < 0 || vi < yi {
		return func(year int, value string) string { return strconv.Itoa(year) + " " + value }
	}
	pre, mid, post := pattern[:yi], pattern[yi+len(y):vi], pattern[vi+len(v):]
	return func(year int, value string) string { return pre + strconv.Itoa(year) + mid + value + post }
}
