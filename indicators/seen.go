package indicators

import (
	"cmp"
	"slices"
)

// seenRows remembers the rows a file has given, to refuse a second row for
// the same zone, indicator and period, and the line that gave each first.
//
// The rows of one zone and year share a group: one line number per period
// slot of the framework (an annual indicator has one slot, a quarterly four,
// a monthly twelve), so a row costs four bytes however long the file is,
// and a file's rows, grouped by zone, meet the same group again and again.
// A framework with too many slots for a group to stay small, or ids that
// do not fit the group's key, falls back to a map of whole keys.
type seenRows struct {
	// offset is each indicator's first slot; width the slots of a group.
	offset map[int64]int32
	width  int
	groups map[uint64][]int32
	// lastKey and last are the group of the row before, which saves the
	// map's lookup on most rows.
	lastKey uint64
	last    []int32
	wide    map[rowKey]int
}

// maxGroupSlots bounds a group at 16 KiB of line numbers; a framework with
// more period slots than that uses the map of whole keys.
const maxGroupSlots = 4096

func newSeenRows(inds map[string]IndicatorRef) *seenRows {
	s := &seenRows{groups: map[uint64][]int32{}, wide: map[rowKey]int{}}
	refs := make([]IndicatorRef, 0, len(inds))
	for _, r := range inds {
		refs = append(refs, r)
	}
	slices.SortFunc(refs, func(a, b IndicatorRef) int { return cmp.Compare(a.ID, b.ID) })
	s.offset = make(map[int64]int32, len(refs))
	for _, r := range refs {
		if _, dup := s.offset[r.ID]; dup {
			continue
		}
		s.offset[r.ID] = int32(s.width)
		s.width += slotsOf(r.Frequency)
	}
	if s.width > maxGroupSlots {
		s.offset = nil
	}
	return s
}

func slotsOf(f Frequency) int {
	switch f {
	case Quarterly:
		return 4
	case Monthly:
		return 12
	}
	return 1
}

// remember records that zone, indicator and period p were given on line,
// or returns the line that gave them first. p's frequency is the
// indicator's (Check refuses a mismatch before it asks).
func (s *seenRows) remember(zone, indicator int64, p Period, line int) (prev int, dup bool) {
	off, ok := s.offset[indicator]
	sub := max(p.Sub-1, 0)
	if !ok || zone < 0 || zone >= 1<<48 || p.Year < 0 || p.Year >= 1<<14 || sub >= slotsOf(p.Frequency) {
		k := rowKey{zone, indicator, int32(p.Year*100 + p.Sub)}
		if prev, dup := s.wide[k]; dup {
			return prev, true
		}
		s.wide[k] = line
		return 0, false
	}
	key := uint64(zone)<<14 | uint64(p.Year)
	g := s.last
	if g == nil || key != s.lastKey {
		g = s.groups[key]
		if g == nil {
			g = make([]int32, s.width)
			s.groups[key] = g
		}
		s.lastKey, s.last = key, g
	}
	slot := &g[int(off)+sub]
	if *slot != 0 {
		return int(*slot), true
	}
	*slot = int32(min(line, 1<<31-1))
	return 0, false
}
