package scoring

// The types of zone plans, applicability, explanations, the planner and
// the what-if scorecard (SPEC §2.2, §3.8, §3.9a, §3.11, §3.12).

// Milestone is a value a zone plans to reach by a year.
type Milestone struct {
	Year  int     `json:"year"`
	Value float64 `json:"value"`
}

// PlanLine is a zone's own plan for one indicator: a baseline, any number
// of milestones in year order strictly between the baseline and target
// years, and a target.
type PlanLine struct {
	BaselineYear  int         `json:"baseline_year"`
	BaselineValue float64     `json:"baseline_value"`
	Milestones    []Milestone `json:"milestones"`
	TargetYear    int         `json:"target_year"`
	TargetValue   float64     `json:"target_value"`
}

// PlanSource says whose baseline and target a plan status measures
// against: the zone's own plan or the catalogue's.
type PlanSource string

// The plan sources.
const (
	PlanFromZone      PlanSource = "zone"
	PlanFromCatalogue PlanSource = "catalogue"
)

// Threshold is one of an indicator's effective bounds or thresholds, by
// name: "best", "green", "mid", "red" or "worst".
type Threshold struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

// Explanation says why a rating or a plan status is what it is (§3.12).
type Explanation struct {
	Rating *RatingExplanation `json:"rating,omitempty"`
	Plan   *PlanExplanation   `json:"plan,omitempty"`
}

// The rules a rating can follow.
const (
	RuleThresholds       = "thresholds"        // an indicator: the thresholds around its value
	RuleInsufficientData = "insufficient_data" // a perspective under 50% coverage
	RuleSingleIndicator  = "single_indicator"  // a perspective with one value
	RuleWeakestLink      = "weakest_link"      // a perspective: its two lowest
)

// RatingExplanation is the reason of a colour. For an indicator (Rule
// "thresholds"): Lower is the threshold the value reaches and Upper the
// next better one it does not (nil at the top or bottom), in the
// indicator's own units. For a perspective: the indicators that set its
// colour (the two lowest by the weakest-link rule, or the single one).
type RatingExplanation struct {
	Rule       string     `json:"rule"`
	Lower      *Threshold `json:"lower,omitempty"`
	Upper      *Threshold `json:"upper,omitempty"`
	Indicators []string   `json:"indicators,omitempty"`
}

// PlanExplanation is the reason of a plan status: the plan it was measured
// against and the value the plan expects by the card's year.
type PlanExplanation struct {
	Source        PlanSource `json:"source"`
	BaselineYear  int        `json:"baseline_year"`
	BaselineValue float64    `json:"baseline_value"`
	TargetYear    int        `json:"target_year"`
	TargetValue   float64    `json:"target_value"`
	ExpectedValue float64    `json:"expected_value"`
}

// PlannerRow is what one indicator could add to a zone's points (§3.11).
type PlannerRow struct {
	IndicatorCode string   `json:"indicator_code"`
	Value         *float64 `json:"value"`
	Points        float64  `json:"points"`          // earned now
	GreenValue    float64  `json:"green_value"`     // the value at the green threshold
	BestValue     float64  `json:"best_value"`      // the value that scores 100
	AtGreen       float64  `json:"points_at_green"` // points added by reaching green (0 when there already)
	AtBest        float64  `json:"points_at_best"`  // points added by reaching best
}

// PlannerStep is one improvement on the way to the next grade: the
// indicator, its value now (nil without one), the value it needs, and what
// that adds.
type PlannerStep struct {
	IndicatorCode string   `json:"indicator_code"`
	From          *float64 `json:"from"`
	To            float64  `json:"to"`
	PointsGain    float64  `json:"points_gain"`
	ScoreChange   float64  `json:"score_change"`
}

// Planner is the way from a zone's points to the next grade band: every
// applicable indicator's potential and the smallest set of improvements
// (fewest indicators, then the smallest total change of normalised score)
// that reaches the band. Reachable is false when even every indicator at
// best does not reach it, and NextGrade is nil at the top band.
type Planner struct {
	Framework    string  `json:"framework"`
	Zone         string  `json:"zone"`
	Year         int     `json:"year"`
	Basis        Basis   `json:"basis"`
	Earned       float64 `json:"earned"`
	Max          float64 `json:"max"`
	Grade        *string `json:"grade"`
	NextGrade    *string `json:"next_grade"`
	PointsNeeded float64 `json:"points_needed"`
	Reachable    bool    `json:"reachable"`
	// Exact is true when the path is proven the least total change among
	// the smallest sets; false only when the search hit its budget (the
	// path then still is a smallest set that reaches the band).
	Exact      bool          `json:"exact"`
	Indicators []PlannerRow  `json:"indicators"`
	Path       []PlannerStep `json:"path"`
}

// Difference is one figure a what-if changes: "index", "points", "grade",
// "perspective.<code>.score", "perspective.<code>.rating",
// "indicator.<code>.score", "indicator.<code>.rating" and the like.
type Difference struct {
	Field  string `json:"field"`
	Before any    `json:"before"`
	After  any    `json:"after"`
}

// WhatIfResult is today's scorecard, the one that would follow from the
// hypothetical values, and what differs between them. Nothing is stored.
type WhatIfResult struct {
	Today       Card         `json:"today"`
	WhatIf      Card         `json:"what_if"`
	Differences []Difference `json:"differences"`
}
