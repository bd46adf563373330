package web_test

import (
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"igmc/indicators"
)

func (e *matrixEnv) scorecardPageSamples() map[string]sample {
	return map[string]sample{
		"GET /zones/:zone/scorecard": {path: "/zones/LY/scorecard?year=2019", zoneLY: true, ok: 200,
			check: func(t *testing.T, _ matrixCaller, body []byte) {
				if !strings.Contains(string(body), `data-basis="official"`) || strings.Count(string(body), `class="sc-tile sc-tile-`) != 6 {
					t.Errorf("the LY scorecard page lacks its basis or its six perspectives: %.300s", body)
				}
			}},
		"GET /zones/:zone/indicators/:code/history": {path: "/zones/LY/indicators/SPC-01/history?period=2019", zoneLY: true, ok: 200,
			check: func(t *testing.T, _ matrixCaller, body []byte) {
				if !strings.Contains(string(body), `<tr data-version="1"`) {
					t.Errorf("the history of LY's SPC-01 2019 has no first version: %.300s", body)
				}
			}},
		"GET /api/v1/zones/:zone/indicators/:code/history": {path: "/api/v1/zones/LY/indicators/SPC-01/history?period=2019", zoneLY: true, ok: 200,
			check: func(t *testing.T, _ matrixCaller, body []byte) {
				if !strings.Contains(string(body), `"version":1,`) || !strings.Contains(string(body), `"zone_code":"LY"`) {
					t.Errorf("the history of LY's SPC-01 2019 has no first version: %.300s", body)
				}
			}},
		"GET /compare": {path: "/compare?year=2019", ok: 200,
			check: func(t *testing.T, who matrixCaller, body []byte) {
				if ly := strings.Contains(string(body), `data-zone="LY"`); ly != who.inZone {
					t.Errorf("%s: LY in the comparison is %v, want %v", who.name, ly, who.inZone)
				}
			}},
	}
}

// scorecardJSON is the part of the API's scorecard the page tests compare.
type scorecardJSON struct {
	Year     int     `json:"year"`
	Basis    string  `json:"basis"`
	Coverage float64 `json:"coverage"`
	Index    struct {
		Score  *float64 `json:"score"`
		Reason string   `json:"reason"`
	} `json:"index"`
	Points struct {
		Earned float64 `json:"earned"`
		Max    float64 `json:"max"`
		Grade  *string `json:"grade"`
	} `json:"points"`
	Perspectives []struct {
		Code   string   `json:"code"`
		NameZh string   `json:"name_zh"`
		Score  *float64 `json:"score"`
		Rating string   `json:"rating"`
	} `json:"perspectives"`
	Indicators []struct {
		Code  string   `json:"indicator_code"`
		Value *float64 `json:"value"`
	} `json:"indicators"`
}

// fixed1 formats a score as the pages do: one decimal, always shown.
func fixed1(x float64) string { return strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64) }

var ratingEn = map[string]string{"green": "good", "yellow": "fair", "orange": "weak", "red": "poor", "gray": "insufficient data"}

// figure is the big number of a summary tile of the scorecard page.
func figure(t *testing.T, page, name string) string {
	t.Helper()
	m := regexp.MustCompile(`data-figure="` + name + `"><h3>[^<]*</h3>\s*<p class="big[^"]*">([^<]*)</p>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no %s figure on the page", name)
	}
	return m[1]
}

// scClient is c reporting to the subtest t.
func scClient(c *client, t *testing.T) *client {
	cp := *c
	cp.t = t
	return &cp
}

var svgTag = regexp.MustCompile(`<svg [^>]*>`)

func TestScorecardPage(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		var api scorecardJSON
		c.do("GET", "/api/v1/zones/LY/scorecard?year=2019", "", 200, &api)
		page := string(c.do("GET", "/zones/LY/scorecard?year=2019", "", 200, nil))

		t.Run("same_figures_as_the_api", func(t *testing.T) {
			if api.Index.Score == nil {
				t.Fatal("the demo's 2019 LY scorecard has no index")
			}
			if got, want := figure(t, page, "index"), fixed1(*api.Index.Score); got != want {
				t.Errorf("index %q, want %q", got, want)
			}
			if got, want := figure(t, page, "points"), fixed1(api.Points.Earned); got != want {
				t.Errorf("points %q, want %q", got, want)
			}
			grade := "Not graded"
			if api.Points.Grade != nil {
				grade = *api.Points.Grade
			}
			if got := figure(t, page, "grade"); got != grade {
				t.Errorf("grade %q, want %q", got, grade)
			}
			if got, want := figure(t, page, "coverage"), strconv.Itoa(int(math.Round(api.Coverage*100)))+"%"; got != want {
				t.Errorf("coverage %q, want %q", got, want)
			}
			// The points of the applicable indicators: LY is a park, and
			// three city-only indicators leave the maximum.
			if !strings.Contains(page, "of "+strconv.FormatFloat(api.Points.Max, 'f', -1, 64)+" available") || api.Points.Max >= 320 {
				t.Error("the points available are not shown")
			}
		})

		t.Run("six_perspective_tiles_with_rating_text", func(t *testing.T) {
			tiles := regexp.MustCompile(`(?s)<li class="sc-tile sc-tile-(\w+)" data-perspective="(\w+)">.*?<span class="big num">([^<]*)</span> <span class="rating rating-(\w+)"(?: title="[^"]*")?>([^<]*)</span>`).FindAllStringSubmatch(page, -1)
			if len(tiles) != 6 || len(api.Perspectives) != 6 {
				t.Fatalf("%d tiles, %d perspectives in the API, want 6", len(tiles), len(api.Perspectives))
			}
			for i, m := range tiles {
				p := api.Perspectives[i]
				if m[2] != p.Code || m[1] != p.Rating || m[4] != p.Rating || m[5] != ratingEn[p.Rating] {
					t.Errorf("tile %d: %q %q rating %q %q, want %s %s %q", i, m[2], m[1], m[4], m[5], p.Code, p.Rating, ratingEn[p.Rating])
				}
				if p.Score == nil || m[3] != fixed1(*p.Score) {
					t.Errorf("tile %s: score %q, want %v", p.Code, m[3], p.Score)
				}
			}
		})

		t.Run("indicator_table", func(t *testing.T) {
			for _, ind := range api.Indicators {
				if !strings.Contains(page, `<tr data-indicator="`+ind.Code+`">`) {
					t.Errorf("indicator %s has no row", ind.Code)
				}
			}
			if n := strings.Count(page, `<tr data-indicator="`); n != 48 {
				t.Errorf("%d indicator rows, want 48", n)
			}
			row := regexp.MustCompile(`(?s)<tr data-indicator="SPC-01">.*?</tr>`).FindString(page)
			// SPC-01 in 2019: 92 % (the demo's plan path, an estimate
			// between the published figures), green from 90.
			for _, want := range []string{`<td class="num" data-estimated="SPC-01">92<br><span class="q-mark" data-quality="estimate"`, `<td class="sc-unit">%</td>`, `<span class="rating rating-green" title="`, `">good</span>`} {
				if !strings.Contains(row, want) {
					t.Errorf("SPC-01 row lacks %s:\n%s", want, row)
				}
			}
		})

		t.Run("charts_are_labelled_svg", func(t *testing.T) {
			tags := svgTag.FindAllString(page, -1)
			// The index, six perspectives, and one chart per indicator.
			if len(tags) != 1+6+48 {
				t.Fatalf("%d charts, want 55", len(tags))
			}
			for _, tag := range tags {
				if !strings.Contains(tag, `role="img"`) || !regexp.MustCompile(`aria-label="[^"]{10,}"`).MatchString(tag) {
					t.Errorf("chart without role or label: %s", tag)
				}
			}
			// The demo's SPC-01 path from 62 % in 2013 to 92 % in 2019; the
			// catalogue's target (100 by 2020) and thresholds (90, 60).
			want := `aria-label="SPC-01 Land development rate (%): 2013 62, 2014 66, 2015 70, 2016 75, 2017 80, 2018 86, 2019 92; target 100 by 2020; green threshold 90; red threshold 60"`
			if !strings.Contains(page, want) {
				t.Errorf("SPC-01 chart label is not %s", want)
			}
			for _, svg := range regexp.MustCompile(`(?s)<svg .*?</svg>`).FindAllString(page, -1) {
				if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
					t.Errorf("a chart has NaN or Inf in it: %s", svg)
				}
			}
			if !strings.Contains(page, "Over the years, 2013–2019") {
				t.Error("the charts do not span 2013–2019")
			}
		})

		t.Run("links", func(t *testing.T) {
			c := scClient(c, t)
			for _, want := range []string{
				`href="/zones/LY/progress?framework=igmc&amp;year=2019"`,
				`href="/zones/LY/entry?framework=igmc&amp;year=2019"`,
				`href="/api/v1/zones/LY/scorecard.csv?framework=igmc&amp;status=approved&amp;year=2019&amp;lang=en&amp;bom=true"`,
				`href="/api/v1/zones/LY/scorecard.xlsx?framework=igmc&amp;status=approved&amp;year=2019"`,
				`href="/api/v1/zones/LY/scorecard.pdf?framework=igmc&amp;status=approved&amp;year=2019&amp;lang=en"`,
				`<option value="2019" selected>2019</option>`, `<option value="2013">2013</option>`,
				`<label for="sc-year">`,
			} {
				if !strings.Contains(page, want) {
					t.Errorf("page lacks %s", want)
				}
			}
			auditor := c.as(c.userToken("auditor-sc@example.org", indicators.RoleAuditor))
			p := string(auditor.do("GET", "/zones/LY/scorecard?year=2019", "", 200, nil))
			if strings.Contains(p, "/entry?") || !strings.Contains(p, "scorecard.csv?") {
				t.Error("an auditor must get the exports but not data entry")
			}
		})

		t.Run("default_year_is_the_latest", func(t *testing.T) {
			c := scClient(c, t)
			p := string(c.do("GET", "/zones/LY/scorecard", "", 200, nil))
			if !strings.Contains(p, "As of 2020") {
				t.Error("without a year the page does not open on 2020, the latest year with values")
			}
		})

		t.Run("bad_query", func(t *testing.T) {
			c := scClient(c, t)
			c.do("GET", "/zones/LY/scorecard?year=20x9", "", 422, nil)
			c.do("GET", "/zones/LY/scorecard?year=2019&status=maybe", "", 422, nil)
			c.do("GET", "/zones/NOPE/scorecard?year=2019", "", 404, nil)
			c.do("GET", "/zones/LY/scorecard?year=2019&framework=nope", "", 404, nil)
		})
	})
}

func TestScorecardPageWorkingView(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		var official, working scorecardJSON
		c.do("GET", "/api/v1/zones/LY/scorecard?year=2020", "", 200, &official)
		c.do("GET", "/api/v1/zones/LY/scorecard?year=2020&status=any", "", 200, &working)
		off := string(c.do("GET", "/zones/LY/scorecard?year=2020", "", 200, nil))
		work := string(c.do("GET", "/zones/LY/scorecard?year=2020&status=any", "", 200, nil))

		if !strings.Contains(work, `data-basis="working"`) || !strings.Contains(work, "Working view (includes unapproved values)") ||
			!strings.Contains(work, "Not an official scorecard") {
			t.Error("the working view is not labelled as such")
		}
		if strings.Contains(off, `data-basis="working"`) || strings.Contains(off, "Not an official scorecard") ||
			!strings.Contains(off, "Official (approved values only)") {
			t.Error("the official view is not labelled as official")
		}
		// The switch marks the basis shown.
		if !strings.Contains(work, `status=any&amp;year=2020" aria-current="page">Working view</a>`) ||
			!strings.Contains(off, `status=approved&amp;year=2020" aria-current="page">Official</a>`) {
			t.Error("the basis switch does not mark the current basis")
		}
		if !strings.Contains(work, `scorecard.csv?framework=igmc&amp;status=any&amp;year=2020`) {
			t.Error("the working view's export is not of the working basis")
		}
		// 2020's values are submitted, not approved: the official card
		// stands on 2019's values and the working one on 2020's.
		if official.Index.Score == nil || working.Index.Score == nil || *official.Index.Score == *working.Index.Score {
			t.Fatalf("official %v and working %v index should differ", official.Index.Score, working.Index.Score)
		}
		if got, want := figure(t, work, "index"), fixed1(*working.Index.Score); got != want {
			t.Errorf("working index %q, want %q", got, want)
		}
		if got, want := figure(t, off, "index"), fixed1(*official.Index.Score); got != want {
			t.Errorf("official index %q, want %q", got, want)
		}
		// A value carried from 2019 says so by its year.
		row := regexp.MustCompile(`(?s)<tr data-indicator="SPC-01">.*?</tr>`).FindString(off)
		if !strings.Contains(row, `<td class="num sc-old">2019</td>`) {
			t.Errorf("the official 2020 SPC-01 row does not show its value is from 2019:\n%s", row)
		}
	})
}

func TestScorecardPageScope(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		bio := c.as(c.userToken("officer-bio@example.org", indicators.RoleOfficer, "LY-BIO"))
		page := string(bio.do("GET", "/zones/LY/scorecard?year=2019", "", 403, nil))
		if !strings.Contains(page, `data-error-code="forbidden"`) {
			t.Errorf("an officer of another zone does not get the refusal page: %.300s", page)
		}
		reviewer := c.as(c.userToken("reviewer-bio@example.org", indicators.RoleReviewer, "LY-BIO"))
		reviewer.do("GET", "/zones/LY/scorecard?year=2019", "", 403, nil)
		reviewer.do("GET", "/zones/NOPE/scorecard?year=2019", "", 403, nil)
		bio.do("GET", "/zones/LY-BIO/scorecard?year=2019", "", 200, nil)

		cmp := string(bio.do("GET", "/compare?year=2019", "", 200, nil))
		if !strings.Contains(cmp, `data-zone="LY-BIO"`) || strings.Contains(cmp, `data-zone="LY"`) || strings.Contains(cmp, `data-zone="LY-EIT"`) {
			t.Error("the comparison shows zones outside the officer's scope")
		}
	})
}

func TestScorecardPageChinese(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		var api scorecardJSON
		c.do("GET", "/api/v1/zones/LY/scorecard?year=2019", "", 200, &api)
		for name, call := range map[string]httpCall{
			"accept_language": {method: "GET", path: "/zones/LY/scorecard?year=2019", token: c.token, header: map[string]string{"Accept-Language": "zh-CN,zh;q=0.9"}},
			"cookie":          {method: "GET", path: "/zones/LY/scorecard?year=2019", token: c.token, cookies: []*http.Cookie{{Name: "igmc_lang", Value: "zh"}}},
		} {
			t.Run(name, func(t *testing.T) {
				resp, body := exchange(t, c.srv.URL, call)
				page := string(body)
				if resp.StatusCode != 200 || !strings.Contains(page, `<html lang="zh-Hans">`) {
					t.Fatalf("status %d, not a Chinese page: %.200s", resp.StatusCode, page)
				}
				for _, p := range api.Perspectives {
					if !strings.Contains(page, "<h3>"+p.NameZh+"</h3>") {
						t.Errorf("perspective %s is not named %s", p.Code, p.NameZh)
					}
				}
				for _, want := range []string{"浏阳经济技术开发区", "正式（仅已批准数值）", "综合指数", "SPC-01 土地开发率（%）：2013年 62，2014年 66"} {
					if !strings.Contains(page, want) {
						t.Errorf("the Chinese page lacks %q", want)
					}
				}
				if strings.Contains(page, "⟦") || strings.Contains(page, "Perspectives") {
					t.Error("the Chinese page has untranslated text")
				}
			})
		}
	})
}

func TestComparePage(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		var ranking listOf[struct {
			Rank  int      `json:"rank"`
			Zone  string   `json:"zone"`
			Index *float64 `json:"index"`
		}]
		c.do("GET", "/api/v1/frameworks/igmc/ranking?year=2019", "", 200, &ranking)
		page := string(c.do("GET", "/compare?year=2019", "", 200, nil))

		rows := regexp.MustCompile(`<tr data-zone="([^"]+)">\n<td class="num" data-rank="(\d+)">\d+</td>\n<th scope="row"><a href="([^"]+)">[^<]*</a>[^\n]*\n<td class="num">([^<]*)<`).FindAllStringSubmatch(page, -1)
		if len(rows) != len(ranking.Items) || len(rows) != 5 {
			t.Fatalf("%d ranking rows on the page, %d in the API, want 5 (LY, its three clusters and LY-N)", len(rows), len(ranking.Items))
		}
		for i, r := range ranking.Items {
			m := rows[i]
			if m[1] != r.Zone || m[2] != strconv.Itoa(r.Rank) {
				t.Errorf("row %d: %s rank %s, want %s rank %d", i, m[1], m[2], r.Zone, r.Rank)
			}
			if r.Index != nil && m[4] != fixed1(*r.Index) {
				t.Errorf("%s: index %q, want %s", r.Zone, m[4], fixed1(*r.Index))
			}
			if m[3] != "/zones/"+r.Zone+"/scorecard?framework=igmc&amp;status=approved&amp;year=2019" {
				t.Errorf("%s links to %s", r.Zone, m[3])
			}
		}
		for _, z := range []string{"LY", "LY-BIO", "LY-EIT", "LY-FOOD"} {
			if !strings.Contains(page, `data-zone="`+z+`"`) {
				t.Errorf("zone %s is not compared", z)
			}
		}

		// The heat table: LY's six perspectives with their score and rating
		// in words, as on its scorecard.
		var ly scorecardJSON
		c.do("GET", "/api/v1/zones/LY/scorecard?year=2019", "", 200, &ly)
		heat := page[strings.Index(page, `id="cmp-heat"`):]
		row := regexp.MustCompile(`(?s)<tr data-zone="LY">.*?</tr>`).FindString(heat)
		cells := regexp.MustCompile(`<td class="cmp-cell rating-(\w+)" data-perspective="(\w+)"><span class="cmp-score">([^<]*)</span> <span class="cmp-rating">([^<]*)</span></td>`).FindAllStringSubmatch(row, -1)
		if len(cells) != 6 {
			t.Fatalf("LY has %d heat cells, want 6:\n%s", len(cells), row)
		}
		for i, m := range cells {
			p := ly.Perspectives[i]
			if m[2] != p.Code || m[1] != p.Rating || m[4] != ratingEn[p.Rating] || p.Score == nil || m[3] != fixed1(*p.Score) {
				t.Errorf("heat cell %v, want %s %s %v", m[1:], p.Code, p.Rating, p.Score)
			}
		}
		// LY-N has no values: no index, gray cells that say so.
		nrow := regexp.MustCompile(`(?s)<tr data-zone="LY-N">.*?</tr>`).FindString(heat)
		if strings.Count(nrow, `rating-gray`) != 6 || strings.Count(nrow, "insufficient data") != 6 {
			t.Errorf("LY-N's heat row does not say its data are insufficient:\n%s", nrow)
		}

		work := string(c.do("GET", "/compare?year=2020&status=any", "", 200, nil))
		if !strings.Contains(work, `data-basis="working"`) || !strings.Contains(work, `<option value="any" selected>`) {
			t.Error("the working comparison is not labelled as such")
		}
	})
}
