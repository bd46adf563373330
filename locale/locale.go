package locale

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"igmc/indicators"
)

// The pages speak English and Simplified Chinese. Every text of a page is
// a key in the message files under locales/, one pair of files
// (NAME.en.json, NAME.zh.json) per area of the site.

//go:embed locales/*.json
var localeFS embed.FS

// Languages are the languages of the pages, the default first.
var Languages = []string{"en", "zh"}

// MissingMark brackets a key that has no text in the page's language; the
// tests walk every page and fail on it.
const MissingMark = "⟦"

const langCookie = "igmc_lang"

var (
	bundle  = loadBundle()
	matcher = language.NewMatcher([]language.Tag{language.English, language.Chinese})
	locs    = map[string]*Lang{}
)

func init() {
	for _, l := range Languages {
		locs[l] = &Lang{Code: l, loc: i18n.NewLocalizer(bundle, l)}
	}
}

func loadBundle() *i18n.Bundle {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	files, err := fs.Glob(localeFS, "locales/*.json")
	if err != nil {
		panic(err)
	}
	for _, f := range files {
		if _, err := b.LoadMessageFileFS(localeFS, f); err != nil {
			panic(fmt.Sprintf("message file %s: %v", f, err))
		}
	}
	return b
}

// MessageKeys lists the keys of each language's message files, for the
// test that both languages are complete.
func MessageKeys() (map[string]map[string]bool, error) {
	out := map[string]map[string]bool{}
	files, err := fs.Glob(localeFS, "locales/*.json")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		parts := strings.Split(strings.TrimPrefix(f, "locales/"), ".")
		if len(parts) != 3 {
			return nil, fmt.Errorf("%s: want NAME.LANG.json", f)
		}
		raw, err := localeFS.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		if out[parts[1]] == nil {
			out[parts[1]] = map[string]bool{}
		}
		for k := range m {
			out[parts[1]][k] = true
		}
	}
	return out, nil
}

// Lang is a page's language: its code and its messages. Templates call
// {{.L.T "key"}} and {{.L.T "key" "Name" value …}}.
type Lang struct {
	Code string
	loc  *i18n.Localizer
}

// T is the text of key in this language, with the named values filled in
// ("Name", value pairs). A key missing from this language shows as
// ⟦key⟧, never silently in another language.
func (l *Lang) T(key string, args ...any) string {
	var data map[string]any
	var count any
	if len(args) > 0 {
		data = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			name := fmt.Sprint(args[i])
			data[name] = args[i+1]
			if name == "Count" {
				count = args[i+1]
			}
		}
	}
	s, err := l.loc.Localize(&i18n.LocalizeConfig{MessageID: key, TemplateData: data, PluralCount: count})
	if err != nil {
		return MissingMark + key + "⟧"
	}
	return s
}

// Name picks the name in this language, else the other one.
func (l *Lang) Name(en, zh string) string {
	if l.Code == "zh" && zh != "" {
		return zh
	}
	if en == "" {
		return zh
	}
	return en
}

// HTMLLang is the value of the html element's lang attribute.
func (l *Lang) HTMLLang() string {
	if l.Code == "zh" {
		return "zh-Hans"
	}
	return "en"
}

// Num formats a number for a page: up to digits decimals, trailing zeros
// dropped, "—" for none. It takes float64 or *float64.
func (l *Lang) Num(v any, digits int) string {
	var x float64
	switch t := v.(type) {
	case nil:
		return "—"
	case *float64:
		if t == nil {
			return "—"
		}
		x = *t
	case float64:
		x = t
	case int:
		x = float64(t)
	default:
		return fmt.Sprint(v)
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "—"
	}
	return strconv.FormatFloat(roundTo(x, digits), 'f', -1, 64)
}

// Pct formats a fraction (0–1) as a percentage.
func (l *Lang) Pct(v any) string {
	switch t := v.(type) {
	case float64:
		return l.Num(t*100, 0) + "%"
	case *float64:
		if t == nil {
			return "—"
		}
		return l.Num(*t*100, 0) + "%"
	}
	return "—"
}

func roundTo(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

// Error is the message of a page error in this language: the text for its
// code, with the store's English detail kept for English pages.
func (l *Lang) Error(err error) string {
	code := indicators.CodeOf(err)
	msg := l.T("error." + string(code))
	if strings.HasPrefix(msg, MissingMark) {
		msg = l.T("error.internal")
	}
	return msg
}

// FieldError is one field's error in this language, from its code.
func (l *Lang) FieldError(fe indicators.FieldError) string {
	msg := l.T("field." + fe.Code)
	if strings.HasPrefix(msg, MissingMark) {
		return l.T("field.invalid")
	}
	return msg
}

// langOf is the language of the request: the signed-in user's setting,
// else the language cookie, else Accept-Language, else English.
func langOf(c *gin.Context) *Lang {
	if v, ok := c.Get("lang"); ok {
		return v.(*Lang)
	}
	code := ""
	if p := principalOf(c); p != nil && locs[p.Language] != nil {
		code = p.Language
	} else if v, err := c.Cookie(langCookie); err == nil && locs[v] != nil {
		code = v
	} else {
		tags, _, _ := language.ParseAcceptLanguage(c.GetHeader("Accept-Language"))
		_, i, conf := matcher.Match(tags...)
		code = "en"
		if conf != language.No && i == 1 {
			code = "zh"
		}
	}
	l := locs[code]
	c.Set("lang", l)
	return l
}

// setLanguage serves POST /language: remembers the language in a cookie
// and, for a signed-in user, in their account; then goes back. The form
// carries the session's CSRF token, or the sign-in form's for visitors.
func (s *Server) setLanguage(c *gin.Context) {
	code := c.PostForm("lang")
	if locs[code] == nil {
		s.fail(c, indicators.FieldsError("the form is not valid", []indicators.FieldError{{Field: "lang", Code: "invalid", Message: "lang must be en or zh"}}))
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
