package web

import (
	"fmt"
	"io"
	"strconv"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/reports"
)

// exportBundle serves GET /api/v1/exports/bundle.zip?framework=&year=: the
// auditor's bundle (WriteBundle), streamed; officers and reviewers get
// their zones only.
func (s *Server) exportBundle(c *gin.Context) {
	fw := c.Query("framework")
	year, err := strconv.Atoi(c.Query("year"))
	var fields []indicators.FieldError
	if fw == "" {
		fields = append(fields, indicators.FieldError{Field: "framework", Code: "required", Message: "framework is required"})
	}
	if err != nil || year < indicators.MinYear || year > indicators.MaxYear {
		fields = append(fields, indicators.FieldError{Field: "year", Code: "required", Message: "year must be a year such as 2019"})
	}
	if len(fields) > 0 {
		s.fail(c, indicators.FieldsError("the query is not valid", fields))
		return
	}
	s.streamZip(c, "application/zip", fmt.Sprintf("%s-%d-bundle.zip", fw, year), func(w io.Writer) error {
		return reports.WriteBundle(c.Request.Context(), s.svc, w, fw, year, principalOf(c).ScopeCodes())
	})
}
