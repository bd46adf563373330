package web

import (
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

type list[T any] struct {
	Items []T     `json:"items"`
	Total int64   `json:"total"`
	Next  *string `json:"next"`
}

func listOf[T any](items []T) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, Total: int64(len(items))}
}

// frameworksList serves GET /api/v1/frameworks.
func (s *Server) frameworksList(c *gin.Context) {
	fws, err := s.svc.ListFrameworks(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(fws))
}

type frameworkBody struct {
	Code       string                 `json:"framework_code" validate:"required,maxcode"`
	NameEn     string                 `json:"name_en" validate:"required,maxname"`
	NameZh     string                 `json:"name_zh" validate:"maxname"`
	Version    string                 `json:"version" validate:"maxversion"`
	GradeBands []indicators.GradeBand `json:"grade_bands" validate:"dive"`
}

// frameworksSave serves POST /api/v1/frameworks: create a framework or
// change its names, version and grade bands.
func (s *Server) frameworksSave(c *gin.Context) {
	var b frameworkBody
	if err := bindJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	if !indicators.ValidCode(b.Code) {
		s.fail(c, indicators.FieldsError("the request body is not valid", []indicators.FieldError{{Field: "framework_code", Code: "invalid_code", Message: "framework_code must be 1-64 letters, digits, '_', '.' or '-'"}}))
		return
	}
	f := indicators.Framework{Code: b.Code, NameEn: b.NameEn, NameZh: b.NameZh, Version: b.Version, GradeBands: b.GradeBands}
	if err := s.svc.SaveFramework(c.Request.Context(), f, principalOf(c)); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.svc.Framework(c.Request.Context(), b.Code)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

type frameworkDetail struct {
	indicators.Framework
	Perspectives []indicators.Perspective `json:"perspectives"`
	Indicators   int                      `json:"indicator_count"`
	Points       float64                  `json:"points"`
}

// frameworksShow serves GET /api/v1/frameworks/{fw}: the framework with
// its perspectives and categories.
func (s *Server) frameworksShow(c *gin.Context) {
	f, err := s.svc.Framework(c.Request.Context(), c.Param("fw"))
	if err != nil {
		s.fail(c, err)
		return
	}
	cat, err := s.svc.Catalogue(c.Request.Context(), f.Code)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := frameworkDetail{Framework: f, Perspectives: cat.Perspectives, Indicators: len(cat.Indicators)}
	for _, ind := range cat.Indicators {
		d.Points += ind.Points
	}
	c.JSON(http.StatusOK, d)
}

// indicatorsList serves GET /api/v1/frameworks/{fw}/indicators, optionally
// narrowed to one perspective (?perspective=).
func (s *Server) indicatorsList(c *gin.Context) {
	cat, err := s.svc.Catalogue(c.Request.Context(), c.Param("fw"))
	if err != nil {
		s.fail(c, err)
		return
	}
	items := cat.Indicators
	if p := c.Query("perspective"); p != "" {
		items = items[:0:0]
		for _, ind := range cat.Indicators {
			if ind.PerspectiveCode == p {
				items = append(items, ind)
			}
		}
	}
	c.JSON(http.StatusOK, listOf(items))
}

// catalogueImport serves POST /api/v1/frameworks/{fw}/catalogue: a
// catalogue file (CSV or XLSX, body or form field "file") becomes the
// framework's catalogue; the framework is created when it does not exist.
func (s *Server) catalogueImport(c *gin.Context) {
	fw := c.Param("fw")
	rd, done, err := s.openUpload(c, maxSmallUpload)
	defer done()
	if err != nil {
		s.fail(c, err)
		return
	}
	cat, err := indicators.ReadCatalogue(rd)
	if err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.svc.ImportCatalogue(c.Request.Context(), indicators.Framework{Code: fw}, cat, principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

// catalogueExport serves GET /api/v1/frameworks/{fw}/catalogue.csv, in the
// form the import takes.
func (s *Server) catalogueExport(c *gin.Context) {
	cat, err := s.svc.Catalogue(c.Request.Context(), c.Param("fw"))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.streamCSV(c, c.Param("fw")+"-catalogue.csv", func(w io.Writer) error { return indicators.WriteCatalogue(w, cat) })
}
