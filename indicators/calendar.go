package indicators

import (
	"fmt"
	"time"
)

// Calendar is a framework's reporting calendar for one year (SPEC §8): the
// day its values are due and, optionally, the day the year closes itself
// to changes. Days are days of ReportingZone.
type Calendar struct {
	Framework string `json:"framework_code"`
	Year      int    `json:"year"`
	// DueOn is YYYY-MM-DD: a value first submitted after the end of that
	// day is late.
	DueOn string `json:"due_on"`
	// CloseOn, when set, is YYYY-MM-DD: from the start of that day the
	// year counts as closed, as if an administrator had closed it, until
	// an administrator reopens it.
	CloseOn   string    `json:"close_on,omitempty"`
	ChangedBy string    `json:"changed_by"`
	ChangedAt time.Time `json:"changed_at"`
}

// ReportingZone is the time zone of the calendar's days: China Standard
// Time, where the zones report.
var ReportingZone = time.FixedZone("UTC+8", 8*3600)

// ParseDay reads a day written YYYY-MM-DD as its start in ReportingZone.
func ParseDay(s string) (time.Time, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, ReportingZone)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a day written YYYY-MM-DD", Excerpt(s))
	}
	return t, nil
}

// IsLate reports whether a value first submitted at submittedAt came after
// the due day's end. A calendar without a valid due day makes nothing late.
func (c Calendar) IsLate(submittedAt time.Time) bool {
	due, err := ParseDay(c.DueOn)
	if err != nil {
		return false
	}
	return !submittedAt.Before(due.AddDate(0, 0, 1))
}

// ClosesAt is the moment the year closes itself, and whether it does.
func (c Calendar) ClosesAt() (time.Time, bool) {
	if c.CloseOn == "" {
		return time.Time{}, false
	}
	t, err := ParseDay(c.CloseOn)
	return t, err == nil
}

// Validate checks the days: a due day, a close day (if any) not before it,
// both within the years a value may have.
func (c *Calendar) Validate() error {
	var errs FieldErrors
	due, err := ParseDay(c.DueOn)
	if err != nil {
		errs.Add(0, "due_on", "invalid_day", "due_on: %v", err)
	} else if !ValidYear(due.Year()) {
		errs.Add(0, "due_on", "out_of_range", "due_on must be a day between %d and %d", MinYear, MaxYear)
	}
	if c.CloseOn != "" {
		cl, err := ParseDay(c.CloseOn)
		switch {
		case err != nil:
			errs.Add(0, "close_on", "invalid_day", "close_on: %v", err)
		case !ValidYear(cl.Year()):
			errs.Add(0, "close_on", "out_of_range", "close_on must be a day between %d and %d", MinYear, MaxYear)
		case !due.IsZero() && cl.Before(due):
			errs.Add(0, "close_on", "before_due", "close_on (%s) is before due_on (%s): values could not be entered until they are due", c.CloseOn, c.DueOn)
		}
	}
	if err := CheckYear(c.Year); err != nil {
		return err
	}
	return errs.Err("the reporting calendar is not valid")
}
