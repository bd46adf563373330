package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"net/http"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/reports"
)

// publicStore is what the public site and its setting need of the store
// beyond the reports' reads.
type publicStore interface {
	PublishedYears(ctx context.Context, framework string) ([]int, error)
	PublicFrameworks(ctx context.Context) ([]indicators.Framework, error)
	PublicSettings(ctx context.Context) ([]indicators.PublicSetting, error)
	SetPublicMode(ctx context.Context, framework string, mode indicators.PublishMode, p *indicators.Principal) (indicators.PublicSetting, error)
	DataGeneration() uint64
}

// publicSites keeps each framework's public site as last read, with the
// store's data generation it was read at: a page is made from it until
// the next write, so a visitor does not wait for every zone's cards.
type publicSites struct {
	mu    sync.Mutex
	sites map[string]*publicSiteAt
}

type publicSiteAt struct {
	gen  uint64
	site *reports.PublicSite
	// files are the files already made, by path, up to publicKeepBytes
	// in all.
	files map[string]publicFileBody
	bytes int
}

type publicFileBody struct {
	body        []byte
	ctype, etag string
}

// publicKeepBytes bounds the made files kept per framework.
const publicKeepBytes = 32 << 20

// publicSiteFile is a file of framework's public site as of now: made
// from the site as last read while no write happened since, and kept.
func (s *Server) publicSiteFile(ctx context.Context, framework, rel string) (publicFileBody, error) {
	gen := s.svc.DataGeneration()
	s.public.mu.Lock()
	at, ok := s.public.sites[framework]
	if ok && at.gen == gen {
		if f, hit := at.files[rel]; hit {
			s.public.mu.Unlock()
			return f, nil
		}
	}
	s.public.mu.Unlock()
	if !ok || at.gen != gen {
		site, err := reports.LoadPublicSite(ctx, s.svc, framework)
		if err != nil {
			return publicFileBody{}, err
		}
		at = &publicSiteAt{gen: gen, site: site, files: map[string]publicFileBody{}}
		s.public.mu.Lock()
		if s.public.sites == nil || len(s.public.sites) > 64 {
			s.public.sites = map[string]*publicSiteAt{}
		}
		s.public.sites[framework] = at
		s.public.mu.Unlock()
	}
	body, ctype, err := at.site.File(ctx, rel)
	if err != nil {
		return publicFileBody{}, err
	}
	f := publicFileBody{body: body, ctype: ctype, etag: publicETag(body)}
	s.public.mu.Lock()
	if at.bytes+len(body) <= publicKeepBytes {
		at.files[rel] = f
		at.bytes += len(body)
	}
	s.public.mu.Unlock()
	return f, nil
}

// publicMaxAge is how long a browser or a proxy may keep a public page
// before asking again (with its ETag).
const publicMaxAge = "public, max-age=300"

// publicETag is the ETag of a body: a hash of its bytes.
func publicETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// servePublic answers with a public file, its ETag and caching; a request
// whose If-None-Match names the ETag gets 304 and no body.
func servePublic(c *gin.Context, body []byte, ctype, etag string) {
	h := c.Writer.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", publicMaxAge)
	for _, t := range strings.Split(c.GetHeader("If-None-Match"), ",") {
		if t = strings.TrimSpace(t); t == etag || t == "*" || strings.TrimPrefix(t, "W/") == etag {
			c.Status(http.StatusNotModified)
			return
		}
	}
	c.Data(http.StatusOK, ctype, body)
}

// publicIndex serves GET /public: the published frameworks, each in both
// languages, Chinese first.
func (s *Server) publicIndex(c *gin.Context) {
	fws, err := s.svc.PublicFrameworks(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	var b bytes.Buffer
	if err := reports.PublicListPage(&b, langOf(c), fws); err != nil {
		s.fail(c, err)
		return
	}
	servePublic(c, b.Bytes(), "text/html; charset=utf-8", publicETag(b.Bytes()))
}

// publicFile serves GET /public/{fw}/{file}: a file of the framework's
// public site (reports/public_site.go).
func (s *Server) publicFile(c *gin.Context) {
	rel := strings.TrimPrefix(c.Param("file"), "/")
	f, err := s.publicSiteFile(c.Request.Context(), c.Param("fw"), rel)
	if err != nil {
		s.fail(c, err)
		return
	}
	if f.ctype == "application/zip" {
		c.Header("Content-Disposition", `attachment; filename="`+c.Param("fw")+`-data.zip"`)
	}
	servePublic(c, f.body, f.ctype, f.etag)
}

// publicSettingsList serves GET /api/v1/public-settings: what each
// framework shows on the public site.
func (s *Server) publicSettingsList(c *gin.Context) {
	ps, err := s.svc.PublicSettings(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(ps))
}

type publicBody struct {
	Mode string `json:"mode" validate:"required,oneof=off signed_off approved"`
}

// publicSettingSet serves PUT /api/v1/frameworks/{fw}/public with
// {"mode": "off" | "signed_off" | "approved"}.
func (s *Server) publicSettingSet(c *gin.Context) {
	var b publicBody
	if err := bindJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	ps, err := s.svc.SetPublicMode(c.Request.Context(), c.Param("fw"), indicators.PublishMode(b.Mode), principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ps)
}

// adminPublic serves POST /admin/public (framework, mode): the admin
// page's form of the same setting.
func (s *Server) adminPublic(c *gin.Context) {
	l := langOf(c)
	fw, mode := c.PostForm("framework"), c.PostForm("mode")
	if _, err := indicators.ParsePublishMode(mode); err != nil {
		s.fail(c, indicators.FieldsError("the form is not valid", []indicators.FieldError{{Field: "mode", Code: "oneof", Message: "mode must be off, signed_off or approved", Args: map[string]string{"expected": "off, signed_off, approved"}}}))
		return
	}
	if _, err := s.svc.SetPublicMode(c.Request.Context(), fw, indicators.PublishMode(mode), principalOf(c)); err != nil {
		s.fail(c, err)
		return
	}
	s.adminDone(c, "catalogue", l.T("admin.public.saved", "Framework", fw, "Mode", l.T("admin.public.mode."+mode)))
}

var _ = registerFuncs(template.FuncMap{"publishModes": func() []string {
	return []string{string(indicators.PublishOff), string(indicators.PublishSignedOff), string(indicators.PublishApproved)}
}})
