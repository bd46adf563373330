package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"igmc/indicators"
)

// entrySamples: each caller posts the form for a year of its own, so the
// check after can tell a write from a refusal. The years (2019 on) lie in
// the form's span: after the catalogue's baseline years (2015), before
// this calendar year.
func (e *matrixEnv) entrySamples() map[string]sample {
	year := 2018
	post := func(t *testing.T, _ matrixCaller) prepared {
		year++
		y := strconv.Itoa(year)
		return prepared{path: "/zones/LY/entry?year=" + y, ctype: formType, body: "year=" + y + "&action=draft&v.SPC-02=1.2",
			verify: func(t *testing.T, resp *http.Response) {
				var l listOf[measurementJSON]
				e.admin(t).do("GET", "/api/v1/measurements?zone=LY&indicator=SPC-02&period="+y, "", 200, &l)
				written := l.Total == 1 && l.Items[0].Value == 1.2 && l.Items[0].Status == "draft"
				if written != (resp.StatusCode == http.StatusSeeOther) {
					t.Errorf("after status %d the form wrote %d values for %s: %+v", resp.StatusCode, l.Total, y, l.Items)
				}
			}}
	}
	return map[string]sample{
		"GET /zones/:zone/entry": {path: "/zones/LY/entry?year=2019", zoneLY: true, ok: 200,
			check: func(t *testing.T, _ matrixCaller, body []byte) {
				if !strings.Contains(string(body), `id="v-SPC-01"`) {
					t.Errorf("the entry form has no field for SPC-01")
				}
			}},
		"POST /zones/:zone/entry": {zoneLY: true, ok: http.StatusSeeOther, prepare: post},
	}
}

// pageUser is a user signed in through the form: its session cookie and
// the CSRF token of its pages.
type pageUser struct {
	c       *client
	session *http.Cookie
	csrf    string
}

// signInPage makes a user and signs it in through the sign-in form.
func signInPage(t *testing.T, c *client, email string, role indicators.Role, zones ...string) *pageUser {
	t.Helper()
	c.userToken(email, role, zones...)
	cookie, token := loginCSRF(t, c.srv.URL)
	resp, body := exchange(t, c.srv.URL, httpCall{method: "POST", path: "/login", ctype: formType,
		body: signInValues(email, "correct horse battery", token), cookies: []*http.Cookie{cookie}})
	sess := cookieNamed(resp, "igmc_session")
	if resp.StatusCode != http.StatusSeeOther || sess == nil {
		t.Fatalf("sign-in of %s: status %d, session %v: %s", email, resp.StatusCode, sess, body)
	}
	u := &pageUser{c: c, session: &http.Cookie{Name: sess.Name, Value: sess.Value}}
	_, page := u.get(t, "/", http.StatusOK)
	m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindSubmatch(page)
	if m == nil {
		t.Fatal("the home page carries no CSRF token")
	}
	u.csrf = string(m[1])
	return u
}

func (u *pageUser) get(t *testing.T, path string, want int) (*http.Response, []byte) {
	t.Helper()
	resp, body := exchange(t, u.c.srv.URL, httpCall{method: "GET", path: path, cookies: []*http.Cookie{u.session}})
	if resp.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d: %.400s", path, resp.StatusCode, want, body)
	}
	return resp, body
}

// post sends a form with the session; withToken adds the CSRF token.
func (u *pageUser) post(t *testing.T, path string, form url.Values, withToken bool, want int) (*http.Response, []byte) {
	t.Helper()
	if withToken {
		form.Set("csrf_token", u.csrf)
	}
	resp, body := exchange(t, u.c.srv.URL, httpCall{method: "POST", path: path, ctype: formType, body: form.Encode(), cookies: []*http.Cookie{u.session}})
	if resp.StatusCode != want {
		t.Fatalf("POST %s: status %d, want %d: %.2000s", path, resp.StatusCode, want, body)
	}
	return resp, body
}

// values lists the current values of a zone and period through the API.
func values(t *testing.T, c *client, zone, period string) map[string]measurementJSON {
	t.Helper()
	var l listOf[measurementJSON]
	c.do("GET", "/api/v1/measurements?framework=igmc&zone="+zone+"&period="+period+"&limit=1000", "", 200, &l)
	out := map[string]measurementJSON{}
	for _, m := range l.Items {
		out[m.Indicator] = m
	}
	return out
}

// entryRowOf is the table row of indicator code on the entry form.
func entryRowOf(t *testing.T, page []byte, code string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<label for="v-` + regexp.QuoteMeta(code) + `">.*?</tr>`).Find(page)
	if m == nil {
		t.Fatalf("the form has no row for %s", code)
	}
	return string(m)
}

// inputOf is the value input of indicator code.
func inputOf(t *testing.T, page []byte, code string) string {
	t.Helper()
	m := regexp.MustCompile(`<input [^>]*id="v-` + regexp.QuoteMeta(code) + `"[^>]*>`).Find(page)
	if m == nil {
		t.Fatalf("the form has no input for %s", code)
	}
	return string(m)
}

func TestEntryForm(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		officer := signInPage(t, c, "officer@example.org", indicators.RoleOfficer, "LY")
		const path = "/zones/LY/entry?framework=igmc&year=2021"
		prev := values(t, c, "LY", "2020")

		t.Run("form_shows_previous_year", func(t *testing.T) {
			_, page := officer.get(t, path, http.StatusOK)
			for _, code := range []string{"SPC-01", "ENV-02"} {
				row := entryRowOf(t, page, code)
				want := strconv.FormatFloat(prev[code].Value, 'f', -1, 64) + ` <span class="muted">(submitted)</span>`
				if !strings.Contains(row, want) {
					t.Errorf("the %s row does not show the 2020 value %q:\n%s", code, want, row)
				}
				if !strings.Contains(row, "no value yet") {
					t.Errorf("the %s row does not say that 2021 has no value:\n%s", code, row)
				}
			}
			for _, hook := range []string{`<button type="submit" name="action" value="submit"`, `<button type="submit" name="action" value="draft"`,
				`<legend>Space planning and development</legend>`, `<h3>Land use and compact development</h3>`} {
				if !strings.Contains(string(page), hook) {
					t.Errorf("the form lacks %s", hook)
				}
			}
			// A quarterly indicator has a field per quarter and a monthly one
			// a field per month, each labelled with its period; none has a
			// field for the whole year.
			if strings.Contains(string(page), `id="v-SPC-08"`) || !strings.Contains(string(page), "Quarterly indicator") {
				t.Error("the quarterly indicator SPC-08 has a yearly field, or no note on how it is entered")
			}
			for _, key := range []string{"SPC-08__2021-Q1", "SPC-08__2021-Q4", "ENV-01__2021-01", "ENV-01__2021-12"} {
				row := entryRowOf(t, page, key)
				if period := strings.SplitN(key, "__", 2)[1]; !strings.Contains(row, `<span class="entry-period">`+period+`</span>`) {
					t.Errorf("the %s field is not labelled with its period:\n%s", key, row)
				}
			}
			if n := strings.Count(string(page), `id="v-ENV-01__2021-`); n != 12 {
				t.Errorf("the monthly ENV-01 has %d fields, want 12", n)
			}
			// Last year's value of the same month stands beside each month.
			prevMonth := values(t, c, "LY", "2020-03")["ENV-01"]
			if row := entryRowOf(t, page, "ENV-01__2021-03"); !strings.Contains(row, strconv.FormatFloat(prevMonth.Value, 'f', -1, 64)+` <span class="muted">(submitted)</span>`) {
				t.Errorf("the March field does not show March 2020's value %v:\n%s", prevMonth.Value, row)
			}
		})

		typed := url.Values{"framework": {"igmc"}, "year": {"2021"}, "action": {"submit"}, "source": {"Zone statistics bureau"},
			"v.SPC-01": {"85"}, "v.SPC-02": {"1,1"}, "v.SPC-03": {"9600"}, "v.SPC-05": {"150"}}

		t.Run("post_without_csrf_403_writes_nothing", func(t *testing.T) {
			resp, body := officer.post(t, path, url.Values{"framework": {"igmc"}, "year": {"2021"}, "v.SPC-01": {"85"}}, false, http.StatusForbidden)
			wantRefusal(t, resp, body, http.StatusForbidden, "forbidden")
			if n := len(values(t, c, "LY", "2021")); n != 0 {
				t.Fatalf("a refused form wrote %d values", n)
			}
		})

		t.Run("invalid_field_422_errors_in_place_nothing_written", func(t *testing.T) {
			_, page := officer.post(t, path, typed, true, http.StatusUnprocessableEntity)
			for code, want := range map[string]string{"SPC-01": "85", "SPC-02": "1,1", "SPC-03": "9600", "SPC-05": "150"} {
				if in := inputOf(t, page, code); !strings.Contains(in, `value="`+want+`"`) {
					t.Errorf("%s does not keep what was typed (%s): %s", code, want, in)
				}
			}
			for code, msg := range map[string]string{"SPC-02": "could be 1.1 or 11", "SPC-05": "between 0 and 100"} {
				in := inputOf(t, page, code)
				if !strings.Contains(in, `aria-invalid="true"`) || !strings.Contains(in, `aria-describedby="err-`+code) {
					t.Errorf("%s is not marked invalid: %s", code, in)
				}
				row := entryRowOf(t, page, code)
				if !regexp.MustCompile(`<span class="error" id="err-` + code + `">[^<]*` + msg).MatchString(row) {
					t.Errorf("%s: no error %q beside the field:\n%s", code, msg, row)
				}
				if !strings.Contains(string(page), `<a href="#v-`+code+`">`) {
					t.Errorf("the summary does not link to %s", code)
				}
			}
			if in := inputOf(t, page, "SPC-01"); strings.Contains(in, "aria-invalid") {
				t.Errorf("a valid field is marked invalid: %s", in)
			}
			if !strings.Contains(string(page), `role="alert"`) || !strings.Contains(string(page), `value="Zone statistics bureau"`) {
				t.Error("no error summary with role=alert, or the source was not kept")
			}
			if n := len(values(t, c, "LY", "2021")); n != 0 {
				t.Fatalf("a form with invalid fields wrote %d values", n)
			}
		})

		t.Run("errors_in_chinese", func(t *testing.T) {
			zh := signInPage(t, c, "officer-zh@example.org", indicators.RoleOfficer, "LY")
			zh.post(t, "/language", url.Values{"lang": {"zh"}, "next": {"/"}}, true, http.StatusSeeOther)
			_, page := zh.post(t, path, typed, true, http.StatusUnprocessableEntity)
			if row := entryRowOf(t, page, "SPC-02"); !strings.Contains(row, "看不出是 1.1 还是 11") {
				t.Errorf("the error is not in Chinese:\n%s", row)
			}
		})

		t.Run("fixed_and_submitted", func(t *testing.T) {
			typed.Set("v.SPC-02", "1.1")
			typed.Set("v.SPC-05", "95")
			// Against the demo's steady series three of the values jump
			// (SPC-01, SPC-02, SPC-05): they are saved as drafts with their
			// warnings, but not submitted without an explanation.
			_, refused := officer.post(t, path, typed, true, http.StatusUnprocessableEntity)
			if !strings.Contains(string(refused), "The values were saved as drafts (4 changed), but they were not submitted.") {
				t.Error("the form does not say the values were saved but not submitted")
			}
			for code, m := range values(t, c, "LY", "2021") {
				if m.Status != "draft" {
					t.Errorf("%s = %+v, want a draft", code, m)
				}
			}
			// Each explained (through the API until the form has a field for
			// it), the form's submission goes through.
			for code, m := range values(t, c, "LY", "2021") {
				c.do("PUT", "/api/v1/measurements/"+itoa(m.ID), fmt.Sprintf(`{"version":%d,"value":%s,"source":"Zone statistics bureau","explanation":"checked against the yearbook"}`,
					m.Version, strconv.FormatFloat(m.Value, 'f', -1, 64)), 200, nil)
				_ = code
			}
			resp, _ := officer.post(t, path, typed, true, http.StatusSeeOther)
			loc := resp.Header.Get("Location")
			if !strings.HasPrefix(loc, "/zones/LY/entry?") || !strings.Contains(loc, "submitted=4") {
				t.Fatalf("redirected to %q", loc)
			}
			got := values(t, c, "LY", "2021")
			want := map[string]float64{"SPC-01": 85, "SPC-02": 1.1, "SPC-03": 9600, "SPC-05": 95}
			if len(got) != len(want) {
				t.Fatalf("%d values written, want %d: %+v", len(got), len(want), got)
			}
			for code, v := range want {
				if got[code].Value != v || got[code].Status != "submitted" {
					t.Errorf("%s = %+v, want %v submitted", code, got[code], v)
				}
			}
			_, page := officer.get(t, loc, http.StatusOK)
			if !strings.Contains(string(page), "Values submitted for review: 4.") {
				t.Error("the form does not say what was saved")
			}
			if in := inputOf(t, page, "SPC-02"); !strings.Contains(in, `value="1.1"`) {
				t.Errorf("the saved value is not shown: %s", in)
			}
		})

		t.Run("unchanged_values_untouched", func(t *testing.T) {
			before := values(t, c, "LY", "2021")
			form := url.Values{"framework": {"igmc"}, "year": {"2021"}, "action": {"draft"}, "v.SPC-01": {"85"}, "v.SPC-03": {"9600.0"},
				"ver.SPC-01": {strconv.Itoa(before["SPC-01"].Version)}}
			officer.post(t, path, form, true, http.StatusSeeOther)
			after := values(t, c, "LY", "2021")
			for code, m := range before {
				if after[code] != m {
					t.Errorf("%s changed from %+v to %+v", code, m, after[code])
				}
			}
		})

		t.Run("concurrent_change_409", func(t *testing.T) {
			m := values(t, c, "LY", "2021")["SPC-01"]
			c.do("PUT", "/api/v1/measurements/"+itoa(m.ID), fmt.Sprintf(`{"version":%d,"value":86}`, m.Version), 200, nil)
			form := url.Values{"framework": {"igmc"}, "year": {"2021"}, "action": {"draft"}, "v.SPC-01": {"87"}, "v.SPC-03": {"9700"},
				"source": {"Revised yearbook"}, "ver.SPC-01": {strconv.Itoa(m.Version)}, "ver.SPC-03": {strconv.Itoa(values(t, c, "LY", "2021")["SPC-03"].Version)}}
			_, page := officer.post(t, path, form, true, http.StatusConflict)
			row := entryRowOf(t, page, "SPC-01")
			if !strings.Contains(row, "admin@example.org changed this value while you were editing: it is now 86 (draft)") {
				t.Errorf("no conflict message beside SPC-01:\n%s", row)
			}
			if in := inputOf(t, page, "SPC-03"); !strings.Contains(in, `value="9700"`) {
				t.Errorf("the other typed value was not kept: %s", in)
			}
			now := values(t, c, "LY", "2021")
			if now["SPC-01"].Value != 86 || now["SPC-03"].Value != 9600 {
				t.Errorf("a conflicting form wrote values: %+v", now)
			}
		})

		t.Run("quarters_and_months", func(t *testing.T) {
			form := url.Values{"framework": {"igmc"}, "year": {"2021"}, "action": {"draft"},
				"v.SPC-08__2021-Q1": {"120"}, "v.SPC-08__2021-Q2": {"-3"}, "v.ENV-01__2021-03": {"41.5"}}
			_, page := officer.post(t, path, form, true, http.StatusUnprocessableEntity)
			if in := inputOf(t, page, "SPC-08__2021-Q2"); !strings.Contains(in, `aria-invalid="true"`) || !strings.Contains(in, `value="-3"`) {
				t.Errorf("the second quarter's error is not in place: %s", in)
			}
			if !strings.Contains(entryRowOf(t, page, "SPC-08__2021-Q2"), `id="err-SPC-08__2021-Q2"`) ||
				!strings.Contains(string(page), `<a href="#v-SPC-08__2021-Q2">`) {
				t.Error("no error beside the second quarter, or no link to it in the summary")
			}
			if in := inputOf(t, page, "ENV-01__2021-03"); !strings.Contains(in, `value="41.5"`) {
				t.Errorf("the March value was not kept: %s", in)
			}
			if q := values(t, c, "LY", "2021-Q1"); len(q) != 0 {
				t.Fatalf("a form with an error wrote %d quarterly values", len(q))
			}
			form.Set("v.SPC-08__2021-Q2", "130")
			officer.post(t, path, form, true, http.StatusSeeOther)
			for period, want := range map[string]float64{"2021-Q1": 120, "2021-Q2": 130} {
				if m, ok := values(t, c, "LY", period)["SPC-08"]; !ok || m.Value != want || m.Status != "draft" {
					t.Errorf("SPC-08 %s = %+v, want %v as a draft", period, m, want)
				}
			}
			if m := values(t, c, "LY", "2021-03")["ENV-01"]; m.Value != 41.5 {
				t.Errorf("ENV-01 2021-03 = %+v, want 41.5", m)
			}
			_, page = officer.get(t, path, http.StatusOK)
			if in := inputOf(t, page, "SPC-08__2021-Q2"); !strings.Contains(in, `value="130"`) {
				t.Errorf("the saved quarter is not shown: %s", in)
			}
		})

		t.Run("closed_period", func(t *testing.T) {
			c.do("POST", "/api/v1/frameworks/igmc/periods/2021/close", `{"reason":"published"}`, 200, nil)
			_, page := officer.get(t, path, http.StatusOK)
			if !strings.Contains(string(page), "The reporting period 2021 is closed") || strings.Contains(string(page), `value="submit"`) {
				t.Error("the form of a closed year does not say so, or still offers to submit")
			}
			_, page = officer.post(t, path, url.Values{"framework": {"igmc"}, "year": {"2021"}, "v.SPC-04": {"12"}}, true, http.StatusConflict)
			if !strings.Contains(string(page), "The reporting period 2021 is closed") || !strings.Contains(inputOf(t, page, "SPC-04"), `value="12"`) {
				t.Error("a post to a closed year does not say so, or loses what was typed")
			}
			if _, ok := values(t, c, "LY", "2021")["SPC-04"]; ok {
				t.Error("a value was written into a closed year")
			}
		})

		t.Run("other_zone_403", func(t *testing.T) {
			c.do("POST", "/api/v1/zones", `{"code":"OTHER","name_en":"Another zone"}`, 201, nil)
			resp, body := officer.get(t, "/zones/OTHER/entry?year=2021", http.StatusForbidden)
			wantRefusal(t, resp, body, http.StatusForbidden, "forbidden")
		})
	})
}
