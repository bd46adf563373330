package storage

import (
	"context"
	"strconv"
)

// WorkingYear is the latest year, not after upTo, in which values of
// framework have entered the review: at least one submitted, approved or
// rejected value, or an approved value in force. Drafts, an officer's
// unfinished work, do not count, so one officer's draft for the next year
// moves no one's pages. ok is false when no such year exists. It is kept
// until the next write.
func (s *Store) WorkingYear(ctx context.Context, framework string, upTo int) (year int, ok bool, err error) {
	key := "working-year:" + framework + ":" + strconv.Itoa(upTo)
	if v, hit := s.cache.sum(key); hit {
		y := v.(int)
		return y, y != 0, nil
	}
	gen := s.cache.gen.Load()
	db := s.cacheReader(ctx)
	var years []int
	if err := db.Raw(`SELECT y.year FROM framework_years y JOIN frameworks f ON f.id = y.framework_id
		WHERE f.code = ? AND y.year <= ? ORDER BY y.year DESC`, framework, upTo).Scan(&years).Error; err != nil {
		return 0, false, translate(err, "framework years")
	}
	found := 0
	for _, y := range years {
		var n int64
		if err := db.Raw(`SELECT COUNT(*) FROM (SELECT 1 FROM measurements m JOIN indicators i ON i.id = m.indicator_id
			JOIN frameworks f ON f.id = i.framework_id
			WHERE f.code = ? AND m.year = ? AND (m.status <> 'draft' OR m.approved_value IS NOT NULL) LIMIT 1) x`, framework, y).Scan(&n).Error; err != nil {
			return 0, false, translate(err, "measurements")
		}
		if n > 0 {
			found = y
			break
		}
	}
	s.cache.putSum(key, found, gen)
	return found, found != 0, nil
}
