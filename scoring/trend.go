package scoring

// TrendWindow is how many years before the latest value the trend looks back
// for its starting point (SPEC §3.7).
const TrendWindow = 5

// IndicatorTrend classifies the direction of travel of one indicator as of
// year (SPEC §3.7). t1 is the latest year ≤ year with a value and t0 the
// earliest year with a value in [t1 − 5, t1 − 1]; without t0 there is no
// trend. A latest score at or above the green threshold's score is on track.
// Otherwise the observed yearly change of the score is compared with the
// change required to reach green by the target year (DefaultTargetYear when
// none; t0 + 1 when the target year is not after t0).
func IndicatorTrend(ind Indicator, b Bounds, series []Point, year int) (Trend, bool) {
	p1, ok := AsOf(series, year)
	if !ok {
		return "", false
	}
	var p0 Point
	found := false
	for _, p := range series {
		if p.Year >= p1.Year-TrendWindow && p.Year < p1.Year {
			p0, found = p, true
			break
		}
	}
	if !found {
		return "", false
	}
	s1, s0, g := b.Score(p1.Value), b.Score(p0.Value), b.Score(b.Green)
	if s1 >= g {
		return TrendOnTrack, true
	}
	target := ind.TargetYear
	if target == 0 {
		target = DefaultTargetYear
	}
	if target <= p0.Year {
		target = p0.Year + 1
	}
	observed := (s1 - s0) / float64(p1.Year-p0.Year)
	required := (g - s0) / float64(target-p0.Year)
	switch {
	case observed < 0:
		return TrendDecreasing, true
	case atLeast(observed, required):
		return TrendOnTrack, true
	case atLeast(observed, required/2):
		return TrendModeratelyImproving, true
	}
	return TrendStagnating, true
}

// trendPoints is the 0–3 value of each trend class in the perspective mean.
func trendPoints(t Trend) int {
	switch t {
	case TrendOnTrack:
		return 3
	case TrendModeratelyImproving:
		return 2
	case TrendStagnating:
		return 1
	}
	return 0
}

// PerspectiveTrend combines the trends of a perspective's indicators (SPEC
// §3.7): the plain mean of their 0–3 values (decreasing 0 … on track 3) over
// the indicators that have a trend, reported only when at least half of the
// perspective's indicators (indicators = their number) have one.
func PerspectiveTrend(indicators int, trends []Trend) (Trend, bool) {
	n := len(trends)
	if n == 0 || 2*n < indicators {
		return "", false
	}
	sum := 0
	for _, t := range trends {
		sum += trendPoints(t)
	}
	// mean = sum / n, compared with 2.5, 1.5 and 0.5 in whole numbers.
	switch {
	case 2*sum >= 5*n:
		return TrendOnTrack, true
	case 2*sum >= 3*n:
		return TrendModeratelyImproving, true
	case 2*sum >= n:
		return TrendStagnating, true
	}
	return TrendDecreasing, true
}
