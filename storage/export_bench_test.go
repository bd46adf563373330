package storage_test

import (
	"context"
	"io"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"igmc/indicators"
	"igmc/reports"
	"igmc/storage"
	"igmc/storage/benchdata"
)

// BenchmarkExportMeasurementsCSV times the measurements export of the
// acceptance dataset (1,000,000 rows) as CSV, the way the web handler and
// the CLI make it: Store.ExportMeasurements feeding reports.ExportWriter,
// here writing to io.Discard. On PostgreSQL each iteration also times,
// outside the benchmark clock, the server's own COPY … TO STDOUT of the
// same rows and columns read through pgx — once in the export's order
// (copy_rows/s, the same file as one statement) and once in no order
// (copy_unordered_rows/s, the bare read-out) — and reports the export's
// rate as a ratio to each. The peak of the Go heap in use during the
// exports is sampled and reported as peak_heap_MB.
func BenchmarkExportMeasurementsCSV(b *testing.B) {
	eachBenchEngine(b, func(b *testing.B, e storage.Engine) {
		s, url, size := loadedStore(b, e)
		rows := size.Rows()
		ctx := context.Background()
		filter := indicators.MeasurementFilter{Framework: benchdata.Framework}
		if e == storage.Postgres {
			// A live database has its statistics from autovacuum a minute
			// after a load; without them the planner joins the COPY's
			// tables by an index scan per indicator (6 s instead of 1.5 s).
			if _, err := openSQL(b, url).Exec("ANALYZE"); err != nil {
				b.Fatal(err)
			}
		}
		var copyTime, unorderedTime time.Duration
		runtime.GC()
		peak := sampleHeap()
		for b.Loop() {
			var n int
			ew, err := reports.NewExportWriter(io.Discard, false)
			if err != nil {
				b.Fatal(err)
			}
			err = s.ExportMeasurements(ctx, filter, false, func(r *indicators.ExportRow) error {
				n++
				return ew.Write(r)
			})
			if err == nil {
				err = ew.Flush()
			}
			if err != nil || n != rows {
				b.Fatalf("export: %d rows, %v", n, err)
			}
			if e == storage.Postgres {
				b.StopTimer()
				copyTime += copyOut(b, url, copyOutSQL, rows)
				unorderedTime += copyOut(b, url, copyOutUnorderedSQL, rows)
				b.StartTimer()
			}
		}
		heap := peak()
		rate := float64(rows*b.N) / b.Elapsed().Seconds()
		b.ReportMetric(rate, "rows/s")
		b.ReportMetric(float64(heap)/(1<<20), "peak_heap_MB")
		if copyTime > 0 {
			copyRate := float64(rows*b.N) / copyTime.Seconds()
			unorderedRate := float64(rows*b.N) / unorderedTime.Seconds()
			b.ReportMetric(copyRate, "copy_rows/s")
			b.ReportMetric(rate/copyRate, "ratio_to_copy")
			b.ReportMetric(unorderedRate, "copy_unordered_rows/s")
			b.ReportMetric(rate/unorderedRate, "ratio_to_unordered")
		}
	})
}

// copyOutSQL selects what the export without history writes — the import
// columns plus status and version, in the export's order — as PostgreSQL's
// own CSV; copyOutUnorderedSQL the same rows in whatever order the server
// finds them.
const (
	copyOutSelect = `SELECT z.code, i.code, m.period, m.value, m.source, m.comment, m.status, m.version
	FROM measurements m JOIN zones z ON z.id = m.zone_id JOIN indicators i ON i.id = m.indicator_id
	JOIN frameworks f ON f.id = i.framework_id WHERE f.code = '` + benchdata.Framework + `'`
	copyOutSQL          = `COPY (` + copyOutSelect + ` ORDER BY z.code COLLATE "C", i.position, m.period) TO STDOUT (FORMAT csv, HEADER)`
	copyOutUnorderedSQL = `COPY (` + copyOutSelect + `) TO STDOUT (FORMAT csv, HEADER)`
)

// copyOut times one COPY … TO STDOUT, read whole through pgx and thrown
// away.
func copyOut(b *testing.B, url, sql string, rows int) time.Duration {
	b.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatalf("copy out: %v", err)
	}
	defer conn.Close(ctx)
	start := time.Now()
	tag, err := conn.PgConn().CopyTo(ctx, io.Discard, sql)
	d := time.Since(start)
	if err != nil || int(tag.RowsAffected()) != rows {
		b.Fatalf("copy out: %d rows, %v", tag.RowsAffected(), err)
	}
	return d
}

// sampleHeap samples the heap in use (the HeapInuse of runtime.MemStats,
// read through runtime/metrics so that sampling does not stop the world)
// every millisecond until the returned function is called, which gives the
// highest value seen.
func sampleHeap() func() uint64 {
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
	var (
		mu   sync.Mutex
		peak uint64
	)
	read := func() {
		metrics.Read(samples)
		v := samples[0].Value.Uint64() + samples[1].Value.Uint64()
		mu.Lock()
		peak = max(peak, v)
		mu.Unlock()
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-stopped
		read()
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}
