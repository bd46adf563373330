package storage_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// classifyRow is one row of the re-import test's files.
type classifyRow struct {
	zone, indicator, period string
	value                   float64
	source, quality         string
}

func classifyFile(rows []classifyRow) string {
	var b strings.Builder
	b.WriteString("zone_code,indicator_code,period,value,source,comment,quality,explain\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%s,%s,%s,%g,%s,,%s,\n", r.zone, r.indicator, r.period, r.value, r.source, r.quality)
	}
	return b.String()
}

// TestReimportCountsEveryRow: a re-import sorts its rows into new,
// changed and unchanged; on PostgreSQL in Go, chunk by chunk, by the
// chunk's zones or key by key (import_classify.go), on SQLite in SQL. The
// counts, the rows written and their versions must be the same either way
// and must match what the test changed: a value or a source changes a
// row, an empty quality code turned into administrative does not, and a
// row the first load lacked is new. The sorted file spans more than one
// chunk; the small scattered file is looked up key by key, and a shuffled
// copy of the whole file mixes every zone in each chunk.
func TestReimportCountsEveryRow(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		var zones []string
		for z := 1; z <= 40; z++ {
			zones = append(zones, fmt.Sprintf("Z%02d,Zone %d,园区%d,", z, z, z))
		}
		addZones(t, s, zones...)
		var all []classifyRow
		for z := 1; z <= 40; z++ {
			zone := fmt.Sprintf("Z%02d", z)
			for y := 2015; y <= 2024; y++ {
				all = append(all, classifyRow{zone, "SPC-01", fmt.Sprint(y), float64(50 + z%7 + y%5), "bureau", ""})
				for q := 1; q <= 4; q++ {
					all = append(all, classifyRow{zone, "SPC-08", fmt.Sprintf("%d-Q%d", y, q), float64(30 + z%5 + q), "", ""})
				}
				for m := 1; m <= 12; m++ {
					all = append(all, classifyRow{zone, "ENV-01", fmt.Sprintf("%d-%02d", y, m), float64(40 + z%3 + m%4), "", ""})
				}
			}
		}
		if len(all) < 6000 {
			t.Fatalf("%d rows: the file must span two chunks", len(all))
		}
		var first []classifyRow
		for i, r := range all {
			if i%17 != 0 {
				first = append(first, r)
			}
		}
		opts := indicators.ImportOptions{AcceptWarnings: true}
		if res, err := importCSV(s, classifyFile(first), opts); err != nil || res.New != len(first) {
			t.Fatalf("first load: %+v, %v", res, err)
		}

		second := make([]classifyRow, len(all))
		copy(second, all)
		wantNew, wantChanged := 0, 0
		for i := range second {
			r := &second[i]
			switch {
			case i%17 == 0:
				wantNew++
			case i%7 == 0:
				r.value += 0.5
				wantChanged++
			case i%11 == 0:
				r.source = "survey office"
				wantChanged++
			case i%13 == 0:
				r.quality = "administrative" // the same as no code
			}
		}
		check := func(name string, rows []classifyRow, dry bool, n, fresh, changed int) {
			t.Helper()
			o := opts
			o.DryRun = dry
			res, err := importCSV(s, classifyFile(rows), o)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if res.Rows != n || res.New != fresh || res.Changed != changed || res.Unchanged != n-fresh-changed {
				t.Fatalf("%s = rows %d, new %d, changed %d, unchanged %d; want %d, %d, %d, %d", name, res.Rows, res.New, res.Changed, res.Unchanged,
					n, fresh, changed, n-fresh-changed)
			}
		}
		check("dry run of the second file", second, true, len(all), wantNew, wantChanged)
		shuffled := make([]classifyRow, len(second))
		copy(shuffled, second)
		rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		check("dry run of the second file shuffled", shuffled, true, len(all), wantNew, wantChanged)
		check("second file", second, false, len(all), wantNew, wantChanged)
		check("second file again", shuffled, false, len(all), 0, 0)

		// A few rows far apart: three zones × three indicators × three years
		// for three rows, which is looked up key by key.
		sparse := []classifyRow{second[7], second[len(second)/2], second[len(second)-1]}
		sparse[0].value += 1
		sparse = append(sparse, classifyRow{"Z40", "SPC-01", "2014", 60, "", ""})
		check("sparse file", sparse, false, 4, 1, 1)

		// A re-import with one bad row among changed ones writes nothing
		// and names the row.
		bad := []classifyRow{second[1], second[2], {"Z01", "SPC-01", "2013", 150, "", ""}}
		bad[0].value += 2
		_, err := importCSV(s, classifyFile(bad), opts)
		if e := domainErr(t, err, indicators.Invalid); len(e.Fields) != 1 || e.Fields[0].Line != 4 || e.Fields[0].Field != "value" {
			t.Fatalf("bad re-import: %+v", e.Fields)
		}

		verifyStored := func(r classifyRow, version int) {
			t.Helper()
			p, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Zone: r.zone, Indicator: r.indicator, Period: r.period})
			if err != nil || len(p.Items) != 1 {
				t.Fatalf("%s %s %s: %+v, %v", r.zone, r.indicator, r.period, p, err)
			}
			m := p.Items[0]
			if m.Value != r.value || m.Source != r.source || m.Version != version {
				t.Fatalf("%s %s %s stored as %v %q version %d; want %v %q version %d", r.zone, r.indicator, r.period, m.Value, m.Source, m.Version,
					r.value, r.source, version)
			}
		}
		verifyStored(second[0], 1)  // new in the second file
		verifyStored(second[11], 2) // its source changed
		verifyStored(second[13], 1) // administrative is no change
		verifyStored(second[1], 1)  // unchanged, and the bad file's change of it was not written
		verifyStored(sparse[0], 3)
		rep, err := s.VerifyAudit(ctx)
		if err != nil || !rep.OK {
			t.Fatalf("audit verify: %+v, %v", rep, err)
		}
	})
}
