package scoring

import (
	"math"
	"slices"
	"sort"
)

// PeerSet is one indicator's values for one period across the zones of a
// type, sorted. Its Peer gives, for any one of those zones, what Peer
// gives with that zone's value left out of the others — the same warning
// and the same figures, to the last bit — in a few binary searches
// instead of a sort of thousands of peers' values for every row of a
// national import. Only the mean-deviation fallback (half the peers
// agreeing) walks the values once, to add them up in the same order.
//
// Leaving one value out moves the median in one of at most three ways (the
// value was below the middle, at it, or above), and the deviations' median
// likewise; NewPeerSet works out the few values around both middles, so
// that PeerOfMember needs no search at all.
type PeerSet struct {
	v   []float64 // ascending; nil in a set WithoutValues
	n   int
	mid peerMiddle
}

// peerMiddle is the set's values at the ranks h-1 and h (at), h being half
// the values left when one is (0: the set is too small to have one); and,
// for each way c of leaving a value out (class), the median of the rest
// (med[c]) and the deviations from it of all the set's values at the ranks
// h-1, h and h+1 (dev[c]). It is kept by value, beside the values, so
// that checking a row reads nothing else.
type peerMiddle struct {
	h   int
	at  [2]float64
	med [3]float64
	dev [3][3]float64
}

// NewPeerSet makes a set of values; it sorts them in place (unless they
// are in order already) and keeps them.
func NewPeerSet(values []float64) PeerSet {
	if !slices.IsSorted(values) {
		slices.Sort(values)
	}
	p := PeerSet{v: values, n: len(values)}
	n := len(values) - 1
	if n < MinPeers {
		return p
	}
	m := &p.mid
	m.h = n / 2
	h, v := m.h, values
	m.at = [2]float64{v[h-1], v[h]}
	for c := range 3 {
		// The rest's values at h-1 and h: the removed one shifts those
		// at or above it down by one.
		at := func(i int) float64 {
			if (c == 0 && i >= h-1) || (c == 1 && i >= h) {
				i++
			}
			return v[i]
		}
		m.med[c] = midpoint(n, at)
		below := sort.SearchFloat64s(v, m.med[c])
		left := func(j int) float64 { return math.Abs(v[below-1-j] - m.med[c]) }
		right := func(j int) float64 { return math.Abs(v[below+j] - m.med[c]) }
		for j := range 3 {
			m.dev[c][j] = kthOfTwo(below, len(v)-below, left, right, h-1+j)
		}
	}
	return p
}

// classOf is how leaving x out of the ascending values at h-1, h of the
// whole moves the rest's middle: 0 when x ranks below h, 1 at h, 2 above.
func classOf(x, atLow, atHigh float64) int {
	switch {
	case x <= atLow:
		return 0
	case x > atHigh:
		return 2
	}
	return 1
}

// middleOf is the median of n values, n-1 of which ranked h-1, h, h+1 in
// the whole are around[0..2], class c saying which of them the removal
// moved into the middle.
func middleOf(n, c int, around [3]float64) float64 {
	lo, hi := around[0], around[1] // removed above: h-1 and h stay
	switch c {
	case 0:
		lo, hi = around[1], around[2]
	case 1:
		hi = around[2]
	}
	if n%2 == 1 {
		return hi
	}
	return (lo + hi) / 2
}

// PeerOfMember is Peer(own, value) for an own that is one of the set's
// values (the checked zone's own entry, as in an import's chunk): it
// answers from the middles NewPeerSet worked out, without a search. For an
// own the set does not hold its figures mean nothing. ok is false only
// for a set WithoutValues where the mean deviation stands in: the set
// with its values answers.
func (p PeerSet) PeerOfMember(own, value float64) (w *Warning, ok bool) {
	f, ok := p.memberFigures(own, value)
	if !ok || f.n < MinPeers {
		return nil, ok
	}
	return peerWarning(value, f.n, f.z, f.med, f.ok), true
}

// peerFigures are what the peer check decides from: the number of peers,
// their median, and the value's robust z-score among them (ok false: no
// spread).
type peerFigures struct {
	n      int
	z, med float64
	ok     bool
}

func (p PeerSet) memberFigures(own, value float64) (peerFigures, bool) {
	m := &p.mid
	if m.h == 0 {
		return peerFigures{n: max(0, p.n-1)}, true // fewer than MinPeers peers
	}
	n := p.n - 1
	c := classOf(own, m.at[0], m.at[1])
	med := m.med[c]
	d := m.dev[c]
	mad := middleOf(n, classOf(math.Abs(own-med), d[0], d[1]), d)
	if mad > 0 {
		return peerFigures{n, 0.6745 * (value - med) / mad, med, true}, true
	}
	if !p.HasValues() {
		return peerFigures{}, false
	}
	return p.figures(own, value), true // the mean deviation stands in: add it up
}

// Len is the number of values in the set.
func (p PeerSet) Len() int { return p.n }

// Values are the set's values, ascending: the set's own, not a copy, to
// be read and not changed (nil for a set WithoutValues).
func (p PeerSet) Values() []float64 { return p.v }

// WithoutValues is the set less its values, a couple of hundred bytes
// whatever its size, for keeping many sets in little memory:
// PeerOfMember answers from it as from the set, except where the mean
// deviation stands in, which needs the values.
func (p PeerSet) WithoutValues() PeerSet {
	p.v = nil
	return p
}

// HasValues says whether the set holds its values (not WithoutValues).
func (p PeerSet) HasValues() bool { return len(p.v) == p.n }

// Peer is Peer(value, peers) where peers are the set's values without one
// of them equal to own (the checked zone's own entry); when no value
// equals own, all of them are peers. It needs the set's values.
func (p PeerSet) Peer(own, value float64) *Warning {
	f := p.figures(own, value)
	if f.n < MinPeers {
		return nil
	}
	return peerWarning(value, f.n, f.z, f.med, f.ok)
}

func (p PeerSet) figures(own, value float64) peerFigures {
	if !p.HasValues() {
		panic("scoring: the peer figures of a PeerSet without its values")
	}
	r, _ := slices.BinarySearch(p.v, own)
	n := len(p.v) - 1
	if r > n || p.v[r] != own {
		r, n = len(p.v), len(p.v) // nothing to leave out
	}
	if n < MinPeers {
		return peerFigures{n: n}
	}
	at := func(i int) float64 {
		if i >= r {
			i++
		}
		return p.v[i]
	}
	med := midpoint(n, at)
	// The deviations from the median, ascending, are two ascending runs:
	// the values below the median walked down, and the others walked up.
	below := sort.Search(n, func(i int) bool { return at(i) >= med })
	left := func(j int) float64 { return math.Abs(at(below-1-j) - med) }
	right := func(j int) float64 { return math.Abs(at(below+j) - med) }
	mad := midpoint(n, func(k int) float64 { return kthOfTwo(below, n-below, left, right, k) })
	if mad > 0 {
		return peerFigures{n, 0.6745 * (value - med) / mad, med, true}
	}
	sum := 0.0
	for i := range n {
		sum += math.Abs(at(i) - med)
	}
	if mean := sum / float64(n); mean > 0 {
		return peerFigures{n, (value - med) / (1.253314 * mean), med, true}
	}
	return peerFigures{n, 0, med, false}
}

// midpoint is the median of n ascending values given by at, as median
// computes it.
func midpoint(n int, at func(int) float64) float64 {
	if n%2 == 1 {
		return at(n / 2)
	}
	return (at(n/2-1) + at(n/2)) / 2
}

// kthOfTwo is the k-th smallest (from 0) of two ascending runs of a and b
// values: it searches how many of the k+1 smallest come from the first.
func kthOfTwo(a, b int, first, second func(int) float64, k int) float64 {
	lo, hi := max(0, k+1-b), min(a, k+1)
	for lo < hi {
		i := int(uint(lo+hi) >> 1)
		if first(i) < second(k-i) {
			lo = i + 1
		} else {
			hi = i
		}
	}
	i, j := lo, k+1-lo
	switch {
	case i == 0:
		return second(j - 1)
	case j == 0:
		return first(i - 1)
	}
	return max(first(i-1), second(j-1))
}
