package web_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"igmc/indicators"
	"igmc/locale"
)

// TestBrowserWarnedEntryAndDueHomeFit: the entry form with a warned row
// and its explanation field, and a home page with a due list and open
// follow-ups, fit a 1366 px laptop and a 390 px phone in both languages.
func TestBrowserWarnedEntryAndDueHomeFit(t *testing.T) {
	srv, store := browserServer(t)
	c := &client{t: t, srv: srv, store: store}
	c.token = c.userToken("api-admin@example.org", indicators.RoleAdmin)
	c.do("POST", "/api/v1/zones", `{"code":"BW","name_en":"Bowang","name_zh":"博望"}`, 201, nil)
	approveSeries(t, c, "BW", "SPC-05", map[int]float64{2015: 100, 2016: 100, 2017: 100, 2018: 100, 2019: 100})
	c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"BW","indicator_code":"SPC-05","period":"2020","value":3,"source":"Zone statistics bureau"}`, 201, nil)
	day := time.Now().In(indicators.ReportingZone).AddDate(0, 0, 12).Format(time.DateOnly)
	c.do("PUT", "/api/v1/frameworks/igmc/calendar/2024", `{"due_on":"`+day+`","close_on":"`+day+`"}`, 200, nil)
	c.do("POST", "/api/v1/follow-ups", `{"framework_code":"igmc","zone_code":"BW","indicator_code":"SPC-05","period":"2020","note":"fell from 100 to 3: was the boundary redrawn, or the share computed on another base?"}`, 201, nil)
	c.userToken("bw-officer@example.org", indicators.RoleOfficer, "BW")

	b := newBrowser(t, srv.URL)
	b.signIn("bw-officer@example.org")
	for _, lang := range locale.Languages {
		b.fit(screens[0])
		b.open("/")
		b.switchLanguage(lang)
		for _, s := range screens {
			b.fit(s)
			// In this order, never the same address twice running: a
			// second navigation to it would only move to its fragment.
			for _, p := range [][2]string{
				{"/zones/BW/entry?framework=igmc&year=2020#m-SPC-05", "#w-SPC-05 li, #x-SPC-05"},
				{"/", "#home-due li, table.home-follow-ups td"},
			} {
				path, shown := p[0], p[1]
				b.open(path)
				n := get(b, chromedp.Evaluate[int](`document.querySelectorAll(`+"`"+shown+"`"+`).length`))
				if n < 2 {
					t.Fatalf("%s (%s): %s found %d times: the page does not show what is measured", path, lang, shown, n)
				}
				if over, culps := b.sidewaysOverflow(); over > 1 {
					t.Errorf("%s (%s, %s %d px): the page scrolls %d px sideways; sticking out: %v", path, lang, s.name, s.width, over, culps)
				}
			}
		}
	}
}
