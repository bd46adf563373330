package storage

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"
	"gorm.io/gorm"

	"igmc/indicators"
)

// ExportMeasurements streams the values of a framework (optionally one zone)
// to fn, row by row as the database returns them, never holding the whole
// set in memory. With history, every earlier version comes before the
// current one, and the rows carry who entered and reviewed each version and
// when; without it those record-keeping fields are left empty. Order: zone
// code (bytewise, the same on both engines), indicator (catalogue order),
// period, version. fn must not keep r: it is reused for the next row.
//
// How it stays fast on a million rows (see docs/performance.md): the rows
// are read zone by zone, so the database sorts one zone's rows at a time
// instead of every row of the framework at once — and not at all when the
// framework's indicator ids follow its catalogue order, as they do unless
// the catalogue was reordered, since the unique index on (zone, indicator,
// period) then gives the order; text columns are read as raw bytes and
// repeated values (periods, statuses, sources) are shared instead of
// copied for every row; on PostgreSQL the zones' queries go as pipelined
// batches through pgx itself, inside one read-only repeatable-read
// transaction, so the server reads the next zone while this process writes
// the last one and every zone comes from the same snapshot.
func (s *Store) ExportMeasurements(ctx context.Context, f indicators.MeasurementFilter, history bool, fn func(*indicators.ExportRow) error) error {
	if _, err := s.Framework(ctx, f.Framework); err != nil {
		return err
	}
	if f.Zone != "" {
		if _, err := s.Zone(ctx, f.Zone); err != nil {
			return err
		}
	}
	e := newExporter(f, history, fn, s.engine == Postgres)
	if s.engine == Postgres {
		return s.exportPostgres(ctx, e)
	}
	// A read-only transaction begins deferred, whatever the connection's
	// default: it reads one snapshot without holding up the writer.
	return translate(s.reader(ctx).Transaction(func(tx *gorm.DB) error {
		return e.run(ctx, sqlExportQueryer{tx})
	}, &sql.TxOptions{ReadOnly: true}), "measurements")
}

// exportZone is one zone to export; exportIndicator one indicator of the
// framework.
type (
	exportZone struct {
		ID   int64
		Code string
	}
	exportIndicator struct {
		ID       int64
		Code     string
		Position int
	}
)

// exportQueryer runs the export's queries on either engine.
type exportQueryer interface {
	// ids gives the framework's id, its indicators and every zone.
	ids(ctx context.Context, framework string) (int64, []exportIndicator, []exportZone, error)
	// zones runs query q once per zone with args(zone), in order, calling
	// scan for every row.
	zones(ctx context.Context, q string, args func(exportZone) []any, zs []exportZone, scan func(exportZone, rowScanner) error) error
}

type rowScanner interface{ Scan(dest ...any) error }

// exporter turns the rows of the per-zone queries into export rows.
type exporter struct {
	filter  indicators.MeasurementFilter
	history bool
	fn      func(*indicators.ExportRow) error
	row     indicators.ExportRow
	// byID finds an indicator by id − firstID (or in byIDMap when the
	// framework's ids are too far apart for a slice); a row of another
	// framework finds nothing and is skipped.
	byID    []*exportIndicator
	byIDMap map[int64]*exportIndicator
	firstID int64
	lastID  int64
	// Scan destinations, set up once: text columns land in the driver's
	// own memory (pgtype.DriverBytes or sql.RawBytes) and are copied only
	// when intern has not seen them.
	dest     []any
	pg       [8]pgtype.DriverBytes
	raw      [8]sql.RawBytes
	postgres bool
	indID    int64
	current  int
	sortKey  int64
	strings  map[string]string
	last     [8]string
}

// The text columns, as indexes into exporter.pg and exporter.raw.
const (
	colPeriod = iota
	colSource
	colComment
	colStatus
	colEnteredBy
	colReviewedBy
	colReviewComment
	colQuality
)

func newExporter(f indicators.MeasurementFilter, history bool, fn func(*indicators.ExportRow) error, postgres bool) *exporter {
	e := &exporter{filter: f, history: history, fn: fn, postgres: postgres, strings: map[string]string{}}
	e.row.FrameworkCode = f.Framework
	text := func(i int) any {
		if postgres {
			return &e.pg[i]
		}
		return &e.raw[i]
	}
	r := &e.row
	e.dest = []any{&e.indID, text(colPeriod), &r.Value, text(colSource), text(colComment), text(colStatus), &r.Version, &r.ID, &e.current, text(colQuality)}
	if history {
		e.dest = append(e.dest, text(colEnteredBy), text(colReviewedBy), &r.CreatedAt, &r.UpdatedAt, text(colReviewComment))
	}
	e.dest = append(e.dest, &e.sortKey)
	return e
}

// The per-zone queries. Each selects the same leading columns — indicator
// id, period, value, source, comment, status, version, id, current,
// quality, then
// with history entered_by, reviewed_by, created_at, updated_at,
// review_comment — and last
// the indicator's sort key.
const (
	exportColumns       = "m.indicator_id, m.period, m.value, m.source, m.comment, m.status, m.version, m.id, 1, m.quality"
	exportRecordColumns = ", m.entered_by, m.reviewed_by, m.created_at, m.updated_at, m.review_comment"
	// exportByIndexSQL needs no sort: the unique index on (zone_id,
	// indicator_id, period) gives the rows in order. Arguments: zone id,
	// first and last indicator id of the framework.
	exportByIndexSQL = "SELECT " + exportColumns + ", m.indicator_id FROM measurements m " +
		"WHERE m.zone_id = ? AND m.indicator_id BETWEEN ? AND ? ORDER BY m.indicator_id, m.period"
	// exportByPositionSQL sorts a zone's rows by catalogue position.
	// Arguments: zone id, framework id.
	exportByPositionSQL = "SELECT " + exportColumns + ", i.position FROM measurements m JOIN indicators i ON i.id = m.indicator_id " +
		"WHERE m.zone_id = ? AND i.framework_id = ? ORDER BY i.position, m.period"
	// exportHistorySQL adds the earlier versions. Arguments: zone id,
	// framework id, twice.
	exportHistorySQL = "SELECT * FROM (SELECT " + exportColumns + exportRecordColumns + ", i.position " +
		"FROM measurements m JOIN indicators i ON i.id = m.indicator_id WHERE m.zone_id = ? AND i.framework_id = ? " +
		"UNION ALL SELECT m.indicator_id, m.period, r.value, r.source, r.comment, r.status, r.version, m.id, 0, r.quality, " +
		"r.entered_by, r.reviewed_by, r.created_at, r.updated_at, r.review_comment, i.position " +
		"FROM measurement_revisions r JOIN measurements m ON m.id = r.measurement_id JOIN indicators i ON i.id = m.indicator_id " +
		"WHERE m.zone_id = ? AND i.framework_id = ?) x ORDER BY 16, 2, 7"
)

func (e *exporter) run(ctx context.Context, q exportQueryer) error {
	fwID, inds, all, err := q.ids(ctx, e.filter.Framework)
	if err != nil || len(inds) == 0 {
		return err
	}
	slices.SortFunc(inds, func(a, b exportIndicator) int { return a.Position - b.Position })
	e.index(inds)
	var (
		sqlText string
		args    func(exportZone) []any
	)
	switch {
	case e.history:
		sqlText, args = exportHistorySQL, func(z exportZone) []any { return []any{z.ID, fwID, z.ID, fwID} }
	case slices.IsSortedFunc(inds, func(a, b exportIndicator) int { return cmp.Compare(a.ID, b.ID) }):
		first, last := e.firstID, e.lastID
		sqlText, args = exportByIndexSQL, func(z exportZone) []any { return []any{z.ID, first, last} }
	default:
		sqlText, args = exportByPositionSQL, func(z exportZone) []any { return []any{z.ID, fwID} }
	}
	return q.zones(ctx, sqlText, args, e.pick(all), e.scan)
}

// index makes the lookup of the framework's indicators by id.
func (e *exporter) index(inds []exportIndicator) {
	lo, hi := inds[0].ID, inds[0].ID
	for _, ind := range inds {
		lo, hi = min(lo, ind.ID), max(hi, ind.ID)
	}
	e.firstID, e.lastID = lo, hi
	if hi-lo > 8*int64(len(inds))+1024 {
		e.byIDMap = make(map[int64]*exportIndicator, len(inds))
		for i := range inds {
			e.byIDMap[inds[i].ID] = &inds[i]
		}
		return
	}
	e.byID = make([]*exportIndicator, hi-lo+1)
	for i := range inds {
		e.byID[inds[i].ID-lo] = &inds[i]
	}
}

// indicator is the framework's indicator with id, or nil.
func (e *exporter) indicator(id int64) *exportIndicator {
	if e.byIDMap != nil {
		return e.byIDMap[id]
	}
	if k := id - e.firstID; k >= 0 && k < int64(len(e.byID)) {
		return e.byID[k]
	}
	return nil
}

// pick keeps the zones the filter asks for, in code order.
func (e *exporter) pick(all []exportZone) []exportZone {
	var out []exportZone
	for _, z := range all {
		switch {
		case e.filter.Zone != "" && z.Code != e.filter.Zone:
		case e.filter.Zones != nil && !slices.Contains(e.filter.Zones, z.Code):
		default:
			out = append(out, z)
		}
	}
	slices.SortFunc(out, func(a, b exportZone) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// scan reads one row into e.row and hands it on.
func (e *exporter) scan(z exportZone, rs rowScanner) error {
	if err := rs.Scan(e.dest...); err != nil {
		return translate(err, "measurements")
	}
	ind := e.indicator(e.indID)
	if ind == nil {
		return nil // another framework's indicator between this one's ids
	}
	r := &e.row
	r.ZoneCode = z.Code
	r.IndicatorCode = ind.Code
	r.Period = e.text(colPeriod)
	r.Source = e.text(colSource)
	r.Comment = e.text(colComment)
	r.Status = indicators.Status(e.text(colStatus))
	r.Current = e.current == 1
	r.Quality = indicators.Quality(e.text(colQuality))
	if e.history {
		r.EnteredBy = e.text(colEnteredBy)
		r.ReviewedBy = e.text(colReviewedBy)
		r.ReviewComment = e.text(colReviewComment)
	}
	return e.fn(r)
}

// text is text column i of the current row as a string, shared with
// earlier rows that had the same short text.
func (e *exporter) text(i int) string {
	var b []byte
	if e.postgres {
		b = e.pg[i]
	} else {
		b = e.raw[i]
	}
	if len(b) == 0 {
		return ""
	}
	if string(b) == e.last[i] { // most often the text of the row before
		return e.last[i]
	}
	s, ok := e.strings[string(b)]
	if !ok {
		s = string(b)
		// Long or many distinct texts (free comments) are copied as they
		// come; the table stays small.
		if len(s) <= 128 && len(e.strings) < 4096 {
			e.strings[s] = s
		}
	}
	e.last[i] = s
	return s
}
