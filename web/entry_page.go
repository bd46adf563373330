package web

import "github.com/gin-gonic/gin"

func (s *Server) entryRoutes() []Route {
	return []Route{
		{"GET", "/zones/:zone/entry", PermEdit, s.entryPage},
		{"POST", "/zones/:zone/entry", PermEdit, s.entrySave},
	}
}

func (s *Server) entryPage(c *gin.Context) {
	if err := scope(c, c.Param("zone")); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, 200, "entry", "home", nil)
}
func (s *Server) entrySave(c *gin.Context) {
	if err := scope(c, c.Param("zone")); err != nil {
		s.fail(c, err)
		return
	}
	back(c, c.Request.URL.Path)
}
