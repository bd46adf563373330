package web

import "github.com/gin-gonic/gin"

func (s *Server) adminRoutes() []Route {
	return []Route{
		{"GET", "/admin", PermAdmin, s.adminPage},
		{"POST", "/admin/users", PermAdmin, s.adminUserCreate},
		{"POST", "/admin/users/:id", PermAdmin, s.adminUserUpdate},
		{"POST", "/admin/zones", PermAdmin, s.adminZoneCreate},
		{"POST", "/admin/periods", PermAdmin, s.adminPeriod},
		{"POST", "/admin/catalogue", PermAdmin, s.adminCatalogue},
	}
}

func (s *Server) adminPage(c *gin.Context)       { s.render(c, 200, "admin", "admin", nil) }
func (s *Server) adminUserCreate(c *gin.Context) { back(c, "/admin") }
func (s *Server) adminUserUpdate(c *gin.Context) { back(c, "/admin") }
func (s *Server) adminZoneCreate(c *gin.Context) { back(c, "/admin") }
func (s *Server) adminPeriod(c *gin.Context)     { back(c, "/admin") }
func (s *Server) adminCatalogue(c *gin.Context)  { back(c, "/admin") }
