package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// reviewRow is one row of the queue as the page shows it.
type reviewRow struct {
	id              int64
	zone, indicator string
	html            string
	checked         bool
}

var reviewRowRE = regexp.MustCompile(`(?s)<tr data-id="(\d+)" data-zone="([^"]+)" data-indicator="([^"]+)"[^>]*>(.*?)</tr>`)

// reviewRows reads the rows of a queue page.
func reviewRows(body []byte) []reviewRow {
	var out []reviewRow
	for _, m := range reviewRowRE.FindAllSubmatch(body, -1) {
		id, _ := strconv.ParseInt(string(m[1]), 10, 64)
		html := string(m[4])
		out = append(out, reviewRow{id: id, zone: string(m[2]), indicator: string(m[3]), html: html,
			checked: strings.Contains(html, `id="m`+string(m[1])+`" checked`)})
	}
	return out
}

// reviewCell is the text of a row's cell of class name, tags dropped.
func reviewCell(row reviewRow, class string) string {
	m := regexp.MustCompile(`(?s)<td class="num ` + class + `"[^>]*>(.*?)</td>`).FindStringSubmatch(row.html)
	if m == nil {
		return ""
	}
	return html.UnescapeString(strings.Join(strings.Fields(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[1], " ")), " "))
}

func TestReviewPage(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		c.do("POST", "/api/v1/zones", `{"code":"OTHER","name_en":"Another zone"}`, 201, nil)
		c.userToken("rev@example.org", "reviewer", "LY")
		c.userToken("rev-other@example.org", "reviewer", "OTHER")
		session, csrf := admSession(t, c, "rev@example.org")
		other, otherCSRF := admSession(t, c, "rev-other@example.org")
		get := func(t *testing.T, id int64) measurementReview {
			var m measurementReview
			c.do("GET", "/api/v1/measurements/"+itoa(id), "", 200, &m)
			return m
		}
		// The LY values awaiting review, by the API.
		var submitted listOf[measurementJSON]
		c.do("GET", "/api/v1/measurements?framework=igmc&zone=LY&status=submitted&limit=1000", "", 200, &submitted)
		if submitted.Total == 0 || submitted.Next != nil {
			t.Fatalf("the demo has %d submitted LY values", submitted.Total)
		}
		var env listOf[indicatorJSON]
		c.do("GET", "/api/v1/frameworks/igmc/indicators?perspective=environment", "", 200, &env)
		inEnv := map[string]bool{}
		for _, ind := range env.Items {
			inEnv[ind.Code] = true
		}
		envLY := 0
		for _, m := range submitted.Items {
			if inEnv[m.Indicator] {
				envLY++
			}
		}

		t.Run("filters_narrow_the_list", func(t *testing.T) {
			all := reviewRows(admGet(t, c, session, "/review", 200))
			zones := map[string]bool{}
			for _, r := range all {
				zones[r.zone] = true
			}
			if len(all) != 100 || !zones["LY"] || !zones["LY-BIO"] {
				t.Errorf("the whole queue shows %d rows of zones %v, want a full page of LY and its clusters", len(all), zones)
			}
			body := admGet(t, c, session, "/review?zone=LY", 200)
			admContains(t, body, fmt.Sprintf(`data-waiting="%d"`, submitted.Total), `<option value="LY" selected>`)
			rows := reviewRows(body)
			if want := min(submitted.Total, 100); len(rows) != want {
				t.Errorf("zone LY: %d rows, want %d", len(rows), want)
			}
			for _, r := range rows {
				if r.zone != "LY" {
					t.Errorf("zone LY shows a value of %s", r.zone)
				}
			}
			body = admGet(t, c, session, "/review?zone=LY&perspective=environment", 200, "zh")
			rows = reviewRows(body)
			if envLY == 0 || len(rows) != min(envLY, 100) {
				t.Errorf("zone LY, environment: %d rows, want %d", len(rows), envLY)
			}
			for _, r := range rows {
				if r.zone != "LY" || !inEnv[r.indicator] {
					t.Errorf("zone LY, environment shows %s %s", r.zone, r.indicator)
				}
			}
			if rows := reviewRows(admGet(t, c, session, "/review?zone=LY&year=2019", 200)); len(rows) != 0 {
				t.Errorf("2019 has no submitted value but the page shows %d", len(rows))
			}
			body = admGet(t, c, session, "/review?year=twenty", 422)
			admContains(t, body, `id="year-error">Enter a year such as 2020`)
		})
		t.Run("other_zone_reviewer_does_not_see_LY", func(t *testing.T) {
			body := admGet(t, c, other, "/review", 200)
			if rows := reviewRows(body); len(rows) != 0 {
				t.Errorf("a reviewer of OTHER sees %d values", len(rows))
			}
			if strings.Contains(string(body), `<option value="LY"`) {
				t.Error("a reviewer of OTHER is offered zone LY")
			}
			admGet(t, c, other, "/review?zone=LY", 403)
		})

		rows := reviewRows(admGet(t, c, session, "/review?zone=LY", 200))
		if len(rows) < 6 {
			t.Fatalf("%d LY rows", len(rows))
		}
		a, b, r, one, kept := rows[0], rows[1], rows[2], rows[3], rows[4]
		post := func(t *testing.T, s *http.Cookie, form url.Values, want int) ([]byte, string) {
			return admPost(t, c, s, "/review", form, want)
		}
		t.Run("approve_two_in_bulk", func(t *testing.T) {
			before := map[int64]int{a.id: get(t, a.id).Version, b.id: get(t, b.id).Version}
			form := url.Values{"csrf_token": {csrf}, "framework": {"igmc"}, "zone": {"LY"}, "id": {itoa(a.id), itoa(b.id)}, "action": {"approve"}}
			flash := admPostFlash(t, c, session, "/review", form)
			if flash != "2 values approved." {
				t.Errorf("notice %q", flash)
			}
			for _, id := range []int64{a.id, b.id} {
				m := get(t, id)
				if m.Status != "approved" || m.ReviewedBy != "rev@example.org" || m.Version != before[id]+1 {
					t.Errorf("value %d after approval: %+v", id, m)
				}
			}
			_, location := post(t, session, url.Values{"csrf_token": {csrf}, "framework": {"igmc"}, "zone": {"LY"}, "id": {itoa(a.id)}, "action": {"approve"}}, 409)
			if location != "" {
				t.Errorf("a refusal redirects to %q", location)
			}
		})
		t.Run("reject_without_comment_422_nothing_changed", func(t *testing.T) {
			before := map[int64]int{r.id: get(t, r.id).Version, kept.id: get(t, kept.id).Version}
			body, _ := post(t, session, url.Values{"csrf_token": {csrf}, "framework": {"igmc"}, "zone": {"LY"}, "id": {itoa(r.id), itoa(kept.id)},
				"action": {"reject"}, "comment": {"  "}}, 422)
			admContains(t, body, `id="comment-error">A rejection needs a comment: say what to fix.`, `aria-invalid="true"`)
			ticked := map[int64]bool{}
			for _, row := range reviewRows(body) {
				ticked[row.id] = row.checked
			}
			if !ticked[r.id] || !ticked[kept.id] || ticked[one.id] {
				t.Errorf("the selection was not kept: %v", ticked)
			}
			for _, id := range []int64{r.id, kept.id} {
				if m := get(t, id); m.Status != "submitted" || m.Version != before[id] {
					t.Errorf("value %d changed: %+v", id, m)
				}
			}
			body, _ = post(t, session, url.Values{"csrf_token": {csrf}, "zone": {"LY"}, "action": {"approve"}}, 422)
			admContains(t, body, `id="id-error">Tick at least one value first.`)
		})
		t.Run("reject_with_comment", func(t *testing.T) {
			flash := admPostFlash(t, c, session, "/review", url.Values{"csrf_token": {csrf}, "zone": {"LY"}, "id": {itoa(r.id)},
				"action": {"reject"}, "comment": {"Check the source"}})
			if flash != "1 value rejected and sent back to its zone." {
				t.Errorf("notice %q", flash)
			}
			if m := get(t, r.id); m.Status != "rejected" || m.ReviewComment != "Check the source" || m.ReviewedBy != "rev@example.org" {
				t.Errorf("value %d after rejection: %+v", r.id, m)
			}
		})
		t.Run("row_button", func(t *testing.T) {
			admPostFlash(t, c, session, "/review", url.Values{"csrf_token": {csrf}, "zone": {"LY"}, "id": {itoa(kept.id)}, "one": {"approve:" + itoa(one.id)}})
			if m := get(t, one.id); m.Status != "approved" {
				t.Errorf("the row's button left %+v", m)
			}
			if m := get(t, kept.id); m.Status != "submitted" {
				t.Errorf("a row's button also decided the ticked value %+v", m)
			}
		})
		t.Run("refusals_change_nothing", func(t *testing.T) {
			before := get(t, kept.id)
			form := url.Values{"id": {itoa(kept.id)}, "action": {"approve"}}
			body, _ := post(t, session, form, 403)
			admContains(t, body, `data-error-code="forbidden"`)
			form.Set("csrf_token", otherCSRF)
			body, _ = post(t, other, form, 403)
			admContains(t, body, `data-error-code="forbidden"`, "Nothing was changed.", `zone &#34;LY&#34; is not one of your zones`)
			c.do("POST", "/api/v1/frameworks/igmc/periods/2020/close", `{"reason":"review test"}`, 200, nil)
			form.Set("csrf_token", csrf)
			body, _ = post(t, session, form, 409)
			admContains(t, body, `data-error-code="conflict"`, "the reporting period 2020 is closed")
			c.do("POST", "/api/v1/frameworks/igmc/periods/2020/reopen", `{"reason":"review test"}`, 200, nil)
			if m := get(t, kept.id); m.Status != "submitted" || m.Version != before.Version {
				t.Errorf("a refused review changed the value: %+v", m)
			}
		})
	})
}

// measurementReview is a value with its review fields, as the API gives it.
type measurementReview struct {
	measurementJSON
	ReviewedBy    string `json:"reviewed_by"`
	ReviewComment string `json:"review_comment"`
}

// TestReviewPreviousValue checks the previous value and the change the
// queue shows beside a submitted value, computed by hand.
func TestReviewPreviousValue(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		value := func(period string, v float64, steps ...string) int64 {
			var m measurementJSON
			c.do("POST", "/api/v1/measurements", fmt.Sprintf(`{"framework_code":"igmc","zone_code":"LY-N","indicator_code":"SPC-01","period":%q,"value":%v}`, period, v), 201, &m)
			for _, s := range steps {
				c.do("POST", "/api/v1/measurements/"+itoa(m.ID)+"/"+s, "", 200, &m)
			}
			return m.ID
		}
		value("2019", 80, "submit", "approve")
		next := value("2020", 90, "submit")
		edited := value("2018", 50, "submit", "approve")
		c.do("PUT", "/api/v1/measurements/"+itoa(edited), `{"version":3,"value":55}`, 200, nil)
		c.do("POST", "/api/v1/measurements/"+itoa(edited)+"/submit", "", 200, nil)
		value("2017", 40) // a draft: not in force, so not last year's value

		c.userToken("rev@example.org", "reviewer", "LY")
		session, _ := admSession(t, c, "rev@example.org")
		body := admGet(t, c, session, "/review?zone=LY-N", 200)
		rows := map[int64]reviewRow{}
		for _, r := range reviewRows(body) {
			rows[r.id] = r
		}
		if len(rows) != 2 {
			t.Fatalf("%d rows, want 2: %s", len(rows), body)
		}
		for _, tc := range []struct {
			name                                 string
			id                                   int64
			value, inForce, lastYear, change, vs string
		}{
			{"new_value_against_last_year", next, "90 %", "—", "80 2019", "+10 (+12.5%) compared with last year", ""},
			{"edit_against_value_in_force", edited, "55 %", "50", "—", "+5 (+10%) compared with the value in force", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := rows[tc.id]
				for class, want := range map[string]string{"value": tc.value, "in-force": tc.inForce, "last-year": tc.lastYear, "change": tc.change} {
					if got := reviewCell(r, class); got != want {
						t.Errorf("%s: %q, want %q", class, got, want)
					}
				}
			})
		}
	})
}

// reviewPageSamples are the matrix's requests for the queue. The POST
// approves a fresh submitted value of LY: done (303) for a reviewer of LY
// or an administrator, refused for everyone else.
func (e *matrixEnv) reviewPageSamples() map[string]sample {
	return map[string]sample{
		"GET /review": {path: "/review", ok: 200, check: func(t *testing.T, who matrixCaller, body []byte) {
			if who.inZone {
				return
			}
			for _, r := range reviewRows(body) {
				if inLY(r.zone) {
					t.Errorf("%s sees the LY value %d in the queue", who.name, r.id)
				}
			}
		}},
		// The first step of a decision on the whole selection: a
		// confirmation naming the count, which changes nothing.
		"POST /review/all": {zoneLY: true, ok: 200, path: "/review/all", ctype: formType,
			body: url.Values{"zone": {"LY"}, "all": {"approve"}}.Encode(),
			check: func(t *testing.T, _ matrixCaller, body []byte) {
				if !strings.Contains(string(body), `data-confirm-count="`) {
					t.Errorf("no confirmation in the answer:\n%.2000s", body)
				}
			}},
		"POST /review": {zoneLY: true, ok: 303, prepare: func(t *testing.T, _ matrixCaller) prepared {
			m := e.fresh(t, true)
			return prepared{path: "/review", ctype: formType, body: url.Values{"id": {itoa(m.ID)}, "action": {"approve"}}.Encode(),
				verify: func(t *testing.T, resp *http.Response) {
					var now measurementJSON
					e.admin(t).do("GET", "/api/v1/measurements/"+itoa(m.ID), "", 200, &now)
					want := map[bool]string{true: "approved", false: "submitted"}[resp.StatusCode == http.StatusSeeOther]
					if now.Status != want {
						t.Errorf("after status %d the value is %s, want %s", resp.StatusCode, now.Status, want)
					}
				}}
		}},
	}
}
