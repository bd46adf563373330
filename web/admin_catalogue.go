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
	cat, err := s.catalogueUpload(c, &f)
	var e *indicators.Error
	status := http.StatusUnprocessableEntity
	switch {
	case err == nil:
	case tooLarge(err):
		status, f.Errors["file"] = http.StatusRequestEntityTooLarge, l.T("admin.error.file_large", "MiB", maxSmallUpload>>20)
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

// errNoFile is a catalogue form without its file.
var errNoFile = errors.New("the form has no file")

// catalogueUpload reads the catalogue form as it streams in (so the file
// is never held whole): its names into f, its file as a catalogue, CSV or
// XLSX as its content says. The body is limited to maxSmallUpload.
func (s *Server) catalogueUpload(c *gin.Context, f *catalogueForm) (*indicators.Catalogue, error) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxSmallUpload)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return nil, indicators.Errorf(indicators.Invalid, "the form cannot be read")
	}
	var cat *indicators.Catalogue
	var fileErr error
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			if appError(err) != nil {
				return nil, err
			}
			return nil, indicators.Errorf(indicators.Invalid, "the form cannot be read")
		}
		switch part.FormName() {
		case "framework", "name_en", "name_zh":
			b, err := io.ReadAll(io.LimitReader(part, 4<<10))
			if err != nil {
				return nil, err
			}
			v := strings.TrimSpace(string(b))
			if err := indicators.CheckText(v); err != nil {
				return nil, textError("the form field", part.FormName(), err)
			}
			switch part.FormName() {
			case "framework":
				f.Framework = v
			case "name_en":
				f.NameEn = v
			default:
				f.NameZh = v
			}
		case "file":
			// A bad file still lets the names after it be read, so the
			// form comes back as typed.
			if cat, fileErr = s.readCatalogueUpload(part); fileErr != nil && appError(fileErr) == nil {
				return nil, fileErr
			}
		}
	}
	if cat == nil && fileErr == nil {
		return nil, errNoFile
	}
	return cat, fileErr
}

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
