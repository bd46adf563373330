package storage

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"igmc/indicators"
	"igmc/scoring"
)

// The peer check of a batch (see checks.go): each row's peers are the
// other zones of its zone's type with a value of the same indicator and
// period, the batch's values in place of the stored ones.
//
// The rows are taken a peer set (type × indicator × period) at a time.
// The set's stored values are loaded once — the sets a batch lacks in a
// query per type and a few indicators, about a million values at most —
// and kept, sorted, for the next batches. For the batch, its zones' stored values are taken
// out and its own put in (one merge; none when they are the same values,
// as in a file imported again), and each row is checked against that set
// with its own zone's value left out (scoring.PeerSet.PeerOfMember: a few
// comparisons with the set's middle, not a sort of the peers per row).
// Own is in the set by its making, except when another writer changed a
// zone's stored value between the loads of its series and of the set; the
// figures of such a row may then be a little off, as two reads of a
// changing table may be.

// peerBatch is how many indicators one peer query names.
const peerBatch = 500

// peerChecks is the peer check's finding for each row (nil: none).
func (ch *Checker) peerChecks(ctx context.Context, rows []CheckRow, pks []periodKey) ([]*scoring.Warning, error) {
	out := make([]*scoring.Warning, len(rows))
	// The typed rows, in runs of one peer set each, in file order within
	// a run: sorted rather than grouped in a map of slices, which would
	// make thousands of small slices a chunk.
	keys := make([]peerKey, len(rows))
	zoneOf := make([]int64, len(rows))
	order := make([]int, 0, len(rows))
	for i, r := range rows {
		if z := ch.zones[r.Zone]; z.kind != 0 {
			keys[i], zoneOf[i] = peerKey{z.kind, ch.fe.ids[r.Indicator], pks[i]}, z.id
			order = append(order, i)
		}
	}
	if len(order) == 0 {
		return out, nil
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := comparePeerKeys(keys[a], keys[b]); c != 0 {
			return c
		}
		return a - b
	})
	var runs [][]int
	for start := 0; start < len(order); {
		end := start + 1
		for end < len(order) && keys[order[end]] == keys[order[start]] {
			end++
		}
		runs = append(runs, order[start:end])
		start = end
	}
	if err := ch.loadMissing(ctx, keys, runs); err != nil {
		return nil, err
	}
	defer func() { ch.held = nil }()
	// own is each row's zone's entry in its set: the batch's last value
	// of the key.
	own := make([]float64, len(rows))
	var gone, come, buf, spilled []float64 // spilled: the room of sets read from the spill
	// seen are the zones of a run met so far, their values at the same
	// place in come: a list for a short run, a map (zone → place) for a
	// long one.
	var seen []int64
	var seenAt map[int64]int
	for _, idx := range runs {
		k := keys[idx[0]]
		gone, come, seen = gone[:0], come[:0], seen[:0]
		long := len(idx) > replaceInPlace
		if long {
			if seenAt == nil {
				seenAt = map[int64]int{}
			}
			clear(seenAt)
		}
		indicator := ch.fe.code[k.indicator]
		for n := len(idx) - 1; n >= 0; n-- {
			i := idx[n]
			j, met := -1, false
			if long {
				j, met = seenAt[zoneOf[i]]
			} else if j = slices.Index(seen, zoneOf[i]); j >= 0 {
				met = true
			}
			if met {
				own[i] = come[j] // the same key twice: the batch's last value stands
				continue
			}
			if long {
				seenAt[zoneOf[i]] = len(come)
			} else {
				seen = append(seen, zoneOf[i])
			}
			own[i] = rows[i].Value
			come = append(come, rows[i].Value)
			stored, err := ch.storedSeries(ctx, rows[i].Zone, indicator)
			if err != nil {
				return nil, err
			}
			if v, ok := valueAt(stored, k.pk); ok {
				gone = append(gone, v)
			}
		}
		set, err := ch.storedPeers(ctx, k, false, &spilled)
		if err != nil {
			return nil, err
		}
		// A batch that gives its zones the values they have (a file
		// imported again) leaves the set as it is stored, and a spilled
		// set is then not even read.
		slices.Sort(gone)
		slices.Sort(come)
		if !slices.Equal(gone, come) {
			if !set.HasValues() {
				if set, err = ch.storedPeers(ctx, k, true, &spilled); err != nil {
					return nil, err
				}
			}
			buf = replaceSorted(buf[:0], set.Values(), gone, come)
			set = scoring.NewPeerSet(buf)
		}
		for _, i := range idx {
			w, ok := set.PeerOfMember(own[i], rows[i].Value)
			if !ok { // the mean deviation of a spilled set: read it
				if set, err = ch.storedPeers(ctx, k, true, &spilled); err != nil {
					return nil, err
				}
				w, _ = set.PeerOfMember(own[i], rows[i].Value)
			}
			out[i] = w
		}
	}
	return out, nil
}

func comparePeerKeys(a, b peerKey) int {
	switch {
	case a.kind != b.kind:
		return int(a.kind - b.kind)
	case a.indicator != b.indicator:
		return cmp.Compare(a.indicator, b.indicator)
	case a.pk.year != b.pk.year:
		return a.pk.year - b.pk.year
	}
	return a.pk.sub - b.pk.sub
}

// valueAt is the observation of period pk in an ascending series.
func valueAt(series []obs, pk periodKey) (float64, bool) {
	i, found := slices.BinarySearchFunc(series, pk, func(o obs, pk periodKey) int {
		if o.year != pk.year {
			return o.year - pk.year
		}
		return o.sub - pk.sub
	})
	if !found {
		return 0, false
	}
	return series[i].value, true
}

// replaceSorted appends to dst the ascending values of stored without one
// instance of each of gone, and with come (all three ascending). A gone
// value stored does not hold (another writer changed it since) is passed
// over. A few changes are made in place in a copy; many, in one merge.
func replaceSorted(dst, stored, gone, come []float64) []float64 {
	if len(gone)+len(come) <= replaceInPlace {
		dst = append(dst, stored...)
		for _, v := range gone {
			if i, found := slices.BinarySearch(dst, v); found {
				dst = slices.Delete(dst, i, i+1)
			}
		}
		for _, v := range come {
			i, _ := slices.BinarySearch(dst, v)
			dst = slices.Insert(dst, i, v)
		}
		return dst
	}
	g, c := 0, 0
	for _, v := range stored {
		for g < len(gone) && gone[g] < v {
			g++
		}
		if g < len(gone) && gone[g] == v {
			g++
			continue
		}
		for c < len(come) && come[c] < v {
			dst = append(dst, come[c])
			c++
		}
		dst = append(dst, v)
	}
	return append(dst, come[c:]...)
}

// replaceInPlace is how many changes replaceSorted makes one by one.
const replaceInPlace = 32

func (ch *Checker) spilled(k peerKey) bool {
	_, ok := ch.spill.lean(k)
	return ok
}

// loadMissing loads the peer sets of the runs' keys the Checker does not
// have.
func (ch *Checker) loadMissing(ctx context.Context, keys []peerKey, runs [][]int) error {
	missing := map[int32][]peerKey{}
	for _, idx := range runs {
		k := keys[idx[0]]
		if _, kept := ch.peerSets[k]; !kept && !ch.spilled(k) {
			missing[k.kind] = append(missing[k.kind], k)
		}
	}
	for kind, keys := range missing {
		if err := ch.loadPeers(ctx, kind, keys); err != nil {
			return err
		}
	}
	return nil
}

// storedPeers is the stored peer set of k. A spilled one comes without its
// values unless full asks for them, which are then read into room, a
// buffer that serves every set read so (the set read last owns it).
func (ch *Checker) storedPeers(ctx context.Context, k peerKey, full bool, room *[]float64) (scoring.PeerSet, error) {
	if set, ok := ch.peerSets[k]; ok {
		return set, nil
	}
	if set, ok := ch.held[k]; ok {
		return set, nil
	}
	if lean, ok := ch.spill.lean(k); ok {
		if !full {
			return lean, nil
		}
		if v, ok := ch.spill.get(k, (*room)[:0]); ok {
			*room = v
			return scoring.NewPeerSet(v), nil
		}
	}
	// The spill failed after the set went to it: read it again.
	if err := ch.loadPeers(ctx, k.kind, []peerKey{k}); err != nil {
		return scoring.PeerSet{}, err
	}
	if set, ok := ch.peerSets[k]; ok {
		return set, nil
	}
	return ch.held[k], nil
}

// peerLoadValues is about how many values one peer query reads at most.
const peerLoadValues = 1 << 20

// loadPeers reads the stored reference values of a zone type's (kind)
// peer sets keys and keeps them: a query names as many of the keys'
// indicators as keep it near peerLoadValues values, over the keys' years;
// what it brings beyond the keys is dropped.
func (ch *Checker) loadPeers(ctx context.Context, kind int32, keys []peerKey) error {
	byInd := map[int64][]peerKey{}
	var inds []int64
	yearSet := map[int]bool{}
	for _, k := range keys {
		if byInd[k.indicator] == nil {
			inds = append(inds, k.indicator)
		}
		byInd[k.indicator] = append(byInd[k.indicator], k)
		yearSet[k.pk.year] = true
	}
	years := make([]any, 0, len(yearSet))
	for y := range yearSet {
		years = append(years, y)
	}
	per := max(1, min(peerBatch, peerLoadValues/max(1, ch.kindZones[kind-1]*len(years))))
	for len(inds) > 0 {
		batch := inds[:min(per, len(inds))]
		inds = inds[len(batch):]
		loaded := map[peerKey][]float64{}
		args := []any{ch.kinds[kind-1]}
		for _, id := range batch {
			args = append(args, id)
			for _, k := range byInd[id] {
				loaded[k] = nil
			}
		}
		args = append(args, years...)
		q := `SELECT m.indicator_id, m.year, m.period, ` + checkedValue + ` FROM measurements m JOIN zones z ON z.id = m.zone_id
			WHERE z.zone_type = ? AND m.indicator_id IN (` + placeholders(len(batch)) + `) AND m.year IN (` + placeholders(len(years)) + `)
			AND (m.status IN ('submitted', 'approved') OR m.approved_value IS NOT NULL)`
		if err := ch.queryPeers(ctx, kind, q, args, loaded); err != nil {
			return err
		}
		for k, v := range loaded {
			// Kept at its size, not the room its appends left.
			ch.keepPeers(k, scoring.NewPeerSet(slices.Clone(v)))
		}
	}
	return nil
}

func (ch *Checker) queryPeers(ctx context.Context, kind int32, q string, args []any, loaded map[peerKey][]float64) error {
	rows, err := ch.s.rdb.WithContext(ctx).Raw(q, args...).Rows()
	if err != nil {
		return translate(err, "measurements")
	}
	defer rows.Close()
	for rows.Next() {
		var (
			ind, year int64
			period    string
			v         float64
		)
		if err := rows.Scan(&ind, &year, &period, &v); err != nil {
			return translate(err, "measurements")
		}
		p, err := indicators.ParsePeriod(period)
		if err != nil {
			continue // written through ParsePeriod; never happens
		}
		k := peerKey{kind, ind, periodKey{int(year), p.Sub}}
		if vs, want := loaded[k]; want {
			loaded[k] = append(vs, v)
		}
	}
	return translate(rows.Err(), "measurements")
}

// keepPeers keeps a loaded peer set: in memory within the Checker's
// bounds, in the spill beyond them, and for the batch being checked
// only when the spill cannot take it.
func (ch *Checker) keepPeers(k peerKey, set scoring.PeerSet) {
	cost := set.Len() + peerSetCost
	if ch.peerValues+cost <= maxPeerValues && len(ch.peerSets) < maxPeerSets {
		ch.peerSets[k] = set
		ch.peerValues += cost
		return
	}
	if ch.spill.put(k, set) {
		return
	}
	if ch.held == nil {
		ch.held = map[peerKey]scoring.PeerSet{}
	}
	ch.held[k] = set
}

// placeholders is n comma-separated question marks.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}
