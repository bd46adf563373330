package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/reports"
	"igmc/scoring"
)

// scorecardMaxYears caps the years the scorecard's charts go back.
const scorecardMaxYears = 15

// scorecardPage serves GET /zones/{zone}/scorecard?framework=&year=&status=:
// the zone's scorecard as of the year, with the index and each perspective
// over the years and each indicator's history against its target. The
// whole page comes from one series of cards (the card of the year is its
// last) and one catalogue read.
func (s *Server) scorecardPage(c *gin.Context) {
	zone := c.Param("zone")
	if err := scope(c, zone); err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	p, ok := s.cardPageOf(c)
	if !ok {
		return
	}
	fw, basis, yr, year := p.fw, p.basis, p.years, p.years.year
	z, err := s.svc.Zone(ctx, zone)
	if err != nil {
		s.fail(c, err)
		return
	}
	from := year
	if yr.hasData && yr.first < year {
		from = max(yr.first, year-scorecardMaxYears+1)
	}
	series, err := s.svc.ScorecardSeries(ctx, fw, zone, from, year, basis)
	if err != nil {
		s.fail(c, err)
		return
	}
	cat, err := s.withZoneTargets(c, p.cat, p.fw, zone, p.basis)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := buildScorecardPage(langOf(c), z, p.framework, cat, series)
	d.Frameworks = p.frameworks
	d.Years = yr.choices()
	d.Links = scorecardLinksFor(zone, fw, year, basis)
	if err := s.scorecardEvidence(c.Request.Context(), d); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "scorecard", "compare", d)
}

// cardPage is what the scorecard and comparison pages both start from:
// the framework, the basis (status=) and the year (year=) asked for, the
// years with values and the framework's catalogue.
type cardPage struct {
	fw         string
	basis      scoring.Basis
	years      scYears
	framework  indicators.Framework
	frameworks []indicators.Framework // for the selector, nil when only one
	cat        *indicators.Catalogue
}

// cardPageOf reads a card page's query and loads its framework. On a
// problem it answers and returns false.
func (s *Server) cardPageOf(c *gin.Context) (cardPage, bool) {
	p := cardPage{fw: pageFramework(c)}
	var err error
	if p.basis, err = reports.BasisOf(c.Query("status")); err != nil {
		s.fail(c, err)
		return p, false
	}
	var ok bool
	if p.years, ok = s.scYears(c, p.fw); !ok {
		return p, false
	}
	p.framework, p.frameworks, p.cat, ok = s.frameworkPage(c, p.fw)
	return p, ok
}

// scorecardLinks are the page's links to itself on the other basis and to
// the zone's other pages and exports for the same framework and year.
type scorecardLinks struct {
	Official, Working, Progress, Entry, CSV, XLSX, PDF string
	Planner                                            string
}

func scorecardLinksFor(zone, fw string, year int, basis scoring.Basis) scorecardLinks {
	base := "/zones/" + url.PathEscape(zone)
	q := func(status string) string {
		v := url.Values{"framework": {fw}, "year": {strconv.Itoa(year)}}
		if status != "" {
			v.Set("status", status)
		}
		return v.Encode()
	}
	status := reports.StatusOf(basis)
	api := "/api/v1/zones/" + url.PathEscape(zone) + "/scorecard"
	return scorecardLinks{
		Official: base + "/scorecard?" + q(reports.StatusOf(scoring.BasisOfficial)),
		Working:  base + "/scorecard?" + q(reports.StatusOf(scoring.BasisWorking)),
		Progress: base + "/progress?" + q(""),
		Entry:    base + "/entry?" + q(""),
		Planner:  base + "/planner?" + q(status),
		CSV:      api + ".csv?" + q(status),
		XLSX:     api + ".xlsx?" + q(status),
		PDF:      api + ".pdf?" + q(status),
	}
}

// scYears is the year a page shows and the years with values in its
// framework.
type scYears struct {
	year, first, last int
	hasData           bool
}

// scYears reads the year query of a page; without one it is the latest
// year with values. On a problem it answers and returns false.
func (s *Server) scYears(c *gin.Context, fw string) (scYears, bool) {
	var y scYears
	var err error
	y.first, y.last, y.hasData, err = s.svc.YearRange(c.Request.Context(), fw)
	if err != nil {
		s.fail(c, err)
		return y, false
	}
	if c.Query("year") == "" && y.hasData {
		y.year = y.last
		return y, true
	}
	var ok bool
	y.year, ok = s.pageYear(c, fw)
	return y, ok
}

// choices are the years the year selector offers, latest first.
func (y scYears) choices() []int { return scYearChoices(y.first, y.last, y.hasData, y.year) }

// scYearChoices are the years the year selector offers: those with values
// in the framework, and the one shown even when it has none.
func scYearChoices(first, last int, hasData bool, year int) []int {
	if !hasData {
		first, last = year, year
	}
	first, last = min(first, year), max(last, year)
	out := make([]int, 0, last-first+1)
	for y := last; y >= first; y-- {
		out = append(out, y)
	}
	return out
}

// withZoneTargets is the catalogue as the zone's page draws it: the
// targets of its own plan (adopted on the official basis, latest on the
// working one) in place of the catalogue's, so that a chart's target line
// is the zone's promise. The catalogue given is shared and left as it is.
func (s *Server) withZoneTargets(c *gin.Context, cat *indicators.Catalogue, fw, zone string, basis scoring.Basis) (*indicators.Catalogue, error) {
	plan, err := s.svc.ZonePlan(c.Request.Context(), fw, zone, basis)
	if indicators.CodeOf(err) == indicators.NotFound {
		return cat, nil
	}
	if err != nil {
		return nil, err
	}
	targets := map[string]indicators.PlanEntry{}
	for _, e := range plan.Entries {
		if e.Kind == indicators.PlanTarget {
			targets[e.IndicatorCode] = e
		}
	}
	out := *cat
	out.Indicators = append([]indicators.Indicator(nil), cat.Indicators...)
	for i := range out.Indicators {
		if t, ok := targets[out.Indicators[i].Code]; ok {
			v, y := t.Value, t.Year
			out.Indicators[i].TargetValue, out.Indicators[i].TargetYear = &v, &y
		}
	}
	return &out, nil
}
