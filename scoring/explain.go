package scoring

// RuleNotApplicable explains the gray of a perspective whose indicators all
// do not apply to the zone (§3.9a): there is nothing to judge.
const RuleNotApplicable = "not_applicable"

// The names of an indicator's thresholds, best first (§3.12).
const (
	ThresholdBest  = "best"
	ThresholdGreen = "green"
	ThresholdMid   = "mid"
	ThresholdRed   = "red"
	ThresholdWorst = "worst"
)

// Thresholds is the indicator's scale in its own units, best first: best,
// green, mid (halfway between green and red), red and worst.
func (b Bounds) Thresholds() [5]Threshold {
	return [5]Threshold{
		{ThresholdBest, b.Best},
		{ThresholdGreen, b.Green},
		{ThresholdMid, (b.Green + b.Red) / 2},
		{ThresholdRed, b.Red},
		{ThresholdWorst, b.Worst},
	}
}

// Explain says why value x has its colour (SPEC §3.12): lower is the best
// threshold x reaches (nil beyond worst) and upper the next threshold
// strictly better than lower (nil at or beyond best). Where a colour
// threshold coincides with a bound (green = best, red = worst) the colour
// threshold is named, since it is the one that sets the colour. The colour
// of x is always the colour of lower's band: green from green or best,
// yellow from mid, orange from red, red from worst or below.
func (b Bounds) Explain(x float64) (lower, upper *Threshold) {
	ts := b.Thresholds()
	lo, up := b.explain(x)
	if lo >= 0 {
		lower = &ts[lo]
	}
	if up >= 0 {
		upper = &ts[up]
	}
	return lower, upper
}

// explain is Explain by positions in Thresholds, -1 for none, so that
// Compute can copy the thresholds into its own arrays without allocating.
func (b Bounds) explain(x float64) (lo, up int) {
	ts := b.Thresholds()
	ox := b.orient(x)
	lo, up = -1, -1
	for i, t := range ts {
		if ox >= b.orient(t.Value) {
			lo = i
			break
		}
	}
	if lo == 0 && b.Best == b.Green {
		lo = 1
	}
	floor, from := ox, len(ts)-1 // nothing reached: the next better one is worst
	if lo >= 0 {
		floor, from = b.orient(ts[lo].Value), lo-1
	}
	for j := from; j >= 0; j-- {
		if b.orient(ts[j].Value) > floor {
			return lo, j
		}
	}
	return lo, up
}

// lowestTwo returns the positions in readings of the two lowest levels,
// lowest first, breaking ties by position exactly as PerspectiveRating does.
// readings must hold at least two.
func lowestTwo(readings []Reading) (int, int) {
	a, b := 0, 1
	if readings[b].Level < readings[a].Level {
		a, b = b, a
	}
	for i := 2; i < len(readings); i++ {
		switch r := readings[i]; {
		case r.Level < readings[a].Level:
			a, b = i, a
		case r.Level < readings[b].Level:
			b = i
		}
	}
	return a, b
}
