package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"igmc/indicators"
)

// TestEntrySubmitMarksOnlyTheRefusedRows: three drafts of LY for 2020, each
// 3 after years of 100 (or 80), a jump. SPC-06 was saved with its warning
// and no explanation, SPC-01 with its warning explained, and SPC-05 was
// saved before its history was entered, so it was stored without
// warnings (though the form, checking it again, now shows one). Submitting
// them is refused for SPC-06 alone, and only SPC-06's row asks for an
// explanation; nothing is submitted. Marking every warned unexplained row
// would also mark SPC-05.
func TestEntrySubmitMarksOnlyTheRefusedRows(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		officer := signInPage(t, c, "officer@example.org", indicators.RoleOfficer, "LY")
		const path = "/zones/LY/entry?framework=igmc&year=2020"
		draft := func(code string, extra ...string) {
			t.Helper()
			form := url.Values{"framework": {"igmc"}, "year": {"2020"}, "action": {"draft"}, "source": {"Zone statistics bureau"}, "v." + code: {"3"}}
			if len(extra) > 0 {
				form.Set("x."+code, extra[0])
			}
			officer.post(t, path, form, true, http.StatusSeeOther)
		}
		draft("SPC-05")
		steady := map[int]float64{2015: 100, 2016: 100, 2017: 100, 2018: 100, 2019: 100}
		approveSeries(t, c, "LY", "SPC-05", steady)
		approveSeries(t, c, "LY", "SPC-06", steady)
		approveSeries(t, c, "LY", "SPC-01", map[int]float64{2015: 80, 2016: 80, 2017: 80, 2018: 80, 2019: 80})
		draft("SPC-06")
		draft("SPC-01", "the plant closed")

		var stored listOf[struct {
			Indicator   string `json:"indicator_code"`
			Status      string `json:"status"`
			Warnings    []any  `json:"warnings"`
			Explanation string `json:"explanation"`
		}]
		c.do("GET", "/api/v1/measurements?zone=LY&period=2020", "", 200, &stored)
		got := map[string]string{}
		for _, m := range stored.Items {
			got[m.Indicator] = fmt.Sprintf("%s %d %q", m.Status, len(m.Warnings), m.Explanation)
		}
		if want := map[string]string{"SPC-01": `draft 1 "the plant closed"`, "SPC-05": `draft 0 ""`, "SPC-06": `draft 1 ""`}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("the drafts: %v, want %v", got, want)
		}
		_, page := officer.get(t, path, http.StatusOK)
		for _, code := range []string{"SPC-01", "SPC-05", "SPC-06"} {
			if !strings.Contains(checksRowOf(page, code), `<ul class="entry-warnings" id="w-`+code+`"`) {
				t.Fatalf("the form shows no warning beside %s:\n%s", code, checksRowOf(page, code))
			}
		}

		_, page = officer.post(t, path, url.Values{"framework": {"igmc"}, "year": {"2020"}, "action": {"submit"}}, true, http.StatusUnprocessableEntity)
		if got := checksRowOf(page, "SPC-06"); !strings.Contains(got, `<span class="error" id="xerr-SPC-06">The checks warn of this value (jump)`) {
			t.Errorf("SPC-06, unexplained, is not marked:\n%s", got)
		}
		for _, code := range []string{"SPC-01", "SPC-05"} {
			if got := checksRowOf(page, code); strings.Contains(got, `id="xerr-`+code+`"`) {
				t.Errorf("%s, which the store did not refuse, is marked:\n%s", code, got)
			}
		}
		if n := strings.Count(string(page), `<span class="error" id="xerr-`); n != 1 {
			t.Errorf("%d rows ask for an explanation, want 1", n)
		}
		c.do("GET", "/api/v1/measurements?zone=LY&period=2020&status=submitted", "", 200, &stored)
		if stored.Total != 0 {
			t.Errorf("a refused submission submitted %d values", stored.Total)
		}
	})
}
