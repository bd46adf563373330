package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// periodsList serves GET /api/v1/frameworks/{fw}/periods: the years that
// were closed or reopened, with who and why.
func (s *Server) periodsList(c *gin.Context) {
	ps, err := s.svc.ListPeriods(c.Request.Context(), c.Param("fw"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(ps))
}

type periodBody struct {
	Reason string `json:"reason" validate:"required,maxcomment"`
}

func (s *Server) setPeriod(c *gin.Context, closed bool) {
	year, err := strconv.Atoi(c.Param("year"))
	if err != nil {
		s.fail(c, indicators.Errorf(indicators.NotFound, "no such year %q", c.Param("year")))
		return
	}
	var b periodBody
	if err := bindJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	p, err := s.svc.SetPeriod(c.Request.Context(), c.Param("fw"), year, closed, b.Reason, principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

// periodClose serves POST /api/v1/frameworks/{fw}/periods/{year}/close with
// {"reason"}.
func (s *Server) periodClose(c *gin.Context) { s.setPeriod(c, true) }

// periodReopen serves POST /api/v1/frameworks/{fw}/periods/{year}/reopen
// with {"reason"}.
func (s *Server) periodReopen(c *gin.Context) { s.setPeriod(c, false) }
