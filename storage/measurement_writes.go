package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"igmc/indicators"
)

// Every change of a measurement — a new value, an edit, a submission, an
// approval, a rejection — makes a new version: the previous one is kept as
// a revision, the version number grows by one, and one audit event records
// the new version. That keeps the whole history readable and lets the audit
// check every version ever written.

// checkWritable refuses action on a value of a zone the principal may not
// do it to (indicators.May), of a closed reporting period, or of a
// signed-off year.
func (s *Store) checkWritable(tx *gorm.DB, p *indicators.Principal, action indicators.Action, zone string, frameworkID int64, year int) error {
	if err := indicators.May(p, action, indicators.Target{Zone: zone}); err != nil {
		return err
	}
	closed, err := s.closedYears(tx, frameworkID)
	if err != nil {
		return err
	}
	if closed[year] {
		return indicators.Errorf(indicators.Conflict, "the reporting period %d is closed: an administrator must reopen it first", year)
	}
	return checkNotSignedOff(tx, frameworkID, zone, year)
}

// CreateMeasurement stores a new value as a draft, version 1. A value for the
// same zone, indicator and period already there is a conflict: change that
// one instead.
func (s *Store) CreateMeasurement(ctx context.Context, in indicators.MeasurementInput, p *indicators.Principal) (indicators.Measurement, error) {
	var out indicators.Measurement
	if err := indicators.May(p, indicators.ActionEnter, indicators.Target{}); err != nil {
		return out, err
	}
	if err := checkInput(&in); err != nil {
		return out, err
	}
	ws, _, err := s.checkForSave(ctx, in.FrameworkCode, []CheckRow{{Zone: strings.TrimSpace(in.ZoneCode), Indicator: in.IndicatorCode, Period: in.Period, Value: in.Value}})
	if err != nil {
		return out, err
	}
	err = s.write(ctx, func(tx *gorm.DB) error {
		summariesNarrowed(tx)
		id, err := s.createTx(tx, in, ws[0], p)
		if err != nil {
			return err
		}
		out, err = getMeasurement(tx, id)
		return err
	})
	return out, err
}

// createTx writes a new value as a draft, version 1, within tx, with the
// warnings its checks gave.
func (s *Store) createTx(tx *gorm.DB, in indicators.MeasurementInput, ws []indicators.Warning, p *indicators.Principal) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	if err := checkInput(&in); err != nil {
		return 0, err
	}
	zone, ind, per, err := resolveInput(tx, in)
	if err != nil {
		return 0, err
	}
	if err := s.lockFrameworkTx(tx, ind.FrameworkID, false); err != nil {
		return 0, err
	}
	if err := s.checkWritable(tx, p, indicators.ActionEnter, in.ZoneCode, ind.FrameworkID, per.Year); err != nil {
		return 0, err
	}
	var existing measurementRow
	e := tx.Select("id").Where("zone_id = ? AND indicator_id = ? AND period = ?", zone, ind.ID, per.String()).Take(&existing).Error
	if e == nil {
		return 0, indicators.Errorf(indicators.Conflict, "a value for zone %q, indicator %q, period %s already exists (id %d): update it instead", in.ZoneCode, in.IndicatorCode, per, existing.ID)
	}
	if !errors.Is(e, gorm.ErrRecordNotFound) {
		return 0, translate(e, "measurement")
	}
	staleSummary(tx, ind.FrameworkID, zone)
	now := s.Now()
	row := measurementRow{ZoneID: zone, IndicatorID: ind.ID, Period: per.String(), Year: per.Year, Value: in.Value,
		Source: in.Source, Comment: in.Comment, Status: indicators.Draft, EnteredBy: p.Email, Version: 1, CreatedAt: now, UpdatedAt: now,
		Quality: storedQuality(in.Quality), Warnings: encodeWarnings(ws), Explanation: in.Explanation}
	_, err = s.auditG(tx, func(eventID int64) (event, error) {
		row.AuditEventID = &eventID
		if err := tx.Create(&row).Error; err != nil {
			return event{}, translate(err, "measurement")
		}
		return measurementAudit(p, "create", nil, &row, in.ZoneCode, in.IndicatorCode, ""), nil
	})
	if err != nil {
		return 0, err
	}
	return row.ID, translate(tx.Exec(addYearSQL, ind.FrameworkID, per.Year).Error, "framework years")
}

// measurementAudit describes a measurement's new version for the trail.
func measurementAudit(p *indicators.Principal, action string, old, row *measurementRow, zone, indicator, reason string) event {
	v := rowVersion(row)
	summary := func(r *measurementRow) *indicators.ValueEvent {
		if r == nil {
			return nil
		}
		return &indicators.ValueEvent{Zone: zone, Indicator: indicator, Period: r.Period, Value: r.Value, Status: string(r.Status),
			Version: r.Version, Approved: r.ApprovedValue, Comment: r.ReviewComment}
	}
	nv := summary(row)
	nv.Versions, nv.Digest, nv.HashFormat = 1, digest([][32]byte{versionHash(&v)}), hashFormat
	e := event{actor: p.Email, entity: "measurement", entityID: fmt.Sprint(row.ID), action: action, zone: zone, new: nv, reason: reason}
	if old != nil {
		e.old = summary(old)
	}
	return e
}

func rowVersion(r *measurementRow) version {
	return version{zoneID: r.ZoneID, indicatorID: r.IndicatorID, period: r.Period, version: r.Version, value: r.Value,
		source: r.Source, comment: r.Comment, status: string(r.Status), approved: r.ApprovedValue,
		enteredBy: r.EnteredBy, reviewedBy: r.ReviewedBy, reviewComment: r.ReviewComment,
		quality: r.Quality, explanation: r.Explanation, format: hashFormat}
}

// newVersion archives row's current version, applies change to it, and
// writes it back as the next version, with its audit event, in tx.
func (s *Store) newVersion(tx *gorm.DB, row *measurementRow, p *indicators.Principal, action, reason string, change func(r *measurementRow)) error {
	old := *row
	if err := archive(tx, old); err != nil {
		return err
	}
	change(row)
	row.Version, row.UpdatedAt, row.LocatorHash = old.Version+1, s.Now(), ""
	var codes struct {
		Zone, Indicator string
		FrameworkID     int64
	}
	if err := tx.Raw("SELECT z.code AS zone, i.code AS indicator, i.framework_id FROM zones z, indicators i WHERE z.id = ? AND i.id = ?", row.ZoneID, row.IndicatorID).Scan(&codes).Error; err != nil {
		return translate(err, "measurement")
	}
	staleSummary(tx, codes.FrameworkID, row.ZoneID)
	_, err := s.auditG(tx, func(eventID int64) (event, error) {
		row.AuditEventID = &eventID
		res := tx.Model(&measurementRow{}).Where("id = ? AND version = ?", row.ID, old.Version).Updates(map[string]any{
			"value": row.Value, "source": row.Source, "comment": row.Comment, "status": row.Status,
			"entered_by": row.EnteredBy, "reviewed_by": row.ReviewedBy, "review_comment": row.ReviewComment,
			"approved_value": row.ApprovedValue, "approved_version": row.ApprovedVersion,
			"quality": row.Quality, "warnings": row.Warnings, "explanation": row.Explanation,
			"version": row.Version, "audit_event_id": eventID, "updated_at": row.UpdatedAt, "locator_hash": "",
		})
		if res.Error != nil {
			return event{}, translate(res.Error, "measurement")
		}
		if res.RowsAffected != 1 {
			return event{}, indicators.Errorf(indicators.Conflict, "measurement %d changed meanwhile; reload and try again", row.ID)
		}
		return measurementAudit(p, action, &old, row, codes.Zone, codes.Indicator, reason), nil
	})
	return err
}

// loadForChange reads a measurement to change and checks that p may do
// action to it.
func (s *Store) loadForChange(tx *gorm.DB, id int64, p *indicators.Principal, action indicators.Action) (measurementRow, indicatorRow, error) {
	var row measurementRow
	var ind indicatorRow
	q := tx
	if s.engine == Postgres {
		// Lock the row before the audit head (which newVersion takes): a
		// transaction that waits for a row never holds the head meanwhile.
		q = tx.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	if err := q.Where("id = ?", id).Take(&row).Error; err != nil {
		return row, ind, translate(err, fmt.Sprintf("measurement %d", id))
	}
	if err := tx.Where("id = ?", row.IndicatorID).Take(&ind).Error; err != nil {
		return row, ind, translate(err, "indicator")
	}
	if err := s.lockFrameworkTx(tx, ind.FrameworkID, false); err != nil {
		return row, ind, err
	}
	var zone zoneRow
	if err := tx.Select("code").Where("id = ?", row.ZoneID).Take(&zone).Error; err != nil {
		return row, ind, translate(err, "zone")
	}
	return row, ind, s.checkWritable(tx, p, action, zone.Code, ind.FrameworkID, row.Year)
}

// UpdateMeasurement changes a value's number, source and comment. version is
// the version the caller last read: if someone changed the value since, the
// update is refused as a conflict. The new version starts as a draft; an
// approved value stays in force on official scorecards until the new one
// is approved.
func (s *Store) UpdateMeasurement(ctx context.Context, id int64, in indicators.MeasurementInput, version int, p *indicators.Principal) (indicators.Measurement, error) {
	var out indicators.Measurement
	if err := indicators.May(p, indicators.ActionEnter, indicators.Target{}); err != nil {
		return out, err
	}
	if err := checkInput(&in); err != nil {
		return out, err
	}
	checks, _, err := s.checkChanges(ctx, []indicators.MeasurementChange{{ID: id, Version: version, Input: in}})
	if err != nil {
		return out, err
	}
	err = s.write(ctx, func(tx *gorm.DB) error {
		summariesNarrowed(tx)
		if err := s.updateTx(tx, id, in, checks[0], version, p); err != nil {
			return err
		}
		var err error
		out, err = getMeasurement(tx, id)
		return err
	})
	return out, err
}

// updateTx changes value id, read at version, within tx: a new version
// when anything changed (or to take a rejected value back to draft), with
// the warnings its checks gave.
func (s *Store) updateTx(tx *gorm.DB, id int64, in indicators.MeasurementInput, ws []indicators.Warning, version int, p *indicators.Principal) error {
	if err := in.Validate(); err != nil {
		return err
	}
	if err := checkInput(&in); err != nil {
		return err
	}
	row, ind, err := s.loadForChange(tx, id, p, indicators.ActionEnter)
	if err != nil {
		return err
	}
	if row.Version != version {
		return indicators.Errorf(indicators.Conflict, "measurement %d is at version %d, not %d: someone changed it; reload and try again", id, row.Version, version)
	}
	if !(&indicators.Indicator{Min: ind.MinValue, Max: ind.MaxValue}).InRange(in.Value) {
		return indicators.FieldsError("the measurement is not valid", []indicators.FieldError{{Field: "value", Code: "out_of_range",
			Message: "value " + indicators.FormatNumber(in.Value) + " is outside the plausible range " + rangeOf(ind),
			Args:    map[string]string{"value": indicators.FormatNumber(in.Value), "range": rangeOf(ind)}}})
	}
	q := storedQuality(in.Quality)
	if row.Value != in.Value || row.Source != in.Source || row.Comment != in.Comment || row.Quality != q || row.Explanation != in.Explanation ||
		row.Status == indicators.Rejected {
		return s.newVersion(tx, &row, p, "update", "", func(r *measurementRow) {
			r.Value, r.Source, r.Comment, r.Status = in.Value, in.Source, in.Comment, indicators.Draft
			r.EnteredBy, r.ReviewedBy, r.ReviewComment = p.Email, "", ""
			r.Quality, r.Warnings, r.Explanation = q, encodeWarnings(ws), in.Explanation
		})
	}
	return nil
}

// SaveMeasurements writes several values in one transaction, all or none:
// each change creates a value (ID 0) or changes value ID read at Version.
// On an error nothing is written and failed is the index of the change
// that was refused (-1 when the error concerns none in particular).
func (s *Store) SaveMeasurements(ctx context.Context, changes []indicators.MeasurementChange, p *indicators.Principal) (failed int, err error) {
	failed = -1
	if err := indicators.May(p, indicators.ActionEnter, indicators.Target{}); err != nil {
		return failed, err
	}
	for i := range changes {
		if err := checkInput(&changes[i].Input); err != nil {
			return i, err
		}
	}
	checks, bad, err := s.checkChanges(ctx, changes)
	if err != nil {
		return bad, err
	}
	err = s.write(ctx, func(tx *gorm.DB) error {
		summariesNarrowed(tx)
		var ids []int64
		for _, ch := range changes {
			if ch.ID != 0 {
				ids = append(ids, ch.ID)
			}
		}
		if err := s.lockMeasurements(tx, ids); err != nil {
			return err
		}
		for i, ch := range changes {
			var err error
			if ch.ID == 0 {
				_, err = s.createTx(tx, ch.Input, checks[i], p)
			} else {
				err = s.updateTx(tx, ch.ID, ch.Input, checks[i], ch.Version, p)
			}
			if err != nil {
				failed = i
				return err
			}
		}
		return nil
	})
	if err == nil {
		failed = -1
	}
	return failed, err
}

// archive keeps the current version of a measurement as a revision.
func archive(tx *gorm.DB, row measurementRow) error {
	rev := revisionRow{MeasurementID: row.ID, Version: row.Version, Value: row.Value, Source: row.Source, Comment: row.Comment,
		Status: row.Status, EnteredBy: row.EnteredBy, ReviewedBy: row.ReviewedBy, ReviewComment: row.ReviewComment,
		ApprovedValue: row.ApprovedValue, AuditEventID: row.AuditEventID, CreatedAt: row.CreatedAt, UpdatedAt: row.UpdatedAt,
		Quality: row.Quality, Warnings: row.Warnings, Explanation: row.Explanation, LocatorHash: row.LocatorHash}
	return translate(tx.Create(&rev).Error, "measurement revision")
}

// History returns every version of a measurement, oldest first; the last one
// is the current value.
func (s *Store) History(ctx context.Context, id int64) ([]indicators.Measurement, error) {
	var out []indicators.Measurement
	err := s.reader(ctx).Transaction(func(tx *gorm.DB) error {
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
			m.ReviewComment, m.ApprovedValue = r.ReviewComment, r.ApprovedValue
			m.Version, m.CreatedAt, m.UpdatedAt = r.Version, r.CreatedAt, r.UpdatedAt
			m.Quality, m.Warnings, m.Explanation = indicators.QualityAdministrative, decodeWarnings(r.Warnings), r.Explanation
			if q, err := indicators.ParseQuality(r.Quality); err == nil {
				m.Quality = q
			}
			out = append(out, m)
		}
		out = append(out, cur)
		return nil
	})
	return out, err
}
