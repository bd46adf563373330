package storage

import (
	"context"

	"gorm.io/gorm"

	"igmc/scoring"
)

// OptionsOf exposes scoringOptions to the package's outside tests: the
// options each named zone (all zones when none is named) is scored with.
func (s *Store) OptionsOf(ctx context.Context, framework string, year int, basis scoring.Basis, zones ...string) (map[string]scoring.Options, error) {
	var out map[string]scoring.Options
	err := s.rdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		fe, err := s.scoringFramework(tx, framework)
		if err != nil {
			return err
		}
		out, err = s.optionsByCode(tx, fe, zones, year, basis)
		return err
	})
	return out, err
}
