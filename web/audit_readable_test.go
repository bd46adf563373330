package web_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestAuditPageForPeople: the audit page links the export of every value
// with its history (which carries the review comments), filters by zone
// and indicator codes with a clear message for an unknown code, shows what
// an event recorded as labelled fields in the reader's language rather
// than JSON, writes times in the configured zone with the offset, and
// shows a bulk import of several zones to the reviewers of each.
func TestAuditPageForPeople(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.do("POST", "/api/v1/zones", `{"code":"OTHER","name_en":"Another zone","name_zh":"另一区域"}`, 201, nil)
		c.do("POST", "/api/v1/zones", `{"code":"THIRD","name_en":"A third zone"}`, 201, nil)
		c.userToken("rev@example.org", "reviewer", "LY")
		c.userToken("rev-other@example.org", "reviewer", "OTHER")
		c.userToken("rev-third@example.org", "reviewer", "THIRD")
		session, csrf := admSession(t, c, "rev@example.org")
		other, _ := admSession(t, c, "rev-other@example.org")
		third, _ := admSession(t, c, "rev-third@example.org")
		admin, _ := admSession(t, c, "admin@example.org")
		var m measurementJSON
		c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY-N","indicator_code":"ENV-01","period":"2019-01","value":40}`, 201, &m)
		c.do("POST", "/api/v1/measurements/"+itoa(m.ID)+"/submit", "", 200, nil)
		admPostFlash(t, c, session, "/review", url.Values{"csrf_token": {csrf}, "id": {itoa(m.ID)}, "action": {"reject"}, "comment": {"Wrong month, 月份有误"}})
		c.send("POST", "/api/v1/measurements/import?framework=igmc", "text/csv",
			strings.NewReader("zone_code,indicator_code,period,value\nLY,SPC-01,2018,80\nOTHER,SPC-01,2018,70\n"), 200, nil)

		t.Run("history_export_linked_with_review_comments", func(t *testing.T) {
			body := admGet(t, c, session, "/audit", 200)
			admContains(t, body, `action="/api/v1/exports/measurements.csv" id="history-export"`, `<input type="hidden" name="history" value="true">`,
				`formaction="/api/v1/exports/measurements.xlsx"`, "Download every value with its history (CSV)")
			admContains(t, admGet(t, c, session, "/audit", 200, "zh"), "下载全部数值及其历史版本（CSV）")
			recs, err := csv.NewReader(strings.NewReader(string(c.do("GET", "/api/v1/exports/measurements.csv?framework=igmc&history=true", "", 200, nil)))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			col, st := slices.Index(recs[0], "review_comment"), slices.Index(recs[0], "status")
			var rejected []string
			for _, r := range recs[1:] {
				if r[st] == "rejected" {
					rejected = append(rejected, r[col])
				}
			}
			if col < 0 || !slices.Equal(rejected, []string{"Wrong month, 月份有误"}) {
				t.Errorf("the history export's rejected versions carry %q (column %d), want the reviewer's comment", rejected, col)
			}
		})
		t.Run("indicator_code_filter", func(t *testing.T) {
			got := auditEvents(admGet(t, c, admin, "/audit?indicator=ENV-01", 200))
			var actions []string
			for _, e := range got {
				actions = append(actions, e.action)
			}
			if !slices.Equal(actions, []string{"create", "submit", "reject"}) {
				t.Errorf("the events of ENV-01: %v", actions)
			}
			if got := auditEvents(admGet(t, c, admin, "/audit?indicator=SPC-03", 200)); len(got) != 0 {
				t.Errorf("SPC-03 has no event, the page shows %+v", got)
			}
		})
		t.Run("unknown_codes_named", func(t *testing.T) {
			body := admGet(t, c, admin, "/audit?indicator=ENV-99&zone=NOWHERE", 422)
			admContains(t, body, `id="indicator-error">No indicator has the code “ENV-99”`, `id="zone-error">No zone has the code “NOWHERE”`,
				`value="ENV-99"`)
			body = admGet(t, c, admin, "/audit?indicator=ENV-99", 422, "zh")
			admContains(t, body, `没有代码为“ENV-99”的指标`)
		})
		t.Run("details_are_fields_not_json", func(t *testing.T) {
			body := admGet(t, c, admin, "/audit?entity=measurement&entity_id="+itoa(m.ID), 200)
			admContains(t, body, `<div data-key="indicator_code"><dt>Indicator</dt><dd>ENV-01</dd></div>`,
				`<div data-key="status"><dt>Status</dt><dd><span class="old">submitted</span> → rejected</dd></div>`,
				`<div data-key="review_comment"><dt>Review comment</dt><dd>Wrong month, 月份有误</dd></div>`)
			if strings.Contains(string(body), "&#34;indicator_code&#34;") || strings.Contains(string(body), `"indicator_code":`) {
				t.Errorf("the page still shows the recorded JSON")
			}
			zh := admGet(t, c, admin, "/audit?entity=measurement&entity_id="+itoa(m.ID), 200, "zh")
			admContains(t, zh, `<dt>指标</dt><dd>ENV-01</dd>`, `<dt>审核意见</dt>`)
			imp := admGet(t, c, admin, "/audit?entity=measurements", 200)
			admContains(t, imp, `<div data-key="zone_codes"><dt>Zones</dt><dd>LY, OTHER</dd></div>`, `<div data-key="rows"><dt>Rows</dt><dd>2</dd></div>`)
		})
		t.Run("times_in_the_configured_zone", func(t *testing.T) {
			body := admGet(t, c, admin, "/audit", 200)
			cell := regexp.MustCompile(`<time datetime="[^"]+Z">(\d{4}-\d\d-\d\d \d\d:\d\d (?:&#43;|-)\d\d:\d\d)</time>`).FindAllSubmatch(body, -1)
			if len(cell) == 0 {
				t.Fatalf("no time cell: %s", regexp.MustCompile(`<time[^<]*</time>`).Find(body))
			}
			for _, t2 := range cell {
				// The test store's clock stands at 2026-01-02 03:04:05 UTC.
				if string(t2[1]) != "2026-01-02 11:04 &#43;08:00" {
					t.Errorf("time %s is not in Asia/Shanghai", t2[1])
				}
			}
		})
		t.Run("import_seen_by_the_zones_it_touched", func(t *testing.T) {
			for _, who := range []struct {
				zone    string
				session *http.Cookie
				want    int
			}{{"LY", session, 1}, {"OTHER", other, 1}, {"THIRD", third, 0}} {
				if got := auditEvents(admGet(t, c, who.session, "/audit?entity=measurements", 200)); len(got) != who.want {
					t.Errorf("a reviewer of %s sees %d imports, want %d", who.zone, len(got), who.want)
				}
			}
			if got := auditEvents(admGet(t, c, other, "/audit?zone=OTHER&entity=measurements", 200)); len(got) != 1 {
				t.Errorf("the OTHER filter shows %d imports, want 1", len(got))
			}
		})
	})
}
