package web_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func (e *matrixEnv) cataloguePageSamples() map[string]sample {
	return map[string]sample{
		"GET /catalogue": {path: "/catalogue", ok: 200,
			check: func(t *testing.T, _ matrixCaller, body []byte) {
				if !strings.Contains(string(body), `<tr id="i-SPC-01">`) {
					t.Errorf("the catalogue page does not list SPC-01: %.300s", body)
				}
			}},
	}
}

// catalogueRows maps each indicator code of a catalogue page to its row.
func catalogueRows(page string) map[string]string {
	out := map[string]string{}
	for _, m := range regexp.MustCompile(`(?s)<tr id="i-([^"]+)">(.*?)</tr>`).FindAllStringSubmatch(page, -1) {
		out[m[1]] = m[2]
	}
	return out
}

func TestCataloguePage(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		var api listOf[indicatorJSON]
		c.do("GET", "/api/v1/frameworks/igmc/indicators", "", 200, &api)
		page := string(c.do("GET", "/catalogue", "", 200, nil))
		rows := catalogueRows(page)
		if len(api.Items) != 48 || len(rows) != 48 {
			t.Fatalf("%d indicators in the API, %d on the page, want 48", len(api.Items), len(rows))
		}
		for _, ind := range api.Items {
			row := rows[ind.Code]
			if !strings.Contains(row, "<strong>"+html.EscapeString(ind.NameEn)+"</strong>") ||
				!strings.Contains(row, "<td>"+html.EscapeString(ind.Unit)+"</td>") ||
				!strings.Contains(row, html.EscapeString(ind.Reference)) {
				t.Errorf("%s: the row lacks its name, unit %q or reference:\n%s", ind.Code, ind.Unit, row)
			}
		}
		// SPC-01 as the pilot catalogue gives it: higher is better, best 100,
		// worst 40, green 90, red 60, baseline 60 (2015), target 90 (2030) —
		// the generic "reach green by 2030", Liuyang's 2020 plan being LY's
		// own (indicators.DemoPlan) — 7 points. SPC-02 is the other way round.
		spc01 := regexp.MustCompile(`\s+`).ReplaceAllString(rows["SPC-01"], " ")
		for _, want := range []string{"higher is better", `<td class="num">100</td> <td class="num">40</td> <td class="num">90</td> <td class="num">60</td>`,
			`60 <span class="cat-year">(2015)</span>`, `90 <span class="cat-year">(2030)</span>`, `<td class="num">7</td>`,
			"Frequency: annual", "Reference: TD/T 1029-2010"} {
			if !strings.Contains(spc01, want) {
				t.Errorf("SPC-01 row lacks %s:\n%s", want, spc01)
			}
		}
		if !strings.Contains(rows["SPC-02"], "lower is better") {
			t.Error("SPC-02 is not shown as lower is better")
		}
		// SPC-03's bounds are 10000 and 4000 persons/km².
		if !strings.Contains(rows["SPC-03"], `<td class="num">10,000</td>`) {
			t.Error("large figures are not grouped by thousands")
		}
		for _, want := range []string{"6 perspectives, 48 indicators, 320 points in all", `<details class="cat-perspective" id="p-space" open>`,
			"<h3>Land use and compact development <span", "/api/v1/frameworks/igmc/catalogue.csv", "<strong>Greenest</strong> from 280 points"} {
			if !strings.Contains(page, want) {
				t.Errorf("the page lacks %s", want)
			}
		}
		// One framework: no selector.
		if strings.Contains(page, `id="catalogue-framework"`) {
			t.Error("a framework selector with a single framework")
		}

		t.Run("chinese", func(t *testing.T) {
			_, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: "/catalogue", token: c.token,
				cookies: []*http.Cookie{{Name: "igmc_lang", Value: "zh"}}})
			zh := catalogueRows(string(body))
			for _, ind := range api.Items {
				if !strings.Contains(zh[ind.Code], "<strong>"+html.EscapeString(ind.NameZh)+"</strong>") {
					t.Errorf("%s is not named %s on the Chinese page", ind.Code, ind.NameZh)
				}
			}
			if !strings.Contains(zh["SPC-01"], "越高越好") || !strings.Contains(string(body), "空间规划与发展") || strings.Contains(string(body), "⟦") {
				t.Error("the Chinese page is not in Chinese")
			}
		})

		t.Run("framework_selector", func(t *testing.T) {
			c := scClient(c, t)
			c.do("POST", "/api/v1/frameworks", `{"framework_code":"sdg","name_en":"Sustainable Development Goals","name_zh":"可持续发展目标"}`, 200, nil)
			page := string(c.do("GET", "/catalogue?framework=sdg", "", 200, nil))
			if !strings.Contains(page, `<label for="catalogue-framework">`) || !strings.Contains(page, `<option value="sdg" selected>`) ||
				!strings.Contains(page, "0 perspectives, 0 indicators") {
				t.Error("the selector does not offer both frameworks with the one shown selected")
			}
			c.do("GET", "/catalogue?framework=nope", "", 404, nil)
		})
	})
}
