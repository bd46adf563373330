package reports

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"igmc/indicators"
	"igmc/locale"
	"igmc/scoring"
)

// The scorecard encoders: one card, every format. They write to an
// io.Writer and read names from the catalogue.

// ScorecardCSVColumns are the columns of the scorecard CSV: one row for the
// index, one per perspective, one per indicator, each carrying the card's
// framework, zone, year, basis and method version so that any row stands on
// its own. The exact figures and the codes come first; the columns after
// reason repeat them for people: the figures rounded to one decimal as the
// pages show them, and the rating, trend and plan in words. The last four
// are about how the values were obtained (SPEC §8): an indicator row's
// quality code, and on the index and perspective rows how many scored
// values there are, how many of them are estimated or modelled, and that
// share (empty without values).
var ScorecardCSVColumns = []string{"framework", "zone", "year", "basis", "method_version", "level", "code", "perspective_code",
	"name_en", "name_zh", "value", "value_year", "unit", "unit_zh", "score", "rating", "trend", "coverage", "points", "points_max",
	"progress", "expected", "plan_status", "grade", "reason",
	"value_rounded", "score_rounded", "points_rounded", "rating_text", "trend_text", "plan_text",
	"quality", "scored_values", "estimated_values", "estimated_share"}

// WriteScorecardCSV writes card as CSV, its words in English, without a
// byte order mark: the file of the API's default and of the bundle.
func WriteScorecardCSV(w io.Writer, card *scoring.Card, cat *indicators.Catalogue) error {
	return WriteScorecardCSVWith(w, card, cat, CSVOptions{})
}

// WriteScorecardCSVWith writes card as CSV as o says.
func WriteScorecardCSVWith(w io.Writer, card *scoring.Card, cat *indicators.Catalogue, o CSVOptions) error {
	if err := o.start(w); err != nil {
		return err
	}
	l := o.lang()
	cw := indicators.NewCSVWriter(w)
	if err := cw.Write(ScorecardCSVColumns); err != nil {
		return err
	}
	head := []string{card.Framework, card.Zone, strconv.Itoa(card.Year), string(card.Basis), card.MethodVersion}
	row := func(cells []string, quality ...string) error {
		return cw.Write(append(append(append([]string{}, head...), cells...), quality...))
	}
	var pmax float64
	for _, p := range card.Perspectives {
		pmax += p.PointsMax
	}
	if err := row([]string{"index", "", "", "", "", "", "", "", "", num(card.Index.Score), "", "", frac(card.Coverage),
		fmtNum(card.Points.Earned), fmtNum(card.Points.Max), "", "", "", str(card.Points.Grade), string(card.Index.Reason),
		"", rounded(card.Index.Score), rounded(&card.Points.Earned), "", "", ""}, qualityCells(card.Quality)...); err != nil {
		return err
	}
	if card.SignedOff != nil {
		if err := row(signedOffRow(card.SignedOff)); err != nil {
			return err
		}
	}
	for _, p := range card.Perspectives {
		if err := row([]string{"perspective", p.Code, p.Code, p.NameEn, p.NameZh, "", "", "", "", num(p.Score), string(p.Rating), trend(p.Trend),
			frac(p.Coverage), fmtNum(p.Points), fmtNum(p.PointsMax), "", "", "", "", "",
			"", rounded(p.Score), rounded(&p.Points), RatingText(l, p.Rating), trendWords(l, p.Trend), ""}, qualityCells(p.Quality)...); err != nil {
			return err
		}
	}
	names := indicatorNames(cat)
	for _, ind := range card.Indicators {
		n := names[ind.IndicatorCode]
		var pts float64
		if n != nil {
			pts = n.Points
		}
		rt, reason, words := rating(ind.Rating), "", ""
		if ind.Rating != nil {
			words = RatingText(l, *ind.Rating)
		}
		if NotApplicable(&ind) {
			rt, reason, words = NotApplicableCode, ind.NotApplicableReason, NotApplicableLabel(l, ind.NotApplicableReason)
		}
		if err := row([]string{"indicator", ind.IndicatorCode, ind.PerspectiveCode, nameEn(n), nameZh(n), num(ind.Value), intp(ind.Year), ind.Unit, unitZh(n),
			num(ind.Score), rt, trend(ind.Trend), "", fmtNum(ind.Points), fmtNum(pts),
			num(ind.Progress), num(ind.Expected), plan(ind.PlanStatus), "", reason,
			roundedValue(ind.Value), rounded(ind.Score), rounded(&ind.Points), words, trendWords(l, ind.Trend), planWords(l, ind.PlanStatus)},
			qualityCode(ind.Quality), "", "", ""); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// qualityCells are the quality columns of an index or perspective row: no
// code, the counts and the share.
func qualityCells(q scoring.QualityShare) []string {
	return []string{"", strconv.Itoa(q.Values), strconv.Itoa(q.Estimated), num(q.Share)}
}

// qualityCode is a row's quality code, "" without a value.
func qualityCode(q *indicators.Quality) string {
	if q == nil {
		return ""
	}
	return string(*q)
}

// trendWords and planWords are a trend's and a plan status's words, ""
// for none (a CSV cell, not a table's dash).
func trendWords(l *locale.Lang, t *scoring.Trend) string {
	if t == nil {
		return ""
	}
	return TrendText(l, t)
}

func planWords(l *locale.Lang, p *scoring.PlanStatus) string {
	if p == nil {
		return ""
	}
	return PlanText(l, p)
}

// WriteScorecardTable writes card as an aligned text table for a terminal,
// its figures written as the pages write them (in English).
func WriteScorecardTable(w io.Writer, card *scoring.Card, cat *indicators.Catalogue, zone indicators.Zone) error {
	en := locale.English()
	fix1 := func(v *float64) string {
		if v == nil {
			return locale.NoEntry
		}
		return en.Fixed(v, 1)
	}
	basis := "official basis (approved values only)"
	if card.Basis == scoring.BasisWorking {
		basis = "WORKING VIEW (latest values whatever their status)"
	}
	fmt.Fprintf(w, "Scorecard %s %s · %s · as of %d · %s · method %s\n", zone.Code, zone.NameEn, card.Framework, card.Year, basis, card.MethodVersion)
	index := locale.NoValue
	if card.Index.Score != nil {
		index = en.Fixed(card.Index.Score, 1)
	} else {
		index += " (" + string(card.Index.Reason) + ")"
	}
	grade := "not graded"
	if card.Points.Grade != nil {
		grade = *card.Points.Grade
	}
	fmt.Fprintf(w, "Index %s · points %s of %s · grade %s · coverage %s\n\n", index, en.Fixed(card.Points.Earned, 1), fmtNum(card.Points.Max), grade, en.Pct(card.Coverage))
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PERSPECTIVE\tNAME\tSCORE\tRATING\tTREND\tCOVERAGE\tPOINTS")
	for _, p := range card.Perspectives {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s/%s\n", p.Code, p.NameEn, fix1(p.Score), p.Rating, dash(trend(p.Trend)), en.Pct(p.Coverage), en.Fixed(p.Points, 1), fmtNum(p.PointsMax))
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "INDICATOR\tNAME\tVALUE\tYEAR\tUNIT\tSCORE\tRATING\tTREND\tPLAN")
	names := indicatorNames(cat)
	for _, ind := range card.Indicators {
		value := locale.NoEntry
		if ind.Value != nil {
			value = en.Num(ind.Value, 4)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", ind.IndicatorCode, nameEn(names[ind.IndicatorCode]), value, dash(intp(ind.Year)),
			ind.Unit, fix1(ind.Score), dash(rating(ind.Rating)), dash(trend(ind.Trend)), dash(plan(ind.PlanStatus)))
	}
	return tw.Flush()
}

func indicatorNames(cat *indicators.Catalogue) map[string]*indicators.Indicator {
	m := map[string]*indicators.Indicator{}
	if cat != nil {
		for i := range cat.Indicators {
			m[cat.Indicators[i].Code] = &cat.Indicators[i]
		}
	}
	return m
}

func nameEn(i *indicators.Indicator) string {
	if i == nil {
		return ""
	}
	return i.NameEn
}

func nameZh(i *indicators.Indicator) string {
	if i == nil {
		return ""
	}
	return i.NameZh
}

// unitZh is the catalogue's Chinese unit, as given (a machine format
// carries both languages, as it does the names).
func unitZh(i *indicators.Indicator) string {
	if i == nil {
		return ""
	}
	return i.UnitZh
}

// The machine formats of the CSV and workbook cells: exact, whatever the
// reader's language (see indicators.FormatNumber).

func fmtNum(v float64) string { return indicators.FormatNumber(v) }

func num(v *float64) string {
	if v == nil {
		return ""
	}
	return indicators.FormatNumber(*v)
}

func frac(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }

func intp(v *int) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(*v)
}

func str(v *string) string {
	if v == nil {
		return ""
	}
	return *v
}

func rating(r *scoring.Rating) string {
	if r == nil {
		return ""
	}
	return string(*r)
}

func trend(t *scoring.Trend) string {
	if t == nil {
		return ""
	}
	return string(*t)
}

func plan(p *scoring.PlanStatus) string {
	if p == nil {
		return ""
	}
	return string(*p)
}

func dash(s string) string {
	if s == "" {
		return locale.NoEntry
	}
	return s
}
