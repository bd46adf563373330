package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"igmc/locale"
)

// plannerSamples are the matrix's requests for the planner's API and page.
func (e *matrixEnv) plannerSamples() map[string]sample {
	return map[string]sample{
		"GET /api/v1/zones/:zone/planner": {path: "/api/v1/zones/LY/planner?framework=igmc&year=2019", zoneLY: true, ok: 200,
			check: func(t *testing.T, _ matrixCaller, body []byte) { checkPlannerShape(t, body) }},
		"POST /api/v1/zones/:zone/what-if": {path: "/api/v1/zones/LY/what-if?framework=igmc&year=2019", zoneLY: true, ok: 200,
			body:  `{"values":[{"indicator_code":"SPC-01","value":95}]}`,
			check: func(t *testing.T, _ matrixCaller, body []byte) { checkWhatIfShape(t, body) }},
		"GET /zones/:zone/planner": {path: "/zones/LY/planner?year=2019", zoneLY: true, ok: 200,
			check: func(t *testing.T, _ matrixCaller, body []byte) {
				if !strings.Contains(string(body), `id="w-SPC-01"`) {
					t.Errorf("the planner page has no what-if field for SPC-01")
				}
			}},
		"POST /zones/:zone/planner": {path: "/zones/LY/planner?year=2019", zoneLY: true, ok: 200, ctype: formType, body: "v.SPC-01=95",
			check: func(t *testing.T, _ matrixCaller, body []byte) {
				if !strings.Contains(string(body), `data-section="what-if"`) {
					t.Errorf("the what-if answer has no what-if scorecard")
				}
			}},
	}
}

// keysOf is the sorted keys of a JSON object.
func keysOf(t *testing.T, body []byte) []string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("not a JSON object: %v: %.200s", err, body)
	}
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// checkPlannerShape holds the planner's JSON to the contract's fields
// (scoring.Planner).
func checkPlannerShape(t *testing.T, body []byte) {
	t.Helper()
	want := []string{"basis", "earned", "exact", "framework", "grade", "indicators", "max", "next_grade", "path", "points_needed", "reachable", "year", "zone"}
	if got := keysOf(t, body); !slices.Equal(got, want) {
		t.Errorf("planner keys %v, want %v", got, want)
	}
}

// checkWhatIfShape holds the what-if's JSON to the contract's fields
// (scoring.WhatIfResult).
func checkWhatIfShape(t *testing.T, body []byte) {
	t.Helper()
	if got, want := keysOf(t, body), []string{"differences", "today", "what_if"}; !slices.Equal(got, want) {
		t.Errorf("what-if keys %v, want %v", got, want)
	}
}

// auditEvents is the number of events in the trail.
func auditEventCount(c *client) int {
	var rep struct {
		Events int `json:"events"`
	}
	c.do("GET", "/api/v1/audit/verify", "", 200, &rep)
	return rep.Events
}

// TestWhatIfAPI posts what-ifs: a good one answers with the contract's
// shape and writes no value and no audit event; a bad one is a 422 that
// names the indicator or the field.
func TestWhatIfAPI(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		const path = "/api/v1/zones/LY/what-if?framework=igmc&year=2019"
		var before listOf[measurementJSON]
		c.do("GET", "/api/v1/measurements?zone=LY&limit=1", "", 200, &before)
		events := auditEventCount(c)

		checkWhatIfShape(t, c.do("POST", path, `{"values":[{"indicator_code":"SPC-01","value":95},{"indicator_code":"ENV-01","value":20}]}`, 200, nil))
		checkWhatIfShape(t, c.do("POST", path+"&status=any", `{"values":[{"indicator_code":"SPC-01","value":95}]}`, 200, nil))

		var after listOf[measurementJSON]
		c.do("GET", "/api/v1/measurements?zone=LY&limit=1", "", 200, &after)
		if after.Total != before.Total {
			t.Errorf("a what-if changed the values: %d before, %d after", before.Total, after.Total)
		}
		if n := auditEventCount(c); n != events {
			t.Errorf("a what-if wrote audit events: %d before, %d after", events, n)
		}

		many := make([]string, 1001)
		for i := range many {
			many[i] = fmt.Sprintf(`{"indicator_code":"X%d","value":1}`, i)
		}
		for _, bad := range []struct{ name, body, says string }{
			{"unknown_indicator", `{"values":[{"indicator_code":"NOPE-9","value":1}]}`, "NOPE-9"},
			{"twice", `{"values":[{"indicator_code":"SPC-01","value":1},{"indicator_code":"SPC-01","value":2}]}`, "values[1].indicator_code"},
			{"out_of_range", `{"values":[{"indicator_code":"SPC-01","value":250}]}`, "SPC-01"},
			{"no_value", `{"values":[{"indicator_code":"SPC-01"}]}`, "value"},
			{"empty", `{"values":[]}`, "values"},
			{"too_many", `{"values":[` + strings.Join(many, ",") + `]}`, "values"},
			{"number_beyond_a_float", `{"values":[{"indicator_code":"SPC-01","value":1e999}]}`, "value"},
			{"unknown_field", `{"values":[{"indicator_code":"SPC-01","value":1,"status":"approved"}]}`, "status"},
		} {
			t.Run(bad.name, func(t *testing.T) {
				body := string(c.do("POST", path, bad.body, http.StatusUnprocessableEntity, nil))
				if !strings.Contains(body, bad.says) {
					t.Errorf("the refusal does not name %s: %s", bad.says, body)
				}
			})
		}
		c.do("POST", "/api/v1/zones/NOWHERE/what-if?year=2019", `{"values":[{"indicator_code":"SPC-01","value":1}]}`, http.StatusNotFound, nil)
		c.do("POST", "/api/v1/zones/LY/what-if?year=nineteen", `{"values":[{"indicator_code":"SPC-01","value":1}]}`, http.StatusUnprocessableEntity, nil)
		c.do("POST", path, strings.Repeat(" ", 2<<20)+"{}", http.StatusBadRequest, nil)
		if n := auditEventCount(c); n != events {
			t.Errorf("refused what-ifs wrote audit events: %d before, %d after", events, n)
		}
	})
}

// TestPlannerAPI answers the planner with the contract's shape on both
// bases, and refuses a bad query.
func TestPlannerAPI(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		for _, status := range []string{"approved", "any"} {
			checkPlannerShape(t, c.do("GET", "/api/v1/zones/LY/planner?framework=igmc&year=2019&status="+status, "", 200, nil))
		}
		c.do("GET", "/api/v1/zones/LY/planner?year=2019&status=draft", "", http.StatusUnprocessableEntity, nil)
		c.do("GET", "/api/v1/zones/LY/planner", "", http.StatusUnprocessableEntity, nil)
		c.do("GET", "/api/v1/zones/NOWHERE/planner?year=2019", "", http.StatusNotFound, nil)
	})
}

// TestPlannerPage shows the planner page and the what-if answer in both
// languages, signed in through the form, with the zone's values in the
// form and Chinese units and names to a Chinese reader; the scorecard page
// links to it.
func TestPlannerPage(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		sess, csrf := session(t, c, "admin@example.org")
		get := func(lang, path string) string {
			resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: path, cookies: []*http.Cookie{sess, {Name: "igmc_lang", Value: lang}}})
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s (%s): status %d", path, lang, resp.StatusCode)
			}
			return string(body)
		}
		sc := get("en", "/zones/LY/scorecard?year=2019")
		if !strings.Contains(sc, `href="/zones/LY/planner?framework=igmc&amp;status=approved&amp;year=2019"`) {
			t.Errorf("the scorecard page does not link to the planner")
		}
		for lang, unit := range map[string]string{"en": "persons/km²", "zh": "人/km²"} {
			for _, path := range []string{"/zones/LY/scorecard?year=2019", "/zones/LY/progress?year=2019"} {
				if p := get(lang, path); !strings.Contains(p, "<td class=\"sc-unit\">"+unit+"</td>") && !strings.Contains(p, "<td>"+unit+"</td>") &&
					!strings.Contains(p, "<td class=\"report-unit\">"+unit+"</td>") {
					t.Errorf("%s (%s) does not show the unit %s", path, lang, unit)
				}
			}
		}
		for _, lang := range locale.Languages {
			page := get(lang, "/zones/LY/planner?year=2019")
			want := map[string][]string{"en": {"What if?", "Land development rate", "persons/km²"}, "zh": {"假设分析", "土地开发率", "人/km²"}}[lang]
			for _, w := range want {
				if !strings.Contains(page, w) {
					t.Errorf("the %s planner page lacks %q", lang, w)
				}
			}
			resp, body := exchange(t, c.srv.URL, httpCall{method: "POST", path: "/zones/LY/planner?year=2019", ctype: formType,
				body:    url.Values{"csrf_token": {csrf}, "v.SPC-01": {"95"}}.Encode(),
				cookies: []*http.Cookie{sess, {Name: "igmc_lang", Value: lang}}})
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `data-table="side-by-side"`) || !strings.Contains(string(body), `value="95"`) {
				t.Errorf("what-if (%s): status %d, no side-by-side table or the typed value is lost: %.300s", lang, resp.StatusCode, body)
			}
			resp, _ = exchange(t, c.srv.URL, httpCall{method: "POST", path: "/zones/LY/planner?year=2019", ctype: formType,
				body:    url.Values{"v.SPC-01": {"95"}}.Encode(),
				cookies: []*http.Cookie{sess, {Name: "igmc_lang", Value: lang}}})
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("a what-if form without its CSRF token: status %d, want 403", resp.StatusCode)
			}
		}
	})
}
