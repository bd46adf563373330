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
	fw := c.Query("framework")
	year, err := indicators.ParseYear(c.Query("year"))
	var fields []indicators.FieldError
	if fw == "" {
		fields = append(fields, indicators.FieldError{Field: "framework", Code: "required", Message: "framework is required"})
	}
	fields = append(fields, indicators.FieldsOf(err)...)
	if len(fields) > 0 {
		s.fail(c, indicators.FieldsError("the query is not valid", fields))
		return
	}
	s.streamZip(c, "application/zip", fmt.Sprintf("%s-%d-bundle.zip", fw, year), func(w io.Writer) error {
		return reports.WriteBundle(c.Request.Context(), s.svc, w, fw, year, principalOf(c).ScopeCodes())
	})
}
