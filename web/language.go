package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/locale"
)

// A page's language is found here, from the request, and everything said
// in it comes from package locale.

// Lang is a page's language (see locale.Lang): templates call
// {{.L.T "key"}}, {{.L.Num v 1}}.
type Lang = locale.Lang

// MissingMark brackets a key that has no text in the page's language.
const MissingMark = locale.MissingMark

const langCookie = "igmc_lang"

// langOf is the language of the request: the signed-in user's setting,
// else the language cookie, else Accept-Language, else English.
func langOf(c *gin.Context) *Lang {
	if v, ok := c.Get("lang"); ok {
		return v.(*Lang)
	}
	var l *Lang
	if p := principalOf(c); p != nil && locale.Of(p.Language) != nil {
		l = locale.Of(p.Language)
	} else if v, err := c.Cookie(langCookie); err == nil && locale.Of(v) != nil {
		l = locale.Of(v)
	} else {
		l = locale.Match(c.GetHeader("Accept-Language"))
	}
	c.Set("lang", l)
	return l
}

// setLanguage serves POST /language: remembers the language in a cookie
// and, for a signed-in user, in their account; then goes back. The form
// carries the session's CSRF token, or the sign-in form's for visitors.
func (s *Server) setLanguage(c *gin.Context) {
	code := c.PostForm("lang")
	if locale.Of(code) == nil {
		s.fail(c, indicators.FieldsError("the form is not valid", []indicators.FieldError{{Field: "lang", Code: "invalid", Message: "lang must be en or zh", Args: map[string]string{"expected": "en, zh"}}}))
		return
	}
	p := principalOf(c)
	if !s.formCSRF(c, p) {
		s.fail(c, indicators.Errorf(indicators.Forbidden, "the form has expired or did not come from this site (CSRF check failed): reload the page and try again"))
		return
	}
	if p != nil && p.UserID != 0 {
		if err := s.svc.SetLanguage(c.Request.Context(), p.UserID, code); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.setCookie(c, langCookie, code, 365*24*3600)
	c.Redirect(http.StatusSeeOther, safeNext(c.PostForm("next")))
}
