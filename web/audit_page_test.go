package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// auditEvent is one row of the audit page.
type auditEvent struct {
	id                                  string
	action, entity, entityID, actor, zn string
}

var auditRowRE = regexp.MustCompile(`<tr data-event="(\d+)" data-action="([^"]*)" data-entity="([^"]*)" data-entity-id="([^"]*)" data-actor="([^"]*)" data-zone="([^"]*)">`)

func auditEvents(body []byte) []auditEvent {
	var out []auditEvent
	for _, m := range auditRowRE.FindAllSubmatch(body, -1) {
		out = append(out, auditEvent{string(m[1]), string(m[2]), string(m[3]), string(m[4]), string(m[5]), string(m[6])})
	}
	return out
}

func TestAuditPage(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.do("POST", "/api/v1/zones", `{"code":"OTHER","name_en":"Another zone"}`, 201, nil)
		c.userToken("rev@example.org", "reviewer", "LY")
		c.userToken("rev-other@example.org", "reviewer", "OTHER")
		session, csrf := admSession(t, c, "rev@example.org")
		other, _ := admSession(t, c, "rev-other@example.org")
		admin, _ := admSession(t, c, "admin@example.org")
		var ids []int64
		for _, period := range []string{"2019-01", "2019-02"} {
			var m measurementJSON
			c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY-N","indicator_code":"ENV-01","period":"`+period+`","value":40}`, 201, &m)
			c.do("POST", "/api/v1/measurements/"+itoa(m.ID)+"/submit", "", 200, nil)
			ids = append(ids, m.ID)
		}
		admPostFlash(t, c, session, "/review", url.Values{"csrf_token": {csrf}, "id": {itoa(ids[0])}, "action": {"approve"}})
		admPostFlash(t, c, session, "/review", url.Values{"csrf_token": {csrf}, "id": {itoa(ids[1])}, "action": {"reject"}, "comment": {"Wrong month"}})

		t.Run("one_value_s_events", func(t *testing.T) {
			body := admGet(t, c, session, "/audit?entity=measurement&entity_id="+itoa(ids[0]), 200, "zh")
			got := auditEvents(body)
			var actions []string
			for _, e := range got {
				actions = append(actions, e.action+" by "+e.actor+" in "+e.zn)
			}
			want := []string{"create by admin@example.org in LY-N", "submit by admin@example.org in LY-N", "approve by rev@example.org in LY-N"}
			if fmt.Sprint(actions) != fmt.Sprint(want) {
				t.Errorf("events %v, want %v", actions, want)
			}
			admContains(t, body, `data-total="3"`, "批准")
		})
		t.Run("actor_filter", func(t *testing.T) {
			body := admGet(t, c, session, "/audit?actor=rev@example.org", 200)
			got := auditEvents(body)
			if len(got) != 2 || got[0].action != "approve" || got[1].action != "reject" || got[1].entityID != itoa(ids[1]) {
				t.Errorf("events by the reviewer: %+v", got)
			}
			admContains(t, body, "Wrong month", `value="rev@example.org"`)
		})
		t.Run("zone_filter", func(t *testing.T) {
			got := auditEvents(admGet(t, c, admin, "/audit?zone=LY-N", 200))
			// The zone's creation, then each value's creation, submission
			// and review.
			if len(got) != 7 || got[0].entity != "zone" || got[0].entityID != "LY-N" {
				t.Errorf("%d events of LY-N, want 7, the zone's first: %+v", len(got), got)
			}
			for _, e := range got {
				if e.zn != "LY-N" {
					t.Errorf("the LY-N filter shows %+v", e)
				}
			}
			admGet(t, c, other, "/audit?zone=LY", 403)
		})
		t.Run("other_zone_sees_none_of_LY", func(t *testing.T) {
			body := admGet(t, c, other, "/audit?entity=measurement", 200)
			if got := auditEvents(body); len(got) != 0 {
				t.Errorf("a reviewer of OTHER sees %+v", got)
			}
			admContains(t, body, `data-total="0"`)
		})
		t.Run("bad_date_in_place", func(t *testing.T) {
			body := admGet(t, c, session, "/audit?from=2020-13-01&actor=x", 422)
			admContains(t, body, `id="from-error">Enter a date as YYYY-MM-DD`, `value="2020-13-01"`, `value="x"`)
		})
		t.Run("dates_are_inclusive", func(t *testing.T) {
			var ev listOf[struct {
				At string `json:"at"`
			}]
			c.do("GET", "/api/v1/audit/events?actor=rev@example.org", "", 200, &ev)
			day := ev.Items[0].At[:10]
			if got := auditEvents(admGet(t, c, session, "/audit?actor=rev@example.org&from="+day+"&to="+day, 200)); len(got) != 2 {
				t.Errorf("the reviewer's events of %s: %d, want 2", day, len(got))
			}
		})
		t.Run("verify", func(t *testing.T) {
			var rep struct {
				OK     bool   `json:"ok"`
				Head   string `json:"head"`
				Events int    `json:"events"`
			}
			c.do("GET", "/api/v1/audit/verify", "", 200, &rep)
			if !rep.OK || rep.Head == "" {
				t.Fatalf("the API's check: %+v", rep)
			}
			body := admGet(t, c, admin, "/audit?verify=1&actor=rev@example.org", 200)
			admContains(t, body, `data-verify="ok"`, "The audit trail is intact.", `<code class="hash-full">`+rep.Head+`</code>`,
				fmt.Sprintf("%d events and", rep.Events))
			// A reviewer learns that the trail holds, not the head or the
			// length of every zone's chain.
			body = admGet(t, c, session, "/audit?verify=1&actor=rev@example.org", 200)
			admContains(t, body, `data-verify="ok"`, "The audit trail is intact.", `data-total="2"`)
			// (The head is the newest event's hash, which the list may show
			// when that event is the reviewer's own.)
			if strings.Contains(string(body), `class="hash-full"`) || strings.Contains(string(body), fmt.Sprintf("%d events and", rep.Events)) {
				t.Errorf("the reviewer's page shows the whole chain's head or length:\n%s", body)
			}
			admContains(t, admGet(t, c, session, "/audit", 200), "Verify the chain now", `href="/api/v1/exports/audit.csv"`, `action="/api/v1/exports/bundle.zip"`)
		})
	})
}

// auditPageSamples are the matrix's requests for the audit page.
func (e *matrixEnv) auditPageSamples() map[string]sample {
	return map[string]sample{
		"GET /audit": {path: "/audit?entity=measurement", ok: 200, check: func(t *testing.T, who matrixCaller, body []byte) {
			got := auditEvents(body)
			if who.inZone && len(got) == 0 {
				t.Errorf("%s sees no event of the LY values", who.name)
			}
			for _, ev := range got {
				if !who.inZone && inLY(ev.zn) {
					t.Errorf("%s sees event %s of zone %s", who.name, ev.id, ev.zn)
				}
			}
		}},
	}
}
