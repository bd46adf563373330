package storage

import (
	"context"
	"reflect"
	"testing"

	"igmc/scoring"
)

// TestPrefetchedSeriesCheckAlike: a chunk checked with its zone ×
// indicator series read up front (as a chunk of many zones is) gets the
// same warnings, figures included, as one checked through the zones'
// cached blocks; and the prefetched check loads no zone block. The rows
// are the demo's latest year, so that the earlier years come from the
// stored values, less the indicators that the rules compare others with,
// which come from the stored values too.
func TestPrefetchedSeriesCheckAlike(t *testing.T) {
	ctx := context.Background()
	eachDemoStore(t, func(t *testing.T, s *Store) {
		var rows []CheckRow
		err := s.rdb.WithContext(ctx).Raw(`SELECT z.code AS zone, i.code AS indicator, m.period, m.value * 1.7 + 3 AS value
			FROM measurements m JOIN zones z ON z.id = m.zone_id JOIN indicators i ON i.id = m.indicator_id
			WHERE m.year = (SELECT MAX(year) FROM measurements) AND i.code NOT IN ('ENV-02', 'ENV-04', 'ECO-01')
			ORDER BY i.code, m.period, z.code`).Scan(&rows).Error
		if err != nil || len(rows) < 20 {
			t.Fatalf("%d demo values, %v", len(rows), err)
		}
		check := func(above int) ([][]scoring.Warning, *Checker) {
			t.Helper()
			old := prefetchAbove
			prefetchAbove = above
			defer func() { prefetchAbove = old }()
			ch, err := s.NewChecker(ctx, "igmc")
			if err != nil {
				t.Fatal(err)
			}
			defer ch.Close()
			out, err := ch.CheckRows(ctx, rows)
			if err != nil {
				t.Fatal(err)
			}
			return out, ch
		}
		plain, _ := check(1 << 30)
		fetched, ch := check(-1)
		if !reflect.DeepEqual(plain, fetched) {
			for i := range plain {
				if !reflect.DeepEqual(plain[i], fetched[i]) {
					t.Fatalf("row %+v: %+v through the zone blocks, %+v prefetched", rows[i], plain[i], fetched[i])
				}
			}
		}
		warned := 0
		for _, ws := range plain {
			if len(ws) > 0 {
				warned++
			}
		}
		if warned == 0 {
			t.Fatal("no row warned: the comparison shows nothing")
		}
		if n := len(ch.zoneBlocks.m); n != 0 {
			t.Fatalf("the prefetched check loaded %d zone blocks", n)
		}
	})
}
