package storage

import (
	"context"
	"encoding/binary"
	"math"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
)

// The export's two ways of reading: database/sql on SQLite, pgx with
// pipelined batches on PostgreSQL.

const (
	exportIndicatorsSQL = "SELECT i.id, i.code, i.position FROM indicators i WHERE i.framework_id = ?"
	exportZonesSQL      = "SELECT id, code FROM zones"
)

// sqlExportQueryer reads through database/sql (SQLite).
type sqlExportQueryer struct{ tx *gorm.DB }

func (q sqlExportQueryer) ids(ctx context.Context, framework string) (int64, []exportIndicator, []exportZone, error) {
	var fwID int64
	if err := q.tx.Raw("SELECT id FROM frameworks WHERE code = ?", framework).Row().Scan(&fwID); err != nil {
		return 0, nil, nil, translate(err, "framework")
	}
	var inds []exportIndicator
	if err := q.tx.Raw(exportIndicatorsSQL, fwID).Scan(&inds).Error; err != nil {
		return 0, nil, nil, translate(err, "indicators")
	}
	var zs []exportZone
	if err := q.tx.Raw(exportZonesSQL).Scan(&zs).Error; err != nil {
		return 0, nil, nil, translate(err, "zones")
	}
	return fwID, inds, zs, nil
}

func (q sqlExportQueryer) zones(_ context.Context, sqlText string, args func(exportZone) []any, zs []exportZone, scan func(exportZone, rowScanner) error) error {
	for _, z := range zs {
		if err := q.zone(z, sqlText, args(z), scan); err != nil {
			return err
		}
	}
	return nil
}

func (q sqlExportQueryer) zone(z exportZone, sqlText string, args []any, scan func(exportZone, rowScanner) error) error {
	rows, err := q.tx.Raw(sqlText, args...).Rows()
	if err != nil {
		return translate(err, "measurements")
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(z, rows); err != nil {
			return err
		}
	}
	return translate(rows.Err(), "measurements")
}

// exportBatch is how many zones' queries go into one pipelined batch: big
// enough that the round trips do not count, small enough that a batch's
// messages stay well inside the socket buffers.
const exportBatch = 100

// exportPostgres reads through pgx itself rather than database/sql, whose
// generic conversions cost more per row than everything else the export
// does.
func (s *Store) exportPostgres(ctx context.Context, e *exporter) error {
	sqlDB, err := s.reader(ctx).DB()
	if err != nil {
		return translate(err, "connection")
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return translate(err, "connection")
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		tx, err := dc.(*stdlib.Conn).Conn().BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
		if err != nil {
			return translate(err, "transaction")
		}
		defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
		if err := e.run(ctx, pgExportQueryer{tx}); err != nil {
			return err
		}
		return translate(tx.Commit(ctx), "commit")
	})
}

type pgExportQueryer struct{ tx pgx.Tx }

func (q pgExportQueryer) ids(ctx context.Context, framework string) (int64, []exportIndicator, []exportZone, error) {
	var fwID int64
	if err := q.tx.QueryRow(ctx, "SELECT id FROM frameworks WHERE code = $1", framework).Scan(&fwID); err != nil {
		return 0, nil, nil, translate(err, "framework")
	}
	rows, err := q.tx.Query(ctx, rebind(exportIndicatorsSQL), fwID)
	if err != nil {
		return 0, nil, nil, translate(err, "indicators")
	}
	inds, err := pgx.CollectRows(rows, pgx.RowToStructByPos[exportIndicator])
	if err != nil {
		return 0, nil, nil, translate(err, "indicators")
	}
	if rows, err = q.tx.Query(ctx, exportZonesSQL); err != nil {
		return 0, nil, nil, translate(err, "zones")
	}
	zs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[exportZone])
	return fwID, inds, zs, translate(err, "zones")
}

func (q pgExportQueryer) zones(ctx context.Context, sqlText string, args func(exportZone) []any, zs []exportZone, scan func(exportZone, rowScanner) error) error {
	sqlText = rebind(sqlText)
	for len(zs) > 0 {
		n := min(len(zs), exportBatch)
		var b pgx.Batch
		for _, z := range zs[:n] {
			b.Queue(sqlText, args(z)...)
		}
		if err := q.batch(ctx, &b, zs[:n], scan); err != nil {
			return err
		}
		zs = zs[n:]
	}
	return nil
}

// batch sends one batch and reads its results zone by zone.
func (q pgExportQueryer) batch(ctx context.Context, b *pgx.Batch, zs []exportZone, scan func(exportZone, rowScanner) error) (err error) {
	br := q.tx.SendBatch(ctx, b)
	defer func() {
		if cerr := br.Close(); err == nil {
			err = translate(cerr, "measurements")
		}
	}()
	for _, z := range zs {
		rows, err := br.Query()
		if err != nil {
			return translate(err, "measurements")
		}
		for rows.Next() {
			if err := scan(z, pgRow{rows}); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return translate(err, "measurements")
		}
	}
	return nil
}

// pgEpochMicros is PostgreSQL's epoch, 2000-01-01 UTC, in Unix microseconds.
const pgEpochMicros = 946684800 * 1e6

// pgRow decodes the export's binary integers, floats and texts itself,
// straight from the row's bytes; pgx's general Scan, which looks up a plan
// for every column of every row, cost as much as the rest of the export's
// work. Anything else, or a column not sent in binary, goes to Scan.
type pgRow struct{ rows pgx.Rows }

func (r pgRow) Scan(dest ...any) error {
	vals := r.rows.RawValues()
	fds := r.rows.FieldDescriptions()
	if len(vals) != len(dest) {
		return r.rows.Scan(dest...)
	}
	for i, d := range dest {
		v := vals[i]
		if v == nil {
			return r.rows.Scan(dest...) // NULL: let pgx say what it makes of it
		}
		switch d := d.(type) {
		case *pgtype.DriverBytes:
			*d = v // text and binary formats of text are the same bytes
			continue
		case *int64:
			if fds[i].Format == pgtype.BinaryFormatCode && len(v) == 8 && fds[i].DataTypeOID == pgtype.Int8OID {
				*d = int64(binary.BigEndian.Uint64(v))
				continue
			}
		case *int:
			if fds[i].Format == pgtype.BinaryFormatCode && len(v) == 4 && fds[i].DataTypeOID == pgtype.Int4OID {
				*d = int(int32(binary.BigEndian.Uint32(v)))
				continue
			}
		case *float64:
			if fds[i].Format == pgtype.BinaryFormatCode && len(v) == 8 && fds[i].DataTypeOID == pgtype.Float8OID {
				*d = math.Float64frombits(binary.BigEndian.Uint64(v))
				continue
			}
		case *time.Time:
			// Microseconds since 2000-01-01 UTC; ±infinity are the extreme
			// values and go to Scan.
			if fds[i].Format == pgtype.BinaryFormatCode && len(v) == 8 && fds[i].DataTypeOID == pgtype.TimestamptzOID {
				if us := int64(binary.BigEndian.Uint64(v)); us != math.MaxInt64 && us != math.MinInt64 {
					*d = time.UnixMicro(us + pgEpochMicros).UTC()
					continue
				}
			}
		}
		return r.rows.Scan(dest...)
	}
	return nil
}
