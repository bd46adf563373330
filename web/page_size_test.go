package web_test

import (
	"strings"
	"testing"
)

// maxScorecardPage is the scorecard page's budget for the pilot catalogue.
const maxScorecardPage = 150 << 10

// TestScorecardPageSize renders the demo zone's 2019 scorecard in both
// languages and reports its size, which must stay under the budget.
func TestScorecardPageSize(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		for _, lang := range []string{"zh", "en"} {
			resp, page := exchange(t, c.srv.URL, httpCall{method: "GET", path: "/zones/LY/scorecard?year=2019", token: c.token,
				header: map[string]string{"Accept-Language": lang}})
			if resp.StatusCode != 200 || !strings.Contains(string(page), `lang="`+map[string]string{"zh": "zh-Hans", "en": "en"}[lang]+`"`) {
				t.Fatalf("%s: status %d or not in the language asked for", lang, resp.StatusCode)
			}
			t.Logf("%s: %d bytes, %d charts", lang, len(page), strings.Count(string(page), "<svg "))
			if len(page) >= maxScorecardPage {
				t.Errorf("%s: the scorecard page is %d bytes, over %d", lang, len(page), maxScorecardPage)
			}
		}
	})
}
