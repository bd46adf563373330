package web

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	dotRe      = regexp.MustCompile(`M([-\d.]+) ([-\d.]+)h0`)
	polylineRe = regexp.MustCompile(`<polyline [^>]*points="([^"]*)"`)
	textRe     = regexp.MustCompile(`<text [^>]*>([^<]*)</text>`)
	lineRe     = regexp.MustCompile(`<line x1="[-\d.]+" y1="([-\d.]+)" x2="[-\d.]+" y2="([-\d.]+)" stroke="([^"]+)"`)
)

type point struct{ x, y float64 }

func circles(t *testing.T, svg string) []point {
	t.Helper()
	var out []point
	for _, m := range dotRe.FindAllStringSubmatch(svg, -1) {
		x, err1 := strconv.ParseFloat(m[1], 64)
		y, err2 := strconv.ParseFloat(m[2], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("circle at %q,%q", m[1], m[2])
		}
		out = append(out, point{x, y})
	}
	return out
}

// wellFormed checks what every chart must be: labelled, no NaN or Inf,
// every coordinate inside the view box.
func wellFormed(t *testing.T, ch *svgChart, svg string) {
	t.Helper()
	if !strings.HasPrefix(svg, `<svg role="img"`) || !strings.HasSuffix(svg, "</svg>") {
		t.Fatalf("not an svg element: %s", svg)
	}
	if !strings.Contains(svg, `aria-label="`) {
		t.Error("no aria-label")
	}
	if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
		t.Errorf("NaN or Inf in %s", svg)
	}
	for _, p := range circles(t, svg) {
		if p.x < 0 || p.x > ch.Width || p.y < 0 || p.y > ch.Height {
			t.Errorf("point %v outside %vx%v", p, ch.Width, ch.Height)
		}
	}
}

func TestSVGChartScales(t *testing.T) {
	ch := &svgChart{Width: 200, Height: 100, Years: []int{2010, 2011, 2012}, Values: []float64{0, 50, 100}, Fixed: true, Lo: 0, Hi: 100, Label: "x"}
	svg := string(ch.SVG())
	wellFormed(t, ch, svg)
	ps := circles(t, svg)
	if len(ps) != 3 {
		t.Fatalf("%d points, want 3", len(ps))
	}
	// Evenly spaced years, linear values: the middle point halves both
	// spans, and higher values sit higher (smaller y).
	if math.Abs(ps[1].x-(ps[0].x+ps[2].x)/2) > 0.1 || math.Abs(ps[1].y-(ps[0].y+ps[2].y)/2) > 0.1 {
		t.Errorf("points %v are not on a straight line", ps)
	}
	if !(ps[0].y > ps[1].y && ps[1].y > ps[2].y) || ps[0].x >= ps[2].x {
		t.Errorf("points %v are not rising left to right", ps)
	}
	labels := textRe.FindAllStringSubmatch(svg, -1)
	got := []string{}
	for _, m := range labels {
		got = append(got, m[1])
	}
	if strings.Join(got, " ") != "100 0 2010 2012" {
		t.Errorf("axis labels %q, want the scale's ends and the first and last year", got)
	}

	// A fixed scale clamps a value beyond it to the edge.
	ch.Values = []float64{-20, 50, 130}
	clamped := circles(t, string(ch.SVG()))
	if clamped[0].y != ps[0].y || clamped[2].y != ps[2].y {
		t.Errorf("values outside 0–100 are drawn at %v, want at the edges %v", clamped, ps)
	}

	// An automatic scale spans the values and the reference lines.
	auto := &svgChart{Width: 200, Height: 60, Years: []int{2018, 2019}, Values: []float64{70, 80}, Digits: 2, Label: "x",
		Refs: []svgRef{{Value: 100, Stroke: svgBlue}, {Value: 60, Stroke: svgRed}}}
	svg = string(auto.SVG())
	wellFormed(t, auto, svg)
	got = got[:0]
	for _, m := range textRe.FindAllStringSubmatch(svg, -1) {
		got = append(got, m[1])
	}
	if got[0] != "100" || got[1] != "60" {
		t.Errorf("scale labels %q, want 100 and 60", got[:2])
	}
	lines := lineRe.FindAllStringSubmatch(svg, -1)
	var top, bottom float64
	for _, m := range lines {
		y, _ := strconv.ParseFloat(m[1], 64)
		switch m[3] {
		case svgBlue:
			top = y
		case svgRed:
			bottom = y
		}
	}
	ap := circles(t, svg)
	// 70 lies a quarter of the way from 60 to 100.
	if want := bottom - (bottom-top)/4; math.Abs(ap[0].y-want) > 0.15 {
		t.Errorf("70 drawn at y=%v, want %v (target line at %v, red at %v)", ap[0].y, want, top, bottom)
	}
}

func TestSVGChartSinglePoint(t *testing.T) {
	ch := &svgChart{Width: 190, Height: 58, Years: []int{2019}, Values: []float64{42}, Digits: 2, Label: "one"}
	svg := string(ch.SVG())
	wellFormed(t, ch, svg)
	ps := circles(t, svg)
	if len(ps) != 1 || strings.Contains(svg, "<polyline") {
		t.Fatalf("one value should be one dot and no line: %s", svg)
	}
	if !strings.Contains(svg, `class="m">2019</text>`) {
		t.Error("the single year is not centred under the dot")
	}
	// One value and no reference line: the scale widens around it, so the
	// dot sits mid-height and the ends are labelled apart.
	if !strings.Contains(svg, ">46.2</text>") || !strings.Contains(svg, ">37.8</text>") {
		t.Errorf("scale of a single value 42 should be 37.8–46.2: %s", svg)
	}
}

func TestSVGChartMissingYears(t *testing.T) {
	nan := math.NaN()
	ch := &svgChart{Width: 300, Height: 120, Years: []int{2013, 2014, 2015, 2016, 2017, 2018},
		Values: []float64{1, 2, nan, 4, math.Inf(1), 6}, Label: "gaps"}
	svg := string(ch.SVG())
	wellFormed(t, ch, svg)
	ps := circles(t, svg)
	if len(ps) != 4 {
		t.Fatalf("%d dots, want 4 (2013, 2014, 2016, 2018)", len(ps))
	}
	lines := polylineRe.FindAllStringSubmatch(svg, -1)
	if len(lines) != 1 || strings.Count(lines[0][1], ",") != 2 {
		t.Fatalf("want one line joining 2013–2014 only, the lone 2016 and 2018 as dots: %v", lines)
	}
	// The x positions keep the years' spacing across the gaps.
	step := (ps[1].x - ps[0].x)
	if math.Abs(ps[2].x-ps[0].x-3*step) > 0.15 || math.Abs(ps[3].x-ps[0].x-5*step) > 0.15 {
		t.Errorf("dots at %v are not spaced by year", ps)
	}

	empty := &svgChart{Width: 190, Height: 58, Years: []int{2013, 2014}, Values: []float64{nan, nan}, Label: "none"}
	svg = string(empty.SVG())
	wellFormed(t, empty, svg)
	if strings.Contains(svg, `class="d"`) || strings.Contains(svg, "<polyline") {
		t.Errorf("a chart without values draws values: %s", svg)
	}
	none := &svgChart{Width: 190, Height: 58, Label: "no years"}
	wellFormed(t, none, string(none.SVG()))
}

func TestSVGChartEqualValues(t *testing.T) {
	for _, v := range []float64{0, 7, -3} {
		ch := &svgChart{Width: 190, Height: 58, Years: []int{2017, 2018, 2019}, Values: []float64{v, v, v}, Digits: 2, Label: "flat",
			Refs: []svgRef{{Value: v, Stroke: svgGreen}}}
		svg := string(ch.SVG())
		wellFormed(t, ch, svg)
		ps := circles(t, svg)
		if len(ps) != 3 || ps[0].y != ps[1].y || ps[1].y != ps[2].y {
			t.Fatalf("flat series %v drawn at %v", v, ps)
		}
		// The plot runs from y=6 to y=44: a flat series sits in the middle.
		if math.Abs(ps[0].y-25) > 0.15 {
			t.Errorf("flat series %v at y=%v, want mid-plot 25", v, ps[0].y)
		}
	}
}

func TestSVGChartEscapesLabel(t *testing.T) {
	ch := &svgChart{Width: 100, Height: 50, Years: []int{2019}, Values: []float64{1}, Label: `A "quoted" <label> & more`, Class: `x"y`}
	svg := string(ch.SVG())
	if !strings.Contains(svg, `aria-label="A &#34;quoted&#34; &lt;label&gt; &amp; more"`) || strings.Contains(svg, `x"y`) {
		t.Errorf("label or class not escaped: %s", svg)
	}
}

func TestYearChoices(t *testing.T) {
	if got := scYearChoices(2013, 2020, true, 2019); len(got) != 8 || got[0] != 2020 || got[7] != 2013 {
		t.Errorf("years %v", got)
	}
	if got := scYearChoices(2013, 2020, true, 2025); len(got) != 13 || got[0] != 2025 {
		t.Errorf("a year beyond the data is offered too: %v", got)
	}
	if got := scYearChoices(0, 0, false, 2019); len(got) != 1 || got[0] != 2019 {
		t.Errorf("without data only the year shown: %v", got)
	}
}
