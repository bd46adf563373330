package scoring

import "fmt"

// Compute scores one zone on one framework as of opts.Year (SPEC §3) and
// returns the scorecard. values may hold the zone's values for any
// indicators and years: values of indicators outside the framework and
// years after opts.Year are ignored, values the basis does not admit are
// dropped, and when one period appears more than once the later value in
// the slice wins (pass revisions oldest first). It fails only on an invalid
// framework, an invalid option or a value whose period does not fit its
// indicator.
func Compute(fw Framework, values []Value, opts Options) (Card, error) {
	basis, err := ParseBasis(string(opts.Basis))
	if err != nil {
		return Card{}, err
	}
	if opts.Year <= 0 {
		return Card{}, fmt.Errorf("scoring: year must be positive, got %d", opts.Year)
	}
	pr, err := prepare(fw)
	if err != nil {
		return Card{}, err
	}
	entries, start, err := bucket(fw, pr, values, basis, opts.Year)
	if err != nil {
		return Card{}, err
	}
	card := Card{
		Framework:     fw.Code,
		Zone:          opts.Zone,
		Year:          opts.Year,
		Basis:         basis,
		MethodVersion: MethodVersion,
	}
	ix := scoreIndicators(fw, pr, entries, start, opts.Year)
	card.Indicators = ix.rows
	scorePerspectives(fw, pr, ix, &card)
	return card, nil
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
			entries[next[k]] = entry{year: v.Year, sub: v.Sub, value: v.Value}
			next[k]++
		}
	}
	return entries, start, nil
}

// indicatorResults are the scored rows with what the perspective step needs.
// The nullable fields of the rows point into backing arrays held here, so a
// card costs a handful of allocations instead of several per indicator.
type indicatorResults struct {
	rows     []IndicatorCard
	readings []Reading
	trends   []Trend
	floats   []float64 // per indicator: value, score, progress, expected
	years    []int
	ratings  []Rating
	statuses []PlanStatus
}

func scoreIndicators(fw Framework, pr prepared, entries []entry, start []int, year int) indicatorResults {
	n := len(fw.Indicators)
	ix := indicatorResults{
		rows:     make([]IndicatorCard, n),
		readings: make([]Reading, n),
		trends:   make([]Trend, n),
		floats:   make([]float64, 4*n),
		years:    make([]int, n),
		ratings:  make([]Rating, n),
		statuses: make([]PlanStatus, n),
	}
	seriesBuf := make([]Point, 0, len(entries))
	for k, ind := range fw.Indicators {
		row := &ix.rows[k]
		row.IndicatorCode, row.PerspectiveCode, row.Unit = ind.Code, ind.Perspective, ind.Unit
		vs := entries[start[k]:start[k+1]]
		if len(vs) == 0 {
			continue
		}
		sortEntries(vs)
		from := len(seriesBuf)
		seriesBuf = appendSeries(seriesBuf, ind, vs)
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
		row.Points = Earned(ind.Points, f[1])
		if t, ok := IndicatorTrend(ind, b, series, year); ok {
			ix.trends[k] = t
			row.Trend = &ix.trends[k]
		}
		if plan, ok := Progress(ind, b, p.Value, year); ok {
			f[2], f[3], ix.statuses[k] = plan.Progress, plan.Expected, plan.Status
			row.Progress, row.Expected, row.PlanStatus = &f[2], &f[3], &ix.statuses[k]
		}
	}
	return ix
}

// scorePerspectives fills the perspective lines, coverage, points, grade and
// index of the card from the scored indicator rows.
func scorePerspectives(fw Framework, pr prepared, ix indicatorResults, card *Card) {
	np := len(fw.Perspectives)
	card.Perspectives = make([]PerspectiveCard, np)
	var (
		scores    = make([]float64, np)
		trends    = make([]Trend, np)
		readings  = make([]Reading, 0, len(fw.Indicators)) // reused per perspective
		pTrends   = make([]Trend, 0, len(fw.Indicators))
		withValue int
		missing   []string
	)
	for p, persp := range fw.Perspectives {
		members := pr.byPersp[pr.perspStart[p]:pr.perspStart[p+1]]
		pc := &card.Perspectives[p]
		pc.Code, pc.NameEn, pc.NameZh = persp.Code, persp.NameEn, persp.NameZh
		readings, pTrends = readings[:0], pTrends[:0]
		var sumW, sumWS float64
		for _, k := range members {
			ind, row := fw.Indicators[k], ix.rows[k]
			pc.PointsMax += ind.Points
			if row.Score == nil {
				continue
			}
			sumW += ind.Weight
			sumWS += ind.Weight * *row.Score
			pc.Points += row.Points
			readings = append(readings, ix.readings[k])
			if row.Trend != nil {
				pTrends = append(pTrends, *row.Trend)
			}
		}
		withValue += len(readings)
		if len(members) > 0 {
			pc.Coverage = float64(len(readings)) / float64(len(members))
		}
		if len(readings) > 0 {
			scores[p] = sumWS / sumW
			pc.Score = &scores[p]
		} else {
			missing = append(missing, persp.Code)
		}
		pc.Rating = PerspectiveRating(len(members), readings)
		if t, ok := PerspectiveTrend(len(members), pTrends); ok {
			trends[p] = t
			pc.Trend = &trends[p]
		}
		card.Points.Earned += pc.Points
	}
	card.Points.Max = pr.pointsTotal
	if g, ok := Grade(fw.GradeBands, card.Points.Earned); ok {
		card.Points.Grade = &g
	}
	n := len(fw.Indicators)
	card.Coverage = float64(withValue) / float64(n)
	switch {
	case len(missing) > 0:
		card.Index.Reason = ReasonPerspectiveWithoutScore
		card.Index.MissingPerspectives = missing
	case 5*withValue < 4*n: // coverage below 80%, in whole numbers
		card.Index.Reason = ReasonCoverageBelow80
	default:
		var sumW, sumWS float64
		for p, persp := range fw.Perspectives {
			sumW += persp.Weight
			sumWS += persp.Weight * scores[p]
		}
		index := sumWS / sumW
		card.Index.Score = &index
	}
}
