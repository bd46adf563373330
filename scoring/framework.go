package scoring

import (
	"fmt"
	"math"
)

// prepared is a checked framework with the lookups Compute needs.
type prepared struct {
	bounds      []Bounds       // per indicator
	persp       []int          // per indicator: index of its perspective
	index       map[string]int // indicator code → index
	byPersp     []int          // indicator indexes grouped by perspective, in framework order
	perspStart  []int          // byPersp[perspStart[p]:perspStart[p+1]] belong to perspective p
	pointsTotal float64
}

// Validate checks that the framework can be scored: at least one
// perspective and one indicator, unique codes, positive perspective weights,
// every indicator valid (see Indicator.Validate) and in a known perspective,
// and named grade bands with finite minimums.
func (fw Framework) Validate() error {
	_, err := prepare(fw)
	return err
}

func prepare(fw Framework) (prepared, error) {
	var pr prepared
	if len(fw.Perspectives) == 0 {
		return pr, fmt.Errorf("scoring: framework %q has no perspectives", fw.Code)
	}
	if len(fw.Indicators) == 0 {
		return pr, fmt.Errorf("scoring: framework %q has no indicators", fw.Code)
	}
	perspIndex := make(map[string]int, len(fw.Perspectives))
	for i, p := range fw.Perspectives {
		if p.Code == "" {
			return pr, fmt.Errorf("scoring: framework %q: perspective %d has no code", fw.Code, i+1)
		}
		if _, dup := perspIndex[p.Code]; dup {
			return pr, fmt.Errorf("scoring: framework %q: perspective %q appears twice", fw.Code, p.Code)
		}
		if !(p.Weight > 0) || math.IsInf(p.Weight, 0) {
			return pr, fmt.Errorf("scoring: perspective %q: weight must be a finite number greater than 0 (pass 1 for the default)", p.Code)
		}
		perspIndex[p.Code] = i
	}
	for _, g := range fw.GradeBands {
		if g.Grade == "" || !finite(g.Min) {
			return pr, fmt.Errorf("scoring: framework %q: a grade band needs a name and a finite minimum", fw.Code)
		}
	}
	n := len(fw.Indicators)
	pr.bounds = make([]Bounds, n)
	pr.persp = make([]int, n)
	pr.index = make(map[string]int, n)
	pr.perspStart = make([]int, len(fw.Perspectives)+1)
	for i, ind := range fw.Indicators {
		if err := ind.Validate(); err != nil {
			return pr, err
		}
		if _, dup := pr.index[ind.Code]; dup {
			return pr, fmt.Errorf("scoring: framework %q: indicator %q appears twice", fw.Code, ind.Code)
		}
		p, ok := perspIndex[ind.Perspective]
		if !ok {
			return pr, fmt.Errorf("scoring: indicator %q: unknown perspective %q", ind.Code, ind.Perspective)
		}
		pr.index[ind.Code] = i
		pr.persp[i] = p
		pr.bounds[i], _ = Resolve(ind) // checked by Validate
		pr.perspStart[p+1]++
		pr.pointsTotal += ind.Points
	}
	for p := range fw.Perspectives {
		pr.perspStart[p+1] += pr.perspStart[p]
	}
	pr.byPersp = make([]int, n)
	next := append([]int(nil), pr.perspStart[:len(fw.Perspectives)]...)
	for i, p := range pr.persp {
		pr.byPersp[next[p]] = i
		next[p]++
	}
	return pr, nil
}
