package scoring

// Plan is a value's position on the zone's plan from baseline to target
// (SPEC §3.8).
type Plan struct {
	// Progress is the share of the way from baseline to target covered so
	// far: 0 at baseline, 1 at target. It is not clamped, so going backwards
	// shows as negative and overshooting as more than 1.
	Progress float64
	// Expected is the share of the planned time elapsed by the scorecard
	// year, clamped to 0–1.
	Expected float64
	Status   PlanStatus
}

// Progress places value x on the plan as of the scorecard year. It reports
// false when the baseline or the target (value or year) is missing, when the
// two values are equal, or when the target year is not after the baseline
// year, since no plan can then be drawn. Achieved means x has reached the
// target in the indicator's direction; otherwise ahead when progress ≥
// expected, else behind.
func Progress(ind Indicator, b Bounds, x float64, year int) (Plan, bool) {
	if ind.BaselineValue == nil || ind.TargetValue == nil || ind.BaselineYear == 0 || ind.TargetYear == 0 {
		return Plan{}, false
	}
	base, target := *ind.BaselineValue, *ind.TargetValue
	if base == target || ind.TargetYear <= ind.BaselineYear {
		return Plan{}, false
	}
	p := Plan{
		Progress: (x - base) / (target - base),
		Expected: float64(year-ind.BaselineYear) / float64(ind.TargetYear-ind.BaselineYear),
	}
	p.Expected = min(max(p.Expected, 0), 1)
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
