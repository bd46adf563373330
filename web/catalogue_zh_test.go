package web_test

import (
	"net/http"
	"strings"
	"testing"

	"igmc/indicators"
)

// textsCatalogue has one indicator with every text in both languages and
// one with a definition only in Chinese and a source only in English.
const textsCatalogue = "perspective_code,perspective_name_en,perspective_name_zh,indicator_code,name_en,name_zh,unit,unit_zh,best,worst,points,source,source_zh,definition,definition_zh\n" +
	"air,Air,空气,PM,Fine particles,细颗粒物,µg/m³,微克/立方米,10,75,5,Monitoring station,监测站,Annual mean concentration,年平均浓度\n" +
	"air,Air,空气,GR,Green area,绿地,ha per person,,10,0,5,Landscaping bureau,,,只有中文的定义\n"

// TestCatalogueTextsInTheReadersLanguage checks the catalogue's units,
// definitions and sources: the API carries both languages, the catalogue
// page shows the reader's and falls back to the other where one is
// missing (both ways), and the CSV export writes the Chinese columns.
func TestCatalogueTextsInTheReadersLanguage(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		cat, err := indicators.ReadCatalogue(indicators.NewCSVRows(strings.NewReader(textsCatalogue)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.store.ImportCatalogue(t.Context(), indicators.Framework{Code: "texts"}, cat, indicators.System); err != nil {
			t.Fatal(err)
		}
		var l listOf[map[string]any]
		c.do("GET", "/api/v1/frameworks/texts/indicators", "", 200, &l)
		if len(l.Items) != 2 || l.Items[0]["unit_zh"] != "微克/立方米" || l.Items[0]["source_zh"] != "监测站" || l.Items[0]["definition_zh"] != "年平均浓度" ||
			l.Items[1]["unit_zh"] != "" || l.Items[1]["definition"] != "" || l.Items[1]["definition_zh"] != "只有中文的定义" {
			t.Fatalf("the API's indicators: %+v", l.Items)
		}
		csv := string(c.do("GET", "/api/v1/frameworks/texts/catalogue.csv", "", 200, nil))
		if !strings.Contains(csv, "unit_zh") || !strings.Contains(csv, "微克/立方米") || !strings.Contains(csv, "只有中文的定义") {
			t.Errorf("the catalogue export lacks the Chinese columns:\n%s", csv)
		}
		sess, _ := session(t, c, "admin@example.org")
		page := func(lang string) string {
			resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: "/catalogue?framework=texts", cookies: []*http.Cookie{sess, {Name: "igmc_lang", Value: lang}}})
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("catalogue page (%s): status %d", lang, resp.StatusCode)
			}
			return string(body)
		}
		for lang, marks := range map[string]struct{ has, hasNot []string }{
			"zh": {has: []string{"<td>微克/立方米</td>", "年平均浓度", "监测站", "<td>ha per person</td>", "Landscaping bureau", "只有中文的定义"},
				hasNot: []string{"Annual mean concentration", "Monitoring station", "<td>µg/m³</td>"}},
			"en": {has: []string{"<td>µg/m³</td>", "Annual mean concentration", "Monitoring station", "Landscaping bureau", "只有中文的定义"},
				hasNot: []string{"年平均浓度", "监测站", "微克/立方米"}},
		} {
			p := page(lang)
			for _, m := range marks.has {
				if !strings.Contains(p, m) {
					t.Errorf("the %s catalogue page lacks %s", lang, m)
				}
			}
			for _, m := range marks.hasNot {
				if strings.Contains(p, m) {
					t.Errorf("the %s catalogue page shows %s", lang, m)
				}
			}
		}
	})
}
