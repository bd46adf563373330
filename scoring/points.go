package scoring

// Earned is the share of an indicator's points its score earns (SPEC §3.9):
// points × score / 100.
func Earned(points, score float64) float64 { return points * score / 100 }

// Grade returns the grade of the highest band whose minimum the earned
// points reach (SPEC §3.9), or false when they reach none. Bands may come in
// any order. A total within 10⁻⁹ of a minimum counts as reaching it, so that
// binary rounding never costs a zone its grade.
func Grade(bands []GradeBand, earned float64) (string, bool) { return gradeScaled(bands, earned, 1) }

// gradeScaled is Grade with every band's minimum multiplied by scale
// (exactly the minimum when scale is 1).
func gradeScaled(bands []GradeBand, earned, scale float64) (string, bool) {
	best := -1
	for i, band := range bands {
		if atLeast(earned, band.Min*scale) && (best < 0 || band.Min > bands[best].Min) {
			best = i
		}
	}
	if best < 0 {
		return "", false
	}
	return bands[best].Grade, true
}

// ShareGrade is the grade of a zone some of whose indicators do not apply
// (SPEC §3.9a): the share earned/max of the applicable points is compared
// with each band's share min/frameworkMax of the framework's total. The
// comparison is made in points, earned ≥ min × max/frameworkMax, with
// Grade's tolerance, so that with every indicator applicable (max =
// frameworkMax) it is exactly Grade. With no applicable points there is
// nothing to grade.
func ShareGrade(bands []GradeBand, earned, max, frameworkMax float64) (string, bool) {
	scale, ok := bandScale(max, frameworkMax)
	if !ok {
		return "", false
	}
	return gradeScaled(bands, earned, scale)
}

// bandScale is the factor that turns a band's minimum into the points a zone
// with max applicable points needs: max/frameworkMax, exactly 1 when nothing
// is left out (or the framework has no points), and false when points exist
// but none apply.
func bandScale(max, frameworkMax float64) (float64, bool) {
	switch {
	case max == frameworkMax || frameworkMax <= 0:
		return 1, true
	case max <= 0:
		return 0, false
	}
	return max / frameworkMax, true
}
