package scoring

import "fmt"

// Compute scores one zone on one framework as of opts.Year (SPEC §3) and
// returns the scorecard. values may hold the zone's values for any
// indicators and years: values of indicators outside the framework and
// years after opts.Year are ignored, values the basis does not admit are
// dropped, and when one period appears more than once the later value in
// the slice wins (pass revisions oldest first). opts.Plans and
// opts.NotApplicable entries of indicators outside the framework are
// ignored too. It fails only on an invalid framework, an invalid option
// (a basis, a year, a plan line with unordered milestones or a non-finite
// value) or a value whose period does not fit its indicator.
func Compute(fw Framework, values []Value, opts Options) (Card, error) {
	card, _, err := compute(fw, values, opts, nil)
	return card, err
}

// compute is Compute with the year's value of some indicators (by index)
// replaced by the given ones, complete and approved (the what-if), and it
// also hands back the checked framework for the planner.
func compute(fw Framework, values []Value, opts Options, over map[int]float64) (Card, prepared, error) {
	basis, err := ParseBasis(string(opts.Basis))
	if err != nil {
		return Card{}, prepared{}, err
	}
	if opts.Year <= 0 {
		return Card{}, prepared{}, fmt.Errorf("scoring: year must be positive, got %d", opts.Year)
	}
	pr, err := prepare(fw)
	if err != nil {
		return Card{}, prepared{}, err
	}
	for code, line := range opts.Plans {
		if _, ok := pr.index[code]; ok {
			if err := line.Validate(); err != nil {
				return Card{}, prepared{}, fmt.Errorf("scoring: plan of %q: %w", code, err)
			}
		}
	}
	entries, start, err := bucket(fw, pr, values, basis, opts.Year)
	if err != nil {
		return Card{}, prepared{}, err
	}
	card := Card{
		Framework:     fw.Code,
		Zone:          opts.Zone,
		Year:          opts.Year,
		Basis:         basis,
		MethodVersion: MethodVersion,
	}
	ix := scoreIndicators(fw, pr, entries, start, opts, over)
	card.Indicators = ix.rows
	scorePerspectives(fw, pr, ix, &card)
	return card, pr, nil
}

// bucket gathers the usable values of each indicator, in their given order:
// those of indicator k are entries[start[k]:start[k+1]].
func bucket(fw Framework, pr prepared, values []Value, basis Basis, year int) ([]entry, []int, error) {
	n := len(fw.Indicators)
	owner := make([]int32, len(values))
	start := make([]int, n+1)
	for i := range values {
		v := &values[i]
		owner[i] = -1
		k, ok := pr.index[v.Indicator]
		if !ok || !basis.Admits(*v) {
			continue
		}
		if err := checkValue(fw.Indicators[k], *v); err != nil {
			return nil, nil, err
		}
		if v.Year > year {
			continue
		}
		owner[i] = int32(k)
		start[k+1]++
	}
	for k := range n {
		start[k+1] += start[k]
	}
	entries := make([]entry, start[n])
	next := append([]int(nil), start[:n]...)
	for i, k := range owner {
		if k >= 0 {
			v := &values[i]
			entries[next[k]] = entry{year: v.Year, sub: v.Sub, value: v.Value, quality: qualityCode(v.Quality)}
			next[k]++
		}
	}
	return entries, start, nil
}
