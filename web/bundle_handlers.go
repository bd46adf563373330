package web

import (
	"fmt"
	"strconv"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
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
	c.Header("Content-Type", "application/zip")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%d-bundle.zip"`, fw, year))
	err = WriteBundle(c.Request.Context(), s.svc, c.Writer, fw, year, principalOf(c).ScopeCodes())
	switch {
	case err != nil && !c.Writer.Written():
		// Nothing was sent: the error goes out as an error, not as a zip.
		c.Writer.Header().Del("Content-Type")
		c.Writer.Header().Del("Content-Disposition")
		s.fail(c, err)
	case err != nil:
		s.log.Warn("bundle export interrupted", "err", err)
	}
}
