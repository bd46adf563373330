package storage

import (
	"context"
	"database/sql"
	"fmt"

	"gorm.io/gorm"

	"igmc/indicators"
	"igmc/scoring"
)

// ScorecardSeries is a zone's scorecards for every year from first to last,
// for the charts of the scorecard page: the values are read once and each
// year is scored as of that year. Cards already cached are reused and the
// new ones cached.
func (s *Store) ScorecardSeries(ctx context.Context, framework, zone string, first, last int, basis scoring.Basis) ([]scoring.Card, error) {
	if basis == "" {
		basis = scoring.BasisOfficial
	}
	if _, err := scoring.ParseBasis(string(basis)); err != nil {
		return nil, indicators.Errorf(indicators.Invalid, "status must be approved (the official basis) or any (the working basis)")
	}
	if !indicators.ValidYear(first) || !indicators.ValidYear(last) || first > last || last-first > 100 {
		return nil, indicators.Errorf(indicators.Invalid, "years %d to %d are not a range of at most 100 years between %d and %d", first, last, indicators.MinYear, indicators.MaxYear)
	}
	out := make([]scoring.Card, last-first+1)
	var missing []int
	for y := first; y <= last; y++ {
		if e := s.cache.card(cardKey{framework, zone, y, basis}); e != nil {
			out[y-first] = e.Card
		} else {
			missing = append(missing, y)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	gen := s.cache.gen.Load()
	err := s.cacheReader(ctx).Transaction(func(tx *gorm.DB) error {
		fe, values, opts, err := s.valuesOf(tx, framework, zone, last, basis)
		if err != nil {
			return err
		}
		upTo := make([]scoring.Value, 0, len(values))
		for _, y := range missing {
			upTo = upTo[:0]
			for _, v := range values {
				if v.Year <= y {
					upTo = append(upTo, v)
				}
			}
			opts.Year = y
			card, err := scoring.Compute(fe.fw, upTo, opts)
			if err != nil {
				return &indicators.Error{Code: indicators.Internal, Message: "internal error", Err: fmt.Errorf("storage: score %s/%s/%d: %w", framework, zone, y, err)}
			}
			if basis == scoring.BasisOfficial {
				frozen, err := s.frozenCard(tx, framework, zone, y)
				if err != nil {
					return err
				}
				if frozen != nil {
					card = *frozen
				}
			}
			out[y-first] = card
			s.cache.putCard(cardKey{framework, zone, y, basis}, &CardEntry{Card: card, gen: gen})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// YearRange is the first and last year with a value in framework (any
// status); ok is false when it has none. It is kept until the next write.
func (s *Store) YearRange(ctx context.Context, framework string) (first, last int, ok bool, err error) {
	key := "years:" + framework
	if v, hit := s.cache.sum(key); hit {
		r := v.([2]int)
		return r[0], r[1], r[0] != 0, nil
	}
	gen := s.cache.gen.Load()
	var lo, hi sql.NullInt64
	row := s.cacheReader(ctx).Raw(`SELECT MIN(y.year), MAX(y.year) FROM framework_years y
		JOIN frameworks f ON f.id = y.framework_id WHERE f.code = ?`, framework).Row()
	if err := row.Scan(&lo, &hi); err != nil {
		return 0, 0, false, translate(err, "measurements")
	}
	s.cache.putSum(key, [2]int{int(lo.Int64), int(hi.Int64)}, gen)
	if !lo.Valid {
		return 0, 0, false, nil
	}
	return int(lo.Int64), int(hi.Int64), true, nil
}

// PendingCounts counts each zone's values of framework that await work —
// drafts, submitted and rejected values, any year — by zone code and
// status, in one pass; it is kept until the next write, so pages that show
// what needs attention do not scan the values on every visit.
func (s *Store) PendingCounts(ctx context.Context, framework string) (map[string]map[indicators.Status]int64, error) {
	key := "pending:" + framework
	if v, hit := s.cache.sum(key); hit {
		return v.(map[string]map[indicators.Status]int64), nil
	}
	gen := s.cache.gen.Load()
	rows, err := s.cacheReader(ctx).Raw(`SELECT z.code, m.status, COUNT(*) FROM measurements m
		JOIN zones z ON z.id = m.zone_id JOIN indicators i ON i.id = m.indicator_id JOIN frameworks f ON f.id = i.framework_id
		WHERE f.code = ? AND m.status <> 'approved' GROUP BY z.code, m.status`, framework).Rows()
	if err != nil {
		return nil, translate(err, "measurements")
	}
	defer rows.Close()
	out := map[string]map[indicators.Status]int64{}
	for rows.Next() {
		var (
			zone, status string
			n            int64
		)
		if err := rows.Scan(&zone, &status, &n); err != nil {
			return nil, translate(err, "measurements")
		}
		if out[zone] == nil {
			out[zone] = map[indicators.Status]int64{}
		}
		out[zone][indicators.Status(status)] = n
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err, "measurements")
	}
	s.cache.putSum(key, out, gen)
	return out, nil
}
