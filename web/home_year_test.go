package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"igmc/indicators"
)

// homeYear is the year the home page shows its figures for.
func homeYear(t *testing.T, page []byte) string {
	t.Helper()
	m := regexp.MustCompile(`id="home-year" data-year="(\d+)"`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("the home page names no year:\n%.3000s", page)
	}
	return string(m[1])
}

// homeCardRow is a zone's row of the home page's scorecard table.
func homeCardRow(t *testing.T, page []byte, code string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<tr data-zone="` + regexp.QuoteMeta(code) + `">.*?</tr>`).Find(page)
	if m == nil {
		t.Fatalf("the home page has no scorecard row for %s", code)
	}
	return string(m)
}

// TestHomeCurrentYearDoesNotMove: the demo's latest year in review is
// 2020. One officer's draft for 2021, and a value for a year that has not
// begun, leave every page on 2020; a value submitted for 2021 is the next
// cycle begun, and moves it.
func TestHomeCurrentYearDoesNotMove(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		officer := signInPage(t, c, "officer@example.org", indicators.RoleOfficer, "LY")
		auditor := signInPage(t, c, "auditor@example.org", indicators.RoleAuditor)
		for _, u := range []*pageUser{officer, auditor} {
			if _, page := u.get(t, "/", http.StatusOK); homeYear(t, page) != "2020" {
				t.Fatalf("the demo's home opens on %s, want 2020", homeYear(t, page))
			}
		}
		officerAPI := c.as(c.userToken("officer2@example.org", indicators.RoleOfficer, "LY"))
		var m measurementJSON
		officerAPI.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2021","value":81,"explanation":"a new survey"}`, 201, &m)
		// Whatever the clock says, a year well after it has not begun.
		officerAPI.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2090","value":81}`, 201, nil)
		for _, u := range []*pageUser{officer, auditor} {
			if _, page := u.get(t, "/", http.StatusOK); homeYear(t, page) != "2020" {
				t.Errorf("after one draft for 2021 the home opens on %s, want 2020", homeYear(t, page))
			}
		}
		if _, page := auditor.get(t, "/audit", http.StatusOK); !strings.Contains(string(page), `name="year" type="text" inputmode="numeric" size="6" required value="2020"`) {
			t.Errorf("the audit page's bundle year moved off 2020")
		}
		officerAPI.do("POST", "/api/v1/measurements/"+itoa(m.ID)+"/submit", "", 200, nil)
		if _, page := auditor.get(t, "/", http.StatusOK); homeYear(t, page) != "2021" {
			t.Errorf("with a value of 2021 in review the home opens on %s, want 2021", homeYear(t, page))
		}
	})
}

// TestHomeSaysWhatIsCarriedMissingAndWaiting: in the demo's 2020 nothing
// is approved yet, so the official scorecards carry 2019's figures and
// say so; an officer sees which indicators a zone lacks, each linked to
// its row of the form, and their own values waiting for review.
func TestHomeSaysWhatIsCarriedMissingAndWaiting(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		// LY-N has values for three indicators of 2020 (entered by the
		// command line, not by the officer), so 45 of its 48 are missing.
		c.send("POST", "/api/v1/measurements/import?framework=igmc", "text/csv", strings.NewReader(
			"zone_code,indicator_code,period,value\nLY-N,SPC-01,2020,50\nLY-N,SPC-02,2020,1.5\nLY-N,ENV-01,2020-01,40\n"), 200, nil)
		officer := signInPage(t, c, "officer@example.org", indicators.RoleOfficer, "LY")
		_, page := officer.get(t, "/", http.StatusOK)

		t.Run("carried_forward_said", func(t *testing.T) {
			row := homeCardRow(t, page, "LY")
			if !strings.Contains(row, "2020: 0 of 45 approved; 45 figures carried from 2019") {
				t.Errorf("LY's official figures of 2020:\n%s", row)
			}
			if !strings.Contains(string(page), "uses the latest approved value of an earlier year") {
				t.Error("the page does not explain the carried figures")
			}
		})
		t.Run("missing_listed_with_links", func(t *testing.T) {
			s := string(page)
			if !strings.Contains(s, `<details data-zone="LY-N"><summary>Which indicators LY-N lacks (45)</summary>`) {
				t.Errorf("LY-N's missing indicators are not listed")
			}
			if !strings.Contains(s, `href="/zones/LY-N/entry?framework=igmc&amp;year=2020#m-SPC-03"><code>SPC-03</code>`) {
				t.Errorf("a missing indicator does not link to its row of the form")
			}
			if strings.Contains(s, `#m-SPC-01"><code>SPC-01</code>`) && strings.Contains(s, `data-zone="LY-N"`) &&
				strings.Contains(regexp.MustCompile(`(?s)<details data-zone="LY-N">.*?</details>`).FindString(s), "SPC-01") {
				t.Errorf("SPC-01 has a 2020 value in LY-N but is listed as missing")
			}
			if !strings.Contains(s, "The first 12 are listed") {
				t.Errorf("the list of 45 is not said to be cut at 12")
			}
		})
		t.Run("own_values_waiting", func(t *testing.T) {
			if strings.Contains(string(page), `id="waiting"`) {
				t.Fatalf("the officer has submitted nothing, yet values are listed as theirs")
			}
			// The officer enters and submits a value (through the API, as
			// the form does through the same store), and signs in.
			api := c.as(c.userToken("mine@example.org", indicators.RoleOfficer, "LY"))
			var m measurementJSON
			api.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY-N","indicator_code":"SPC-03","period":"2020","value":5000}`, 201, &m)
			api.do("POST", "/api/v1/measurements/"+itoa(m.ID)+"/submit", "", 200, nil)
			sess, csrf := session(t, c, "mine@example.org")
			signed := &pageUser{c: c, session: sess, csrf: csrf}
			_, page := signed.get(t, "/", http.StatusOK)
			s := string(page)
			if !strings.Contains(s, `<h3 id="waiting">Your values waiting for review: 1</h3>`) ||
				!strings.Contains(s, `<tr data-id="`+itoa(m.ID)+`">`) ||
				!strings.Contains(s, `href="/zones/LY-N/entry?framework=igmc&amp;year=2020#m-SPC-03"`) {
				t.Errorf("the officer's submitted value is not listed, linked to its row")
			}
		})
	})
}

// TestHomeWithoutValues: zones but no values yet. The scorecards, which
// would all be empty, give way to one line with the next step, and there
// is no review tile or rejected list with nothing in it.
func TestHomeWithoutValues(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		sess, csrf := session(t, c, "admin@example.org")
		admin := &pageUser{c: c, session: sess, csrf: csrf}
		_, page := admin.get(t, "/", http.StatusOK)
		s := string(page)
		if !strings.Contains(s, `id="home-next-step"`) || !strings.Contains(s, `<a href="/import">`) {
			t.Errorf("no next step on a home page without values:\n%.3000s", s)
		}
		for _, noise := range []string{"Latest scorecards", `id="review-queue"`, "Rejected values", `id="waiting"`, `id="home-year"`} {
			if strings.Contains(s, noise) {
				t.Errorf("a home page without values shows %q", noise)
			}
		}
	})
}
