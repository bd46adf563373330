package web

import "github.com/gin-gonic/gin"

// reportStore is what the reports need of the store.
type reportStore interface{}

func (s *Server) reportRoutes() []Route {
	return []Route{
		{"GET", "/zones/:zone/progress", PermRead, s.progressPage},
	}
}

func (s *Server) progressPage(c *gin.Context) {
	if err := scope(c, c.Param("zone")); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, 200, "progress", "compare", nil)
}
