package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"igmc/indicators"
	"igmc/web"
)

// signedIn reports whether the session still opens the account page.
func signedIn(t *testing.T, c *client, sess *http.Cookie) bool {
	t.Helper()
	resp, _ := exchange(t, c.srv.URL, httpCall{method: "GET", path: "/account", cookies: []*http.Cookie{sess}})
	return resp.StatusCode == http.StatusOK
}

func TestAccountPasswordChange(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		tok := c.userToken("officer@example.org", indicators.RoleOfficer, "LY")
		sess, csrf := admSession(t, c, "officer@example.org")
		other, _ := admSession(t, c, "officer@example.org")
		for _, lang := range []string{"en", "zh"} {
			body := admGet(t, c, sess, "/account", 200, lang)
			admContains(t, body, `action="/account/password"`, `name="current_password"`, `href="/account" aria-current="page"`)
		}
		form := func(current, next, repeat string) url.Values {
			return url.Values{"csrf_token": {csrf}, "current_password": {current}, "new_password": {next}, "repeat_password": {repeat}}
		}
		t.Run("without_csrf_403", func(t *testing.T) {
			f := form("correct horse battery", "a new long password", "a new long password")
			f.Del("csrf_token")
			admPost(t, c, sess, "/account/password", f, 403)
		})
		t.Run("refusals_in_place", func(t *testing.T) {
			body, _ := admPost(t, c, sess, "/account/password", form("wrong password!", "a new long password", "a new long password"), 422)
			admContains(t, body, `id="pw-current-error">This is not your current password.`)
			body, _ = admPost(t, c, sess, "/account/password", form("correct horse battery", "a new long password", "another one"), 422)
			admContains(t, body, `id="pw-repeat-error">The two new passwords differ`)
			body, _ = admPost(t, c, sess, "/account/password", form("correct horse battery", "short", "short"), 422)
			admContains(t, body, `id="pw-new-error">The password must have at least 10 characters.`)
			resp, zh := exchange(t, c.srv.URL, httpCall{method: "POST", path: "/account/password", ctype: formType,
				body: form("wrong password!", "a new long password", "a new long password").Encode(), cookies: []*http.Cookie{sess, {Name: "igmc_lang", Value: "zh"}}})
			if resp.StatusCode != 422 || !strings.Contains(string(zh), "当前密码不正确。") {
				t.Errorf("Chinese refusal: %d", resp.StatusCode)
			}
			if strings.Contains(string(zh), "wrong password!") {
				t.Error("the page sends a typed password back")
			}
			if _, err := c.store.Authenticate(context.Background(), "officer@example.org", "correct horse battery", "t"); err != nil {
				t.Fatalf("a refused change moved the password: %v", err)
			}
		})
		t.Run("changed_other_sessions_end", func(t *testing.T) {
			admPostFlash(t, c, sess, "/account/password", form("correct horse battery", "a new long password", "a new long password"))
			if !signedIn(t, c, sess) {
				t.Error("the session that changed the password was signed out")
			}
			if signedIn(t, c, other) {
				t.Error("another session survived the password change")
			}
			c.as(tok).do("GET", "/api/v1/auth/me", "", 401, nil)
			if _, err := c.store.Authenticate(context.Background(), "officer@example.org", "a new long password", "t"); err != nil {
				t.Errorf("the new password does not sign in: %v", err)
			}
			if body := string(c.do("GET", "/api/v1/audit/events?entity=user&actor=officer@example.org", "", 200, nil)); !strings.Contains(body, `"password_change"`) ||
				strings.Contains(body, "a new long password") {
				t.Errorf("audit: %s", body)
			}
		})
	})
}

func TestAccountPasswordThrottleAndAPI(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		tok := c.userToken("api@example.org", indicators.RoleAuditor)
		api := c.as(tok)
		var e apiError
		api.do("POST", "/api/v1/account/password", `{"current_password":"nope, wrong","new_password":"a new long password"}`, 422, &e)
		if len(e.Error.Fields) != 1 || e.Error.Fields[0].Field != "current_password" || e.Error.Fields[0].Code != "wrong" {
			t.Errorf("wrong current password: %+v", e)
		}
		api.do("POST", "/api/v1/account/password", `{"current_password":"correct horse battery","new_password":"a new long password"}`, 204, nil)
		api.do("GET", "/api/v1/auth/me", "", 401, nil) // its token is revoked with the change

		tok = c.userToken("guess@example.org", indicators.RoleAuditor)
		api = c.as(tok)
		for i := 1; i < 10; i++ { // 9 here, one at the sign-in form: the same counter
			api.do("POST", "/api/v1/account/password", `{"current_password":"guess number x","new_password":"a new long password"}`, 422, nil)
		}
		cookie, token := loginCSRF(t, c.srv.URL)
		resp, _ := exchange(t, c.srv.URL, httpCall{method: "POST", path: "/login", ctype: formType,
			body: signInValues("guess@example.org", "wrong at the form", token), cookies: []*http.Cookie{cookie}})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("the tenth wrong password: %d", resp.StatusCode)
		}
		api.do("POST", "/api/v1/account/password", `{"current_password":"correct horse battery","new_password":"a new long password"}`, 429, nil)
	})
}

// TestResetLink: an administrator makes a link on the page, it is shown
// once and never logged; it sets a password once, signing the user out;
// used, expired and unknown links get their own page in both languages.
func TestResetLink(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		var logs bytes.Buffer
		srv := httptest.NewServer(web.New(c.store, slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))).Handler())
		defer srv.Close()
		lc := *c
		lc.srv = srv
		c = &lc
		u, err := c.store.CreateUser(context.Background(), indicators.UserInput{Email: "forgot@example.org", Role: indicators.RoleOfficer,
			Zones: []string{"LY"}, Password: "correct horse battery"}, indicators.System)
		if err != nil {
			t.Fatal(err)
		}
		old, _ := admSession(t, c, "forgot@example.org")
		admin, csrf := admSession(t, c, "admin@example.org")
		path := "/admin/users/" + itoa(u.ID) + "/reset-link"
		admPost(t, c, admin, path, url.Values{}, 403)
		body, _ := admPost(t, c, admin, path, url.Values{"csrf_token": {csrf}}, 200)
		m := regexp.MustCompile(`value="http://[^"/]+(/reset/([A-Za-z0-9_-]{43}))"`).FindSubmatch(body)
		if m == nil {
			t.Fatalf("no reset link on the page:\n%.3000s", body)
		}
		link, secret := string(m[1]), string(m[2])
		if bytes.Contains(admGet(t, c, admin, "/admin?tab=users", 200), []byte(secret)) {
			t.Error("the link is shown again")
		}
		for _, lang := range []string{"en", "zh"} {
			admContains(t, getPage(t, c, link, lang, 200), `action="`+link+`"`, `name="new_password"`)
		}
		cookie, token := loginCSRF(t, c.srv.URL)
		post := func(f url.Values, cookies ...*http.Cookie) (*http.Response, []byte) {
			return exchange(t, c.srv.URL, httpCall{method: "POST", path: link, ctype: formType, body: f.Encode(), cookies: cookies})
		}
		if resp, _ := post(url.Values{"new_password": {"a reset password"}, "repeat_password": {"a reset password"}}, cookie); resp.StatusCode != 403 {
			t.Errorf("without the form token: %d", resp.StatusCode)
		}
		if resp, b := post(url.Values{"csrf_token": {token}, "new_password": {"a reset password"}, "repeat_password": {"other"}}, cookie); resp.StatusCode != 422 ||
			!bytes.Contains(b, []byte(`id="rs-repeat-error"`)) {
			t.Errorf("differing passwords: %d", resp.StatusCode)
		}
		resp, b := post(url.Values{"csrf_token": {token}, "new_password": {"a reset password"}, "repeat_password": {"a reset password"}}, cookie)
		if resp.StatusCode != 200 || !bytes.Contains(b, []byte(`data-reset="done"`)) {
			t.Fatalf("reset: %d %.2000s", resp.StatusCode, b)
		}
		if signedIn(t, c, old) {
			t.Error("the user's session survived the reset")
		}
		admSession(t, c, "forgot@example.org", "a reset password")
		resp, _ = post(url.Values{"csrf_token": {token}, "new_password": {"a third password"}, "repeat_password": {"a third password"}}, cookie)
		if resp.StatusCode != http.StatusGone {
			t.Errorf("second use: %d", resp.StatusCode)
		}
		admContains(t, getPage(t, c, link, "en", 410), "This reset link was already used")
		admContains(t, getPage(t, c, link, "zh", 410), "此重置链接已经使用过")
		admContains(t, getPage(t, c, "/reset/not-a-real-link", "en", 404), "This reset link is not valid")
		admContains(t, getPage(t, c, "/reset/not-a-real-link", "zh", 404), "此重置链接无效")

		var made struct {
			URL string `json:"url"`
		}
		c.do("POST", "/api/v1/users/"+itoa(u.ID)+"/reset-link", "{}", 201, &made)
		later := strings.TrimPrefix(made.URL, c.srv.URL)
		now := c.store.Now
		c.store.Now = func() time.Time { return now().Add(indicators.ResetLinkLifetime) }
		admContains(t, getPage(t, c, later, "en", 410), "This reset link has expired.")
		admContains(t, getPage(t, c, later, "zh", 410), "此重置链接已过期。")
		c.store.Now = now
		if strings.Contains(logs.String(), secret) || strings.Contains(logs.String(), strings.TrimPrefix(later, "/reset/")) {
			t.Error("a reset link is in the log")
		}
		if !strings.Contains(string(c.do("GET", "/api/v1/audit/events?entity=user", "", 200, nil)), `"password_reset"`) {
			t.Error("the reset is not in the audit trail")
		}
	})
}

// getPage fetches a page without a session and checks its status.
func getPage(t *testing.T, c *client, path, lang string, want int) []byte {
	t.Helper()
	resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: path, cookies: []*http.Cookie{{Name: "igmc_lang", Value: lang}}})
	if resp.StatusCode != want {
		t.Fatalf("GET %s (%s): %d, want %d", path, lang, resp.StatusCode, want)
	}
	_, _ = io.Discard.Write(body)
	return body
}
