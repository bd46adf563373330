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
type PeerSet struct {
	v []float64 // ascending
}

// NewPeerSet makes a set of values; it sorts them in place (unless they
// are in order already) and keeps them.
func NewPeerSet(values []float64) PeerSet {
	if !slices.IsSorted(values) {
		slices.Sort(values)
	}
	return PeerSet{values}
}

// Len is the number of values in the set.
func (p PeerSet) Len() int { return len(p.v) }

// Peer is Peer(value, peers) where peers are the set's values without one
// of them equal to own (the checked zone's own entry); when no value
// equals own, all of them are peers.
func (p PeerSet) Peer(own, value float64) *Warning {
	r, _ := slices.BinarySearch(p.v, own)
	n := len(p.v) - 1
	if r > n || p.v[r] != own {
		r, n = len(p.v), len(p.v) // nothing to leave out
	}
	if n < MinPeers {
		return nil
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
		return peerWarning(value, n, 0.6745*(value-med)/mad, med, true)
	}
	sum := 0.0
	for i := range n {
		sum += math.Abs(at(i) - med)
	}
	if mean := sum / float64(n); mean > 0 {
		return peerWarning(value, n, (value-med)/(1.253314*mean), med, true)
	}
	return peerWarning(value, n, 0, med, false)
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
