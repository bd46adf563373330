package web_test

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/locale"
	"igmc/storage"
	"igmc/storage/storagetest"
	"igmc/web"
)

// TestBrowserZoneListPages shows a second page of the paged zone lists
// (the quality report, the zones tab) and a zone text field in Chromium,
// at a laptop's and a phone's width in both languages: the pager shows,
// nothing scrolls sideways.
func TestBrowserZoneListPages(t *testing.T) {
	s := storagetest.Open(t, storage.SQLite)
	srv := httptest.NewServer(web.New(s, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	t.Cleanup(srv.Close)
	c := &client{t: t, srv: srv, store: s}
	withManyZones(t, c, 300)
	c.userToken("admin@example.org", indicators.RoleAdmin)
	b := newBrowser(t, srv.URL)
	b.signIn("admin@example.org")
	for _, lang := range locale.Languages {
		b.fit(screens[0])
		b.open("/")
		b.switchLanguage(lang)
		for _, sc := range screens {
			b.fit(sc)
			for _, p := range []struct{ path, name string }{
				{"/quality?framework=igmc&year=2019&page=2", "quality-page-2"},
				{"/admin?tab=zones&page=2", "admin-zones-page-2"},
				{"/follow-ups?framework=igmc&zone=Z0250", "follow-ups-zone-field"},
			} {
				b.open(p.path)
				if strings.Contains(p.path, "page=2") && !strings.Contains(b.text(".cmp-pager"), "51–100") {
					t.Errorf("%s (%s, %s): the pager does not show zones 51–100", p.path, lang, sc.name)
				}
				if over, culps := b.sidewaysOverflow(); over > 1 {
					t.Errorf("%s (%s, %s): the page scrolls %d px sideways; sticking out: %v", p.path, lang, sc.name, over, culps)
				}
				b.screenshotScreen(p.name + "-" + lang + "-" + sc.name)
			}
		}
	}
}
