package web_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"igmc/indicators"
)

// importApproved imports a measurements CSV and approves what it submitted.
func importApproved(t *testing.T, c *client, file string) {
	t.Helper()
	c.send("POST", "/api/v1/measurements/import?framework=igmc&accept_warnings=true", "text/csv", strings.NewReader(file), 200, nil)
	var l listOf[measurementJSON]
	c.do("GET", "/api/v1/measurements?status=submitted&limit=1000", "", 200, &l)
	ids := make([]int64, len(l.Items))
	for i, m := range l.Items {
		ids[i] = m.ID
	}
	body, _ := json.Marshal(map[string]any{"ids": ids})
	c.do("POST", "/api/v1/measurements/approve", string(body), 200, nil)
}

// qualityValues are six approved 2019 values of LY: in space two of five
// are estimated (SPC-01 an estimate, SPC-03 modelled), 2/5 = 40%; the one
// services value is official; overall 2 of 6 = 33%.
const qualityValues = "zone_code,indicator_code,period,value,quality\n" +
	"LY,SPC-01,2019,70,estimate\nLY,SPC-03,2019,7000,modelled\nLY,SPC-04,2019,300,\nLY,SPC-05,2019,50,survey\n" +
	"LY,SPC-06,2019,50,official\nLY,SRV-01,2019,50,official\n"

// TestScorecardShowsEstimatedShare: the API, the page (in both languages)
// and the CSV give the same counts, and the page marks the two values.
func TestScorecardShowsEstimatedShare(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		importApproved(t, c, qualityValues)
		var api struct {
			Quality struct {
				Values    int      `json:"values"`
				Estimated int      `json:"estimated"`
				Share     *float64 `json:"estimated_share"`
			} `json:"quality"`
			Perspectives []struct {
				Code    string `json:"code"`
				Quality struct {
					Values    int      `json:"values"`
					Estimated int      `json:"estimated"`
					Share     *float64 `json:"estimated_share"`
				} `json:"quality"`
			} `json:"perspectives"`
			Indicators []struct {
				Code      string  `json:"indicator_code"`
				Quality   *string `json:"quality"`
				Estimated bool    `json:"estimated"`
			} `json:"indicators"`
		}
		c.do("GET", "/api/v1/zones/LY/scorecard?year=2019", "", 200, &api)
		if q := api.Quality; q.Values != 6 || q.Estimated != 2 || q.Share == nil || *q.Share != 2.0/6 {
			t.Errorf("card quality %+v, want 2 of 6", q)
		}
		if p := api.Perspectives[0]; p.Code != "space" || p.Quality.Values != 5 || p.Quality.Estimated != 2 || p.Quality.Share == nil || *p.Quality.Share != 0.4 {
			t.Errorf("space quality %+v, want 2 of 5", p)
		}
		for _, r := range api.Indicators {
			want := map[string]string{"SPC-01": "estimate", "SPC-03": "modelled", "SPC-04": "administrative", "SPC-05": "survey"}[r.Code]
			if want != "" && (r.Quality == nil || *r.Quality != want || r.Estimated != (want == "estimate" || want == "modelled")) {
				t.Errorf("%s: quality %v estimated %v, want %s", r.Code, r.Quality, r.Estimated, want)
			}
		}

		viewer := signInPage(t, c, "auditor@example.org", indicators.RoleAuditor)
		for lang, want := range map[string]struct{ estimate, modelled, help string }{
			"en": {"Estimate", "Modelled", "2 of 6 scored values"},
			"zh": {"估算", "模型推算", "6 个计分数值中有 2 个"},
		} {
			_, body := viewer.getLang(t, "/zones/LY/scorecard?year=2019", lang, http.StatusOK)
			page := string(body)
			if got := figure(t, page, "estimated"); got != "33%" {
				t.Errorf("%s: estimated tile %q, want 33%%", lang, got)
			}
			if !strings.Contains(page, want.help) {
				t.Errorf("%s: the tile does not say %q", lang, want.help)
			}
			tile := regexp.MustCompile(`<div data-estimated="space"><dt>[^<]*</dt><dd>([^<]*)<span class="muted">\(([^)]*)\)</span>`).FindStringSubmatch(page)
			if tile == nil || strings.TrimSpace(tile[1]) != "40%" || tile[2] != "2/5" {
				t.Errorf("%s: space tile's share %v, want 40%% (2/5)", lang, tile)
			}
			marks := regexp.MustCompile(`<td class="num" data-estimated="([A-Z0-9-]+)">[^<]*<br><span class="q-mark" data-quality="(\w+)" title="[^"]*">([^<]*)</span>`).FindAllStringSubmatch(page, -1)
			if len(marks) != 2 || marks[0][1] != "SPC-01" || marks[0][3] != want.estimate || marks[1][1] != "SPC-03" || marks[1][3] != want.modelled {
				t.Errorf("%s: marked rows %v, want SPC-01 %s and SPC-03 %s", lang, marks, want.estimate, want.modelled)
			}
			if !strings.Contains(page, `<span class="sc-key-mark"><span class="q-mark" data-quality="estimate"`) {
				t.Errorf("%s: no legend of the mark", lang)
			}
		}

		csv := string(c.do("GET", "/api/v1/zones/LY/scorecard.csv?year=2019", "", 200, nil))
		for _, want := range []string{",6,2,0.3333", ",5,2,0.4\r\n", ",estimate,,,\r\n", ",modelled,,,\r\n"} {
			if !strings.Contains(csv, want) && !strings.Contains(csv, strings.TrimSuffix(want, "\r\n")+"\n") {
				t.Errorf("the CSV lacks %q:\n%s", want, csv)
			}
		}
	})
}

// TestPagesMarkEstimatedValues: submitted values of LY for 2019, SPC-01 an
// estimate, SPC-03 modelled, SPC-04 administrative. The review queue, the
// entry form of 2019 (this year's value) and of 2020 (last year's) and the
// value's history mark the first two, in both languages, and not the third.
func TestPagesMarkEstimatedValues(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.send("POST", "/api/v1/measurements/import?framework=igmc&accept_warnings=true", "text/csv", strings.NewReader(
			"zone_code,indicator_code,period,value,quality\nLY,SPC-01,2019,70,estimate\nLY,SPC-03,2019,7000,modelled\nLY,SPC-04,2019,300,administrative\n"), 200, nil)
		officer := signInPage(t, c, "officer@example.org", indicators.RoleOfficer, "LY")
		reviewer := signInPage(t, c, "reviewer@example.org", indicators.RoleReviewer, "LY")
		marked := func(t *testing.T, where, part, code, text string) {
			t.Helper()
			m := regexp.MustCompile(`<span class="q-mark" data-quality="(\w+)" title="[^"]*">([^<]*)</span>`).FindAllStringSubmatch(part, -1)
			if code == "" {
				if len(m) != 0 {
					t.Errorf("%s: marked %v, want no mark", where, m)
				}
				return
			}
			if len(m) != 1 || m[0][1] != code || m[0][2] != text {
				t.Errorf("%s: marks %v, want one %s %q", where, m, code, text)
			}
		}
		for lang, words := range map[string][2]string{"en": {"Estimate", "Modelled"}, "zh": {"估算", "模型推算"}} {
			want := map[string][2]string{"SPC-01": {"estimate", words[0]}, "SPC-03": {"modelled", words[1]}, "SPC-04": {"", ""}}
			_, queue := reviewer.getLang(t, "/review?framework=igmc", lang, http.StatusOK)
			_, entry := officer.getLang(t, "/zones/LY/entry?framework=igmc&year=2019", lang, http.StatusOK)
			_, next := officer.getLang(t, "/zones/LY/entry?framework=igmc&year=2020", lang, http.StatusOK)
			for code, w := range want {
				row := regexp.MustCompile(`(?s)<tr data-id="\d+" data-zone="LY" data-indicator="` + code + `".*?</tr>`).FindString(string(queue))
				if row == "" {
					t.Fatalf("%s: no queue row of %s", lang, code)
				}
				marked(t, lang+" queue "+code, row, w[0], w[1])
				marked(t, lang+" entry 2019 "+code, entryRowOf(t, entry, code), w[0], w[1])
				marked(t, lang+" entry 2020 "+code, entryRowOf(t, next, code), w[0], w[1])
				_, hist := officer.getLang(t, "/zones/LY/indicators/"+code+"/history?framework=igmc&period=2019", lang, http.StatusOK)
				body := regexp.MustCompile(`(?s)<tbody>.*</tbody>`).FindString(string(hist))
				marked(t, lang+" history "+code, body, w[0], w[1])
			}
		}
		var hist struct {
			Items []struct {
				Quality string `json:"quality"`
			} `json:"items"`
		}
		c.do("GET", "/api/v1/zones/LY/indicators/SPC-03/history?period=2019", "", 200, &hist)
		if len(hist.Items) != 1 || hist.Items[0].Quality != "modelled" {
			t.Errorf("the API's history of SPC-03: %+v, want one modelled version", hist)
		}
	})
}

// TestScorecardPDFMarksEstimatedValues: the scorecard PDF names the quality
// under the estimated and modelled values (SPC-01, SPC-03) and under no
// other, in both languages.
func TestScorecardPDFMarksEstimatedValues(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		importApproved(t, c, qualityValues)
		for lang, words := range map[string][2]string{"en": {"Estimate", "Modelled"}, "zh": {"估算", "模型推算"}} {
			text := pdfText(t, c.do("GET", "/api/v1/zones/LY/scorecard.pdf?framework=igmc&year=2019&lang="+lang, "", 200, nil))
			lines := strings.Split(text, "\n")
			under := func(code string) string {
				for i, l := range lines {
					if strings.HasPrefix(strings.TrimSpace(l), code+" ") && i+1 < len(lines) {
						return lines[i+1]
					}
				}
				t.Fatalf("%s: no row of %s in the PDF:\n%s", lang, code, text)
				return ""
			}
			for code, want := range map[string]string{"SPC-01": words[0], "SPC-03": words[1]} {
				if !strings.Contains(under(code), want) {
					t.Errorf("%s: the line under %s is %q, want the mark %q", lang, code, under(code), want)
				}
			}
			for _, code := range []string{"SPC-04", "SPC-05", "SPC-06"} {
				if l := under(code); strings.Contains(l, words[0]) || strings.Contains(l, words[1]) {
					t.Errorf("%s: %s is marked: %q", lang, code, l)
				}
			}
		}
	})
}
