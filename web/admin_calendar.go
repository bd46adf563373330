package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// calendarForm is the reporting-calendar form of the periods tab as typed:
// a framework's year, the day its values are due and, optionally, the day
// it closes itself (both YYYY-MM-DD, UTC+8).
type calendarForm struct {
	Framework, Year, DueOn, CloseOn string
	Errors                          map[string]string
}

// adminCalendar serves POST /admin/calendar: framework, year, due_on and
// close_on (empty: the year does not close itself).
func (s *Server) adminCalendar(c *gin.Context) {
	ctx := c.Request.Context()
	l := langOf(c)
	f := calendarForm{Framework: c.PostForm("framework"), Year: strings.TrimSpace(c.PostForm("year")),
		DueOn: strings.TrimSpace(c.PostForm("due_on")), CloseOn: strings.TrimSpace(c.PostForm("close_on")), Errors: map[string]string{}}
	fws, err := s.svc.ListFrameworks(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !slices.ContainsFunc(fws, func(fw indicators.Framework) bool { return fw.Code == f.Framework }) {
		f.Errors["framework"] = l.T("admin.error.framework")
	}
	year, err := indicators.ParseYear(f.Year)
	if err != nil {
		f.Errors["year"] = l.T("admin.error.year")
	}
	cal := indicators.Calendar{Framework: f.Framework, Year: year, DueOn: f.DueOn, CloseOn: f.CloseOn}
	calendarErrors(l, cal.Validate(), f.Errors)
	if f.DueOn == "" {
		f.Errors["due_on"] = l.T("admin.calendar.err.due_required")
	}
	status := http.StatusUnprocessableEntity
	var problem *pageProblem
	if len(f.Errors) == 0 {
		_, err := s.svc.SetCalendar(ctx, cal, principalOf(c))
		if err == nil {
			s.adminDone(c, "periods", l.T("admin.calendar.done", "Year", year, "Framework", f.Framework, "Day", f.DueOn), "framework", f.Framework)
			return
		}
		if calendarErrors(l, err, f.Errors) {
			status = statusOf[indicators.CodeOf(err)]
		} else if status, problem = s.adminRefusal(c, err, f.Errors, "", ""); status == 0 {
			return
		}
	}
	framework := f.Framework
	if f.Errors["framework"] != "" {
		framework = ""
	}
	s.renderAdmin(c, status, "periods", framework, func(d *adminData) { d.CalForm, d.Problem = f, problem })
}

// calendarErrors puts the day fields' problems of err beside them, in the
// page's language; it reports whether err had any.
func calendarErrors(l *Lang, err error, errs map[string]string) bool {
	var e *indicators.Error
	if err == nil || !errors.As(err, &e) {
		return false
	}
	found := false
	for _, fe := range e.Fields {
		switch fe.Field {
		case "due_on", "close_on":
			if fe.Code != "invalid_day" && fe.Code != "out_of_range" && fe.Code != "before_due" {
				fe.Code = "invalid_day"
			}
			errs[fe.Field], found = l.T("admin.calendar.err."+fe.Code), true
		case "year":
			errs["year"], found = l.T("admin.error.year"), true
		}
	}
	if !found && e.Code == indicators.Invalid && len(e.Fields) == 0 {
		errs["year"], found = l.T("admin.error.year"), true // CheckYear's refusal names no field
	}
	return found
}

// CalendarOf is the calendar of year on the tab, nil when it has none.
func (d *adminData) CalendarOf(year int) *indicators.Calendar {
	for i := range d.Calendars {
		if d.Calendars[i].Year == year {
			return &d.Calendars[i]
		}
	}
	return nil
}
