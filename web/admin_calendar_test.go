package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"igmc/indicators"
)

// TestAdminCalendar: the periods tab lists the framework's reporting
// calendar and sets a year's days; a day written otherwise than YYYY-MM-DD,
// a close day before the due day and a missing due day come back beside
// their fields, in both languages, with nothing written.
func TestAdminCalendar(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		session, csrf := admSession(t, c, "admin@example.org")
		admContains(t, admGet(t, c, session, "/admin?tab=periods&framework=igmc", 200), "No year of this framework has a due day yet.", `<form method="post" action="/admin/calendar"`)
		calendar := func() []indicators.Calendar {
			l, err := c.store.Calendars(context.Background(), "igmc")
			if err != nil {
				t.Fatal(err)
			}
			return l
		}
		form := url.Values{"csrf_token": {csrf}, "framework": {"igmc"}, "year": {"2024"}, "due_on": {"31.03.2025"}, "close_on": {"2025-01-01"}}
		body, _ := admPost(t, c, session, "/admin/calendar", form, 422)
		admContains(t, body, `id="c-due-error">Write the day as YYYY-MM-DD, for example 2025-03-31.`, `aria-invalid="true" aria-describedby="c-due-error"`,
			`id="c-year" name="year" type="text" inputmode="numeric" size="6" required value="2024"`)
		form.Set("due_on", "2025-03-31")
		body, _ = admPost(t, c, session, "/admin/calendar", form, 422)
		admContains(t, body, `id="c-close-error">The year cannot close before its values are due.`)
		form.Set("due_on", "")
		body = admPostLang(t, c, session, "/admin/calendar", form, 422, "zh")
		admContains(t, body, `id="c-due-error">请填写数值报送截止日。`)
		if got := calendar(); len(got) != 0 {
			t.Fatalf("a refused form wrote the calendar: %+v", got)
		}
		form.Set("due_on", "2025-03-31")
		form.Set("close_on", "2025-06-30")
		if flash := admPostFlash(t, c, session, "/admin/calendar", form); flash != "igmc 2024 is due by 2025-03-31." {
			t.Errorf("notice %q", flash)
		}
		got := calendar()
		if len(got) != 1 || got[0].Year != 2024 || got[0].DueOn != "2025-03-31" || got[0].CloseOn != "2025-06-30" || got[0].ChangedBy != "admin@example.org" {
			t.Fatalf("calendar %+v", got)
		}
		admContains(t, admGet(t, c, session, "/admin?tab=periods&framework=igmc", 200, "zh"), "报送日历",
			`<tr data-year="2024">`, "<td>2025-03-31</td>", "<td>2025-06-30</td>")
	})
}

// admPostLang posts a form in a language and checks the status.
func admPostLang(t *testing.T, c *client, session *http.Cookie, path string, form url.Values, want int, lang string) []byte {
	t.Helper()
	resp, body := exchange(t, c.srv.URL, httpCall{method: "POST", path: path, ctype: formType, body: form.Encode(),
		cookies: []*http.Cookie{session, {Name: "igmc_lang", Value: lang}}})
	if resp.StatusCode != want {
		t.Fatalf("POST %s %v: status %d, want %d: %.3000s", path, form, resp.StatusCode, want, body)
	}
	return body
}
