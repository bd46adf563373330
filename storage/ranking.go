package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"igmc/indicators"
	"igmc/scoring"
)

// Ranking scores every zone on a framework as of year and orders them by
// index, then coverage (zones without an index last). It reads the values of
// all zones in one pass and leaves each zone's scorecard in the cache.
func (s *Store) Ranking(ctx context.Context, framework string, year int, basis scoring.Basis) ([]scoring.RankRow, error) {
	if basis == "" {
		basis = scoring.BasisOfficial
	}
	if _, err := scoring.ParseBasis(string(basis)); err != nil {
		return nil, indicators.Errorf(indicators.Invalid, "status must be approved (the official basis) or any (the working basis)")
	}
	gen := s.cache.gen.Load()
	var cards []scoring.Card
	names := map[string]zoneRow{}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		fe, err := s.scoringFramework(tx, framework, gen)
		if err != nil {
			return err
		}
		var zones []zoneRow
		if err := tx.Order("code").Find(&zones).Error; err != nil {
			return translate(err, "zones")
		}
		byID := make(map[int64][]scoring.Value, len(zones))
		q := `SELECT m.zone_id, m.indicator_id, m.year, m.period, ` + basisValue(basis) + ` FROM measurements m
			JOIN indicators i ON i.id = m.indicator_id WHERE i.framework_id = ? AND m.year <= ?` + basisFilter(basis)
		rows, err := tx.Raw(q, fe.id, year).Rows()
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
			byID[zid] = append(byID[zid], scoring.Value{Indicator: fe.code[iid], Year: y, Sub: sub, Value: value, Approved: status == string(indicators.Approved)})
		}
		if err := rows.Err(); err != nil {
			return translate(err, "measurements")
		}
		cards = make([]scoring.Card, 0, len(zones))
		for _, z := range zones {
			names[z.Code] = z
			card, err := scoring.Compute(fe.fw, byID[z.ID], scoring.Options{Zone: z.Code, Year: year, Basis: basis})
			if err != nil {
				return &indicators.Error{Code: indicators.Internal, Message: "internal error", Err: fmt.Errorf("storage: rank %s/%d: %w", framework, year, err)}
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
		out = append(out, scoring.RankRow{Rank: i + 1, Zone: c.Zone, NameEn: z.NameEn, NameZh: z.NameZh, Index: c.Index.Score, Reason: c.Index.Reason,
			Coverage: c.Coverage, Points: c.Points.Earned, Grade: c.Points.Grade})
	}
	for i := range cards {
		s.cache.putCard(cardKey{framework, cards[i].Zone, year, basis}, &CardEntry{Card: cards[i], gen: gen})
	}
	return out, nil
}
