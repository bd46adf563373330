package scoring

import (
	"cmp"
	"slices"
	"sort"
)

// pathSearch finds, among the sets of exactly k candidates that can add
// need points, the one that does so with the smallest total score change.
//
// For a fixed set the cheapest way is a fractional knapsack: a score point
// of indicator i is worth points_i/100, so the set's members are raised in
// order of points, highest first, each to best, until the need is met —
// all but the last to best, the last just far enough. Since k is the
// fewest that can reach the need, no k−1 of them can, so every member is
// raised. The search therefore walks the candidates in order of points
// (highest first) choosing k−1 to raise to best, then the marginal one
// after them, which pays 100 × remaining need / points. It is a
// depth-first branch and bound and exact: a branch is cut only when even
// its best k remaining gains cannot reach the need, or when the cheapest
// conceivable completion — raising the remaining candidates in order of
// points with no limit on their number, a relaxation of the real choice —
// costs at least the best set found so far.
type pathSearch struct {
	c        []candidate // by points, highest first
	need     float64
	k        int
	cumGain  []float64 // prefix sums of gain in c's order
	cumHead  []float64 // prefix sums of headroom in c's order
	top      []float64 // top[i*(k+1)+m]: the sum of the m largest gains in c[i:] (−1 when fewer than m)
	chosen   []int
	found    bool
	best     float64
	bestFull []int
	bestLast int
	bestRem  float64
	// mu is the price of a place in the set for the Lagrangian bound, and
	// byUnit the candidates' positions ordered by their unit cost under it.
	mu     float64
	byUnit []int
	// work counts the branches examined; past searchBudget the search stops
	// with the best path found and exhausted is set.
	work      int
	exhausted bool
}

// searchBudget bounds the branches one search may examine, so that no
// catalogue or set of values can make the planner slow. Random and skewed
// catalogues of 48 indicators stay far below it; past it the path is still
// a smallest set that reaches the band, only its total change is then not
// proven the least (Planner.Exact is false).
const searchBudget = 200_000

// tieTol makes two paths whose total score changes differ by less than it
// equal; the first found, in the order of the search, is kept.
const tieTol = tolerance

func newPathSearch(cands []candidate, need float64, k int) *pathSearch {
	c := slices.Clone(cands)
	slices.SortFunc(c, func(a, b candidate) int {
		if x := cmp.Compare(b.points, a.points); x != 0 {
			return x
		}
		if x := cmp.Compare(b.gain, a.gain); x != 0 {
			return x
		}
		return cmp.Compare(a.k, b.k)
	})
	n := len(c)
	s := &pathSearch{c: c, need: need, k: k, cumGain: make([]float64, n+1), cumHead: make([]float64, n+1),
		top: make([]float64, (n+1)*(k+1)), chosen: make([]int, 0, k)}
	for i, x := range c {
		s.cumGain[i+1] = s.cumGain[i] + x.gain
		s.cumHead[i+1] = s.cumHead[i] + x.headroom
	}
	suffix := make([]float64, 0, n) // gains of c[i:], largest first
	for i := n; i >= 0; i-- {
		if i < n {
			g := c[i].gain
			at, _ := slices.BinarySearchFunc(suffix, g, func(a, b float64) int { return cmp.Compare(b, a) })
			suffix = slices.Insert(suffix, at, g)
		}
		row := s.top[i*(k+1) : (i+1)*(k+1)]
		sum := 0.0
		for m := 1; m <= k; m++ {
			if m > len(suffix) {
				row[m] = -1
				continue
			}
			sum += suffix[m-1]
			row[m] = sum
		}
	}
	s.tuneBound()
	return s
}

// dfs extends the chosen candidates (all before i, raised to best, adding
// got points for cost score points) to a full path.
func (s *pathSearch) dfs(i int, got, cost float64) {
	rem := s.need - got
	m := s.k - len(s.chosen)
	if m == 1 {
		// The marginal candidate pays 100 × rem / points: the first in
		// order (most points) that can add rem is the cheapest.
		for j := i; j < len(s.c); j++ {
			if atLeast(s.c[j].gain, rem) {
				s.offer(j, rem, cost+100*rem/s.c[j].points)
				return
			}
		}
		return
	}
	for j := i; j <= len(s.c)-m; j++ {
		if s.work++; s.work > searchBudget && s.found {
			s.exhausted = true
			return
		}
		// Both tests only get worse for later j: the suffix shrinks and its
		// candidates are worth fewer points each.
		if !atLeast(s.top[j*(s.k+1)+m], rem) {
			return
		}
		if s.found && (cost+s.relaxed(j, rem) >= s.best-tieTol || cost+s.lagrangian(j, rem, m, s.mu, s.byUnit) >= s.best-tieTol) {
			return
		}
		s.chosen = append(s.chosen, j)
		s.dfs(j+1, got+s.c[j].gain, cost+s.c[j].headroom)
		s.chosen = s.chosen[:len(s.chosen)-1]
	}
}

// offer keeps the path of the chosen candidates and marginal j if it is
// cheaper than the best so far.
func (s *pathSearch) offer(j int, rem, total float64) {
	if s.found && total >= s.best-tieTol {
		return
	}
	s.found, s.best, s.bestLast, s.bestRem = true, total, j, rem
	s.bestFull = append(s.bestFull[:0], s.chosen...)
}

// relaxed is the least score change that adds rem points from c[j:] when
// any number of them may be raised: fill in order of points. It is a lower
// bound of every path that completes from j.
func (s *pathSearch) relaxed(j int, rem float64) float64 {
	n := len(s.c)
	base := s.cumGain[j]
	t := j + sort.Search(n-j, func(d int) bool { return s.cumGain[j+d+1]-base >= rem })
	if t >= n {
		return s.cumHead[n] - s.cumHead[j] // cannot happen once top allows rem
	}
	return s.cumHead[t] - s.cumHead[j] + 100*(rem-(s.cumGain[t]-base))/s.c[t].points
}

// lagrangian is a lower bound of every path that completes from c[j:] with
// exactly m more candidates adding rem points, for any price mu ≥ 0 of a
// place in the set. A completion T costs Σ x_i·100/points_i for the points
// x_i ≤ gain_i it takes from each member; adding mu·(Σ_T x_i/gain_i − m),
// which is never positive, and then letting any candidate of c[j:] take
// part, can only lower it: what remains is a fill of rem points in order of
// the unit cost 100/points_i + mu/gain_i, less mu·m. byUnit lists the
// positions in that order.
func (s *pathSearch) lagrangian(j int, rem float64, m int, mu float64, byUnit []int) float64 {
	total := -mu * float64(m)
	for _, i := range byUnit {
		if i < j {
			continue
		}
		c := s.c[i]
		if c.gain >= rem {
			return total + rem*(100/c.points+mu/c.gain)
		}
		total += c.headroom + mu
		rem -= c.gain
	}
	return total // the suffix cannot add rem: no completion at all
}

// tuneBound picks the price of a place that makes the Lagrangian bound of
// the whole search the strongest: the bound is a concave function of mu, so
// a golden-section search finds its top.
func (s *pathSearch) tuneBound() {
	order := func(mu float64) []int {
		idx := make([]int, len(s.c))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(a, b int) int {
			ca, cb := s.c[a], s.c[b]
			return cmp.Compare(100/ca.points+mu/ca.gain, 100/cb.points+mu/cb.gain)
		})
		return idx
	}
	bound := func(mu float64) float64 { return s.lagrangian(0, s.need, s.k, mu, order(mu)) }
	hi := 0.0
	for _, c := range s.c {
		hi = max(hi, 2*c.headroom)
	}
	lo := 0.0
	const phi = 0.6180339887498949
	a, b := hi-phi*(hi-lo), lo+phi*(hi-lo)
	fa, fb := bound(a), bound(b)
	for range 40 {
		if fa < fb {
			lo, a, fa = a, b, fb
			b = lo + phi*(hi-lo)
			fb = bound(b)
		} else {
			hi, b, fb = b, a, fa
			a = hi - phi*(hi-lo)
			fa = bound(a)
		}
	}
	s.mu = (lo + hi) / 2
	s.byUnit = order(s.mu)
}
