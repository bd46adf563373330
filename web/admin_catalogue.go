package web

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// catalogueForm is the catalogue upload as typed, with the bad rows of a
// refused file.
type catalogueForm struct {
	Framework, NameEn, NameZh string
	Rows                      []indicators.FieldError
	// Total counts the bad rows' errors, more than Rows when cut short.
	Total  int
	Errors map[string]string
}

// frameworkForm is the form that creates a framework or changes its
// names and version.
type frameworkForm struct {
	Code, NameEn, NameZh, Version string
	Errors                        map[string]string
}

// adminCatalogue serves POST /admin/catalogue, a multipart form (its CSRF
// token in the query): framework, name_en and name_zh (used when the
// framework is new) and file, a catalogue in CSV or XLSX. All of it or
// nothing: a bad file lists every bad row with its line and column.
func (s *Server) adminCatalogue(c *gin.Context) {
	ctx := c.Request.Context()
	l := langOf(c)
	f := catalogueForm{Errors: map[string]string{}}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxSmallUpload)
	if err := c.Request.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		f.Errors["file"] = l.T("admin.error.file_unreadable")
		if errors.As(err, &mbe) {
			f.Errors["file"] = l.T("admin.error.file_large", "MiB", maxSmallUpload>>20)
		}
		s.renderAdmin(c, http.StatusUnprocessableEntity, "catalogue", "", func(d *adminData) { d.Catalogue = f })
		return
	}
	if err := valuesTextError("the form field", c.Request.MultipartForm.Value); err != nil {
		s.fail(c, err)
		return
	}
	f.Framework = strings.TrimSpace(c.Request.PostFormValue("framework"))
	f.NameEn = strings.TrimSpace(c.Request.PostFormValue("name_en"))
	f.NameZh = strings.TrimSpace(c.Request.PostFormValue("name_zh"))
	if !indicators.ValidCode(f.Framework) {
		f.Errors["framework"] = l.T("admin.error.code")
	}
	var cat *indicators.Catalogue
	file, _, err := c.Request.FormFile("file")
	if err != nil {
		f.Errors["file"] = l.T("admin.error.file_required")
	} else {
		defer func() { _ = file.Close() }()
		cat, err = readCatalogueUpload(file)
		var e *indicators.Error
		switch {
		case errors.As(err, &e) && len(e.Fields) > 0:
			f.Rows, f.Total = e.Fields, max(e.Total, len(e.Fields))
		case err != nil:
			f.Errors["file"] = l.T("admin.error.file_unreadable")
		}
	}
	status := http.StatusUnprocessableEntity
	var problem *pageProblem
	if len(f.Errors) == 0 && len(f.Rows) == 0 {
		res, err := s.svc.ImportCatalogue(ctx, indicators.Framework{Code: f.Framework, NameEn: f.NameEn, NameZh: f.NameZh}, cat, principalOf(c))
		if err == nil {
			s.adminDone(c, "catalogue", l.T("admin.catalogue.done", "Framework", res.Framework, "New", res.New, "Changed", res.Changed,
				"Unchanged", res.Unchanged, "Removed", res.Removed, "Perspectives", res.Perspectives))
			return
		}
		if status, problem = s.adminRefusal(c, err, f.Errors, "", ""); status == 0 {
			return
		}
	}
	s.renderAdmin(c, status, "catalogue", "", func(d *adminData) { d.Catalogue, d.Problem = f, problem })
}

// readCatalogueUpload reads a catalogue file, CSV or XLSX as its content
// says.
func readCatalogueUpload(r io.Reader) (*indicators.Catalogue, error) {
	rd, done, err := fileRows(r)
	defer done()
	if errors.Is(err, errEmptyFile) {
		return nil, indicators.FieldsError("the file is empty", []indicators.FieldError{{Line: 1, Code: "required", Message: "the file is empty: a header row is required"}})
	}
	if err != nil {
		return nil, err
	}
	return indicators.ReadCatalogue(rd)
}

// adminFramework serves POST /admin/frameworks: code, name_en, name_zh and
// version. A new code creates a framework (with an empty catalogue); a
// known one gets the names and version, keeping its grade bands.
func (s *Server) adminFramework(c *gin.Context) {
	ctx := c.Request.Context()
	l := langOf(c)
	f := frameworkForm{Code: strings.TrimSpace(c.PostForm("code")), NameEn: strings.TrimSpace(c.PostForm("name_en")),
		NameZh: strings.TrimSpace(c.PostForm("name_zh")), Version: strings.TrimSpace(c.PostForm("version")), Errors: map[string]string{}}
	checkCodeAndNames(l, f.Errors, f.Code, f.NameEn, f.NameZh)
	if len([]rune(f.Version)) > indicators.MaxVersionLen {
		f.Errors["version"] = l.T("admin.error.too_long", "Max", indicators.MaxVersionLen)
	}
	status := http.StatusUnprocessableEntity
	var problem *pageProblem
	if len(f.Errors) == 0 {
		fw := indicators.Framework{Code: f.Code, NameEn: f.NameEn, NameZh: f.NameZh, Version: f.Version}
		old, err := s.svc.Framework(ctx, f.Code)
		switch {
		case err == nil:
			fw.GradeBands = old.GradeBands
		case indicators.CodeOf(err) != indicators.NotFound:
			s.fail(c, err)
			return
		}
		if err = s.svc.SaveFramework(ctx, fw, principalOf(c)); err == nil {
			s.adminDone(c, "catalogue", l.T("admin.frameworks.saved", "Code", f.Code))
			return
		}
		if status, problem = s.adminRefusal(c, err, f.Errors, "", ""); status == 0 {
			return
		}
	}
	s.renderAdmin(c, status, "catalogue", "", func(d *adminData) { d.FwForm, d.Problem = f, problem })
}
