package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// Password reset without mail: an administrator makes a one-time link
// (admin page, API or `igmc user reset-link`) and hands it over; the link
// opens a page that sets a new password. The secret is in the path, which
// the logs never carry (they record the route pattern), and the page asks
// browsers to send no Referer from it.

type resetData struct {
	Link indicators.ResetLink
	// Token is the link's secret, for the form's action.
	Token string
	Form  passwordForm
	Done  bool
	Min   int
}

// resetStatus is the status of a page for a link that cannot be used: 404
// for an unknown one, 410 for one used or expired.
func resetStatus(st indicators.ResetState) int {
	if st == indicators.ResetUnknown {
		return http.StatusNotFound
	}
	return http.StatusGone
}

func (s *Server) renderReset(c *gin.Context, status int, d *resetData) {
	c.Header("Referrer-Policy", "no-referrer")
	d.Min = indicators.MinPasswordLength
	if d.Link.State != indicators.ResetValid && !d.Done {
		d.Token = ""
		if status < 400 {
			status = resetStatus(d.Link.State)
		}
	}
	s.renderView(c, status, "reset", &View{Nav: "reset", Data: d})
}

// resetPage serves GET /reset/{token}: the form for a new password, or a
// page saying why the link cannot be used.
func (s *Server) resetPage(c *gin.Context) {
	tok := c.Param("token")
	link, err := s.svc.ResetLinkState(c.Request.Context(), tok)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderReset(c, http.StatusOK, &resetData{Link: link, Token: tok})
}

// resetSubmit serves POST /reset/{token} (new_password, repeat_password;
// the sign-in form's double-submit CSRF token): sets the password and
// spends the link; every session and API token of the user ends.
func (s *Server) resetSubmit(c *gin.Context) {
	l := langOf(c)
	tok := c.Param("token")
	d := &resetData{Token: tok, Form: passwordForm{Errors: map[string]string{}}}
	if !s.formCSRF(c, principalOf(c)) {
		link, err := s.svc.ResetLinkState(c.Request.Context(), tok)
		if err != nil {
			s.fail(c, err)
			return
		}
		d.Link, d.Form.Problem = link, l.T("login.expired")
		s.renderReset(c, http.StatusForbidden, d)
		return
	}
	next, repeat := c.PostForm("new_password"), c.PostForm("repeat_password")
	checkNewPassword(l, d.Form.Errors, next, repeat)
	if len(d.Form.Errors) > 0 {
		link, err := s.svc.ResetLinkState(c.Request.Context(), tok)
		if err != nil {
			s.fail(c, err)
			return
		}
		d.Link = link
		s.renderReset(c, http.StatusUnprocessableEntity, d)
		return
	}
	link, err := s.svc.UseResetLink(c.Request.Context(), tok, next)
	d.Link = link
	switch {
	case err == nil:
		s.log.Info("password reset", "user", link.Email)
		d.Done = true
		s.renderReset(c, http.StatusOK, d)
	case link.State != indicators.ResetValid:
		s.renderReset(c, resetStatus(link.State), d)
	default:
		if status, ok := s.passwordRefusal(c, err, &d.Form); ok {
			s.renderReset(c, status, d)
		}
	}
}

// resetURL is the address of a reset link as the person opens it, on the
// host the request came to.
func resetURL(c *gin.Context, secret string) string {
	scheme := "http"
	if c.Request.TLS != nil || c.GetHeader("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return (&url.URL{Scheme: scheme, Host: c.Request.Host, Path: "/reset/" + secret}).String()
}

// resetShown is a reset link just made, shown once on the admin page.
type resetShown struct {
	Email   string
	URL     string
	Expires time.Time
}

// adminResetLink serves POST /admin/users/{id}/reset-link: a one-time
// reset link for the user, shown on this answer only (never stored,
// logged or put in a cookie).
func (s *Server) adminResetLink(c *gin.Context) {
	u, ok := s.userOfParam(c)
	if !ok {
		return
	}
	secret, link, err := s.svc.CreateResetLink(c.Request.Context(), u.Email, principalOf(c))
	if err != nil {
		if !shownInPlace(err) || indicators.CodeOf(err) == indicators.NotFound {
			s.fail(c, err)
			return
		}
		problem := problemOf(langOf(c), err)
		s.renderAdmin(c, statusOf[indicators.CodeOf(err)], "users", "", func(d *adminData) { d.Problem = problem })
		return
	}
	s.log.Info("reset link made", "user", u.Email, "by", principalOf(c).Email)
	shown := &resetShown{Email: link.Email, URL: resetURL(c, secret), Expires: link.ExpiresAt}
	s.renderAdmin(c, http.StatusOK, "users", "", func(d *adminData) { d.Reset = shown })
}

// apiResetLink serves POST /api/v1/users/{id}/reset-link: {"url",
// "expires_at"}, shown once.
func (s *Server) apiResetLink(c *gin.Context) {
	u, ok := s.userOfParam(c)
	if !ok {
		return
	}
	secret, link, err := s.svc.CreateResetLink(c.Request.Context(), u.Email, principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, resetLinkBody{URL: resetURL(c, secret), Email: link.Email, ExpiresAt: link.ExpiresAt})
}

// resetLinkBody is a new reset link, its secret URL shown this once.
type resetLinkBody struct {
	URL       string    `json:"url"`
	Email     string    `json:"email"`
	ExpiresAt time.Time `json:"expires_at"`
}
