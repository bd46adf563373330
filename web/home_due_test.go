package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"igmc/indicators"
)

// TestHomeDueAndFollowUps: the home page says which years are due and
// when — days counted in UTC+8 — leaving out a year past its close day,
// and lists the open follow-ups of an officer's zones with a link to the
// value's row; with nothing due and nothing flagged it has no such
// sections.
func TestHomeDueAndFollowUps(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.do("POST", "/api/v1/zones", `{"code":"XY","name_en":"Xiangyin","name_zh":"湘阴"}`, 201, nil)
		officer := signInPage(t, c, "officer@example.org", indicators.RoleOfficer, "LY")
		reviewer := signInPage(t, c, "reviewer@example.org", indicators.RoleReviewer, "LY", "XY")

		_, page := officer.get(t, "/", http.StatusOK)
		for _, hook := range []string{`id="home-due"`, `id="follow-ups"`, `class="home-follow-ups"`} {
			if strings.Contains(string(page), hook) {
				t.Errorf("with nothing due and nothing flagged the home page has %s", hook)
			}
		}

		now := time.Now().In(indicators.ReportingZone)
		day := func(d int) string { return now.AddDate(0, 0, d).Format(time.DateOnly) }
		c.do("PUT", "/api/v1/frameworks/igmc/calendar/2023", `{"due_on":"`+day(10)+`","close_on":"`+day(40)+`"}`, 200, nil)
		c.do("PUT", "/api/v1/frameworks/igmc/calendar/2022", `{"due_on":"`+day(-3)+`"}`, 200, nil)
		c.do("PUT", "/api/v1/frameworks/igmc/calendar/2021", `{"due_on":"`+day(-20)+`","close_on":"`+day(-1)+`"}`, 200, nil)
		rev := c.as(c.userToken("flagger@example.org", indicators.RoleReviewer, "LY", "XY"))
		rev.do("POST", "/api/v1/follow-ups", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2020","note":"fell from 100 to 3"}`, 201, nil)
		rev.do("POST", "/api/v1/follow-ups", `{"framework_code":"igmc","zone_code":"XY","indicator_code":"SPC-02","period":"2020","note":"another zone's"}`, 201, nil)

		for lang, want := range map[string][]string{
			"en": {"Values of 2022 are due by " + day(-3) + " (UTC&#43;8):", "overdue by 3 days.",
				"Values of 2023 are due by " + day(10) + " (UTC&#43;8):", "due in 10 days.", "The year closes itself on " + day(40) + "."},
			"zh": {"2022 年数值应于 " + day(-3) + "（北京时间）前报送：", "已逾期 3 天。",
				"2023 年数值应于 " + day(10) + "（北京时间）前报送：", "还有 10 天。", "该年度将于 " + day(40) + " 自动关闭。"},
		} {
			for who, u := range map[string]*pageUser{"officer": officer, "reviewer": reviewer} {
				_, page := u.getLang(t, "/", lang, http.StatusOK)
				due := section(page, `<ul class="home-due"`, `</ul>`)
				for _, w := range want {
					if !strings.Contains(due, w) {
						t.Errorf("%s %s: the due list lacks %q:\n%s", who, lang, w, due)
					}
				}
				if strings.Contains(due, `data-year="2021"`) {
					t.Errorf("%s %s: 2021, past its close day, is listed as due:\n%s", who, lang, due)
				}
				if strings.Index(due, `data-year="2022"`) > strings.Index(due, `data-year="2023"`) {
					t.Errorf("%s %s: the overdue year does not come first:\n%s", who, lang, due)
				}
			}
		}

		_, page = officer.get(t, "/", http.StatusOK)
		list := section(page, `<table class="home-follow-ups">`, `</table>`)
		if !strings.Contains(list, `<a href="/zones/LY/entry?framework=igmc&amp;year=2020#m-SPC-01"><code>SPC-01</code>`) || !strings.Contains(list, "fell from 100 to 3") {
			t.Errorf("the officer's home does not list LY's follow-up with a link to its row:\n%s", list)
		}
		if strings.Contains(list, "another zone's") || !strings.Contains(string(page), `<a href="/follow-ups">All follow-ups</a>`) {
			t.Errorf("the officer's home lists another zone's follow-up, or has no link to all of them:\n%s", list)
		}
		if _, page := reviewer.get(t, "/", http.StatusOK); strings.Contains(string(page), `class="home-follow-ups"`) {
			t.Error("a reviewer's home lists follow-ups to answer")
		}
	})
}

// section is the part of page from the first start to the next end after
// it, "" when there is no start.
func section(page []byte, start, end string) string {
	s := string(page)
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], end)
	if j < 0 {
		return s[i:]
	}
	return s[i : i+j+len(end)]
}
