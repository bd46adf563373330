package storage

import (
	"context"
	"errors"
	"strings"

	"gorm.io/gorm"

	"igmc/indicators"
)

const measurementSelect = `SELECT m.id, f.code AS framework_code, z.code AS zone_code, i.code AS indicator_code,
	m.period, m.value, m.source, m.comment, m.status, m.entered_by, m.reviewed_by, m.review_comment, m.approved_value,
	m.version, m.created_at, m.updated_at, m.quality, m.warnings AS warnings_json, m.explanation
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
	if f.Year != 0 {
		add("m.year = ?", f.Year)
	}
	if f.Perspective != "" {
		add("i.perspective_id IN (SELECT p.id FROM perspectives p WHERE p.framework_id = i.framework_id AND p.code = ?)", f.Perspective)
	}
	if f.Status != "" {
		add("m.status = ?", string(f.Status))
		if f.Status != indicators.Approved {
			// Lets both engines use the partial index of pending values.
			conds = append(conds, "m.status <> 'approved'")
		}
	}
	if f.EnteredBy != "" {
		add("m.entered_by = ?", f.EnteredBy)
	}
	switch {
	case f.Zones == nil:
	case len(f.Zones) == 0:
		conds = append(conds, "1 = 0") // a scope of no zones sees nothing
	default:
		add("z.code IN ?", f.Zones)
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
	err := s.reader(ctx).Transaction(func(tx *gorm.DB) error {
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
		var rows []measurementScan
		if err := tx.Raw(measurementSelect+pageWhere+" ORDER BY m.id LIMIT ?", pageArgs...).Scan(&rows).Error; err != nil {
			return translate(err, "measurements")
		}
		page.Items = measurementsOf(rows)
		return nil
	})
	if err != nil {
		return page, err
	}
	return trimPage(page, f.Limit, func(e *indicators.Measurement) int64 { return e.ID }), nil
}

// Measurement returns the current value with that id.
func (s *Store) Measurement(ctx context.Context, id int64) (indicators.Measurement, error) {
	return getMeasurement(s.rdb.WithContext(ctx), id)
}

func getMeasurement(tx *gorm.DB, id int64) (indicators.Measurement, error) {
	var out []measurementScan
	if err := tx.Raw(measurementSelect+" WHERE m.id = ?", id).Scan(&out).Error; err != nil {
		return indicators.Measurement{}, translate(err, "measurement")
	}
	if len(out) == 0 {
		return indicators.Measurement{}, indicators.Errorf(indicators.NotFound, "measurement %d not found", id)
	}
	return out[0].measurement(), nil
}

// resolveInput checks a value against its zone, indicator and period and
// returns the ids to store, with field errors named after the JSON fields.
func resolveInput(tx *gorm.DB, in indicators.MeasurementInput) (zone int64, ind indicatorRow, p indicators.Period, err error) {
	in.ZoneCode = strings.TrimSpace(in.ZoneCode)
	var errs indicators.FieldErrors
	var f frameworkRow
	switch e := tx.Where("code = ?", in.FrameworkCode).Take(&f).Error; {
	case errors.Is(e, gorm.ErrRecordNotFound):
		errs.AddWith(0, "framework_code", "unknown_framework", map[string]string{"value": in.FrameworkCode}, "unknown framework %q", in.FrameworkCode)
	case e != nil:
		return 0, ind, p, translate(e, "framework")
	}
	var z zoneRow
	switch e := tx.Where("code = ?", in.ZoneCode).Take(&z).Error; {
	case errors.Is(e, gorm.ErrRecordNotFound):
		errs.AddWith(0, "zone_code", "unknown_zone", map[string]string{"value": in.ZoneCode}, "unknown zone %q", in.ZoneCode)
	case e != nil:
		return 0, ind, p, translate(e, "zone")
	}
	if f.ID != 0 {
		switch e := tx.Where("framework_id = ? AND code = ?", f.ID, in.IndicatorCode).Take(&ind).Error; {
		case errors.Is(e, gorm.ErrRecordNotFound):
			errs.AddWith(0, "indicator_code", "unknown_indicator", map[string]string{"value": in.IndicatorCode}, "unknown indicator %q in framework %q", in.IndicatorCode, in.FrameworkCode)
		case e != nil:
			return 0, ind, p, translate(e, "indicator")
		}
	}
	p, perr := indicators.ParsePeriod(in.Period)
	if perr != nil {
		errs.AddWith(0, "period", "invalid_period", map[string]string{"value": in.Period}, "%v", perr)
	} else if ind.ID != 0 && p.Frequency != ind.Frequency {
		errs.AddWith(0, "period", "period_mismatch", map[string]string{"value": in.Period, "frequency": string(p.Frequency), "indicator": ind.Code, "expected": string(ind.Frequency)},
			"period %q is %s but indicator %q is %s", in.Period, p.Frequency, ind.Code, ind.Frequency)
	}
	if ind.ID != 0 && !(&indicators.Indicator{Min: ind.MinValue, Max: ind.MaxValue}).InRange(in.Value) {
		errs.AddWith(0, "value", "out_of_range", map[string]string{"value": indicators.FormatNumber(in.Value), "range": rangeOf(ind)},
			"value %s is outside the plausible range %s", indicators.FormatNumber(in.Value), rangeOf(ind))
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

// trimPage cuts a page read with one row more than its limit back to the
// limit and, when that extra row existed, sets the cursor of the next page.
func trimPage[T any](page indicators.Page[T], limit int, id func(*T) int64) indicators.Page[T] {
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		next := id(&page.Items[limit-1])
		page.Next = &next
	}
	return page
}
