package web

import (
	"regexp"
	"strings"

	"igmc/indicators"
)

// notFoundSubjects read, from the store's and the router's not-found
// messages, what was looked for: its kind and its code, path or number.
var notFoundSubjects = []struct {
	re   *regexp.Regexp
	kind string
}{
	{regexp.MustCompile(`^no such page: (.+)$`), "page"},
	{regexp.MustCompile(`^no such year "(.*)"$`), "year"},
	{regexp.MustCompile(`^(zone|indicator|framework|measurement|perspective|category|user) "(.*)" not found`), ""},
	{regexp.MustCompile(`^(measurement|user) (\d+) not found`), ""},
	{regexp.MustCompile(`^(user|token) not found$`), ""},
}

// notFoundWhat names, in the reader's language, what a not-found error
// did not find ("zone LY-X", "the page /nope"); "" when the error does
// not say.
func notFoundWhat(l *Lang, e *indicators.Error) string {
	if e == nil || e.Code != indicators.NotFound {
		return ""
	}
	for _, s := range notFoundSubjects {
		m := s.re.FindStringSubmatch(e.Message)
		if m == nil {
			continue
		}
		kind, key := s.kind, ""
		switch {
		case kind != "":
			key = m[1]
		case len(m) == 3:
			kind, key = m[1], m[2]
		default:
			kind = m[1]
		}
		if key == "" {
			return l.T("notfound.kind." + kind)
		}
		return l.T("notfound.what", "Kind", l.T("notfound.kind."+kind), "Key", strings.TrimSpace(key))
	}
	return ""
}
