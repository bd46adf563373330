package web

import (
	"html/template"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/reports"
	"igmc/scoring"
)

// progressView is the progress page's data.
type progressView struct {
	Report *scoring.ProgressReport
	Zone   indicators.Zone
	// Status is the basis as the query names it (approved or any), for
	// the form and the links.
	Status string
	// Query is framework, year and status, for the links to the files.
	Query  template.URL
	ByCode map[string]*scoring.IndicatorProgress
	// Units are the indicators' units in the page's language, by code.
	Units map[string]string
	// About is each indicator's unit, definition and source in the page's
	// language, by code; History the link to the versions of its value.
	About   map[string]catalogueText
	History map[string]template.URL
}

// progressPage serves GET /zones/{zone}/progress?framework=&year=&status=:
// the progress report of zone × year, by default on the official basis for
// the latest year with values.
func (s *Server) progressPage(c *gin.Context) {
	zone := c.Param("zone")
	if err := scope(c, zone); err != nil {
		s.fail(c, err)
		return
	}
	fw := pageFramework(c)
	year, ok := s.pageYear(c, fw)
	if !ok {
		return
	}
	basis, err := reports.BasisOf(c.Query("status"))
	if err != nil {
		s.fail(c, err)
		return
	}
	r, z, err := s.progressReport(c.Request.Context(), fw, zone, year, basis)
	if err != nil {
		s.fail(c, err)
		return
	}
	cat, err := s.svc.Catalogue(c.Request.Context(), fw)
	if err != nil {
		s.fail(c, err)
		return
	}
	v := progressView{Report: r, Zone: z, Status: reports.StatusOf(basis), ByCode: map[string]*scoring.IndicatorProgress{},
		Units: reports.UnitsOf(langOf(c), cat)}
	v.Query = template.URL(url.Values{"framework": {fw}, "year": {strconv.Itoa(year)}, "status": {v.Status}}.Encode())
	v.About, v.History = map[string]catalogueText{}, map[string]template.URL{}
	for i := range cat.Indicators {
		v.About[cat.Indicators[i].Code] = catalogueTextOf(langOf(c), &cat.Indicators[i])
	}
	for i := range r.Indicators {
		ip := &r.Indicators[i]
		v.ByCode[ip.IndicatorCode] = ip
		vy := year
		if ip.ValueYear != nil {
			vy = *ip.ValueYear
		}
		v.History[ip.IndicatorCode] = historyURL(zone, fw, ip.IndicatorCode, vy, "")
	}
	s.render(c, 200, "progress", "compare", v)
}

var _ = registerFuncs(template.FuncMap{
	// reportSigned writes a change with its sign.
	"reportSigned": func(l *Lang, v *float64, digits int) string { return l.Signed(v, digits) },
	// reportPctChange writes a relative change as a signed percentage.
	"reportPctChange": func(l *Lang, v *float64) string { return l.PctChange(v) },
	// reportValue writes a value, with its year when not the report's.
	"reportValue": func(l *Lang, v *float64, from *int, year int) string { return reports.ValueText(l, v, from, year) },
	"reportTrend": func(l *Lang, t *scoring.Trend) string { return reports.TrendText(l, t) },
	"reportPlan":  func(l *Lang, p *scoring.PlanStatus) string { return reports.PlanText(l, p) },
	// reportRating is a rating's code, for its class and label; "" for none.
	"reportRating": func(r any) string {
		switch v := r.(type) {
		case scoring.Rating:
			return string(v)
		case *scoring.Rating:
			if v != nil {
				return string(*v)
			}
		}
		return ""
	},
	"reportGrade": func(l *Lang, g *string) string { return reports.GradeText(l, g) },
	// progressUnit is an indicator's unit in the page's language, marked
	// with its language when it had to be the other one; the report's own
	// unit when the catalogue has none.
	"progressUnit": func(v progressView, code, unit string) template.HTML {
		if a, ok := v.About[code]; ok && a.Unit.Text != "" {
			return langSpan(a.Unit)
		}
		return template.HTML(template.HTMLEscapeString(unit))
	},
})
