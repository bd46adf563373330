package web

import "github.com/gin-gonic/gin"

func (s *Server) scorecardPageRoutes() []Route {
	return []Route{
		{"GET", "/zones/:zone/scorecard", PermRead, s.scorecardPage},
		{"GET", "/compare", PermRead, s.comparePage},
	}
}

func (s *Server) scorecardPage(c *gin.Context) {
	if err := scope(c, c.Param("zone")); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, 200, "scorecard", "compare", nil)
}
func (s *Server) comparePage(c *gin.Context) { s.render(c, 200, "compare", "compare", nil) }
