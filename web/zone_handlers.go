package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// zonesList serves GET /api/v1/zones.
func (s *Server) zonesList(c *gin.Context) {
	zs, err := s.svc.ListZones(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(visible(principalOf(c), zs, func(z *indicators.Zone) string { return z.Code })))
}

// zonesShow serves GET /api/v1/zones/{zone}.
func (s *Server) zonesShow(c *gin.Context) {
	if err := scope(c, c.Param("zone")); err != nil {
		s.fail(c, err)
		return
	}
	z, err := s.svc.Zone(c.Request.Context(), c.Param("zone"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, z)
}

// zoneBody is a new zone. Its rules are the domain's (Zone.Validate, which
// the store applies), so the API, the admin page and the zones file refuse
// the same zones with the same words.
type zoneBody struct {
	Code       string `json:"code"`
	NameEn     string `json:"name_en"`
	NameZh     string `json:"name_zh"`
	ParentCode string `json:"parent_code"`
	Type       string `json:"type"`
}

// zonesCreate serves POST /api/v1/zones.
func (s *Server) zonesCreate(c *gin.Context) {
	var b zoneBody
	if err := bindJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	z := indicators.Zone(b)
	if err := s.svc.CreateZone(c.Request.Context(), z, principalOf(c)); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.svc.Zone(c.Request.Context(), z.Code)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, out)
}

// zonesImport serves POST /api/v1/zones/import: a zones file, all or
// nothing.
func (s *Server) zonesImport(c *gin.Context) {
	rd, done, err := s.openUpload(c, maxSmallUpload)
	defer done()
	if err != nil {
		s.fail(c, err)
		return
	}
	zs, err := indicators.ReadZones(rd)
	if err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.svc.ImportZones(c.Request.Context(), zs, principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}
