package web_test

import (
	"context"
	"strings"
	"testing"

	"igmc/indicators"
)

// The case end to end: 100 for 2015–2019, approved, then 3 for
// 2020. The API stores the jump warning with the draft, refuses to submit
// it unexplained, takes it with an explanation, and the review queue puts
// it first with the warning's sentence and the explanation beside it.
func TestWarnedValueExplainedThenReviewed(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		csv := "zone_code,indicator_code,period,value\nLY,SPC-01,2015,100\nLY,SPC-01,2016,100\nLY,SPC-01,2017,100\nLY,SPC-01,2018,100\nLY,SPC-01,2019,100\nLY,ENV-02,2020,50\n"
		if _, err := c.store.ImportMeasurements(context.Background(), indicators.NewCSVRows(strings.NewReader(csv)),
			indicators.ImportOptions{Framework: "igmc", Status: indicators.Approved, By: indicators.System, AcceptWarnings: true}); err != nil {
			t.Fatal(err)
		}
		officer := c.as(c.userToken("officer@example.org", indicators.RoleOfficer, "LY"))
		var m struct {
			ID       int64  `json:"id"`
			Version  int    `json:"version"`
			Quality  string `json:"quality"`
			Warnings []struct {
				Check   string             `json:"check"`
				Figures map[string]float64 `json:"figures"`
			} `json:"warnings"`
			Explanation string `json:"explanation"`
			Status      string `json:"status"`
		}
		officer.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2020","value":3,"quality":"estimate"}`, 201, &m)
		if m.Quality != "estimate" || len(m.Warnings) != 1 || m.Warnings[0].Check != "jump" || m.Warnings[0].Figures["change"] != -97 {
			t.Fatalf("created: %+v", m)
		}
		id := "/api/v1/measurements/" + itoa(m.ID)
		body := officer.do("POST", id+"/submit", "", 422, nil)
		if !strings.Contains(string(body), `"field":"explanation","code":"explanation_required"`) {
			t.Fatalf("submitted unexplained: %s", body)
		}
		body = officer.do("PUT", id, `{"version":1,"value":3,"quality":"guess"}`, 422, nil)
		if !strings.Contains(string(body), `"field":"quality","code":"invalid"`) {
			t.Fatalf("a bad quality: %s", body)
		}
		officer.do("PUT", id, `{"version":1,"value":3,"quality":"estimate","explanation":"the old plant closed in March 2020"}`, 200, &m)
		officer.do("POST", id+"/submit", "", 200, &m)
		if m.Status != "submitted" || m.Explanation != "the old plant closed in March 2020" || len(m.Warnings) != 1 {
			t.Fatalf("submitted: %+v", m)
		}
		// An error rule refuses: PM2.5 (ENV-01) above PM10 (ENV-02, 50).
		body = officer.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"ENV-01","period":"2020-01","value":60}`, 422, nil)
		if !strings.Contains(string(body), `"field":"value","code":"rule_error"`) || !strings.Contains(string(body), "pm25-within-pm10") {
			t.Fatalf("error rule: %s", body)
		}
		// A plain value comes after the warned one in the warnings order.
		var plain struct {
			ID int64 `json:"id"`
		}
		officer.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-03","period":"2020","value":40}`, 201, &plain)
		officer.do("POST", "/api/v1/measurements/"+itoa(plain.ID)+"/submit", "", 200, nil)

		c.userToken("rev@example.org", indicators.RoleReviewer, "LY")
		session, _ := admSession(t, c, "rev@example.org")
		for lang, want := range map[string][]string{
			"en": {"Break in a steady trend", "-97 from 100", "Officer&#39;s explanation:", "<q>the old plant closed in March 2020</q>", "Warned by the data checks"},
			"zh": {"稳定趋势出现中断", "由 100 变化 -97", "填报人的说明：", "<q>the old plant closed in March 2020</q>", "数据核查有预警"},
		} {
			page := string(admGet(t, c, session, "/review?framework=igmc&order=warnings", 200, lang))
			first, second := strings.Index(page, `value="approve:`+itoa(m.ID)+`"`), strings.Index(page, `value="approve:`+itoa(plain.ID)+`"`)
			if first < 0 || second < 0 || first > second {
				t.Fatalf("%s: the warned value is not listed before the plain one (%d, %d)", lang, first, second)
			}
			row := page[strings.LastIndex(page[:first], "<tr"):first]
			for _, w := range want {
				if !strings.Contains(row, w) {
					t.Errorf("%s: the warned row lacks %q:\n%s", lang, w, row)
				}
			}
			if strings.Contains(page[first:second], "data-checks") {
				t.Errorf("%s: the plain value is marked with warnings", lang)
			}
		}
	})
}
