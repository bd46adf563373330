package web

import "github.com/gin-gonic/gin"

func (s *Server) cataloguePageRoutes() []Route {
	return []Route{
		{"GET", "/catalogue", PermRead, s.cataloguePage},
	}
}

func (s *Server) cataloguePage(c *gin.Context) { s.render(c, 200, "catalogue", "catalogue", nil) }
