package storage

import (
	"context"

	"gorm.io/gorm"

	"igmc/scoring"
)

// BundleInputs is what an official scorecard of framework's year is
// computed from, apart from the values: the framework in the method's
// terms and, for each of the zones given (nil: every zone), the options it
// is scored with (the adopted plan lines and the approved not-applicable
// marks, with those that follow from the zone's type). The auditor's
// bundle writes them out so that a verifier can recompute every card.
func (s *Store) BundleInputs(ctx context.Context, framework string, year int, zones []string) (scoring.Framework, map[string]scoring.Options, error) {
	if _, err := cardQuery(year, scoring.BasisOfficial); err != nil {
		return scoring.Framework{}, nil, err
	}
	var (
		fw  scoring.Framework
		out map[string]scoring.Options
	)
	err := s.cacheReader(ctx).Transaction(func(tx *gorm.DB) error {
		fe, err := s.scoringFramework(tx, framework)
		if err != nil {
			return err
		}
		fw = fe.fw
		out, err = s.optionsByCode(tx, fe, zones, year, scoring.BasisOfficial)
		return err
	})
	return fw, out, err
}

// optionsByCode is scoringOptions of the zones given (nil: every zone) by
// their codes.
func (s *Store) optionsByCode(tx *gorm.DB, fe *frameworkEntry, zones []string, year int, basis scoring.Basis) (map[string]scoring.Options, error) {
	var rows []zoneRow
	q := tx.Order("code")
	if zones != nil {
		q = q.Where("code IN ?", append([]string{""}, zones...))
	}
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err, "zones")
	}
	opts, err := s.scoringOptions(tx, fe, rows, year, basis)
	if err != nil {
		return nil, err
	}
	out := make(map[string]scoring.Options, len(rows))
	for _, z := range rows {
		out[z.Code] = opts[z.ID]
	}
	return out, nil
}

// EachOfficialValue hands fn, one by one, the approved values of a zone's
// framework up to year: exactly those its official scorecard is computed
// from. They are streamed from the database, never gathered.
func (s *Store) EachOfficialValue(ctx context.Context, framework, zone string, year int, fn func(scoring.Value) error) error {
	if _, err := cardQuery(year, scoring.BasisOfficial); err != nil {
		return err
	}
	return s.cacheReader(ctx).Transaction(func(tx *gorm.DB) error {
		fe, z, err := s.zoneOf(tx, framework, zone)
		if err != nil {
			return err
		}
		return eachZoneValue(tx, fe, z.ID, year, scoring.BasisOfficial, fn)
	})
}
