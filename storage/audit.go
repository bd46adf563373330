package storage

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"gorm.io/gorm"

	"igmc/indicators"
)

// The audit trail. Every change writes one event in the same transaction
// as the change. Events are numbered 1, 2, 3, … and each stores the SHA-256
// of its own canonical content, which includes the previous event's hash:
// editing, removing or inserting an event breaks the chain from there on,
// and audit_head keeps the last id and hash so that removing the newest
// events shows too.
//
// Values are tied to the trail as well. Every version of a measurement
// (current, or kept as a revision) records the event that wrote it, and
// that event records a digest of all the versions it wrote: the SHA-256 of
// the sorted SHA-256 hashes of their canonical content (versionHash). A
// value edited in the database no longer matches its event's digest.
//
// Format 1 of the version hash left out a value's quality code and its
// officer's explanation; format 2 covers them. Events written since record
// hash_format 2; older events (no hash_format) still check with format 1.
//
// An import writes many versions under one event. So that the check can
// name the one that was changed, each of them also keeps a short hash of
// what the import wrote to it (locator_hash, see locatorHash): a version
// whose content no longer matches it is the one that changed.

// HashMethod names the hashing scheme, stamped on verification reports.
const HashMethod = "sha256-chain/1"

type auditRow struct {
	ID       int64
	At       time.Time
	Actor    string
	Entity   string
	EntityID string
	Action   string
	ZoneCode string
	OldValue string
	NewValue string
	Reason   string
	PrevHash string
	Hash     string
}

func (auditRow) TableName() string { return "audit_events" }

func (r *auditRow) domain() indicators.AuditEvent {
	return indicators.AuditEvent{ID: r.ID, At: r.At.UTC(), Actor: r.Actor, Entity: r.Entity, EntityID: r.EntityID, Action: r.Action,
		OldValue: r.OldValue, NewValue: r.NewValue, Reason: r.Reason, PrevHash: r.PrevHash, Hash: r.Hash}
}

// eventHash is the SHA-256 of an event's canonical content: each field
// length-prefixed, in a fixed order, the time in UTC to the microsecond.
func eventHash(r *auditRow) string {
	h := sha256.New()
	for _, f := range []string{strconv.FormatInt(r.ID, 10), r.At.UTC().Format("2006-01-02T15:04:05.000000Z"), r.Actor,
		r.Entity, r.EntityID, r.Action, r.ZoneCode, r.OldValue, r.NewValue, r.Reason, r.PrevHash} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// event is a change to record.
type event struct {
	actor, entity, entityID, action, zone string
	old, new                              any
	reason                                string
}

// sqlTx is what writing the trail needs of a transaction on either path
// (GORM, or the import's bulk transaction).
type sqlTx interface {
	exec(ctx context.Context, q string, args ...any) error
	queryRow(ctx context.Context, q string, args []any, dest ...any) error
}

// gormTx adapts a GORM transaction.
type gormTx struct{ tx *gorm.DB }

func (g gormTx) exec(_ context.Context, q string, args ...any) error {
	return translate(g.tx.Exec(q, args...).Error, "audit")
}

func (g gormTx) queryRow(_ context.Context, q string, args []any, dest ...any) error {
	return translate(g.tx.Raw(q, args...).Row().Scan(dest...), "audit")
}

// audit appends one event. fn does the change: it gets the event's id (to
// stamp the versions it writes) and returns what to record. The head row is
// locked first, which orders concurrent writers.
func (s *Store) audit(ctx context.Context, tx sqlTx, fn func(id int64) (event, error)) (int64, error) {
	lock := ""
	if s.engine == Postgres {
		lock = " FOR UPDATE"
	}
	var lastID int64
	var lastHash string
	if err := tx.queryRow(ctx, "SELECT last_id, last_hash FROM audit_head WHERE id = 1"+lock, nil, &lastID, &lastHash); err != nil {
		return 0, err
	}
	id := lastID + 1
	e, err := fn(id)
	if err != nil {
		return 0, err
	}
	r := auditRow{ID: id, At: s.Now().UTC().Truncate(time.Microsecond), Actor: e.actor, Entity: e.entity, EntityID: e.entityID,
		Action: e.action, ZoneCode: e.zone, OldValue: jsonText(e.old), NewValue: jsonText(e.new), Reason: e.reason, PrevHash: lastHash}
	r.Hash = eventHash(&r)
	if err := tx.exec(ctx, `INSERT INTO audit_events (id, at, actor, entity, entity_id, action, zone_code, old_value, new_value, reason, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.At, r.Actor, r.Entity, r.EntityID, r.Action, r.ZoneCode, r.OldValue, r.NewValue, r.Reason, r.PrevHash, r.Hash); err != nil {
		return 0, err
	}
	if err := tx.exec(ctx, "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1", r.ID, r.Hash); err != nil {
		return 0, err
	}
	return id, nil
}

// auditG is audit inside a GORM transaction.
func (s *Store) auditG(tx *gorm.DB, fn func(id int64) (event, error)) (int64, error) {
	return s.audit(tx.Statement.Context, gormTx{tx}, fn)
}

func jsonText(v any) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%q", fmt.Sprint(v))
	}
	return string(b)
}

// version is one version of a measurement as the digest sees it.
type version struct {
	zoneID, indicatorID   int64
	period                string
	version               int
	value                 float64
	source, comment       string
	status                string
	approved              *float64
	enteredBy, reviewedBy string
	reviewComment         string
	quality, explanation  string
	// format is the hash format (1 or 2) to hash it with.
	format int
}

// hashFormat is the version hash format new events record.
const hashFormat = 2

// versionHash is the SHA-256 of a version's canonical content: each field
// length-prefixed ("len:value;"), in a fixed order. It runs once per row of
// an import, so it builds the bytes by hand on the stack.
func versionHash(v *version) [32]byte {
	var stack [512]byte
	b := stack[:0]
	field := func(s string) {
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
		b = append(b, ';')
	}
	var num [32]byte
	numField := func(n []byte) {
		b = strconv.AppendInt(b, int64(len(n)), 10)
		b = append(b, ':')
		b = append(b, n...)
		b = append(b, ';')
	}
	numField(strconv.AppendInt(num[:0], v.zoneID, 10))
	numField(strconv.AppendInt(num[:0], v.indicatorID, 10))
	field(v.period)
	numField(strconv.AppendInt(num[:0], int64(v.version), 10))
	numField(strconv.AppendFloat(num[:0], v.value, 'f', -1, 64))
	field(v.source)
	field(v.comment)
	field(v.status)
	if v.approved != nil {
		numField(strconv.AppendFloat(num[:0], *v.approved, 'f', -1, 64))
	} else {
		field("")
	}
	field(v.enteredBy)
	field(v.reviewedBy)
	field(v.reviewComment)
	if v.format >= 2 {
		field(v.quality)
		field(v.explanation)
	}
	return sha256.Sum256(b)
}

// digest combines version hashes in an order-independent way: sorted, then
// hashed together.
func digest(hs [][32]byte) string {
	sortHashes(hs)
	h := sha256.New()
	for i := range hs {
		h.Write(hs[i][:])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// sortHashes sorts hashes bytewise, the order digest hashes them in.
func sortHashes(hs [][32]byte) {
	slices.SortFunc(hs, func(a, b [32]byte) int {
		// The first eight bytes of random hashes almost always decide.
		if x, y := binary.BigEndian.Uint64(a[:8]), binary.BigEndian.Uint64(b[:8]); x != y {
			return cmp.Compare(x, y)
		}
		return bytes.Compare(a[:], b[:])
	})
}

// versionColumns selects a version's digest fields from measurements m
// (current) — revisions select the same from r joined to m.
const versionColumns = `m.zone_id, m.indicator_id, m.period, m.version, m.value, m.source, m.comment, m.status, m.approved_value,
	m.entered_by, m.reviewed_by, m.review_comment, m.quality, m.explanation`

const revisionVersionColumns = `m.zone_id, m.indicator_id, m.period, r.version, r.value, r.source, r.comment, r.status, r.approved_value,
	r.entered_by, r.reviewed_by, r.review_comment, r.quality, r.explanation`

// scanDest is where a row of versionColumns is scanned to.
func (v *version) scanDest() []any {
	return []any{&v.zoneID, &v.indicatorID, &v.period, &v.version, &v.value, &v.source, &v.comment, &v.status, &v.approved,
		&v.enteredBy, &v.reviewedBy, &v.reviewComment, &v.quality, &v.explanation}
}

// eventDigest reads back the versions an event wrote and digests them
// (in the current hash format).
func eventDigest(ctx context.Context, q queryer, eventID int64) (string, int, error) {
	rows, err := q.query(ctx, `SELECT `+versionColumns+` FROM measurements m WHERE m.audit_event_id = ?
		UNION ALL SELECT `+revisionVersionColumns+` FROM measurement_revisions r JOIN measurements m ON m.id = r.measurement_id
		WHERE r.audit_event_id = ?`, eventID, eventID)
	if err != nil {
		return "", 0, err
	}
	defer rows.Close()
	var hs hashSpill
	defer hs.close()
	for rows.Next() {
		v := version{format: hashFormat}
		if err := rows.Scan(v.scanDest()...); err != nil {
			return "", 0, translate(err, "audit digest")
		}
		hs.add(versionHash(&v))
	}
	if err := rows.Err(); err != nil {
		return "", 0, translate(err, "audit digest")
	}
	d, n, err := hs.sum()
	return d, n, translate(err, "audit digest")
}

// rowsIter is the little of *sql.Rows and pgx.Rows the digest needs.
type rowsIter interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// queryer runs a query on either path.
type queryer interface {
	query(ctx context.Context, q string, args ...any) (rowsIter, error)
}

type sqlRowsIter struct {
	r interface {
		Next() bool
		Scan(dest ...any) error
		Err() error
		Close() error
	}
}

func (s sqlRowsIter) Next() bool             { return s.r.Next() }
func (s sqlRowsIter) Scan(dest ...any) error { return s.r.Scan(dest...) }
func (s sqlRowsIter) Err() error             { return s.r.Err() }
func (s sqlRowsIter) Close()                 { _ = s.r.Close() }

func (g gormTx) query(_ context.Context, q string, args ...any) (rowsIter, error) {
	rows, err := g.tx.Raw(q, args...).Rows()
	if err != nil {
		return nil, translate(err, "query")
	}
	return sqlRowsIter{rows}, nil
}

// ListAuditEvents returns one page of the trail, oldest first, narrowed by
// f; zones, when not nil, limits it to events of those zones.
func (s *Store) ListAuditEvents(ctx context.Context, f indicators.AuditFilter, zones []string) (indicators.Page[indicators.AuditEvent], error) {
	page := indicators.Page[indicators.AuditEvent]{Items: []indicators.AuditEvent{}}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	filter := func(q *gorm.DB) *gorm.DB {
		q = q.Model(&auditRow{})
		if f.Entity != "" {
			q = q.Where("entity = ?", f.Entity)
		}
		if f.EntityID != "" {
			q = q.Where("entity_id = ?", f.EntityID)
		}
		if f.Actor != "" {
			q = q.Where("actor = ?", f.Actor)
		}
		if f.Indicator != "" {
			q = byIndicator(q, f.Indicator)
		}
		if !f.From.IsZero() {
			q = q.Where("at >= ?", f.From.UTC())
		}
		if !f.To.IsZero() {
			q = q.Where("at < ?", f.To.UTC())
		}
		return inZones(q, zones)
	}
	err := s.reader(ctx).Transaction(func(tx *gorm.DB) error {
		if err := filter(tx).Count(&page.Total).Error; err != nil {
			return translate(err, "audit events")
		}
		var rows []auditRow
		if err := filter(tx).Where("id > ?", f.After).Order("id").Limit(f.Limit + 1).Find(&rows).Error; err != nil {
			return translate(err, "audit events")
		}
		for i := range rows {
			page.Items = append(page.Items, rows[i].domain())
		}
		return nil
	})
	if err != nil {
		return page, err
	}
	return trimPage(page, f.Limit, func(e *indicators.AuditEvent) int64 { return e.ID }), nil
}

// ExportAudit streams every event (of the zones given, or all) in order.
func (s *Store) ExportAudit(ctx context.Context, zones []string, fn func(*indicators.AuditEvent) error) error {
	q := inZones(s.reader(ctx).Model(&auditRow{}).Order("id"), zones)
	rows, err := q.Rows()
	if err != nil {
		return translate(err, "audit events")
	}
	defer rows.Close()
	for rows.Next() {
		var r auditRow
		if err := s.db.ScanRows(rows, &r); err != nil {
			return translate(err, "audit events")
		}
		e := r.domain()
		if err := fn(&e); err != nil {
			return err
		}
	}
	return translate(rows.Err(), "audit events")
}

// inZones narrows events to those of the given zones — their own zone, or
// one of the zones recorded for them (an import of several zones, see
// recordEventZones); nil means all, an empty scope sees none.
func inZones(q *gorm.DB, zones []string) *gorm.DB {
	switch {
	case zones == nil:
		return q
	case len(zones) == 0:
		return q.Where("1 = 0")
	}
	return q.Where("(zone_code IN ? OR id IN (SELECT event_id FROM audit_event_zones WHERE zone_code IN ?))", zones, zones)
}
