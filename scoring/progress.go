package scoring

import "errors"

// Plan is a value's position on the zone's plan from baseline to target
// (SPEC §3.8).
type Plan struct {
	// Progress is the share of the way from baseline to target covered so
	// far: 0 at baseline, 1 at target. It is not clamped, so going backwards
	// shows as negative and overshooting as more than 1.
	Progress float64
	// Expected is the progress the plan expects by the scorecard year,
	// clamped to 0–1: the share of the planned time elapsed, or with
	// milestones the progress of ExpectedValue.
	Expected float64
	// ExpectedValue is the value the plan expects by the scorecard year,
	// read off the straight lines through baseline, milestones and target.
	ExpectedValue float64
	Status        PlanStatus
}

// Progress places value x on the catalogue's plan of the indicator as of
// the scorecard year. It reports false when the baseline or the target
// (value or year) is missing, when the two values are equal, or when the
// target year is not after the baseline year, since no plan can then be
// drawn. Achieved means x has reached the target in the indicator's
// direction; otherwise ahead when progress ≥ expected, else behind.
func Progress(ind Indicator, b Bounds, x float64, year int) (Plan, bool) {
	line, ok := CataloguePlan(ind)
	if !ok {
		return Plan{}, false
	}
	return ProgressOn(line, b, x, year)
}

// CataloguePlan is the catalogue's baseline and target of an indicator as a
// plan line without milestones, or false when either is missing.
func CataloguePlan(ind Indicator) (PlanLine, bool) {
	if ind.BaselineValue == nil || ind.TargetValue == nil || ind.BaselineYear == 0 || ind.TargetYear == 0 {
		return PlanLine{}, false
	}
	return PlanLine{BaselineYear: ind.BaselineYear, BaselineValue: *ind.BaselineValue,
		TargetYear: ind.TargetYear, TargetValue: *ind.TargetValue}, true
}

// ProgressOn places value x on a plan line as of the scorecard year (SPEC
// §3.8). The expected value is read off the straight lines through
// baseline → milestones → target: the baseline value before the baseline
// year and the target value after the target year. It reports false when
// the baseline and target values are equal or the target year is not
// after the baseline year. b gives the direction in which "achieved" is
// judged; it is always the catalogue's, so zones stay comparable.
func ProgressOn(line PlanLine, b Bounds, x float64, year int) (Plan, bool) {
	base, target := line.BaselineValue, line.TargetValue
	if base == target || line.TargetYear <= line.BaselineYear {
		return Plan{}, false
	}
	p := Plan{Progress: (x - base) / (target - base)}
	if len(line.Milestones) == 0 {
		// One straight line: the expected progress is the share of the
		// planned time elapsed, computed directly so it is exact.
		p.Expected = float64(year-line.BaselineYear) / float64(line.TargetYear-line.BaselineYear)
		p.Expected = min(max(p.Expected, 0), 1)
		p.ExpectedValue = base + (target-base)*p.Expected
	} else {
		p.ExpectedValue = line.ValueAt(year)
		p.Expected = min(max((p.ExpectedValue-base)/(target-base), 0), 1)
	}
	switch {
	case b.Better(x, target):
		p.Status = PlanAchieved
	case atLeast(p.Progress, p.Expected):
		p.Status = PlanAhead
	default:
		p.Status = PlanBehind
	}
	return p, true
}

// ValueAt is the value the plan expects in a year: the baseline value up to
// the baseline year, the target value from the target year on, and in
// between the straight line through the two neighbouring points of
// baseline → milestones → target. The line must be valid (see Validate).
func (l PlanLine) ValueAt(year int) float64 {
	if year <= l.BaselineYear {
		return l.BaselineValue
	}
	if year >= l.TargetYear {
		return l.TargetValue
	}
	y0, v0 := l.BaselineYear, l.BaselineValue
	for i := 0; i <= len(l.Milestones); i++ {
		y1, v1 := l.TargetYear, l.TargetValue
		if i < len(l.Milestones) {
			y1, v1 = l.Milestones[i].Year, l.Milestones[i].Value
		}
		if year <= y1 {
			if year == y1 {
				return v1
			}
			return v0 + (v1-v0)*float64(year-y0)/float64(y1-y0)
		}
		y0, v0 = y1, v1
	}
	return l.TargetValue // not reached: year < TargetYear ends the loop
}

// Complete reports whether the line has both a baseline and a target year,
// the condition for it to stand in for the catalogue's plan.
func (l PlanLine) Complete() bool { return l.BaselineYear != 0 && l.TargetYear != 0 }

// Validate checks what ValueAt relies on: finite values and, when the
// target year is after the baseline year, milestones in strictly increasing
// years strictly between them. A line whose target year is not after its
// baseline year (or whose target equals its baseline) is not an error: it
// simply draws no plan.
func (l PlanLine) Validate() error {
	if !finite(l.BaselineValue) || !finite(l.TargetValue) {
		return errors.New("baseline and target must be finite numbers")
	}
	prev := l.BaselineYear
	for _, m := range l.Milestones {
		if !finite(m.Value) {
			return errors.New("milestone values must be finite numbers")
		}
		if l.TargetYear > l.BaselineYear && (m.Year <= prev || m.Year >= l.TargetYear) {
			return errors.New("milestones must be in increasing years strictly between the baseline and target years")
		}
		prev = m.Year
	}
	return nil
}
