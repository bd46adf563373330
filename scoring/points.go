package scoring

// Earned is the share of an indicator's points its score earns (SPEC §3.9):
// points × score / 100.
func Earned(points, score float64) float64 { return points * score / 100 }

// Grade returns the grade of the highest band whose minimum the earned
// points reach (SPEC §3.9), or false when they reach none. Bands may come in
// any order. A total within 10⁻⁹ of a minimum counts as reaching it, so that
// binary rounding never costs a zone its grade.
func Grade(bands []GradeBand, earned float64) (string, bool) {
	best := -1
	for i, band := range bands {
		if atLeast(earned, band.Min) && (best < 0 || band.Min > bands[best].Min) {
			best = i
		}
	}
	if best < 0 {
		return "", false
	}
	return bands[best].Grade, true
}
