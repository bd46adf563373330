package reports

import (
	"fmt"
	"io"

	"igmc/indicators"
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
	card := s.Card
	d := newPDFDoc(o, fmt.Sprintf("Scorecard %s %d", card.Zone, card.Year))
	l := d.L
	d.footer(o.Now, card.MethodVersion, l.T("report.pdf.running_head", "Title", l.T("page.scorecard"), "Zone", card.Zone,
		"Year", card.Year, "Basis", l.T("basis."+string(card.Basis))))
	d.f.AddPage()
	d.title(l.T("page.scorecard"), s.Zone, card.Framework, card.Year, card.MethodVersion)
	d.basis(card.Basis)
	if d.Notice != "" {
		d.notice(d.Notice, [3]int{253, 236, 234})
	}
	d.keyFigures([][2]string{
		{l.T("report.index"), IndexText(l, card.Index.Score)},
		{l.T("report.points"), l.T("report.points_of", "Earned", l.Num(card.Points.Earned, 1), "Max", l.Num(card.Points.Max, 1))},
		{l.T("report.grade"), GradeText(l, card.Points.Grade)},
		{l.T("report.coverage"), l.Pct(card.Coverage)},
	})
	if card.Index.Score == nil {
		d.para(ReasonText(l, card.Index), 9)
	}

	d.heading(l.T("report.perspectives"))
	rows := make([][]pdfCell, 0, len(card.Perspectives))
	bars := make([]pdfBar, 0, len(card.Perspectives))
	for _, p := range card.Perspectives {
		r := p.Rating
		rows = append(rows, []pdfCell{{Text: l.Name(p.NameEn, p.NameZh)}, {Text: l.Num(p.Score, 1)}, ratingCell(l, &r),
			{Text: TrendText(l, p.Trend)}, {Text: l.Pct(p.Coverage)}, {Text: l.Num(p.Points, 1) + " / " + l.Num(p.PointsMax, 1)}})
		bars = append(bars, pdfBar{Label: l.Name(p.NameEn, p.NameZh), Score: p.Score, Rating: p.Rating})
	}
	d.table([]pdfCol{{l.T("report.perspective"), 60, "L"}, {l.T("report.score"), 18, "R"}, {l.T("report.rating"), 24, "L"},
		{l.T("report.trend"), 32, "L"}, {l.T("report.coverage"), 20, "R"}, {l.T("report.points"), 26, "R"}}, rows)
	d.barChart(l.T("report.chart.perspectives"), bars)
	if len(s.Series) > 1 {
		years := make([]int, len(s.Series))
		values := make([]*float64, len(s.Series))
		for i, c := range s.Series {
			years[i], values[i] = c.Year, c.Index.Score
		}
		d.lineChart(l.T("report.chart.index"), years, values)
	}

	d.heading(l.T("report.indicators"))
	names := indicatorNames(s.Catalogue)
	rows = rows[:0]
	for _, ind := range card.Indicators {
		n := names[ind.IndicatorCode]
		if NotApplicable(&ind) {
			rows = append(rows, []pdfCell{{Text: ind.IndicatorCode}, {Text: l.Name(nameEn(n), nameZh(n))},
				{Text: NotApplicableLabel(l, ind.NotApplicableReason)}, {Text: unitIn(l, n, ind.Unit)}, {Text: ""}, {Text: ""}, {Text: ""}, {Text: ""}})
			continue
		}
		rows = append(rows, []pdfCell{{Text: ind.IndicatorCode}, {Text: l.Name(nameEn(n), nameZh(n))},
			{Text: ValueText(l, ind.Value, ind.Year, card.Year)}, {Text: unitIn(l, n, ind.Unit)}, {Text: l.Num(ind.Score, 1)},
			ratingCell(l, ind.Rating), {Text: TrendText(l, ind.Trend)}, {Text: PlanText(l, ind.PlanStatus)}})
	}
	d.table([]pdfCol{{l.T("report.code"), 15, "L"}, {l.T("report.name"), 50, "L"}, {l.T("report.value"), 21, "R"},
		{l.T("report.unit"), 24, "L"}, {l.T("report.score"), 12, "R"}, {l.T("report.rating"), 17, "L"},
		{l.T("report.trend"), 22, "L"}, {l.T("report.plan"), 19, "L"}}, rows)
	return d.Notice, d.output(w)
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
