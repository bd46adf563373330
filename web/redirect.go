package web

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// safeNext is the one check of every redirect target a request names (the
// "next" of the sign-in form, of the language switch and of every other
// form): it returns next when it is a path on this site, else "/".
//
// A browser reading a Location header drops tabs and line breaks anywhere
// in it, takes a backslash for a slash and reads "//host" as another
// site, so "/\t/evil.example" or "/\evil.example" would leave the site.
// The check therefore refuses, in next and in next decoded once more (a
// proxy or a later hop may decode it): any control character, any
// backslash, and a second character that is "/" or "\"; and what remains
// must parse as a bare path, with no scheme, host or user. When in doubt,
// "/".
func safeNext(next string) string {
	if !localPath(next) {
		return "/"
	}
	return next
}

func localPath(next string) bool {
	if !strings.HasPrefix(next, "/") || !utf8.ValidString(next) {
		return false
	}
	decoded, err := url.PathUnescape(next)
	if err != nil {
		return false
	}
	for _, v := range []string{next, decoded} {
		if strings.ContainsFunc(v, func(r rune) bool { return unicode.IsControl(r) || r == '\\' || r == utf8.RuneError }) {
			return false
		}
		if !strings.HasPrefix(v, "/") || strings.HasPrefix(v, "//") {
			return false
		}
	}
	u, err := url.Parse(next)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && u.Opaque == "" && strings.HasPrefix(u.Path, "/")
}
