package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// adminDemo serves POST /admin/demo: loads the Liuyang demo (its zones and
// values, 2013–2019 approved and 2020 submitted) so that a new
// installation has something to show. Loading it again changes nothing.
func (s *Server) adminDemo(c *gin.Context) {
	values, added, err := s.svc.LoadDemo(c.Request.Context(), principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.log.Info("demo loaded", "user", principalOf(c).Email, "values", values, "new", added)
	s.setPageFlash(c, langOf(c).T("home.demo.loaded", "Zones", len(indicators.DemoZones), "Values", values, "New", added))
	c.Redirect(http.StatusSeeOther, "/")
}
