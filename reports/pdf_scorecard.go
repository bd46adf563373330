package reports

import (
	"fmt"
	"io"

	"igmc/indicators"
	"igmc/locale"
	"igmc/scoring"
)

// ScorecardPDF is what the scorecard PDF is drawn from: the one card every
// format shows, the catalogue for the indicators' names, the zone for its
// name and, for the chart of the index over the years, the zone's cards of
// earlier years (oldest first; may be empty).
type ScorecardPDF struct {
	Card      *scoring.Card
	Catalogue *indicators.Catalogue
	Zone      indicators.Zone
	Series    []scoring.Card
}

// WriteScorecardPDF writes the scorecard as a printable A4 PDF in the
// language of o. It returns a notice, in English, when Chinese was asked
// for and the report had to be drawn in English.
func WriteScorecardPDF(w io.Writer, s ScorecardPDF, o PDFOptions) (string, error) {
	d := drawScorecard(s, o)
	return d.Notice, d.output(w)
}

func drawScorecard(s ScorecardPDF, o PDFOptions) *pdfDoc {
	card := s.Card
	d := newPDFDoc(o, fmt.Sprintf("Scorecard %s %d", card.Zone, card.Year))
	l := d.L
	d.footer(o.Now, card.MethodVersion, l.T("report.pdf.running_head", "Title", l.T("page.scorecard"), "Zone", card.Zone,
		"Year", card.Year, "Basis", l.T("basis."+string(card.Basis))))
	d.f.AddPage()
	d.title(l.T("page.scorecard"), s.Zone, FrameworkName(l, o.Framework, card.Framework), card.Year, card.MethodVersion)
	d.basis(card.Basis)
	if card.SignedOff != nil {
		d.notice(SignedOffText(l, card.SignedOff), [3]int{232, 243, 234})
	}
	if d.Notice != "" {
		d.notice(d.Notice, [3]int{253, 236, 234})
	}
	d.keyFigures([][2]string{
		{l.T("report.index"), IndexText(l, card.Index.Score)},
		{l.T("report.points"), l.T("report.points_of", "Earned", FigureText(l, &card.Points.Earned), "Max", FigureText(l, &card.Points.Max))},
		{l.T("report.grade"), GradeText(l, card.Points.Grade)},
		{l.T("report.coverage"), l.Pct(card.Coverage)},
		{l.T("report.estimated"), EstimatedText(l, card.Quality)},
	})
	if card.Index.Score == nil {
		d.para(ReasonText(l, card.Index), 9)
	}

	rows := make([][]pdfCell, 0, len(card.Perspectives))
	bars := make([]pdfBar, 0, len(card.Perspectives))
	for _, p := range card.Perspectives {
		r := p.Rating
		rows = append(rows, []pdfCell{{Text: l.Name(p.NameEn, p.NameZh)}, {Text: FigureText(l, p.Score), Keep: true}, keepCell(ratingCell(l, &r)),
			{Text: TrendText(l, p.Trend), Keep: true}, {Text: l.Pct(p.Coverage), Keep: true},
			{Text: FigureText(l, &p.Points) + " / " + FigureText(l, &p.PointsMax), Keep: true}, {Text: EstimatedText(l, p.Quality), Keep: true}})
		bars = append(bars, pdfBar{Label: l.Name(p.NameEn, p.NameZh), Score: p.Score, Rating: p.Rating})
	}
	cols := []pdfCol{{l.T("report.perspective"), 44, "L", true}, {l.T("report.score"), 16, "R", false}, {l.T("report.rating"), 22, "L", false},
		{l.T("report.trend"), 30, "L", false}, {l.T("report.coverage"), 20, "R", false}, {l.T("report.points"), 24, "R", false},
		{l.T("report.estimated"), 24, "R", false}}
	d.heading(l.T("report.perspectives"), d.tableStart(cols, rows))
	d.table(cols, rows)
	d.barChart(l.T("report.chart.perspectives"), perspectiveBars, bars)
	if len(s.Series) > 1 {
		years := make([]int, len(s.Series))
		values := make([]*float64, len(s.Series))
		for i, c := range s.Series {
			years[i], values[i] = c.Year, c.Index.Score
		}
		d.lineChart(l.T("report.chart.index"), years, values)
	}

	names := indicatorNames(s.Catalogue)
	groups := perspectiveGroups(l, s.Catalogue, card.Perspectives)
	for _, ind := range card.Indicators {
		n := names[ind.IndicatorCode]
		row := []pdfCell{{Text: ind.IndicatorCode}, {Text: l.Name(nameEn(n), nameZh(n))},
			{Text: ValueText(l, ind.Value, ind.Year, card.Year) + qualityLine(l, ind.Quality), Keep: true}, {Text: unitIn(l, n, ind.Unit), Keep: true}, {Text: FigureText(l, ind.Score), Keep: true},
			keepCell(ratingCell(l, ind.Rating)), {Text: TrendText(l, ind.Trend), Keep: true}, {Text: PlanText(l, ind.PlanStatus), Keep: true}}
		if NotApplicable(&ind) {
			row = []pdfCell{row[0], row[1], {Text: NotApplicableLabel(l, ind.NotApplicableReason), Span: 6}}
		}
		groups.add(ind.PerspectiveCode, row)
	}
	d.groupedTable(l.T("report.indicators"), []pdfCol{{l.T("report.code"), 15, "L", false}, {l.T("report.name"), 50, "L", true},
		{l.T("report.value"), 21, "R", false}, {l.T("report.unit"), 24, "L", false}, {l.T("report.score"), 12, "R", false},
		{l.T("report.rating"), 17, "L", false}, {l.T("report.trend"), 22, "L", false}, {l.T("report.plan"), 19, "L", false}}, groups)
	return d
}

// EstimatedText is a quality share as the PDF and pages write it: the
// estimated or modelled values of the scored ones, and their share; a
// dash without scored values.
func EstimatedText(l *locale.Lang, q scoring.QualityShare) string {
	if q.Share == nil {
		return locale.NoEntry
	}
	return l.T("report.estimated_of", "Estimated", q.Estimated, "Values", q.Values, "Share", l.Pct(q.Share))
}

// qualityLine is the second line of an estimated or modelled value's cell:
// the quality's name, as pages mark such a value; empty for any other.
func qualityLine(l *locale.Lang, q *indicators.Quality) string {
	if q == nil || !q.Estimated() {
		return ""
	}
	return "\n" + l.T("entry.quality."+string(*q))
}

// keepCell keeps a cell's text whole.
func keepCell(c pdfCell) pdfCell {
	c.Keep = true
	return c
}

// pdfGroups are a table's rows by perspective, in the catalogue's order of
// the perspectives; rows of a perspective the catalogue does not name come
// last, under its code.
type pdfGroups struct {
	order  []string
	titles map[string]string
	rows   map[string][][]pdfCell
}

func perspectiveGroups(l *locale.Lang, cat *indicators.Catalogue, card []scoring.PerspectiveCard) *pdfGroups {
	g := &pdfGroups{titles: map[string]string{}, rows: map[string][][]pdfCell{}}
	if cat != nil {
		for _, p := range cat.Perspectives {
			g.order = append(g.order, p.Code)
			g.titles[p.Code] = l.Name(p.NameEn, p.NameZh)
		}
	}
	for _, p := range card {
		if _, ok := g.titles[p.Code]; !ok {
			g.order = append(g.order, p.Code)
			g.titles[p.Code] = l.Name(p.NameEn, p.NameZh)
		}
	}
	return g
}

func (g *pdfGroups) add(code string, row []pdfCell) {
	if _, ok := g.titles[code]; !ok {
		g.order = append(g.order, code)
		g.titles[code] = code
	}
	g.rows[code] = append(g.rows[code], row)
}

// groupedTable writes a heading and, under a sub-heading per perspective,
// the table of its rows; perspectives without rows are left out.
func (d *pdfDoc) groupedTable(heading string, cols []pdfCol, g *pdfGroups) {
	first := true
	for _, code := range g.order {
		rows := g.rows[code]
		if len(rows) == 0 {
			continue
		}
		start := d.tableStart(cols, rows)
		if first {
			d.heading(heading, pdfSubheadingH+start)
			first = false
		}
		d.subheading(g.titles[code], start)
		d.table(cols, rows)
	}
	if first {
		d.heading(heading, 0)
	}
}

// title draws the report's name, the zone and the line of facts under it.
func (d *pdfDoc) title(name string, z indicators.Zone, framework string, year int, method string) {
	l := d.L
	d.font("B", 18)
	d.f.SetTextColor(31, 107, 58)
	d.f.CellFormat(pdfWidth, 9, d.tx(name), "", 1, "L", false, 0, "")
	d.f.SetTextColor(0, 0, 0)
	d.font("B", 13)
	d.f.CellFormat(pdfWidth, 7, d.tx(l.Name(z.NameEn, z.NameZh)+" ("+z.Code+")"), "", 1, "L", false, 0, "")
	d.font("", 9)
	d.f.CellFormat(pdfWidth, 6, d.tx(l.T("report.pdf.facts", "Framework", framework, "Year", year, "Method", method)), "", 1, "L", false, 0, "")
	d.f.Ln(1)
}

// basis says plainly which values the figures come from; a working view is
// marked so that it is never taken for an official scorecard.
func (d *pdfDoc) basis(b scoring.Basis) {
	if b == scoring.BasisWorking {
		d.notice(d.L.T("basis.working")+" — "+d.L.T("report.pdf.working_warning"), [3]int{253, 226, 200})
		return
	}
	d.notice(d.L.T("basis.official"), [3]int{216, 240, 223})
}

// FrameworkName is a framework's name in the reader's language, or its
// code when the names are not at hand.
func FrameworkName(l *locale.Lang, f indicators.Framework, code string) string {
	if f.Code != code || f.NameEn == "" && f.NameZh == "" {
		return code
	}
	return l.Name(f.NameEn, f.NameZh)
}
