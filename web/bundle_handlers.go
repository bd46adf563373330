package web

import (
	"fmt"
	"io"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/reports"
)

// exportBundle serves GET /api/v1/exports/bundle.zip?framework=&year=: the
// auditor's bundle (WriteBundle), streamed; officers and reviewers get
// their zones only.
func (s *Server) exportBundle(c *gin.Context) {
	fw, year, ok := s.frameworkYear(c, true)
	if !ok {
		return
	}
	s.streamZip(c, "application/zip", fmt.Sprintf("%s-%d-bundle.zip", fw, year), func(w io.Writer) error {
		return reports.WriteBundle(c.Request.Context(), s.svc, w, fw, year, principalOf(c).ScopeCodes())
	})
}

// frameworkYear reads the query of an export of a framework's year:
// framework required, year required when needYear, else 0 when absent. On
// a problem it answers and returns false.
func (s *Server) frameworkYear(c *gin.Context, needYear bool) (string, int, bool) {
	fw := c.Query("framework")
	var fields []indicators.FieldError
	if fw == "" {
		fields = append(fields, indicators.FieldError{Field: "framework", Code: "required", Message: "framework is required"})
	}
	year := 0
	if v := c.Query("year"); v != "" || needYear {
		y, err := indicators.ParseYear(v)
		fields = append(fields, indicators.FieldsOf(err)...)
		year = y
	}
	if len(fields) > 0 {
		s.fail(c, indicators.FieldsError("the query is not valid", fields))
		return "", 0, false
	}
	return fw, year, true
}
