package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"igmc/indicators"
)

// sourced is a value with its source, as the API lists it.
type sourced struct {
	ID      int64   `json:"id"`
	Value   float64 `json:"value"`
	Source  string  `json:"source"`
	Status  string  `json:"status"`
	Version int     `json:"version"`
}

// sourcedValue is the current value of LY's indicator code in period.
func sourcedValue(t *testing.T, c *client, code, period string) sourced {
	t.Helper()
	var l listOf[sourced]
	c.do("GET", "/api/v1/measurements?framework=igmc&zone=LY&indicator="+code+"&period="+period, "", 200, &l)
	if len(l.Items) != 1 {
		t.Fatalf("%s %s: %d values", code, period, len(l.Items))
	}
	return l.Items[0]
}

// TestEntrySourceRule: a changed number is saved only with a source given
// for it; an unchanged one keeps its source; a source may change alone.
func TestEntrySourceRule(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		officer := signInPage(t, c, "officer@example.org", indicators.RoleOfficer, "LY")
		const path = "/zones/LY/entry?framework=igmc&year=2020"
		form := func(fields ...string) url.Values {
			v := url.Values{"framework": {"igmc"}, "year": {"2020"}, "action": {"draft"}}
			for i := 0; i+1 < len(fields); i += 2 {
				v.Set(fields[i], fields[i+1])
			}
			return v
		}
		before := sourcedValue(t, c, "SPC-01", "2020")
		if before.Source == "" {
			t.Fatal("the demo's SPC-01 2020 value has no source to keep by mistake")
		}
		ver := strconv.Itoa(before.Version)
		changed := indicators.FormatNumber(before.Value - 1)

		t.Run("form_shows_each_rows_source", func(t *testing.T) {
			_, page := officer.get(t, path, http.StatusOK)
			in := regexp.MustCompile(`<input type="text" id="s-SPC-01" name="s.SPC-01" value="([^"]*)" data-stored="([^"]*)"`).FindStringSubmatch(string(page))
			if in == nil || in[1] != in[2] || in[1] == "" {
				t.Fatalf("the SPC-01 row has no source field holding the stored source: %v", in)
			}
		})

		for name, f := range map[string]url.Values{
			"changed_value_stale_source_422": form("v.SPC-01", changed, "ver.SPC-01", ver, "s.SPC-01", before.Source, "sn.SPC-01", ""),
			"changed_value_empty_source_422": form("v.SPC-01", changed, "ver.SPC-01", ver, "s.SPC-01", "  ", "sn.SPC-01", ""),
			"changed_value_no_source_422":    form("v.SPC-01", changed, "ver.SPC-01", ver),
		} {
			t.Run(name, func(t *testing.T) {
				_, page := officer.post(t, path, f, true, http.StatusUnprocessableEntity)
				row := entryRowOf(t, page, "SPC-01")
				if !regexp.MustCompile(`<span class="error" id="serr-SPC-01">You changed the number`).MatchString(row) {
					t.Errorf("no source error beside SPC-01's source:\n%s", row)
				}
				if !strings.Contains(row, html.EscapeString("“"+before.Source+"” is the previous value's")) {
					t.Errorf("the message does not name the old source %q:\n%s", before.Source, row)
				}
				// The field is emptied for the new number's source, and
				// whatever is typed there next counts as given anew.
				if !strings.Contains(row, `name="s.SPC-01" value=""`) || !strings.Contains(row, `name="sn.SPC-01" value="1"`) {
					t.Errorf("the refused source field is not emptied and marked:\n%s", row)
				}
				if !strings.Contains(row, `value="`+changed+`"`) || !strings.Contains(string(page), `<a href="#s-SPC-01">`) {
					t.Errorf("the typed number is lost, or the summary does not link to the source field")
				}
				if now := sourcedValue(t, c, "SPC-01", "2020"); now != before {
					t.Errorf("a refused form changed the value: %+v, was %+v", now, before)
				}
			})
		}

		t.Run("unchanged_value_keeps_source", func(t *testing.T) {
			officer.post(t, path, form("v.SPC-01", indicators.FormatNumber(before.Value)+".0", "ver.SPC-01", ver, "s.SPC-01", before.Source,
				"source", "Another yearbook"), true, http.StatusSeeOther)
			if now := sourcedValue(t, c, "SPC-01", "2020"); now != before {
				t.Errorf("an unchanged value was rewritten: %+v, was %+v", now, before)
			}
		})

		t.Run("changed_value_new_source_saved", func(t *testing.T) {
			resp, _ := officer.post(t, path, form("v.SPC-01", changed, "ver.SPC-01", ver, "s.SPC-01", "Land survey 2021 (revised)"), true, http.StatusSeeOther)
			if loc := resp.Header.Get("Location"); !strings.Contains(loc, "saved=1") {
				t.Errorf("redirected to %q, want saved=1", loc)
			}
			now := sourcedValue(t, c, "SPC-01", "2020")
			if now.Value != before.Value-1 || now.Source != "Land survey 2021 (revised)" || now.Status != "draft" {
				t.Errorf("SPC-01 = %+v, want %v from the land survey as a draft", now, before.Value-1)
			}
		})

		t.Run("changed_value_source_for_all_saved", func(t *testing.T) {
			cur := sourcedValue(t, c, "SPC-01", "2020")
			officer.post(t, path, form("v.SPC-01", "70", "ver.SPC-01", strconv.Itoa(cur.Version), "s.SPC-01", cur.Source,
				"source", "Statistical yearbook 2021"), true, http.StatusSeeOther)
			if now := sourcedValue(t, c, "SPC-01", "2020"); now.Value != 70 || now.Source != "Statistical yearbook 2021" {
				t.Errorf("SPC-01 = %+v, want 70 from the yearbook", now)
			}
		})

		t.Run("same_source_restated_saved", func(t *testing.T) {
			cur := sourcedValue(t, c, "SPC-01", "2020")
			officer.post(t, path, form("v.SPC-01", "71", "ver.SPC-01", strconv.Itoa(cur.Version), "s.SPC-01", cur.Source, "sn.SPC-01", "1"),
				true, http.StatusSeeOther)
			if now := sourcedValue(t, c, "SPC-01", "2020"); now.Value != 71 || now.Source != cur.Source {
				t.Errorf("SPC-01 = %+v, want 71 from %q", now, cur.Source)
			}
		})

		t.Run("source_alone_changed_saved", func(t *testing.T) {
			cur := sourcedValue(t, c, "SPC-01", "2020")
			officer.post(t, path, form("v.SPC-01", "71", "ver.SPC-01", strconv.Itoa(cur.Version), "s.SPC-01", "Corrected bureau name"),
				true, http.StatusSeeOther)
			if now := sourcedValue(t, c, "SPC-01", "2020"); now.Value != 71 || now.Source != "Corrected bureau name" || now.Version != cur.Version+1 {
				t.Errorf("SPC-01 = %+v, want 71 from the corrected bureau at version %d", now, cur.Version+1)
			}
		})

		t.Run("new_value_needs_no_source", func(t *testing.T) {
			officer.post(t, "/zones/LY/entry?framework=igmc&year=2021", url.Values{"framework": {"igmc"}, "year": {"2021"}, "action": {"draft"},
				"v.SPC-01": {"80"}, "s.SPC-01": {""}}, true, http.StatusSeeOther)
			if now := sourcedValue(t, c, "SPC-01", "2021"); now.Value != 80 || now.Source != "" {
				t.Errorf("SPC-01 2021 = %+v, want 80 without a source", now)
			}
		})
	})
}

// TestEntryYears: the year chooser offers the framework's span only, and
// a year outside it is sent to the nearest one with a word why.
func TestEntryYears(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		officer := signInPage(t, c, "officer@example.org", indicators.RoleOfficer, "LY")
		// The demo's values run 2013 to 2020 and the catalogue's baselines
		// are 2015: the span is 2013 to this calendar year.
		now := time.Now().Year()
		last := strconv.Itoa(now)

		t.Run("chooser_offers_the_span", func(t *testing.T) {
			_, page := officer.get(t, "/zones/LY/entry?framework=igmc&year=2013", http.StatusOK)
			sel := regexp.MustCompile(`(?s)<select id="entry-year" name="year"[^>]*>(.*?)</select>`).FindSubmatch(page)
			if sel == nil {
				t.Fatal("no year chooser")
			}
			got := regexp.MustCompile(`<option value="(\d+)"`).FindAllSubmatch(sel[1], -1)
			if len(got) != now-2013+1 || string(got[0][1]) != last || string(got[len(got)-1][1]) != "2013" {
				t.Errorf("the chooser offers %d years from %s to %s, want %s down to 2013", len(got), got[0][1], got[len(got)-1][1], last)
			}
			if strings.Contains(string(page), "year=2012") || !strings.Contains(string(page), "year=2014") {
				t.Error("the form of 2013 links to 2012, or not to 2014")
			}
			_, page = officer.get(t, "/zones/LY/entry?framework=igmc&year="+last, http.StatusOK)
			if strings.Contains(string(page), "year="+strconv.Itoa(now+1)) {
				t.Error("the form of this year links to next year")
			}
		})

		for _, tc := range []struct{ asked, lands string }{{"2000", "2013"}, {"2150", last}} {
			t.Run("outside_"+tc.asked+"_sent_to_"+tc.lands, func(t *testing.T) {
				resp, _ := officer.get(t, "/zones/LY/entry?framework=igmc&year="+tc.asked, http.StatusSeeOther)
				want := "/zones/LY/entry?framework=igmc&outside=" + tc.asked + "&year=" + tc.lands
				if loc := resp.Header.Get("Location"); loc != want {
					t.Fatalf("sent to %q, want %q", loc, want)
				}
				_, page := officer.get(t, want, http.StatusOK)
				msg := tc.asked + " is outside the years this form takes (2013 to " + last + "): the form of " + tc.lands + " is shown instead."
				if !strings.Contains(string(page), msg) {
					t.Errorf("the form does not say %q", msg)
				}
			})
		}

		t.Run("outside_in_chinese", func(t *testing.T) {
			zh := signInPage(t, c, "officer-zh@example.org", indicators.RoleOfficer, "LY")
			zh.post(t, "/language", url.Values{"lang": {"zh"}, "next": {"/"}}, true, http.StatusSeeOther)
			_, page := zh.get(t, "/zones/LY/entry?framework=igmc&outside=2000&year=2013", http.StatusOK)
			if !strings.Contains(string(page), "2000 年不在本表可填报的年份范围内（2013 年至 "+last+" 年）") {
				t.Error("the Chinese form does not say the year was outside the span")
			}
		})

		t.Run("post_outside_refused", func(t *testing.T) {
			officer.post(t, "/zones/LY/entry?framework=igmc&year=2000", url.Values{"framework": {"igmc"}, "year": {"2000"}, "v.SPC-01": {"50"}},
				true, http.StatusUnprocessableEntity)
			var l listOf[sourced]
			c.do("GET", "/api/v1/measurements?framework=igmc&zone=LY&period=2000", "", 200, &l)
			if len(l.Items) != 0 {
				t.Errorf("a post to 2000 wrote %d values", len(l.Items))
			}
		})

		t.Run("not_a_year_4xx", func(t *testing.T) {
			resp, _ := exchange(t, c.srv.URL, httpCall{method: "GET", path: "/zones/LY/entry?year=3000", cookies: []*http.Cookie{officer.session}})
			if resp.StatusCode < 400 || resp.StatusCode >= 500 {
				t.Errorf("year 3000: status %d, want a 4xx", resp.StatusCode)
			}
		})
	})
}

// TestEntryRowsAndUnits: every row has its anchor, the "Correct it" link of
// a rejected value lands on its row, and units and ranges are in the
// page's language.
func TestEntryRowsAndUnits(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		officer := signInPage(t, c, "officer@example.org", indicators.RoleOfficer, "LY")
		reviewer := c.userToken("reviewer2@example.org", indicators.RoleReviewer, "LY")
		for _, v := range []struct{ code, period string }{{"SPC-02", "2020"}, {"SPC-08", "2020-Q3"}} {
			id := sourcedValue(t, c, v.code, v.period).ID
			c.as(reviewer).do("POST", "/api/v1/measurements/"+itoa(id)+"/reject", `{"comment":"Check the survey"}`, 200, nil)
		}

		t.Run("correct_it_lands_on_the_row", func(t *testing.T) {
			_, home := officer.get(t, "/", http.StatusOK)
			for _, key := range []string{"SPC-02", "SPC-08__2020-Q3"} {
				link := "/zones/LY/entry?framework=igmc&amp;year=2020#m-" + key
				if !strings.Contains(string(home), `href="`+link+`"`) {
					t.Errorf("the home page has no link %s", link)
				}
			}
			_, page := officer.get(t, "/zones/LY/entry?framework=igmc&year=2020", http.StatusOK)
			for _, key := range []string{"SPC-02", "SPC-08__2020-Q3"} {
				row := regexp.MustCompile(`(?s)<tr id="m-` + key + `" class="entry-row[^"]*">.*?</tr>`).Find(page)
				if row == nil || !strings.Contains(string(row), `id="v-`+key+`"`) || !strings.Contains(string(row), "Check the survey") {
					t.Errorf("no row m-%s holding its field and the rejection:\n%s", key, row)
				}
			}
			if n := len(regexp.MustCompile(`<tr id="m-[^"]+" class="entry-row`).FindAll(page, -1)); n != strings.Count(string(page), `id="v-`) {
				t.Errorf("%d row anchors for %d fields", n, strings.Count(string(page), `id="v-`))
			}
		})

		t.Run("units_and_ranges_in_each_language", func(t *testing.T) {
			zh := signInPage(t, c, "officer-zh@example.org", indicators.RoleOfficer, "LY")
			zh.post(t, "/language", url.Values{"lang": {"zh"}, "next": {"/"}}, true, http.StatusSeeOther)
			_, en := officer.get(t, "/zones/LY/entry?framework=igmc&year=2020", http.StatusOK)
			_, cn := zh.get(t, "/zones/LY/entry?framework=igmc&year=2020", http.StatusOK)
			for _, w := range []struct{ code, unitEn, unitZh, rangeEn, rangeZh string }{
				{"SPC-02", "ratio", "比值", "-10 to 10", "-10 至 10"},
				{"SPC-03", "persons/km²", "人/km²", "0 to 50000", "0 至 50000"},
				{"SPC-08__2020-Q1", "trips/person", "次/人", "0 to 2000", "0 至 2000"},
			} {
				for _, p := range []struct {
					page        []byte
					unit, bound string
				}{{en, w.unitEn, w.rangeEn}, {cn, w.unitZh, w.rangeZh}} {
					row := entryRowOf(t, p.page, w.code)
					if !strings.Contains(row, `<td class="entry-unit" id="unit-`+w.code+`">`+p.unit+`</td>`) ||
						!strings.Contains(row, `<span id="range-`+w.code+`">`+p.bound+`</span>`) {
						t.Errorf("%s: no unit %q and range %q beside the field:\n%s", w.code, p.unit, p.bound, row)
					}
				}
			}
			// A range refusal names the unit in the page's language too.
			_, page := zh.post(t, "/zones/LY/entry?framework=igmc&year=2021", url.Values{"framework": {"igmc"}, "year": {"2021"},
				"v.SPC-03": {"60000"}}, true, http.StatusUnprocessableEntity)
			if row := entryRowOf(t, page, "SPC-03"); !strings.Contains(row, "数值必须在 0 与 50000 之间（人/km²）") {
				t.Errorf("the Chinese range error does not name the Chinese unit:\n%s", row)
			}
		})
	})
}
