package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// copyBaselines times, on PostgreSQL, a COPY of the imported rows into a
// table made LIKE measurements (its columns, defaults and indexes) and a
// COPY of their four key columns into a narrow table with a primary key.
// The rows go through files in binary COPY format, written beforehand, so
// only the load is timed and nothing is held in memory.
func (b *bench) copyBaselines(ctx context.Context) (shape, narrow time.Duration, err error) {
	conn, err := pgx.Connect(ctx, b.url)
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close(context.Background())
	var cols []string
	r, err := conn.Query(ctx, `SELECT attname FROM pg_attribute WHERE attrelid = 'measurements'::regclass
		AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`)
	if err != nil {
		return 0, 0, err
	}
	for r.Next() {
		var c string
		if err := r.Scan(&c); err != nil {
			return 0, 0, err
		}
		cols = append(cols, pgx.Identifier{c}.Sanitize())
	}
	if err := r.Err(); err != nil {
		return 0, 0, err
	}
	b.logf("COPY into a table shaped like measurements")
	shape, err = b.copyOnce(ctx, conn, "bench_copy_shape", strings.Join(cols, ", "),
		[]string{"CREATE TABLE bench_copy_shape (LIKE measurements INCLUDING ALL)"})
	if err != nil {
		return 0, 0, err
	}
	b.logf("narrow COPY")
	narrow, err = b.copyOnce(ctx, conn, "bench_copy_narrow", "zone_id, indicator_id, period, value", []string{
		"CREATE TABLE bench_copy_narrow AS SELECT zone_id, indicator_id, period, value FROM measurements WITH NO DATA",
		"ALTER TABLE bench_copy_narrow ADD PRIMARY KEY (zone_id, indicator_id, period)",
	})
	return shape, narrow, err
}

func (b *bench) copyOnce(ctx context.Context, conn *pgx.Conn, table, cols string, create []string) (time.Duration, error) {
	path := filepath.Join(b.tmp, table+".bin")
	defer os.Remove(path)
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	_, err = conn.PgConn().CopyTo(ctx, bw, "COPY (SELECT "+cols+" FROM measurements) TO STDOUT (FORMAT binary)")
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("dump the rows for %s: %w", table, err)
	}
	drop := "DROP TABLE IF EXISTS " + table
	for _, q := range append([]string{drop}, create...) {
		if _, err := conn.Exec(ctx, q); err != nil {
			return 0, fmt.Errorf("%s: %w", q, err)
		}
	}
	defer func() { _, _ = conn.Exec(context.Background(), drop) }()
	in, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	start := time.Now()
	tag, err := conn.PgConn().CopyFrom(ctx, bufio.NewReaderSize(in, 1<<20), "COPY "+table+" ("+cols+") FROM STDIN (FORMAT binary)")
	took := time.Since(start)
	if err != nil {
		return 0, fmt.Errorf("COPY into %s: %w", table, err)
	}
	if int(tag.RowsAffected()) != b.cfg.size.Rows() {
		return 0, fmt.Errorf("COPY into %s: %d rows, want %d", table, tag.RowsAffected(), b.cfg.size.Rows())
	}
	return took, nil
}

func (b *bench) exec(ctx context.Context, q string) error {
	db, err := openSQL(b.url)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, q)
	return err
}
