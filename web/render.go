package web

import (
	"bytes"
	"crypto/subtle"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/locale"
)

// Pages are Go templates embedded in the binary: templates/layout.html is
// the frame of every page (head, navigation, language switch) and each
// templates/pages/NAME.html defines the blocks "title" and "content" of
// page NAME. Text comes from the message files through {{.L.T "key"}}.

//go:embed templates/layout.html templates/pages/*.html
var templateFS embed.FS

// funcMap holds the template functions. Files add theirs with
// registerFuncs in a package-level var, before the templates are parsed.
var funcMap = template.FuncMap{
	"deref": func(p *float64) float64 {
		if p == nil {
			return 0
		}
		return *p
	},
	// pickZones is the picker of a zone field (zone_picker.go).
	"pickZones": pickZones,
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
	"add": func(a, b int) int { return a + b },
	// count writes a whole number of things with its thousands grouped
	// (13,200), as the pagers do.
	"count": func(n int) string { return locale.Group(strconv.Itoa(n)) },
	"date":  locale.Time,
}

func registerFuncs(m template.FuncMap) bool {
	for k, v := range m {
		if _, dup := funcMap[k]; dup {
			panic("template function registered twice: " + k)
		}
		funcMap[k] = v
	}
	return true
}

var (
	pagesOnce sync.Once
	pageSet   map[string]*template.Template
)

// parsePages parses every page once, so a broken template fails at start.
func parsePages() map[string]*template.Template {
	pagesOnce.Do(func() {
		base := template.Must(template.New("layout.html").Funcs(funcMap).ParseFS(templateFS, "templates/layout.html"))
		files, err := fs.Glob(templateFS, "templates/pages/*.html")
		if err != nil {
			panic(err)
		}
		pageSet = map[string]*template.Template{}
		for _, f := range files {
			name := strings.TrimSuffix(path.Base(f), ".html")
			pageSet[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, f))
		}
	})
	return pageSet
}

// PageNames lists the page templates, for the tests that walk them all.
func PageNames() []string {
	var out []string
	for n := range parsePages() {
		out = append(out, n)
	}
	return out
}

// View is what every page template gets: the language, the user, the
// CSRF token for its forms, where it is, and the page's own data.
type View struct {
	L    *Lang
	User *indicators.Principal
	// CSRF is the token every form carries as csrf_token.
	CSRF string
	// Path is the request's path and query, for the language switch.
	Path string
	// Nav names the navigation item of the page.
	Nav string
	// Flash is a one-line notice at the top (already translated).
	Flash string
	Data  any
}

// Can reports whether the page's user has permission perm ("edit",
// "review", "export", "admin"), for showing links and buttons.
func (v *View) Can(perm string) bool {
	return v.User != nil && Allowed(v.User.Role, Permission(perm))
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes page name with data. The page is rendered into a buffer
// first, so a template failure gives a clean error page, not half a page.
func (s *Server) render(c *gin.Context, status int, name, nav string, data any) {
	s.renderView(c, status, name, &View{Nav: nav, Data: data})
}

func (s *Server) renderView(c *gin.Context, status int, name string, v *View) {
	t := parsePages()[name]
	if t == nil {
		s.log.Error("no such page template", "page", name)
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	v.L = langOf(c)
	v.User = principalOf(c)
	v.CSRF = s.csrfToken(c)
	v.Path = c.Request.URL.RequestURI()
	if v.Flash == "" && status < 300 {
		v.Flash = s.takePageFlash(c)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout.html", v); err != nil {
		s.log.Error("render page", "page", name, "err", err)
		c.Header("Content-Type", "text/plain; charset=utf-8")
		c.AbortWithStatus(http.StatusInternalServerError)
		_, _ = c.Writer.WriteString("internal error")
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// csrfToken is the token of the request's forms: the session's, or for a
// visitor the sign-in form's double-submit cookie (set when missing).
func (s *Server) csrfToken(c *gin.Context) string {
	if p := principalOf(c); p != nil {
		return p.CSRF
	}
	if v, ok := c.Get(loginCSRFCookie); ok {
		return v.(string)
	}
	v, err := c.Cookie(loginCSRFCookie)
	if err != nil || len(v) < 20 {
		v = newToken()
		s.setCookie(c, loginCSRFCookie, v, 3600)
	}
	c.Set(loginCSRFCookie, v)
	return v
}

// formCSRF checks the csrf_token of a form posted to a public route: the
// session's token when signed in, else the double-submit cookie.
func (s *Server) formCSRF(c *gin.Context, p *indicators.Principal) bool {
	got := c.PostForm("csrf_token")
	want := ""
	if p != nil {
		if p.Session == "" {
			return true // a bearer token is not sent by browsers on their own
		}
		want = p.CSRF
	} else {
		want, _ = c.Cookie(loginCSRFCookie)
	}
	return want != "" && got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// pageError answers a page request with the error page in the user's
// language; fail calls it for page routes.
func (s *Server) pageError(c *gin.Context, status int, err error) {
	var e *indicators.Error
	detail := ""
	if errors.As(err, &e) && e.Code != indicators.Internal && langOf(c).Code == "en" {
		detail = e.Message
	}
	c.Abort()
	s.renderView(c, status, "error", &View{Data: map[string]any{
		"Status": status, "Code": string(indicators.CodeOf(err)), "Message": langOf(c).Error(err), "Detail": detail,
		"What": notFoundWhat(langOf(c), e)}})
}

// wantsHTML tells a page request from an API one.
func wantsHTML(c *gin.Context) bool {
	return isPage(c) && c.FullPath() != "" || c.FullPath() == "" && strings.Contains(c.GetHeader("Accept"), "text/html")
}

// securityHeaders sets the headers every response carries: the pages load
// nothing from elsewhere, run no inline script or style, are never framed,
// and nothing is cached. No answer — page, API JSON, export or download — is
// kept by a browser or a proxy: each may hold data of the signed-in user.
// The static assets set their own caching.
//
// The values are made once and assigned to the header map directly, under
// their canonical names: every request passes here, and Header.Set would
// check each name and make a slice for each value on every one.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	for i := range securityHeaderValues {
		v := &securityHeaderValues[i]
		h[v.name] = v.value
	}
	if c.Request.TLS != nil {
		h["Strict-Transport-Security"] = hstsValue
	}
	c.Next()
}

// headerValue is a header's canonical name and its value, made once. The
// value's capacity is its length, so an Add to the same header copies it
// rather than writing into the slice every response shares.
type headerValue struct {
	name  string
	value []string
}

func oneValue(v string) []string { return []string{v}[:1:1] }

var (
	securityHeaderValues = []headerValue{
		{"Content-Security-Policy", oneValue("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
			"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")},
		{"X-Content-Type-Options", oneValue("nosniff")},
		{"X-Frame-Options", oneValue("DENY")},
		{"Referrer-Policy", oneValue("same-origin")},
		{"Cross-Origin-Opener-Policy", oneValue("same-origin")},
		{"Permissions-Policy", oneValue("camera=(), microphone=(), geolocation=()")},
		{"Cache-Control", oneValue("no-store")},
	}
	hstsValue = oneValue("max-age=31536000")
)
