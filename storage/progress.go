package storage

import (
	"context"

	"igmc/indicators"
)

// UnapprovedValues lists a zone's current values of one framework and year
// that are not approved — drafts, values awaiting review and rejected ones
// — in catalogue order, then by period. The progress report shows them.
func (s *Store) UnapprovedValues(ctx context.Context, framework, zone string, year int) ([]indicators.Measurement, error) {
	if _, err := s.Framework(ctx, framework); err != nil {
		return nil, err
	}
	if _, err := s.Zone(ctx, zone); err != nil {
		return nil, err
	}
	var rows []measurementScan
	err := s.reader(ctx).Raw(measurementSelect+` WHERE f.code = ? AND z.code = ? AND m.year = ? AND m.status <> ?
		ORDER BY i.position, m.period`, framework, zone, year, string(indicators.Approved)).Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "measurements")
	}
	return measurementsOf(rows), nil
}
