package storage

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"igmc/indicators"
)

// A re-import on PostgreSQL sorts each checked chunk of rows into new,
// changed and unchanged here, in Go, and copies only the new and changed
// ones into the staging table. Copying every row and then joining the
// whole staging table with the values table to count them cost more than
// the first load of the same file; an unchanged file now copies nothing.
//
// The stored rows a chunk is compared with are read on the import's own
// transaction, between two chunks' COPYs, while the producer checks the
// next chunk. A chunk of a file sorted by zone (templates and exports
// are) holds a few zones, and their rows for the chunk's indicators and
// years are read through the values' unique index as a range. A chunk
// whose zones, indicators and years would read many more rows than it
// holds (rows of many zones mixed) is looked up key by key instead. Either
// way only the chunk's keys are kept in memory. As before, the upsert's
// ON CONFLICT clause covers a row another writer stores after its chunk
// was read.

// rowKey names a stored value.
type rowKey struct {
	zone, indicator int64
	period          string
}

// A chunk row's class.
const (
	rowNew uint8 = iota
	rowChanged
	rowSame
)

// zoneReadFactor bounds the range read: it is used while the chunk's
// zones × indicators × years are at most this many times its rows.
const zoneReadFactor = 4

const classifyZonesSQL = `SELECT m.zone_id, m.indicator_id, m.period, m.value, m.source, m.comment, m.explanation, m.quality
	FROM measurements m WHERE m.zone_id = ANY($1) AND m.indicator_id = ANY($2) AND m.year = ANY($3)`

// classifyKeysSQL looks each key up through the unique index; the LIMIT
// keeps the subquery a parameterised index scan, whatever the planner
// guesses of the arrays' length.
const classifyKeysSQL = `SELECT k.z, k.i, k.p, m.value, m.source, m.comment, m.explanation, m.quality
	FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS k(z, i, p)
	CROSS JOIN LATERAL (SELECT m.value, m.source, m.comment, m.explanation, m.quality FROM measurements m
		WHERE m.zone_id = k.z AND m.indicator_id = k.i AND m.period = k.p LIMIT 1) m`

// classifier keeps what one chunk's classification needs, reused chunk
// after chunk, and the counts of the whole file.
type classifier struct {
	idx                 map[rowKey]int
	class               []uint8
	zones, inds         []int64
	years               []int32
	keyZ, keyI          []int64
	keyP                []string
	order               []int
	rows, fresh, change int
}

// stageChanges streams the checked rows chunk by chunk, classifies each
// chunk against the stored rows and copies its new and changed rows into
// import_staging, and counts the file's rows into res.
func stageChanges(ctx context.Context, b *pgBulk, src *checkedRows, res *indicators.ImportResult) error {
	cl := &classifier{idx: map[rowKey]int{}}
	for {
		chunk, ok := src.nextChunk()
		if !ok {
			break
		}
		n, err := cl.classify(ctx, b.tx, chunk)
		if err != nil {
			return err
		}
		if n == 0 {
			continue
		}
		rows := &stagedRows{chunk: chunk, class: cl.class, pos: -1}
		if _, err := b.tx.CopyFrom(ctx, pgx.Identifier{"import_staging"}, stagingColumns, rows); err != nil {
			return translate(err, "import")
		}
	}
	res.Rows, res.New, res.Changed = cl.rows, cl.fresh, cl.change
	res.Unchanged = res.Rows - res.New - res.Changed
	return nil
}

// classify sorts one chunk's rows into cl.class and returns how many of
// them are new or changed.
func (cl *classifier) classify(ctx context.Context, tx pgx.Tx, chunk []pendingRow) (int, error) {
	clear(cl.idx)
	cl.class = slices.Grow(cl.class[:0], len(chunk))[:len(chunk)]
	cl.zones, cl.inds, cl.years = cl.zones[:0], cl.inds[:0], cl.years[:0]
	for i := range chunk {
		r := &chunk[i].row
		cl.idx[rowKey{r.ZoneID, r.IndicatorID, r.Period}] = i
		cl.class[i] = rowNew
		cl.zones = appendNew(cl.zones, r.ZoneID)
		cl.inds = appendNew(cl.inds, r.IndicatorID)
		cl.years = appendNew(cl.years, int32(r.Year))
	}
	var rows pgx.Rows
	var err error
	if len(cl.zones)*len(cl.inds)*len(cl.years) <= zoneReadFactor*len(chunk) {
		rows, err = tx.Query(ctx, classifyZonesSQL, cl.zones, cl.inds, cl.years)
	} else {
		// In the index's order, so that the lookups walk it forwards.
		cl.order = cl.order[:0]
		for i := range chunk {
			cl.order = append(cl.order, i)
		}
		slices.SortFunc(cl.order, func(a, b int) int {
			x, y := &chunk[a].row, &chunk[b].row
			return cmp.Or(cmp.Compare(x.ZoneID, y.ZoneID), cmp.Compare(x.IndicatorID, y.IndicatorID), strings.Compare(x.Period, y.Period))
		})
		cl.keyZ, cl.keyI, cl.keyP = cl.keyZ[:0], cl.keyI[:0], cl.keyP[:0]
		for _, i := range cl.order {
			r := &chunk[i].row
			cl.keyZ, cl.keyI, cl.keyP = append(cl.keyZ, r.ZoneID), append(cl.keyI, r.IndicatorID), append(cl.keyP, r.Period)
		}
		rows, err = tx.Query(ctx, classifyKeysSQL, cl.keyZ, cl.keyI, cl.keyP)
	}
	if err != nil {
		return 0, translate(err, "import")
	}
	defer rows.Close()
	var (
		k                                     rowKey
		value                                 float64
		source, comment, explanation, quality string
	)
	for rows.Next() {
		if err := rows.Scan(&k.zone, &k.indicator, &k.period, &value, &source, &comment, &explanation, &quality); err != nil {
			return 0, translate(err, "import")
		}
		i, ok := cl.idx[k]
		if !ok {
			continue
		}
		r := &chunk[i].row
		if sameValue(r.Value, value) && r.Source == source && r.Comment == comment && r.Explain == explanation &&
			indicators.Quality(r.Quality).Same(indicators.Quality(quality)) {
			cl.class[i] = rowSame
		} else {
			cl.class[i] = rowChanged
		}
	}
	if err := rows.Err(); err != nil {
		return 0, translate(err, "import")
	}
	cl.rows += len(chunk)
	n := 0
	for _, c := range cl.class {
		switch c {
		case rowNew:
			cl.fresh, n = cl.fresh+1, n+1
		case rowChanged:
			cl.change, n = cl.change+1, n+1
		}
	}
	return n, nil
}

// appendNew appends v unless it is already there. A chunk has few
// distinct zones and years; its indicators are at most the catalogue's,
// and the last one is nearly always the one seen.
func appendNew[T comparable](s []T, v T) []T {
	if n := len(s); n > 0 && s[n-1] == v {
		return s
	}
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// sameValue is PostgreSQL's equality of double precision, under which NaN
// equals NaN.
func sameValue(a, b float64) bool {
	return a == b || math.IsNaN(a) && math.IsNaN(b)
}

// stagedRows is a chunk's new and changed rows as a pgx.CopyFromSource.
type stagedRows struct {
	chunk []pendingRow
	class []uint8
	pos   int
	vals  []any
}

func (s *stagedRows) Next() bool {
	for s.pos++; s.pos < len(s.chunk); s.pos++ {
		if s.class[s.pos] != rowSame {
			return true
		}
	}
	return false
}

func (s *stagedRows) Values() ([]any, error) {
	p := &s.chunk[s.pos]
	r := &p.row
	s.vals = append(s.vals[:0], int32(r.Line), r.ZoneID, r.IndicatorID, r.Period, int32(r.Year), r.Value, r.Source, r.Comment,
		r.Quality, p.warnings, r.Explain, p.locator)
	return s.vals, nil
}

func (s *stagedRows) Err() error { return nil }
