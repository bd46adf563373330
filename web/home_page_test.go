package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/locale"
	"igmc/storage"
	"igmc/storage/storagetest"
	"igmc/web"
)

func (e *matrixEnv) homeSamples() map[string]sample {
	return map[string]sample{
		"GET /": {path: "/", ok: 200, check: func(t *testing.T, who matrixCaller, body []byte) {
			// Every signed-in caller sees the scorecards of its zones, and
			// only those.
			if who.role != "" && who.inZone != strings.Contains(string(body), `href="/zones/LY/scorecard?`) {
				t.Errorf("%s (LY in scope: %v) and the link to LY's scorecard on the home page disagree", who.name, who.inZone)
			}
			if who.role != "" && !who.inZone && !strings.Contains(string(body), `href="/zones/OTHER/scorecard?`) {
				t.Errorf("%s does not see its zone's scorecard on the home page", who.name)
			}
		}},
	}
}

// homeRow is the row of zone code in the home page's table with id.
func homeRow(t *testing.T, page []byte, code string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<th scope="row">[^<]*<code>` + regexp.QuoteMeta(code) + `</code></th>.*?</tr>`).Find(page)
	if m == nil {
		t.Fatalf("the home page has no attention row for %s", code)
	}
	return string(m)
}

func TestHomeAttention(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		// LY-N (a sub-area of LY): three values in 2020, one of them
		// monthly, and one draft; 48 indicators in all, so 44 lack a 2020
		// value.
		c.send("POST", "/api/v1/measurements/import?framework=igmc", "text/csv", strings.NewReader(
			"zone_code,indicator_code,period,value\nLY-N,SPC-01,2020,50\nLY-N,SPC-02,2020,1.5\nLY-N,ENV-01,2020-01,40\n"), 200, nil)
		c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY-N","indicator_code":"SPC-03","period":"2020","value":5000}`, 201, nil)

		officer := signInPage(t, c, "officer@example.org", indicators.RoleOfficer, "LY")
		reviewer := signInPage(t, c, "reviewer@example.org", indicators.RoleReviewer, "LY")
		queue := func() string {
			_, page := reviewer.get(t, "/", http.StatusOK)
			m := regexp.MustCompile(`id="review-queue">(\d+)<`).FindSubmatch(page)
			if m == nil {
				t.Fatal("the reviewer's home page does not show the review queue")
			}
			if strings.Contains(string(page), "Needs your attention") {
				t.Error("a reviewer is shown the officer's to-do list")
			}
			return string(m[1])
		}
		// The demo leaves 2020 submitted: for each of LY and its three
		// clusters 44 annual values, 2 quarterly indicators × 4 and 2
		// monthly ones × 12, 76 values; 304 in all, and 307 with the three
		// imported for LY-N.
		if got := queue(); got != "307" {
			t.Fatalf("review queue %s, want 307", got)
		}

		var l listOf[measurementJSON]
		c.do("GET", "/api/v1/measurements?zone=LY&indicator=SPC-01&period=2020", "", 200, &l)
		reviewerToken := c.userToken("reviewer2@example.org", indicators.RoleReviewer, "LY")
		c.as(reviewerToken).do("POST", "/api/v1/measurements/"+itoa(l.Items[0].ID)+"/reject", `{"comment":"Check the land survey of 2020"}`, 200, nil)

		t.Run("reviewer_sees_queue_size", func(t *testing.T) {
			if got := queue(); got != "306" {
				t.Fatalf("review queue %s after one rejection, want 306", got)
			}
		})

		t.Run("officer_sees_missing_drafts_and_rejected", func(t *testing.T) {
			_, page := officer.get(t, "/", http.StatusOK)
			s := string(page)
			row := homeRow(t, page, "LY-N")
			if !strings.Contains(row, "44 of 48") || !strings.Contains(row, `<td class="num">1</td>`) {
				t.Errorf("LY-N's row does not show 44 of 48 missing and 1 draft:\n%s", row)
			}
			// LY is a park: the three city-only indicators of the pilot
			// catalogue do not apply to it and are not missing.
			if row := homeRow(t, page, "LY"); !strings.Contains(row, "0 of 45") || !strings.Contains(row, `href="/zones/LY/entry?framework=igmc&amp;year=2020"`) {
				t.Errorf("LY's row:\n%s", row)
			}
			if !strings.Contains(s, "Rejected values to correct: 1") || !strings.Contains(s, "Check the land survey of 2020") ||
				!strings.Contains(s, "reviewer2@example.org") {
				t.Error("the rejected value and its comment are not listed")
			}
			if strings.Contains(s, `id="review-queue"`) {
				t.Error("an officer is shown the review queue")
			}
			if !strings.Contains(s, `href="/zones/LY/scorecard?framework=igmc&amp;year=2020"`) || !strings.Contains(s, "Official (approved values only)") {
				t.Error("the latest scorecards are not listed on the official basis")
			}
		})

		t.Run("other_zone_not_shown", func(t *testing.T) {
			c.do("POST", "/api/v1/zones", `{"code":"OTHER","name_en":"Another zone"}`, 201, nil)
			_, page := officer.get(t, "/", http.StatusOK)
			if strings.Contains(string(page), "/zones/OTHER/") {
				t.Error("the officer of LY sees the zone OTHER")
			}
		})
	})
}

// TestHomeEntryImportSpeakBothLanguages renders the home, entry and import
// pages, with their problems, in each language and looks for a message
// missing from that language.
func TestHomeEntryImportSpeakBothLanguages(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		c.do("POST", "/api/v1/frameworks/igmc/periods/2013/close", `{"reason":"published"}`, 200, nil)
		badCtype, badFile := uploadForm(t, "igmc", "bad.csv", []byte("zone_code,indicator_code,period,value,colour\nLY,NOPE,2021,x,red\n"))
		goodCtype, goodFile := uploadForm(t, "igmc", "good.csv", []byte("zone_code,indicator_code,period,value\nLY,SPC-01,2021,80\n"))
		for _, lang := range []string{"en", "zh"} {
			for _, r := range []struct {
				method, path, ctype, body string
				want                      int
			}{
				{"GET", "/", "", "", 200},
				{"GET", "/zones/LY/entry?year=2020", "", "", 200},
				{"GET", "/zones/LY/entry?year=2013", "", "", 200},
				{"GET", "/zones/LY/entry?year=2021&saved=0&submitted=0", "", "", 200},
				{"POST", "/zones/LY/entry?year=2021", formType, "year=2021&v.SPC-01=x&v.SPC-02=99&source=" + strings.Repeat("s", 501), 422},
				{"POST", "/zones/LY/entry?year=2013", formType, "year=2013&v.SPC-01=1", 409},
				{"GET", "/import", "", "", 200},
				{"GET", "/import?done=1&rows=1&new=1&changed=0&unchanged=0&framework=igmc", "", "", 200},
				{"POST", "/import", badCtype, badFile, 422},
				{"POST", "/import", goodCtype, goodFile, 200},
				{"POST", "/import/confirm", formType, "file=xx&sha256=0", 400},
			} {
				resp, body := exchange(t, c.srv.URL, httpCall{method: r.method, path: r.path, ctype: r.ctype, body: r.body, token: c.token,
					header: map[string]string{"Accept-Language": lang}})
				if resp.StatusCode != r.want {
					t.Errorf("%s %s %s: status %d, want %d", lang, r.method, r.path, resp.StatusCode, r.want)
				}
				if i := strings.Index(string(body), locale.MissingMark); i >= 0 {
					t.Errorf("%s %s %s: a message is missing: %.80s", lang, r.method, r.path, body[i:])
				}
				if lang == "zh" && !strings.Contains(string(body), `<html lang="zh-Hans">`) {
					t.Errorf("%s %s: not in Chinese", r.method, r.path)
				}
			}
		}
	})
}

// TestGettingStarted covers the first minute of a new installation: an
// administrator on a database without zones is offered the demo, loads it
// with one button (CSRF-protected, recorded in the audit trail under their
// name) and lands on a home page full of it.
func TestGettingStarted(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		srv := httptest.NewServer(web.New(s, slog.New(slog.DiscardHandler)).Handler())
		t.Cleanup(srv.Close)
		c := &client{t: t, srv: srv, store: s}
		c.token = c.userToken("admin@example.org", indicators.RoleAdmin)
		c.userToken("officer@example.org", indicators.RoleOfficer)
		sess, csrf := session(t, c, "admin@example.org")
		_, page := exchange(t, srv.URL, httpCall{method: "GET", path: "/", cookies: []*http.Cookie{sess}})
		if !strings.Contains(string(page), `action="/admin/demo"`) || !strings.Contains(string(page), "Getting started") {
			t.Fatalf("an empty installation does not offer the demo:\n%s", page)
		}
		// Nothing else: no empty table, count or queue beside it.
		for _, noise := range []string{"Needs your attention", "Rejected values", "Values awaiting review", "Latest scorecards", "<table"} {
			if strings.Contains(string(page), noise) {
				t.Errorf("an empty installation's home page shows %q", noise)
			}
		}
		// Not to an officer.
		osess, _ := session(t, c, "officer@example.org")
		if _, page := exchange(t, srv.URL, httpCall{method: "GET", path: "/", cookies: []*http.Cookie{osess}}); strings.Contains(string(page), `action="/admin/demo"`) {
			t.Error("an officer is offered to load the demo")
		}
		// Without the form's token: refused, nothing loaded.
		resp, _ := exchange(t, srv.URL, httpCall{method: "POST", path: "/admin/demo", ctype: formType, body: "x=1", cookies: []*http.Cookie{sess}})
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("demo without CSRF token: %d", resp.StatusCode)
		}
		if zs, _ := s.ListZones(context.Background()); len(zs) != 0 {
			t.Fatalf("a refused demo load made %d zones", len(zs))
		}
		resp, _ = exchange(t, srv.URL, httpCall{method: "POST", path: "/admin/demo", ctype: formType, body: "csrf_token=" + csrf, cookies: []*http.Cookie{sess}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
			t.Fatalf("demo load: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		flash := cookieNamed(resp, "igmc_flash")
		if flash == nil {
			t.Fatal("no notice after loading the demo")
		}
		_, page = exchange(t, srv.URL, httpCall{method: "GET", path: "/", cookies: []*http.Cookie{sess, {Name: flash.Name, Value: flash.Value}}})
		want := fmt.Sprintf("Demo loaded: %d zones", len(indicators.DemoZones))
		if !strings.Contains(string(page), want) || !strings.Contains(string(page), `href="/zones/LY-BIO/scorecard`) ||
			strings.Contains(string(page), `action="/admin/demo"`) {
			t.Fatalf("after the demo the home page lacks %q, the zones, or still offers the demo:\n%s", want, page)
		}
		// Loading it again changes nothing; once a zone of its own exists,
		// the demo is refused.
		resp, _ = exchange(t, srv.URL, httpCall{method: "POST", path: "/admin/demo", ctype: formType, body: "csrf_token=" + csrf, cookies: []*http.Cookie{sess}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("loading the demo again: %d", resp.StatusCode)
		}
		if err := s.CreateZone(context.Background(), indicators.Zone{Code: "REAL", NameEn: "A real zone"}, indicators.System); err != nil {
			t.Fatal(err)
		}
		resp, body := exchange(t, srv.URL, httpCall{method: "POST", path: "/admin/demo", ctype: formType, body: "csrf_token=" + csrf, cookies: []*http.Cookie{sess}})
		if resp.StatusCode != http.StatusConflict || !strings.Contains(string(body), `data-error-code="conflict"`) {
			t.Errorf("the demo into an installation with zone REAL: %d %.300s", resp.StatusCode, body)
		}
		l, err := s.ListMeasurements(context.Background(), indicators.MeasurementFilter{Framework: "igmc", Limit: 1})
		if err != nil || l.Total == 0 {
			t.Fatalf("the demo loaded no values (%v)", err)
		}
		ev, err := s.ListAuditEvents(context.Background(), indicators.AuditFilter{Actor: "admin@example.org", Limit: 1000}, nil)
		if err != nil || ev.Total == 0 {
			t.Errorf("the audit trail does not name the administrator who loaded the demo (%v)", err)
		}
	})
}
