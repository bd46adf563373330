package scoring

import (
	"cmp"
	"slices"
)

// Rank orders scorecards for a ranking (SPEC §6.1 ranking): by index,
// highest first, then by coverage, highest first; cards without an index
// come last (themselves by coverage); remaining ties go by zone code so the
// order never depends on the input's. The input is not modified.
func Rank(cards []Card) []Card {
	out := slices.Clone(cards)
	slices.SortStableFunc(out, func(a, b Card) int {
		ai, bi := a.Index.Score, b.Index.Score
		switch {
		case ai != nil && bi == nil:
			return -1
		case ai == nil && bi != nil:
			return 1
		case ai != nil && *ai != *bi:
			return cmp.Compare(*bi, *ai)
		}
		if c := cmp.Compare(b.Coverage, a.Coverage); c != 0 {
			return c
		}
		return cmp.Compare(a.Zone, b.Zone)
	})
	return out
}
