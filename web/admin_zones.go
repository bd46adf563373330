package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// Zones on the administration page: each zone's edit form (its code never
// changes), and a zones file (the format of `igmc zones import` and
// POST /api/v1/zones/import) checked first and imported on confirmation.

// adminStore is what the administration page needs of the store beyond
// the API's needs.
type adminStore interface {
	// UpdateZone changes a zone's names, parent and type.
	UpdateZone(ctx context.Context, z indicators.Zone, p *indicators.Principal) error
	// PreviewZones says what a zones file would do, writing nothing.
	PreviewZones(ctx context.Context, zones []indicators.Zone, p *indicators.Principal) (indicators.ZonesPreview, error)
	// PreviewCatalogue says what a catalogue file would do, writing
	// nothing.
	PreviewCatalogue(ctx context.Context, fw string, cat *indicators.Catalogue) (indicators.CataloguePreview, error)
}

// adminMaxFile is the largest zones or catalogue file the page takes: the
// preview carries it back for the confirmation, inside a page's form.
// Larger files go through the API or the command line.
const adminMaxFile = 1 << 20

// ZoneForm is the edit form of z: the refused one when it is z's.
func (d *adminData) ZoneForm(z indicators.Zone) zoneForm {
	if d.ZoneEdit != nil && d.ZoneEdit.Code == z.Code {
		return *d.ZoneEdit
	}
	return zoneForm{Code: z.Code, NameEn: z.NameEn, NameZh: z.NameZh, ParentCode: z.ParentCode, Type: z.Type}
}

// adminZoneUpdate serves POST /admin/zones/{zone} (name_en, name_zh,
// parent_code, type): the zone's rules are the domain's, its code stays.
func (s *Server) adminZoneUpdate(c *gin.Context) {
	l := langOf(c)
	code := c.Param("zone")
	if _, err := s.svc.Zone(c.Request.Context(), code); err != nil {
		s.fail(c, err)
		return
	}
	f, z := readZoneForm(c, l, code)
	status := http.StatusUnprocessableEntity
	var problem *pageProblem
	if len(f.Errors) == 0 {
		err := s.svc.UpdateZone(c.Request.Context(), z, principalOf(c))
		if err == nil {
			s.adminDone(c, "zones", l.T("admin.zones.saved", "Code", code))
			return
		}
		if status, problem = s.adminRefusal(c, err, f.Errors, "", ""); status == 0 {
			return
		}
	}
	s.renderAdmin(c, status, "zones", "", func(d *adminData) { d.ZoneEdit, d.Problem = &f, problem })
}

// fileCheck is an uploaded file on its way from the preview to the
// confirmation: the file itself (base64url) and its digest.
type fileCheck struct {
	Name, Payload, Digest string
	Size                  int
}

func fileCheckOf(name string, data []byte) *fileCheck {
	return &fileCheck{Name: name, Payload: base64.RawURLEncoding.EncodeToString(data), Digest: fileDigest(data), Size: len(data)}
}

// confirmedFile reads the file a confirmation form carries back; false
// when it is missing, too large or not the previewed one.
func confirmedFile(c *gin.Context) ([]byte, bool) {
	data, err := base64.RawURLEncoding.DecodeString(c.PostForm("file"))
	ok := err == nil && len(data) > 0 && len(data) <= adminMaxFile && fileDigest(data) == c.PostForm("sha256")
	return data, ok
}

// adminFileForm reads an upload form of the administration page: the text
// fields named (at most 4 KiB each) and the file (at most adminMaxFile).
func adminFileForm(c *gin.Context, names ...string) (map[string]string, string, []byte, error) {
	fields := map[string]string{}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, adminMaxFile+64<<10)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return fields, "", nil, indicators.Errorf(indicators.Invalid, "the form cannot be read")
	}
	var name string
	var data []byte
	for {
		part, err := mr.NextPart()
		switch {
		case err == io.EOF:
			if len(data) == 0 {
				return fields, name, nil, errNoFile
			}
			return fields, name, data, nil
		case tooLarge(err):
			return fields, name, nil, err
		case err != nil:
			return fields, name, nil, indicators.Errorf(indicators.Invalid, "the form cannot be read")
		}
		switch n := part.FormName(); {
		case n == "file":
			name = part.FileName()
			data, err = io.ReadAll(io.LimitReader(part, adminMaxFile+1))
			if tooLarge(err) || len(data) > adminMaxFile {
				return fields, name, nil, &indicators.Error{Code: indicators.TooLarge, Message: "the file is too large"}
			}
			if err != nil {
				return fields, name, nil, indicators.Errorf(indicators.Invalid, "the form cannot be read")
			}
		case containsName(names, n):
			b, err := io.ReadAll(io.LimitReader(part, 4<<10))
			if err != nil {
				return fields, name, nil, err
			}
			v := strings.TrimSpace(string(b))
			if err := indicators.CheckText(v); err != nil {
				return fields, name, nil, textError("the form field", n, err)
			}
			fields[n] = v
		}
	}
}

func containsName(names []string, n string) bool {
	for _, x := range names {
		if x == n {
			return true
		}
	}
	return false
}

// zonesUploadForm is the zones file form's state: its refusal, or its
// preview.
type zonesUploadForm struct {
	Rows    []indicators.FieldError
	Total   int
	Errors  map[string]string
	Preview *indicators.ZonesPreview
	File    *fileCheck
}

// adminZonesUpload serves POST /admin/zones/import (multipart: file; the
// CSRF token in the query): a dry run of the zones file that lists each
// new and changed zone, or every bad row; nothing is written.
func (s *Server) adminZonesUpload(c *gin.Context) {
	_, name, data, err := adminFileForm(c)
	if err != nil {
		s.zonesRefused(c, err)
		return
	}
	zs, err := s.readZonesFile(data)
	if err == nil {
		var p indicators.ZonesPreview
		if p, err = s.svc.PreviewZones(c.Request.Context(), zs, principalOf(c)); err == nil {
			s.renderAdmin(c, http.StatusOK, "zones", "", func(d *adminData) {
				d.ZonesFile = zonesUploadForm{Preview: &p, File: fileCheckOf(name, data)}
			})
			return
		}
	}
	s.zonesRefused(c, err)
}

// adminZonesConfirm serves POST /admin/zones/import/confirm (file as
// base64url, sha256): imports the previewed zones file, all or nothing.
func (s *Server) adminZonesConfirm(c *gin.Context) {
	data, ok := confirmedFile(c)
	if !ok {
		s.zonesRefused(c, indicators.Errorf(indicators.Invalid, "the confirmed file is not the one previewed"))
		return
	}
	zs, err := s.readZonesFile(data)
	if err == nil {
		var res indicators.ZonesResult
		if res, err = s.svc.ImportZones(c.Request.Context(), zs, principalOf(c)); err == nil {
			s.adminDone(c, "zones", langOf(c).T("admin.zones.file.done", "New", res.New, "Changed", res.Changed, "Unchanged", res.Unchanged))
			return
		}
	}
	s.zonesRefused(c, err)
}

func (s *Server) readZonesFile(data []byte) ([]indicators.Zone, error) {
	rd, done, err := s.fileRows(bytes.NewReader(data), adminMaxFile)
	defer done()
	if err != nil {
		return nil, err
	}
	return indicators.ReadZones(rd)
}

// zonesRefused shows why a zones file was refused on the zones tab.
func (s *Server) zonesRefused(c *gin.Context, err error) {
	l := langOf(c)
	f := zonesUploadForm{Errors: map[string]string{}}
	var e *indicators.Error
	status := http.StatusUnprocessableEntity
	switch {
	case tooLarge(err):
		status, f.Errors["file"] = http.StatusRequestEntityTooLarge, l.T("admin.error.file_large", "MiB", adminMaxFile>>20)
	case errors.Is(err, errNoFile) || errors.Is(err, errEmptyFile):
		f.Errors["file"] = l.T("admin.error.file_required")
	case errors.As(err, &e) && len(e.Fields) > 0:
		f.Rows, f.Total = e.Fields, max(e.Total, len(e.Fields))
	case errors.As(err, &e) && e.Code != indicators.Internal:
		f.Errors["file"] = l.T("admin.error.file_unreadable")
	default:
		s.fail(c, err)
		return
	}
	s.renderAdmin(c, status, "zones", "", func(d *adminData) { d.ZonesFile = f })
}
