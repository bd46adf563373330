package web

import "github.com/gin-gonic/gin"

func (s *Server) importPageRoutes() []Route {
	return []Route{
		{"GET", "/import", PermEdit, s.importPage},
		{"POST", "/import", PermEdit, s.importPreview},
		{"POST", "/import/confirm", PermEdit, s.importConfirm},
		{"GET", "/import/template", PermEdit, s.importTemplate},
	}
}

func (s *Server) importPage(c *gin.Context)    { s.render(c, 200, "import", "import", nil) }
func (s *Server) importPreview(c *gin.Context) { s.render(c, 200, "import", "import", nil) }
func (s *Server) importConfirm(c *gin.Context) { back(c, "/import") }
func (s *Server) importTemplate(c *gin.Context) {
	c.String(200, "zone_code,indicator_code,period,value,source,comment\n")
}
