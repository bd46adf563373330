package storage

import (
	"context"
	"strings"

	"igmc/indicators"
	"igmc/scoring"
)

// What a Checker loads from the database, and the bounded maps it keeps
// it in (see checks.go).

// zoneBlock loads a zone's reference values of the framework.
func (ch *Checker) zoneBlock(ctx context.Context, zone string) (map[string][]obs, error) {
	if b, ok := ch.zoneBlocks.get(zone); ok {
		return b, nil
	}
	rows, err := ch.s.rdb.WithContext(ctx).Raw(`SELECT m.indicator_id, m.year, m.period, `+checkedValue+` FROM measurements m
		JOIN indicators i ON i.id = m.indicator_id
		WHERE m.zone_id = ? AND i.framework_id = ? AND (m.status IN ('submitted', 'approved') OR m.approved_value IS NOT NULL)`,
		ch.zones[zone].id, ch.fe.id).Rows()
	if err != nil {
		return nil, translate(err, "measurements")
	}
	defer rows.Close()
	block := map[string][]obs{}
	for rows.Next() {
		var (
			id     int64
			year   int
			period string
			v      float64
		)
		if err := rows.Scan(&id, &year, &period, &v); err != nil {
			return nil, translate(err, "measurements")
		}
		p, err := indicators.ParsePeriod(period)
		if err != nil {
			continue // written through ParsePeriod; never happens
		}
		code := ch.fe.code[id]
		block[code] = append(block[code], obs{periodKey{year, p.Sub}, v})
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err, "measurements")
	}
	for _, os := range block {
		sortObs(os)
	}
	ch.zoneBlocks.put(zone, block)
	return block, nil
}

// yearValues are a zone's year values of every indicator for the rules:
// annual values as they are, sub-annual ones by their aggregation (a sum
// over part of the year left out).
func (ch *Checker) yearValues(ctx context.Context, zone string, year int) (map[string]float64, error) {
	if len(ch.rules) == 0 {
		return nil, nil
	}
	key := zoneYear{zone, year}
	if out, ok := ch.years[key]; ok {
		return out, nil
	}
	out := map[string]float64{}
	for _, r := range ch.rules {
		for _, code := range r.Codes() {
			if _, done := out[code]; done {
				continue
			}
			ind, ok := ch.ind[code]
			if !ok {
				continue
			}
			series, err := ch.series(ctx, zone, code)
			if err != nil {
				return nil, err
			}
			if v, ok := yearOf(ind, series, year); ok {
				out[code] = v
			}
		}
	}
	if ch.years != nil {
		ch.years[key] = out
	}
	return out, nil
}

// yearOf combines an indicator's observations of one year.
func yearOf(ind scoring.Indicator, series []obs, year int) (float64, bool) {
	var sum, last float64
	n := 0
	for _, o := range series {
		if o.year == year {
			sum, last = sum+o.value, o.value
			n++
		}
	}
	periods := freqOf(ind).Periods()
	switch {
	case n == 0:
		return 0, false
	case periods == 1:
		return last, true
	case ind.Aggregation == scoring.AggregateSum:
		return sum, n == periods
	case ind.Aggregation == scoring.AggregateMean:
		return sum / float64(n), true
	}
	return last, true
}

// cacheFIFO is a map that forgets its oldest entry beyond max entries.
type cacheFIFO[K comparable, V any] struct {
	m     map[K]V
	order []K
	max   int
}

func newFIFO[K comparable, V any](max int) cacheFIFO[K, V] {
	return cacheFIFO[K, V]{m: map[K]V{}, max: max}
}

func (c *cacheFIFO[K, V]) get(k K) (V, bool) {
	v, ok := c.m[k]
	return v, ok
}

func (c *cacheFIFO[K, V]) put(k K, v V) {
	if _, ok := c.m[k]; !ok {
		if len(c.order) >= c.max {
			delete(c.m, c.order[0])
			c.order = c.order[1:]
		}
		c.order = append(c.order, k)
	}
	c.m[k] = v
}

// A chunk of rows of many zones (a file sorted by indicator, or not
// sorted at all) would load more zones than the Checker keeps, and load
// them again chunk after chunk. For such a chunk the stored series of
// just the chunk's zone × indicator pairs (and the rule indicators of
// zones with a rule's row) are read up front, a batch of pairs a query.
// They are kept for the next chunks, which in such a file name the same
// pairs again, up to maxPairValues values; beyond that they are all
// forgotten before the next chunk is read.
const (
	prefetchBatch = 250
	maxPairValues = 1 << 20
)

// prefetchAbove is a var only so that a test can turn the prefetch on for
// every chunk, or off.
var prefetchAbove = maxZoneBlocks / 2

// prefetch fills ch.pairSeries for rows when they name more than
// prefetchAbove zones.
func (ch *Checker) prefetch(ctx context.Context, rows []CheckRow) error {
	if len(ch.over) <= prefetchAbove {
		return nil
	}
	if ch.pairSeries == nil || ch.pairValues > maxPairValues {
		ch.pairSeries, ch.pairValues = map[zoneIndicator][]obs{}, 0
	}
	var pairs []zoneIndicator
	want := func(zone, indicator string) {
		k := zoneIndicator{zone, indicator}
		if _, ok := ch.pairSeries[k]; ok {
			return
		}
		if _, cached := ch.zoneBlocks.get(zone); cached {
			return
		}
		ch.pairSeries[k] = nil
		pairs = append(pairs, k)
	}
	for _, r := range rows {
		want(r.Zone, r.Indicator)
		if ch.ruleInds[r.Indicator] {
			for code := range ch.ruleInds {
				if _, ok := ch.ind[code]; ok {
					want(r.Zone, code)
				}
			}
		}
	}
	if ch.zoneCodes == nil {
		ch.zoneCodes = make(map[int64]string, len(ch.zones))
		for code, z := range ch.zones {
			ch.zoneCodes[z.id] = code
		}
	}
	fetched := pairs
	for len(pairs) > 0 {
		batch := pairs[:min(prefetchBatch, len(pairs))]
		pairs = pairs[len(batch):]
		args := make([]any, 0, 2*len(batch))
		for _, p := range batch {
			args = append(args, ch.zones[p.zone].id, ch.fe.ids[p.indicator])
		}
		q := `SELECT m.zone_id, m.indicator_id, m.year, m.period, ` + checkedValue + ` FROM measurements m
			WHERE (m.zone_id, m.indicator_id) IN (VALUES ` + strings.TrimSuffix(strings.Repeat("(CAST(? AS BIGINT), CAST(? AS BIGINT)),", len(batch)), ",") + `)
			AND (m.status IN ('submitted', 'approved') OR m.approved_value IS NOT NULL)`
		if err := ch.prefetchBatch(ctx, q, args); err != nil {
			return err
		}
	}
	for _, k := range fetched {
		sortObs(ch.pairSeries[k])
	}
	return nil
}

func (ch *Checker) prefetchBatch(ctx context.Context, q string, args []any) error {
	rows, err := ch.s.rdb.WithContext(ctx).Raw(q, args...).Rows()
	if err != nil {
		return translate(err, "measurements")
	}
	defer rows.Close()
	for rows.Next() {
		var (
			zone, ind, year int64
			period          string
			v               float64
		)
		if err := rows.Scan(&zone, &ind, &year, &period, &v); err != nil {
			return translate(err, "measurements")
		}
		p, err := indicators.ParsePeriod(period)
		if err != nil {
			continue // written through ParsePeriod; never happens
		}
		k := zoneIndicator{ch.zoneCodes[zone], ch.fe.code[ind]}
		ch.pairSeries[k] = append(ch.pairSeries[k], obs{periodKey{int(year), p.Sub}, v})
		ch.pairValues++
	}
	return translate(rows.Err(), "measurements")
}
