package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"igmc/indicators"
	"igmc/scoring"
)

// Ranking scores every zone on a framework as of year and orders them by
// index, then coverage (zones without an index last). An index needs only
// each indicator's value as of the year, not the history a trend needs, so
// it reads the values of that year for all zones in one pass, and older
// values only for the indicators a zone has not reported that year. The
// result is cached until the next write.
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
		byZone := make(map[int64][]scoring.Value, len(zones))
		type pair struct{ zone, indicator int64 }
		found := map[pair]bool{}
		add := func(q string, args ...any) error {
			return scanValues(tx, fe, q, args, func(zone, indicator int64, v scoring.Value) {
				found[pair{zone, indicator}] = true
				byZone[zone] = append(byZone[zone], v)
			})
		}
		// The framework's indicators by id, not by a join: SQLite would
		// otherwise look up every row's indicator, a second per million rows.
		ids := make([]int64, 0, len(fe.code))
		for id := range fe.code {
			ids = append(ids, id)
		}
		if err := add(`SELECT m.zone_id, m.indicator_id, m.year, m.period, `+basisValue(basis)+` FROM measurements m
			WHERE m.indicator_id IN ? AND m.year = ?`+basisFilter(basis), ids, year); err != nil {
			return err
		}
		if len(found) < len(zones)*len(fe.fw.Indicators) {
			// Some zones lack some indicators this year: their value as of
			// the year is the latest earlier one.
			older := map[pair][]scoring.Value{}
			err := scanValues(tx, fe, `SELECT m.zone_id, m.indicator_id, m.year, m.period, `+basisValue(basis)+` FROM measurements m
				JOIN (SELECT m.zone_id, m.indicator_id, MAX(m.year) AS year FROM measurements m
					WHERE m.indicator_id IN ? AND m.year < ?`+basisFilter(basis)+` GROUP BY m.zone_id, m.indicator_id) l
				ON l.zone_id = m.zone_id AND l.indicator_id = m.indicator_id AND l.year = m.year WHERE true`+basisFilter(basis),
				[]any{ids, year}, func(zone, indicator int64, v scoring.Value) {
					if !found[pair{zone, indicator}] {
						older[pair{zone, indicator}] = append(older[pair{zone, indicator}], v)
					}
				})
			if err != nil {
				return err
			}
			for p, vs := range older {
				byZone[p.zone] = append(byZone[p.zone], vs...)
			}
		}
		opts, err := s.scoringOptions(tx, fe, zones, year, basis)
		if err != nil {
			return err
		}
		cards = make([]scoring.Card, 0, len(zones))
		for _, z := range zones {
			names[z.Code] = z
			card, err := scoring.Compute(fe.fw, byZone[z.ID], opts[z.ID])
			if err != nil {
				return &indicators.Error{Code: indicators.Internal, Message: "internal error", Err: fmt.Errorf("storage: rank %s/%d: %w", framework, year, err)}
			}
			if basis == scoring.BasisOfficial {
				frozen, err := signedOffCard(tx, fe.id, z.ID, year)
				if err != nil {
					return err
				}
				if frozen != nil {
					card = *frozen
				}
			}
			cards = append(cards, card)
		}
		return nil
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
			Coverage: c.Coverage, Points: c.Points.Earned, Grade: c.Points.Grade, Perspectives: ps})
	}
	s.cache.putRanking(key, out, gen)
	return out, nil
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
