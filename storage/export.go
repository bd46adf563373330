package storage

import (
	"context"
	"time"

	"igmc/indicators"
)

// ExportMeasurements streams the values of a framework (optionally one zone)
// to fn, row by row as the database returns them, never holding the whole
// set in memory. With history, every earlier version comes before the
// current one. Order: zone, indicator (catalogue order), period, version.
func (s *Store) ExportMeasurements(ctx context.Context, f indicators.MeasurementFilter, history bool, fn func(*indicators.ExportRow) error) error {
	if _, err := s.Framework(ctx, f.Framework); err != nil {
		return err
	}
	if f.Zone != "" {
		if _, err := s.Zone(ctx, f.Zone); err != nil {
			return err
		}
	}
	where, args := measurementWhere(indicators.MeasurementFilter{Framework: f.Framework, Zone: f.Zone, Zones: f.Zones})
	cur := `SELECT z.code, i.code, m.period, m.value, m.source, m.comment, m.status, m.version, m.entered_by, m.reviewed_by,
		m.created_at, m.updated_at, 1 AS current, i.position, m.id
		FROM measurements m JOIN zones z ON z.id = m.zone_id JOIN indicators i ON i.id = m.indicator_id JOIN frameworks f ON f.id = i.framework_id` + where
	q := cur
	if history {
		q += ` UNION ALL SELECT z.code, i.code, m.period, r.value, r.source, r.comment, r.status, r.version, r.entered_by, r.reviewed_by,
		r.created_at, r.updated_at, 0 AS current, i.position, m.id
		FROM measurement_revisions r JOIN measurements m ON m.id = r.measurement_id JOIN zones z ON z.id = m.zone_id
		JOIN indicators i ON i.id = m.indicator_id JOIN frameworks f ON f.id = i.framework_id` + where
		args = append(args, args...)
	}
	q = "SELECT * FROM (" + q + ") x ORDER BY 1, 14, 3, 8"
	rows, err := s.rdb.WithContext(ctx).Raw(q, args...).Rows()
	if err != nil {
		return translate(err, "measurements")
	}
	defer rows.Close()
	var (
		r        indicators.ExportRow
		current  int
		position int
		id       int64
		created  time.Time
		updated  time.Time
	)
	r.FrameworkCode = f.Framework
	for rows.Next() {
		if err := rows.Scan(&r.ZoneCode, &r.IndicatorCode, &r.Period, &r.Value, &r.Source, &r.Comment, &r.Status, &r.Version,
			&r.EnteredBy, &r.ReviewedBy, &created, &updated, &current, &position, &id); err != nil {
			return translate(err, "measurements")
		}
		r.CreatedAt, r.UpdatedAt, r.Current, r.ID = created, updated, current == 1, id
		if err := fn(&r); err != nil {
			return err
		}
	}
	return translate(rows.Err(), "measurements")
}
