package indicators

import "testing"

// TestSeenRowsFindsEachDuplicate gives the same keys through the dense
// groups and through the fallback map of whole keys, and checks that each
// second row names its first line and that no other key collides.
func TestSeenRowsFindsEachDuplicate(t *testing.T) {
	inds := map[string]IndicatorRef{"A": {ID: 3, Frequency: Annual}, "Q": {ID: 9, Frequency: Quarterly}, "M": {ID: 5, Frequency: Monthly}}
	type row struct {
		zone, ind int64
		p         Period
	}
	rows := []row{
		{1, 3, Period{Year: 2019, Frequency: Annual}},
		{1, 3, Period{Year: 2020, Frequency: Annual}},
		{2, 3, Period{Year: 2019, Frequency: Annual}},
		{1, 9, Period{Year: 2019, Sub: 1, Frequency: Quarterly}},
		{1, 9, Period{Year: 2019, Sub: 4, Frequency: Quarterly}},
		{1, 5, Period{Year: 2019, Sub: 1, Frequency: Monthly}},
		{1, 5, Period{Year: 2019, Sub: 12, Frequency: Monthly}},
		{1 << 50, 3, Period{Year: 2019, Frequency: Annual}}, // too large a zone id for a group
		{1, 77, Period{Year: 2019, Frequency: Annual}},      // not in the map given
	}
	for _, name := range []string{"groups", "fallback"} {
		s := newSeenRows(inds)
		if name == "fallback" {
			s.offset = nil
		}
		for i, r := range rows {
			if prev, dup := s.remember(r.zone, r.ind, r.p, i+2); dup {
				t.Fatalf("%s: row %d is not a duplicate, got first line %d", name, i, prev)
			}
		}
		for i := len(rows) - 1; i >= 0; i-- {
			r := rows[i]
			prev, dup := s.remember(r.zone, r.ind, r.p, 100+i)
			if !dup || prev != i+2 {
				t.Fatalf("%s: row %d again: %d, %v; want line %d", name, i, prev, dup, i+2)
			}
		}
	}
}
