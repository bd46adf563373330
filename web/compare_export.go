package web

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/reports"
	"igmc/scoring"
)

// compareZonesMax bounds the zones filter of the comparison exports.
const compareZonesMax = 1000

// compareExport reads the comparison page's query (framework, year,
// status) and the zones filter (zones=LY,LY-N: those zones only), and
// makes the comparison the page shows, cut to the caller's zones. On a
// problem it answers and returns false.
func (s *Server) compareExport(c *gin.Context) (*reports.Compare, bool) {
	p, ok := s.cardPageOf(c)
	if !ok {
		return nil, false
	}
	want, ok := s.compareZones(c)
	if !ok {
		return nil, false
	}
	all, err := s.svc.Ranking(c.Request.Context(), p.fw, p.years.year, p.basis)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	cmp := &reports.Compare{Framework: p.framework, Year: p.years.year, Basis: p.basis, MethodVersion: scoring.MethodVersion,
		Perspectives: p.cat.Perspectives}
	known := map[string]bool{}
	pr := principalOf(c)
	for _, r := range all {
		known[r.Zone] = true
		if pr.InScope(r.Zone) && (want == nil || want[r.Zone]) {
			cmp.Rows = append(cmp.Rows, r)
		}
	}
	for code := range want {
		if !known[code] {
			s.fail(c, indicators.FieldsError("the query is not valid", []indicators.FieldError{{Field: "zones", Code: "unknown_zone",
				Message: fmt.Sprintf("there is no zone %q", code), Args: map[string]string{"value": indicators.Excerpt(code)}}}))
			return nil, false
		}
		if !pr.InScope(code) {
			s.fail(c, indicators.Errorf(indicators.Forbidden, "zone %s is outside your zones", code))
			return nil, false
		}
	}
	return cmp, true
}

// compareZones reads the zones filter: nil when there is none.
func (s *Server) compareZones(c *gin.Context) (map[string]bool, bool) {
	q := strings.TrimSpace(c.Query("zones"))
	if q == "" {
		return nil, true
	}
	want := map[string]bool{}
	for _, code := range strings.Split(q, ",") {
		if code = strings.TrimSpace(code); code != "" {
			want[code] = true
		}
	}
	if len(want) > compareZonesMax {
		s.fail(c, indicators.FieldsError("the query is not valid", []indicators.FieldError{{Field: "zones", Code: "too_many",
			Message: fmt.Sprintf("at most %d zones can be named; leave zones out for all of them", compareZonesMax)}}))
		return nil, false
	}
	return want, true
}

// compareCSV serves GET /api/v1/compare.csv?framework=&year=&status=&zones=&lang=&bom=:
// the zones of the comparison, one row each, streamed.
func (s *Server) compareCSV(c *gin.Context) {
	o, ok := s.csvOptions(c)
	if !ok {
		return
	}
	cmp, ok := s.compareExport(c)
	if !ok {
		return
	}
	s.streamCSV(c, compareFile(cmp, "csv"), func(w io.Writer) error { return reports.WriteCompareCSV(w, cmp, o) })
}

// comparePDF serves GET /api/v1/compare.pdf?framework=&year=&status=&zones=&lang=:
// the bar chart of the index by zone, highest first, and the ranking.
func (s *Server) comparePDF(c *gin.Context) {
	cmp, ok := s.compareExport(c)
	if !ok {
		return
	}
	if len(cmp.Rows) > reports.ComparePDFMaxZones {
		s.fail(c, indicators.FieldsError("the comparison is too long for a PDF", []indicators.FieldError{{Field: "zones", Code: "too_many",
			Message: fmt.Sprintf("a PDF holds at most %d zones (this one has %d): name the zones, or download the CSV", reports.ComparePDFMaxZones, len(cmp.Rows))}}))
		return
	}
	o, ok := s.pdfOptions(c, cmp.Framework.Code)
	if !ok {
		return
	}
	var buf bytes.Buffer
	notice, err := reports.WriteComparePDF(&buf, cmp, o)
	s.sendPDF(c, compareFile(cmp, "pdf"), notice, &buf, err)
}

func compareFile(cmp *reports.Compare, ext string) string {
	return fmt.Sprintf("compare-%s-%d-%s.%s", cmp.Framework.Code, cmp.Year, cmp.Basis, ext)
}
