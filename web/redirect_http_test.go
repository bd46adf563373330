package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"igmc/indicators"
	"igmc/web"
)

// TestRedirectTargetsThroughTheForms posts every known open-redirect form
// and every good path as the next of the sign-in form (signing in for
// real), of the language switch (as a visitor, with the sign-in form's
// token, and signed in) and of the link to the sign-in form: the bad ones
// all go to "/", the good ones where they say.
func TestRedirectTargetsThroughTheForms(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.userToken("next@example.org", indicators.RoleOfficer, "LY")
		sess, csrf := session(t, c, "next@example.org")
		type target struct {
			next, want string
		}
		var targets []target
		for _, n := range web.OpenRedirects {
			targets = append(targets, target{n, "/"})
		}
		for _, n := range web.LocalRedirects {
			targets = append(targets, target{n, n})
		}
		// Values a browser cannot send as text (NUL, bytes that are not
		// UTF-8) may also be refused at the edge with 400.
		check := func(t *testing.T, what string, tg target, resp *http.Response, body []byte) {
			t.Helper()
			if resp.StatusCode == http.StatusBadRequest && (strings.ContainsRune(tg.next, 0) || !utf8.ValidString(tg.next)) {
				return
			}
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != tg.want {
				t.Errorf("%s with next=%q: %d to %q, want 303 to %q: %.200s", what, tg.next, resp.StatusCode, resp.Header.Get("Location"), tg.want, body)
			}
		}
		fieldNext := regexp.MustCompile(`action="/login">\s*<input type="hidden" name="csrf_token" value="[^"]*">\s*<input type="hidden" name="next" value="([^"]*)"`)
		for _, tg := range targets {
			cookie, token := loginCSRF(t, c.srv.URL)
			form := url.Values{"email": {"next@example.org"}, "password": {"correct horse battery"}, "csrf_token": {token}, "next": {tg.next}}
			resp, body := exchange(t, c.srv.URL, httpCall{method: "POST", path: "/login", ctype: formType, body: form.Encode(), cookies: []*http.Cookie{cookie}})
			check(t, "sign-in", tg, resp, body)
			if resp.StatusCode == http.StatusSeeOther && cookieNamed(resp, "igmc_session") == nil {
				t.Errorf("sign-in with next=%q started no session", tg.next)
			}

			form = url.Values{"lang": {"en"}, "csrf_token": {token}, "next": {tg.next}}
			resp, body = exchange(t, c.srv.URL, httpCall{method: "POST", path: "/language", ctype: formType, body: form.Encode(), cookies: []*http.Cookie{cookie}})
			check(t, "visitor's language switch", tg, resp, body)

			form.Set("csrf_token", csrf)
			resp, body = exchange(t, c.srv.URL, httpCall{method: "POST", path: "/language", ctype: formType, body: form.Encode(), cookies: []*http.Cookie{sess}})
			check(t, "user's language switch", tg, resp, body)

			resp, body = exchange(t, c.srv.URL, httpCall{method: "GET", path: "/login?" + url.Values{"next": {tg.next}}.Encode()})
			if resp.StatusCode == http.StatusBadRequest && (strings.ContainsRune(tg.next, 0) || !utf8.ValidString(tg.next)) {
				continue
			}
			m := fieldNext.FindSubmatch(body)
			if m == nil || html.UnescapeString(string(m[1])) != tg.want {
				t.Errorf("GET /login?next=%q: the form's next is %q, want %q", tg.next, m, tg.want)
			}
		}
	})
}
