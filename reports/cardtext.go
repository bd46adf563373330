package reports

import (
	"fmt"

	"igmc/locale"
	"igmc/scoring"
)

// The card's texts for people, in their language: the same words on the
// pages, in the PDF reports and wherever a card is shown. Codes (ratings,
// trends, plan statuses, reasons) are message keys; a missing figure is
// locale.NoValue, an empty cell locale.NoEntry.

// IndexText is the index with one decimal, or NoValue when there is none.
func IndexText(l *locale.Lang, v *float64) string {
	if v == nil {
		return locale.NoValue
	}
	return l.Num(v, 1)
}

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

// ValueText shows a value (up to four decimals), with the year it comes
// from when that is not the card's year; NoEntry for none.
func ValueText(l *locale.Lang, v *float64, from *int, year int) string {
	if v == nil {
		return locale.NoEntry
	}
	s := l.Num(v, 4)
	if from != nil && *from != year {
		s += fmt.Sprintf(" (%d)", *from)
	}
	return s
}
