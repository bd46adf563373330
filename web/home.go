package web

import (
	"embed"
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

//go:embed templates/*.html
var templateFS embed.FS

// Parsed at start so a broken template fails at once.
var pages = template.Must(template.ParseFS(templateFS, "templates/*.html"))

// home serves GET /: a landing page. Signed in, it lists the frameworks and
// the zones in the caller's scope; otherwise it only points to the sign-in.
func (s *Server) home(c *gin.Context) {
	p := principalOf(c)
	if p == nil {
		c.Header("Content-Type", "text/html; charset=utf-8")
		c.Status(http.StatusOK)
		if err := pages.ExecuteTemplate(c.Writer, "home.html", gin.H{}); err != nil {
			s.log.Error("render home", "err", err)
		}
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
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Status(http.StatusOK)
	if err := pages.ExecuteTemplate(c.Writer, "home.html", gin.H{"Frameworks": fws, "Zones": zones, "User": p}); err != nil {
		s.log.Error("render home", "err", err)
	}
}
