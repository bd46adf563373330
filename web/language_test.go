package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"igmc/indicators"
)

// session signs email in through the form and returns the session cookie
// and the session's CSRF token (read from a page's form).
func session(t *testing.T, c *client, email string) (*http.Cookie, string) {
	t.Helper()
	cookie, token := loginCSRF(t, c.srv.URL)
	resp, _ := exchange(t, c.srv.URL, httpCall{method: "POST", path: "/login", ctype: formType,
		body: signInValues(email, "correct horse battery", token), cookies: []*http.Cookie{cookie}})
	sess := cookieNamed(resp, "igmc_session")
	if resp.StatusCode != http.StatusSeeOther || sess == nil {
		t.Fatalf("sign-in of %s: %d, session %v", email, resp.StatusCode, sess)
	}
	sess = &http.Cookie{Name: sess.Name, Value: sess.Value}
	_, page := exchange(t, c.srv.URL, httpCall{method: "GET", path: "/", cookies: []*http.Cookie{sess}})
	m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("the home page has no form token:\n%.500s", page)
	}
	return sess, string(m[1])
}

// TestLanguage covers how a page picks its language: Accept-Language for
// a visitor, the switch (remembered in a cookie, and for a signed-in user
// in the account, so it follows them to another browser), and the CSRF
// check on the switch.
func TestLanguage(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		langOf := func(body []byte) string {
			m := regexp.MustCompile(`<html lang="([^"]+)"`).FindSubmatch(body)
			if m == nil {
				t.Fatalf("no html lang in %.200s", body)
			}
			return string(m[1])
		}
		// A visitor: Accept-Language decides.
		_, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: "/login", header: map[string]string{"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}})
		if langOf(body) != "zh-Hans" || !strings.Contains(string(body), "电子邮箱") {
			t.Errorf("a visitor asking for Chinese gets %s", langOf(body))
		}
		_, body = exchange(t, c.srv.URL, httpCall{method: "GET", path: "/login", header: map[string]string{"Accept-Language": "fr-FR,de;q=0.8"}})
		if langOf(body) != "en" {
			t.Errorf("a visitor asking for French gets %s, want English", langOf(body))
		}

		c.userToken("officer@example.org", indicators.RoleOfficer, "LY")
		sess, csrf := session(t, c, "officer@example.org")
		// Without the token the switch is refused and nothing changes.
		resp, _ := exchange(t, c.srv.URL, httpCall{method: "POST", path: "/language", ctype: formType, body: "lang=zh&next=/",
			cookies: []*http.Cookie{sess}})
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("language switch without CSRF token: %d, want 403", resp.StatusCode)
		}
		_, body = exchange(t, c.srv.URL, httpCall{method: "GET", path: "/", cookies: []*http.Cookie{sess}})
		if langOf(body) != "en" {
			t.Fatalf("a refused switch changed the language to %s", langOf(body))
		}
		// With it: back to the page, in Chinese from now on.
		resp, _ = exchange(t, c.srv.URL, httpCall{method: "POST", path: "/language", ctype: formType,
			body: "lang=zh&next=%2Fcatalogue&csrf_token=" + csrf, cookies: []*http.Cookie{sess}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/catalogue" {
			t.Fatalf("language switch: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		if ck := cookieNamed(resp, "igmc_lang"); ck == nil || ck.Value != "zh" {
			t.Errorf("the switch set no language cookie: %v", ck)
		}
		// Another browser (no language cookie, English Accept-Language):
		// the account's language wins.
		_, body = exchange(t, c.srv.URL, httpCall{method: "GET", path: "/", cookies: []*http.Cookie{sess}, header: map[string]string{"Accept-Language": "en"}})
		if langOf(body) != "zh-Hans" {
			t.Errorf("after the switch the user's pages are in %s", langOf(body))
		}
		// An off-site next is not followed.
		resp, _ = exchange(t, c.srv.URL, httpCall{method: "POST", path: "/language", ctype: formType,
			body: "lang=en&next=https%3A%2F%2Fevil.example%2F&csrf_token=" + csrf, cookies: []*http.Cookie{sess}})
		if loc := resp.Header.Get("Location"); loc != "/" {
			t.Errorf("the switch redirects off-site to %q", loc)
		}
		// A language the site does not speak is a clear 422.
		resp, body = exchange(t, c.srv.URL, httpCall{method: "POST", path: "/language", ctype: formType,
			body: "lang=fr&csrf_token=" + csrf, cookies: []*http.Cookie{sess}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("lang=fr: %d %.200s", resp.StatusCode, body)
		}
	})
}
