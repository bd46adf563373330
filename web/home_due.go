package web

import (
	"context"
	"slices"
	"time"

	"igmc/indicators"
)

// homeFollowUpCap is how many open follow-ups the home page lists; the
// follow-up page has the rest.
const homeFollowUpCap = 20

// homeDueWindow is how long after its due day a year still shows as
// overdue on the home page (unless it is closed sooner).
const homeDueWindow = 365

// homeDue is a year of the reporting calendar still taking values: when
// it is due, how many days that is from today (negative once overdue),
// and the day it closes itself, if any.
type homeDue struct {
	Year           int
	DueOn, CloseOn string
	Days           int
}

// Overdue says the due day has passed; Abs is the number of days either way.
func (d homeDue) Overdue() bool { return d.Days < 0 }
func (d homeDue) Abs() int {
	if d.Days < 0 {
		return -d.Days
	}
	return d.Days
}

// homeFollowUp is an open follow-up with where to answer it.
type homeFollowUp struct {
	F    indicators.FollowUp
	Ind  indicators.Indicator
	Link string
}

// homeCalendar lists the framework's years that are due or overdue and
// not closed — by an administrator or by their close day — as of now,
// counted in days of the reporting zone, soonest first.
func (s *Server) homeCalendar(ctx context.Context, fw string, now time.Time) ([]homeDue, error) {
	cals, err := s.svc.Calendars(ctx, fw)
	if err != nil || len(cals) == 0 {
		return nil, err
	}
	periods, err := s.svc.ListPeriods(ctx, fw)
	if err != nil {
		return nil, err
	}
	closed := map[int]bool{}
	for _, p := range periods {
		closed[p.Year] = closed[p.Year] || p.Closed
	}
	t := now.In(indicators.ReportingZone)
	today := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, indicators.ReportingZone)
	var out []homeDue
	for _, c := range cals {
		due, err := indicators.ParseDay(c.DueOn)
		if err != nil || closed[c.Year] {
			continue
		}
		if c.CloseOn != "" {
			if shut, err := indicators.ParseDay(c.CloseOn); err == nil && !today.Before(shut) {
				continue
			}
		}
		days := int(due.Sub(today).Round(time.Hour).Hours()) / 24
		if days < -homeDueWindow {
			continue
		}
		out = append(out, homeDue{Year: c.Year, DueOn: c.DueOn, CloseOn: c.CloseOn, Days: days})
	}
	slices.SortFunc(out, func(a, b homeDue) int { return a.Days - b.Days })
	return out, nil
}

// homeFollowUps lists the open follow-ups of the user's zones, each with
// the row of the entry form where its value is.
func (s *Server) homeFollowUps(ctx context.Context, p *indicators.Principal, byCode map[string]indicators.Indicator) ([]homeFollowUp, error) {
	fs, err := s.svc.OpenFollowUps(ctx, p, homeFollowUpCap)
	if err != nil {
		return nil, err
	}
	out := make([]homeFollowUp, 0, len(fs))
	for _, f := range fs {
		m := indicators.Measurement{ZoneCode: f.Zone, IndicatorCode: f.Indicator, Period: f.Period}
		out = append(out, homeFollowUp{F: f, Ind: byCode[f.Indicator], Link: entryRowLink(f.Framework, m)})
	}
	return out, nil
}
