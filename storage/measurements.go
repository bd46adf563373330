package storage

import (
	"context"
	"errors"
	"strings"

	"gorm.io/gorm"

	"igmc/indicators"
)

const measurementSelect = `SELECT m.id, f.code AS framework_code, z.code AS zone_code, i.code AS indicator_code,
	m.period, m.value, m.source, m.comment, m.status, m.entered_by, m.reviewed_by, m.version, m.created_at, m.updated_at
	FROM measurements m
	JOIN zones z ON z.id = m.zone_id
	JOIN indicators i ON i.id = m.indicator_id
	JOIN frameworks f ON f.id = i.framework_id`

// measurementWhere builds the WHERE clause of a measurement filter.
func measurementWhere(f indicators.MeasurementFilter) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, v any) { conds = append(conds, cond); args = append(args, v) }
	if f.Framework != "" {
		add("f.code = ?", f.Framework)
	}
	if f.Zone != "" {
		add("z.code = ?", f.Zone)
	}
	if f.Indicator != "" {
		add("i.code = ?", f.Indicator)
	}
	if f.Period != "" {
		add("m.period = ?", f.Period)
	}
	if f.Status != "" {
		add("m.status = ?", string(f.Status))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// ListMeasurements returns one page of current values, oldest id first, with
// the total that match and the cursor of the next page.
func (s *Store) ListMeasurements(ctx context.Context, f indicators.MeasurementFilter) (indicators.Page[indicators.Measurement], error) {
	page := indicators.Page[indicators.Measurement]{Items: []indicators.Measurement{}}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	where, args := measurementWhere(f)
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		countSQL := `SELECT COUNT(*) FROM measurements m JOIN zones z ON z.id = m.zone_id JOIN indicators i ON i.id = m.indicator_id JOIN frameworks f ON f.id = i.framework_id` + where
		if err := tx.Raw(countSQL, args...).Scan(&page.Total).Error; err != nil {
			return translate(err, "measurements")
		}
		pageWhere := where
		pageArgs := append([]any{}, args...)
		if f.After > 0 {
			if pageWhere == "" {
				pageWhere = " WHERE m.id > ?"
			} else {
				pageWhere += " AND m.id > ?"
			}
			pageArgs = append(pageArgs, f.After)
		}
		pageArgs = append(pageArgs, f.Limit+1)
		if err := tx.Raw(measurementSelect+pageWhere+" ORDER BY m.id LIMIT ?", pageArgs...).Scan(&page.Items).Error; err != nil {
			return translate(err, "measurements")
		}
		return nil
	})
	if err != nil {
		return page, err
	}
	if len(page.Items) > f.Limit {
		page.Items = page.Items[:f.Limit]
		next := page.Items[f.Limit-1].ID
		page.Next = &next
	}
	return page, nil
}

// Measurement returns the current value with that id.
func (s *Store) Measurement(ctx context.Context, id int64) (indicators.Measurement, error) {
	return getMeasurement(s.db.WithContext(ctx), id)
}

func getMeasurement(tx *gorm.DB, id int64) (indicators.Measurement, error) {
	var out []indicators.Measurement
	if err := tx.Raw(measurementSelect+" WHERE m.id = ?", id).Scan(&out).Error; err != nil {
		return indicators.Measurement{}, translate(err, "measurement")
	}
	if len(out) == 0 {
		return indicators.Measurement{}, indicators.Errorf(indicators.NotFound, "measurement %d not found", id)
	}
	return out[0], nil
}

// resolveInput checks a value against its zone, indicator and period and
// returns the ids to store, with field errors named after the JSON fields.
func resolveInput(tx *gorm.DB, in indicators.MeasurementInput) (zone int64, ind indicatorRow, p indicators.Period, err error) {
	var errs indicators.FieldErrors
	var f frameworkRow
	switch e := tx.Where("code = ?", in.FrameworkCode).Take(&f).Error; {
	case errors.Is(e, gorm.ErrRecordNotFound):
		errs.Add(0, "framework_code", "unknown_framework", "unknown framework %q", in.FrameworkCode)
	case e != nil:
		return 0, ind, p, translate(e, "framework")
	}
	var z zoneRow
	switch e := tx.Where("code = ?", in.ZoneCode).Take(&z).Error; {
	case errors.Is(e, gorm.ErrRecordNotFound):
		errs.Add(0, "zone_code", "unknown_zone", "unknown zone %q", in.ZoneCode)
	case e != nil:
		return 0, ind, p, translate(e, "zone")
	}
	if f.ID != 0 {
		switch e := tx.Where("framework_id = ? AND code = ?", f.ID, in.IndicatorCode).Take(&ind).Error; {
		case errors.Is(e, gorm.ErrRecordNotFound):
			errs.Add(0, "indicator_code", "unknown_indicator", "unknown indicator %q in framework %q", in.IndicatorCode, in.FrameworkCode)
		case e != nil:
			return 0, ind, p, translate(e, "indicator")
		}
	}
	p, perr := indicators.ParsePeriod(in.Period)
	if perr != nil {
		errs.Add(0, "period", "invalid_period", "%v", perr)
	} else if ind.ID != 0 && p.Frequency != ind.Frequency {
		errs.Add(0, "period", "period_mismatch", "period %q is %s but indicator %q is %s", in.Period, p.Frequency, ind.Code, ind.Frequency)
	}
	if ind.ID != 0 && !(&indicators.Indicator{Min: ind.MinValue, Max: ind.MaxValue}).InRange(in.Value) {
		errs.Add(0, "value", "out_of_range", "value %s is outside the plausible range %s", indicators.FormatNumber(in.Value), rangeOf(ind))
	}
	if err := errs.Err("the measurement is not valid"); err != nil {
		return 0, ind, p, err
	}
	return z.ID, ind, p, nil
}

func rangeOf(ind indicatorRow) string {
	lo, hi := "-∞", "+∞"
	if ind.MinValue != nil {
		lo = indicators.FormatNumber(*ind.MinValue)
	}
	if ind.MaxValue != nil {
		hi = indicators.FormatNumber(*ind.MaxValue)
	}
	return "[" + lo + ", " + hi + "]"
}

// CreateMeasurement stores a new value as a draft, version 1. A value for the
// same zone, indicator and period already there is a conflict: change that
// one instead.
func (s *Store) CreateMeasurement(ctx context.Context, in indicators.MeasurementInput, actor string) (indicators.Measurement, error) {
	var out indicators.Measurement
	err := s.write(ctx, func(tx *gorm.DB) error {
		zone, ind, p, err := resolveInput(tx, in)
		if err != nil {
			return err
		}
		if err := s.lockFrameworkTx(tx, ind.FrameworkID, false); err != nil {
			return err
		}
		var existing measurementRow
		e := tx.Select("id").Where("zone_id = ? AND indicator_id = ? AND period = ?", zone, ind.ID, p.String()).Take(&existing).Error
		if e == nil {
			return indicators.Errorf(indicators.Conflict, "a value for zone %q, indicator %q, period %s already exists (id %d): update it instead", in.ZoneCode, in.IndicatorCode, p, existing.ID)
		}
		if !errors.Is(e, gorm.ErrRecordNotFound) {
			return translate(e, "measurement")
		}
		now := s.Now()
		row := measurementRow{ZoneID: zone, IndicatorID: ind.ID, Period: p.String(), Year: p.Year, Value: in.Value,
			Source: in.Source, Comment: in.Comment, Status: indicators.Draft, EnteredBy: actor, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return translate(err, "measurement")
		}
		out, err = getMeasurement(tx, row.ID)
		return err
	})
	return out, err
}

// UpdateMeasurement changes a value's number, source and comment. version is
// the version the caller last read: if someone changed the value since, the
// update is refused as a conflict. The previous version is kept as a
// revision and the new one starts again as a draft.
func (s *Store) UpdateMeasurement(ctx context.Context, id int64, in indicators.MeasurementInput, version int, actor string) (indicators.Measurement, error) {
	var out indicators.Measurement
	err := s.write(ctx, func(tx *gorm.DB) error {
		var row measurementRow
		if err := tx.Where("id = ?", id).Take(&row).Error; err != nil {
			return translate(err, "measurement")
		}
		if row.Version != version {
			return indicators.Errorf(indicators.Conflict, "measurement %d is at version %d, not %d: someone changed it; reload and try again", id, row.Version, version)
		}
		var ind indicatorRow
		if err := tx.Where("id = ?", row.IndicatorID).Take(&ind).Error; err != nil {
			return translate(err, "indicator")
		}
		if !(&indicators.Indicator{Min: ind.MinValue, Max: ind.MaxValue}).InRange(in.Value) {
			return indicators.FieldsError("the measurement is not valid", []indicators.FieldError{{Field: "value", Code: "out_of_range",
				Message: "value " + indicators.FormatNumber(in.Value) + " is outside the plausible range " + rangeOf(ind)}})
		}
		if row.Value == in.Value && row.Source == in.Source && row.Comment == in.Comment {
			var err error
			out, err = getMeasurement(tx, id)
			return err
		}
		if err := archive(tx, row); err != nil {
			return err
		}
		now := s.Now()
		res := tx.Model(&measurementRow{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
			"value": in.Value, "source": in.Source, "comment": in.Comment, "status": indicators.Draft,
			"entered_by": actor, "reviewed_by": "", "version": version + 1, "updated_at": now,
		})
		if res.Error != nil {
			return translate(res.Error, "measurement")
		}
		if res.RowsAffected != 1 {
			return indicators.Errorf(indicators.Conflict, "measurement %d changed while it was being updated; reload and try again", id)
		}
		var err error
		out, err = getMeasurement(tx, id)
		return err
	})
	return out, err
}

// archive keeps the current version of a measurement as a revision.
func archive(tx *gorm.DB, row measurementRow) error {
	rev := revisionRow{MeasurementID: row.ID, Version: row.Version, Value: row.Value, Source: row.Source, Comment: row.Comment,
		Status: row.Status, EnteredBy: row.EnteredBy, ReviewedBy: row.ReviewedBy, CreatedAt: row.CreatedAt, UpdatedAt: row.UpdatedAt}
	return translate(tx.Create(&rev).Error, "measurement revision")
}

// History returns every version of a measurement, oldest first; the last one
// is the current value.
func (s *Store) History(ctx context.Context, id int64) ([]indicators.Measurement, error) {
	var out []indicators.Measurement
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, err := getMeasurement(tx, id)
		if err != nil {
			return err
		}
		var revs []revisionRow
		if err := tx.Where("measurement_id = ?", id).Order("version").Find(&revs).Error; err != nil {
			return translate(err, "measurement revisions")
		}
		for _, r := range revs {
			m := cur
			m.Value, m.Source, m.Comment, m.Status, m.EnteredBy, m.ReviewedBy = r.Value, r.Source, r.Comment, r.Status, r.EnteredBy, r.ReviewedBy
			m.Version, m.CreatedAt, m.UpdatedAt = r.Version, r.CreatedAt, r.UpdatedAt
			out = append(out, m)
		}
		out = append(out, cur)
		return nil
	})
	return out, err
}
