package storage

import (
	"context"

	"igmc/scoring"
)

// RankingRecomputed exposes rankingRecomputed to the package's outside
// tests: the ranking computed from the values alone.
func RankingRecomputed(s *Store, ctx context.Context, framework string, year int, basis scoring.Basis) ([]scoring.RankRow, error) {
	return s.rankingRecomputed(ctx, framework, year, basis)
}

// SummaryRows counts the kept summaries of a framework's year and basis.
func SummaryRows(s *Store, ctx context.Context, framework string, year int, basis scoring.Basis) (int64, error) {
	var n int64
	err := s.rdb.WithContext(ctx).Raw(`SELECT COUNT(*) FROM scorecard_summaries m JOIN frameworks f ON f.id = m.framework_id
		WHERE f.code = ? AND m.year = ? AND m.basis = ?`, framework, year, string(basis)).Scan(&n).Error
	return n, err
}
