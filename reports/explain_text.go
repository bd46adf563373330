package reports

import (
	"strings"

	"igmc/indicators"
	"igmc/locale"
	"igmc/scoring"
)

// The explanations of a card in people's words (SPEC §3.12): why a rating
// or a plan status is what it is. The pages show them on each rating; an
// explanation that is absent gives "".

// RatingWhyText says why an indicator has its rating: the thresholds its
// value lies between, in its unit.
func RatingWhyText(l *locale.Lang, e *scoring.Explanation, unit string) string {
	if e == nil || e.Rating == nil || e.Rating.Rule != scoring.RuleThresholds {
		return ""
	}
	r := e.Rating
	th := func(t *scoring.Threshold) (string, string) {
		return l.T("explain.threshold." + t.Name), l.Num(t.Value, 4) + unitSuffix(unit)
	}
	switch {
	case r.Lower != nil && r.Upper != nil:
		ln, lv := th(r.Lower)
		un, uv := th(r.Upper)
		return l.T("explain.between", "Lower", ln, "LowerValue", lv, "Upper", un, "UpperValue", uv)
	case r.Lower != nil:
		ln, lv := th(r.Lower)
		return l.T("explain.at_top", "Lower", ln, "LowerValue", lv)
	case r.Upper != nil:
		un, uv := th(r.Upper)
		return l.T("explain.below", "Upper", un, "UpperValue", uv)
	}
	return ""
}

// PerspectiveWhyText says why a perspective has its rating: the
// indicators that set it (named by names, code → name), or too few
// values.
func PerspectiveWhyText(l *locale.Lang, e *scoring.Explanation, names map[string]string) string {
	if e == nil || e.Rating == nil {
		return ""
	}
	r := e.Rating
	list := make([]string, len(r.Indicators))
	for i, code := range r.Indicators {
		list[i] = code
		if n := names[code]; n != "" {
			list[i] = code + " " + n
		}
	}
	joined := strings.Join(list, l.T("explain.sep"))
	switch r.Rule {
	case scoring.RuleWeakestLink:
		return l.T("explain.weakest_link", "Indicators", joined)
	case scoring.RuleSingleIndicator:
		return l.T("explain.single_indicator", "Indicators", joined)
	case scoring.RuleInsufficientData:
		return l.T("explain.insufficient_data")
	}
	return ""
}

// PlanWhyText says what a plan status is measured against: whose plan, its
// baseline and target, and the value expected by the card's year.
func PlanWhyText(l *locale.Lang, e *scoring.Explanation, unit string, year int) string {
	if e == nil || e.Plan == nil {
		return ""
	}
	p := e.Plan
	return l.T("explain.plan", "Source", l.T("explain.source."+string(p.Source)),
		"Baseline", l.Num(p.BaselineValue, 4)+unitSuffix(unit), "BaselineYear", p.BaselineYear,
		"Target", l.Num(p.TargetValue, 4)+unitSuffix(unit), "TargetYear", p.TargetYear,
		"Expected", l.Num(p.ExpectedValue, 4)+unitSuffix(unit), "Year", year)
}

func unitSuffix(unit string) string {
	if unit == "" {
		return ""
	}
	if unit == "%" {
		return unit
	}
	return " " + unit
}

// UnitsOf is each indicator's unit in l's language, by code (the English
// one where the catalogue gives no Chinese).
func UnitsOf(l *locale.Lang, cat *indicators.Catalogue) map[string]string {
	m := map[string]string{}
	if cat != nil {
		for i := range cat.Indicators {
			ind := &cat.Indicators[i]
			m[ind.Code] = l.Text(ind.Unit, ind.UnitZh)
		}
	}
	return m
}

// unitIn is an indicator's unit in l's language, else the card's.
func unitIn(l *locale.Lang, ind *indicators.Indicator, card string) string {
	if ind == nil {
		return card
	}
	return l.Text(ind.Unit, ind.UnitZh)
}
