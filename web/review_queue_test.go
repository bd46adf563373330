package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// reviewValues enters and submits n values of SPC-01 for zone LY-N, one a
// year from year first, and returns their ids.
func reviewValues(c *client, n int, first int) []int64 {
	var ids []int64
	for i := 0; i < n; i++ {
		var m measurementJSON
		c.do("POST", "/api/v1/measurements", fmt.Sprintf(`{"framework_code":"igmc","zone_code":"LY-N","indicator_code":"SPC-01","period":"%d","value":%d,"explanation":"checked"}`, first+i, 50+i%40), 201, &m)
		c.do("POST", "/api/v1/measurements/"+itoa(m.ID)+"/submit", "", 200, nil)
		ids = append(ids, m.ID)
	}
	return ids
}

// status is a value's status and review comment, by the API.
func status(c *client, id int64) (string, string) {
	var m measurementReview
	c.do("GET", "/api/v1/measurements/"+itoa(id), "", 200, &m)
	return m.Status, m.ReviewComment
}

// TestReviewRowDecisions decides values from their rows' own buttons, each
// with the comment typed on its row.
func TestReviewRowDecisions(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		ids := reviewValues(c, 3, 2001)
		c.userToken("rev@example.org", "reviewer", "LY", "LY-N")
		session, csrf := admSession(t, c, "rev@example.org")
		base := url.Values{"csrf_token": {csrf}, "framework": {"igmc"}, "zone": {"LY-N"}, "sort": {"zone"}}
		form := func(kv ...string) url.Values {
			f := url.Values{}
			for k, v := range base {
				f[k] = v
			}
			for i := 0; i+1 < len(kv); i += 2 {
				f.Add(kv[i], kv[i+1])
			}
			return f
		}
		body := admGet(t, c, session, "/review?zone=LY-N", 200)
		for _, id := range ids {
			admContains(t, body, fmt.Sprintf(`<label for="c-%d" class="note-label">Comment (required to reject)</label>`, id),
				fmt.Sprintf(`name="note-%d"`, id), fmt.Sprintf(`name="one" value="reject:%d"`, id))
		}

		t.Run("reject_without_its_row_comment_422_others_kept", func(t *testing.T) {
			// The comment typed on another row does not count for this one.
			body, _ := admPost(t, c, session, "/review", form("one", "reject:"+itoa(ids[0]), "note-"+itoa(ids[1]), "typed on row two",
				"comment", "the common comment"), http.StatusUnprocessableEntity)
			admContains(t, body, fmt.Sprintf(`id="ce-%d">A rejection needs a comment: say what to fix.`, ids[0]),
				fmt.Sprintf(`aria-describedby="ce-%d"`, ids[0]), ">typed on row two</textarea>", `<option value="zone" selected>`)
			if st, _ := status(c, ids[0]); st != "submitted" {
				t.Errorf("the value is %s", st)
			}
		})
		t.Run("reject_with_its_row_comment", func(t *testing.T) {
			flash := admPostFlash(t, c, session, "/review", form("one", "reject:"+itoa(ids[0]), "note-"+itoa(ids[0]), "  Check the land survey  ",
				"note-"+itoa(ids[1]), "not this one", "comment", "nor this one"))
			if flash != "1 value rejected and sent back to its zone." {
				t.Errorf("notice %q", flash)
			}
			if st, comment := status(c, ids[0]); st != "rejected" || comment != "Check the land survey" {
				t.Errorf("value after its row's rejection: %s, %q", st, comment)
			}
			if st, _ := status(c, ids[1]); st != "submitted" {
				t.Errorf("another row's value is %s", st)
			}
		})
		t.Run("approve_with_its_row_comment_returns_to_the_same_queue", func(t *testing.T) {
			_, location := admPost(t, c, session, "/review", form("one", "approve:"+itoa(ids[1]), "note-"+itoa(ids[1]), "Matches the bureau's figure", "page", "1"), http.StatusSeeOther)
			if location != "/review?framework=igmc&sort=zone&zone=LY-N" {
				t.Errorf("back to %q", location)
			}
			if st, comment := status(c, ids[1]); st != "approved" || comment != "Matches the bureau's figure" {
				t.Errorf("value after its row's approval: %s, %q", st, comment)
			}
		})
	})
}

var rowsRE = regexp.MustCompile(`<span class="rows" data-first="(\d+)" data-last="(\d+)">([^<]*)</span>`)

// TestReviewPaging goes forward and back through the queue: rows a–b of
// N, the filter and order kept in every link and after a decision.
func TestReviewPaging(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		ids := reviewValues(c, 105, 1921)
		c.userToken("rev@example.org", "reviewer", "LY")
		session, csrf := admSession(t, c, "rev@example.org")
		first := admGet(t, c, session, "/review?zone=LY-N&sort=zone", 200)
		if m := rowsRE.FindSubmatch(first); m == nil || string(m[3]) != "Rows 1–100 of 105" {
			t.Fatalf("page 1 says %q", m)
		}
		admContains(t, first, `href="/review?framework=igmc&amp;page=2&amp;sort=zone&amp;zone=LY-N" rel="next">Next page</a>`)
		if strings.Contains(string(first), `rel="prev"`) {
			t.Error("page 1 offers a previous page")
		}
		second := admGet(t, c, session, "/review?zone=LY-N&sort=zone&page=2", 200, "zh")
		if m := rowsRE.FindSubmatch(second); m == nil || string(m[3]) != "第 101–105 条，共 105 条" {
			t.Fatalf("page 2 says %q", m)
		}
		admContains(t, second, `href="/review?framework=igmc&amp;sort=zone&amp;zone=LY-N" rel="prev">上一页</a>`)
		if strings.Contains(string(second), `rel="next"`) {
			t.Error("the last page offers a next page")
		}
		seen := map[int64]bool{}
		for _, r := range reviewRows(first) {
			seen[r.id] = true
		}
		rows := reviewRows(second)
		for _, r := range rows {
			if seen[r.id] {
				t.Errorf("value %d is on both pages", r.id)
			}
			seen[r.id] = true
		}
		if len(seen) != len(ids) || len(rows) != 5 {
			t.Errorf("the two pages show %d values (%d on the second), want %d", len(seen), len(rows), len(ids))
		}
		// Ordered by zone, indicator and period: the last page holds the
		// latest five years.
		if rows[0].id != ids[100] || rows[4].id != ids[104] {
			t.Errorf("page 2 starts with %d and ends with %d", rows[0].id, rows[4].id)
		}
		t.Run("a_decision_returns_to_the_page", func(t *testing.T) {
			form := url.Values{"csrf_token": {csrf}, "framework": {"igmc"}, "zone": {"LY-N"}, "sort": {"zone"}, "page": {"2"}, "one": {"approve:" + itoa(rows[0].id)}}
			_, location := admPost(t, c, session, "/review", form, http.StatusSeeOther)
			if location != "/review?framework=igmc&page=2&sort=zone&zone=LY-N" {
				t.Errorf("back to %q", location)
			}
			if m := rowsRE.FindSubmatch(admGet(t, c, session, location, 200)); m == nil || string(m[3]) != "Rows 101–104 of 104" {
				t.Errorf("after the decision page 2 says %q", m)
			}
		})
		t.Run("past_the_end_shows_the_last_page", func(t *testing.T) {
			body := admGet(t, c, session, "/review?zone=LY-N&sort=zone&page=9", 200)
			if m := rowsRE.FindSubmatch(body); m == nil || string(m[1]) != "101" {
				t.Errorf("page 9 of 2 shows %q", m)
			}
		})
		t.Run("bad_page_or_order_422", func(t *testing.T) {
			admContains(t, admGet(t, c, session, "/review?zone=LY-N&page=zero", 422), `id="page-error">The page number is not valid`)
			admContains(t, admGet(t, c, session, "/review?zone=LY-N&sort=biggest", 422, "zh"), `id="sort-error">请选择所列的排序方式之一。`)
		})
	})
}

var confirmRE = regexp.MustCompile(`name="confirm" value="(\d+)">\s*<input type="hidden" name="digest" value="([0-9a-f]+)">`)

// TestReviewAllConfirmed decides a whole selection in two steps: a
// confirmation naming the count, then the decision, refused when the
// selection changed in between.
func TestReviewAllConfirmed(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		ids := reviewValues(c, 3, 2001)
		var other measurementJSON // LY's, outside the selection
		c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2001","value":60}`, 201, &other)
		c.do("POST", "/api/v1/measurements/"+itoa(other.ID)+"/submit", "", 200, nil)
		c.do("POST", "/api/v1/zones", `{"code":"OTHER","name_en":"Another zone"}`, 201, nil)
		c.userToken("rev@example.org", "reviewer", "LY", "LY-N")
		c.userToken("rev-other@example.org", "reviewer", "OTHER")
		session, csrf := admSession(t, c, "rev@example.org")
		otherSession, otherCSRF := admSession(t, c, "rev-other@example.org")
		sel := func(kv ...string) url.Values {
			f := url.Values{"csrf_token": {csrf}, "framework": {"igmc"}, "zone": {"LY-N"}}
			for i := 0; i+1 < len(kv); i += 2 {
				f.Set(kv[i], kv[i+1])
			}
			return f
		}
		queue := admGet(t, c, session, "/review?zone=LY-N", 200)
		admContains(t, queue, `<input type="hidden" name="count" value="3">`, `data-all="approve">Approve all 3 in this selection…</button>`)

		t.Run("confirmation_names_the_count", func(t *testing.T) {
			body, _ := admPost(t, c, session, "/review/all", sel("all", "approve", "count", "3"), 200)
			admContains(t, body, `data-count="3"`, "You are about to approve all 3 submitted values of this selection.", `data-confirm-count="3">Yes, approve all 3</button>`,
				"<dd>LY-N · North</dd>")
			if strings.Contains(string(body), "data-changed") {
				t.Error("an unchanged selection is said to have changed")
			}
			zh, _ := exchangeZh(t, c, session, "/review/all", sel("all", "approve", "count", "2"))
			admContains(t, zh, `data-changed="2"`, "筛选结果已发生变化：您看到的是 2 个数值，现在为 3 个。", "确认批准全部 3 个")
			for _, id := range append(ids, other.ID) {
				if st, _ := status(c, id); st != "submitted" {
					t.Errorf("a confirmation page changed value %d: %s", id, st)
				}
			}
		})
		t.Run("reject_all_needs_a_comment", func(t *testing.T) {
			body, _ := admPost(t, c, session, "/review/all", sel("all", "reject", "count", "3"), 422)
			admContains(t, body, `id="all-comment-error">A rejection needs a comment: say what to fix.`)
		})
		t.Run("other_zone_reviewer_403", func(t *testing.T) {
			f := sel("all", "approve")
			f.Set("csrf_token", otherCSRF)
			admPost(t, c, otherSession, "/review/all", f, 403)
		})
		body, _ := admPost(t, c, session, "/review/all", sel("all", "approve"), 200)
		m := confirmRE.FindSubmatch(body)
		if m == nil || string(m[1]) != "3" {
			t.Fatalf("no confirmation form for 3 values: %q", m)
		}
		digest := string(m[2])
		t.Run("stale_count_refused_and_shown_anew", func(t *testing.T) {
			more := reviewValues(c, 1, 2010)
			ids = append(ids, more...)
			body, _ := admPost(t, c, session, "/review/all", sel("all", "approve", "confirm", "3", "digest", digest), 409)
			admContains(t, body, `data-changed="3"`, "The selection has changed: you saw 3 values, it holds 4 now.", `data-confirm-count="4">Yes, approve all 4</button>`)
			for _, id := range ids {
				if st, _ := status(c, id); st != "submitted" {
					t.Errorf("a refused confirmation changed value %d: %s", id, st)
				}
			}
			m = confirmRE.FindSubmatch(body)
			if m == nil || string(m[1]) != "4" {
				t.Fatalf("the refusal offers no confirmation of 4 values: %q", m)
			}
			digest = string(m[2])
		})
		t.Run("bad_digest_400", func(t *testing.T) {
			admPost(t, c, session, "/review/all", sel("all", "approve", "confirm", "4", "digest", "not-a-digest"), 400)
		})
		t.Run("confirmed_approves_all_of_the_selection_only", func(t *testing.T) {
			flash := admPostFlash(t, c, session, "/review/all", sel("all", "approve", "confirm", "4", "digest", digest, "comment", "Committee of 3 May"))
			if flash != "4 values approved." {
				t.Errorf("notice %q", flash)
			}
			for _, id := range ids {
				if st, comment := status(c, id); st != "approved" || comment != "Committee of 3 May" {
					t.Errorf("value %d: %s, %q", id, st, comment)
				}
			}
			if st, _ := status(c, other.ID); st != "submitted" {
				t.Errorf("a value outside the selection is %s", st)
			}
			var events listOf[struct{ Action, Actor, Reason string }]
			c.do("GET", "/api/v1/audit/events?entity=measurement&entity_id="+itoa(ids[3])+"&limit=100", "", 200, &events)
			last := events.Items[len(events.Items)-1]
			if last.Action != "approve" || last.Actor != "rev@example.org" || last.Reason != "Committee of 3 May" {
				t.Errorf("the decision's audit event: %+v", last)
			}
		})
		t.Run("reject_all_with_a_comment", func(t *testing.T) {
			body, _ := admPost(t, c, session, "/review/all", url.Values{"csrf_token": {csrf}, "zone": {"LY"}, "all": {"reject"}, "comment": {"Source missing"}}, 200)
			admContains(t, body, "You are about to reject the 1 submitted value of this selection", "<blockquote class=\"comment\">Source missing</blockquote>")
			m := confirmRE.FindSubmatch(body)
			if m == nil {
				t.Fatal("no confirmation form")
			}
			admPostFlash(t, c, session, "/review/all", url.Values{"csrf_token": {csrf}, "zone": {"LY"}, "all": {"reject"}, "comment": {"Source missing"},
				"confirm": {string(m[1])}, "digest": {string(m[2])}})
			if st, comment := status(c, other.ID); st != "rejected" || comment != "Source missing" {
				t.Errorf("LY's value: %s, %q", st, comment)
			}
		})
	})
}

// exchangeZh posts form as the reader of Chinese pages and wants a 200.
func exchangeZh(t *testing.T, c *client, session *http.Cookie, path string, form url.Values) ([]byte, string) {
	t.Helper()
	resp, body := exchange(t, c.srv.URL, httpCall{method: "POST", path: path, ctype: formType, body: form.Encode(),
		cookies: []*http.Cookie{session, {Name: "igmc_lang", Value: "zh"}}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: %d: %.2000s", path, resp.StatusCode, body)
	}
	return body, resp.Header.Get("Location")
}
