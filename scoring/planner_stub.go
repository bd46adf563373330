package scoring

// A stand-in for the planner and the what-if scorecard, so that the store,
// the API and the pages can be built against their shapes; it is replaced
// by the real functions.

// PlanToNextGrade is the way from a zone's points to the next grade band.
func PlanToNextGrade(fw Framework, values []Value, opts Options) (Planner, error) {
	return Planner{}, nil
}

// WhatIf is the scorecard that would follow from hypothetical values.
func WhatIf(fw Framework, values []Value, opts Options, hypothetical map[string]float64) (WhatIfResult, error) {
	return WhatIfResult{}, nil
}
