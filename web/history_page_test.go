package web_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"igmc/indicators"
)

// valueLife writes one value's whole life through the API: an officer
// enters LY's SPC-01 for 2021, submits it, a reviewer rejects it with a
// comment, the officer corrects value and source and submits again, and
// the reviewer approves with a comment. It returns the value's id.
func valueLife(t *testing.T, c *client) int64 {
	t.Helper()
	officer := c.as(c.userToken("officer-h@example.org", indicators.RoleOfficer, "LY"))
	reviewer := c.as(c.userToken("reviewer-h@example.org", indicators.RoleReviewer, "LY"))
	var m struct {
		ID int64 `json:"id"`
	}
	officer.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2021","value":93,"source":"土地调查 2021","comment":"first count","explanation":"the land survey was redone"}`, 201, &m)
	id := "/api/v1/measurements/" + strconv.FormatInt(m.ID, 10)
	officer.do("POST", id+"/submit", ``, 200, nil)
	reviewer.do("POST", id+"/reject", `{"comment":"道路面积重复计算"}`, 200, nil)
	officer.do("PUT", id, `{"version":3,"value":91.5,"source":"土地调查 2021（更正）","comment":"roads counted once","explanation":"the land survey was redone"}`, 200, nil)
	officer.do("POST", id+"/submit", ``, 200, nil)
	reviewer.do("POST", id+"/approve", `{"comment":"与统计局数据一致"}`, 200, nil)
	return m.ID
}

var historyRow = regexp.MustCompile(`(?s)<tr data-version="(\d+)" data-status="(\w+)" data-action="(\w*)">(.*?)</tr>`)

func TestHistoryPage(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		valueLife(t, c)
		var api struct {
			Items []struct {
				Version int       `json:"version"`
				At      time.Time `json:"at"`
				Actor   string    `json:"actor"`
			} `json:"items"`
		}
		c.do("GET", "/api/v1/zones/LY/indicators/SPC-01/history?period=2021", "", 200, &api)
		page := string(c.do("GET", "/zones/LY/indicators/SPC-01/history?year=2021", "", 200, nil))

		t.Run("every_version_with_status_who_when_and_comments", func(t *testing.T) {
			rows := historyRow.FindAllStringSubmatch(page, -1)
			want := []struct{ status, action, who, value, text string }{
				{"draft", "create", "officer-h@example.org", "93", "first count"},
				{"submitted", "submit", "officer-h@example.org", "93", "土地调查 2021"},
				{"rejected", "reject", "reviewer-h@example.org", "93", "道路面积重复计算"},
				{"draft", "update", "officer-h@example.org", "91.5", "roads counted once"},
				{"submitted", "submit", "officer-h@example.org", "91.5", "土地调查 2021（更正）"},
				{"approved", "approve", "reviewer-h@example.org", "91.5", "与统计局数据一致"},
			}
			if len(rows) != len(want) || len(api.Items) != len(want) {
				t.Fatalf("%d rows on the page, %d in the API, want %d:\n%s", len(rows), len(api.Items), len(want), page)
			}
			words := map[string]string{"draft": "draft", "submitted": "submitted", "rejected": "rejected", "approved": "approved"}
			for i, w := range want {
				r := rows[i]
				if r[1] != strconv.Itoa(i+1) || r[2] != w.status || r[3] != w.action {
					t.Errorf("row %d: version %s %s %s, want %d %s %s", i, r[1], r[2], r[3], i+1, w.status, w.action)
				}
				cells := r[4]
				stamp := api.Items[i].At.UTC().Format("2006-01-02T15:04:05Z")
				for _, s := range []string{`<td class="hist-who">` + w.who + `</td>`, `<td class="num">` + w.value + ` <span class="sc-unit">%</span></td>`,
					w.text, `<time datetime="` + stamp + `">`, `>` + words[w.status] + `</span>`} {
					if !strings.Contains(cells, s) {
						t.Errorf("version %d lacks %s:\n%s", i+1, s, cells)
					}
				}
				if api.Items[i].Actor != w.who {
					t.Errorf("API version %d by %q, want %q", i+1, api.Items[i].Actor, w.who)
				}
			}
			if !strings.Contains(rows[2][4], `<span class="hist-label">Review:</span> 道路面积重复计算`) {
				t.Errorf("the rejection does not show its review comment:\n%s", rows[2][4])
			}
			if !regexp.MustCompile(`<time datetime="[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d[^<]*</time>`).MatchString(page) {
				t.Error("the times are not written as date and time")
			}
			if !strings.Contains(page, `data-evidence="none"`) || !strings.Contains(page, "Evidence: no files attached") {
				t.Error("the page does not say the value has no evidence files")
			}
			if !strings.Contains(page, "Developed land (serviced and built on)") || !strings.Contains(page, "Zone land and planning bureau") {
				t.Error("the page lacks the indicator's definition and catalogue source")
			}
		})

		t.Run("chinese", func(t *testing.T) {
			_, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: "/zones/LY/indicators/SPC-01/history?year=2021", token: c.token,
				header: map[string]string{"Accept-Language": "zh-CN"}})
			zh := string(body)
			for _, s := range []string{"<h1>土地开发率 ", "已退回", "已批准", "审核意见：", "填报说明：", "操作人", "已开发土地（已完成配套并建成）",
				"园区土地与规划局", "共 6 个版本", "佐证材料："} {
				if !strings.Contains(zh, s) {
					t.Errorf("the Chinese history page lacks %q", s)
				}
			}
			for _, s := range []string{"Zone land and planning bureau", "Developed land", "⟦", ">rejected<"} {
				if strings.Contains(zh, s) {
					t.Errorf("the Chinese history page has %q", s)
				}
			}
		})

		t.Run("a_year_with_nothing_entered", func(t *testing.T) {
			c := scClient(c, t)
			p := string(c.do("GET", "/zones/LY/indicators/SPC-01/history?year=2022", "", 200, nil))
			if !strings.Contains(p, `data-empty="2022"`) || strings.Contains(p, `<tr data-version=`) {
				t.Error("a year without a value does not say so")
			}
			c.do("GET", "/api/v1/zones/LY/indicators/SPC-01/history?period=2022", "", 200, nil)
		})

		t.Run("quarterly_shows_each_period_of_the_year", func(t *testing.T) {
			c := scClient(c, t)
			p := string(c.do("GET", "/zones/LY/indicators/SPC-08/history?year=2019", "", 200, nil))
			for q := 1; q <= 4; q++ {
				if !strings.Contains(p, `data-period="2019-Q`+strconv.Itoa(q)+`"`) {
					t.Errorf("quarter %d of 2019 is not shown", q)
				}
			}
			one := string(c.do("GET", "/zones/LY/indicators/SPC-08/history?period=2019-Q2", "", 200, nil))
			if strings.Count(one, `class="hist-period"`) != 1 || !strings.Contains(one, `data-period="2019-Q2"`) {
				t.Error("period= does not show that one period")
			}
		})

		t.Run("scope_and_unknowns", func(t *testing.T) {
			c := scClient(c, t)
			bio := c.as(c.userToken("officer-bio-h@example.org", indicators.RoleOfficer, "LY-BIO"))
			if p := string(bio.do("GET", "/zones/LY/indicators/SPC-01/history?year=2021", "", 403, nil)); !strings.Contains(p, `data-error-code="forbidden"`) {
				t.Errorf("another zone's officer does not get the refusal page: %.200s", p)
			}
			bio.do("GET", "/api/v1/zones/LY/indicators/SPC-01/history?period=2021", "", 403, nil)
			bio.do("GET", "/zones/LY-BIO/indicators/SPC-01/history?year=2019", "", 200, nil)
			c.do("GET", "/zones/LY/indicators/NOPE-01/history?year=2021", "", 404, nil)
			c.do("GET", "/api/v1/zones/LY/indicators/NOPE-01/history?period=2021", "", 404, nil)
			c.do("GET", "/zones/NOPE/indicators/SPC-01/history?year=2021", "", 404, nil)
			c.do("GET", "/zones/LY/indicators/SPC-01/history?period=20x9", "", 422, nil)
			c.do("GET", "/zones/LY/indicators/SPC-01/history?period=2021-Q1", "", 422, nil)
			c.do("GET", "/zones/LY/indicators/SPC-01/history?year=1", "", 422, nil)
			c.do("GET", "/api/v1/zones/LY/indicators/SPC-01/history", "", 422, nil)
		})
	})
}

// TestHistoryLinks: every indicator row of the scorecard and of the
// progress report links to the versions of the value it shows.
func TestHistoryLinks(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		sc := string(c.do("GET", "/zones/LY/scorecard?year=2019", "", 200, nil))
		if n := strings.Count(sc, `class="sc-versions" href="/zones/LY/indicators/`); n != 48 {
			t.Errorf("%d history links on the scorecard, want 48", n)
		}
		if !strings.Contains(sc, `href="/zones/LY/indicators/SPC-01/history?framework=igmc&amp;year=2019"`) {
			t.Error("the scorecard's SPC-01 row does not link to its 2019 history")
		}
		pr := string(c.do("GET", "/zones/LY/progress?year=2019", "", 200, nil))
		table := pr[strings.Index(pr, `class="report-indicators"`):]
		rows := strings.Count(table, `<tr data-indicator="`)
		if n := strings.Count(table, `data-history="`); n != rows || rows < 40 {
			t.Errorf("%d history links for %d rows in the progress table", n, rows)
		}
		// Follow one.
		m := regexp.MustCompile(`<a href="(/zones/LY/indicators/SPC-01/history\?[^"]+)"`).FindStringSubmatch(table)
		if m == nil {
			t.Fatal("no SPC-01 history link in the progress table")
		}
		p := string(c.do("GET", strings.ReplaceAll(m[1], "&amp;", "&"), "", 200, nil))
		if !strings.Contains(p, `data-period="2019"`) || !strings.Contains(p, `<tr data-version="1"`) {
			t.Error("the progress link does not lead to the 2019 versions")
		}
	})
}

// TestScorecardAndProgressCatalogueText: units, definitions and sources
// are in the reader's language on the scorecard and the progress report;
// where the catalogue gives no Chinese, the English shows, marked as
// English.
func TestScorecardAndProgressCatalogueText(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		ctx := context.Background()
		cat, err := c.store.Catalogue(ctx, "igmc")
		if err != nil {
			t.Fatal(err)
		}
		// SPC-03 loses its Chinese definition and source.
		for i := range cat.Indicators {
			if cat.Indicators[i].Code == "SPC-03" {
				cat.Indicators[i].DefinitionZh, cat.Indicators[i].SourceZh = "", ""
			}
		}
		if _, err := c.store.ImportCatalogue(ctx, indicators.Framework{Code: "igmc"}, cat, indicators.System); err != nil {
			t.Fatal(err)
		}
		var spc03 *indicators.Indicator
		for i := range cat.Indicators {
			if cat.Indicators[i].Code == "SPC-03" {
				spc03 = &cat.Indicators[i]
			}
		}
		for _, path := range []string{"/zones/LY/scorecard?year=2019", "/zones/LY/progress?year=2019"} {
			for _, lang := range []string{"zh", "en"} {
				t.Run(strings.SplitN(path[10:], "?", 2)[0]+"_"+lang, func(t *testing.T) {
					_, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: path, token: c.token, header: map[string]string{"Accept-Language": lang}})
					page := string(body)
					row := regexp.MustCompile(`(?s)<tr data-indicator="SPC-02">.*?</tr>`).FindString(page)
					fallback := regexp.MustCompile(`(?s)<tr data-indicator="SPC-03">.*?</tr>`).FindString(page)
					if row == "" || fallback == "" {
						t.Fatalf("no SPC-02 or SPC-03 row on %s", path)
					}
					want, not := []string{"比值", "园区土地与规划局；公安局（户籍登记）", "来源：", "定义与来源"}, []string{"ratio", "Zone land and planning bureau", "Source:"}
					if lang == "en" {
						want, not = not, want[:2]
					}
					for _, s := range want {
						if !strings.Contains(row, s) {
							t.Errorf("the SPC-02 row lacks %q:\n%s", s, row)
						}
					}
					for _, s := range not {
						if strings.Contains(row, s) {
							t.Errorf("the SPC-02 row has %q", s)
						}
					}
					en := `<span lang="en">` + strings.ReplaceAll(spc03.Definition, "'", "&#39;")
					if got := strings.Contains(fallback, en); got != (lang == "zh") {
						t.Errorf("SPC-03's English definition marked lang=en: %v, want %v:\n%s", got, lang == "zh", fallback)
					}
					if lang == "zh" && !strings.Contains(fallback, `<span lang="en">`+spc03.Source+`</span>`) {
						t.Errorf("SPC-03's English source is not marked lang=en:\n%s", fallback)
					}
				})
			}
		}
	})
}
