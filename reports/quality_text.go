package reports

import (
	"math"

	"igmc/indicators"
	"igmc/locale"
	"igmc/scoring"
)

// WarningText says what a data-quality warning (SPEC §8) found, in the
// reader's language, from its figures: the change and the z-score of a
// jump, the peers' median, the years of a flat run, a rule's own message
// and its two sides. rules are the framework's rules, to find a rule's
// message and expressions by its code; a rule no longer among them is
// described by its figures alone. A failed error rule's text says that the
// value is refused.
func WarningText(l *locale.Lang, w scoring.Warning, rules []indicators.Rule) string {
	f := func(name string) float64 { return w.Figures[name] }
	num := func(name string) string { return l.Num(f(name), 4) }
	var text string
	switch w.Check {
	case scoring.CheckJump:
		change := f("change")
		args := []any{"Change", l.Signed(&change, 4), "Previous", num("previous"), "Changes", num("changes"), "Median", num("median_change")}
		_, hasZ := w.Figures["z"]
		_, hasRel := w.Figures["relative_change"]
		_, hasMedian := w.Figures["median_change"]
		switch {
		case hasZ:
			text = l.T("quality.jump.z", append(args, "Z", l.Num(f("z"), 1))...)
		case hasMedian && hasRel:
			text = l.T("quality.jump.trend", args...)
		case hasRel:
			rel := f("relative_change")
			text = l.T("quality.jump.short", append(args, "Percent", l.PctChange(&rel))...)
		default:
			text = l.T("quality.jump.from_zero", args...)
		}
	case scoring.CheckPeer:
		args := []any{"Peers", num("peers"), "Median", num("peer_median")}
		if _, hasZ := w.Figures["z"]; hasZ {
			text = l.T("quality.peer.z", append(args, "Z", l.Num(f("z"), 1))...)
		} else {
			text = l.T("quality.peer.same", args...)
		}
	case scoring.CheckFlat:
		text = l.T("quality.flat", "Value", num("value"), "Years", num("years"), "Since", l.Num(f("since"), 0))
	case scoring.CheckRule:
		text = ruleText(l, w, rules)
	default:
		text = l.T("quality.unknown", "Check", w.Check)
	}
	if w.Severity == indicators.SeverityError {
		return l.T("quality.refused", "Text", text)
	}
	return text
}

// ruleText describes a failed rule, or one that divides by zero.
func ruleText(l *locale.Lang, w scoring.Warning, rules []indicators.Rule) string {
	var r indicators.Rule
	for i := range rules {
		if rules[i].Code == w.Rule {
			r = rules[i]
			break
		}
	}
	if r.Left == "" {
		r.Left, r.Right = "?", "?"
	}
	args := []any{"Rule", w.Rule, "LeftExpr", r.Left, "RightExpr", r.Right, "Operator", r.Operator}
	if w.State == indicators.RuleDivByZero {
		return l.T("quality.rule.division_by_zero", args...)
	}
	tol := ""
	if t := w.Figures["tolerance"]; t > 0 && !math.IsNaN(t) {
		tol = l.T("quality.rule.tolerance", "Share", l.Num(t*100, 2)+"%")
	}
	args = append(args, "Left", l.Num(w.Figures["left"], 4), "Right", l.Num(w.Figures["right"], 4), "Tolerance", tol)
	if msg := l.Text(r.MessageEn, r.MessageZh); msg != "" {
		return l.T("quality.rule.fails", append(args, "Message", msg)...)
	}
	return l.T("quality.rule.fails_plain", args...)
}
