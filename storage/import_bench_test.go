package storage_test

import (
	"bufio"
	"context"
	"encoding/csv"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/benchdata"
	"igmc/storage/storagetest"
)

// EnvBenchZones shrinks the benchmark dataset for a quick run: that many
// zones × 200 indicators × 10 years instead of 500 zones.
const EnvBenchZones = "IGMC_BENCH_ZONES"

// BenchmarkImportMeasurements times Store.ImportMeasurements end to end
// (parse, checks, staging, set-based upsert) on the acceptance dataset,
// each iteration into a fresh database, then a second import of the same
// file, whose rows are all unchanged (reported as reimport_rows/s and
// reimport_vs_first, the re-import's time over the first load's: below 1
// the re-import is the faster). On
// PostgreSQL it also times, in the same run, two raw COPYs of the same
// rows: into a narrow table of four columns with a primary key
// (copy_rows/s, ratio_to_copy), and into a table made LIKE measurements
// INCLUDING ALL with the column values the import wrote (like_rows/s,
// ratio_to_like). The figures and the command that repeats them are kept
// in docs/performance.md.
func BenchmarkImportMeasurements(b *testing.B) {
	size := benchSize(b)
	files, err := benchdata.WriteFiles(b.TempDir(), size)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range []storage.Engine{storage.SQLite, storage.Postgres} {
		b.Run(string(e), func(b *testing.B) {
			if e == storage.Postgres && os.Getenv(storagetest.EnvPostgres) == "" {
				b.Skipf("%s is not set: no PostgreSQL benchmark", storagetest.EnvPostgres)
			}
			benchImport(b, e, files, size.Rows())
		})
	}
}

func benchImport(b *testing.B, e storage.Engine, files benchdata.Files, rows int) {
	var raw *rawCopy
	if e == storage.Postgres {
		raw = newRawCopy(b, files.Measurements)
	}
	var copyTime, likeTime, againTime time.Duration
	importFile := func(s *storage.Store, want func(indicators.ImportResult) bool) time.Duration {
		return timedImport(b, s, files.Measurements, want)
	}
	for b.Loop() {
		b.StopTimer()
		s, url := benchStore(b, e, files)
		b.StartTimer()
		importFile(s, func(r indicators.ImportResult) bool { return r.Rows == rows && r.New == rows })
		b.StopTimer()
		againTime += importFile(s, func(r indicators.ImportResult) bool { return r.Rows == rows && r.Unchanged == rows })
		if raw != nil {
			copyTime += raw.run(b)
			likeTime += likeCopy(b, url)
		}
		b.StartTimer()
	}
	rate := float64(rows*b.N) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "rows/s")
	b.ReportMetric(float64(rows*b.N)/againTime.Seconds(), "reimport_rows/s")
	b.ReportMetric(againTime.Seconds()/b.Elapsed().Seconds(), "reimport_vs_first")
	if raw != nil {
		copyRate := float64(rows*b.N) / copyTime.Seconds()
		b.ReportMetric(copyRate, "copy_rows/s")
		b.ReportMetric(rate/copyRate, "ratio_to_copy")
		likeRate := float64(rows*b.N) / likeTime.Seconds()
		b.ReportMetric(likeRate, "like_rows/s")
		b.ReportMetric(rate/likeRate, "ratio_to_like")
	}
}

// likeCopy is the second baseline: the values the import wrote, dumped
// (untimed) in COPY's binary format to a file, then timed as one COPY into
// a new table made LIKE measurements INCLUDING ALL (the same columns,
// defaults, constraints and indexes), commit included.
func likeCopy(b *testing.B, url string) time.Duration {
	b.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatalf("like copy: %v", err)
	}
	defer conn.Close(ctx)
	var cols []string
	rows, err := conn.Query(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = 'measurements' AND column_name <> 'id' ORDER BY ordinal_position`)
	if err != nil {
		b.Fatalf("like copy: %v", err)
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			b.Fatalf("like copy: %v", err)
		}
		cols = append(cols, c)
	}
	if rows.Err() != nil {
		b.Fatalf("like copy: %v", rows.Err())
	}
	list := strings.Join(cols, ", ")
	f, err := os.CreateTemp(b.TempDir(), "like-*.bin")
	if err != nil {
		b.Fatal(err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	if _, err := conn.PgConn().CopyTo(ctx, w, "COPY (SELECT "+list+" FROM measurements ORDER BY id) TO STDOUT (FORMAT binary)"); err != nil {
		b.Fatalf("like copy: %v", err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"DROP TABLE IF EXISTS like_copy", "CREATE TABLE like_copy (LIKE measurements INCLUDING ALL)"} {
		if _, err := conn.Exec(ctx, q); err != nil {
			b.Fatalf("like copy: %v", err)
		}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	tx, err := conn.Begin(ctx)
	if err != nil {
		b.Fatalf("like copy: %v", err)
	}
	if _, err := tx.Conn().PgConn().CopyFrom(ctx, bufio.NewReaderSize(f, 1<<20), "COPY like_copy ("+list+") FROM STDIN (FORMAT binary)"); err != nil {
		b.Fatalf("like copy: %v", err)
	}
	if err := tx.Commit(ctx); err != nil {
		b.Fatalf("like copy: %v", err)
	}
	d := time.Since(start)
	if _, err := conn.Exec(ctx, "DROP TABLE like_copy"); err != nil {
		b.Fatalf("like copy: %v", err)
	}
	return d
}

// benchStore is a fresh store holding the generated catalogue and zones,
// imported the way the CLI does.
func benchStore(b testing.TB, e storage.Engine, files benchdata.Files) (*storage.Store, string) {
	b.Helper()
	ctx := context.Background()
	s, url := storagetest.OpenURL(b, e)
	cat, err := indicators.ReadCatalogue(csvFile(b, files.Catalogue))
	if err != nil {
		b.Fatalf("read catalogue: %v", err)
	}
	if _, err := s.ImportCatalogue(ctx, indicators.Framework{Code: benchdata.Framework}, cat, indicators.System); err != nil {
		b.Fatalf("import catalogue: %v", err)
	}
	zones, err := indicators.ReadZones(csvFile(b, files.Zones))
	if err != nil {
		b.Fatalf("read zones: %v", err)
	}
	if _, err := s.ImportZones(ctx, zones, indicators.System); err != nil {
		b.Fatalf("import zones: %v", err)
	}
	return s, url
}

// csvFile reads a whole small file (catalogue, zones) as CSV rows.
func csvFile(b testing.TB, path string) indicators.RowReader {
	b.Helper()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = f.Close() })
	return indicators.NewCSVRows(f)
}

// rawCopy is the baseline: the measurements as pre-built rows, copied with
// pgx CopyFrom into a plain table with a primary key in a database of their
// own.
type rawCopy struct {
	url  string
	rows []rawRow
}

type rawRow struct {
	zone, indicator int64
	period          string
	value           float64
}

// newRawCopy reads the measurements file into memory (untimed) and makes
// the baseline's database.
func newRawCopy(b *testing.B, path string) *rawCopy {
	b.Helper()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(bufio.NewReader(f))
	cr.ReuseRecord = true
	if _, err := cr.Read(); err != nil { // header
		b.Fatal(err)
	}
	ids := map[string]int64{}
	id := func(code string) int64 {
		v, ok := ids[code]
		if !ok {
			v = int64(len(ids) + 1)
			ids[code] = v
		}
		return v
	}
	periods := map[string]string{}
	rc := &rawCopy{url: storagetest.URL(b, storage.Postgres)}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		v, err := strconv.ParseFloat(rec[3], 64)
		if err != nil {
			b.Fatal(err)
		}
		p, ok := periods[rec[2]]
		if !ok {
			p = rec[2]
			periods[p] = p
		}
		rc.rows = append(rc.rows, rawRow{zone: id("z" + rec[0]), indicator: id("i" + rec[1]), period: p, value: v})
	}
	return rc
}

// run recreates the table and times one COPY of every row, commit included.
func (rc *rawCopy) run(b *testing.B) time.Duration {
	b.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, rc.url)
	if err != nil {
		b.Fatalf("raw copy: %v", err)
	}
	defer conn.Close(ctx)
	for _, q := range []string{
		"DROP TABLE IF EXISTS raw_copy",
		"CREATE TABLE raw_copy (zone_id bigint, indicator_id bigint, period text, value double precision, PRIMARY KEY (zone_id, indicator_id, period))",
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			b.Fatalf("raw copy: %v", err)
		}
	}
	vals := make([]any, 4)
	start := time.Now()
	n, err := conn.CopyFrom(ctx, pgx.Identifier{"raw_copy"}, []string{"zone_id", "indicator_id", "period", "value"},
		pgx.CopyFromSlice(len(rc.rows), func(i int) ([]any, error) {
			r := &rc.rows[i]
			vals[0], vals[1], vals[2], vals[3] = r.zone, r.indicator, r.period, r.value
			return vals, nil
		}))
	d := time.Since(start)
	if err != nil || int(n) != len(rc.rows) {
		b.Fatalf("raw copy: %d rows, %v", n, err)
	}
	return d
}

// TestBenchdataImports checks on a tiny dataset that the generated files
// import cleanly, so the benchmark cannot rot unnoticed.
func TestBenchdataImports(t *testing.T) {
	size := benchdata.Size{Zones: 3, Indicators: 7, Years: 2, From: 2019, Seed: 1}
	dir := t.TempDir()
	files, err := benchdata.WriteFiles(dir, size)
	if err != nil {
		t.Fatal(err)
	}
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		f, err := os.Open(files.Catalogue)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cat, err := indicators.ReadCatalogue(indicators.NewCSVRows(f))
		if err != nil {
			t.Fatalf("read catalogue: %v", err)
		}
		var points float64
		for _, ind := range cat.Indicators {
			points += ind.Points
		}
		if len(cat.Perspectives) != 6 || len(cat.Indicators) != 7 || points < benchdata.Points-1e-9 || points > benchdata.Points+1e-9 {
			t.Fatalf("catalogue: %d perspectives, %d indicators, %v points", len(cat.Perspectives), len(cat.Indicators), points)
		}
		if _, err := s.ImportCatalogue(ctx, indicators.Framework{Code: benchdata.Framework}, cat, indicators.System); err != nil {
			t.Fatalf("import catalogue: %v", err)
		}
		if _, err := s.ImportZones(ctx, benchdata.Zones(size), indicators.System); err != nil {
			t.Fatalf("import zones: %v", err)
		}
		m, err := os.Open(files.Measurements)
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		// Random values jump from year to year: the checks warn, and the
		// load confirms it.
		res, err := s.ImportMeasurements(ctx, indicators.NewCSVRows(m), indicators.ImportOptions{Framework: benchdata.Framework, AcceptWarnings: true})
		if err != nil {
			t.Fatalf("import measurements: %v", err)
		}
		if res.New != size.Rows() {
			t.Fatalf("import measurements: %+v, want %d new", res, size.Rows())
		}
	})
}
