package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"igmc/indicators"
	"igmc/scoring"
)

// Ranking scores every zone on a framework as of year and orders them by
// index, then coverage (zones without an index last). It reads the kept
// summaries of the year (summaries.go) and computes only the zones whose
// summary is missing, which it then keeps. The result is cached until the
// next write.
func (s *Store) Ranking(ctx context.Context, framework string, year int, basis scoring.Basis) ([]scoring.RankRow, error) {
	if basis == "" {
		basis = scoring.BasisOfficial
	}
	if _, err := scoring.ParseBasis(string(basis)); err != nil {
		return nil, indicators.Errorf(indicators.Invalid, "status must be approved (the official basis) or any (the working basis)")
	}
	key := rankKey{framework, year, basis}
	if rows := s.cache.ranking(key); rows != nil {
		return rows, nil
	}
	gen := s.cache.gen.Load()
	var (
		zones []zoneRow
		kept  = map[int64]summaryRow{}
		fresh []summaryRow
		g0    summaryGens
		fwID  int64
	)
	err := s.cacheReader(ctx).Transaction(func(tx *gorm.DB) error {
		fe, err := s.scoringFramework(tx, framework)
		if err != nil {
			return err
		}
		fwID = fe.id
		// The counter first, before any summary or value is read.
		if g0, err = readSummaryGens(tx, fe.id, false); err != nil {
			return err
		}
		if err := tx.Order("code").Find(&zones).Error; err != nil {
			return translate(err, "zones")
		}
		var rows []summaryRow
		if err := tx.Where("framework_id = ? AND year = ? AND basis = ?", fe.id, year, string(basis)).Find(&rows).Error; err != nil {
			return translate(err, "scorecard summaries")
		}
		for _, r := range rows {
			if r.PointsMax != nil {
				kept[r.ZoneID] = r
			}
		}
		var missing []zoneRow
		for _, z := range zones {
			if _, ok := kept[z.ID]; !ok {
				missing = append(missing, z)
			}
		}
		if len(missing) == 0 {
			return nil
		}
		// Many missing: one pass over every zone's values beats a long
		// list of zones to filter by.
		scored := missing
		if len(missing)*2 > len(zones) {
			scored = zones
		}
		cards, err := s.computeCards(tx, fe, scored, len(scored) == len(zones), year, basis)
		if err != nil {
			return err
		}
		for i, c := range cards {
			if _, ok := kept[scored[i].ID]; ok {
				continue
			}
			r, err := summaryOf(scored[i].ID, c)
			if err != nil {
				return &indicators.Error{Code: indicators.Internal, Message: "internal error", Err: err}
			}
			fresh = append(fresh, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(fresh) > 0 && keepsSummaries(year) {
		// Not keeping them costs only time: the next ranking computes them
		// again. The answer stands either way.
		if err := s.keepSummaries(ctx, fwID, year, basis, g0, fresh); err != nil && ctx.Err() == nil {
			s.log.Warn("storage: could not keep scorecard summaries", "framework", framework, "year", year, "err", err)
		}
	}
	for _, r := range fresh {
		kept[r.ZoneID] = r
	}
	out, err := rankSummaries(zones, kept)
	if err != nil {
		return nil, &indicators.Error{Code: indicators.Internal, Message: "internal error", Err: err}
	}
	s.cache.putRanking(key, out, gen)
	return out, nil
}

// rankSummaries orders the zones' summaries as scoring.Rank orders cards.
func rankSummaries(zones []zoneRow, sums map[int64]summaryRow) ([]scoring.RankRow, error) {
	cards := make([]scoring.Card, len(zones))
	rows := make(map[string]scoring.RankRow, len(zones))
	for i, z := range zones {
		r, err := rankRowOf(z, sums[z.ID])
		if err != nil {
			return nil, err
		}
		rows[z.Code] = r
		cards[i] = scoring.Card{Zone: z.Code, Index: scoring.Index{Score: r.Index}, Coverage: r.Coverage}
	}
	out := make([]scoring.RankRow, 0, len(cards))
	for i, c := range scoring.Rank(cards) {
		r := rows[c.Zone]
		r.Rank = i + 1
		out = append(out, r)
	}
	return out, nil
}

// rankingRecomputed is Ranking computed from the values alone, every zone
// afresh, ignoring and keeping no summary: what the summaries must equal.
func (s *Store) rankingRecomputed(ctx context.Context, framework string, year int, basis scoring.Basis) ([]scoring.RankRow, error) {
	var cards []scoring.Card
	names := map[string]zoneRow{}
	err := s.cacheReader(ctx).Transaction(func(tx *gorm.DB) error {
		fe, err := s.scoringFramework(tx, framework)
		if err != nil {
			return err
		}
		var zones []zoneRow
		if err := tx.Order("code").Find(&zones).Error; err != nil {
			return translate(err, "zones")
		}
		for _, z := range zones {
			names[z.Code] = z
		}
		cards, err = s.computeCards(tx, fe, zones, true, year, basis)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]scoring.RankRow, 0, len(cards))
	for i, c := range scoring.Rank(cards) {
		z := names[c.Zone]
		ps := make([]scoring.RankPerspective, len(c.Perspectives))
		for j, p := range c.Perspectives {
			ps[j] = scoring.RankPerspective{Code: p.Code, Score: p.Score, Rating: p.Rating, Coverage: p.Coverage}
		}
		out = append(out, scoring.RankRow{Rank: i + 1, Zone: c.Zone, NameEn: z.NameEn, NameZh: z.NameZh, Index: c.Index.Score, Reason: c.Index.Reason,
			Coverage: c.Coverage, Points: c.Points.Earned, PointsMax: c.Points.Max, Grade: c.Points.Grade, Perspectives: ps})
	}
	return out, nil
}

// computeCards scores zones on a framework as of year, in the order given;
// all says they are every zone, so that no filter by zone is needed. An
// index needs only each indicator's value as of the year, not the history
// a trend needs, so it reads the values of that year in one pass, and
// older values only for the indicators a zone has not reported that year.
// On the official basis a signed-off zone's card is the frozen one.
func (s *Store) computeCards(tx *gorm.DB, fe *frameworkEntry, zones []zoneRow, all bool, year int, basis scoring.Basis) ([]scoring.Card, error) {
	byZone := make(map[int64][]scoring.Value, len(zones))
	type pair struct{ zone, indicator int64 }
	found := map[pair]bool{}
	zoneFilter, zoneArgs := "", []any{}
	if !all {
		ids := make([]int64, len(zones))
		for i, z := range zones {
			ids[i] = z.ID
		}
		zoneFilter, zoneArgs = " AND m.zone_id IN ?", []any{ids}
	}
	// The framework's indicators by id, not by a join: SQLite would
	// otherwise look up every row's indicator, a second per million rows.
	ids := make([]int64, 0, len(fe.code))
	for id := range fe.code {
		ids = append(ids, id)
	}
	err := scanValues(tx, fe, `SELECT m.zone_id, m.indicator_id, m.year, m.period, `+basisValue(basis)+` FROM measurements m
		WHERE m.indicator_id IN ? AND m.year = ?`+zoneFilter+basisFilter(basis), append([]any{ids, year}, zoneArgs...),
		func(zone, indicator int64, v scoring.Value) {
			found[pair{zone, indicator}] = true
			byZone[zone] = append(byZone[zone], v)
		})
	if err != nil {
		return nil, err
	}
	if len(found) < len(zones)*len(fe.fw.Indicators) {
		// Some zones lack some indicators this year: their value as of
		// the year is the latest earlier one.
		older := map[pair][]scoring.Value{}
		err := scanValues(tx, fe, `SELECT m.zone_id, m.indicator_id, m.year, m.period, `+basisValue(basis)+` FROM measurements m
			JOIN (SELECT m.zone_id, m.indicator_id, MAX(m.year) AS year FROM measurements m
				WHERE m.indicator_id IN ? AND m.year < ?`+zoneFilter+basisFilter(basis)+` GROUP BY m.zone_id, m.indicator_id) l
			ON l.zone_id = m.zone_id AND l.indicator_id = m.indicator_id AND l.year = m.year WHERE true`+basisFilter(basis),
			append([]any{ids, year}, zoneArgs...), func(zone, indicator int64, v scoring.Value) {
				if !found[pair{zone, indicator}] {
					older[pair{zone, indicator}] = append(older[pair{zone, indicator}], v)
				}
			})
		if err != nil {
			return nil, err
		}
		for p, vs := range older {
			byZone[p.zone] = append(byZone[p.zone], vs...)
		}
	}
	opts, err := s.scoringOptions(tx, fe, zones, year, basis)
	if err != nil {
		return nil, err
	}
	cards := make([]scoring.Card, 0, len(zones))
	for _, z := range zones {
		card, err := scoring.Compute(fe.fw, byZone[z.ID], opts[z.ID])
		if err != nil {
			return nil, &indicators.Error{Code: indicators.Internal, Message: "internal error", Err: fmt.Errorf("storage: rank %s/%d: %w", fe.fw.Code, year, err)}
		}
		if basis == scoring.BasisOfficial {
			frozen, err := signedOffCard(tx, fe.id, z.ID, year)
			if err != nil {
				return nil, err
			}
			if frozen != nil {
				card = *frozen
			}
		}
		cards = append(cards, card)
	}
	return cards, nil
}

// scanValues runs a query of (zone_id, indicator_id, year, period, value,
// status) rows and hands each on as a scoring value.
func scanValues(tx *gorm.DB, fe *frameworkEntry, q string, args []any, fn func(zone, indicator int64, v scoring.Value)) error {
	rows, err := tx.Raw(q, args...).Rows()
	if err != nil {
		return translate(err, "measurements")
	}
	defer rows.Close()
	var (
		zid, iid int64
		y        int
		period   string
		value    float64
		status   string
	)
	for rows.Next() {
		if err := rows.Scan(&zid, &iid, &y, &period, &value, &status); err != nil {
			return translate(err, "measurements")
		}
		sub := 0
		if len(period) > 4 {
			p, err := indicators.ParsePeriod(period)
			if err != nil {
				return translate(err, "measurements")
			}
			sub = p.Sub
		}
		fn(zid, iid, scoring.Value{Indicator: fe.code[iid], Year: y, Sub: sub, Value: value, Approved: status == string(indicators.Approved)})
	}
	return translate(rows.Err(), "measurements")
}
