package reports

import (
	"igmc/indicators"
	"igmc/locale"
	"igmc/scoring"
)

// NotApplicableCode is what the machine formats (CSV, XLSX) write in an
// indicator's rating column when it does not apply to the zone (§3.9a):
// such a row is never shown as a missing value.
const NotApplicableCode = "not_applicable"

// NotApplicable reports whether an indicator of the card does not apply
// to the zone.
func NotApplicable(ind *scoring.IndicatorCard) bool {
	return !ind.Applicable && ind.NotApplicableReason != ""
}

// NotApplicableText is the reason an indicator does not apply, in
// people's words: a zone type's reason translated, a zone's own reason as
// it was given.
func NotApplicableText(l *locale.Lang, reason string) string {
	if t, ok := indicators.ZoneTypeOfReason(reason); ok {
		return l.T("plan.reason_zone_type", "Type", ZoneTypeName(l, t))
	}
	return reason
}

// NotApplicableLabel is "not applicable: reason" for pages and PDFs.
func NotApplicableLabel(l *locale.Lang, reason string) string {
	return l.T("scorecard.not_applicable") + l.Colon() + NotApplicableText(l, reason)
}

// ZoneTypeName is a zone type in people's words: the four built-in types
// translated, a type an administrator added as its code.
func ZoneTypeName(l *locale.Lang, t string) string {
	switch t {
	case "city", "park", "cluster", "district":
		return l.T("zonetype." + t)
	}
	return t
}
