package web

import (
	"html/template"
	"math"
	"strings"

	"igmc/indicators"
	"igmc/locale"
	"igmc/reports"
	"igmc/scoring"
)

// scorecardPageData is what templates/pages/scorecard.html shows. Every
// figure and chart is prepared here so the template only lays them out.
type scorecardPageData struct {
	Zone      indicators.Zone
	Framework indicators.Framework
	// Frameworks feeds the framework selector; empty when there is one.
	Frameworks []indicators.Framework
	Card       *scoring.Card
	Working    bool
	Status     string // the status query value of the basis shown
	Years      []int
	Links      scorecardLinks
	// Grade is the grade's text, or "not graded", in the page's language.
	Grade string
	// Reason says why there is no index, in the page's language.
	Reason string
	// First and Last are the years the charts span.
	First, Last int
	IndexChart  template.HTML
	Charts      []scorecardChart
	Groups      []scorecardGroup
	// PerspectiveWhy says why each perspective has its rating, by code
	// ("" without an explanation).
	PerspectiveWhy map[string]string
}

// scorecardChart is a perspective's score over the years.
type scorecardChart struct {
	Code, NameEn, NameZh string
	SVG                  template.HTML
}

// scorecardGroup is a perspective's part of the indicator table.
type scorecardGroup struct {
	P    *scoring.PerspectiveCard
	Rows []scorecardRow
}

// scorecardRow is one indicator's line with its history chart.
type scorecardRow struct {
	Code, NameEn, NameZh string
	// Unit is the indicator's unit in the page's language.
	Unit      string
	C         *scoring.IndicatorCard
	PointsMax float64
	Chart     template.HTML
	// RatingWhy and PlanWhy explain the rating and the plan status
	// ("" without an explanation).
	RatingWhy, PlanWhy string
	// About is the unit, definition and source in the page's language;
	// History the link to the versions of the value shown.
	About   catalogueText
	History template.URL
	// Evidence is the files attached to the value shown.
	Evidence []indicators.Evidence
}

// Chart sizes, in CSS pixels.
const (
	scScoreChartW, scScoreChartH = 300, 120
	scIndChartW, scIndChartH     = 190, 58
)

// buildScorecardPage lays out a series of cards (oldest first, the card
// shown last) with the catalogue's names and bounds.
func buildScorecardPage(l *Lang, z indicators.Zone, f indicators.Framework, cat *indicators.Catalogue, series []scoring.Card) *scorecardPageData {
	card := &series[len(series)-1]
	d := &scorecardPageData{Zone: z, Framework: f, Card: card, Working: card.Basis == scoring.BasisWorking,
		Status: reports.StatusOf(card.Basis), First: series[0].Year, Last: card.Year}
	d.Grade = scGradeText(l, card.Points.Grade)
	d.Reason = scIndexReason(l, card)
	years := make([]int, len(series))
	for i := range series {
		years[i] = series[i].Year
	}
	list, part := l.T("scorecard.chart.sep_list"), l.T("scorecard.chart.sep_part")
	pair := scPairFormat(l)
	scoreWords := func(vals []float64) string {
		return scSeriesWords(years, vals, 1, pair, list, l.T("scorecard.chart.no_value"))
	}

	idx := make([]float64, len(series))
	for i := range series {
		idx[i] = scOrNaN(series[i].Index.Score)
	}
	ch := svgChart{Width: scScoreChartW, Height: scScoreChartH, Years: years, Values: idx, Fixed: true, Lo: 0, Hi: 100,
		Refs:  []svgRef{{Value: 50, Stroke: svgAxis, Dash: svgDashSparse}},
		Label: l.T("scorecard.chart.index", "Values", scoreWords(idx)), Class: "chart-score"}
	d.IndexChart = ch.SVG()
	for pi := range card.Perspectives {
		p := &card.Perspectives[pi]
		vals := make([]float64, len(series))
		for i := range series {
			vals[i] = math.NaN()
			if pi < len(series[i].Perspectives) && series[i].Perspectives[pi].Code == p.Code {
				vals[i] = scOrNaN(series[i].Perspectives[pi].Score)
			}
		}
		ch.Values = vals
		ch.Label = l.T("scorecard.chart.perspective", "Name", l.Name(p.NameEn, p.NameZh), "Values", scoreWords(vals))
		d.Charts = append(d.Charts, scorecardChart{Code: p.Code, NameEn: p.NameEn, NameZh: p.NameZh, SVG: ch.SVG()})
	}

	byCode := make(map[string]*indicators.Indicator, len(cat.Indicators))
	for i := range cat.Indicators {
		byCode[cat.Indicators[i].Code] = &cat.Indicators[i]
	}
	group := make(map[string]int, len(card.Perspectives))
	for i := range card.Perspectives {
		group[card.Perspectives[i].Code] = i
		d.Groups = append(d.Groups, scorecardGroup{P: &card.Perspectives[i]})
	}
	for i := range card.Indicators {
		ic := &card.Indicators[i]
		gi, ok := group[ic.PerspectiveCode]
		if !ok {
			continue
		}
		row := scorecardRow{Code: ic.IndicatorCode, NameEn: ic.IndicatorCode, Unit: ic.Unit, C: ic}
		ind := byCode[ic.IndicatorCode]
		if ind != nil {
			row.NameEn, row.NameZh, row.PointsMax = ind.NameEn, ind.NameZh, ind.Points
			row.Unit = l.Text(ind.Unit, ind.UnitZh)
			row.About = catalogueTextOf(l, ind)
		} else {
			row.About.Unit = langText{Text: ic.Unit}
		}
		vy := card.Year
		if ic.Year != nil {
			vy = *ic.Year
		}
		row.History = historyURL(z.Code, f.Code, ic.IndicatorCode, vy, "")
		row.RatingWhy = reports.RatingWhyText(l, ic.Explanation, row.Unit)
		row.PlanWhy = reports.PlanWhyText(l, ic.Explanation, row.Unit, card.Year)
		row.Chart = scIndicatorChart(l, ind, ic, series, i, years, pair, list, part)
		d.Groups[gi].Rows = append(d.Groups[gi].Rows, row)
	}
	names := make(map[string]string, len(byCode))
	for code, ind := range byCode {
		names[code] = l.Name(ind.NameEn, ind.NameZh)
	}
	d.PerspectiveWhy = make(map[string]string, len(card.Perspectives))
	for i := range card.Perspectives {
		p := &card.Perspectives[i]
		d.PerspectiveWhy[p.Code] = reports.PerspectiveWhyText(l, p.Explanation, names)
	}
	return d
}

// scIndicatorChart draws an indicator's values over the years (only the
// years a value is from, not the years it is carried into) against its
// target and its green and red thresholds.
func scIndicatorChart(l *Lang, ind *indicators.Indicator, ic *scoring.IndicatorCard, series []scoring.Card, pos int, years []int,
	pair func(int, string) string, list, part string) template.HTML {
	vals := make([]float64, len(series))
	for k := range series {
		vals[k] = math.NaN()
		inds := series[k].Indicators
		var v *scoring.IndicatorCard
		if pos < len(inds) && inds[pos].IndicatorCode == ic.IndicatorCode {
			v = &inds[pos]
		} else {
			for j := range inds {
				if inds[j].IndicatorCode == ic.IndicatorCode {
					v = &inds[j]
					break
				}
			}
		}
		if v != nil && v.Year != nil && *v.Year == series[k].Year {
			vals[k] = scOrNaN(v.Value)
		}
	}
	name, unit := ic.IndicatorCode, ic.Unit
	ch := svgChart{Width: scIndChartW, Height: scIndChartH, Years: years, Values: vals, Digits: 2, Class: "chart-indicator"}
	var extra []string
	if ind != nil {
		name, unit = l.Name(ind.NameEn, ind.NameZh), l.Text(ind.Unit, ind.UnitZh)
		if ind.TargetValue != nil {
			ch.Refs = append(ch.Refs, svgRef{Value: *ind.TargetValue, Stroke: svgBlue, Dash: svgDashLong})
			if ind.TargetYear != nil {
				extra = append(extra, l.T("scorecard.chart.target", "Value", scChartNum(*ind.TargetValue), "Year", *ind.TargetYear))
			} else {
				extra = append(extra, l.T("scorecard.chart.target_any", "Value", scChartNum(*ind.TargetValue)))
			}
		}
		if b, err := ind.Bounds(); err == nil {
			ch.Refs = append(ch.Refs, svgRef{Value: b.Green, Stroke: svgGreen, Dash: svgDashShort}, svgRef{Value: b.Red, Stroke: svgRed, Dash: svgDashShort})
			extra = append(extra, l.T("scorecard.chart.green", "Value", scChartNum(b.Green)), l.T("scorecard.chart.red", "Value", scChartNum(b.Red)))
		}
	}
	words := scSeriesWords(years, vals, 2, pair, list, "")
	if words == "" {
		words = l.T("scorecard.chart.empty")
	}
	label := l.T("scorecard.chart.indicator", "Code", ic.IndicatorCode, "Name", name, "Unit", unit, "Values", words)
	if len(extra) > 0 {
		label += part + strings.Join(extra, part)
	}
	ch.Label = label
	return ch.SVG()
}

// scSeriesWords and scPairFormat say a chart's series in words
// (reports.SeriesWords, reports.PairFormat).
var (
	scSeriesWords = reports.SeriesWords
	scPairFormat  = reports.PairFormat
)

func scChartNum(v float64) string { return locale.Group(locale.Decimal(v, 4, -1)) }

func scOrNaN(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// scGradeText is a grade in the page's language: the grades of the igmc
// framework are translated, other frameworks' grades shown as they are.
func scGradeText(l *Lang, grade *string) string {
	if grade == nil {
		return l.T("scorecard.grade.none")
	}
	if t := l.T("scorecard.grade." + strings.ToLower(*grade)); !strings.HasPrefix(t, MissingMark) {
		return t
	}
	return *grade
}

// scIndexReason says in the page's language why a card has no index.
func scIndexReason(l *Lang, card *scoring.Card) string {
	switch card.Index.Reason {
	case "":
		return ""
	case scoring.ReasonPerspectiveWithoutScore:
		if len(card.Index.MissingPerspectives) == len(card.Perspectives) {
			return l.T("scorecard.reason.no_values")
		}
		var names []string
		for _, code := range card.Index.MissingPerspectives {
			for _, p := range card.Perspectives {
				if p.Code == code {
					names = append(names, l.Name(p.NameEn, p.NameZh))
				}
			}
		}
		return l.T("scorecard.reason.perspective_without_score", "Perspectives", strings.Join(names, l.T("scorecard.chart.sep_list")))
	case scoring.ReasonCoverageBelow80:
		return l.T("scorecard.reason.coverage_below_80_percent", "Coverage", l.Pct(card.Coverage))
	}
	return string(card.Index.Reason)
}

// Template functions of the scorecard and comparison pages: the message
// keys of the nullable rating, trend and plan status of a card line.
var _ = registerFuncs(template.FuncMap{
	// scRating is a rating's code ("green" …), "" for none.
	"scRating": func(v any) string {
		switch r := v.(type) {
		case scoring.Rating:
			return string(r)
		case *scoring.Rating:
			if r != nil {
				return string(*r)
			}
		}
		return ""
	},
	// scTrend is the message key of a trend, trend.none for none.
	"scTrend": func(t *scoring.Trend) string {
		if t == nil {
			return "trend.none"
		}
		return "trend." + string(*t)
	},
	// scPlan is the message key of a plan status, "" for none.
	"scPlan": func(p *scoring.PlanStatus) string {
		if p == nil {
			return ""
		}
		return "plan." + string(*p)
	},
	// scOld reports whether a value comes from a year before the card's.
	"scOld": func(y *int, year int) bool { return y != nil && *y < year },
})

var _ = registerFuncs(template.FuncMap{
	// scNA reports whether a card line's indicator does not apply to the
	// zone; scNALabel says so with the reason, in the page's language.
	"scNA":      func(ind *scoring.IndicatorCard) bool { return reports.NotApplicable(ind) },
	"scNALabel": func(l *Lang, reason string) string { return reports.NotApplicableLabel(l, reason) },
	// naReason is only the reason, for a table with a column of its own.
	"naReason": func(l *Lang, reason string) string { return reports.NotApplicableText(l, reason) },
})

var _ = registerFuncs(template.FuncMap{
	// scGrade is a grade band's name in the page's language.
	"scGrade": func(l *Lang, grade string) string { return scGradeText(l, &grade) },
})

// Number formats of these pages: figures keep the decimals they have (up
// to digits) with thousands grouped, scores and points show a fixed number
// of decimals so that a column lines up.
var _ = registerFuncs(template.FuncMap{
	"scNum": func(v any, digits int) string { return locale.Group(locale.Figure(v, digits, -1)) },
	"scFix": func(v any, digits int) string { return locale.Group(locale.Figure(v, digits, digits)) },
})
