package locale

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"igmc/indicators"
)

// Package locale holds what the tracker says to people in their language:
// the message catalogues, the matching of a requested language to the
// supported ones, and the one formatter of numbers and dates that pages,
// PDF reports, workbooks and the command line share. It knows nothing of
// HTTP: the web layer finds the request's language and asks this package.
//
// The tracker speaks English and Simplified Chinese. Every text is a key
// in the message files under locales/, one pair of files (NAME.en.json,
// NAME.zh.json) per area of the site.

//go:embed locales/*.json
var localeFS embed.FS

// Languages are the languages of the pages, the default first.
var Languages = []string{"en", "zh"}

// MissingMark brackets a key that has no text in the page's language; the
// tests walk every page and fail on it.
const MissingMark = "⟦"

// The message files are parsed on first use (or by Warm), not when the
// program starts: a command that says nothing to people, or a server that
// is not yet asked for a page, does not wait for them.
var (
	localizers = sync.OnceValue(func() map[string]*i18n.Localizer {
		b := loadBundle()
		out := make(map[string]*i18n.Localizer, len(Languages))
		for _, l := range Languages {
			out[l] = i18n.NewLocalizer(b, l)
		}
		return out
	})
	matcher = sync.OnceValue(func() language.Matcher {
		return language.NewMatcher([]language.Tag{language.English, language.Chinese})
	})
	locs = map[string]*Lang{}
)

func init() {
	for _, l := range Languages {
		locs[l] = &Lang{Code: l}
	}
}

// Warm parses the message files now, so that the first page does not wait
// for them (a server calls it once it listens).
func Warm() {
	localizers()
	matcher()
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
}

// loc is the language's localizer (parsing the message files the first time).
func (l *Lang) loc() *i18n.Localizer { return localizers()[l.Code] }

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
				// A figure grouped for reading ("5,005") picks its
				// plural form by the number it writes.
				if s, ok := count.(string); ok {
					count = strings.ReplaceAll(s, ",", "")
				}
			}
		}
	}
	s, err := l.loc().Localize(&i18n.LocalizeConfig{MessageID: key, TemplateData: data, PluralCount: count})
	if err != nil {
		return MissingMark + key + "⟧"
	}
	return s
}

// Name picks the name in this language, else the other one.
func (l *Lang) Name(en, zh string) string { return l.Text(en, zh) }

// Text picks a text given in both languages (a name, a unit, a definition,
// a source) in this language, else the other one: the one rule of every
// page, PDF and export that shows catalogue text to people.
func (l *Lang) Text(en, zh string) string {
	if l.Code == "zh" && zh != "" {
		return zh
	}
	if en == "" {
		return zh
	}
	return en
}

// Colon is what follows a label: the full-width colon in Chinese, a colon
// and a space in English.
func (l *Lang) Colon() string {
	if l.Code == "zh" {
		return "："
	}
	return ": "
}

// HTMLLang is the value of the html element's lang attribute.
func (l *Lang) HTMLLang() string {
	if l.Code == "zh" {
		return "zh-Hans"
	}
	return "en"
}

// Of is the language of code, or nil when code is not one of Languages.
func Of(code string) *Lang { return locs[code] }

// English is the default language.
func English() *Lang { return locs["en"] }

// Match picks the supported language an Accept-Language header asks for
// first, English when it asks for none of them.
func Match(acceptLanguage string) *Lang {
	tags, _, _ := language.ParseAcceptLanguage(acceptLanguage)
	_, i, conf := matcher().Match(tags...)
	if conf != language.No && i == 1 {
		return locs["zh"]
	}
	return locs["en"]
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

// FieldError is one field's error in this language: the message of its
// code (field.<code>) with its Args filled in. See fields.go.
func (l *Lang) FieldError(fe indicators.FieldError) string {
	data := fieldData(l, fe)
	msg, err := l.loc().Localize(&i18n.LocalizeConfig{MessageID: "field." + fe.Code, TemplateData: data})
	if err != nil {
		msg, _ = l.loc().Localize(&i18n.LocalizeConfig{MessageID: "field.invalid", TemplateData: data})
	}
	return msg
}
