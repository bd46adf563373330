package storage_test

import (
	"context"
	"testing"

	"igmc/scoring"
	"igmc/storage"
	"igmc/storage/benchdata"
)

// BenchmarkPlannerStore: the planner of one zone through the store (goal
// ≤ 20 ms) on the acceptance dataset, from an empty cache every time, as
// BenchmarkScorecard is timed.
func BenchmarkPlannerStore(b *testing.B) {
	eachBenchEngine(b, func(b *testing.B, e storage.Engine) {
		s, _, size := loadedStore(b, e)
		ctx := context.Background()
		i := 0
		for b.Loop() {
			s.DropCache()
			if _, err := s.Planner(ctx, benchdata.Framework, benchdata.ZoneCode(i%size.Zones), 2020, scoring.BasisOfficial); err != nil {
				b.Fatalf("planner: %v", err)
			}
			i++
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/planner")
	})
}
