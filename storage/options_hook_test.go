package storage

import (
	"context"

	"gorm.io/gorm"

	"igmc/scoring"
)

// OptionsOf exposes scoringOptions to the package's outside tests: the
// options each named zone (all zones when none is named) is scored with.
func (s *Store) OptionsOf(ctx context.Context, framework string, year int, basis scoring.Basis, zones ...string) (map[string]scoring.Options, error) {
	out := map[string]scoring.Options{}
	err := s.rdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		fe, err := s.scoringFramework(tx, framework)
		if err != nil {
			return err
		}
		var rows []zoneRow
		q := tx.Order("code")
		if len(zones) > 0 {
			q = q.Where("code IN ?", zones)
		}
		if err := q.Find(&rows).Error; err != nil {
			return err
		}
		opts, err := s.scoringOptions(tx, fe, rows, year, basis)
		for _, z := range rows {
			out[z.Code] = opts[z.ID]
		}
		return err
	})
	return out, err
}
