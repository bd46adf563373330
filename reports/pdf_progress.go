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
	d := newPDFDoc(o, fmt.Sprintf("Progress report %s %d", r.Zone, r.Year))
	l := d.L
	d.units = UnitsOf(l, cat)
	d.footer(o.Now, r.MethodVersion, l.T("report.pdf.running_head", "Title", l.T("page.progress"), "Zone", r.Zone,
		"Year", r.Year, "Basis", l.T("basis."+string(r.Basis))))
	d.f.AddPage()
	d.title(l.T("page.progress"), z, r.Framework, r.Year, r.MethodVersion)
	d.para(l.T("report.compared", "Year", r.Year, "Previous", r.PreviousYear), 10)
	d.f.Ln(1)
	d.basis(r.Basis)
	if d.Notice != "" {
		d.notice(d.Notice, [3]int{253, 236, 234})
	}
	d.keyFigures([][2]string{
		{l.T("report.index"), IndexText(l, r.Index.Current) + changeSuffix(l, r.Index.Change, 1)},
		{l.T("report.points"), l.Num(r.Points.Current, 1) + changeSuffix(l, r.Points.Change, 1)},
		{l.T("report.coverage"), l.Pct(r.Coverage.Current)},
		{l.T("report.unapproved"), fmt.Sprint(r.Unapproved.Total)},
	})

	d.heading(l.T("report.perspectives_change", "Previous", r.PreviousYear, "Year", r.Year))
	rows := [][]pdfCell{}
	for _, p := range r.Perspectives {
		prev, cur := p.PreviousRating, p.Rating
		rows = append(rows, []pdfCell{{Text: l.Name(p.NameEn, p.NameZh)}, {Text: l.Num(p.Score.Previous, 1)}, {Text: l.Num(p.Score.Current, 1)},
			{Text: l.Signed(p.Score.Change, 1)}, ratingCell(l, &prev), ratingCell(l, &cur), {Text: l.T("report.movement." + string(p.Movement))},
			{Text: TrendText(l, p.Trend)}})
	}
	d.table([]pdfCol{{l.T("report.perspective"), 46, "L"}, {fmt.Sprint(r.PreviousYear), 16, "R"}, {fmt.Sprint(r.Year), 16, "R"},
		{l.T("report.change"), 16, "R"}, {l.T("report.rating_in", "Year", r.PreviousYear), 20, "L"}, {l.T("report.rating_in", "Year", r.Year), 20, "L"},
		{l.T("report.movement"), 20, "L"}, {l.T("report.trend"), 26, "L"}}, rows)

	byCode := map[string]*scoring.IndicatorProgress{}
	for i := range r.Indicators {
		byCode[r.Indicators[i].IndicatorCode] = &r.Indicators[i]
	}
	d.heading(l.T("report.off_track"))
	d.codeTable(r.Year, r.OffTrack, byCode, l.T("report.none_off_track"), func(ip *scoring.IndicatorProgress) []pdfCell {
		return []pdfCell{ratingCell(l, ip.Rating), {Text: TrendText(l, ip.Trend)}}
	}, pdfCol{l.T("report.rating"), 22, "L"}, pdfCol{l.T("report.trend"), 30, "L"})
	d.heading(l.T("report.behind_plan"))
	d.codeTable(r.Year, r.BehindPlan, byCode, l.T("report.none_behind_plan"), func(ip *scoring.IndicatorProgress) []pdfCell {
		return []pdfCell{{Text: PlanText(l, ip.PlanStatus)}, {Text: TrendText(l, ip.Trend)}}
	}, pdfCol{l.T("report.plan"), 22, "L"}, pdfCol{l.T("report.trend"), 30, "L"})

	d.heading(l.T("report.completeness"))
	c := r.Completeness
	d.para(l.T("report.completeness_text", "Reported", c.Reported, "Total", c.Indicators, "Year", r.Year, "Coverage", l.Pct(c.Coverage)), 9)
	if len(c.Missing) > 0 {
		d.para(l.T("report.missing_list", "Codes", strings.Join(c.Missing, ", ")), 9)
	}

	d.heading(l.T("report.unapproved_title"))
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
			rows = append(rows, []pdfCell{{Text: m.IndicatorCode}, {Text: name}, {Text: m.Period}, {Text: l.Num(m.Value, 4)},
				{Text: l.T("status." + string(m.Status))}, {Text: locale.Time(m.UpdatedAt)}})
		}
		d.table([]pdfCol{{l.T("report.code"), 16, "L"}, {l.T("report.name"), 66, "L"}, {l.T("report.period"), 20, "L"},
			{l.T("report.value"), 24, "R"}, {l.T("report.status"), 24, "L"}, {l.T("report.updated"), 30, "L"}}, rows)
	}

	d.heading(l.T("report.indicators_change", "Previous", r.PreviousYear, "Year", r.Year))
	rows = rows[:0]
	for _, ip := range r.Indicators {
		rows = append(rows, []pdfCell{{Text: ip.IndicatorCode}, {Text: l.Name(ip.NameEn, ip.NameZh)},
			{Text: ValueText(l, ip.Value.Previous, ip.PreviousValueYear, r.PreviousYear)}, {Text: ValueText(l, ip.Value.Current, ip.ValueYear, r.Year)},
			{Text: d.unit(&ip)}, {Text: l.Signed(ip.Value.Change, 4)}, {Text: l.PctChange(ip.RelativeChange)},
			{Text: l.T("report.movement." + string(ip.Movement))}})
	}
	d.table([]pdfCol{{l.T("report.code"), 14, "L"}, {l.T("report.name"), 44, "L"}, {fmt.Sprint(r.PreviousYear), 21, "R"},
		{fmt.Sprint(r.Year), 21, "R"}, {l.T("report.unit"), 22, "L"}, {l.T("report.change"), 20, "R"}, {"%", 14, "R"},
		{l.T("report.movement"), 24, "L"}}, rows)
	return d.Notice, d.output(w)
}

// codeTable lists the indicators named by codes with their value in year
// and the extra columns, or says none when there are none.
func (d *pdfDoc) codeTable(year int, codes []string, byCode map[string]*scoring.IndicatorProgress, none string,
	extra func(*scoring.IndicatorProgress) []pdfCell, cols ...pdfCol) {
	if len(codes) == 0 {
		d.para(none, 9)
		return
	}
	l := d.L
	rows := make([][]pdfCell, 0, len(codes))
	for _, code := range codes {
		ip := byCode[code]
		row := []pdfCell{{Text: ip.IndicatorCode}, {Text: l.Name(ip.NameEn, ip.NameZh)}, {Text: ValueText(l, ip.Value.Current, ip.ValueYear, year)}, {Text: d.unit(ip)}}
		rows = append(rows, append(row, extra(ip)...))
	}
	w := pdfWidth - 16 - 22 - 26
	for _, c := range cols {
		w -= c.W
	}
	d.table(append([]pdfCol{{l.T("report.code"), 16, "L"}, {l.T("report.name"), w, "L"}, {l.T("report.value"), 22, "R"},
		{l.T("report.unit"), 26, "L"}}, cols...), rows)
}

// changeSuffix is " (+1.5)" after a figure, or nothing without a change.
func changeSuffix(l *locale.Lang, v *float64, digits int) string {
	if v == nil {
		return ""
	}
	return " (" + l.Signed(v, digits) + ")"
}

// unit is an indicator's unit in the report's language.
func (d *pdfDoc) unit(ip *scoring.IndicatorProgress) string {
	if u := d.units[ip.IndicatorCode]; u != "" {
		return u
	}
	return ip.Unit
}
