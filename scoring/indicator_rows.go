package scoring

import "igmc/indicators"

// indicatorResults are the scored rows with what the perspective step needs.
// The nullable fields of the rows point into backing arrays held here, so a
// card costs a handful of allocations instead of several per indicator.
type indicatorResults struct {
	rows       []IndicatorCard
	applicable []bool
	readings   []Reading
	trends     []Trend
	floats     []float64 // per indicator: value, score, progress, expected
	years      []int
	ratings    []Rating
	statuses   []PlanStatus
	sources    []PlanSource
	expl       []Explanation
	rating     []RatingExplanation
	thresholds []Threshold // per indicator: lower, upper
	plan       []PlanExplanation
	qualities  []indicators.Quality
}

func newIndicatorResults(n int) indicatorResults {
	return indicatorResults{
		rows:       make([]IndicatorCard, n),
		applicable: make([]bool, n),
		readings:   make([]Reading, n),
		trends:     make([]Trend, n),
		floats:     make([]float64, 4*n),
		years:      make([]int, n),
		ratings:    make([]Rating, n),
		statuses:   make([]PlanStatus, n),
		sources:    make([]PlanSource, n),
		expl:       make([]Explanation, n),
		rating:     make([]RatingExplanation, n),
		thresholds: make([]Threshold, 2*n),
		plan:       make([]PlanExplanation, n),
		qualities:  make([]indicators.Quality, n),
	}
}

// planOf is the plan an indicator's status measures against (SPEC §3.8): the
// zone's line when it has a baseline and a target, else the catalogue's.
func planOf(ind Indicator, zone PlanLine, hasZone bool) (PlanLine, PlanSource, bool) {
	if line := zone; hasZone && line.Complete() {
		return line, PlanFromZone, true
	}
	if line, ok := CataloguePlan(ind); ok {
		return line, PlanFromCatalogue, true
	}
	return PlanLine{}, "", false
}

func scoreIndicators(fw Framework, pr prepared, entries []entry, start []int, opts Options, over map[int]float64) indicatorResults {
	year := opts.Year
	ix := newIndicatorResults(len(fw.Indicators))
	seriesBuf := make([]Point, 0, len(entries)+len(over))
	for k, ind := range fw.Indicators {
		row := &ix.rows[k]
		row.IndicatorCode, row.PerspectiveCode, row.Unit = ind.Code, ind.Perspective, ind.Unit
		if reason, na := opts.NotApplicable[ind.Code]; na {
			row.NotApplicableReason = reason
			continue
		}
		row.Applicable, ix.applicable[k] = true, true
		vs := entries[start[k]:start[k+1]]
		hypo, hasHypo := over[k]
		if len(vs) == 0 && !hasHypo {
			continue
		}
		sortEntries(vs)
		from := len(seriesBuf)
		seriesBuf = appendSeries(seriesBuf, ind, vs)
		if hasHypo {
			// The hypothetical value is the year's complete value.
			if last := len(seriesBuf) - 1; last >= from && seriesBuf[last].Year == year {
				seriesBuf[last] = Point{Year: year, Value: hypo}
			} else {
				seriesBuf = append(seriesBuf, Point{Year: year, Value: hypo})
			}
		}
		series := seriesBuf[from:]
		p := series[len(series)-1] // every year is ≤ year: this is "as of"
		b := pr.bounds[k]
		f := ix.floats[4*k : 4*k+4]
		f[0], f[1] = p.Value, b.Score(p.Value)
		ix.years[k] = p.Year
		ix.readings[k] = b.Reading(p.Value)
		ix.ratings[k] = ix.readings[k].Rating
		row.Value, row.Score, row.Year, row.Rating = &f[0], &f[1], &ix.years[k], &ix.ratings[k]
		row.Partial = p.Partial
		if !hasHypo {
			// A hypothetical value has no quality code.
			ix.qualities[k] = yearQuality(vs, p.Year)
			row.Quality, row.Estimated = &ix.qualities[k], ix.qualities[k].Estimated()
		}
		row.Points = Earned(ind.Points, f[1])
		row.Explanation = &ix.expl[k]
		row.Explanation.Rating = ix.explainRating(k, b, p.Value)

		zl, hasZone := opts.Plans[ind.Code]
		line, source, hasPlan := planOf(ind, zl, hasZone)
		trendInd := ind
		if hasZone && zl.TargetYear != 0 {
			trendInd.TargetYear = zl.TargetYear // §3.7: T is the zone plan's target year
		}
		if t, ok := IndicatorTrend(trendInd, b, series, year); ok {
			ix.trends[k] = t
			row.Trend = &ix.trends[k]
		}
		if !hasPlan {
			continue
		}
		if plan, ok := ProgressOn(line, b, p.Value, year); ok {
			f[2], f[3], ix.statuses[k], ix.sources[k] = plan.Progress, plan.Expected, plan.Status, source
			row.Progress, row.Expected, row.PlanStatus, row.PlanSource = &f[2], &f[3], &ix.statuses[k], &ix.sources[k]
			ix.plan[k] = PlanExplanation{Source: source, BaselineYear: line.BaselineYear, BaselineValue: line.BaselineValue,
				TargetYear: line.TargetYear, TargetValue: line.TargetValue, ExpectedValue: plan.ExpectedValue}
			row.Explanation.Plan = &ix.plan[k]
		}
	}
	return ix
}

// explainRating fills indicator k's rating explanation from the backing
// arrays (SPEC §3.12).
func (ix *indicatorResults) explainRating(k int, b Bounds, x float64) *RatingExplanation {
	re := &ix.rating[k]
	re.Rule = RuleThresholds
	ts := b.Thresholds()
	lo, up := b.explain(x)
	if lo >= 0 {
		ix.thresholds[2*k] = ts[lo]
		re.Lower = &ix.thresholds[2*k]
	}
	if up >= 0 {
		ix.thresholds[2*k+1] = ts[up]
		re.Upper = &ix.thresholds[2*k+1]
	}
	return re
}
