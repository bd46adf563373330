package storage

import (
	"context"
	"errors"
	"strconv"
	"time"

	"gorm.io/gorm"

	"igmc/indicators"
)

type periodRow struct {
	ID          int64
	FrameworkID int64
	Year        int
	Closed      bool
	Reason      string
	ChangedBy   string
	ChangedAt   time.Time
}

// closedYears lists the closed years of a framework as of now: those an
// administrator closed, and those whose calendar close day has come
// (closedYearsAt).
func (s *Store) closedYears(tx *gorm.DB, framework int64) (map[int]bool, error) {
	return closedYearsAt(tx.Statement.Context, gormTx{tx}, framework, s.Now())
}

// ListPeriods lists the years of a framework an administrator has closed or
// reopened.
func (s *Store) ListPeriods(ctx context.Context, framework string) ([]indicators.ReportingPeriod, error) {
	out := []indicators.ReportingPeriod{}
	err := s.reader(ctx).Raw(`SELECT f.code AS framework, p.year, p.closed, p.reason, p.changed_by, p.changed_at
		FROM periods p JOIN frameworks f ON f.id = p.framework_id WHERE f.code = ? ORDER BY p.year`, framework).Scan(&out).Error
	return out, translate(err, "periods")
}

// SetPeriod closes or reopens a framework's year, with a reason. A closed
// year takes no changes to its values — edits, reviews or imports — until
// it is reopened.
func (s *Store) SetPeriod(ctx context.Context, framework string, year int, closed bool, reason string, p *indicators.Principal) (indicators.ReportingPeriod, error) {
	var out indicators.ReportingPeriod
	if reason == "" {
		return out, indicators.FieldsError("a reason is required", []indicators.FieldError{{Field: "reason", Code: "required", Message: "reason is required to close or reopen a period"}})
	}
	if err := indicators.CheckNote("reason", reason); err != nil {
		return out, err
	}
	if err := indicators.CheckYear(year); err != nil {
		return out, err
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		scoresUnchanged(tx)
		var f frameworkRow
		if err := tx.Where("code = ?", framework).Take(&f).Error; err != nil {
			return translate(err, "framework "+quote(framework))
		}
		if err := s.lockFrameworkTx(tx, f.ID, true); err != nil {
			return err
		}
		// The year's state as writes see it, its calendar's close day
		// included: reopening a year closed by its calendar is allowed.
		now, err := s.closedYears(tx, f.ID)
		if err != nil {
			return err
		}
		if now[year] == closed {
			state := map[bool]string{true: "closed", false: "open"}[closed]
			return indicators.Errorf(indicators.Conflict, "the period %d of %q is already %s", year, framework, state)
		}
		var row periodRow
		err = tx.Table("periods").Where("framework_id = ? AND year = ?", f.ID, year).Take(&row).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			row = periodRow{FrameworkID: f.ID, Year: year}
		case err != nil:
			return translate(err, "period")
		}
		row.Closed, row.Reason, row.ChangedBy, row.ChangedAt = closed, reason, p.Email, s.Now()
		if err := tx.Table("periods").Save(&row).Error; err != nil {
			return translate(err, "period")
		}
		out = indicators.ReportingPeriod{Framework: framework, Year: year, Closed: closed, Reason: reason, ChangedBy: p.Email, ChangedAt: row.ChangedAt}
		action := map[bool]string{true: "close", false: "reopen"}[closed]
		_, err = s.auditG(tx, func(int64) (event, error) {
			return event{actor: p.Email, entity: "period", entityID: framework + "/" + strconv.Itoa(year), action: action, new: out, reason: reason}, nil
		})
		return err
	})
	return out, err
}
