package web_test

// This file is longer than 400 lines on purpose: the sign-in scenarios
// (form, CSRF, throttling per account and per address, revoked tokens,
// secrets kept out of logs) share one set of helpers and read as one story.

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
	"igmc/web"
)

const formType = "application/x-www-form-urlencoded"

// loginCSRF fetches the sign-in form and returns its CSRF cookie and the
// token of its hidden field, which must be the same (double submit).
func loginCSRF(t *testing.T, base string) (*http.Cookie, string) {
	t.Helper()
	resp, body := exchange(t, base, httpCall{method: "GET", path: "/login"})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /login: status %d", resp.StatusCode)
	}
	cookie := cookieNamed(resp, "igmc_login_csrf")
	m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindSubmatch(body)
	if cookie == nil || m == nil || cookie.Value != string(m[1]) {
		t.Fatalf("GET /login: the CSRF cookie %v and the form's token %q differ", cookie, m)
	}
	return &http.Cookie{Name: cookie.Name, Value: cookie.Value}, string(m[1])
}

// signInValues is the body of the sign-in form; an empty token leaves the
// field out.
func signInValues(email, password, token string) string {
	v := url.Values{"email": {email}, "password": {password}}
	if token != "" {
		v.Set("csrf_token", token)
	}
	return v.Encode()
}

// cookieNamed is the cookie resp sets under name, or nil.
func cookieNamed(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// retryAfter checks that resp is a 429 with a Retry-After of whole
// seconds, more than zero.
func retryAfter(t *testing.T, resp *http.Response, body []byte) {
	t.Helper()
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429: %s", resp.StatusCode, body)
	}
	if n, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || n <= 0 {
		t.Fatalf("Retry-After %q, want a positive number of seconds", resp.Header.Get("Retry-After"))
	}
}

func TestLoginFormNeedsCSRF(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.userToken("form@example.org", indicators.RoleOfficer, "LY")
		const email, password = "form@example.org", "correct horse battery"
		post := func(t *testing.T, body string, cookies ...*http.Cookie) (*http.Response, []byte) {
			return exchange(t, c.srv.URL, httpCall{method: "POST", path: "/login", ctype: formType, body: body, cookies: cookies})
		}
		refused := func(t *testing.T, form string, cookies ...*http.Cookie) {
			t.Helper()
			resp, body := post(t, form, cookies...)
			if resp.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d, want 403: %s", resp.StatusCode, body)
			}
			if cookieNamed(resp, "igmc_session") != nil {
				t.Fatal("a refused sign-in set a session cookie")
			}
		}
		t.Run("no_token_no_cookie_403", func(t *testing.T) {
			refused(t, signInValues(email, password, ""))
		})
		t.Run("field_without_cookie_403", func(t *testing.T) {
			_, token := loginCSRF(t, c.srv.URL)
			refused(t, signInValues(email, password, token))
		})
		t.Run("cookie_without_field_403", func(t *testing.T) {
			cookie, _ := loginCSRF(t, c.srv.URL)
			refused(t, signInValues(email, password, ""), cookie)
		})
		t.Run("field_of_another_form_403", func(t *testing.T) {
			cookie, _ := loginCSRF(t, c.srv.URL)
			_, other := loginCSRF(t, c.srv.URL)
			refused(t, signInValues(email, password, other), cookie)
		})

		cookie, loginToken := loginCSRF(t, c.srv.URL)
		resp, body := post(t, signInValues(email, password, loginToken)+"&next=%2Fapi%2Fv1%2Fzones", cookie)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/api/v1/zones" {
			t.Fatalf("sign-in: status %d to %q, want 303 to /api/v1/zones: %s", resp.StatusCode, resp.Header.Get("Location"), body)
		}
		sess := cookieNamed(resp, "igmc_session")
		if sess == nil || sess.Value == "" {
			t.Fatal("sign-in set no igmc_session cookie")
		}
		if !sess.HttpOnly || sess.SameSite != http.SameSiteLaxMode || sess.Path != "/" {
			t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, Path=/", sess)
		}
		if gone := cookieNamed(resp, "igmc_login_csrf"); gone == nil || gone.MaxAge >= 0 {
			t.Errorf("sign-in did not delete the login CSRF cookie: %v", gone)
		}
		session := &http.Cookie{Name: sess.Name, Value: sess.Value}
		api := func(t *testing.T, method, path, body string, header map[string]string) (*http.Response, []byte) {
			return exchange(t, c.srv.URL, httpCall{method: method, path: path, ctype: "application/json", body: body,
				cookies: []*http.Cookie{session}, header: header})
		}

		var csrf string
		t.Run("me_gives_the_session_csrf_token", func(t *testing.T) {
			resp, body := api(t, "GET", "/api/v1/auth/me", "", nil)
			var me struct {
				Email string `json:"email"`
				CSRF  string `json:"csrf_token"`
			}
			if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &me) != nil || me.Email != email || me.CSRF == "" {
				t.Fatalf("GET /api/v1/auth/me with the session: %d %s", resp.StatusCode, body)
			}
			csrf = me.CSRF
		})
		t.Run("session_post_without_csrf_403", func(t *testing.T) {
			resp, body := api(t, "POST", "/api/v1/tokens", `{"name":"x"}`, nil)
			wantRefusal(t, resp, body, http.StatusForbidden, "forbidden")
		})
		t.Run("session_post_with_login_csrf_403", func(t *testing.T) {
			resp, body := api(t, "POST", "/api/v1/tokens", `{"name":"x"}`, map[string]string{"X-CSRF-Token": loginToken})
			wantRefusal(t, resp, body, http.StatusForbidden, "forbidden")
		})
		t.Run("session_post_with_csrf_201", func(t *testing.T) {
			if csrf == "" {
				t.Fatal("no session CSRF token to send")
			}
			resp, body := api(t, "POST", "/api/v1/tokens", `{"name":"x"}`, map[string]string{"X-CSRF-Token": csrf})
			if resp.StatusCode != http.StatusCreated {
				t.Fatalf("status %d, want 201: %s", resp.StatusCode, body)
			}
		})
		t.Run("logout_ends_the_session", func(t *testing.T) {
			resp, body := api(t, "POST", "/logout", "", map[string]string{"X-CSRF-Token": csrf})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("logout: status %d, want 303: %s", resp.StatusCode, body)
			}
			resp, body = api(t, "GET", "/api/v1/auth/me", "", nil)
			if resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("after logout the session still answers %d: %s", resp.StatusCode, body)
			}
		})
	})
}

func TestThrottling(t *testing.T) {
	// The specification: ten failures per account within the window, then
	// 429 until the oldest ages out, even with the right password.
	const maxFailures = 10
	each(t, func(t *testing.T, c *client) {
		t.Run("api_token", func(t *testing.T) {
			c.userToken("throttled@example.org", indicators.RoleOfficer, "LY")
			try := func(password string) (*http.Response, []byte) {
				body, _ := json.Marshal(map[string]string{"email": "throttled@example.org", "password": password})
				return exchange(t, c.srv.URL, httpCall{method: "POST", path: "/api/v1/auth/token", ctype: "application/json", body: string(body)})
			}
			for i := 1; i <= 25; i++ {
				resp, body := try("not the password")
				if i <= maxFailures {
					if resp.StatusCode != http.StatusUnauthorized {
						t.Fatalf("wrong password %d: status %d, want 401: %s", i, resp.StatusCode, body)
					}
					continue
				}
				retryAfter(t, resp, body)
			}
			resp, body := try("correct horse battery")
			retryAfter(t, resp, body)
		})
		t.Run("form", func(t *testing.T) {
			c.userToken("throttled-form@example.org", indicators.RoleOfficer, "LY")
			try := func(password string) (*http.Response, []byte) {
				cookie, token := loginCSRF(t, c.srv.URL)
				return exchange(t, c.srv.URL, httpCall{method: "POST", path: "/login", ctype: formType,
					body: signInValues("throttled-form@example.org", password, token), cookies: []*http.Cookie{cookie}})
			}
			for i := 1; i <= maxFailures; i++ {
				if resp, body := try("not the password"); resp.StatusCode != http.StatusUnauthorized {
					t.Fatalf("wrong password %d: status %d, want 401: %s", i, resp.StatusCode, body)
				}
			}
			resp, body := try("not the password")
			retryAfter(t, resp, body)
			resp, body = try("correct horse battery")
			retryAfter(t, resp, body)
			if cookieNamed(resp, "igmc_session") != nil {
				t.Fatal("a throttled sign-in set a session cookie")
			}
		})
	})
}

// TestThrottlingPerAddress spreads wrong passwords over several accounts,
// each under its own limit, so that only the limit per address (30 within
// the window) can stop them. The address is the connection's: a client
// that names another one in X-Forwarded-For must not get a fresh count,
// as no proxy is configured (and a client could otherwise also use up the
// count of someone else's address).
func TestThrottlingPerAddress(t *testing.T) {
	const maxAddressFailures = 30
	for _, tc := range []struct {
		name    string
		forward bool
	}{{"same_address", false}, {"forwarded_for_is_not_trusted", true}} {
		t.Run(tc.name, func(t *testing.T) {
			each(t, func(t *testing.T, c *client) {
				accounts := []string{"a@example.org", "b@example.org", "c@example.org", "d@example.org"}
				for _, a := range accounts {
					c.userToken(a, indicators.RoleOfficer, "LY")
				}
				for i := 1; i <= maxAddressFailures+1; i++ {
					body, _ := json.Marshal(map[string]string{"email": accounts[i%len(accounts)], "password": "not the password"})
					call := httpCall{method: "POST", path: "/api/v1/auth/token", ctype: "application/json", body: string(body)}
					if tc.forward {
						call.header = map[string]string{"X-Forwarded-For": "203.0.113." + strconv.Itoa(i)}
					}
					resp, answer := exchange(t, c.srv.URL, call)
					if i <= maxAddressFailures {
						if resp.StatusCode != http.StatusUnauthorized {
							t.Fatalf("wrong password %d: status %d, want 401: %s", i, resp.StatusCode, answer)
						}
						continue
					}
					if resp.StatusCode != http.StatusTooManyRequests && tc.forward {
						t.Fatalf("try %d from one connection answered %d, want 429: the limit per address counted each X-Forwarded-For value "+
							"as a new address (the router trusts every client as a proxy)", i, resp.StatusCode)
					}
					retryAfter(t, resp, answer)
				}
			})
		})
	}
}

func TestRevokedTokenIs401(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.userToken("revoker@example.org", indicators.RoleReviewer, "LY")
		var tok struct {
			ID    int64  `json:"id"`
			Token string `json:"token"`
		}
		c.as("").do("POST", "/api/v1/auth/token", `{"email":"revoker@example.org","password":"correct horse battery","name":"cli"}`, 201, &tok)
		var me struct {
			Email string `json:"email"`
		}
		c.as(tok.Token).do("GET", "/api/v1/auth/me", "", 200, &me)
		if me.Email != "revoker@example.org" {
			t.Fatalf("the token belongs to %q", me.Email)
		}
		c.as(tok.Token).do("DELETE", "/api/v1/tokens/"+itoa(tok.ID), "", 204, nil)
		var e apiError
		c.as(tok.Token).do("GET", "/api/v1/auth/me", "", 401, &e)
		if e.Error.Code != "unauthorized" {
			t.Fatalf("error %+v", e)
		}
		c.as(tok.Token).do("DELETE", "/api/v1/tokens/"+itoa(tok.ID), "", 401, nil)
	})
}

// lockedBuffer collects log output written from the server's goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestSecretsNeverLogged signs in every way, right and wrong, with the
// server and the store logging at debug level, and looks for every secret
// in the log.
func TestSecretsNeverLogged(t *testing.T) {
	for _, engine := range storagetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			var logs lockedBuffer
			log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			store, err := storage.Open(ctx, storage.Options{DatabaseURL: storagetest.URL(t, engine), Logger: log, PasswordCost: bcrypt.MinCost})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = store.Close() })
			if _, err := store.Seed(ctx); err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(web.New(store, log).Handler())
			t.Cleanup(srv.Close)
			const email, password, wrong = "secret@example.org", "Tr0ub4dor&3 never logged", "Wr0ng pass never logged"
			if _, err := store.CreateUser(ctx, indicators.UserInput{Email: email, Role: indicators.RoleAuditor, Password: password}, indicators.System); err != nil {
				t.Fatal(err)
			}
			call := func(r httpCall, want int) []byte {
				t.Helper()
				resp, body := exchange(t, srv.URL, r)
				if resp.StatusCode != want {
					t.Fatalf("%s %s: status %d, want %d: %s", r.method, r.path, resp.StatusCode, want, body)
				}
				return body
			}
			secrets := map[string]string{"password": password, "wrong password": wrong}

			// The form, signed in.
			cookie, loginToken := loginCSRF(t, srv.URL)
			secrets["login CSRF token"] = loginToken
			resp, _ := exchange(t, srv.URL, httpCall{method: "POST", path: "/login", ctype: formType,
				body: signInValues(email, password, loginToken), cookies: []*http.Cookie{cookie}})
			sess := cookieNamed(resp, "igmc_session")
			if resp.StatusCode != http.StatusSeeOther || sess == nil {
				t.Fatalf("sign-in: status %d, session cookie %v", resp.StatusCode, sess)
			}
			secrets["session cookie"] = sess.Value
			session := []*http.Cookie{{Name: sess.Name, Value: sess.Value}}

			// The form, a wrong password.
			cookie, token := loginCSRF(t, srv.URL)
			secrets["second login CSRF token"] = token
			call(httpCall{method: "POST", path: "/login", ctype: formType, body: signInValues(email, wrong, token), cookies: []*http.Cookie{cookie}}, 401)

			// A token, and requests with it.
			var tok struct {
				Token string `json:"token"`
			}
			body, _ := json.Marshal(map[string]string{"email": email, "password": password})
			if err := json.Unmarshal(call(httpCall{method: "POST", path: "/api/v1/auth/token", ctype: "application/json", body: string(body)}, 201), &tok); err != nil || tok.Token == "" {
				t.Fatalf("no token: %v", err)
			}
			secrets["token"] = tok.Token
			call(httpCall{method: "GET", path: "/api/v1/auth/me", token: tok.Token}, 200)
			call(httpCall{method: "GET", path: "/api/v1/measurements", token: tok.Token}, 200)
			body, _ = json.Marshal(map[string]string{"email": email, "password": wrong})
			call(httpCall{method: "POST", path: "/api/v1/auth/token", ctype: "application/json", body: string(body)}, 401)

			// Requests with the session.
			var me struct {
				CSRF string `json:"csrf_token"`
			}
			if err := json.Unmarshal(call(httpCall{method: "GET", path: "/api/v1/auth/me", cookies: session}, 200), &me); err != nil || me.CSRF == "" {
				t.Fatalf("no session CSRF token: %v", err)
			}
			secrets["session CSRF token"] = me.CSRF
			var tok2 struct {
				Token string `json:"token"`
			}
			_ = json.Unmarshal(call(httpCall{method: "POST", path: "/api/v1/tokens", ctype: "application/json", body: `{"name":"second"}`,
				cookies: session, header: map[string]string{"X-CSRF-Token": me.CSRF}}, 201), &tok2)
			secrets["second token"] = tok2.Token

			// A bad bearer token, and a bad header.
			bad := "igmc_badTokenThatMustNotBeLogged0123456789abcdef"
			secrets["bad bearer token"] = bad
			call(httpCall{method: "GET", path: "/api/v1/auth/me", token: bad}, 401)
			call(httpCall{method: "GET", path: "/api/v1/auth/me", header: map[string]string{"Authorization": "Token " + bad + "x"}}, 401)

			srv.Close() // waits for the requests, and so for their log lines
			out := logs.String()
			if out == "" || !strings.Contains(out, "route=/api/v1/auth/token") {
				t.Fatalf("the log did not capture the requests:\n%s", out)
			}
			for what, s := range secrets {
				if s == "" {
					t.Errorf("no %s to look for", what)
					continue
				}
				if strings.Contains(out, s) {
					t.Errorf("the log contains the %s:\n%s", what, out)
				}
			}
		})
	}
}
