package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/reports"
	"igmc/scoring"
)

// plannerPage serves GET /zones/{zone}/planner?framework=&year=&status=:
// what each indicator would add at green and at best, the way to the next
// grade, and the what-if form.
func (s *Server) plannerPage(c *gin.Context) {
	d, ok := s.plannerData(c)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, "planner", "compare", d)
}

// plannerWhatIf serves POST /zones/{zone}/planner?framework=&year=&status=
// (form: v.<indicator code> = a hypothetical value, empty to keep the real
// one): the page again, with the scorecard the values would give beside
// today's and the differences, or the form's errors (422). Nothing is
// stored.
func (s *Server) plannerWhatIf(c *gin.Context) {
	d, ok := s.plannerData(c)
	if !ok {
		return
	}
	l := langOf(c)
	values := d.readForm(l, c.PostForm)
	if d.Invalid {
		s.render(c, http.StatusUnprocessableEntity, "planner", "compare", d)
		return
	}
	r, err := s.svc.WhatIf(c.Request.Context(), d.Framework.Code, d.Zone.Code, d.Year, d.Basis, values)
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Result = buildWhatIf(l, d, &r)
	s.render(c, http.StatusOK, "planner", "compare", d)
}

// plannerData loads what the page shows, whichever the method: the zone,
// the catalogue, today's card and the planner. On a problem it answers and
// returns false.
func (s *Server) plannerData(c *gin.Context) (*plannerPageData, bool) {
	zone := c.Param("zone")
	if err := scope(c, zone); err != nil {
		s.fail(c, err)
		return nil, false
	}
	ctx := c.Request.Context()
	fw := pageFramework(c)
	basis, err := reports.BasisOf(c.Query("status"))
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	yr, ok := s.scYears(c, fw)
	if !ok {
		return nil, false
	}
	z, err := s.svc.Zone(ctx, zone)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	f, _, cat, ok := s.frameworkPage(c, fw)
	if !ok {
		return nil, false
	}
	card, err := s.svc.Scorecard(ctx, fw, zone, yr.year, basis)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	plan, err := s.svc.Planner(ctx, fw, zone, yr.year, basis)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	d := buildPlannerPage(langOf(c), z, f, cat, &card, &plan)
	d.Years = yr.choices()
	d.Links = plannerLinksFor(zone, fw, yr.year, basis)
	return d, true
}

// plannerLinks are the page's own address (the form's action) and its way
// back to the scorecard.
type plannerLinks struct {
	Action, Scorecard, Official, Working string
}

func plannerLinksFor(zone, fw string, year int, basis scoring.Basis) plannerLinks {
	base := "/zones/" + url.PathEscape(zone)
	q := func(status string) string {
		v := url.Values{"framework": {fw}, "year": {strconv.Itoa(year)}}
		if status != "" {
			v.Set("status", status)
		}
		return v.Encode()
	}
	status := reports.StatusOf(basis)
	return plannerLinks{
		Action:    base + "/planner?" + q(status),
		Scorecard: base + "/scorecard?" + q(status),
		Official:  base + "/planner?" + q("approved"),
		Working:   base + "/planner?" + q("any"),
	}
}

// readForm reads the form's hypothetical values as the entry form reads
// values (ParseValue, then the indicator's plausible range), keeping what
// was typed; an empty field keeps the real value. With no value at all the
// form is invalid too.
func (d *plannerPageData) readForm(l *Lang, get func(string) string) map[string]float64 {
	out := map[string]float64{}
	for i := range d.Form {
		f := &d.Form[i]
		f.Typed = get("v." + f.Code)
		text := strings.TrimSpace(f.Typed)
		if text == "" {
			continue
		}
		v, err := indicators.ParseValueOf(text, f.Ind.Unit, f.Ind.UnitZh)
		switch {
		case err != nil:
			f.Err, d.Invalid = numberProblem(l, err), true
		case !f.Ind.InRange(v):
			f.Err, d.Invalid = entryRange(l, *f.Ind), true
		default:
			out[f.Code] = v
		}
	}
	if len(out) == 0 && !d.Invalid {
		d.FormErr, d.Invalid = l.T("planner.err.none"), true
	}
	return out
}
