package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// adminDemo serves POST /admin/demo: loads the Liuyang demo (its zones and
// values, 2013–2019 approved and 2020 submitted) so that a new
// installation has something to show. Loading it again changes nothing;
// an installation with zones of its own is refused (409).
func (s *Server) adminDemo(c *gin.Context) {
	// Only into an installation without zones of its own: demo values must
	// never mix with a zone's real ones.
	zones, err := s.svc.ListZones(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	demo := map[string]bool{}
	for _, z := range indicators.DemoZones {
		demo[z.Code] = true
	}
	for _, z := range zones {
		if !demo[z.Code] {
			s.fail(c, indicators.Errorf(indicators.Conflict, "the demo is loaded only into an installation without zones of its own, and zone %s exists", z.Code))
			return
		}
	}
	values, added, err := s.svc.LoadDemo(c.Request.Context(), principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.log.Info("demo loaded", "user", principalOf(c).Email, "values", values, "new", added)
	s.setPageFlash(c, langOf(c).T("home.demo.loaded", "Zones", len(indicators.DemoZones), "Values", values, "New", added))
	c.Redirect(http.StatusSeeOther, "/")
}
