package web

import (
	"encoding/base64"
	"errors"
	"html"
	"html/template"
	"strings"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// What the review, audit and administration pages share: a one-line
// notice carried over the redirect after a successful form, the way a
// refused change is shown on the page it concerns, and the translation of
// field errors.

// flashCookie carries the notice of a successful form to the page the form
// redirects to; it lives for one page view.
const flashCookie = "igmc_flash"

// setPageFlash keeps msg (already translated) for the next page.
func (s *Server) setPageFlash(c *gin.Context, msg string) {
	s.setCookie(c, flashCookie, base64.RawURLEncoding.EncodeToString([]byte(msg)), 120)
}

// takePageFlash returns the notice left by the previous form, once.
func (s *Server) takePageFlash(c *gin.Context) string {
	v, err := c.Cookie(flashCookie)
	if err != nil || v == "" {
		return ""
	}
	s.setCookie(c, flashCookie, "", -1)
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil || len(b) > 1000 {
		return ""
	}
	return string(b)
}

// pageProblem is a refused change shown in place: Code feeds the
// data-error-code attribute, Message is in the page's language and Detail
// is the store's own (English) explanation, which names the row, value or
// period concerned.
type pageProblem struct {
	Code    string
	Message string
	Detail  string
}

func problemOf(l *Lang, err error) *pageProblem {
	p := &pageProblem{Code: string(indicators.CodeOf(err)), Message: l.Error(err)}
	var e *indicators.Error
	if errors.As(err, &e) && e.Code != indicators.Internal {
		p.Detail = e.Message
	}
	return p
}

// shownInPlace reports whether err is a refusal the page explains itself
// (anything but an internal error, which goes to the error page and the
// log).
func shownInPlace(err error) bool { return indicators.CodeOf(err) != indicators.Internal }

// firstText is the text of the first key that this language has.
func firstText(l *Lang, keys ...string) string {
	for _, k := range keys {
		if msg := l.T(k); !strings.HasPrefix(msg, MissingMark) {
			return msg
		}
	}
	return l.T("field.invalid")
}

// fieldText is a field error in the page's language: the area's text for
// this field and code, else for the code, else the common one.
func fieldText(l *Lang, area string, fe indicators.FieldError) string {
	if max, ok := maxLen[fe.Field]; ok && fe.Code == "too_long" {
		if msg := l.T(area+".error.too_long", "Max", max); !strings.HasPrefix(msg, MissingMark) {
			return msg
		}
	}
	return firstText(l, area+".error."+fe.Field+"."+fe.Code, area+".error."+fe.Code, "field."+fe.Code)
}

// maxLen is the longest text each field of the domain's forms may hold,
// for the message that says so.
var maxLen = map[string]int{
	"code": indicators.MaxCodeLen, "parent_code": indicators.MaxCodeLen,
	"name_en": indicators.MaxNameLen, "name_zh": indicators.MaxNameLen, "version": indicators.MaxVersionLen,
}

// formErrors keys the field errors of err by field, in the page's
// language; ok is false when err carries none.
func formErrors(l *Lang, area string, err error) (map[string]string, bool) {
	var e *indicators.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return nil, false
	}
	out := map[string]string{}
	for _, fe := range e.Fields {
		if _, dup := out[fe.Field]; !dup {
			out[fe.Field] = fieldText(l, area, fe)
		}
	}
	return out, true
}

var _ = registerFuncs(template.FuncMap{
	// adminInvalid marks a field whose message msg is shown beside it
	// (in the element with id ID-error); nothing when msg is empty.
	"adminInvalid": func(id, msg string) template.HTMLAttr {
		if msg == "" {
			return ""
		}
		return template.HTMLAttr(` aria-invalid="true" aria-describedby="` + html.EscapeString(id) + `-error"`)
	},
	// adminRowReason is why a file row was refused, in the page's
	// language.
	"adminRowReason": func(l *Lang, fe indicators.FieldError) string {
		return firstText(l, "admin.row."+fe.Code, "field."+fe.Code)
	},
})

// checkCodeAndNames checks the code and the two names of a framework form,
// recording each problem under its field.
func checkCodeAndNames(l *Lang, errs map[string]string, code, nameEn, nameZh string) {
	if !indicators.ValidCode(code) {
		errs["code"] = l.T("admin.error.code")
	}
	switch {
	case nameEn == "":
		errs["name_en"] = l.T("admin.error.name_en")
	case len([]rune(nameEn)) > indicators.MaxNameLen:
		errs["name_en"] = l.T("admin.error.too_long", "Max", indicators.MaxNameLen)
	}
	if len([]rune(nameZh)) > indicators.MaxNameLen {
		errs["name_zh"] = l.T("admin.error.too_long", "Max", indicators.MaxNameLen)
	}
}
