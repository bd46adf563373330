package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// The data-quality page (SPEC §8): the report of a framework × year for
// the user's zones — per zone the counts, the open follow-ups and the
// on-time share, then the zone × indicator grid — with its CSV and
// workbook.

type qualityData struct {
	Report     indicators.QualityReport
	Frameworks []indicators.Framework
	// Names maps an indicator's code to its name in the page's language.
	Names map[string]string
	// Search is the zone search (q=), Page where the zones shown sit among
	// those that match, Total the zones before the search: both tables
	// hold one page of zones, the downloads every zone.
	Search tableSort
	Page   comparePager
	Total  int
}

// qualityPage serves GET /quality?framework=&year= (the latest year with
// values by default).
func (s *Server) qualityPage(c *gin.Context) {
	ctx := c.Request.Context()
	fw := pageFramework(c)
	year, ok := s.pageYear(c, fw)
	if !ok {
		return
	}
	ts, page, err := zoneListQuery(c.Request.URL.Query())
	if err != nil {
		s.fail(c, err)
		return
	}
	r, err := s.svc.QualityReport(ctx, fw, year, principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	d := &qualityData{Report: r, Names: map[string]string{}, Search: ts, Total: len(r.Zones)}
	var found []indicators.QualityZone
	for _, z := range r.Zones {
		if ts.matches(z.Zone, z.NameEn, z.NameZh) {
			found = append(found, z)
		}
	}
	q := url.Values{"framework": {r.Framework}, "year": {strconv.Itoa(r.Year)}}
	if ts.Q != "" {
		q.Set("q", ts.Q)
	}
	d.Report.Zones, d.Page = pageRows(found, page, "/quality", q)
	cat, err := s.svc.Catalogue(ctx, fw)
	if err == nil {
		d.Frameworks, err = s.svc.ListFrameworks(ctx)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	l := langOf(c)
	for _, ind := range cat.Indicators {
		d.Names[ind.Code] = l.Name(ind.NameEn, ind.NameZh)
	}
	s.renderView(c, http.StatusOK, "quality", &View{Nav: "quality", Data: d})
}
