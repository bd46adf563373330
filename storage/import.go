package storage

// This file is longer than 400 lines on purpose: the bulk import is one
// pipeline (check, stage, compare, write through COPY or batched inserts)
// read top to bottom; splitting it would scatter its steps.

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"

	"igmc/indicators"
)

// How an import works, on both engines. Every row is read, checked and
// streamed on without the file being held in memory; if any row is bad the
// transaction is rolled back and every bad row is reported.
//
//   - First load on PostgreSQL: when the framework has no values yet, every
//     row is new and is copied straight into measurements. This is the path
//     of a zone's or a country's initial load.
//   - A re-import on PostgreSQL sorts each chunk of rows into new, changed
//     and unchanged against the stored rows as the rows stream
//     (import_classify.go) and copies only the new and changed ones into a
//     temporary staging table; on SQLite every row is staged and one
//     statement counts them. Set-based statements then keep the superseded
//     versions as revisions and upsert the staged rows.
//
// A dry run checks and counts, and rolls back. Imports of one framework are
// serialised by a lock that catalogue changes take too (see lockFramework).

// sameRow is true when a stored value (m) and a staged one (s) agree.
// An empty quality code and administrative are the same code.
const sameRow = "m.value = s.value AND m.source = s.source AND m.comment = s.comment AND m.explanation = s.explanation AND " +
	"(m.quality = s.quality OR (m.quality IN ('', 'administrative') AND s.quality IN ('', 'administrative')))"

const countSQL = `SELECT COUNT(*),
	COALESCE(SUM(CASE WHEN m.id IS NULL THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN m.id IS NOT NULL AND NOT (` + sameRow + `) THEN 1 ELSE 0 END), 0)
	FROM import_staging s
	LEFT JOIN measurements m ON m.zone_id = s.zone_id AND m.indicator_id = s.indicator_id AND m.period = s.period`

const archiveSQL = `INSERT INTO measurement_revisions
	(measurement_id, version, value, source, comment, status, entered_by, reviewed_by, review_comment, approved_value, audit_event_id,
	 created_at, updated_at, quality, warnings, explanation, locator_hash)
	SELECT m.id, m.version, m.value, m.source, m.comment, m.status, m.entered_by, m.reviewed_by, m.review_comment, m.approved_value,
	 m.audit_event_id, m.created_at, m.updated_at, m.quality, m.warnings, m.explanation, m.locator_hash
	FROM import_staging s
	JOIN measurements m ON m.zone_id = s.zone_id AND m.indicator_id = s.indicator_id AND m.period = s.period
	WHERE NOT (` + sameRow + `)`

// upsertSQL's parameters: status, entered_by, reviewed_by, approved (1 or
// 0, twice), audit event, created_at, updated_at. Only the staged rows that
// are new or differ from the stored ones are offered to the upsert: an
// unchanged row would still cost an index probe and, on PostgreSQL, a row
// lock that dirties its page, which made re-importing an unchanged file
// slower than loading it. The ON CONFLICT clause still guards against a
// row written by a concurrent import since the join read the table. (The
// WHERE clause also resolves SQLite's parsing ambiguity of INSERT … SELECT
// … ON CONFLICT.) An approved import puts the value in force; otherwise the
// value in force stays until the new one is approved.
const upsertSQL = `INSERT INTO measurements
	(zone_id, indicator_id, period, year, value, source, comment, status, entered_by, reviewed_by, version,
	 approved_value, approved_version, audit_event_id, created_at, updated_at, quality, warnings, explanation, locator_hash)
	SELECT s.zone_id, s.indicator_id, s.period, s.year, s.value, s.source, s.comment, ?, ?, ?, 1,
	 CASE WHEN ? = 1 THEN s.value END, CASE WHEN ? = 1 THEN 1 END, ?, ?, ?, s.quality, s.warnings, s.explanation, s.locator_hash
	FROM import_staging s
	LEFT JOIN measurements m ON m.zone_id = s.zone_id AND m.indicator_id = s.indicator_id AND m.period = s.period
	WHERE m.id IS NULL OR NOT (` + sameRow + `)
	ON CONFLICT (zone_id, indicator_id, period) DO UPDATE SET
		value = excluded.value, source = excluded.source, comment = excluded.comment,
		quality = excluded.quality, warnings = excluded.warnings, explanation = excluded.explanation, locator_hash = excluded.locator_hash,
		status = excluded.status, entered_by = excluded.entered_by, reviewed_by = excluded.reviewed_by,
		review_comment = '', version = measurements.version + 1, updated_at = excluded.updated_at,
		audit_event_id = excluded.audit_event_id,
		approved_value = CASE WHEN excluded.approved_value IS NULL THEN measurements.approved_value ELSE excluded.value END,
		approved_version = CASE WHEN excluded.approved_value IS NULL THEN measurements.approved_version ELSE measurements.version + 1 END
	WHERE NOT (measurements.value = excluded.value AND measurements.source = excluded.source AND measurements.comment = excluded.comment
		AND measurements.explanation = excluded.explanation
		AND (measurements.quality = excluded.quality OR (measurements.quality IN ('', 'administrative') AND excluded.quality IN ('', 'administrative'))))`

// stagingColumns and directColumns are the columns each path writes.
var (
	stagingColumns = []string{"line", "zone_id", "indicator_id", "period", "year", "value", "source", "comment",
		"quality", "warnings", "explanation", "locator_hash"}
	directColumns = []string{"zone_id", "indicator_id", "period", "year", "value", "source", "comment", "status",
		"entered_by", "reviewed_by", "version", "approved_value", "approved_version", "audit_event_id", "created_at", "updated_at",
		"quality", "warnings", "explanation", "locator_hash"}
)

// importLookups are the code → id maps a RowChecker resolves rows with.
func (s *Store) importLookups(ctx context.Context, framework string) (int64, map[string]int64, map[string]indicators.IndicatorRef, error) {
	var ids *catalogueIDs
	zones := map[string]int64{}
	err := s.rdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
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
		return 0, nil, nil, err
	}
	return ids.frameworkID, zones, ids.indicators, nil
}

// versionsTag is the value an import stamps on the versions it writes, in
// place of its audit event's id, which is known only once the event is
// appended at the end. On SQLite the import holds the only write lock from
// its first statement, so the next event id is the tag. On PostgreSQL the
// tag is the negated transaction id: unique, never an event id (those are
// positive), and known without the audit head's lock; the event records it
// as versions_tag, and the audit check reads the versions under it.
func (s *Store) versionsTag(ctx context.Context, bt bulkTx) (int64, error) {
	q := "SELECT last_id + 1 FROM audit_head WHERE id = 1"
	if s.engine == Postgres {
		q = "SELECT -txid_current()"
	}
	var tag int64
	return tag, bt.queryRow(ctx, q, nil, &tag)
}

// addYearSQL records that a framework has values for a year.
const addYearSQL = `INSERT INTO framework_years (framework_id, year) VALUES (?, ?) ON CONFLICT DO NOTHING`

// ImportMeasurements imports a measurements file (header included) into a
// framework, all or nothing, and records it as one audit event. See the
// comment at the top of this file.
func (s *Store) ImportMeasurements(ctx context.Context, rd indicators.RowReader, opts indicators.ImportOptions) (indicators.ImportResult, error) {
	res := indicators.ImportResult{DryRun: opts.DryRun, Warnings: []indicators.RowWarning{}}
	if opts.Status == "" {
		opts.Status = indicators.Submitted
	}
	if opts.By == nil {
		opts.By = indicators.System
	}
	if err := indicators.May(opts.By, indicators.ActionImport, indicators.Target{}); err != nil {
		return res, err
	}
	if opts.Status == indicators.Approved {
		if err := indicators.May(opts.By, indicators.ActionImportApproved, indicators.Target{}); err != nil {
			return res, err
		}
	}
	h, err := indicators.ReadHeaderInfo(rd, indicators.MeasurementColumns, indicators.MeasurementColumns[:4], indicators.MeasurementInfoColumns)
	if err != nil {
		return res, err
	}
	fwID, zones, inds, err := s.importLookups(ctx, opts.Framework)
	if err != nil {
		return res, err
	}
	chk := &indicators.RowChecker{Header: h, Zones: zones, Indicators: inds, InScope: opts.By.InScope}
	checks, err := s.newImportChecks(ctx, opts, &res)
	if err != nil {
		return res, err
	}
	defer checks.close()
	src := &checkedRows{rd: rd, chk: chk, progress: opts.Progress, checks: checks}
	err = s.withBulkTx(ctx, func(bt bulkTx) error {
		if err := s.lockFramework(ctx, bt, fwID, false); err != nil {
			return err
		}
		closed, err := s.closedYearsBulk(ctx, bt, fwID)
		if err != nil {
			return err
		}
		chk.ClosedYear = func(y int) bool { return closed[y] }
		signed, err := signedOffYears(ctx, bt, fwID)
		if err != nil {
			return err
		}
		chk.SignedOff = func(zone string, y int) bool { return signed[zone][y] }
		if opts.DryRun {
			if _, err := s.importRows(ctx, bt, src, fwID, opts, 0, &res); err != nil {
				return err
			}
			return errDryRun
		}
		// The rows are written before the audit event, stamped with a tag
		// instead of the event's id, so that the import takes the audit
		// head's lock (which every other audited change needs) only for its
		// last statement, not for the whole load; the event then records
		// the tag. See versionsTag.
		tag, err := s.versionsTag(ctx, bt)
		if err != nil {
			return err
		}
		dg, err := s.importRows(ctx, bt, src, fwID, opts, tag, &res)
		if err != nil {
			return err
		}
		for y := range src.years {
			if err := bt.exec(ctx, addYearSQL, fwID, y); err != nil {
				return err
			}
		}
		if len(opts.Evidence) > 0 {
			if err := s.storeImportEvidence(ctx, bt, opts.Evidence); err != nil {
				return err
			}
		}
		zoneCodes := src.zoneCodes()
		eventID, err := s.audit(ctx, bt, func(eventID int64) (event, error) {
			summary := map[string]any{"framework_code": opts.Framework, "rows": res.Rows, "new": res.New, "changed": res.Changed,
				"unchanged": res.Unchanged, "status": opts.Status, "zone_codes": zoneCodes}
			if dg.versions > 0 {
				summary["versions"], summary["digest"], summary["hash_format"] = dg.versions, dg.digest, hashFormat
				if tag != eventID {
					summary["versions_tag"] = tag
				}
			}
			if len(opts.Evidence) > 0 {
				files, err := s.linkImportEvidence(ctx, bt, fwID, opts.Evidence, opts.By.Email, eventID)
				if err != nil {
					return event{}, err
				}
				summary["evidence"], res.Evidence = files, len(files)
			}
			return event{actor: opts.By.Email, entity: "measurements", entityID: opts.Framework, action: "import", zone: src.zone(), new: summary}, nil
		})
		if err != nil {
			return err
		}
		if err := recordEventZones(ctx, bt, eventID, zoneCodes); err != nil {
			return err
		}
		if err := importInvalidatesSummaries(ctx, bt, fwID, zoneCodes); err != nil {
			return err
		}
		if s.engine == Postgres {
			return bt.exec(ctx, "SELECT pg_notify(?, ?)", changeChannel, changedData)
		}
		return nil
	})
	switch {
	case err == errDryRun:
		err = nil
	case err == nil:
		s.cache.changed(false)
		s.writeHeadFile(ctx)
	}
	if opts.Progress != nil {
		opts.Progress(src.rows)
	}
	return res, err
}

type importDigest struct {
	digest   string
	versions int
}

// importRows checks and writes the rows (eventID 0: a dry run, which only
// counts) and returns the digest of the versions written.
func (s *Store) importRows(ctx context.Context, bt bulkTx, src *checkedRows, fwID int64, opts indicators.ImportOptions, eventID int64, res *indicators.ImportResult) (importDigest, error) {
	defer src.finish()
	defer src.hashes.close()
	var dg importDigest
	var stored int64
	if err := bt.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM measurements m JOIN indicators i ON i.id = m.indicator_id
		WHERE i.framework_id = ? LIMIT 1) x`, []any{fwID}, &stored); err != nil {
		return dg, err
	}
	approved := opts.Status == indicators.Approved
	reviewer := ""
	if approved {
		reviewer = opts.By.Email
	}
	now := s.Now()
	// A first load (no values of the framework yet) writes every row as
	// version 1, so the versions are hashed as the rows go by and nothing
	// is compared. The direct path pays on PostgreSQL (COPY); on SQLite
	// binding 20 columns a row costs more than staging 12 and letting the
	// engine copy them, so SQLite stages and inserts from staging.
	first := stored == 0
	counted := false
	as := &directRow{status: string(opts.Status), actor: opts.By.Email, reviewer: reviewer, approved: approved, now: now, event: eventID}
	switch {
	case opts.DryRun && first:
		src.keep = opts.Preview
		for src.Next() {
		}
	case first && s.engine == Postgres:
		src.keep, src.direct = opts.Preview, as
		if err := bt.load(ctx, "measurements", directColumns, src); err != nil {
			return dg, err
		}
	case s.engine == Postgres:
		// A re-import: only new and changed rows are staged, and they are
		// counted on the way (see import_classify.go).
		if err := bt.exec(ctx, s.stagingSQL()); err != nil {
			return dg, err
		}
		counted = true
		if err := stageChanges(ctx, bt.(*pgBulk), src, res); err != nil {
			return dg, err
		}
	default:
		if first {
			src.keep, src.hashNew = opts.Preview, as
		}
		if err := bt.exec(ctx, s.stagingSQL()); err != nil {
			return dg, err
		}
		if err := bt.load(ctx, "import_staging", stagingColumns, src); err != nil {
			return dg, err
		}
	}
	if src.readErr != nil {
		return dg, src.readErr
	}
	if err := src.errs.Err("the file was not imported"); err != nil {
		for _, f := range src.errs.List {
			if f.Code == "forbidden_zone" {
				err.(*indicators.Error).Code = indicators.Forbidden
				err.(*indicators.Error).Message = "the file has rows for zones that are not yours: " + err.(*indicators.Error).Message
				break
			}
		}
		return dg, err
	}
	res.Skipped = src.skipped
	if src.rows == 0 && src.skipped > 0 {
		return dg, noValues(src.skipped)
	}
	if src.rows == 0 {
		return dg, indicators.FieldsError("the file has no data rows", []indicators.FieldError{{Line: 2, Field: "", Code: "required", Message: "the file has a header but no rows",
			Args: map[string]string{"rule": "no_rows"}}})
	}
	if first {
		res.Rows, res.New = src.rows, src.rows
		if opts.Preview > 0 {
			res.Preview = &indicators.ImportPreview{NewValues: src.sample}
		}
		if opts.DryRun {
			return dg, nil
		}
		if s.engine == SQLite {
			if err := s.insertStaged(ctx, bt, as); err != nil {
				return dg, err
			}
		}
		// Sort and hash the row hashes while the server analyses the table.
		type summed struct {
			d   string
			n   int
			err error
		}
		sum := make(chan summed, 1)
		go func() {
			d, n, err := src.hashes.sum()
			sum <- summed{d, n, err}
		}()
		err := s.analyze(ctx, bt, res)
		r := <-sum
		if err == nil && r.err != nil {
			err = translate(r.err, "audit digest")
		}
		return importDigest{r.d, r.n}, err
	}
	if err := s.mergeStaging(ctx, bt, res, opts, src.chk, reviewer, now, eventID, counted); err != nil || opts.DryRun {
		return dg, err
	}
	if res.New+res.Changed == 0 {
		return dg, nil
	}
	if err := s.analyze(ctx, bt, res); err != nil {
		return dg, err
	}
	d, n, err := eventDigest(ctx, bt, eventID)
	return importDigest{d, n}, err
}

// analyze refreshes the table's statistics after a large import: without
// them the planner picks plans that take seconds where milliseconds do.
func (s *Store) analyze(ctx context.Context, bt bulkTx, res *indicators.ImportResult) error {
	if res.New+res.Changed < analyzeAfter {
		return nil
	}
	return bt.exec(ctx, "ANALYZE measurements")
}

// closedYearsBulk is closedYears on the import's transaction.
func (s *Store) closedYearsBulk(ctx context.Context, bt bulkTx, framework int64) (map[int]bool, error) {
	return closedYearsAt(ctx, bt, framework, s.Now())
}

// mergeStaging counts the staged rows against the stored ones (unless
// they were counted as they were staged) and, unless this is a dry run,
// archives what changes and upserts.
func (s *Store) mergeStaging(ctx context.Context, bt bulkTx, res *indicators.ImportResult, opts indicators.ImportOptions, chk *indicators.RowChecker,
	reviewer string, now time.Time, eventID int64, counted bool) error {
	if s.engine == Postgres && (!counted || res.New+res.Changed >= analyzeAfter) {
		// Temporary tables are never analysed automatically; without
		// statistics the planner guesses the join badly. A few staged
		// rows are planned well enough from the table's size.
		if err := bt.exec(ctx, "ANALYZE import_staging"); err != nil {
			return err
		}
	}
	if !counted {
		var total, fresh, changed int64
		if err := bt.queryRow(ctx, countSQL, nil, &total, &fresh, &changed); err != nil {
			return err
		}
		res.Rows, res.New, res.Changed = int(total), int(fresh), int(changed)
		res.Unchanged = res.Rows - res.New - res.Changed
	}
	fresh, changed := res.New, res.Changed
	if opts.Preview > 0 {
		if err := previewStaging(ctx, bt, res, opts.Preview, chk); err != nil {
			return err
		}
	}
	if opts.DryRun {
		return nil
	}
	if changed > 0 {
		if err := bt.exec(ctx, archiveSQL); err != nil {
			return err
		}
	}
	approved := 0
	if opts.Status == indicators.Approved {
		approved = 1
	}
	if fresh+changed > 0 {
		if err := bt.exec(ctx, upsertSQL, string(opts.Status), opts.By.Email, reviewer, approved, approved, eventID, now, now); err != nil {
			return err
		}
	}
	if s.engine == SQLite {
		return bt.exec(ctx, "DROP TABLE temp.import_staging")
	}
	return nil
}

// insertStagedSQL writes a first load's staged rows, every one new, as
// version 1. Its parameters are those of upsertSQL.
const insertStagedSQL = `INSERT INTO measurements
	(zone_id, indicator_id, period, year, value, source, comment, status, entered_by, reviewed_by, version,
	 approved_value, approved_version, audit_event_id, created_at, updated_at, quality, warnings, explanation, locator_hash)
	SELECT s.zone_id, s.indicator_id, s.period, s.year, s.value, s.source, s.comment, ?, ?, ?, 1,
	 CASE WHEN ? = 1 THEN s.value END, CASE WHEN ? = 1 THEN 1 END, ?, ?, ?, s.quality, s.warnings, s.explanation, s.locator_hash
	FROM import_staging s`

// insertStaged moves a first load's staged rows into the values table on
// SQLite: the framework has no values yet and the checker refused any
// key twice, so there is nothing to join, count or archive.
func (s *Store) insertStaged(ctx context.Context, bt bulkTx, d *directRow) error {
	approved := 0
	if d.approved {
		approved = 1
	}
	if err := bt.exec(ctx, insertStagedSQL, d.status, d.actor, d.reviewer, approved, approved, d.event, d.now, d.now); err != nil {
		return err
	}
	return bt.exec(ctx, "DROP TABLE temp.import_staging")
}

func (s *Store) stagingSQL() string {
	if s.engine == Postgres {
		return `CREATE TEMP TABLE import_staging (line INTEGER NOT NULL, zone_id BIGINT NOT NULL, indicator_id BIGINT NOT NULL,
			period TEXT COLLATE "C" NOT NULL, year INTEGER NOT NULL, value DOUBLE PRECISION NOT NULL, source TEXT NOT NULL,
			comment TEXT NOT NULL, quality TEXT NOT NULL, warnings TEXT NOT NULL, explanation TEXT NOT NULL,
			locator_hash TEXT NOT NULL) ON COMMIT DROP`
	}
	return `CREATE TEMP TABLE import_staging (line INTEGER NOT NULL, zone_id INTEGER NOT NULL, indicator_id INTEGER NOT NULL,
		period TEXT NOT NULL, year INTEGER NOT NULL, value REAL NOT NULL, source TEXT NOT NULL, comment TEXT NOT NULL,
		quality TEXT NOT NULL, warnings TEXT NOT NULL, explanation TEXT NOT NULL, locator_hash TEXT NOT NULL)`
}

// lockFramework serialises the writers of one framework's values against
// catalogue changes that could remove an indicator under them: imports and
// edits share the lock, a catalogue import takes it alone. SQLite has one
// writer at a time anyway.
func (s *Store) lockFramework(ctx context.Context, bt bulkTx, framework int64, exclusive bool) error {
	if s.engine != Postgres {
		return nil
	}
	fn := "pg_advisory_xact_lock_shared"
	if exclusive {
		fn = "pg_advisory_xact_lock"
	}
	return bt.exec(ctx, "SELECT "+fn+"(?, ?)", lockFrameworkValues, framework)
}

// lockFrameworkTx is lockFramework inside a GORM transaction.
func (s *Store) lockFrameworkTx(tx *gorm.DB, framework int64, exclusive bool) error {
	if s.engine != Postgres {
		return nil
	}
	fn := "pg_advisory_xact_lock_shared"
	if exclusive {
		fn = "pg_advisory_xact_lock"
	}
	return translate(tx.Exec("SELECT "+fn+"(?, ?)", lockFrameworkValues, framework).Error, "lock")
}

// lockFrameworkValues is the first key of the framework advisory locks.
const lockFrameworkValues = 7431

var errDryRun = fmt.Errorf("dry run")

// analyzeAfter is the number of new or changed rows after which an import
// refreshes the table's statistics.
const analyzeAfter = 10000

// checkedRows streams a file's rows through the checker. Once a row is bad
// it keeps checking (to report every bad row) but stops emitting rows, as
// nothing will be written.
type checkedRows struct {
	rd       indicators.RowReader
	chk      *indicators.RowChecker
	errs     indicators.FieldErrors
	row      indicators.ImportRow
	rows     int
	readErr  error
	progress func(int)
	// direct, when set, holds what every row shares on the first-load path;
	// vals is reused for each row. On that path hashes collects the version
	// hash of every row written, for the audit digest; hashNew does the same
	// on SQLite's first load, which stages the rows.
	direct  *directRow
	hashNew *directRow
	vals    []any
	hashes  hashSpill
	// firstZone and manyZones tell whether the file is about one zone;
	// zoneIDs are all the zones of its rows, and lastZone the zone of the
	// row before, which saves the set's lookup on most rows.
	firstZone int64
	manyZones bool
	zoneIDs   map[int64]bool
	lastZone  int64
	// years are the years of the rows read.
	years map[int]bool
	// skipped counts the rows without a value; sample keeps the first keep
	// rows written (the preview of a first load, where every row is new).
	skipped int
	keep    int
	sample  []indicators.ImportChange
	// checks runs the data-quality checks on chunk, the rows read and not
	// yet emitted (see import_checks.go); pos is the next to emit, held a
	// row of the next chunk, eof that the file is read. The producer
	// (produce) owns everything read and counted until it closes pipe.
	checks *importChecks
	chunk  []pendingRow
	pos    int
	held   *pendingRow
	eof    bool
	warn   string
	loc    string
	// pipe carries the checked chunks from produce to Next; free brings
	// the emptied ones back; stop and done end the producer (finish).
	pipe, free chan []pendingRow
	stop, done chan struct{}
}

// zone names the one zone the import is about, or "" for several.
func (c *checkedRows) zone() string {
	if c.manyZones || c.firstZone == 0 {
		return ""
	}
	for code, id := range c.chk.Zones {
		if id == c.firstZone {
			return code
		}
	}
	return ""
}

// zoneCodes are the codes of every zone of the rows read, sorted.
func (c *checkedRows) zoneCodes() []string {
	out := []string{}
	for code, id := range c.chk.Zones {
		if c.zoneIDs[id] {
			out = append(out, code)
		}
	}
	slices.Sort(out)
	return out
}

// directRow is what the rows of a first load share.
type directRow struct {
	status, actor, reviewer string
	approved                bool
	now                     time.Time
	event                   int64
}

// Next implements pgx.CopyFromSource. The rows are read and checked a
// chunk ahead, in a goroutine of their own (see produce), so that reading
// and checking chunk N+1 overlaps the database's work on chunk N.
func (c *checkedRows) Next() bool {
	if c.pipe == nil {
		c.startProducer()
	}
	for c.pos >= len(c.chunk) {
		if c.chunk != nil {
			select {
			case c.free <- c.chunk[:0]:
			default:
			}
		}
		next, ok := <-c.pipe
		if !ok {
			// The producer has finished: what it wrote (the counts, the
			// errors, the years) may be read from here on.
			c.chunk = nil
			return false
		}
		c.chunk, c.pos = next, 0
	}
	p := &c.chunk[c.pos]
	c.pos++
	c.row, c.warn, c.loc = p.row, p.warnings, p.locator
	return true
}

// nextChunk hands over the next checked chunk whole, for a consumer that
// works a chunk at a time (stageChanges); it is not to be mixed with Next.
// The chunk stays the caller's until the next call.
func (c *checkedRows) nextChunk() ([]pendingRow, bool) {
	if c.pipe == nil {
		c.startProducer()
	}
	for {
		if c.chunk != nil {
			select {
			case c.free <- c.chunk[:0]:
			default:
			}
			c.chunk = nil
		}
		next, ok := <-c.pipe
		if !ok {
			return nil, false
		}
		if len(next) > 0 {
			c.chunk, c.pos = next, len(next)
			return next, true
		}
		c.chunk = next
	}
}

// chunksAhead is how many checked chunks may wait for the database.
const chunksAhead = 1

func (c *checkedRows) startProducer() {
	c.pipe = make(chan []pendingRow, chunksAhead)
	c.free = make(chan []pendingRow, chunksAhead+1)
	c.stop = make(chan struct{})
	c.done = make(chan struct{})
	go c.produce()
}

// produce reads and checks the file chunk by chunk and hands each chunk
// to Next, until the file ends, a read or check fails, or finish stops it.
// Until it closes pipe it alone touches the reader, the checker and the
// counts.
func (c *checkedRows) produce() {
	defer close(c.done)
	defer close(c.pipe)
	for !c.eof && c.readErr == nil {
		var buf []pendingRow
		select {
		case buf = <-c.free:
		default:
		}
		buf, ok := c.fill(buf)
		if !ok {
			return
		}
		if len(buf) == 0 {
			continue
		}
		select {
		case c.pipe <- buf:
		case <-c.stop:
			return
		}
	}
}

// finish stops the producer if the rows were not read to the end (the
// database refused a row, the context ended) and waits for it, so that
// nothing reads the file after the import returns.
func (c *checkedRows) finish() {
	if c.pipe == nil {
		return
	}
	close(c.stop)
	for range c.pipe {
	}
	<-c.done
	c.pipe = nil
}

// fill reads the next chunk of rows into buf and checks it; ok is false
// on a read or check error. Once a row is bad the chunks are still read
// and checked, to report every bad row, but nothing is emitted.
func (c *checkedRows) fill(buf []pendingRow) (chunk []pendingRow, ok bool) {
	chunk = buf[:0]
	if c.held != nil {
		chunk = append(chunk, *c.held)
		c.held = nil
	}
	for {
		p, ok := c.read()
		if !ok {
			break
		}
		if n := len(chunk); n >= checkChunkMax || n >= checkChunkMin && chunk[n-1].row.ZoneID != p.row.ZoneID {
			c.held = &p
			break
		}
		chunk = append(chunk, p)
	}
	if c.readErr != nil {
		return nil, false
	}
	if err := c.checks.run(chunk, &c.errs); err != nil {
		c.readErr = err
		return nil, false
	}
	if c.errs.Total > 0 {
		chunk = chunk[:0]
	}
	return chunk, true
}

// read checks the file's next row with a value; ok is false at the end of
// the file or on a read error.
func (c *checkedRows) read() (p pendingRow, ok bool) {
	for {
		line, rec, err := c.rd.Next()
		if err == io.EOF {
			c.eof = true
			return p, false
		}
		if err != nil {
			c.readErr = err
			return p, false
		}
		if indicators.Blank(rec) {
			continue
		}
		if c.chk.NoValue(rec) {
			c.skipped++
			continue
		}
		c.rows++
		if c.progress != nil && c.rows%50000 == 0 {
			c.progress(c.rows)
		}
		row, ok := c.chk.Check(line, rec, &c.errs)
		if !ok {
			continue
		}
		if !c.years[row.Year] {
			if c.years == nil {
				c.years = map[int]bool{}
			}
			c.years[row.Year] = true
		}
		if len(c.sample) < c.keep && c.errs.Total == 0 {
			c.sample = append(c.sample, sampleOf(c.chk, rec, &row))
		}
		if c.firstZone == 0 {
			c.firstZone = row.ZoneID
		} else if row.ZoneID != c.firstZone {
			c.manyZones = true
		}
		if row.ZoneID != c.lastZone {
			if c.zoneIDs == nil {
				c.zoneIDs = map[int64]bool{}
			}
			c.zoneIDs[row.ZoneID], c.lastZone = true, row.ZoneID
		}
		// The locator is hashed here, on the producer's goroutine, off
		// the database's path.
		loc := locatorHash(row.ZoneID, row.IndicatorID, row.Period, row.Value, row.Source, row.Comment, row.Quality, row.Explain)
		return pendingRow{row: row, zone: c.chk.Header.Get(rec, "zone_code"), indicator: c.chk.Header.Get(rec, "indicator_code"), locator: loc}, true
	}
}

// Values implements pgx.CopyFromSource. pgx encodes the values before it
// asks for the next row, so one slice serves every row.
func (c *checkedRows) Values() ([]any, error) {
	r := &c.row
	if c.direct == nil {
		if c.hashNew != nil {
			c.hashFirst(c.hashNew)
		}
		c.vals = append(c.vals[:0], int32(r.Line), r.ZoneID, r.IndicatorID, r.Period, int32(r.Year), r.Value, r.Source, r.Comment,
			r.Quality, c.warn, r.Explain, c.loc)
		return c.vals, nil
	}
	d := c.direct
	var approvedValue, approvedVersion any
	if d.approved {
		approvedValue, approvedVersion = r.Value, int32(1)
	}
	c.hashFirst(d)
	c.vals = append(c.vals[:0], r.ZoneID, r.IndicatorID, r.Period, int32(r.Year), r.Value, r.Source, r.Comment,
		d.status, d.actor, d.reviewer, int32(1), approvedValue, approvedVersion, d.event, d.now, d.now, r.Quality, c.warn, r.Explain, c.loc)
	return c.vals, nil
}

// hashFirst adds the hash of the current row's version as a first load
// writes it: version 1, with d's status and people.
func (c *checkedRows) hashFirst(d *directRow) {
	r := &c.row
	v := version{zoneID: r.ZoneID, indicatorID: r.IndicatorID, period: r.Period, version: 1, value: r.Value, source: r.Source,
		comment: r.Comment, status: d.status, enteredBy: d.actor, reviewedBy: d.reviewer, quality: r.Quality, explanation: r.Explain,
		format: hashFormat}
	if d.approved {
		v.approved = &r.Value
	}
	c.hashes.add(versionHash(&v))
}

// Err implements pgx.CopyFromSource.
func (c *checkedRows) Err() error { return nil }

// bulkTx is the little that the import needs of a transaction, on either
// engine. SQL is written with ? placeholders.
type bulkTx interface {
	exec(ctx context.Context, q string, args ...any) error
	queryRow(ctx context.Context, q string, args []any, dest ...any) error
	query(ctx context.Context, q string, args ...any) (rowsIter, error)
	// load writes every row src yields into table's columns.
	load(ctx context.Context, table string, columns []string, src *checkedRows) error
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
	// BEGIN IMMEDIATE on the writer's connection, as immediate does for
	// the other writes (see there why not through the driver).
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return translate(err, "connection")
	}
	defer conn.Close()
	if err := beginImmediate(ctx, func() error { _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); return err }); err != nil {
		return err
	}
	// A dry run or an error rolls back; the temporary table must not outlive
	// the transaction on the single shared connection either way.
	if err := fn(&sqlBulk{tx: conn}); err != nil {
		bg := context.WithoutCancel(ctx)
		_, _ = conn.ExecContext(bg, "ROLLBACK")
		_, _ = conn.ExecContext(bg, "DROP TABLE IF EXISTS temp.import_staging")
		return err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return translate(err, "commit")
	}
	return nil
}

type pgBulk struct{ tx pgx.Tx }

func (b *pgBulk) exec(ctx context.Context, q string, args ...any) error {
	_, err := b.tx.Exec(ctx, rebind(q), args...)
	return translate(err, "import")
}

func (b *pgBulk) queryRow(ctx context.Context, q string, args []any, dest ...any) error {
	return translate(b.tx.QueryRow(ctx, rebind(q), args...).Scan(dest...), "import")
}

func (b *pgBulk) query(ctx context.Context, q string, args ...any) (rowsIter, error) {
	rows, err := b.tx.Query(ctx, rebind(q), args...)
	if err != nil {
		return nil, translate(err, "import")
	}
	return rows, nil
}

func (b *pgBulk) load(ctx context.Context, table string, columns []string, src *checkedRows) error {
	_, err := b.tx.CopyFrom(ctx, pgx.Identifier{table}, columns, src)
	return translate(err, "import")
}

type sqlBulk struct{ tx *sql.Conn }

func (b *sqlBulk) exec(ctx context.Context, q string, args ...any) error {
	_, err := b.tx.ExecContext(ctx, q, args...)
	return translate(err, "import")
}

func (b *sqlBulk) queryRow(ctx context.Context, q string, args []any, dest ...any) error {
	return translate(b.tx.QueryRowContext(ctx, q, args...).Scan(dest...), "import")
}

// sqliteBatchArgs is the arguments per INSERT. The driver parses the
// statement again on every execution and matches each placeholder to its
// argument by a linear search, so a statement's cost grows with the square
// of its arguments: 128 (16 rows of 8) was the fastest of 64–2048 on the
// one-million-row benchmark (see docs/performance.md).
const sqliteBatchArgs = 128

func (b *sqlBulk) query(ctx context.Context, q string, args ...any) (rowsIter, error) {
	rows, err := b.tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, translate(err, "import")
	}
	return sqlRowsIter{rows}, nil
}

func (b *sqlBulk) load(ctx context.Context, table string, columns []string, src *checkedRows) error {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(columns)), ",") + ")"
	insert := func(n int) string {
		return "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES " + strings.TrimSuffix(strings.Repeat(one+",", n), ",")
	}
	batch := max(1, sqliteBatchArgs/len(columns))
	full, err := b.tx.PrepareContext(ctx, insert(batch))
	if err != nil {
		return translate(err, "import")
	}
	defer full.Close()
	args := make([]any, 0, len(columns)*batch)
	n := 0
	for src.Next() {
		vals, _ := src.Values()
		args = append(args, vals...)
		if n++; n == batch {
			if _, err := full.ExecContext(ctx, args...); err != nil {
				return translate(err, "import")
			}
			args, n = args[:0], 0
		}
	}
	if n > 0 {
		if _, err := b.tx.ExecContext(ctx, insert(n), args...); err != nil {
			return translate(err, "import")
		}
	}
	return nil
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
