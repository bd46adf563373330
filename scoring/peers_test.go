package scoring

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// withoutOne is the set's values with the first one equal to own left out.
func withoutOne(values []float64, own float64) []float64 {
	out := slices.Clone(values)
	if i := slices.Index(out, own); i >= 0 {
		out = slices.Delete(out, i, i+1)
	}
	slices.Sort(out)
	return out
}

// The hand-worked cases of docs/quality.md, the checked zone's own value
// in the set beside its peers.
func TestPeerSetWorkedCases(t *testing.T) {
	set := NewPeerSet([]float64{10, 12, 11, 13, 12, 30})
	w := set.Peer(30, 30)
	if w == nil || w.Figures["peers"] != 5 || w.Figures["peer_median"] != 12 || math.Abs(w.Figures["z"]-12.141) > 1e-9 {
		t.Fatalf("30 among 10, 12, 11, 13, 12: %+v", w)
	}
	if w := set.Peer(30, 17); w != nil {
		t.Errorf("17 (z 3.37) warned: %+v", w)
	}
	if w := set.Peer(30, 18); w == nil || math.Abs(w.Figures["z"]-4.047) > 1e-9 {
		t.Errorf("18 (z 4.05): %+v", w)
	}
	// Four peers say nothing, even of a far value.
	if w := NewPeerSet([]float64{10, 12, 11, 13, 99}).Peer(99, 1000); w != nil {
		t.Errorf("four peers warned: %+v", w)
	}
	// A value the set does not hold leaves nobody out: five peers.
	if w := NewPeerSet([]float64{10, 12, 11, 13, 12}).Peer(7, 30); w == nil || w.Figures["peers"] != 5 {
		t.Errorf("own value not in the set: %+v", w)
	}
	// All peers agree: 100 is more than 50% away, 50 is not.
	agree := NewPeerSet([]float64{50, 50, 50, 50, 50, 50})
	if w := agree.Peer(50, 100); w == nil || w.Figures["peer_median"] != 50 {
		t.Errorf("100 among five 50s: %+v", w)
	}
	if w := agree.Peer(50, 50); w != nil {
		t.Errorf("50 among five 50s: %+v", w)
	}
	// MAD 0: the mean deviation 6 stands in; 40 has z = 30 / (1.253314 · 6).
	if w := NewPeerSet([]float64{10, 10, 10, 20, 30, 40}).Peer(40, 40); w == nil || math.Abs(w.Figures["z"]-30/(1.253314*6)) > 1e-12 {
		t.Errorf("40 among 10, 10, 10, 20, 30: %+v", w)
	}
}

// PeerSet.Peer gives what Peer gives with the own value left out — the
// same warning and the same figures, bit for bit — and so does
// PeerOfMember when own is in the set, over sets of every size up to a few
// dozen, with many ties (small integers, where the MAD is
// often zero) and without (spread values), whether or not own is in the
// set.
func TestPeerSetMatchesPeer(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 2026))
	draws := map[string]func() float64{
		"ties":   func() float64 { return float64(rng.IntN(4)) },
		"spread": func() float64 { return rng.NormFloat64()*20 + 100 },
		"mixed": func() float64 {
			if rng.IntN(2) == 0 {
				return 7
			}
			return rng.Float64() * 1e6
		},
	}
	cases, members, needed := 0, 0, 0
	for name, draw := range draws {
		for n := 0; n < 40; n++ {
			for range 25 {
				values := make([]float64, n)
				for i := range values {
					values[i] = draw()
				}
				own := draw()
				if n > 0 && rng.IntN(4) > 0 {
					own = values[rng.IntN(n)]
				}
				value := draw()
				if rng.IntN(3) == 0 {
					value = own
				}
				want := Peer(value, withoutOne(values, own))
				set := NewPeerSet(slices.Clone(values))
				got := set.Peer(own, value)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: %d values %v, own %v, value %v: got %+v, want %+v", name, n, values, own, value, got, want)
				}
				// The figures themselves, warned or not.
				if peers := withoutOne(values, own); len(peers) >= MinPeers {
					z, med, ok := robustZ(value, peers)
					wantF := peerFigures{len(peers), z, med, ok}
					if f := set.figures(own, value); f != wantF {
						t.Fatalf("%s: %v, own %v, value %v: figures %+v, want %+v", name, values, own, value, f, wantF)
					}
					if f, _ := set.memberFigures(own, value); slices.Contains(values, own) && f != wantF {
						t.Fatalf("%s, of a member: %v, own %v, value %v: figures %+v, want %+v", name, values, own, value, f, wantF)
					}
				}
				if slices.Contains(values, own) {
					if got, _ := set.PeerOfMember(own, value); !reflect.DeepEqual(got, want) {
						t.Fatalf("%s, of a member: %d values %v, own %v, value %v: got %+v, want %+v", name, n, values, own, value, got, want)
					}
					// Without its values the set says the same, or that
					// it needs them (the mean deviation standing in).
					got, ok := set.WithoutValues().PeerOfMember(own, value)
					if ok && !reflect.DeepEqual(got, want) {
						t.Fatalf("%s, without values: %d values %v, own %v, value %v: got %+v, want %+v", name, n, values, own, value, got, want)
					}
					if !ok {
						needed++
					}
					members++
				}
				cases++
			}
		}
	}
	if cases < 2000 || members < 1500 || needed == 0 || needed > members/2 {
		t.Fatalf("only %d cases, %d of a member, %d needing the values", cases, members, needed)
	}
}

// kthOfTwo against a sort of both runs, every k, runs of any length
// (either empty) with ties across them.
func TestKthOfTwo(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 12))
	for a := 0; a < 9; a++ {
		for b := 0; b < 9; b++ {
			first, second := make([]float64, a), make([]float64, b)
			for i := range first {
				first[i] = float64(rng.IntN(6))
			}
			for i := range second {
				second[i] = float64(rng.IntN(6))
			}
			slices.Sort(first)
			slices.Sort(second)
			all := slices.Sorted(slices.Values(append(slices.Clone(first), second...)))
			for k := range all {
				got := kthOfTwo(a, b, func(i int) float64 { return first[i] }, func(i int) float64 { return second[i] }, k)
				if got != all[k] {
					t.Fatalf("%v and %v, k %d: got %v, want %v", first, second, k, got, all[k])
				}
			}
		}
	}
}

// BenchmarkPeerSet: one value checked against 5,000 peers, by sorting the
// peers (Peer, the baseline) and by PeerSet.
func BenchmarkPeerSet(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	values := make([]float64, 5001)
	for i := range values {
		values[i] = rng.NormFloat64()*10 + 50
	}
	set := NewPeerSet(slices.Clone(values))
	b.Run("sorted_peers", func(b *testing.B) {
		for b.Loop() {
			Peer(values[0], withoutOne(values, values[0]))
		}
	})
	b.Run("peer_set", func(b *testing.B) {
		for b.Loop() {
			set.Peer(values[0], values[0])
		}
	})
	b.Run("peer_of_member", func(b *testing.B) {
		for b.Loop() {
			_, _ = set.PeerOfMember(values[0], values[0])
		}
	})
}
