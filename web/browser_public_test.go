package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"igmc/indicators"
)

// TestBrowserPublicPagerFitsAPhone opens the second page of the public
// site's zones on a 390×844 phone in both languages: the pager says which
// zones it shows, links both ways, and the page does not scroll sideways.
func TestBrowserPublicPagerFitsAPhone(t *testing.T) {
	chromium(t)
	srv, store := browserServer(t)
	c := &client{t: t, srv: srv, store: store}
	withManyZones(t, c, 250)
	ctx := context.Background()
	if _, err := store.SetPublicMode(ctx, "igmc", indicators.PublishApproved, indicators.System); err != nil {
		t.Fatal(err)
	}
	zones, err := store.ListZones(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := strconv.Itoa(len(zones))
	b := newBrowser(t, srv.URL)
	b.fit(screens[1])
	for lang, words := range map[string]string{"en": "Zones 201–" + n + " of " + n, "zh": "第 201–" + n + " 个区域，共 " + n + " 个"} {
		for _, p := range []string{"/public/igmc/" + lang + "/index-2.html", "/public/igmc/" + lang + "/perspectives/index-2.html"} {
			b.open(p)
			if got := b.text("nav.pager"); !strings.Contains(got, words) {
				t.Errorf("%s: the pager says %q, want %q", p, got, words)
			}
			if href := get(b, chromedp.AttributeValue(chromedp.CSS(`nav.pager a[rel="prev"]`), "href")).Value; href != "index.html" {
				t.Errorf("%s: the previous page is %q", p, href)
			}
			if over, culps := b.sidewaysOverflow(); over > 1 {
				t.Errorf("%s: the page scrolls %d px sideways; sticking out: %v", p, over, culps)
			}
			b.screenshotScreen(strings.ReplaceAll(strings.Trim(p, "/"), "/", "-"))
		}
	}
}
