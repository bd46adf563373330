package storage

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"igmc/indicators"
)

// valueVersionsSQL reads every version of one measurement, the archived
// ones and the current one, each with the audit event that wrote it.
// Arguments: the measurement id, twice.
const valueVersionsSQL = `SELECT v.version, v.value, v.source, v.comment, v.status, v.entered_by, v.reviewed_by,
	v.review_comment, v.approved_value, v.created_at, v.updated_at, v.quality,
	e.action, e.actor, e.at, e.reason
	FROM (
		SELECT r.version, r.value, r.source, r.comment, r.status, r.entered_by, r.reviewed_by, r.review_comment,
			r.approved_value, r.audit_event_id, r.created_at, r.updated_at, r.quality
		FROM measurement_revisions r WHERE r.measurement_id = ?
		UNION ALL
		SELECT m.version, m.value, m.source, m.comment, m.status, m.entered_by, m.reviewed_by, m.review_comment,
			m.approved_value, m.audit_event_id, m.created_at, m.updated_at, m.quality
		FROM measurements m WHERE m.id = ?
	) v LEFT JOIN audit_events e ON e.id = v.audit_event_id
	ORDER BY v.version`

// valueVersionRow is one row of valueVersionsSQL.
type valueVersionRow struct {
	Version       int
	Value         float64
	Source        string
	Comment       string
	Status        indicators.Status
	EnteredBy     string
	ReviewedBy    string
	ReviewComment string
	ApprovedValue *float64
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Quality       string
	Action        *string
	Actor         *string
	At            *time.Time
	Reason        *string
}

// ValueHistory returns every version of the value k names, oldest first,
// each with the audit event that wrote it. An unknown framework, zone or
// indicator is not found; a period that is not one of the indicator's is
// invalid; a value never entered has no versions (an empty list).
func (s *Store) ValueHistory(ctx context.Context, k indicators.ValueKey) ([]indicators.ValueVersion, error) {
	out := []indicators.ValueVersion{}
	err := s.reader(ctx).Transaction(func(tx *gorm.DB) error {
		var f frameworkRow
		if err := tx.Where("code = ?", k.Framework).Take(&f).Error; err != nil {
			return notFoundOr(err, "framework %q not found", k.Framework)
		}
		var z zoneRow
		if err := tx.Where("code = ?", k.Zone).Take(&z).Error; err != nil {
			return notFoundOr(err, "zone %q not found", k.Zone)
		}
		var ind indicatorRow
		if err := tx.Where("framework_id = ? AND code = ?", f.ID, k.Indicator).Take(&ind).Error; err != nil {
			return notFoundOr(err, "indicator %q not found in framework %q", k.Indicator, k.Framework)
		}
		p, err := indicators.ParsePeriod(k.Period)
		if err != nil {
			return indicators.FieldsError("the period is not valid", []indicators.FieldError{{Field: "period", Code: "invalid_period", Message: err.Error()}})
		}
		if p.Frequency != ind.Frequency {
			return indicators.FieldsError("the period is not valid", []indicators.FieldError{{Field: "period", Code: "period_mismatch",
				Message: "period " + k.Period + " is " + string(p.Frequency) + " but indicator " + ind.Code + " is " + string(ind.Frequency)}})
		}
		var ids []int64
		if err := tx.Model(&measurementRow{}).Where("zone_id = ? AND indicator_id = ? AND period = ?", z.ID, ind.ID, p.String()).
			Pluck("id", &ids).Error; err != nil {
			return translate(err, "measurement")
		}
		if len(ids) == 0 {
			return nil
		}
		var rows []valueVersionRow
		if err := tx.Raw(valueVersionsSQL, ids[0], ids[0]).Scan(&rows).Error; err != nil {
			return translate(err, "measurement versions")
		}
		for _, r := range rows {
			v := indicators.ValueVersion{Measurement: indicators.Measurement{ID: ids[0], FrameworkCode: f.Code, ZoneCode: z.Code,
				IndicatorCode: ind.Code, Period: p.String(), Value: r.Value, Source: r.Source, Comment: r.Comment, Status: r.Status,
				EnteredBy: r.EnteredBy, ReviewedBy: r.ReviewedBy, ReviewComment: r.ReviewComment, ApprovedValue: r.ApprovedValue,
				Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Quality: indicators.QualityAdministrative}, At: r.UpdatedAt}
			if q, err := indicators.ParseQuality(r.Quality); err == nil {
				v.Quality = q
			}
			if r.Action != nil {
				v.Action, v.Actor, v.Reason = *r.Action, deref(r.Actor), deref(r.Reason)
			}
			if r.At != nil {
				v.At = *r.At
			}
			out = append(out, v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// notFoundOr is a not-found error saying what when err is a missing row,
// else err translated.
func notFoundOr(err error, format string, args ...any) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return indicators.Errorf(indicators.NotFound, format, args...)
	}
	return translate(err, "value history")
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
