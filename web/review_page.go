package web

import "github.com/gin-gonic/gin"

func (s *Server) reviewPageRoutes() []Route {
	return []Route{
		{"GET", "/review", PermReview, s.reviewPage},
		{"POST", "/review", PermReview, s.reviewSubmit},
	}
}

func (s *Server) reviewPage(c *gin.Context)   { s.render(c, 200, "review", "review", nil) }
func (s *Server) reviewSubmit(c *gin.Context) { back(c, "/review") }
