package scoring

import (
	"cmp"
	"slices"
)

// PlanToNextGrade is the planner of SPEC §3.11 for a zone as of opts.Year:
// what each applicable indicator would add at green and at best, and the
// smallest set of improvements that lifts the earned points to the next
// grade band — fewest indicators first, then the smallest total change of
// normalised score — with the value each needs. The next band's points are
// its minimum scaled by Max/FrameworkMax when some indicators do not apply
// (§3.9a), exactly as the card's grade is judged. Every step but one takes
// its indicator to best; the last, marginal one is taken just far enough.
// The search is exact (see docs/methodology.md, "Planner"). It fails as
// Compute does.
func PlanToNextGrade(fw Framework, values []Value, opts Options) (Planner, error) {
	card, pr, err := compute(fw, values, opts, nil)
	if err != nil {
		return Planner{}, err
	}
	pl := Planner{Framework: card.Framework, Zone: card.Zone, Year: card.Year, Basis: card.Basis,
		Earned: card.Points.Earned, Max: card.Points.Max, Grade: card.Points.Grade,
		Indicators: []PlannerRow{}, Path: []PlannerStep{}}
	var cands []candidate
	for k, row := range card.Indicators {
		if !row.Applicable {
			continue
		}
		ind, b := fw.Indicators[k], pr.bounds[k]
		score := 0.0
		if row.Score != nil {
			score = *row.Score
		}
		r := PlannerRow{IndicatorCode: row.IndicatorCode, Value: row.Value, Points: row.Points,
			GreenValue: b.Green, BestValue: b.Best,
			AtGreen: max(0, Earned(ind.Points, b.Score(b.Green))-row.Points),
			AtBest:  max(0, Earned(ind.Points, 100)-row.Points)}
		pl.Indicators = append(pl.Indicators, r)
		if r.AtBest > 0 {
			cands = append(cands, candidate{k: k, points: ind.Points, score: score, headroom: 100 - score, gain: r.AtBest})
		}
	}
	scale, gradable := bandScale(card.Points.Max, card.Points.FrameworkMax)
	next := -1
	for i, band := range fw.GradeBands {
		if (!gradable || !atLeast(pl.Earned, band.Min*scale)) && (next < 0 || band.Min < fw.GradeBands[next].Min) {
			next = i
		}
	}
	if next < 0 {
		return pl, nil // at the top band, or no bands at all
	}
	pl.NextGrade = &fw.GradeBands[next].Grade
	if !gradable {
		return pl, nil // no applicable points: nothing can be earned
	}
	pl.PointsNeeded = fw.GradeBands[next].Min*scale - pl.Earned
	steps, exact, ok := cheapestPath(cands, pl.PointsNeeded)
	if !ok {
		return pl, nil
	}
	pl.Reachable, pl.Exact = true, exact
	for _, st := range steps {
		c := st.candidate
		b, row := pr.bounds[c.k], card.Indicators[c.k]
		to := b.Best
		if st.change < c.headroom {
			to = b.Worst + (b.Best-b.Worst)*(c.score+st.change)/100
		}
		pl.Path = append(pl.Path, PlannerStep{IndicatorCode: row.IndicatorCode, From: row.Value, To: to,
			PointsGain: Earned(c.points, st.change), ScoreChange: st.change})
	}
	return pl, nil
}

// candidate is an indicator that can still earn points: its points, its
// score now, how far that is from 100 and the points reaching best adds.
type candidate struct {
	k                       int
	points, score, headroom float64
	gain                    float64
}

// step is a chosen candidate and the score change asked of it.
type step struct {
	candidate
	change float64
}

// cheapestPath chooses the improvements that add at least need points:
// first the fewest indicators, then the smallest total score change. It
// reports false when all of them at best fall short, and exact false when
// the search hit its budget. Steps come in card order.
func cheapestPath(cands []candidate, need float64) (steps []step, exact, ok bool) {
	// The fewest indicators: the k largest gains are the most any k can add.
	byGain := slices.Clone(cands)
	slices.SortFunc(byGain, func(a, b candidate) int { return cmp.Compare(b.gain, a.gain) })
	k, sum := 0, 0.0
	for k < len(byGain) && !atLeast(sum, need) {
		sum += byGain[k].gain
		k++
	}
	if !atLeast(sum, need) {
		return nil, false, false
	}
	if k == 0 {
		return nil, true, true
	}
	s := newPathSearch(cands, need, k)
	s.dfs(0, 0, 0)
	steps = make([]step, 0, k)
	for _, i := range s.bestFull {
		steps = append(steps, step{s.c[i], s.c[i].headroom})
	}
	last := s.c[s.bestLast]
	steps = append(steps, step{last, min(last.headroom, 100*s.bestRem/last.points)})
	slices.SortFunc(steps, func(a, b step) int { return cmp.Compare(a.k, b.k) })
	return steps, !s.exhausted, true
}
