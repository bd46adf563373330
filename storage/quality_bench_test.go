package storage_test

import (
	"context"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/benchdata"
)

// BenchmarkQualityReport: the data-quality report of one year for every
// zone of the acceptance dataset (500 zones × 200 indicators, goal ≤ 2 s
// on PostgreSQL), with a due day (so every value's submissions are read)
// and a follow-up open in each of 50 zones.
func BenchmarkQualityReport(b *testing.B) {
	eachBenchEngine(b, func(b *testing.B, e storage.Engine) {
		s, _, size := loadedStore(b, e)
		ctx := context.Background()
		if _, err := s.SetCalendar(ctx, indicators.Calendar{Framework: benchdata.Framework, Year: 2020, DueOn: "2021-03-31"}, indicators.System); err != nil {
			b.Fatal(err)
		}
		for z := 0; z < size.Zones; z += 10 {
			in := indicators.FollowUpInput{Framework: benchdata.Framework, Zone: benchdata.ZoneCode(z), Indicator: benchdata.IndicatorCode(z % size.Indicators),
				Period: "2020", Note: "benchmark"}
			if _, err := s.CreateFollowUp(ctx, in, indicators.System); err != nil {
				b.Fatal(err)
			}
		}
		for b.Loop() {
			r, err := s.QualityReport(ctx, benchdata.Framework, 2020, indicators.System)
			if err != nil || len(r.Zones) != size.Zones || len(r.Zones[0].Cells) != size.Indicators || r.Totals.Value != size.Zones*size.Indicators {
				b.Fatalf("report: %d zones, totals %+v, %v", len(r.Zones), r.Totals, err)
			}
		}
		b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/report")
	})
}

// BenchmarkCheckRows: every check on one year of the dataset (100,000
// values: each zone × indicator against its 9 earlier years), through one
// Checker in chunks of 10,000 rows, as an import would run them. The
// dataset's zones have no type, so no value has peers here;
// BenchmarkReimportTyped measures the peer check.
func BenchmarkCheckRows(b *testing.B) {
	eachBenchEngine(b, func(b *testing.B, e storage.Engine) {
		s, _, size := loadedStore(b, e)
		ctx := context.Background()
		rows := make([]storage.CheckRow, 0, size.Zones*size.Indicators)
		for z := range size.Zones {
			for i := range size.Indicators {
				rows = append(rows, storage.CheckRow{Zone: benchdata.ZoneCode(z), Indicator: benchdata.IndicatorCode(i), Period: "2021", Value: 50})
			}
		}
		warned := 0
		for b.Loop() {
			ch, err := s.NewChecker(ctx, benchdata.Framework)
			if err != nil {
				b.Fatal(err)
			}
			warned = 0
			for start := 0; start < len(rows); start += 10000 {
				out, err := ch.CheckRows(ctx, rows[start:min(start+10000, len(rows))])
				if err != nil {
					b.Fatal(err)
				}
				for _, ws := range out {
					if len(ws) > 0 {
						warned++
					}
				}
			}
			ch.Close()
		}
		per := b.Elapsed().Seconds() / float64(b.N)
		b.ReportMetric(per*1000, "ms/100k_rows")
		b.ReportMetric(float64(len(rows))/per, "rows/s")
		b.ReportMetric(float64(warned), "rows_warned")
	})
}
