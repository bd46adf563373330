package scoring

// Reading is one indicator's contribution to the weakest-link rule: its
// colour and its 0–3 level (see Bounds.Level).
type Reading struct {
	Rating Rating
	Level  float64
}

// PerspectiveRating is the weakest-link colour of a perspective (SPEC §3.5).
// indicators is the perspective's number of indicators and readings holds
// one Reading per indicator that has a value. Below 50% coverage the colour
// is gray; with one value it is that value's colour; otherwise the two lowest
// levels are averaged: ≥ 2 green, ≥ 1.5 yellow, ≥ 1 orange, else red — but
// green only when both are green (else yellow) and red only when both are red
// (else orange), so one strong indicator cannot hide a weak one.
func PerspectiveRating(indicators int, readings []Reading) Rating {
	n := len(readings)
	if n == 0 || 2*n < indicators {
		return RatingGray
	}
	if n == 1 {
		return readings[0].Rating
	}
	a, b := lowestTwo(readings)
	return weakestLink(readings[a], readings[b])
}

// weakestLink colours a perspective from its two lowest readings.
func weakestLink(a, b Reading) Rating {
	avg := (a.Level + b.Level) / 2
	switch {
	case atLeast(avg, 2):
		if a.Rating == RatingGreen && b.Rating == RatingGreen {
			return RatingGreen
		}
		return RatingYellow
	case atLeast(avg, 1.5):
		return RatingYellow
	case atLeast(avg, 1):
		return RatingOrange
	}
	if a.Rating == RatingRed && b.Rating == RatingRed {
		return RatingRed
	}
	return RatingOrange
}
