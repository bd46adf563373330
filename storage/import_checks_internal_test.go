package storage

import "context"

// QualityColumns is what a value's row (version 0: the current one) or
// one of its revisions holds of the data-quality columns, for the tests.
type QualityColumns struct {
	ID                             int64
	Value                          float64
	Quality, Warnings, Explanation string
}

// QualityOf reads the data-quality columns of zone × indicator × period.
func (s *Store) QualityOf(ctx context.Context, zone, indicator, period string) (QualityColumns, error) {
	var q QualityColumns
	err := s.db.WithContext(ctx).Raw(`SELECT m.id, m.value, m.quality, m.warnings, m.explanation FROM measurements m
		JOIN zones z ON z.id = m.zone_id JOIN indicators i ON i.id = m.indicator_id
		WHERE z.code = ? AND i.code = ? AND m.period = ?`, zone, indicator, period).Row().Scan(&q.ID, &q.Value, &q.Quality, &q.Warnings, &q.Explanation)
	return q, err
}

// RevisionQualityOf reads them of a value's revision.
func (s *Store) RevisionQualityOf(ctx context.Context, id int64, version int) (QualityColumns, error) {
	q := QualityColumns{ID: id}
	err := s.db.WithContext(ctx).Raw(`SELECT value, quality, warnings, explanation FROM measurement_revisions
		WHERE measurement_id = ? AND version = ?`, id, version).Row().Scan(&q.Value, &q.Quality, &q.Warnings, &q.Explanation)
	return q, err
}

// SkipImportChecks turns the import's checks off (true) or on, for the
// benchmark that compares the two.
func SkipImportChecks(off bool) { withoutImportChecks.Store(off) }
