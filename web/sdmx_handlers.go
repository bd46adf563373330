package web

import (
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/reports"
)

// exportSDMX serves GET /api/v1/exports/sdmx.csv?framework=&year=: the
// values as SDMX-CSV 1.0 (year optional: every year without it), streamed;
// officers and reviewers get their zones only.
func (s *Server) exportSDMX(c *gin.Context) {
	fw, year, ok := s.frameworkYear(c, false)
	if !ok {
		return
	}
	s.streamCSV(c, fw+"-sdmx.csv", func(w io.Writer) error {
		return reports.WriteSDMXCSV(c.Request.Context(), s.svc, w, fw, year, principalOf(c).ScopeCodes())
	})
}

// exportSDMXStructure serves GET /api/v1/exports/sdmx-structure.xml?framework=:
// the SDMX-ML 2.1 structure message naming every code of the SDMX-CSV
// (the caller's zones only, for officers and reviewers).
func (s *Server) exportSDMXStructure(c *gin.Context) {
	fw, _, ok := s.frameworkYear(c, false)
	if !ok {
		return
	}
	s.stream(c, &download{c: c, ctype: "application/xml; charset=utf-8", name: fw + "-sdmx-structure.xml"}, func(w io.Writer) error {
		return reports.WriteSDMXStructure(c.Request.Context(), s.svc, w, fw, principalOf(c).ScopeCodes())
	})
}

// changesList serves GET /api/v1/changes?since=&limit=: the changes feed,
// the audit trail after the cursor since (0, or none: from the start), of
// the caller's zones; account events for administrators only. A since that
// is not a cursor is 400, like a cursor= the feed does not take.
func (s *Server) changesList(c *gin.Context) {
	var since int64
	if v := c.Query("since"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			s.fail(c, bad("since must be a cursor this server gave out (a whole number, 0 for the start)"))
			return
		}
		since = n
	}
	if c.Query("cursor") != "" {
		s.fail(c, bad("the changes feed takes since=, not cursor="))
		return
	}
	limit, _, fields := paging(c, nil)
	if len(fields) > 0 {
		s.fail(c, indicators.FieldsError("the query is not valid", fields))
		return
	}
	p := principalOf(c)
	page, err := s.svc.ListChanges(c.Request.Context(), since, limit, p.ScopeCodes(), p.Role == indicators.RoleAdmin)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, page)
}
