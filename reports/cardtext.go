package reports

import (
	"fmt"
	"math"

	"igmc/locale"
	"igmc/scoring"
)

// The card's texts for people, in their language: the same words on the
// pages, in the PDF reports and wherever a card is shown. Codes (ratings,
// trends, plan statuses, reasons) are message keys; a missing figure is
// locale.NoValue, an empty cell locale.NoEntry.

// FigureText is a figure (a score, the index, points) with one decimal
// and its thousands grouped, as the pages write it; NoValue for none.
func FigureText(l *locale.Lang, v *float64) string {
	if v == nil {
		return locale.NoValue
	}
	return locale.Group(l.Fixed(v, 1))
}

// SignedText is a change with one decimal and its sign (+1.5, -2.0, 0.0);
// NoEntry for none.
func SignedText(l *locale.Lang, v *float64) string {
	if v == nil {
		return locale.NoEntry
	}
	s := FigureText(l, v)
	if locale.Round(*v, 1) > 0 {
		s = "+" + s
	}
	return s
}

// PctChangeText is a relative change (0.25) as a signed percentage with
// one decimal (+25.0%); NoEntry for none.
func PctChangeText(l *locale.Lang, v *float64) string {
	if v == nil {
		return locale.NoEntry
	}
	p := *v * 100
	return SignedText(l, &p) + "%"
}

// IndexText is the index with one decimal, or NoValue when there is none.
func IndexText(l *locale.Lang, v *float64) string { return FigureText(l, v) }

// GradeText is the grade of the points, or says it is not graded.
func GradeText(l *locale.Lang, g *string) string {
	if g == nil {
		return l.T("report.not_graded")
	}
	return *g
}

// ReasonText says why a card has no index; "" when it has one.
func ReasonText(l *locale.Lang, ix scoring.Index) string {
	if ix.Reason == "" {
		return ""
	}
	return l.T("report.reason." + string(ix.Reason))
}

// RatingText is a rating's word.
func RatingText(l *locale.Lang, r scoring.Rating) string {
	return l.T("rating." + string(r))
}

// TrendText is a trend's words, "no trend" for none.
func TrendText(l *locale.Lang, t *scoring.Trend) string {
	if t == nil {
		return l.T("trend.none")
	}
	return l.T("trend." + string(*t))
}

// PlanText is a plan status's words, NoEntry for none.
func PlanText(l *locale.Lang, p *scoring.PlanStatus) string {
	if p == nil {
		return locale.NoEntry
	}
	return l.T("plan." + string(*p))
}

// ValueText shows a value with one decimal, with the year it comes from
// when that is not the card's year; NoEntry for none. A value that is not
// zero but would show as 0.0 keeps two significant digits (0.035), so
// that it never reads as zero.
func ValueText(l *locale.Lang, v *float64, from *int, year int) string {
	if v == nil {
		return locale.NoEntry
	}
	s := ValueFigure(l, *v)
	if from != nil && *from != year {
		s += fmt.Sprintf(" (%d)", *from)
	}
	return s
}

// ValueFigure is a value as ValueText writes it, without the year.
func ValueFigure(l *locale.Lang, v float64) string {
	if a := math.Abs(v); a > 0 && a < 0.05 {
		return roundedValue(&v)
	}
	return locale.Group(l.Fixed(v, 1))
}
