package scoring

// scorePerspectives fills the perspective lines, coverage, points, grade and
// index of the card from the scored indicator rows. Indicators that do not
// apply to the zone count nowhere (SPEC §3.9a): not in coverage, the 80%
// rule, the means, the ratings or the points' maximum.
func scorePerspectives(fw Framework, pr prepared, ix indicatorResults, card *Card) {
	np := len(fw.Perspectives)
	card.Perspectives = make([]PerspectiveCard, np)
	var (
		scores     = make([]float64, np)
		trends     = make([]Trend, np)
		expl       = make([]Explanation, np)
		rating     = make([]RatingExplanation, np)
		shares     = make([]float64, np+1)                  // per perspective, then the card: the estimated share
		codes      = make([]string, 2*np)                   // per perspective: the indicators that set its colour
		readings   = make([]Reading, 0, len(fw.Indicators)) // reused per perspective
		who        = make([]int, 0, len(fw.Indicators))     // the indicator of each reading
		pTrends    = make([]Trend, 0, len(fw.Indicators))
		withValue  int
		applicable int
		counted    []int // perspectives in the index: those with an applicable indicator
		missing    []string
	)
	for p, persp := range fw.Perspectives {
		members := pr.byPersp[pr.perspStart[p]:pr.perspStart[p+1]]
		pc := &card.Perspectives[p]
		pc.Code, pc.NameEn, pc.NameZh = persp.Code, persp.NameEn, persp.NameZh
		readings, who, pTrends = readings[:0], who[:0], pTrends[:0]
		var sumW, sumWS float64
		n := 0 // applicable members
		for _, k := range members {
			if !ix.applicable[k] {
				continue
			}
			n++
			ind, row := fw.Indicators[k], ix.rows[k]
			pc.PointsMax += ind.Points
			if row.Score == nil {
				continue
			}
			pc.Quality.add(row.Estimated)
			card.Quality.add(row.Estimated)
			sumW += ind.Weight
			sumWS += ind.Weight * *row.Score
			pc.Points += row.Points
			readings = append(readings, ix.readings[k])
			who = append(who, k)
			if row.Trend != nil {
				pTrends = append(pTrends, *row.Trend)
			}
		}
		pc.Quality.finish(&shares[p])
		withValue += len(readings)
		applicable += n
		if n > 0 {
			pc.Coverage = float64(len(readings)) / float64(n)
		}
		switch {
		case len(readings) > 0:
			scores[p] = sumWS / sumW
			pc.Score = &scores[p]
			counted = append(counted, p)
		case n > 0 || len(members) == 0:
			// A perspective with indicators that apply but no value, or
			// with no indicators at all, withholds the index; one whose
			// indicators all do not apply is simply left out of it.
			missing = append(missing, persp.Code)
		}
		pc.Rating = PerspectiveRating(n, readings)
		pc.Explanation = &expl[p]
		pc.Explanation.Rating = &rating[p]
		explainPerspective(&rating[p], fw, n, len(members), readings, who, codes[2*p:2*p+2:2*p+2])
		if t, ok := PerspectiveTrend(n, pTrends); ok {
			trends[p] = t
			pc.Trend = &trends[p]
		}
		card.Points.Earned += pc.Points
		card.Points.Max += pc.PointsMax
	}
	card.Quality.finish(&shares[np])
	card.Points.FrameworkMax = pr.pointsTotal
	if g, ok := ShareGrade(fw.GradeBands, card.Points.Earned, card.Points.Max, card.Points.FrameworkMax); ok {
		card.Points.Grade = &g
	}
	if applicable > 0 {
		card.Coverage = float64(withValue) / float64(applicable)
	}
	switch {
	case len(missing) > 0:
		card.Index.Reason = ReasonPerspectiveWithoutScore
		card.Index.MissingPerspectives = missing
	case applicable == 0 || 5*withValue < 4*applicable: // coverage below 80%, in whole numbers
		card.Index.Reason = ReasonCoverageBelow80
	default:
		var sumW, sumWS float64
		for _, p := range counted {
			sumW += fw.Perspectives[p].Weight
			sumWS += fw.Perspectives[p].Weight * scores[p]
		}
		index := sumWS / sumW
		card.Index.Score = &index
	}
}

// explainPerspective says which rule set a perspective's colour and, for
// the single-indicator and weakest-link rules, which indicators (SPEC
// §3.12). applicable and members count the perspective's applicable and
// all indicators; readings are those with a value, who their indicators;
// codes is where the codes are stored.
func explainPerspective(re *RatingExplanation, fw Framework, applicable, members int, readings []Reading, who []int, codes []string) {
	n := len(readings)
	switch {
	case members > 0 && applicable == 0:
		re.Rule = RuleNotApplicable
	case n == 0 || 2*n < applicable:
		re.Rule = RuleInsufficientData
	case n == 1:
		re.Rule = RuleSingleIndicator
		codes[0] = fw.Indicators[who[0]].Code
		re.Indicators = codes[:1]
	default:
		re.Rule = RuleWeakestLink
		a, b := lowestTwo(readings)
		codes[0], codes[1] = fw.Indicators[who[a]].Code, fw.Indicators[who[b]].Code
		re.Indicators = codes[:2]
	}
}
