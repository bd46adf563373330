package web

import (
	"bytes"
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
	// Preview is what the file would do, with the file for the
	// confirmation.
	Preview *indicators.CataloguePreview
	File    *fileCheck
}

// frameworkForm is the form that creates a framework or changes its
// names and version.
type frameworkForm struct {
	Code, NameEn, NameZh, Version string
	Errors                        map[string]string
}

// adminCatalogue serves POST /admin/catalogue, a multipart form (its CSRF
// token in the query): framework, name_en and name_zh (used when the
// framework is new) and file, a catalogue in CSV or XLSX. It is a dry run:
// the page lists what the file would add, change and remove (with the
// values stored for each removed indicator) and, unless the store would
// refuse it, offers the confirmation. A bad file lists every bad row with
// its line and column.
func (s *Server) adminCatalogue(c *gin.Context) {
	fields, name, data, err := adminFileForm(c, "framework", "name_en", "name_zh")
	f := catalogueForm{Framework: fields["framework"], NameEn: fields["name_en"], NameZh: fields["name_zh"], Errors: map[string]string{}}
	s.catalogueRun(c, f, name, data, err, true)
}

// adminCatalogueConfirm serves POST /admin/catalogue/confirm (framework,
// name_en, name_zh, file as base64url, sha256): imports the previewed
// catalogue, all or nothing.
func (s *Server) adminCatalogueConfirm(c *gin.Context) {
	f := catalogueForm{Framework: strings.TrimSpace(c.PostForm("framework")), NameEn: strings.TrimSpace(c.PostForm("name_en")),
		NameZh: strings.TrimSpace(c.PostForm("name_zh")), Errors: map[string]string{}}
	data, ok := confirmedFile(c)
	var err error
	if !ok {
		err = indicators.Errorf(indicators.Invalid, "the confirmed file is not the one previewed")
	}
	s.catalogueRun(c, f, c.PostForm("name"), data, err, false)
}

// catalogueRun checks the catalogue form (err is the upload's) and shows
// the preview (dry) or imports.
func (s *Server) catalogueRun(c *gin.Context, f catalogueForm, name string, data []byte, err error, dry bool) {
	ctx := c.Request.Context()
	l := langOf(c)
	var cat *indicators.Catalogue
	if err == nil {
		cat, err = s.readCatalogueUpload(bytes.NewReader(data))
	}
	var e *indicators.Error
	status := http.StatusUnprocessableEntity
	switch {
	case err == nil:
	case tooLarge(err):
		status, f.Errors["file"] = http.StatusRequestEntityTooLarge, l.T("admin.error.file_large", "MiB", adminMaxFile>>20)
	case errors.Is(err, errNoFile):
		f.Errors["file"] = l.T("admin.error.file_required")
	case errors.As(err, &e) && len(e.Fields) > 0:
		f.Rows, f.Total = e.Fields, max(e.Total, len(e.Fields))
	case errors.As(err, &e) && e.Code != indicators.Internal:
		f.Errors["file"] = l.T("admin.error.file_unreadable")
	default:
		s.fail(c, err)
		return
	}
	if !indicators.ValidCode(f.Framework) {
		f.Errors["framework"] = l.T("admin.error.code")
	}
	var problem *pageProblem
	if len(f.Errors) == 0 && len(f.Rows) == 0 {
		fw := indicators.Framework{Code: f.Framework, NameEn: f.NameEn, NameZh: f.NameZh}
		if dry {
			var p indicators.CataloguePreview
			if p, err = s.svc.PreviewCatalogue(ctx, f.Framework, cat); err == nil {
				f.Preview, f.File = &p, fileCheckOf(name, data)
				s.renderAdmin(c, http.StatusOK, "catalogue", "", func(d *adminData) { d.Catalogue = f })
				return
			}
		} else {
			var res indicators.CatalogueResult
			if res, err = s.svc.ImportCatalogue(ctx, fw, cat, principalOf(c)); err == nil {
				s.adminDone(c, "catalogue", l.T("admin.catalogue.done", "Framework", res.Framework, "New", res.New, "Changed", res.Changed,
					"Unchanged", res.Unchanged, "Removed", res.Removed, "Perspectives", res.Perspectives))
				return
			}
		}
		if status, problem = s.adminRefusal(c, err, f.Errors, "", ""); status == 0 {
			return
		}
	}
	s.renderAdmin(c, status, "catalogue", "", func(d *adminData) { d.Catalogue, d.Problem = f, problem })
}

// errNoFile is an upload form without its file.
var errNoFile = errors.New("the form has no file")

// readCatalogueUpload reads a catalogue file, CSV or XLSX as its content
// says.
func (s *Server) readCatalogueUpload(r io.Reader) (*indicators.Catalogue, error) {
	rd, done, err := s.fileRows(r, maxSmallUpload)
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
