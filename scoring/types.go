package scoring

import (
	"fmt"
	"math"

	"igmc/indicators"
)

// Frequency says how often an indicator is measured, and therefore how many
// periods make up a complete year. The zero value means annual, so that a
// catalogue row without a frequency behaves as the common case.
type Frequency string

// The frequencies of SPEC §2.
const (
	Annual    Frequency = "annual"
	Quarterly Frequency = "quarterly"
	Monthly   Frequency = "monthly"
)

// Periods returns how many periods a complete year has at this frequency
// (1, 4 or 12), or 0 when the frequency is unknown.
func (f Frequency) Periods() int {
	switch f {
	case Annual, "":
		return 1
	case Quarterly:
		return 4
	case Monthly:
		return 12
	}
	return 0
}

// Aggregation says how the sub-annual values of one year become the year's
// value (SPEC §3.1). It is required for quarterly and monthly indicators; for
// annual ones it is ignored and may be empty.
type Aggregation string

// The aggregations of SPEC §2.
const (
	AggregateSum  Aggregation = "sum"  // flows: emissions, output, visitors
	AggregateMean Aggregation = "mean" // rates and levels measured repeatedly
	AggregateLast Aggregation = "last" // stocks: the latest reading stands for the year
)

// Rating is the colour of an indicator or a perspective (SPEC §3.3, §3.5).
type Rating string

// The colours, best first. Gray exists only for perspectives: it says there
// are too few values to judge.
const (
	RatingGreen  Rating = "green"
	RatingYellow Rating = "yellow"
	RatingOrange Rating = "orange"
	RatingRed    Rating = "red"
	RatingGray   Rating = "gray"
)

// Trend is the direction of travel of an indicator or perspective (SPEC §3.7).
type Trend string

// The trend classes, best first.
const (
	TrendOnTrack             Trend = "on_track"
	TrendModeratelyImproving Trend = "moderately_improving"
	TrendStagnating          Trend = "stagnating"
	TrendDecreasing          Trend = "decreasing"
)

// PlanStatus compares a value with the zone's plan from baseline to target
// (SPEC §3.8).
type PlanStatus string

// The plan statuses.
const (
	PlanAchieved PlanStatus = "achieved"
	PlanAhead    PlanStatus = "ahead"
	PlanBehind   PlanStatus = "behind"
)

// Basis says which values a scorecard may use (SPEC §3.10). It is printed on
// every scorecard so a working view is never mistaken for an official one.
type Basis string

// The two bases. Official is the default because it is the safe one.
const (
	BasisOfficial Basis = "official" // approved values only
	BasisWorking  Basis = "working"  // every value given, whatever its status
)

// ParseBasis turns text into a Basis; the empty string means official.
func ParseBasis(s string) (Basis, error) {
	switch Basis(s) {
	case BasisOfficial, "":
		return BasisOfficial, nil
	case BasisWorking:
		return BasisWorking, nil
	}
	return "", fmt.Errorf("scoring: unknown basis %q (want %q or %q)", s, BasisOfficial, BasisWorking)
}

// Admits reports whether a value may be used on this basis.
func (b Basis) Admits(v Value) bool { return b == BasisWorking || v.Approved }

// Indicator is what the method needs to know about one indicator of a
// framework. Optional numbers are pointers (nil = not given) because zero is a
// legitimate bound, threshold, baseline or target.
type Indicator struct {
	Code        string
	Perspective string // code of the perspective it belongs to
	Unit        string
	Frequency   Frequency
	Aggregation Aggregation

	// Best scores 100 and Worst scores 0; their order gives the direction.
	// When not given they default to the target and baseline values.
	Best, Worst *float64
	// Green and Red are the colour thresholds; they default to Best and to
	// the value that scores 50.
	Green, Red *float64

	BaselineValue *float64
	BaselineYear  int // 0 = not given
	TargetValue   *float64
	TargetYear    int // 0 = not given; trends then aim at DefaultTargetYear

	// Weight is the indicator's weight inside its perspective. It must be
	// greater than 0: the catalogue's default of 1 is applied by the caller,
	// so that a weight of 0 is never silently read as "default".
	Weight float64
	// Points is the indicator's share of the framework's points (IGMC: 320 in
	// all); 0 is allowed and is the catalogue default.
	Points float64
}

// Validate checks everything the method relies on: resolvable bounds in a
// sensible order (see Resolve), a known frequency, an aggregation for
// sub-annual indicators, a positive weight and non-negative points.
func (ind Indicator) Validate() error {
	if ind.Code == "" {
		return fmt.Errorf("scoring: indicator without a code")
	}
	if ind.Frequency.Periods() == 0 {
		return fmt.Errorf("scoring: indicator %q: unknown frequency %q", ind.Code, ind.Frequency)
	}
	switch ind.Aggregation {
	case AggregateSum, AggregateMean, AggregateLast:
	case "":
		if ind.Frequency.Periods() > 1 {
			return fmt.Errorf("scoring: indicator %q: a %s indicator needs an aggregation (sum, mean or last)", ind.Code, ind.Frequency)
		}
	default:
		return fmt.Errorf("scoring: indicator %q: unknown aggregation %q", ind.Code, ind.Aggregation)
	}
	if !(ind.Weight > 0) || math.IsInf(ind.Weight, 0) {
		return fmt.Errorf("scoring: indicator %q: weight must be a finite number greater than 0 (pass 1 for the default)", ind.Code)
	}
	if !(ind.Points >= 0) || math.IsInf(ind.Points, 0) {
		return fmt.Errorf("scoring: indicator %q: points must be a finite number of at least 0", ind.Code)
	}
	for _, f := range []*float64{ind.BaselineValue, ind.TargetValue} {
		if f != nil && !finite(*f) {
			return fmt.Errorf("scoring: indicator %q: baseline and target must be finite numbers", ind.Code)
		}
	}
	_, err := Resolve(ind)
	return err
}

// Perspective is an ordered group of indicators with a weight in the index.
type Perspective struct {
	Code   string
	NameEn string
	NameZh string
	// Weight in the index; must be greater than 0 (the caller applies the
	// catalogue default of 1).
	Weight float64
}

// GradeBand awards Grade to a total of at least Min earned points.
type GradeBand struct {
	Min   float64
	Grade string
}

// Framework is a complete indicator system as the method sees it. The order
// of Perspectives and Indicators is the order of the scorecard.
type Framework struct {
	Code         string
	Perspectives []Perspective
	Indicators   []Indicator
	GradeBands   []GradeBand
}

// Value is one measurement of one indicator for one period.
type Value struct {
	Indicator string // indicator code
	Year      int
	// Sub is the period inside the year: 0 for annual values, 1–4 for
	// quarters, 1–12 for months.
	Sub   int
	Value float64
	// Approved says the value may be used on an official scorecard.
	Approved bool
	// Quality says how the value was obtained (SPEC §8); empty is
	// administrative. It never changes a score: the card only counts the
	// estimated and modelled values it rests on.
	Quality indicators.Quality
}

// Options selects what Compute scores.
type Options struct {
	Zone  string
	Year  int   // the scorecard is "as of" this year
	Basis Basis // empty means official
	// Plans are the zone's own plans by indicator code (§3.8); an
	// indicator without one is measured against the catalogue's baseline
	// and target.
	Plans map[string]PlanLine
	// NotApplicable holds the indicators that do not apply to the zone,
	// by code, with the reason (§3.9a).
	NotApplicable map[string]string
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
