package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// periodLine is one year of a framework on the periods tab: a year with
// values, or one an administrator closed or reopened (or both).
type periodLine struct {
	Year      int
	HasValues bool
	// Period is what was last decided about the year, nil when nothing
	// was: the year is open.
	Period *indicators.ReportingPeriod
}

// Closed reports whether the year takes no changes.
func (p periodLine) Closed() bool { return p.Period != nil && p.Period.Closed }

// periodForm is the close/reopen form as typed. Row marks the form of a
// year's row, as opposed to the form for any year.
type periodForm struct {
	Framework, Year, Action, Reason string
	Row                             bool
	Errors                          map[string]string
}

// RowForm is the form of year's row: the refused one when it is that
// row's.
func (d *adminData) RowForm(year int) periodForm {
	if d.Period.Row && d.Period.Year == strconv.Itoa(year) {
		return d.Period
	}
	return periodForm{}
}

// periodLines lists the years of framework, the latest first.
func (s *Server) periodLines(c *gin.Context, framework string) ([]periodLine, error) {
	ctx := c.Request.Context()
	ps, err := s.svc.ListPeriods(ctx, framework)
	if err != nil {
		return nil, err
	}
	first, last, ok, err := s.svc.YearRange(ctx, framework)
	if err != nil {
		return nil, err
	}
	byYear := map[int]*periodLine{}
	if ok {
		for y := first; y <= last; y++ {
			byYear[y] = &periodLine{Year: y, HasValues: true}
		}
	}
	for i := range ps {
		if byYear[ps[i].Year] == nil {
			byYear[ps[i].Year] = &periodLine{Year: ps[i].Year}
		}
		byYear[ps[i].Year].Period = &ps[i]
	}
	out := make([]periodLine, 0, len(byYear))
	for _, l := range byYear {
		out = append(out, *l)
	}
	slices.SortFunc(out, func(a, b periodLine) int { return b.Year - a.Year })
	return out, nil
}

// adminPeriod serves POST /admin/periods: framework, year,
// action=close|reopen and a reason, which is required.
func (s *Server) adminPeriod(c *gin.Context) {
	ctx := c.Request.Context()
	l := langOf(c)
	f := periodForm{Framework: c.PostForm("framework"), Year: strings.TrimSpace(c.PostForm("year")), Action: c.PostForm("action"),
		Reason: strings.TrimSpace(c.PostForm("reason")), Row: c.PostForm("row") != "", Errors: map[string]string{}}
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
	if f.Action != "close" && f.Action != "reopen" {
		f.Errors["action"] = l.T("admin.error.action")
	}
	switch {
	case f.Reason == "":
		f.Errors["reason"] = l.T("admin.error.reason")
	case len([]rune(f.Reason)) > indicators.MaxCommentLen:
		f.Errors["reason"] = l.T("admin.error.too_long", "Max", indicators.MaxCommentLen)
	}
	status := http.StatusUnprocessableEntity
	var problem *pageProblem
	if len(f.Errors) == 0 {
		_, err := s.svc.SetPeriod(ctx, f.Framework, year, f.Action == "close", f.Reason, principalOf(c))
		if err == nil {
			s.adminDone(c, "periods", l.T("admin.periods.done."+f.Action, "Year", year, "Framework", f.Framework), "framework", f.Framework)
			return
		}
		if status, problem = s.adminRefusal(c, err, f.Errors, "action", "admin.error.period_state."+f.Action); status == 0 {
			return
		}
	}
	framework := f.Framework
	if f.Errors["framework"] != "" {
		framework = ""
	}
	s.renderAdmin(c, status, "periods", framework, func(d *adminData) { d.Period, d.Problem = f, problem })
}
