package web

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// Cookie names.
const (
	sessionCookie   = "igmc_session"
	loginCSRFCookie = "igmc_login_csrf"
	principalKey    = "principal"
)

// identify works out who makes the request: a bearer token, else a session
// cookie, else nobody. A bad token is refused at once; a stale session
// cookie is simply ignored (the route then decides).
func (s *Server) identify(c *gin.Context) {
	if h := c.GetHeader("Authorization"); h != "" {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			s.fail(c, indicators.Errorf(indicators.Unauthorized, "the Authorization header must be: Bearer <token>"))
			return
		}
		p, err := s.svc.TokenPrincipal(c.Request.Context(), strings.TrimSpace(secret))
		if err != nil {
			s.fail(c, err)
			return
		}
		c.Set(principalKey, p)
		c.Next()
		return
	}
	if v, err := c.Cookie(sessionCookie); err == nil && v != "" {
		if p, err := s.svc.SessionPrincipal(c.Request.Context(), v); err == nil {
			c.Set(principalKey, p)
		} else if indicators.CodeOf(err) == indicators.Internal {
			s.fail(c, err)
			return
		}
	}
	c.Next()
}

// principalOf is who makes the request, or nil.
func principalOf(c *gin.Context) *indicators.Principal {
	if v, ok := c.Get(principalKey); ok {
		return v.(*indicators.Principal)
	}
	return nil
}

// isPage tells page routes (answered with HTML and redirects) from API
// routes (answered with JSON).
func isPage(c *gin.Context) bool {
	p := c.FullPath()
	return !strings.HasPrefix(p, "/api/") && p != "/healthz" && p != "/readyz" && p != "/metrics"
}

// authorize checks a route's permission: signed in, the role allows it, and
// for a session the CSRF token of every state-changing request.
func (s *Server) authorize(perm Permission) gin.HandlerFunc {
	return func(c *gin.Context) {
		if perm == PermPublic {
			c.Next()
			return
		}
		p := principalOf(c)
		if p == nil {
			if isPage(c) && c.Request.Method == http.MethodGet {
				c.Redirect(http.StatusSeeOther, "/login?next="+c.Request.URL.RequestURI())
				c.Abort()
				return
			}
			s.fail(c, indicators.Errorf(indicators.Unauthorized, "sign in first: send a session cookie or an Authorization: Bearer token"))
			return
		}
		if !Allowed(p.Role, perm) {
			s.fail(c, indicators.Errorf(indicators.Forbidden, "your role (%s) may not do this", p.Role))
			return
		}
		if p.Session != "" && !safeMethod(c.Request.Method) && !s.csrfOK(c, p.CSRF) {
			s.fail(c, indicators.Errorf(indicators.Forbidden, "the form has expired or did not come from this site (CSRF check failed): reload the page and try again"))
			return
		}
		c.Next()
	}
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// csrfOK compares the request's token (header X-CSRF-Token, or the form
// field csrf_token) with the expected one in constant time.
func (s *Server) csrfOK(c *gin.Context, want string) bool {
	got := c.GetHeader("X-CSRF-Token")
	if got == "" && strings.HasPrefix(c.ContentType(), "application/x-www-form-urlencoded") {
		got = c.PostForm("csrf_token")
	}
	if got == "" && strings.HasPrefix(c.ContentType(), "multipart/form-data") {
		// Uploads carry the token as the form's first field, read here
		// without holding the body (see multipartToken); forms that still
		// put it in the query keep working.
		if got = multipartToken(c); got == "" {
			got = c.Query("csrf_token")
		}
	}
	return want != "" && got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// scope checks that the request's principal may see zone: 403 otherwise.
func scope(c *gin.Context, zone string) error {
	if p := principalOf(c); p != nil && !p.InScope(zone) {
		return indicators.Errorf(indicators.Forbidden, "zone %q is not one of your zones", zone)
	}
	return nil
}

// setCookie sets an HttpOnly, SameSite=Lax cookie, Secure over TLS.
func (s *Server) setCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: s.SecureCookies || c.Request.TLS != nil, SameSite: http.SameSiteLaxMode})
}

// visible keeps the items whose zone is in p's scope.
func visible[T any](p *indicators.Principal, items []T, zone func(*T) string) []T {
	out := items[:0:0]
	for i := range items {
		if p.InScope(zone(&items[i])) {
			out = append(out, items[i])
		}
	}
	return out
}
