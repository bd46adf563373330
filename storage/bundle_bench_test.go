package storage_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"igmc/reports"
	"igmc/storage"
	"igmc/storage/benchdata"
)

// BenchmarkBundle writes the auditor's bundle of the acceptance dataset
// (every zone, as of 2020: every value is on a card) to a file and
// recomputes every scorecard from it, the way `igmc bundle` and `igmc
// bundle recompute` do. It reports the peak of the Go heap in use while
// the bundle is written (peak_heap_MB: run at two sizes with
// IGMC_BENCH_ZONES to see that it does not follow the row count), the
// bundle's size and the recompute's time (recompute_s).
func BenchmarkBundle(b *testing.B) {
	eachBenchEngine(b, func(b *testing.B, e storage.Engine) {
		s, _, size := loadedStore(b, e)
		ctx := context.Background()
		path := filepath.Join(b.TempDir(), "bundle.zip")
		var (
			heap      uint64
			recompute time.Duration
			bytes     int64
		)
		for b.Loop() {
			s.DropCache()
			runtime.GC()
			peak := sampleHeap()
			f, err := os.Create(path)
			if err != nil {
				b.Fatal(err)
			}
			w := bufio.NewWriterSize(f, 256<<10)
			err = reports.WriteBundle(ctx, s, w, benchdata.Framework, 2020, nil)
			if err == nil {
				err = w.Flush()
			}
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			heap = max(heap, peak())
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			start := time.Now()
			f, err = os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			st, _ := f.Stat()
			bytes = st.Size()
			res, err := reports.RecomputeBundle(f, st.Size())
			f.Close()
			recompute += time.Since(start)
			if err != nil || res.Difference != "" || res.Cards != size.Zones {
				b.Fatalf("recompute: %d cards, %q, %v", res.Cards, res.Difference, err)
			}
			b.StartTimer()
		}
		b.ReportMetric(float64(size.Rows()), "values")
		b.ReportMetric(float64(heap)/(1<<20), "peak_heap_MB")
		b.ReportMetric(float64(bytes)/(1<<20), "bundle_MB")
		b.ReportMetric(recompute.Seconds()/float64(b.N), "recompute_s")
	})
}
