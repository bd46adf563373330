package scoring

import (
	"fmt"
	"slices"
)

// HypotheticalError is a what-if value that cannot be used: an indicator
// outside the framework or not applicable to the zone, or a value that is
// not a finite number. Callers map it to a refusal of the request (422),
// as distinct from the errors of an invalid framework.
type HypotheticalError struct {
	Indicator string
	Reason    string
}

func (e *HypotheticalError) Error() string {
	return fmt.Sprintf("scoring: what-if value of %q: %s", e.Indicator, e.Reason)
}

// WhatIf recomputes the scorecard with hypothetical values of some
// indicators for the card's year (SPEC §3.11): each replaces the zone's
// value of that year — for a quarterly or monthly indicator it stands for
// the year's aggregate, complete — and counts as approved on either basis;
// nothing else changes and nothing is stored. Differences lists every
// figure that changed, in card order. It fails with a *HypotheticalError on
// an unknown or not-applicable indicator or a non-finite value (the first
// in code order), and otherwise as Compute does.
func WhatIf(fw Framework, values []Value, opts Options, hypothetical map[string]float64) (WhatIfResult, error) {
	today, pr, err := compute(fw, values, opts, nil)
	if err != nil {
		return WhatIfResult{}, err
	}
	codes := make([]string, 0, len(hypothetical))
	for code := range hypothetical {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	over := make(map[int]float64, len(codes))
	for _, code := range codes {
		k, ok := pr.index[code]
		x := hypothetical[code]
		switch _, na := opts.NotApplicable[code]; {
		case !ok:
			return WhatIfResult{}, &HypotheticalError{code, "not an indicator of the framework"}
		case na:
			return WhatIfResult{}, &HypotheticalError{code, "does not apply to the zone"}
		case !finite(x):
			return WhatIfResult{}, &HypotheticalError{code, "not a finite number"}
		}
		over[k] = x
	}
	after, _, err := compute(fw, values, opts, over)
	if err != nil {
		return WhatIfResult{}, err
	}
	return WhatIfResult{Today: today, WhatIf: after, Differences: Differences(today, after)}, nil
}

// Differences lists the figures that differ between two scorecards of the
// same framework, in card order: "coverage", "index", "points", "grade";
// then per perspective "perspective.<code>.score", ".rating", ".trend",
// ".coverage", ".points"; then per indicator "indicator.<code>.value",
// ".score", ".rating", ".trend", ".progress", ".plan_status", ".points".
// Before and After are the figures themselves, nil for null.
func Differences(before, after Card) []Difference {
	d := diffs{out: []Difference{}}
	diff(&d, "coverage", &before.Coverage, &after.Coverage)
	diff(&d, "index", before.Index.Score, after.Index.Score)
	diff(&d, "points", &before.Points.Earned, &after.Points.Earned)
	diff(&d, "grade", before.Points.Grade, after.Points.Grade)
	for i := range min(len(before.Perspectives), len(after.Perspectives)) {
		b, a := &before.Perspectives[i], &after.Perspectives[i]
		f := "perspective." + b.Code + "."
		diff(&d, f+"score", b.Score, a.Score)
		diff(&d, f+"rating", &b.Rating, &a.Rating)
		diff(&d, f+"trend", b.Trend, a.Trend)
		diff(&d, f+"coverage", &b.Coverage, &a.Coverage)
		diff(&d, f+"points", &b.Points, &a.Points)
	}
	for i := range min(len(before.Indicators), len(after.Indicators)) {
		b, a := &before.Indicators[i], &after.Indicators[i]
		f := "indicator." + b.IndicatorCode + "."
		diff(&d, f+"value", b.Value, a.Value)
		diff(&d, f+"score", b.Score, a.Score)
		diff(&d, f+"rating", b.Rating, a.Rating)
		diff(&d, f+"trend", b.Trend, a.Trend)
		diff(&d, f+"progress", b.Progress, a.Progress)
		diff(&d, f+"plan_status", b.PlanStatus, a.PlanStatus)
		diff(&d, f+"points", &b.Points, &a.Points)
	}
	return d.out
}

type diffs struct{ out []Difference }

// diff records a figure that is null on one side only or differs.
func diff[T comparable](d *diffs, field string, b, a *T) {
	if b == nil && a == nil || b != nil && a != nil && *b == *a {
		return
	}
	d.out = append(d.out, Difference{Field: field, Before: deref(b), After: deref(a)})
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
