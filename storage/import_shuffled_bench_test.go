package storage_test

import (
	"bufio"
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/benchdata"
	"igmc/storage/storagetest"
)

// BenchmarkReimportShuffled times the re-import of an unchanged file whose
// rows are in random order, so that every chunk mixes many zones and a
// PostgreSQL re-import looks its rows up key by key (import_classify.go)
// instead of reading a few zones' rows. It reports the shuffled
// re-import's rate and its time over the first load's of the same rows,
// sorted by zone, in the same run (shuffled_vs_first: below 1 it is the
// faster).
func BenchmarkReimportShuffled(b *testing.B) {
	size := benchSize(b)
	dir := b.TempDir()
	files, err := benchdata.WriteFiles(dir, size)
	if err != nil {
		b.Fatal(err)
	}
	shuffled := filepath.Join(dir, "shuffled.csv")
	shuffleLines(b, files.Measurements, shuffled)
	for _, e := range []storage.Engine{storage.SQLite, storage.Postgres} {
		b.Run(string(e), func(b *testing.B) {
			if e == storage.Postgres && os.Getenv(storagetest.EnvPostgres) == "" {
				b.Skipf("%s is not set: no PostgreSQL benchmark", storagetest.EnvPostgres)
			}
			rows := size.Rows()
			var first time.Duration
			for b.Loop() {
				b.StopTimer()
				s, _ := benchStore(b, e, files)
				first += timedImport(b, s, files.Measurements, func(r indicators.ImportResult) bool { return r.New == rows })
				b.StartTimer()
				timedImport(b, s, shuffled, func(r indicators.ImportResult) bool { return r.Unchanged == rows })
			}
			b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(b.Elapsed().Seconds()/first.Seconds(), "shuffled_vs_first")
		})
	}
}

// timedImport imports a measurements file and returns how long it took.
func timedImport(b *testing.B, s *storage.Store, path string, want func(indicators.ImportResult) bool) time.Duration {
	b.Helper()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	start := time.Now()
	res, err := s.ImportMeasurements(ctx, indicators.NewCSVRows(bufio.NewReaderSize(f, 256<<10)),
		indicators.ImportOptions{Framework: benchdata.Framework, AcceptWarnings: true})
	d := time.Since(start)
	if err != nil {
		var de *indicators.Error
		if errors.As(err, &de) && len(de.Fields) > 0 {
			b.Fatalf("import of %s: %v; first: %+v", filepath.Base(path), err, de.Fields[0])
		}
		b.Fatalf("import of %s: %v", filepath.Base(path), err)
	}
	if !want(res) {
		b.Fatalf("import of %s: %+v", filepath.Base(path), res)
	}
	return d
}

// shuffleLines writes src's data lines in a fixed random order under its
// header.
func shuffleLines(b *testing.B, src, dst string) {
	b.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	if len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	body := lines[1:]
	rand.New(rand.NewPCG(7, 11)).Shuffle(len(body), func(i, j int) { body[i], body[j] = body[j], body[i] })
	if err := os.WriteFile(dst, bytes.Join(lines, nil), 0o600); err != nil {
		b.Fatal(err)
	}
}
