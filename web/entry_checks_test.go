package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"igmc/indicators"
)

// approveSeries imports zone's values of indicator code for the years
// given and approves them.
func approveSeries(t *testing.T, c *client, zone, code string, byYear map[int]float64) {
	t.Helper()
	var file strings.Builder
	file.WriteString("zone_code,indicator_code,period,value\n")
	for y, v := range byYear {
		fmt.Fprintf(&file, "%s,%s,%d,%s\n", zone, code, y, indicators.FormatNumber(v))
	}
	c.send("POST", "/api/v1/measurements/import?framework=igmc&accept_warnings=true", "text/csv", strings.NewReader(file.String()), 200, nil)
	var l listOf[measurementJSON]
	c.do("GET", "/api/v1/measurements?zone="+zone+"&indicator="+code+"&status=submitted&limit=1000", "", 200, &l)
	if l.Total != len(byYear) {
		t.Fatalf("%d values submitted, want %d", l.Total, len(byYear))
	}
	ids := make([]int64, len(l.Items))
	for i, m := range l.Items {
		ids[i] = m.ID
	}
	body, _ := json.Marshal(map[string]any{"ids": ids})
	c.do("POST", "/api/v1/measurements/approve", string(body), 200, nil)
}

// checksRowOf is the line under a row of the entry form with what the
// checks found, "" when there is none.
func checksRowOf(page []byte, key string) string {
	return string(regexp.MustCompile(`(?s)<tr class="entry-checks[^"]*" id="c-` + regexp.QuoteMeta(key) + `">.*?</tr>`).Find(page))
}

// The 100 → 3 case: SPC-05 was 100 from 2015 to 2019, all approved; 3
// typed for 2020 and saved as a draft is a change of −97 after four
// changes of 0. The form shows the jump beside the row, in both
// languages, and asks for an explanation; the quality chosen is kept.
func TestEntryShowsWarningsBeforeSubmitting(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		approveSeries(t, c, "LY", "SPC-05", map[int]float64{2015: 100, 2016: 100, 2017: 100, 2018: 100, 2019: 100})
		officer := signInPage(t, c, "officer@example.org", indicators.RoleOfficer, "LY")
		const path = "/zones/LY/entry?framework=igmc&year=2020"

		_, page := officer.get(t, path, http.StatusOK)
		if row := entryRowOf(t, page, "SPC-05"); !strings.Contains(row, `<select id="q-SPC-05" name="q.SPC-05"`) ||
			!regexp.MustCompile(`<option value="administrative" selected>Administrative records</option>`).MatchString(row) {
			t.Errorf("the row has no quality select with administrative chosen:\n%s", row)
		}
		if got := checksRowOf(page, "SPC-05"); got != "" || strings.Contains(string(page), `name="x.SPC-05"`) {
			t.Errorf("a row without a value shows warnings or an explanation field:\n%s", got)
		}

		officer.post(t, path, url.Values{"framework": {"igmc"}, "year": {"2020"}, "action": {"draft"}, "source": {"Zone statistics bureau"},
			"v.SPC-05": {"3"}, "q.SPC-05": {"estimate"}}, true, http.StatusSeeOther)
		saved := values(t, c, "LY", "2020")["SPC-05"]
		if saved.Value != 3 || saved.Status != "draft" {
			t.Fatalf("the draft was not saved: %+v", saved)
		}

		// What the store keeps of the chosen quality (the page shows that,
		// administrative when it keeps none).
		var stored listOf[struct {
			Quality string `json:"quality"`
		}]
		c.do("GET", "/api/v1/measurements?zone=LY&indicator=SPC-05&period=2020", "", 200, &stored)
		quality := "administrative"
		if stored.Total == 1 && stored.Items[0].Quality != "" {
			quality = stored.Items[0].Quality
		}
		// Four earlier changes, all 0: the trend is steady and −97 breaks it.
		for lang, want := range map[string][]string{
			"en": {"<li>Break in a steady trend: a change of -97 from 100 where every earlier year changed by 0.</li>", ">Explanation</label>"},
			"zh": {"<li>稳定趋势出现中断：此前每年均变化 0，本次由 100 变化 -97。</li>", ">情况说明</label>"},
		} {
			_, page := officer.getLang(t, path, lang, http.StatusOK)
			got := checksRowOf(page, "SPC-05")
			if !strings.Contains(got, `<ul class="entry-warnings" id="w-SPC-05"`) {
				t.Fatalf("%s: no warning beside SPC-05 after saving 3 for 2020:\n%s", lang, got)
			}
			for _, w := range want {
				if !strings.Contains(got, w) {
					t.Errorf("%s: the warning line lacks %q:\n%s", lang, w, got)
				}
			}
			if !strings.Contains(got, `<textarea id="x-SPC-05" name="x.SPC-05"`) {
				t.Errorf("%s: no explanation field under the warned row:\n%s", lang, got)
			}
			if lang == "zh" && regexp.MustCompile(`[A-Za-z]{4,}`).MatchString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(got, "")) {
				t.Errorf("the Chinese warning line has English words:\n%s", got)
			}
			if row := entryRowOf(t, page, "SPC-05"); !strings.Contains(row, `<option value="`+quality+`" selected>`) {
				t.Errorf("%s: the row does not show the stored quality %s:\n%s", lang, quality, row)
			}
		}
		// A quality outside the five codes, or an explanation longer than a
		// comment may be, is refused beside its field; nothing is written.
		_, page = officer.post(t, path, url.Values{"framework": {"igmc"}, "year": {"2020"}, "action": {"draft"},
			"v.SPC-05": {"3"}, "ver.SPC-05": {"1"}, "q.SPC-05": {"guessed"}, "x.SPC-05": {strings.Repeat("长", indicators.MaxCommentLen+1)}}, true, http.StatusUnprocessableEntity)
		if row := entryRowOf(t, page, "SPC-05"); !strings.Contains(row, `<span class="error" id="qerr-SPC-05">Choose one of the listed quality codes.</span>`) {
			t.Errorf("no error beside the quality select:\n%s", row)
		}
		if got := checksRowOf(page, "SPC-05"); !strings.Contains(got, `<span class="error" id="xerr-SPC-05">The explanation may have at most 2000 characters.</span>`) ||
			!strings.Contains(got, "<li>Break in a steady trend: a change of -97 from 100") {
			t.Errorf("no error beside the explanation, or the warning is gone:\n%s", got)
		}
		if v := values(t, c, "LY", "2020")["SPC-05"]; v.Version != saved.Version {
			t.Errorf("a refused form changed the value: %+v", v)
		}
		// A row whose value draws no warning gets no such line.
		if got := checksRowOf(page, "SPC-01"); got != "" {
			t.Errorf("SPC-01 without a value has a warning line:\n%s", got)
		}
	})
}

// getLang reads a page in a language.
func (u *pageUser) getLang(t *testing.T, path, lang string, want int) (*http.Response, []byte) {
	t.Helper()
	resp, body := exchange(t, u.c.srv.URL, httpCall{method: "GET", path: path, cookies: []*http.Cookie{u.session, {Name: "igmc_lang", Value: lang}}})
	if resp.StatusCode != want {
		t.Fatalf("GET %s (%s): status %d, want %d: %.400s", path, lang, resp.StatusCode, want, body)
	}
	return resp, body
}
