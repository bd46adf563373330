package storage_test

import (
	"bufio"
	"context"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/benchdata"
	"igmc/storage/storagetest"
)

// valuesShape is one table the values could be copied into: its columns
// and the statements that make it (named shape_copy).
type valuesShape struct {
	name    string
	columns string
	create  []string
}

// The columns of measurements, and of the narrow baseline.
const (
	allValueColumns = "id, zone_id, indicator_id, period, year, value, source, comment, status, entered_by, reviewed_by, version, " +
		"approved_value, approved_version, review_comment, created_at, updated_at, audit_event_id, quality, warnings, explanation, locator_hash"
	noTextColumns = "id, zone_id, indicator_id, period, year, value, status, version, approved_value, approved_version, " +
		"created_at, updated_at, audit_event_id"
	narrowColumns = "zone_id, indicator_id, period, value"
)

var valuesShapes = []valuesShape{
	{"like", allValueColumns, []string{"CREATE TABLE shape_copy (LIKE measurements INCLUDING ALL)"}},
	{"no_pending", allValueColumns, []string{"CREATE TABLE shape_copy (LIKE measurements INCLUDING ALL)", "DROP INDEX shape_copy_status_id_idx"}},
	{"pending_on_id", allValueColumns, []string{"CREATE TABLE shape_copy (LIKE measurements INCLUDING ALL)", "DROP INDEX shape_copy_status_id_idx",
		"CREATE INDEX ON shape_copy (id) WHERE status <> 'approved'"}},
	{"unique_only", allValueColumns, []string{"CREATE TABLE shape_copy (LIKE measurements INCLUDING DEFAULTS INCLUDING CONSTRAINTS)",
		"ALTER TABLE shape_copy ADD UNIQUE (zone_id, indicator_id, period)"}},
	{"no_index", allValueColumns, []string{"CREATE TABLE shape_copy (LIKE measurements INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"}},
	{"no_text_columns", noTextColumns, []string{"CREATE TABLE shape_copy (LIKE measurements INCLUDING ALL)"}},
	{"narrow", narrowColumns, []string{"CREATE TABLE shape_copy (zone_id bigint, indicator_id bigint, period text, value double precision, " +
		"PRIMARY KEY (zone_id, indicator_id, period))"}},
	{"narrow_no_index", narrowColumns, []string{"CREATE TABLE shape_copy (zone_id bigint, indicator_id bigint, period text, value double precision)"}},
}

// BenchmarkValuesTableShapes tells what each column and index of the values
// table costs a bulk load on PostgreSQL: the benchmark dataset is imported
// once (untimed), its rows dumped in COPY's binary format, and each
// iteration copies the same rows into every shape in turn, commit
// included, reporting each shape's time (<shape>_ms) and its time over
// the LIKE measurements copy's (<shape>_vs_like). docs/performance.md
// keeps the figures and what was decided from them.
func BenchmarkValuesTableShapes(b *testing.B) {
	if os.Getenv(storagetest.EnvPostgres) == "" {
		b.Skipf("%s is not set: the shapes are PostgreSQL tables", storagetest.EnvPostgres)
	}
	ctx := context.Background()
	size := benchSize(b)
	files, err := benchdata.WriteFiles(b.TempDir(), size)
	if err != nil {
		b.Fatal(err)
	}
	s, url := benchStore(b, storage.Postgres, files)
	f, err := os.Open(files.Measurements)
	if err != nil {
		b.Fatal(err)
	}
	res, err := s.ImportMeasurements(ctx, indicators.NewCSVRows(bufio.NewReaderSize(f, 256<<10)), indicators.ImportOptions{Framework: benchdata.Framework, AcceptWarnings: true})
	_ = f.Close()
	if err != nil || res.New != size.Rows() {
		b.Fatalf("import: %+v, %v", res, err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	dumps := map[string]string{}
	for _, sh := range valuesShapes {
		if dumps[sh.columns] == "" {
			dumps[sh.columns] = dumpValues(b, conn, sh.columns)
		}
	}
	spent := make([]time.Duration, len(valuesShapes))
	for b.Loop() {
		for i, sh := range valuesShapes {
			spent[i] += copyIntoShape(b, conn, sh, dumps[sh.columns])
		}
	}
	for i, sh := range valuesShapes {
		b.ReportMetric(float64(spent[i].Milliseconds())/float64(b.N), sh.name+"_ms")
		b.ReportMetric(spent[i].Seconds()/spent[0].Seconds(), sh.name+"_vs_like")
	}
}

// dumpValues writes the stored values' columns to a temporary file in
// COPY's binary format and returns its path.
func dumpValues(b *testing.B, conn *pgx.Conn, columns string) string {
	b.Helper()
	f, err := os.CreateTemp(b.TempDir(), "values-*.bin")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	if _, err := conn.PgConn().CopyTo(context.Background(), w, "COPY (SELECT "+columns+" FROM measurements ORDER BY id) TO STDOUT (FORMAT binary)"); err != nil {
		b.Fatalf("dump %s: %v", columns, err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	return f.Name()
}

// copyIntoShape makes the shape's table, times one COPY of the dump into
// it with its commit, and drops it.
func copyIntoShape(b *testing.B, conn *pgx.Conn, sh valuesShape, dump string) time.Duration {
	b.Helper()
	b.StopTimer()
	defer b.StartTimer()
	ctx := context.Background()
	for _, q := range append([]string{"DROP TABLE IF EXISTS shape_copy"}, sh.create...) {
		if _, err := conn.Exec(ctx, q); err != nil {
			b.Fatalf("%s: %s: %v", sh.name, q, err)
		}
	}
	if _, err := conn.Exec(ctx, "CHECKPOINT"); err != nil {
		b.Fatalf("%s: checkpoint: %v", sh.name, err)
	}
	f, err := os.Open(dump)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	start := time.Now()
	tx, err := conn.Begin(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := tx.Conn().PgConn().CopyFrom(ctx, bufio.NewReaderSize(f, 1<<20), "COPY shape_copy ("+sh.columns+") FROM STDIN (FORMAT binary)"); err != nil {
		b.Fatalf("%s: copy: %v", sh.name, err)
	}
	if err := tx.Commit(ctx); err != nil {
		b.Fatal(err)
	}
	d := time.Since(start)
	if _, err := conn.Exec(ctx, "DROP TABLE shape_copy"); err != nil {
		b.Fatal(err)
	}
	return d
}
