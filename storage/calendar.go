package storage

import (
	"context"
	"errors"
	"strconv"
	"time"

	"gorm.io/gorm"

	"igmc/indicators"
)

// The reporting calendar (SPEC §8): a due day per framework × year and,
// optionally, a day the year closes itself. No job closes anything: a
// year whose close day has come counts as closed wherever the closed
// years are asked (closedYearsAt), until an administrator reopens it after
// that day.

type calendarRow struct {
	FrameworkID int64 `gorm:"primaryKey"`
	Year        int   `gorm:"primaryKey"`
	DueOn       string
	CloseOn     *string
	ChangedBy   string
	ChangedAt   time.Time
}

func (calendarRow) TableName() string { return "reporting_calendar" }

// closedYearsAt lists the years of a framework closed at now: closed by
// an administrator, or past their close day and not reopened since it.
// It runs on either path (GORM or the import's bulk transaction).
func closedYearsAt(ctx context.Context, q queryer, framework int64, now time.Time) (map[int]bool, error) {
	type state struct {
		closed    bool
		changedAt time.Time
	}
	periods := map[int]state{}
	rows, err := q.query(ctx, "SELECT year, closed, changed_at FROM periods WHERE framework_id = ?", framework)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			y  int
			st state
		)
		if err := rows.Scan(&y, &st.closed, &st.changedAt); err != nil {
			return nil, translate(err, "periods")
		}
		periods[y] = st
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err, "periods")
	}
	rows.Close()
	out := map[int]bool{}
	for y, st := range periods {
		if st.closed {
			out[y] = true
		}
	}
	cal, err := q.query(ctx, "SELECT year, close_on FROM reporting_calendar WHERE framework_id = ? AND close_on IS NOT NULL", framework)
	if err != nil {
		return nil, err
	}
	defer cal.Close()
	for cal.Next() {
		var (
			y   int
			day string
		)
		if err := cal.Scan(&y, &day); err != nil {
			return nil, translate(err, "reporting calendar")
		}
		at, err := indicators.ParseDay(day)
		if err != nil || now.Before(at) {
			continue
		}
		if st, ok := periods[y]; ok && !st.closed && !st.changedAt.Before(at) {
			continue // reopened on or after its close day
		}
		out[y] = true
	}
	return out, translate(cal.Err(), "reporting calendar")
}

func (r *calendarRow) domain(framework string) indicators.Calendar {
	c := indicators.Calendar{Framework: framework, Year: r.Year, DueOn: r.DueOn, ChangedBy: r.ChangedBy, ChangedAt: r.ChangedAt.UTC()}
	if r.CloseOn != nil {
		c.CloseOn = *r.CloseOn
	}
	return c
}

// Calendar returns a framework's calendar for a year; not found when none
// is set.
func (s *Store) Calendar(ctx context.Context, framework string, year int) (indicators.Calendar, error) {
	var out indicators.Calendar
	err := s.reader(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		out, err = calendarOf(tx, framework, year)
		return err
	})
	return out, err
}

func calendarOf(tx *gorm.DB, framework string, year int) (indicators.Calendar, error) {
	var f frameworkRow
	if err := tx.Where("code = ?", framework).Take(&f).Error; err != nil {
		return indicators.Calendar{}, translate(err, "framework "+quote(framework))
	}
	var row calendarRow
	err := tx.Where("framework_id = ? AND year = ?", f.ID, year).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return indicators.Calendar{}, indicators.Errorf(indicators.NotFound, "no reporting calendar for %d of %q", year, framework)
	}
	if err != nil {
		return indicators.Calendar{}, translate(err, "reporting calendar")
	}
	return row.domain(framework), nil
}

// Calendars lists a framework's calendar, by year: what the home pages
// show as due.
func (s *Store) Calendars(ctx context.Context, framework string) ([]indicators.Calendar, error) {
	var rows []calendarRow
	err := s.reader(ctx).Raw(`SELECT c.* FROM reporting_calendar c JOIN frameworks f ON f.id = c.framework_id
		WHERE f.code = ? ORDER BY c.year`, framework).Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "reporting calendar")
	}
	out := make([]indicators.Calendar, 0, len(rows))
	for i := range rows {
		out = append(out, rows[i].domain(framework))
	}
	return out, nil
}

// SetCalendar sets a framework's due day (and close day, or none) for a
// year, administrators only; audited with the old and the new days.
func (s *Store) SetCalendar(ctx context.Context, c indicators.Calendar, p *indicators.Principal) (indicators.Calendar, error) {
	if p == nil || !indicators.Allowed(p.Role, indicators.PermAdmin) {
		return c, indicators.Errorf(indicators.Forbidden, "only an administrator may set the reporting calendar")
	}
	if err := c.Validate(); err != nil {
		return c, err
	}
	var out indicators.Calendar
	err := s.write(ctx, func(tx *gorm.DB) error {
		scoresUnchanged(tx)
		var f frameworkRow
		if err := tx.Where("code = ?", c.Framework).Take(&f).Error; err != nil {
			return translate(err, "framework "+quote(c.Framework))
		}
		if err := s.lockFrameworkTx(tx, f.ID, true); err != nil {
			return err
		}
		var old any
		if prev, err := calendarOf(tx, c.Framework, c.Year); err == nil {
			old = prev
		} else if indicators.CodeOf(err) != indicators.NotFound {
			return err
		}
		row := calendarRow{FrameworkID: f.ID, Year: c.Year, DueOn: c.DueOn, ChangedBy: p.Email, ChangedAt: s.Now().UTC().Truncate(time.Microsecond)}
		if c.CloseOn != "" {
			day := c.CloseOn
			row.CloseOn = &day
		}
		var err error
		if old == nil {
			err = tx.Create(&row).Error
		} else {
			err = tx.Model(&calendarRow{}).Where("framework_id = ? AND year = ?", f.ID, c.Year).
				Updates(map[string]any{"due_on": row.DueOn, "close_on": row.CloseOn, "changed_by": row.ChangedBy, "changed_at": row.ChangedAt}).Error
		}
		if err != nil {
			return translate(err, "reporting calendar")
		}
		out = row.domain(c.Framework)
		_, err = s.auditG(tx, func(int64) (event, error) {
			return event{actor: p.Email, entity: "calendar", entityID: c.Framework + "/" + strconv.Itoa(c.Year), action: "set", old: old, new: out}, nil
		})
		return err
	})
	return out, err
}

// IsClosed reports whether a framework's year takes no changes now, closed
// by an administrator or by its calendar.
func (s *Store) IsClosed(ctx context.Context, framework string, year int) (bool, error) {
	var closed bool
	err := s.rdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var f frameworkRow
		if err := tx.Where("code = ?", framework).Take(&f).Error; err != nil {
			return translate(err, "framework "+quote(framework))
		}
		ys, err := s.closedYears(tx, f.ID)
		closed = ys[year]
		return err
	})
	return closed, err
}
