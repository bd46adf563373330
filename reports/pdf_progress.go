package reports

import (
	"fmt"
	"io"
	"strings"

	"igmc/indicators"
	"igmc/locale"
	"igmc/scoring"
)

// WriteProgressPDF writes the progress report as a printable A4 PDF in the
// language of o, the indicators' units from the catalogue cat (nil: the
// report's own); like WriteScorecardPDF it returns a notice when Chinese
// was asked for and English is given.
func WriteProgressPDF(w io.Writer, r *scoring.ProgressReport, z indicators.Zone, cat *indicators.Catalogue, o PDFOptions) (string, error) {
	d := drawProgress(r, z, cat, o)
	return d.Notice, d.output(w)
}

func drawProgress(r *scoring.ProgressReport, z indicators.Zone, cat *indicators.Catalogue, o PDFOptions) *pdfDoc {
	d := newPDFDoc(o, fmt.Sprintf("Progress report %s %d", r.Zone, r.Year))
	l := d.L
	d.units = UnitsOf(l, cat)
	d.footer(o.Now, r.MethodVersion, l.T("report.pdf.running_head", "Title", l.T("page.progress"), "Zone", r.Zone,
		"Year", r.Year, "Basis", l.T("basis."+string(r.Basis))))
	d.f.AddPage()
	d.title(l.T("page.progress"), z, FrameworkName(l, o.Framework, r.Framework), r.Year, r.MethodVersion)
	d.para(l.T("report.compared", "Year", r.Year, "Previous", r.PreviousYear), 10)
	d.f.Ln(1)
	d.basis(r.Basis)
	if d.Notice != "" {
		d.notice(d.Notice, [3]int{253, 236, 234})
	}
	d.keyFigures([][2]string{
		{l.T("report.index"), IndexText(l, r.Index.Current) + changeSuffix(l, r.Index.Change)},
		{l.T("report.points"), FigureText(l, r.Points.Current) + changeSuffix(l, r.Points.Change)},
		{l.T("report.coverage"), l.Pct(r.Coverage.Current)},
		{l.T("report.unapproved"), fmt.Sprint(r.Unapproved.Total)},
	})

	rows := [][]pdfCell{}
	for _, p := range r.Perspectives {
		prev, cur := p.PreviousRating, p.Rating
		rows = append(rows, []pdfCell{{Text: l.Name(p.NameEn, p.NameZh)}, {Text: FigureText(l, p.Score.Previous), Keep: true},
			{Text: FigureText(l, p.Score.Current), Keep: true}, {Text: SignedText(l, p.Score.Change), Keep: true},
			keepCell(ratingCell(l, &prev)), keepCell(ratingCell(l, &cur)), {Text: l.T("report.movement." + string(p.Movement)), Keep: true},
			{Text: TrendText(l, p.Trend), Keep: true}})
	}
	cols := []pdfCol{{l.T("report.perspective"), 46, "L", true}, {fmt.Sprint(r.PreviousYear), 16, "R", false}, {fmt.Sprint(r.Year), 16, "R", false},
		{l.T("report.change"), 16, "R", false}, {l.T("report.rating_in", "Year", r.PreviousYear), 20, "L", false},
		{l.T("report.rating_in", "Year", r.Year), 20, "L", false}, {l.T("report.movement"), 20, "L", false}, {l.T("report.trend"), 26, "L", false}}
	d.heading(l.T("report.perspectives_change", "Previous", r.PreviousYear, "Year", r.Year), d.tableStart(cols, rows))
	d.table(cols, rows)

	byCode := map[string]*scoring.IndicatorProgress{}
	for i := range r.Indicators {
		byCode[r.Indicators[i].IndicatorCode] = &r.Indicators[i]
	}
	d.codeTable(l.T("report.off_track"), r.Year, r.OffTrack, byCode, l.T("report.none_off_track"), func(ip *scoring.IndicatorProgress) []pdfCell {
		return []pdfCell{keepCell(ratingCell(l, ip.Rating)), {Text: TrendText(l, ip.Trend), Keep: true}}
	}, pdfCol{l.T("report.rating"), 22, "L", false}, pdfCol{l.T("report.trend"), 30, "L", false})
	d.codeTable(l.T("report.behind_plan"), r.Year, r.BehindPlan, byCode, l.T("report.none_behind_plan"), func(ip *scoring.IndicatorProgress) []pdfCell {
		return []pdfCell{{Text: PlanText(l, ip.PlanStatus), Keep: true}, {Text: TrendText(l, ip.Trend), Keep: true}}
	}, pdfCol{l.T("report.plan"), 22, "L", false}, pdfCol{l.T("report.trend"), 30, "L", false})

	d.heading(l.T("report.completeness"), paraHeight(9))
	c := r.Completeness
	d.para(l.T("report.completeness_text", "Reported", c.Reported, "Total", c.Indicators, "Year", r.Year, "Coverage", l.Pct(c.Coverage)), 9)
	if len(c.Missing) > 0 {
		d.para(l.T("report.missing_list", "Codes", strings.Join(c.Missing, ", ")), 9)
	}

	d.heading(l.T("report.unapproved_title"), paraHeight(9))
	u := r.Unapproved
	d.para(l.T("report.unapproved_text", "Total", u.Total, "Draft", u.Draft, "Submitted", u.Submitted, "Rejected", u.Rejected), 9)
	if len(u.Values) > 0 {
		rows = rows[:0]
		for _, m := range u.Values {
			n := byCode[m.IndicatorCode]
			name := ""
			if n != nil {
				name = l.Name(n.NameEn, n.NameZh)
			}
			rows = append(rows, []pdfCell{{Text: m.IndicatorCode}, {Text: name}, {Text: m.Period, Keep: true}, {Text: ValueFigure(l, m.Value), Keep: true},
				{Text: l.T("status." + string(m.Status)), Keep: true}, {Text: locale.Time(m.UpdatedAt), Keep: true}})
		}
		d.table([]pdfCol{{l.T("report.code"), 16, "L", false}, {l.T("report.name"), 66, "L", true}, {l.T("report.period"), 20, "L", false},
			{l.T("report.value"), 24, "R", false}, {l.T("report.status"), 24, "L", false}, {l.T("report.updated"), 30, "L", false}}, rows)
	}

	groups := perspectiveGroups(l, cat, nil)
	for _, p := range r.Perspectives {
		if _, ok := groups.titles[p.Code]; !ok {
			groups.order = append(groups.order, p.Code)
			groups.titles[p.Code] = l.Name(p.NameEn, p.NameZh)
		}
	}
	for _, ip := range r.Indicators {
		groups.add(ip.PerspectiveCode, []pdfCell{{Text: ip.IndicatorCode}, {Text: l.Name(ip.NameEn, ip.NameZh)},
			{Text: ValueText(l, ip.Value.Previous, ip.PreviousValueYear, r.PreviousYear), Keep: true},
			{Text: ValueText(l, ip.Value.Current, ip.ValueYear, r.Year), Keep: true},
			{Text: d.unit(&ip), Keep: true}, {Text: signedValue(l, ip.Value.Change), Keep: true}, {Text: PctChangeText(l, ip.RelativeChange), Keep: true},
			{Text: l.T("report.movement." + string(ip.Movement)), Keep: true}})
	}
	d.groupedTable(l.T("report.indicators_change", "Previous", r.PreviousYear, "Year", r.Year), []pdfCol{{l.T("report.code"), 14, "L", false},
		{l.T("report.name"), 44, "L", true}, {fmt.Sprint(r.PreviousYear), 21, "R", false}, {fmt.Sprint(r.Year), 21, "R", false},
		{l.T("report.unit"), 22, "L", false}, {l.T("report.change"), 20, "R", false}, {"%", 14, "R", false},
		{l.T("report.movement"), 24, "L", false}}, groups)
	return d
}

// codeTable writes a heading and lists under it the indicators named by
// codes with their value in year and the extra columns, or says none when
// there are none.
func (d *pdfDoc) codeTable(heading string, year int, codes []string, byCode map[string]*scoring.IndicatorProgress, none string,
	extra func(*scoring.IndicatorProgress) []pdfCell, cols ...pdfCol) {
	if len(codes) == 0 {
		d.heading(heading, paraHeight(9))
		d.para(none, 9)
		return
	}
	l := d.L
	rows := make([][]pdfCell, 0, len(codes))
	for _, code := range codes {
		ip := byCode[code]
		row := []pdfCell{{Text: ip.IndicatorCode}, {Text: l.Name(ip.NameEn, ip.NameZh)}, {Text: ValueText(l, ip.Value.Current, ip.ValueYear, year), Keep: true},
			{Text: d.unit(ip), Keep: true}}
		rows = append(rows, append(row, extra(ip)...))
	}
	w := pdfWidth - 16 - 22 - 26
	for _, c := range cols {
		w -= c.W
	}
	all := append([]pdfCol{{l.T("report.code"), 16, "L", false}, {l.T("report.name"), w, "L", true}, {l.T("report.value"), 22, "R", false},
		{l.T("report.unit"), 26, "L", false}}, cols...)
	d.heading(heading, d.tableStart(all, rows))
	d.table(all, rows)
}

// signedValue is a change of a value, written as ValueFigure writes values,
// with its sign; NoEntry for none.
func signedValue(l *locale.Lang, v *float64) string {
	if v == nil {
		return locale.NoEntry
	}
	s := ValueFigure(l, *v)
	if *v > 0 && strings.Trim(s, "0.,") != "" {
		s = "+" + s
	}
	return s
}

// changeSuffix is " (+1.5)" after a figure, or nothing without a change.
func changeSuffix(l *locale.Lang, v *float64) string {
	if v == nil {
		return ""
	}
	return " (" + SignedText(l, v) + ")"
}

// unit is an indicator's unit in the report's language.
func (d *pdfDoc) unit(ip *scoring.IndicatorProgress) string {
	if u := d.units[ip.IndicatorCode]; u != "" {
		return u
	}
	return ip.Unit
}
