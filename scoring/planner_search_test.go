package scoring

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteForce is the planner's choice by enumeration of every subset: the
// fewest indicators that can add need, then, among those, the smallest
// fractional-knapsack cost (raise in order of points per score point).
func bruteForce(cands []candidate, need float64) (count int, cost float64, ok bool) {
	n := len(cands)
	count, cost = n+1, math.Inf(1)
	for mask := uint(1); mask < 1<<n; mask++ {
		var set []candidate
		total := 0.0
		for i := range n {
			if mask&(1<<i) != 0 {
				set = append(set, cands[i])
				total += cands[i].gain
			}
		}
		if !atLeast(total, need) {
			continue
		}
		c := bits.OnesCount(mask)
		slices.SortStableFunc(set, func(a, b candidate) int {
			switch {
			case a.points > b.points:
				return -1
			case a.points < b.points:
				return 1
			}
			return 0
		})
		rem, sc := need, 0.0
		for _, x := range set {
			if rem <= 0 {
				break
			}
			g := min(x.gain, rem)
			sc += 100 * g / x.points
			rem -= g
		}
		if c < count || c == count && sc < cost {
			count, cost, ok = c, sc, true
		}
	}
	return count, cost, ok
}

func TestCheapestPathMatchesEnumeration(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 2026))
	for trial := range 400 {
		n := 1 + rng.IntN(11)
		var cands []candidate
		total := 0.0
		for i := range n {
			p := float64(1 + rng.IntN(12))
			score := float64(rng.IntN(100))
			if rng.IntN(4) == 0 {
				p = float64(1 + rng.IntN(3)) // many equal points
			}
			c := candidate{k: i, points: p, score: score, headroom: 100 - score, gain: p * (100 - score) / 100}
			cands = append(cands, c)
			total += c.gain
		}
		need := total * (0.05 + 1.1*rng.Float64())
		wantCount, wantCost, wantOK := bruteForce(cands, need)
		steps, _, ok := cheapestPath(cands, need)
		if ok != wantOK {
			t.Fatalf("trial %d: reachable = %v, want %v", trial, ok, wantOK)
		}
		if !ok {
			continue
		}
		gotCost, gotGain := 0.0, 0.0
		for _, st := range steps {
			if st.change <= 0 || st.change > st.headroom+1e-9 {
				t.Fatalf("trial %d: step %d changes %g of headroom %g", trial, st.k, st.change, st.headroom)
			}
			gotCost += st.change
			gotGain += st.points * st.change / 100
		}
		if len(steps) != wantCount || math.Abs(gotCost-wantCost) > 1e-6 || !atLeast(gotGain, need) {
			t.Fatalf("trial %d: %d steps costing %g adding %g, want %d costing %g adding %g",
				trial, len(steps), gotCost, gotGain, wantCount, wantCost, need)
		}
	}
}
