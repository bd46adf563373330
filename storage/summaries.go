package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"igmc/indicators"
	"igmc/scoring"
)

// Scorecard summaries (docs/architecture.md, "Scorecard summaries") keep,
// for each zone × framework × year × basis, what a ranking shows of the
// zone's card: table scorecard_summaries. A cold ranking reads one
// framework's rows of a year (one indexed range of the primary key) and
// computes only the zones whose row is missing, which it then keeps.
//
// Correctness rests on two rules.
//
// 1. Every write that can change a card deletes, in its own transaction,
// the summaries it may have made wrong. Store.write does it for every write
// (invalidateSummaries, before the commit): unless the write said which
// zones and frameworks it touched (staleSummary, with summariesNarrowed) or
// that it changes no scorecard (scoresUnchanged), it invalidates every
// summary of every framework. A write that forgets to say so costs a full
// rebuild, never a wrong ranking. A catalogue change always invalidates
// all. A row present is thus always the card of the data committed with
// or after it: the delete commits atomically with the change.
//
// 2. A reader never keeps a summary computed from data older than a
// concurrent invalidation. Each framework has a counter
// (scorecard_summary_frameworks.gen) that every invalidating write raises,
// first, under the row's lock, and each zone invalidated records the new
// value (scorecard_summary_zones.gen; all_gen when the whole framework was).
// The reader reads the counter (g0) before it reads any value. It keeps its
// rows in a later write transaction that first takes the counter row FOR
// SHARE (on SQLite the write transaction is the only writer) and leaves out
// every zone whose gen is above g0, or everything if all_gen is. Cases for
// a write W and a reader R:
//   - W committed before R read g0: R's values include W's change (they are
//     read after g0, each statement seeing all that committed before it).
//   - W raised the counter before R took the lock: R waits for W's commit
//     and then sees W's gen > g0 for W's zones, so it keeps none of them.
//   - R took the lock first: W's raise waits for R's commit, and W's delete,
//     a later statement, sees R's rows and deletes those of W's zones.
//
// Summaries are therefore a cache shared by every instance on the same
// database, which any of them may empty at any time: none keeps state of
// its own in it.

// summaryKeepWait bounds how long a ranking waits to keep its summaries.
const summaryKeepWait = time.Second

// summaryScope collects what a write invalidates.
type summaryScope struct {
	// narrow: the write named everything it touched with staleSummary.
	narrow bool
	// unchanged: the write changes no scorecard.
	unchanged bool
	zones     map[int64]map[int64]bool // framework → zones
}

type summaryScopeKey struct{}

func scopeOf(tx *gorm.DB) *summaryScope {
	if tx == nil || tx.Statement == nil || tx.Statement.Context == nil {
		return nil
	}
	sc, _ := tx.Statement.Context.Value(summaryScopeKey{}).(*summaryScope)
	return sc
}

// staleSummary records that the write in tx may change the cards of zone
// on framework.
func staleSummary(tx *gorm.DB, framework, zone int64) {
	if sc := scopeOf(tx); sc != nil {
		if sc.zones == nil {
			sc.zones = map[int64]map[int64]bool{}
		}
		if sc.zones[framework] == nil {
			sc.zones[framework] = map[int64]bool{}
		}
		sc.zones[framework][zone] = true
	}
}

// summariesNarrowed says that the write in tx names with staleSummary
// every zone and framework whose cards it may change: only those are
// invalidated.
func summariesNarrowed(tx *gorm.DB) {
	if sc := scopeOf(tx); sc != nil {
		sc.narrow = true
	}
}

// scoresUnchanged says that the write in tx changes no scorecard (an
// account, a session, a follow-up): it invalidates no summary.
func scoresUnchanged(tx *gorm.DB) {
	if sc := scopeOf(tx); sc != nil {
		sc.unchanged = true
	}
}

// invalidateSummaries deletes the summaries the write collected in sc may
// have changed, within the write's transaction: all of them when the write
// did not narrow them or is a catalogue change.
func invalidateSummaries(tx *gorm.DB, sc *summaryScope, catalogue bool) error {
	switch {
	case catalogue || (!sc.narrow && !sc.unchanged):
		return invalidateAllSummaries(tx)
	case len(sc.zones) == 0:
		return nil
	}
	fws := make([]int64, 0, len(sc.zones))
	for f := range sc.zones {
		fws = append(fws, f)
	}
	slices.Sort(fws) // one lock order for every writer
	for _, f := range fws {
		zones := make([]int64, 0, len(sc.zones[f]))
		for z := range sc.zones[f] {
			zones = append(zones, z)
		}
		slices.Sort(zones)
		if err := invalidateZoneSummaries(tx, f, zones); err != nil {
			return err
		}
	}
	return nil
}

// raiseSummaryGen raises a framework's invalidation counter, taking its
// row's lock until the commit, and returns the new value.
const raiseSummaryGen = `INSERT INTO scorecard_summary_frameworks (framework_id, gen, all_gen) VALUES (?, 1, 0)
	ON CONFLICT (framework_id) DO UPDATE SET gen = scorecard_summary_frameworks.gen + 1 RETURNING gen`

// invalidateZoneSummaries deletes every summary of zones on framework, all
// years and both bases, and records the invalidation (see the top of this
// file for why in this order).
func invalidateZoneSummaries(tx *gorm.DB, framework int64, zones []int64) error {
	var gen int64
	if err := tx.Raw(raiseSummaryGen, framework).Scan(&gen).Error; err != nil {
		return translate(err, "scorecard summaries")
	}
	for chunk := range slices.Chunk(zones, 500) {
		if err := tx.Exec(`INSERT INTO scorecard_summary_zones (framework_id, zone_id, gen)
			SELECT ?, z.id, ? FROM zones z WHERE z.id IN ?
			ON CONFLICT (framework_id, zone_id) DO UPDATE SET gen = excluded.gen`, framework, gen, chunk).Error; err != nil {
			return translate(err, "scorecard summaries")
		}
		if err := tx.Exec("DELETE FROM scorecard_summaries WHERE framework_id = ? AND zone_id IN ?", framework, chunk).Error; err != nil {
			return translate(err, "scorecard summaries")
		}
	}
	return nil
}

// invalidateAllSummaries deletes every summary of every framework.
func invalidateAllSummaries(tx *gorm.DB) error {
	var ids []int64
	if err := tx.Raw("SELECT id FROM frameworks ORDER BY id").Scan(&ids).Error; err != nil {
		return translate(err, "frameworks")
	}
	for _, id := range ids {
		if err := tx.Exec(`INSERT INTO scorecard_summary_frameworks (framework_id, gen, all_gen) VALUES (?, 1, 1)
			ON CONFLICT (framework_id) DO UPDATE SET gen = scorecard_summary_frameworks.gen + 1, all_gen = scorecard_summary_frameworks.gen + 1`, id).Error; err != nil {
			return translate(err, "scorecard summaries")
		}
	}
	return translate(tx.Exec("DELETE FROM scorecard_summaries").Error, "scorecard summaries")
}

// importInvalidatesSummaries is the invalidation of an import of values of
// framework for the zones named by code, within the import's transaction.
func importInvalidatesSummaries(ctx context.Context, bt bulkTx, framework int64, zoneCodes []string) error {
	if len(zoneCodes) == 0 {
		return nil
	}
	var gen int64
	if err := bt.queryRow(ctx, raiseSummaryGen, []any{framework}, &gen); err != nil {
		return err
	}
	for chunk := range slices.Chunk(zoneCodes, 500) {
		marks := strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")
		codes := make([]any, len(chunk))
		for i, c := range chunk {
			codes[i] = c
		}
		if err := bt.exec(ctx, `INSERT INTO scorecard_summary_zones (framework_id, zone_id, gen)
			SELECT ?, z.id, ? FROM zones z WHERE z.code IN (`+marks+`)
			ON CONFLICT (framework_id, zone_id) DO UPDATE SET gen = excluded.gen`, append([]any{framework, gen}, codes...)...); err != nil {
			return err
		}
		if err := bt.exec(ctx, `DELETE FROM scorecard_summaries WHERE framework_id = ?
			AND zone_id IN (SELECT id FROM zones WHERE code IN (`+marks+`))`, append([]any{framework}, codes...)...); err != nil {
			return err
		}
	}
	return nil
}

// summaryRow is one kept summary.
type summaryRow struct {
	ZoneID      int64
	IndexScore  *float64
	IndexReason string
	Points      float64
	// PointsMax is nil in a row kept before it was kept (migration
	// 0020): such a row counts as missing.
	PointsMax    *float64
	Grade        *string
	Coverage     float64
	Perspectives string
}

func (summaryRow) TableName() string { return "scorecard_summaries" }

// summaryOf is the summary of a computed card.
func summaryOf(zone int64, c scoring.Card) (summaryRow, error) {
	ps := make([]scoring.RankPerspective, len(c.Perspectives))
	for j, p := range c.Perspectives {
		ps[j] = scoring.RankPerspective{Code: p.Code, Score: p.Score, Rating: p.Rating, Coverage: p.Coverage}
	}
	b, err := json.Marshal(ps)
	if err != nil {
		return summaryRow{}, err
	}
	max := c.Points.Max
	return summaryRow{ZoneID: zone, IndexScore: c.Index.Score, IndexReason: string(c.Index.Reason), Points: c.Points.Earned,
		PointsMax: &max, Grade: c.Points.Grade, Coverage: c.Coverage, Perspectives: string(b)}, nil
}

// summaryGens is a framework's invalidation counter as a reader saw it.
type summaryGens struct {
	Gen    int64
	AllGen int64
}

func readSummaryGens(tx *gorm.DB, framework int64, lock bool) (summaryGens, error) {
	var g []summaryGens
	q := tx.Table("scorecard_summary_frameworks").Select("gen, all_gen").Where("framework_id = ?", framework)
	if lock {
		q = q.Clauses(clause.Locking{Strength: "SHARE"})
	}
	if err := q.Scan(&g).Error; err != nil {
		return summaryGens{}, translate(err, "scorecard summaries")
	}
	if len(g) == 0 {
		return summaryGens{}, nil
	}
	return g[0], nil
}

// keepSummaries stores summaries computed by a reader that read the
// counter g0 before reading the values, leaving out every zone invalidated
// since (see the top of this file). It is a write of its own, which
// neither notifies other instances nor drops a cache: it changes no data.
func (s *Store) keepSummaries(ctx context.Context, framework int64, year int, basis scoring.Basis, g0 summaryGens, rows []summaryRow) error {
	// A reader does not wait long for a long write (an import) to end:
	// it answers and leaves the keeping to a later ranking.
	ctx, cancel := context.WithTimeout(ctx, summaryKeepWait)
	defer cancel()
	return s.transact(ctx, s.db, func(tx *gorm.DB) error {
		lock := s.engine == Postgres
		if lock {
			// The counter row must exist to be locked.
			if err := tx.Exec(`INSERT INTO scorecard_summary_frameworks (framework_id, gen, all_gen) VALUES (?, 0, 0)
				ON CONFLICT (framework_id) DO NOTHING`, framework).Error; err != nil {
				return translate(err, "scorecard summaries")
			}
		}
		now, err := readSummaryGens(tx, framework, lock)
		if err != nil {
			return err
		}
		if now.AllGen > g0.Gen {
			return nil
		}
		keep := rows
		if now.Gen > g0.Gen {
			var stale []int64
			if err := tx.Raw("SELECT zone_id FROM scorecard_summary_zones WHERE framework_id = ? AND gen > ?", framework, g0.Gen).
				Scan(&stale).Error; err != nil {
				return translate(err, "scorecard summaries")
			}
			keep = slices.DeleteFunc(slices.Clone(rows), func(r summaryRow) bool { return slices.Contains(stale, r.ZoneID) })
		}
		// Rows kept without their points' maximum are replaced.
		if err := tx.Exec("DELETE FROM scorecard_summaries WHERE framework_id = ? AND year = ? AND basis = ? AND points_max IS NULL",
			framework, year, string(basis)).Error; err != nil {
			return translate(err, "scorecard summaries")
		}
		for chunk := range slices.Chunk(keep, 500) {
			vals := make([]map[string]any, len(chunk))
			for i, r := range chunk {
				vals[i] = map[string]any{"framework_id": framework, "year": year, "basis": string(basis), "zone_id": r.ZoneID,
					"index_score": r.IndexScore, "index_reason": r.IndexReason, "points": r.Points, "points_max": r.PointsMax, "grade": r.Grade,
					"coverage": r.Coverage, "perspectives": r.Perspectives}
			}
			if err := tx.Table("scorecard_summaries").Clauses(clause.OnConflict{DoNothing: true}).Create(vals).Error; err != nil {
				return translate(err, "scorecard summaries")
			}
		}
		return nil
	})
}

// rankRowOf turns a kept summary into a ranking row (without its rank).
func rankRowOf(z zoneRow, r summaryRow) (scoring.RankRow, error) {
	var ps []scoring.RankPerspective
	if err := json.Unmarshal([]byte(r.Perspectives), &ps); err != nil {
		return scoring.RankRow{}, fmt.Errorf("storage: summary of zone %d: %w", z.ID, err)
	}
	var max float64
	if r.PointsMax != nil {
		max = *r.PointsMax
	}
	return scoring.RankRow{Zone: z.Code, NameEn: z.NameEn, NameZh: z.NameZh, Index: r.IndexScore, Reason: scoring.IndexReason(r.IndexReason),
		Coverage: r.Coverage, Points: r.Points, PointsMax: max, Grade: r.Grade, Perspectives: ps}, nil
}

// keepsSummaries says whether summaries of year are kept: years outside
// the range a value may have are computed but not stored, so that no
// query fills the table.
func keepsSummaries(year int) bool {
	return indicators.CheckYear(year) == nil
}
