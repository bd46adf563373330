package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/reports"
	"igmc/scoring"
)

// comparePageData is what templates/pages/compare.html shows.
type comparePageData struct {
	Framework  indicators.Framework
	Frameworks []indicators.Framework // for the selector, when more than one
	Year       int
	Years      []int
	Working    bool
	Status     string
	Rows       []compareRow
	// Perspectives are the heat table's columns.
	Perspectives []scoring.PerspectiveCard
}

// compareRow is a zone's line in both tables.
type compareRow struct {
	scoring.RankRow
	Grade string // in the page's language
	Link  string
	// Cells are the zone's perspectives in the order of the columns.
	Cells []scoring.RankPerspective
}

// comparePage serves GET /compare?framework=&year=&status=: the zones in
// the caller's scope ranked by index, and a table of their perspective
// scores; both come from one ranking, which the store caches.
func (s *Server) comparePage(c *gin.Context) {
	ctx := c.Request.Context()
	p, ok := s.cardPageOf(c)
	if !ok {
		return
	}
	fw, basis, yr, year, cat := p.fw, p.basis, p.years, p.years.year, p.cat
	all, err := s.svc.Ranking(ctx, fw, year, basis)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := langOf(c)
	d := &comparePageData{Framework: p.framework, Year: year, Years: yr.choices(),
		Working: basis == scoring.BasisWorking, Status: reports.StatusOf(basis)}
	d.Frameworks = p.frameworks
	for _, r := range visible(principalOf(c), all, func(r *scoring.RankRow) string { return r.Zone }) {
		d.Rows = append(d.Rows, compareRow{RankRow: r, Grade: scGradeText(l, r.Grade), Cells: r.Perspectives,
			Link: scorecardLinksFor(r.Zone, fw, year, basis).self(basis)})
	}
	// The columns, from the catalogue.
	for _, p := range cat.Perspectives {
		d.Perspectives = append(d.Perspectives, scoring.PerspectiveCard{Code: p.Code, NameEn: p.NameEn, NameZh: p.NameZh})
	}
	s.render(c, http.StatusOK, "compare", "compare", d)
}

// self is the link to the scorecard on basis b.
func (l scorecardLinks) self(b scoring.Basis) string {
	if b == scoring.BasisWorking {
		return l.Working
	}
	return l.Official
}
