package web

import "github.com/gin-gonic/gin"

func (s *Server) auditPageRoutes() []Route {
	return []Route{
		{"GET", "/audit", PermExport, s.auditPage},
	}
}

func (s *Server) auditPage(c *gin.Context) { s.render(c, 200, "audit", "audit", nil) }
