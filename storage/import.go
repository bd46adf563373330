package storage

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"

	"igmc/indicators"
)

// The import works the same way on both engines: every row is read, checked
// and streamed into a temporary staging table (COPY on PostgreSQL, batched
// inserts on SQLite) without holding the file in memory; if any row was bad,
// the transaction is rolled back and every bad row is reported. Otherwise a
// few set-based statements count new/changed/unchanged rows, keep the
// superseded versions as revisions and upsert the rest. A dry run stops after
// the counts and rolls back.

const stagingColumns = "line, zone_id, indicator_id, period, year, value, source, comment"

// sameRow is true when a stored value (m) and a staged one (s) agree.
const sameRow = "m.value = s.value AND m.source = s.source AND m.comment = s.comment"

const countSQL = `SELECT COUNT(*),
	COALESCE(SUM(CASE WHEN m.id IS NULL THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN m.id IS NOT NULL AND NOT (` + sameRow + `) THEN 1 ELSE 0 END), 0)
	FROM import_staging s
	LEFT JOIN measurements m ON m.zone_id = s.zone_id AND m.indicator_id = s.indicator_id AND m.period = s.period`

const archiveSQL = `INSERT INTO measurement_revisions
	(measurement_id, version, value, source, comment, status, entered_by, reviewed_by, created_at, updated_at)
	SELECT m.id, m.version, m.value, m.source, m.comment, m.status, m.entered_by, m.reviewed_by, m.created_at, m.updated_at
	FROM import_staging s
	JOIN measurements m ON m.zone_id = s.zone_id AND m.indicator_id = s.indicator_id AND m.period = s.period
	WHERE NOT (` + sameRow + `)`

// The WHERE true resolves SQLite's parsing ambiguity of INSERT … SELECT …
// ON CONFLICT; PostgreSQL accepts it as is.
const upsertSQL = `INSERT INTO measurements
	(zone_id, indicator_id, period, year, value, source, comment, status, entered_by, reviewed_by, version, created_at, updated_at)
	SELECT zone_id, indicator_id, period, year, value, source, comment, ?, ?, '', 1, ?, ?
	FROM import_staging WHERE true
	ON CONFLICT (zone_id, indicator_id, period) DO UPDATE SET
		value = excluded.value, source = excluded.source, comment = excluded.comment,
		status = excluded.status, entered_by = excluded.entered_by, reviewed_by = '',
		version = measurements.version + 1, updated_at = excluded.updated_at
	WHERE NOT (measurements.value = excluded.value AND measurements.source = excluded.source AND measurements.comment = excluded.comment)`

// importLookups are the code → id maps a RowChecker resolves rows with.
func (s *Store) importLookups(ctx context.Context, framework string) (map[string]int64, map[string]indicators.IndicatorRef, error) {
	var ids *catalogueIDs
	zones := map[string]int64{}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if _, ids, err = loadCatalogue(tx, framework); err != nil {
			return err
		}
		var rows []zoneRow
		if err := tx.Select("id, code").Find(&rows).Error; err != nil {
			return translate(err, "zones")
		}
		for _, z := range rows {
			zones[z.Code] = z.ID
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return zones, ids.indicators, nil
}

// ImportMeasurements imports a measurements file (header included) into a
// framework, all or nothing. See the package comment at the top of this file.
func (s *Store) ImportMeasurements(ctx context.Context, rd indicators.RowReader, opts indicators.ImportOptions) (indicators.ImportResult, error) {
	res := indicators.ImportResult{DryRun: opts.DryRun}
	if opts.Status == "" {
		opts.Status = indicators.Submitted
	}
	h, err := indicators.ReadHeader(rd, indicators.MeasurementColumns, indicators.MeasurementColumns[:4])
	if err != nil {
		return res, err
	}
	zones, inds, err := s.importLookups(ctx, opts.Framework)
	if err != nil {
		return res, err
	}
	src := &checkedRows{rd: rd, chk: &indicators.RowChecker{Header: h, Zones: zones, Indicators: inds}, progress: opts.Progress}
	var w stagingWriter
	if s.engine == Postgres {
		w = &pgStaging{}
	} else {
		w = &sqliteStaging{}
	}
	err = s.withBulkTx(ctx, func(bt bulkTx) error {
		if err := bt.exec(ctx, w.createSQL()); err != nil {
			return err
		}
		if err := w.load(ctx, bt, src); err != nil {
			return err
		}
		if src.readErr != nil {
			return src.readErr
		}
		if err := src.errs.Err("the file was not imported"); err != nil {
			return err
		}
		if src.rows == 0 {
			return indicators.FieldsError("the file has no data rows", []indicators.FieldError{{Line: 2, Field: "", Code: "required", Message: "the file has a header but no rows"}})
		}
		if s.engine == Postgres {
			if err := bt.exec(ctx, "ANALYZE import_staging"); err != nil {
				return err
			}
		}
		var total, fresh, changed int64
		if err := bt.queryRow(ctx, countSQL, &total, &fresh, &changed); err != nil {
			return err
		}
		res.Rows, res.New, res.Changed = int(total), int(fresh), int(changed)
		res.Unchanged = res.Rows - res.New - res.Changed
		if opts.DryRun {
			return errDryRun
		}
		if changed > 0 {
			if err := bt.exec(ctx, archiveSQL); err != nil {
				return err
			}
		}
		now := s.Now()
		if err := bt.exec(ctx, upsertSQL, string(opts.Status), opts.Actor, now, now); err != nil {
			return err
		}
		if s.engine == Postgres {
			if err := bt.exec(ctx, "SELECT pg_notify('"+changeChannel+"', '')"); err != nil {
				return err
			}
		}
		return w.drop(ctx, bt)
	})
	switch {
	case err == errDryRun:
		err = nil
	case err == nil:
		s.cache.changed()
	}
	if opts.Progress != nil {
		opts.Progress(src.rows)
	}
	return res, err
}

var errDryRun = fmt.Errorf("dry run")

// checkedRows streams a file's rows through the checker. Once a row is bad
// it keeps checking (to report every bad row) but stops emitting rows, as
// nothing will be written.
type checkedRows struct {
	rd       indicators.RowReader
	chk      *indicators.RowChecker
	errs     indicators.FieldErrors
	row      indicators.ImportRow
	vals     []any
	rows     int
	readErr  error
	progress func(int)
}

func (c *checkedRows) Next() bool {
	for {
		line, rec, err := c.rd.Next()
		if err == io.EOF {
			return false
		}
		if err != nil {
			c.readErr = err
			return false
		}
		if indicators.Blank(rec) {
			continue
		}
		c.rows++
		if c.progress != nil && c.rows%50000 == 0 {
			c.progress(c.rows)
		}
		row, ok := c.chk.Check(line, rec, &c.errs)
		if ok && c.errs.Total == 0 {
			c.row = row
			return true
		}
	}
}

// Values implements pgx.CopyFromSource. pgx encodes the values before it
// asks for the next row, so one slice serves every row.
func (c *checkedRows) Values() ([]any, error) {
	r := &c.row
	c.vals = append(c.vals[:0], int32(r.Line), r.ZoneID, r.IndicatorID, r.Period, int32(r.Year), r.Value, r.Source, r.Comment)
	return c.vals, nil
}

func (c *checkedRows) Err() error { return nil }

// bulkTx is the little that the import needs of a transaction, on either
// engine. SQL is written with ? placeholders.
type bulkTx interface {
	exec(ctx context.Context, q string, args ...any) error
	queryRow(ctx context.Context, q string, dest ...any) error
}

type stagingWriter interface {
	createSQL() string
	load(ctx context.Context, bt bulkTx, src *checkedRows) error
	drop(ctx context.Context, bt bulkTx) error
}

// withBulkTx runs fn in one transaction: a pgx transaction on PostgreSQL (so
// COPY can be used), a database/sql one on SQLite.
func (s *Store) withBulkTx(ctx context.Context, fn func(bulkTx) error) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return translate(err, "connection")
	}
	if s.engine == Postgres {
		conn, err := sqlDB.Conn(ctx)
		if err != nil {
			return translate(err, "connection")
		}
		defer conn.Close()
		return conn.Raw(func(dc any) error {
			pc := dc.(*stdlib.Conn).Conn()
			tx, err := pc.Begin(ctx)
			if err != nil {
				return translate(err, "transaction")
			}
			defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
			if err := fn(&pgBulk{tx: tx}); err != nil {
				return err
			}
			return translate(tx.Commit(ctx), "commit")
		})
	}
	tx, err := sqlDB.BeginTx(ctx, nil)
	if err != nil {
		return translate(err, "transaction")
	}
	defer func() { _ = tx.Rollback() }()
	// A dry run or an error rolls back; the temporary table must not outlive
	// the transaction on the single shared connection either way.
	if err := fn(&sqlBulk{tx: tx}); err != nil {
		_ = tx.Rollback()
		_, _ = sqlDB.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS temp.import_staging")
		return err
	}
	return translate(tx.Commit(), "commit")
}

type pgBulk struct{ tx pgx.Tx }

func (b *pgBulk) exec(ctx context.Context, q string, args ...any) error {
	_, err := b.tx.Exec(ctx, rebind(q), args...)
	return translate(err, "import")
}

func (b *pgBulk) queryRow(ctx context.Context, q string, dest ...any) error {
	return translate(b.tx.QueryRow(ctx, rebind(q)).Scan(dest...), "import")
}

type sqlBulk struct{ tx *sql.Tx }

func (b *sqlBulk) exec(ctx context.Context, q string, args ...any) error {
	_, err := b.tx.ExecContext(ctx, q, args...)
	return translate(err, "import")
}

func (b *sqlBulk) queryRow(ctx context.Context, q string, dest ...any) error {
	return translate(b.tx.QueryRowContext(ctx, q).Scan(dest...), "import")
}

// rebind turns ? placeholders into PostgreSQL's $1, $2, …
func rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

type pgStaging struct{}

func (pgStaging) createSQL() string {
	return `CREATE TEMP TABLE import_staging (line INTEGER NOT NULL, zone_id BIGINT NOT NULL, indicator_id BIGINT NOT NULL,
		period TEXT NOT NULL, year INTEGER NOT NULL, value DOUBLE PRECISION NOT NULL, source TEXT NOT NULL, comment TEXT NOT NULL) ON COMMIT DROP`
}

func (pgStaging) load(ctx context.Context, bt bulkTx, src *checkedRows) error {
	tx := bt.(*pgBulk).tx
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"import_staging"}, strings.Split(strings.ReplaceAll(stagingColumns, " ", ""), ","), src)
	return translate(err, "import")
}

func (pgStaging) drop(context.Context, bulkTx) error { return nil }

type sqliteStaging struct{}

func (sqliteStaging) createSQL() string {
	return `CREATE TEMP TABLE import_staging (line INTEGER NOT NULL, zone_id INTEGER NOT NULL, indicator_id INTEGER NOT NULL,
		period TEXT NOT NULL, year INTEGER NOT NULL, value REAL NOT NULL, source TEXT NOT NULL, comment TEXT NOT NULL)`
}

// sqliteBatch is the rows per staging INSERT. The driver parses the
// statement again on every execution and matches each placeholder to its
// argument by a linear search, so a statement's cost grows with the square
// of its arguments: 16 rows (128 arguments) was the fastest of 8–256 on the
// one-million-row benchmark (see docs/performance.md); 256 took twice as long.
const sqliteBatch = 16

func (sqliteStaging) load(ctx context.Context, bt bulkTx, src *checkedRows) error {
	tx := bt.(*sqlBulk).tx
	one := "(?,?,?,?,?,?,?,?)"
	full, err := tx.PrepareContext(ctx, "INSERT INTO import_staging ("+stagingColumns+") VALUES "+strings.TrimSuffix(strings.Repeat(one+",", sqliteBatch), ","))
	if err != nil {
		return translate(err, "import")
	}
	defer full.Close()
	args := make([]any, 0, 8*sqliteBatch)
	flush := func(st *sql.Stmt) error {
		if len(args) == 0 {
			return nil
		}
		if st == nil {
			n := len(args) / 8
			q := "INSERT INTO import_staging (" + stagingColumns + ") VALUES " + strings.TrimSuffix(strings.Repeat(one+",", n), ",")
			_, err := tx.ExecContext(ctx, q, args...)
			args = args[:0]
			return translate(err, "import")
		}
		_, err := st.ExecContext(ctx, args...)
		args = args[:0]
		return translate(err, "import")
	}
	for src.Next() {
		r := &src.row
		args = append(args, r.Line, r.ZoneID, r.IndicatorID, r.Period, r.Year, r.Value, r.Source, r.Comment)
		if len(args) == 8*sqliteBatch {
			if err := flush(full); err != nil {
				return err
			}
		}
	}
	return flush(nil)
}

func (sqliteStaging) drop(ctx context.Context, bt bulkTx) error {
	return bt.exec(ctx, "DROP TABLE temp.import_staging")
}
