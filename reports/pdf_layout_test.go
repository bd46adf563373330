package reports

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"igmc/indicators"
	"igmc/scoring"
)

// The PDF layout, checked on the layout itself: the boxes of the chart
// labels and the blocks the pages were made of.

// demoCard is the demo's 2019 scorecard of LY (the golden file of the
// command line) with the pilot catalogue.
func demoCard(t testing.TB) (*scoring.Card, *indicators.Catalogue) {
	t.Helper()
	b, err := os.ReadFile("../cmd/igmc/testdata/demo-LY-2019.json")
	if err != nil {
		t.Fatal(err)
	}
	var card scoring.Card
	if err := json.Unmarshal(b, &card); err != nil {
		t.Fatal(err)
	}
	cat, err := indicators.PilotCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	if len(card.Indicators) < 40 || len(card.Perspectives) != 6 {
		t.Fatalf("the demo card has %d indicators and %d perspectives", len(card.Indicators), len(card.Perspectives))
	}
	return &card, cat
}

// langDocs are a document per language that can be drawn: English, and
// Chinese when a Chinese font is installed.
func langDocs(t *testing.T) map[string]*pdfDoc {
	out := map[string]*pdfDoc{"en": newPDFDoc(PDFOptions{Lang: "en"}, "t")}
	if zh := newPDFDoc(PDFOptions{Lang: "zh"}, "t"); zh.Notice == "" {
		out["zh"] = zh
	} else {
		t.Logf("Chinese not checked: %s", zh.Notice)
	}
	for _, d := range out {
		d.f.AddPage()
	}
	return out
}

func fp(v float64) *float64 { return &v }

// apart fails when two labels overlap or a label leaves the page.
func apart(t *testing.T, what string, labels []pdfLabel) {
	t.Helper()
	if len(labels) == 0 {
		t.Fatalf("%s: no labels", what)
	}
	for i, a := range labels {
		if a.W <= 0 || a.H <= 0 || a.X < pdfMargin-0.01 || a.X+a.W > 210-pdfMargin+0.01 {
			t.Errorf("%s: label %q at x %.1f, width %.1f is not inside the page", what, a.Text, a.X, a.W)
		}
		for _, b := range labels[i+1:] {
			if a.overlaps(b) {
				t.Errorf("%s: labels %q (%.1f,%.1f %.1f×%.1f) and %q (%.1f,%.1f %.1f×%.1f) overlap",
					what, a.Text, a.X, a.Y, a.W, a.H, b.Text, b.X, b.Y, b.W, b.H)
			}
		}
	}
}

// TestChartLabelsApart lays out the charts of the demo and of crowded
// made-up data (long names, scores of 0, 99.9 and 100, none, values a
// tenth apart, thirty years) and wants no two label boxes to intersect.
func TestChartLabelsApart(t *testing.T) {
	card, _ := demoCard(t)
	long := []string{"Share of the built-up area that is open space for public use, by district",
		"每万人拥有的公共开放空间面积占建成区面积的比例（按街道统计）", "W", "环境"}
	for lang, d := range langDocs(t) {
		var demo []pdfBar
		for _, p := range card.Perspectives {
			demo = append(demo, pdfBar{Label: d.L.Name(p.NameEn, p.NameZh), Score: p.Score, Rating: p.Rating})
		}
		var crowded []pdfBar
		scores := []*float64{fp(100), fp(99.9), fp(0), nil, fp(50), fp(97), fp(3)}
		for i := 0; i < 40; i++ {
			crowded = append(crowded, pdfBar{Label: long[i%len(long)], Score: scores[i%len(scores)], Rating: scoring.RatingRed})
		}
		for _, g := range []barGeometry{perspectiveBars, zoneBars} {
			apart(t, lang+" demo bars", d.barLayout(g, demo, 40))
			labels := d.barLayout(g, crowded, 40)
			apart(t, lang+" crowded bars", labels)
			for _, l := range labels {
				if strings.HasPrefix(long[0], strings.TrimSuffix(l.Text, "…")) && l.Text != long[0] && !strings.HasSuffix(l.Text, "…") {
					t.Errorf("%s: a shortened name has no ellipsis: %q", lang, l.Text)
				}
			}
		}

		years := []int{2013, 2014, 2015, 2016, 2017, 2018, 2019}
		demoIdx := []*float64{fp(39.1), fp(42), fp(45.3), fp(48.5), fp(51.6), fp(54.9), card.Index.Score}
		apart(t, lang+" demo line", d.lineLayout(years, demoIdx, 40))
		var ys []int
		var close []*float64
		for i := 0; i < 10; i++ {
			ys = append(ys, 2010+i)
			close = append(close, fp(50+float64(i%2)*0.1))
		}
		apart(t, lang+" close values", d.lineLayout(ys, close, 40))
		apart(t, lang+" extremes", d.lineLayout(ys, []*float64{fp(0), fp(100), fp(0), nil, fp(100), fp(0.1), fp(99.9), fp(1), nil, fp(0)}, 40))
		ys, close = nil, nil
		for i := 0; i < 30; i++ {
			ys = append(ys, 1990+i)
			close = append(close, fp(float64(i%3)*0.5+20))
		}
		labels := d.lineLayout(ys, close, 40)
		apart(t, lang+" thirty years", labels)
		seen := 0
		for _, l := range labels {
			if l.Text == "2019" || l.Text == "1990" {
				seen++
			}
		}
		if seen != 2 {
			t.Errorf("%s: thirty years: the first and last year are not both labelled", lang)
		}
		apart(t, lang+" one year", d.lineLayout([]int{2019}, []*float64{fp(58.1)}, 40))
	}
}

// crowdedCard has perspectives of n, n+3, … indicators with long names,
// so that its headings fall at every height of a page as n grows.
func crowdedCard(n int) (*scoring.Card, *indicators.Catalogue) {
	cat := &indicators.Catalogue{}
	card := &scoring.Card{Framework: "t", Zone: "Z", Year: 2020, Basis: scoring.BasisOfficial, MethodVersion: "1"}
	for p := 0; p < 5; p++ {
		code := fmt.Sprintf("p%d", p)
		cat.Perspectives = append(cat.Perspectives, indicators.Perspective{Code: code, NameEn: "Perspective " + code, NameZh: "维度" + code})
		card.Perspectives = append(card.Perspectives, scoring.PerspectiveCard{Code: code, NameEn: "Perspective " + code, NameZh: "维度" + code,
			Score: fp(float64(20 * p)), Rating: scoring.RatingYellow})
		for i := 0; i < n+3*p; i++ {
			ic := fmt.Sprintf("%s-%02d", code, i)
			name := strings.Repeat("long indicator name ", 1+i%4)
			cat.Indicators = append(cat.Indicators, indicators.Indicator{Code: ic, PerspectiveCode: code, NameEn: name, NameZh: strings.Repeat("很长的指标名称", 1+i%4),
				Unit: "bookings per 100 000 persons", UnitZh: "次/十万人"})
			r := scoring.RatingGreen
			card.Indicators = append(card.Indicators, scoring.IndicatorCard{IndicatorCode: ic, PerspectiveCode: code, Value: fp(12345.678 * float64(i)),
				Unit: "bookings per 100 000 persons", Score: fp(50), Rating: &r})
		}
	}
	// Listed in reverse: the PDF must still follow the catalogue's order.
	for i, j := 0, len(card.Indicators)-1; i < j; i, j = i+1, j-1 {
		card.Indicators[i], card.Indicators[j] = card.Indicators[j], card.Indicators[i]
	}
	return card, cat
}

// noOrphans fails when a heading is the last block of its page: the
// block after it must start on the same page, above the bottom margin.
func noOrphans(t *testing.T, what string, d *pdfDoc) {
	t.Helper()
	for i, m := range d.marks {
		if m.Kind != "heading" && m.Kind != "subheading" {
			continue
		}
		if i+1 == len(d.marks) {
			t.Errorf("%s: heading %q ends the document", what, m.Text)
			continue
		}
		next := d.marks[i+1]
		if next.Page != m.Page || m.Y+m.H+next.H > pdfPageH-pdfBottom+0.01 {
			t.Errorf("%s: heading %q at y %.1f of page %d, but the %s after it (%.1f mm) is on page %d at y %.1f",
				what, m.Text, m.Y, m.Page, next.Kind, next.H, next.Page, next.Y)
		}
	}
}

// TestNoOrphanHeadings draws the demo's scorecard and progress report and
// scorecards of 40 sizes in both languages and checks every heading on
// the layout; it also wants the indicators under their perspectives'
// headings, in the catalogue's order.
func TestNoOrphanHeadings(t *testing.T) {
	card, cat := demoCard(t)
	prev := *card
	prev.Year = 2018
	for _, lang := range []string{"en", "zh"} {
		o := PDFOptions{Lang: lang, Framework: indicators.IGMC, Now: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)}
		d := drawScorecard(ScorecardPDF{Card: card, Catalogue: cat, Zone: indicators.Zone{Code: "LY", NameEn: "Liuyang", NameZh: "浏阳"}}, o)
		if lang == "zh" && d.Notice != "" {
			t.Logf("Chinese not checked: %s", d.Notice)
			continue
		}
		noOrphans(t, lang+" demo scorecard", d)
		parts := 0
		for _, m := range d.marks {
			if m.Kind == "chart" && m.Text == d.L.T("report.chart.perspectives") {
				parts++
			}
		}
		if parts != 1 {
			t.Errorf("%s: the perspectives' chart is in %d parts, want one", lang, parts)
		}
		r := scoring.NewProgressReport(*card, &prev, cat, nil)
		noOrphans(t, lang+" demo progress", drawProgress(&r, indicators.Zone{Code: "LY"}, cat, o))
		step := 1
		if lang == "zh" {
			step = 3 // each Chinese document reads the font again
		}
		for n := 0; n < 40; n += step {
			c, k := crowdedCard(n)
			d := drawScorecard(ScorecardPDF{Card: c, Catalogue: k}, o)
			noOrphans(t, fmt.Sprintf("%s scorecard of %d", lang, n), d)
			if n == 6 {
				grouped(t, lang, d, k)
			}
		}
	}
}

// grouped wants one sub-heading per perspective, in the catalogue's
// order, each followed by the rows of its own indicators.
func grouped(t *testing.T, lang string, d *pdfDoc, cat *indicators.Catalogue) {
	t.Helper()
	persp := map[string]string{}
	for _, ind := range cat.Indicators {
		persp[ind.Code] = ind.PerspectiveCode
	}
	var order []string
	current := ""
	for _, m := range d.marks {
		switch {
		case m.Kind == "subheading":
			current = strings.TrimPrefix(strings.TrimPrefix(m.Text, "Perspective "), "维度")
			order = append(order, current)
		case m.Kind == "row" && persp[m.Text] != "" && persp[m.Text] != current:
			t.Errorf("%s: indicator %s is under the heading of %s", lang, m.Text, current)
		}
	}
	if strings.Join(order, ",") != "p0,p1,p2,p3,p4" {
		t.Errorf("%s: the perspective headings are %v, not in the catalogue's order", lang, order)
	}
}

// TestComparePDFLayout draws the comparison of 300 zones, long names and
// zones without an index among them: the chart runs over pages with no
// heading left at a page end.
func TestComparePDFLayout(t *testing.T) {
	cmp := &Compare{Framework: indicators.IGMC, Year: 2019, Basis: scoring.BasisOfficial, MethodVersion: "1"}
	for i := 0; i < 300; i++ {
		r := scoring.RankRow{Rank: i + 1, Zone: fmt.Sprintf("Z%03d", i), NameEn: strings.Repeat("Zone ", 1+i%9), NameZh: strings.Repeat("区域", 1+i%9),
			Index: fp(float64((i * 37) % 101)), Points: 100}
		if i%17 == 0 {
			r.Index = nil
		}
		cmp.Rows = append(cmp.Rows, r)
	}
	for _, lang := range []string{"en", "zh"} {
		d := drawCompare(cmp, PDFOptions{Lang: lang})
		if lang == "zh" && d.Notice != "" {
			continue
		}
		noOrphans(t, lang+" comparison", d)
		charts := 0
		for _, m := range d.marks {
			if m.Kind == "chart" {
				charts++
				if m.Y+m.H > pdfPageH-pdfBottom+0.01 {
					t.Errorf("%s: a part of the chart runs into the footer: y %.1f + %.1f", lang, m.Y, m.H)
				}
			}
		}
		if charts < 3 {
			t.Errorf("%s: 300 bars in %d parts", lang, charts)
		}
		if os.Getenv("IGMC_PDF_OUT") != "" {
			f, _ := os.Create(os.Getenv("IGMC_PDF_OUT") + "/compare-" + lang + ".pdf")
			_ = d.output(f)
			f.Close()
		}
	}
}

// TestUnitsKeptWhole: a kept cell (a unit, a rating, a figure with its
// year) is never broken inside a word: in a narrow column it is set
// smaller, then broken between words only; its column is first widened to
// it, at the names' expense.
func TestUnitsKeptWhole(t *testing.T) {
	for lang, d := range langDocs(t) {
		for _, c := range []struct {
			text string
			w    float64
		}{{"微克/立方米", 12}, {"bookings/100 000 persons", 14}, {"µg/m³", 8}, {"9,460.0 (2018)", 12}, {"moderately improving", 15}} {
			lines, size := d.cellLines(pdfCell{Text: c.text, Keep: true}, c.w, false)
			// Each line ends at a space or after a slash of the text.
			rest := c.text
			for i, l := range lines {
				if !strings.HasPrefix(rest, l) {
					t.Fatalf("%s: %q: line %q is not the text's next", lang, c.text, l)
				}
				rest = rest[len(l):]
				if i < len(lines)-1 && !strings.HasSuffix(l, "/") && !strings.HasPrefix(rest, " ") {
					t.Errorf("%s: %q in %.0f mm: lines %q at %.1f pt break a word", lang, c.text, c.w, lines, size)
				}
				rest = strings.TrimPrefix(rest, " ")
			}
			d.font("", size)
			for _, l := range lines {
				if d.width(l) > c.w-2*pdfPadding+0.01 {
					t.Errorf("%s: %q in %.0f mm: line %q is wider than the column", lang, c.text, c.w, l)
				}
			}
		}
		cols := d.fitColumns([]pdfCol{{"name", 60, "L", true}, {"unit", 10, "L", false}},
			[][]pdfCell{{{Text: "a"}, {Text: "bookings/100 000 persons", Keep: true}}})
		d.font("", pdfTableSize)
		if need := d.width("bookings/100 000 persons") + 2*pdfPadding; cols[1].W < need || cols[0].W+cols[1].W != 70 {
			t.Errorf("%s: the unit column is %.1f mm for %.1f mm of unit, the names %.1f mm", lang, cols[1].W, need, cols[0].W)
		}
	}
}
