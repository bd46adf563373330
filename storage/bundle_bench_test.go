package storage_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
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
// bundle's size and the recompute's time (recompute_s). base_heap_MB is
// the heap in use before (after a collection), cached_heap_MB what is
// still in use after the bundle (after a collection): the scorecards the
// bundle computed stay in the store's cache, which holds at most 4,096
// cards, whatever the number of values. Run it at two row counts with the
// same zones (IGMC_BENCH_YEARS) to see that the peak does not follow the
// values, and at two zone counts (IGMC_BENCH_ZONES) to see the cache.
func BenchmarkBundle(b *testing.B) {
	eachBenchEngine(b, func(b *testing.B, e storage.Engine) {
		s, _, size := loadedStore(b, e)
		ctx := context.Background()
		path := filepath.Join(b.TempDir(), "bundle.zip")
		var (
			base, cached uint64
			heap         uint64
			recompute    time.Duration
			bytes        int64
		)
		for b.Loop() {
			s.DropCache()
			runtime.GC()
			base = heapInUse()
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
			runtime.GC()
			cached = heapInUse()
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
		b.ReportMetric(float64(base)/(1<<20), "base_heap_MB")
		b.ReportMetric(float64(cached)/(1<<20), "cached_heap_MB")
		b.ReportMetric(float64(bytes)/(1<<20), "bundle_MB")
		b.ReportMetric(recompute.Seconds()/float64(b.N), "recompute_s")
	})
}

// heapInUse is the heap in use now, as sampleHeap reads it.
func heapInUse() uint64 {
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
	metrics.Read(samples)
	return samples[0].Value.Uint64() + samples[1].Value.Uint64()
}
