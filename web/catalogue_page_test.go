package web_test

import (
	"html"
	"net/http"
	"net/url"
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

// catalogueOrder is the indicator codes of a catalogue page in the order
// of its rows.
func catalogueOrder(page string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<tr id="i-([^"]+)">`).FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestCatalogueSearchAndSort(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		var api listOf[indicatorJSON]
		c.do("GET", "/api/v1/frameworks/igmc/indicators", "", 200, &api)
		byCode := map[string]indicatorJSON{}
		for _, ind := range api.Items {
			byCode[ind.Code] = ind
		}

		t.Run("form_works_without_script", func(t *testing.T) {
			page := string(c.do("GET", "/catalogue", "", 200, nil))
			if !strings.Contains(page, `<form class="filters cat-search" method="get" action="/catalogue" role="search">`) ||
				!strings.Contains(page, `<input type="search" id="catalogue-q" name="q" value="" maxlength="100"`) {
				t.Error("the catalogue has no plain search form")
			}
			if !strings.Contains(page, `<a href="/catalogue?framework=igmc&amp;sort=points">points</a>`) {
				t.Error("the grouped catalogue offers no sorting")
			}
		})

		for name, tc := range map[string]struct {
			q    string
			want func(indicatorJSON) bool
			n    int
		}{
			// The space perspective's eight indicators, by code.
			"by_code": {"spc", func(i indicatorJSON) bool { return strings.HasPrefix(i.Code, "SPC-") }, 8},
			// A Chinese word of the names (not of the categories: SPC-03 is
			// in 土地利用与紧凑发展 but its name has no 土地).
			"by_chinese_name": {"土地", func(i indicatorJSON) bool { return strings.Contains(i.NameZh, "土地") }, 2},
			// An English word of the names, in another case.
			"by_english_name": {"UNEMPLOYMENT", func(i indicatorJSON) bool { return i.Code == "ECO-07" || i.Code == "ECO-08" }, 2},
			// A perspective's name: all of its indicators.
			"by_perspective": {"Economy", func(i indicatorJSON) bool { return i.Perspective == "economy" }, -1},
		} {
			t.Run(name, func(t *testing.T) {
				c := scClient(c, t)
				page := string(c.do("GET", "/catalogue?q="+url.QueryEscape(tc.q), "", 200, nil))
				got := catalogueOrder(page)
				var want []string
				for _, ind := range api.Items {
					if tc.want(ind) {
						want = append(want, ind.Code)
					}
				}
				if tc.n >= 0 && len(want) != tc.n {
					t.Fatalf("the catalogue has %d such indicators, the test expects %d", len(want), tc.n)
				}
				if len(want) == 0 || strings.Join(got, " ") != strings.Join(want, " ") {
					t.Errorf("q=%s found %v, want %v", tc.q, got, want)
				}
				if !strings.Contains(page, html.EscapeString(tc.q)+"”") || !strings.Contains(page, `value="`+html.EscapeString(tc.q)+`"`) {
					t.Error("the results do not repeat the search")
				}
			})
		}

		t.Run("sort_by_points_descending_then_ascending", func(t *testing.T) {
			c := scClient(c, t)
			page := string(c.do("GET", "/catalogue?sort=points&dir=desc", "", 200, nil))
			got := catalogueOrder(page)
			if len(got) != 48 {
				t.Fatalf("%d rows, want all 48", len(got))
			}
			for i := 1; i < len(got); i++ {
				if byCode[got[i-1]].Points < byCode[got[i]].Points {
					t.Fatalf("row %d (%s, %v points) before %s (%v points)", i, got[i-1], byCode[got[i-1]].Points, got[i], byCode[got[i]].Points)
				}
			}
			// The header says so and its link turns the order round.
			if !strings.Contains(page, `aria-sort="descending"><a class="sort-link" href="/catalogue?framework=igmc&amp;sort=points">`) {
				t.Error("the points header does not mark the order or offer the other one")
			}
			asc := catalogueOrder(string(c.do("GET", "/catalogue?sort=points", "", 200, nil)))
			if byCode[asc[0]].Points > byCode[asc[47]].Points {
				t.Error("ascending points do not rise")
			}
		})

		t.Run("search_and_sort_by_code_descending", func(t *testing.T) {
			c := scClient(c, t)
			got := catalogueOrder(string(c.do("GET", "/catalogue?q=SPC&sort=code&dir=desc", "", 200, nil)))
			if strings.Join(got, " ") != "SPC-08 SPC-07 SPC-06 SPC-05 SPC-04 SPC-03 SPC-02 SPC-01" {
				t.Errorf("SPC by code descending: %v", got)
			}
		})

		t.Run("nothing_found", func(t *testing.T) {
			c := scClient(c, t)
			page := string(c.do("GET", "/catalogue?q=zzzz", "", 200, nil))
			if !strings.Contains(page, `data-empty="search"`) || len(catalogueOrder(page)) != 0 {
				t.Error("a search without results does not say so")
			}
		})

		t.Run("bounded_query", func(t *testing.T) {
			c := scClient(c, t)
			c.do("GET", "/catalogue?q="+strings.Repeat("a", 101), "", 422, nil)
			c.do("GET", "/catalogue?q="+url.QueryEscape(strings.Repeat("土", 100)), "", 200, nil)
			c.do("GET", "/catalogue?sort=weight", "", 422, nil)
			c.do("GET", "/catalogue?sort=code&dir=up", "", 422, nil)
		})
	})
}
