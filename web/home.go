package web

import (
	"embed"
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"
)

//go:embed templates/*.html
var templateFS embed.FS

// Parsed at start so a broken template fails at once.
var pages = template.Must(template.ParseFS(templateFS, "templates/*.html"))

// home serves GET /: a landing page that names the catalogues and where to
// go next.
func (s *Server) home(c *gin.Context) {
	fws, err := s.svc.ListFrameworks(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	zones, err := s.svc.ListZones(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Status(http.StatusOK)
	if err := pages.ExecuteTemplate(c.Writer, "home.html", gin.H{"Frameworks": fws, "Zones": zones}); err != nil {
		s.log.Error("render home", "err", err)
	}
}
