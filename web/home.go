package web

import (
	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

func (s *Server) homeRoutes() []Route {
	return []Route{
		{"GET", "/", PermPublic, s.home},
	}
}

// home serves GET /: for a visitor, what the tracker is and the way to
// sign in; signed in, the frameworks and the zones in the caller's scope.
func (s *Server) home(c *gin.Context) {
	p := principalOf(c)
	if p == nil {
		s.render(c, 200, "home", "home", nil)
		return
	}
	fws, err := s.svc.ListFrameworks(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	all, err := s.svc.ListZones(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	zones := visible(p, all, func(z *indicators.Zone) string { return z.Code })
	s.render(c, 200, "home", "home", gin.H{"Frameworks": fws, "Zones": zones})
}
