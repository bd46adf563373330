package scoring

import (
	"fmt"

	"igmc/indicators"
)

// Bounds are an indicator's resolved scale: the two ends of the 0–100 score
// and the two colour thresholds, with every default of SPEC §2 applied. The
// rules of §3.2, §3.3 and §3.5 are methods on Bounds so that they can never
// be applied to an unresolved indicator.
type Bounds struct {
	Best, Worst float64
	Green, Red  float64
	// HigherIsBetter is true when Best > Worst. Ratings and the weakest-link
	// level compare values in this orientation.
	HigherIsBetter bool
}

// Resolve applies the defaults of SPEC §2 — best = target value and worst =
// baseline value when not given, green = best, red = the value that scores
// 50 — and checks that the result can be scored: best and worst known and
// different, and worst ≤ red ≤ green ≤ best in the indicator's direction (a
// threshold outside the bounds, or red better than green, would make the
// colours contradict the score).
func Resolve(ind Indicator) (Bounds, error) {
	// The defaults are the catalogue's own rule, applied in one place.
	ib, err := (&indicators.Indicator{Best: ind.Best, Worst: ind.Worst, Green: ind.Green, Red: ind.Red,
		BaselineValue: ind.BaselineValue, TargetValue: ind.TargetValue}).Bounds()
	if err != nil {
		return Bounds{}, fmt.Errorf("scoring: indicator %q: %v", ind.Code, err)
	}
	b := Bounds{Best: ib.Best, Worst: ib.Worst, Green: ib.Green, Red: ib.Red}
	if !finite(b.Best) || !finite(b.Worst) {
		return b, fmt.Errorf("scoring: indicator %q: best and worst must be finite numbers", ind.Code)
	}
	b.HigherIsBetter = b.Best > b.Worst
	if !finite(b.Green) || !finite(b.Red) {
		return b, fmt.Errorf("scoring: indicator %q: green and red must be finite numbers", ind.Code)
	}
	w, r, g, best := b.orient(b.Worst), b.orient(b.Red), b.orient(b.Green), b.orient(b.Best)
	if g > best || g < w {
		return b, fmt.Errorf("scoring: indicator %q: green %g lies outside worst %g … best %g", ind.Code, b.Green, b.Worst, b.Best)
	}
	if r < w || r > g {
		return b, fmt.Errorf("scoring: indicator %q: red %g must lie between worst %g and green %g (give red explicitly when green scores below 50)", ind.Code, b.Red, b.Worst, b.Green)
	}
	return b, nil
}

// orient turns a value into the higher-is-better orientation (SPEC §3.3).
func (b Bounds) orient(x float64) float64 {
	if b.HigherIsBetter {
		return x
	}
	return -x
}

// Better reports whether x is at or beyond y in the indicator's direction.
func (b Bounds) Better(x, y float64) bool { return b.orient(x) >= b.orient(y) }

// Score is the normalised score of SPEC §3.2: 0 at worst, 100 at best,
// linear in between and clamped outside. The one formula serves both
// directions because best − worst carries the sign.
func (b Bounds) Score(x float64) float64 {
	s := 100 * (x - b.Worst) / (b.Best - b.Worst)
	switch {
	case s <= 0: // also turns −0 (x == worst, best < worst) into 0
		return 0
	case s > 100:
		return 100
	}
	return s
}

// Rating is the colour of a value (SPEC §3.3). With mid halfway between red
// and green: at or beyond green is green, at or beyond mid yellow, at or
// beyond red orange, otherwise red; a value exactly on a threshold takes the
// better colour.
func (b Bounds) Rating(x float64) Rating {
	x, g, r := b.orient(x), b.orient(b.Green), b.orient(b.Red)
	mid := (g + r) / 2
	switch {
	case x >= g:
		return RatingGreen
	case x >= mid:
		return RatingYellow
	case x >= r:
		return RatingOrange
	}
	return RatingRed
}

// Level maps a value onto the 0–3 scale of the weakest-link rule (SPEC §3.5):
// piecewise linear through worst → 0, red → 1, green → 2, best → 3, and 0
// below worst, 3 beyond best. A value equal to a threshold takes the
// threshold's level before a bound's, so a value equal to both red and worst
// is 1 and one equal to both green and best is 2.
func (b Bounds) Level(x float64) float64 {
	x = b.orient(x)
	w, r, g, best := b.orient(b.Worst), b.orient(b.Red), b.orient(b.Green), b.orient(b.Best)
	switch {
	case x == g:
		return 2
	case x == r:
		return 1
	case x > g:
		if x >= best {
			return 3
		}
		return 2 + (x-g)/(best-g)
	case x > r: // r < x < g
		return 1 + (x-r)/(g-r)
	case x <= w: // x < r from here on
		return 0
	}
	return (x - w) / (r - w)
}

// Reading is what the weakest-link rule needs to know about one value.
func (b Bounds) Reading(x float64) Reading {
	return Reading{Rating: b.Rating(x), Level: b.Level(x)}
}
