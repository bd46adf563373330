package storage

import (
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
// The set's stored values are loaded once — every set a batch lacks in
// one query per type and up to peerBatch indicators — and kept, sorted,
// for the next batches. For the batch, its zones' stored values are taken
// out and its own put in (one merge), and each row is checked against
// that set with its own zone left out (scoring.PeerSet: a few binary
// searches, not a sort of the peers per row).

// peerBatch is how many indicators one peer query names.
const peerBatch = 500

// peerChecks is the peer check's finding for each row (nil: none).
func (ch *Checker) peerChecks(ctx context.Context, rows []CheckRow, pks []periodKey) ([]*scoring.Warning, error) {
	out := make([]*scoring.Warning, len(rows))
	groups := map[peerKey][]int{}
	zoneOf := make([]int64, len(rows))
	for i, r := range rows {
		z := ch.zones[r.Zone]
		if z.kind != 0 {
			k := peerKey{z.kind, ch.fe.ids[r.Indicator], pks[i]}
			groups[k] = append(groups[k], i)
			zoneOf[i] = z.id
		}
	}
	if len(groups) == 0 {
		return out, nil
	}
	if err := ch.loadMissing(ctx, groups); err != nil {
		return nil, err
	}
	defer func() { ch.held = nil }()
	// own is each row's zone's entry in its set: the batch's last value
	// of the key.
	own := make([]float64, len(rows))
	last := map[int64]float64{}
	var gone, come, buf, spilled []float64
	for k, idx := range groups {
		gone, come = gone[:0], come[:0]
		clear(last)
		indicator := ch.fe.code[k.indicator]
		for n := len(idx) - 1; n >= 0; n-- {
			i := idx[n]
			if v, seen := last[zoneOf[i]]; seen {
				own[i] = v
				continue
			}
			own[i] = rows[i].Value
			last[zoneOf[i]] = rows[i].Value
			come = append(come, rows[i].Value)
			stored, err := ch.storedSeries(ctx, rows[i].Zone, indicator)
			if err != nil {
				return nil, err
			}
			if v, ok := valueAt(stored, k.pk); ok {
				gone = append(gone, v)
			}
		}
		stored, fromSpill, err := ch.storedPeers(ctx, k, spilled)
		if err != nil {
			return nil, err
		}
		if fromSpill {
			spilled = stored[:0] // the room for the next spilled set
		}
		buf = replaceSorted(buf[:0], stored, gone, come)
		set := scoring.NewPeerSet(buf)
		for _, i := range idx {
			out[i] = set.Peer(own[i], rows[i].Value)
		}
	}
	return out, nil
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

// replaceSorted appends to dst the ascending values of stored (ascending)
// without one instance of each of gone, and with come, ascending. A gone
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
	slices.Sort(gone)
	slices.Sort(come)
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

// loadMissing loads the peer sets of groups' keys the Checker does not
// have.
func (ch *Checker) loadMissing(ctx context.Context, groups map[peerKey][]int) error {
	missing := map[int32][]peerKey{}
	for k := range groups {
		if _, ok := ch.peerSets[k]; !ok && !ch.spill.has(k) {
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

// storedPeers is the stored peer set of k; a spilled one is read into
// dst's room (fromSpill), which the caller may use again for the next.
func (ch *Checker) storedPeers(ctx context.Context, k peerKey, dst []float64) (v []float64, fromSpill bool, err error) {
	if v, ok := ch.peerSets[k]; ok {
		return v, false, nil
	}
	if v, ok := ch.held[k]; ok {
		return v, false, nil
	}
	if v, ok := ch.spill.get(k, dst); ok {
		return v, true, nil
	}
	// The spill failed after the set went to it: read it again.
	if err := ch.loadPeers(ctx, k.kind, []peerKey{k}); err != nil {
		return nil, false, err
	}
	if v, ok := ch.peerSets[k]; ok {
		return v, false, nil
	}
	return ch.held[k], false, nil
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
			slices.Sort(v)
			ch.keepPeers(k, v)
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
func (ch *Checker) keepPeers(k peerKey, v []float64) {
	cost := len(v) + peerSetCost
	if ch.peerValues+cost <= maxPeerValues && len(ch.peerSets) < maxPeerSets {
		ch.peerSets[k] = v
		ch.peerValues += cost
		return
	}
	if ch.spill.put(k, v) {
		return
	}
	if ch.held == nil {
		ch.held = map[peerKey][]float64{}
	}
	ch.held[k] = v
}

// placeholders is n comma-separated question marks.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}
