package web_test

// This file is longer than 400 lines on purpose: the administration page's
// tabs (users, zones, periods, catalogue, demo) are one page whose forms
// share a session and its helpers.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"igmc/indicators"
	"igmc/locale"
)

// admSession signs email in through the sign-in form (with password, by
// default "correct horse battery") and returns the session cookie and its
// CSRF token.
func admSession(t *testing.T, c *client, email string, password ...string) (*http.Cookie, string) {
	t.Helper()
	pw := "correct horse battery"
	if len(password) > 0 {
		pw = password[0]
	}
	cookie, token := loginCSRF(t, c.srv.URL)
	resp, body := exchange(t, c.srv.URL, httpCall{method: "POST", path: "/login", ctype: formType,
		body: signInValues(email, pw, token), cookies: []*http.Cookie{cookie}})
	sess := cookieNamed(resp, "igmc_session")
	if resp.StatusCode != http.StatusSeeOther || sess == nil {
		t.Fatalf("sign-in of %s: status %d: %s", email, resp.StatusCode, body)
	}
	session := &http.Cookie{Name: sess.Name, Value: sess.Value}
	resp, body = exchange(t, c.srv.URL, httpCall{method: "GET", path: "/api/v1/auth/me", cookies: []*http.Cookie{session}})
	var me struct {
		CSRF string `json:"csrf_token"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &me) != nil || me.CSRF == "" {
		t.Fatalf("auth/me of %s: %d %s", email, resp.StatusCode, body)
	}
	return session, me.CSRF
}

// admGet fetches a page with the session, in lang when given, and checks
// the status.
func admGet(t *testing.T, c *client, session *http.Cookie, path string, want int, lang ...string) []byte {
	t.Helper()
	call := httpCall{method: "GET", path: path, cookies: []*http.Cookie{session}}
	if len(lang) > 0 {
		call.cookies = append(call.cookies, &http.Cookie{Name: "igmc_lang", Value: lang[0]})
	}
	resp, body := exchange(t, c.srv.URL, call)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d: %.2000s", path, resp.StatusCode, want, body)
	}
	if bytes.Contains(body, []byte(locale.MissingMark)) {
		t.Fatalf("GET %s: a message is missing: %s", path, regexp.MustCompile(`⟦[^⟧]*⟧`).Find(body))
	}
	return body
}

// admPost posts a form with the session and checks the status; it returns
// the answer and, for a redirect, where to.
func admPost(t *testing.T, c *client, session *http.Cookie, path string, form url.Values, want int) ([]byte, string) {
	t.Helper()
	resp, body := exchange(t, c.srv.URL, httpCall{method: "POST", path: path, ctype: formType, body: form.Encode(), cookies: []*http.Cookie{session}})
	if resp.StatusCode != want {
		t.Fatalf("POST %s %v: status %d, want %d: %.3000s", path, form, resp.StatusCode, want, body)
	}
	if bytes.Contains(body, []byte(locale.MissingMark)) {
		t.Fatalf("POST %s: a message is missing: %s", path, regexp.MustCompile(`⟦[^⟧]*⟧`).Find(body))
	}
	return body, resp.Header.Get("Location")
}

// admFlash follows a form's redirect and returns the notice shown there.
func admFlash(t *testing.T, c *client, session *http.Cookie, location string, flash *http.Cookie) string {
	t.Helper()
	resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: location, cookies: []*http.Cookie{session, flash}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", location, resp.StatusCode)
	}
	m := regexp.MustCompile(`<p class="flash" role="status">([^<]*)</p>`).FindSubmatch(body)
	if m == nil {
		return ""
	}
	return string(m[1])
}

// admPostFlash posts a form that must succeed (303) and returns the notice
// of the page it leads to.
func admPostFlash(t *testing.T, c *client, session *http.Cookie, path string, form url.Values) string {
	t.Helper()
	resp, body := exchange(t, c.srv.URL, httpCall{method: "POST", path: path, ctype: formType, body: form.Encode(), cookies: []*http.Cookie{session}})
	flash := cookieNamed(resp, "igmc_flash")
	if resp.StatusCode != http.StatusSeeOther || flash == nil {
		t.Fatalf("POST %s %v: status %d, flash %v, want 303 with a notice: %.3000s", path, form, resp.StatusCode, flash, body)
	}
	return admFlash(t, c, session, resp.Header.Get("Location"), &http.Cookie{Name: flash.Name, Value: flash.Value})
}

// admContains fails unless body contains every one of want.
func admContains(t *testing.T, body []byte, want ...string) {
	t.Helper()
	for _, w := range want {
		if !bytes.Contains(body, []byte(w)) {
			t.Errorf("the page lacks %q", w)
		}
	}
}

func catalogueUpload(t *testing.T, framework, nameEn, csv string) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("framework", framework)
	_ = w.WriteField("name_en", nameEn)
	part, err := w.CreateFormFile("file", "catalogue.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = part.Write([]byte(csv))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String(), w.FormDataContentType()
}

// admYears numbers the years the matrix closes, one per call.
var admYears atomic.Int32

const admCatalogueHead = "perspective_code,perspective_name_en,indicator_code,name_en,unit,best,worst,weight\n"

func TestAdminPage(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		session, csrf := admSession(t, c, "admin@example.org")
		users := func(t *testing.T) []indicators.User {
			var l listOf[indicators.User]
			c.do("GET", "/api/v1/users", "", 200, &l)
			return l.Items
		}
		user := func(t *testing.T, email string) *indicators.User {
			us := users(t)
			if i := slices.IndexFunc(us, func(u indicators.User) bool { return u.Email == email }); i >= 0 {
				return &us[i]
			}
			return nil
		}
		t.Run("every_tab_in_both_languages", func(t *testing.T) {
			for _, tab := range []string{"users", "zones", "periods", "catalogue"} {
				for _, lang := range []string{"en", "zh"} {
					admGet(t, c, session, "/admin?tab="+tab, 200, lang)
				}
			}
		})
		newUser := url.Values{"csrf_token": {csrf}, "email": {"New.Officer@example.org"}, "name": {"New Officer"}, "role": {"officer"},
			"zones": {"LY"}, "language": {"zh"}, "password": {"a long enough password"}}
		t.Run("without_csrf_403_nothing_created", func(t *testing.T) {
			form := url.Values{}
			for k, v := range newUser {
				if k != "csrf_token" {
					form[k] = v
				}
			}
			body, _ := admPost(t, c, session, "/admin/users", form, 403)
			admContains(t, body, `data-error-code="forbidden"`)
			admPost(t, c, session, "/admin/zones", url.Values{"code": {"NOCSRF"}, "name_en": {"No token"}}, 403)
			if user(t, "new.officer@example.org") != nil {
				t.Error("a form without its CSRF token created the user")
			}
			c.do("GET", "/api/v1/zones/NOCSRF", "", 404, nil)
		})
		t.Run("bad_email_422_in_place_typed_values_kept", func(t *testing.T) {
			form := url.Values{"csrf_token": {csrf}, "email": {"not-an-email"}, "name": {"Typed Name"}, "role": {"reviewer"}, "zones": {"LY-N"},
				"password": {"a long enough password"}}
			before := len(users(t))
			body, _ := admPost(t, c, session, "/admin/users", form, 422)
			admContains(t, body, `id="nu-email-error">Enter an email address such as name@example.org.`, `value="not-an-email"`,
				`value="Typed Name"`, `<option value="LY-N" selected>`, `<option value="reviewer" selected>`, `aria-describedby="nu-email-error"`)
			if strings.Contains(string(body), "a long enough password") {
				t.Error("the page sends the typed password back")
			}
			if n := len(users(t)); n != before {
				t.Errorf("%d users after a refused form, were %d", n, before)
			}
			form.Set("email", "typed@example.org")
			form.Del("zones")
			body, _ = admPost(t, c, session, "/admin/users", form, 422)
			admContains(t, body, `id="nu-zones-error"`)
			form.Set("zones", "LY")
			form.Set("password", "short")
			body, _ = admPost(t, c, session, "/admin/users", form, 422)
			admContains(t, body, `id="nu-password-error">The password must have at least 10 characters.`)
			if user(t, "typed@example.org") != nil {
				t.Error("a refused form created the user")
			}
		})
		t.Run("create_user_then_sign_in", func(t *testing.T) {
			flash := admPostFlash(t, c, session, "/admin/users", newUser)
			if flash != "User new.officer@example.org added." {
				t.Errorf("notice %q", flash)
			}
			u := user(t, "new.officer@example.org")
			if u == nil || u.Role != indicators.RoleOfficer || !slices.Equal(u.Zones, []string{"LY"}) || u.Language != "zh" || u.Name != "New Officer" {
				t.Fatalf("created user %+v", u)
			}
			officer, _ := admSession(t, c, "new.officer@example.org", "a long enough password")
			body := admGet(t, c, officer, "/", 200)
			admContains(t, body, "new.officer@example.org")
			body, _ = admPost(t, c, session, "/admin/users", newUser, 409)
			admContains(t, body, `id="nu-email-error">A user with this email already exists.`)
		})
		t.Run("edit_user", func(t *testing.T) {
			u := user(t, "new.officer@example.org")
			path := fmt.Sprintf("/admin/users/%d", u.ID)
			body, _ := admPost(t, c, session, path, url.Values{"csrf_token": {csrf}, "name": {"Kept"}, "role": {"reviewer"}}, 422)
			admContains(t, body, fmt.Sprintf(`id="u%d-zones-error"`, u.ID), fmt.Sprintf(`id="u%d-name" name="name" type="text" maxlength="200" value="Kept"`, u.ID), "<details open>")
			flash := admPostFlash(t, c, session, path, url.Values{"csrf_token": {csrf}, "name": {"Now Reviewer"}, "role": {"reviewer"},
				"zones": {"LY", "LY-N"}, "language": {"en"}, "disabled": {"1"}})
			if flash != "User new.officer@example.org saved." {
				t.Errorf("notice %q", flash)
			}
			u = user(t, "new.officer@example.org")
			if u.Role != indicators.RoleReviewer || !u.Disabled || u.Name != "Now Reviewer" || !slices.Equal(u.Zones, []string{"LY", "LY-N"}) || u.Language != "en" {
				t.Fatalf("edited user %+v", u)
			}
			cookie, token := loginCSRF(t, c.srv.URL)
			resp, _ := exchange(t, c.srv.URL, httpCall{method: "POST", path: "/login", ctype: formType,
				body: signInValues("new.officer@example.org", "a long enough password", token), cookies: []*http.Cookie{cookie}})
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("a disabled user signs in: %d", resp.StatusCode)
			}
			me := user(t, "admin@example.org")
			body, _ = admPost(t, c, session, fmt.Sprintf("/admin/users/%d", me.ID), url.Values{"csrf_token": {csrf}, "role": {"officer"}, "zones": {"LY"}}, 422)
			admContains(t, body, "You cannot disable your own account")
			if user(t, "admin@example.org").Role != indicators.RoleAdmin {
				t.Error("the administrator demoted themselves")
			}
		})
		t.Run("zones", func(t *testing.T) {
			body, _ := admPost(t, c, session, "/admin/zones", url.Values{"csrf_token": {csrf}, "code": {"bad code!"}, "name_en": {"Typed zone"}}, 422)
			admContains(t, body, `id="z-code-error"`, `value="bad code!"`, `value="Typed zone"`)
			body, _ = admPost(t, c, session, "/admin/zones", url.Values{"csrf_token": {csrf}, "code": {"LY"}, "name_en": {"Again"}}, 409)
			admContains(t, body, `id="z-code-error">A zone with this code already exists.`)
			flash := admPostFlash(t, c, session, "/admin/zones", url.Values{"csrf_token": {csrf}, "code": {"LY-S"}, "name_en": {"South"},
				"name_zh": {"南区"}, "parent_code": {"LY"}})
			if flash != "Zone LY-S added." {
				t.Errorf("notice %q", flash)
			}
			var z indicators.Zone
			c.do("GET", "/api/v1/zones/LY-S", "", 200, &z)
			if z.NameZh != "南区" || z.ParentCode != "LY" {
				t.Errorf("zone %+v", z)
			}
			admContains(t, admGet(t, c, session, "/admin?tab=zones", 200, "zh"), `data-zone="LY-S"`, "南区")
		})
		t.Run("periods", func(t *testing.T) {
			periods := func() []indicators.ReportingPeriod {
				var l listOf[indicators.ReportingPeriod]
				c.do("GET", "/api/v1/frameworks/igmc/periods", "", 200, &l)
				return l.Items
			}
			close2019 := url.Values{"csrf_token": {csrf}, "framework": {"igmc"}, "year": {"2019"}, "action": {"close"}}
			body, _ := admPost(t, c, session, "/admin/periods", close2019, 422)
			admContains(t, body, `id="p-reason-error">A reason is required`, `id="p-year" name="year" type="text" inputmode="numeric" size="6" required value="2019"`)
			if n := len(periods()); n != 0 {
				t.Fatalf("a refused form changed the periods: %+v", periods())
			}
			close2019.Set("reason", "Figures sent to the committee")
			if flash := admPostFlash(t, c, session, "/admin/periods", close2019); flash != "igmc 2019 is closed." {
				t.Errorf("notice %q", flash)
			}
			ps := periods()
			if len(ps) != 1 || ps[0].Year != 2019 || !ps[0].Closed || ps[0].Reason != "Figures sent to the committee" || ps[0].ChangedBy != "admin@example.org" {
				t.Fatalf("periods %+v", ps)
			}
			body = admGet(t, c, session, "/admin?tab=periods&framework=igmc", 200)
			admContains(t, body, `data-year="2019" data-closed="true"`, "Figures sent to the committee", "Reopen 2019")
			body, _ = admPost(t, c, session, "/admin/periods", close2019, 409)
			admContains(t, body, `id="p-action-error">This year is already closed.`)
			reopen := url.Values{"csrf_token": {csrf}, "framework": {"igmc"}, "year": {"2019"}, "action": {"reopen"}, "row": {"1"}}
			body, _ = admPost(t, c, session, "/admin/periods", reopen, 422)
			admContains(t, body, `id="p2019-reason-error"`)
			reopen.Set("reason", "A correction came in")
			admPostFlash(t, c, session, "/admin/periods", reopen)
			if ps := periods(); len(ps) != 1 || ps[0].Closed || ps[0].Reason != "A correction came in" {
				t.Fatalf("periods %+v", ps)
			}
		})
		t.Run("catalogue", func(t *testing.T) {
			frameworks := func() []string {
				var l listOf[indicators.Framework]
				c.do("GET", "/api/v1/frameworks", "", 200, &l)
				var out []string
				for _, f := range l.Items {
					out = append(out, f.Code)
				}
				return out
			}
			bad := admCatalogueHead + "env,Environment,E-1,Air quality,µg/m³,10,80,1\nenv,Environment,E-2,Water,%,100,0,heavy\n"
			body, ctype := catalogueUpload(t, "city", "City standard", bad)
			resp, page := exchange(t, c.srv.URL, httpCall{method: "POST", path: "/admin/catalogue?csrf_token=" + url.QueryEscape(csrf), ctype: ctype,
				body: body, cookies: []*http.Cookie{session}})
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("bad catalogue: status %d: %.2000s", resp.StatusCode, page)
			}
			admContains(t, page, `data-line="3" data-column="weight"`, "Not a number.", `value="city"`, `value="City standard"`)
			if slices.Contains(frameworks(), "city") {
				t.Fatal("a refused catalogue created its framework")
			}
			good := admCatalogueHead + "env,Environment,E-1,Air quality,µg/m³,10,80,1\nenv,Environment,E-2,Water,%,100,0,2\n"
			body, ctype = catalogueUpload(t, "city", "City standard", good)
			resp, _ = exchange(t, c.srv.URL, httpCall{method: "POST", path: "/admin/catalogue", ctype: ctype, body: body, cookies: []*http.Cookie{session}})
			if resp.StatusCode != http.StatusForbidden || slices.Contains(frameworks(), "city") {
				t.Fatalf("an upload without the CSRF token: status %d", resp.StatusCode)
			}
			resp, page = exchange(t, c.srv.URL, httpCall{method: "POST", path: "/admin/catalogue?csrf_token=" + url.QueryEscape(csrf), ctype: ctype,
				body: body, cookies: []*http.Cookie{session}})
			if resp.StatusCode != http.StatusOK || slices.Contains(frameworks(), "city") {
				t.Fatalf("the preview: status %d: %.2000s", resp.StatusCode, page)
			}
			admContains(t, page, `data-preview="catalogue" data-blocked="false"`, `data-new="E-1"`, `data-new="E-2"`, `action="/admin/catalogue/confirm"`)
			confirm := adminConfirmForm(good, url.Values{"csrf_token": {csrf}, "framework": {"city"}, "name_en": {"City standard"}})
			resp, page = exchange(t, c.srv.URL, httpCall{method: "POST", path: "/admin/catalogue/confirm", ctype: formType,
				body: confirm.Encode(), cookies: []*http.Cookie{session}})
			flash := cookieNamed(resp, "igmc_flash")
			if resp.StatusCode != http.StatusSeeOther || flash == nil {
				t.Fatalf("good catalogue: status %d: %.2000s", resp.StatusCode, page)
			}
			notice := admFlash(t, c, session, resp.Header.Get("Location"), &http.Cookie{Name: flash.Name, Value: flash.Value})
			if notice != "Catalogue of city imported. Indicators: 2 new, 0 changed, 0 unchanged, 0 removed; perspectives: 1." {
				t.Errorf("notice %q", notice)
			}
			var f indicators.Framework
			c.do("GET", "/api/v1/frameworks/city", "", 200, &f)
			if f.NameEn != "City standard" {
				t.Errorf("framework %+v", f)
			}
			admContains(t, admGet(t, c, session, "/admin?tab=catalogue", 200), `href="/api/v1/frameworks/city/catalogue.csv"`)
			admPost(t, c, session, "/admin/frameworks", url.Values{"csrf_token": {csrf}, "code": {"city"}}, 422)
			admPostFlash(t, c, session, "/admin/frameworks", url.Values{"csrf_token": {csrf}, "code": {"city"}, "name_en": {"City standard"},
				"name_zh": {"城市标准"}, "version": {"2"}})
			c.do("GET", "/api/v1/frameworks/city", "", 200, &f)
			if f.NameZh != "城市标准" || f.Version != "2" {
				t.Errorf("framework %+v", f)
			}
		})
	})
}

// adminSamples are the matrix's requests for the administration routes;
// the matrix sends them with bearer tokens, which need no CSRF token.
func (e *matrixEnv) adminSamples() map[string]sample {
	return map[string]sample{
		"GET /admin": {path: "/admin", ok: 200},
		"POST /admin/users": {ok: 303, prepare: func(t *testing.T, who matrixCaller) prepared {
			email := fmt.Sprintf("page-%s@example.org", who.name)
			return prepared{path: "/admin/users", ctype: formType,
				body:   url.Values{"email": {email}, "role": {"auditor"}, "password": {"correct horse battery"}}.Encode(),
				verify: e.userExistsUnlessRefused(email)}
		}},
		"POST /admin/users/:id": {ok: 303, prepare: func(t *testing.T, who matrixCaller) prepared {
			u, err := e.c.store.CreateUser(context.Background(), indicators.UserInput{Email: "page-edit-" + who.name + "@example.org", Name: "Before",
				Role: indicators.RoleAuditor, Password: "correct horse battery"}, indicators.System)
			if err != nil {
				t.Fatal(err)
			}
			return prepared{path: fmt.Sprintf("/admin/users/%d", u.ID), ctype: formType,
				body: url.Values{"name": {"After"}, "role": {"auditor"}}.Encode(),
				verify: func(t *testing.T, resp *http.Response) {
					us, err := e.c.store.ListUsers(context.Background())
					if err != nil {
						t.Fatal(err)
					}
					want := map[bool]string{true: "After", false: "Before"}[resp.StatusCode == http.StatusSeeOther]
					for _, x := range us {
						if x.ID == u.ID && x.Name != want {
							t.Errorf("after status %d the user is named %q, want %q", resp.StatusCode, x.Name, want)
						}
					}
				}}
		}},
		"POST /admin/zones": {ok: 303, prepare: func(t *testing.T, who matrixCaller) prepared {
			code := "PAGE-" + strings.ToUpper(strings.ReplaceAll(who.name, "_", "-"))
			return prepared{path: "/admin/zones", ctype: formType, body: url.Values{"code": {code}, "name_en": {"Page zone"}}.Encode(),
				verify: func(t *testing.T, resp *http.Response) {
					want := map[bool]int{true: 200, false: 404}[resp.StatusCode == http.StatusSeeOther]
					e.admin(t).do("GET", "/api/v1/zones/"+code, "", want, nil)
				}}
		}},
		"POST /admin/periods": {ok: 303, prepare: func(t *testing.T, who matrixCaller) prepared {
			year := fmt.Sprint(1950 + admYears.Add(1))
			return prepared{path: "/admin/periods", ctype: formType,
				body: url.Values{"framework": {"igmc"}, "year": {year}, "action": {"close"}, "reason": {"authorization matrix"}}.Encode(),
				verify: func(t *testing.T, resp *http.Response) {
					body := string(e.admin(t).do("GET", "/api/v1/frameworks/igmc/periods", "", 200, nil))
					if got, want := strings.Contains(body, `"year":`+year+`,`), resp.StatusCode == http.StatusSeeOther; got != want {
						t.Errorf("after status %d, year %s listed: %v", resp.StatusCode, year, got)
					}
				}}
		}},
		"POST /admin/calendar": {ok: 303, prepare: func(t *testing.T, who matrixCaller) prepared {
			year := fmt.Sprint(1950 + admYears.Add(1))
			return prepared{path: "/admin/calendar", ctype: formType,
				body: url.Values{"framework": {"igmc"}, "year": {year}, "due_on": {"2025-03-31"}}.Encode(),
				verify: func(t *testing.T, resp *http.Response) {
					want := map[bool]int{true: 200, false: 404}[resp.StatusCode == http.StatusSeeOther]
					e.admin(t).do("GET", "/api/v1/frameworks/igmc/calendar/"+year, "", want, nil)
				}}
		}},
		"POST /admin/frameworks": {path: "/admin/frameworks", ctype: formType, ok: 303,
			body: url.Values{"code": {"matrix-page"}, "name_en": {"Matrix page"}}.Encode()},
		// A dry run: the preview, and nothing written.
		"POST /admin/catalogue": {ok: 200, prepare: func(t *testing.T, _ matrixCaller) prepared {
			body, ctype := catalogueUpload(t, "igmc", "", e.catalogue)
			return prepared{path: "/admin/catalogue", ctype: ctype, body: body}
		}},
		// The matrix's database has zones of its own, so even the
		// administrator is refused (409) and nobody loads the demo into it;
		// TestGettingStarted loads it into an empty installation.
		"POST /admin/demo": {path: "/admin/demo", ctype: formType, body: "x=1", ok: 409, prepare: func(t *testing.T, _ matrixCaller) prepared {
			return prepared{path: "/admin/demo", ctype: formType, body: "x=1", verify: func(t *testing.T, resp *http.Response) {
				if _, err := e.c.store.Zone(context.Background(), "LY-BIO"); err == nil {
					t.Errorf("after status %d the demo was loaded into a database with zones of its own", resp.StatusCode)
				}
			}}
		}},
	}
}

// userExistsUnlessRefused checks after a user-creating request that the
// user exists exactly when the request was accepted.
func (e *matrixEnv) userExistsUnlessRefused(email string) func(t *testing.T, resp *http.Response) {
	return func(t *testing.T, resp *http.Response) {
		us, err := e.c.store.ListUsers(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		got := slices.ContainsFunc(us, func(u indicators.User) bool { return u.Email == email })
		if want := resp.StatusCode == http.StatusSeeOther; got != want {
			t.Errorf("after status %d, user %s exists: %v", resp.StatusCode, email, got)
		}
	}
}
