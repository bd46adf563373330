package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"igmc/locale"
)

// screen is a window a page must fit: a laptop's and a phone's.
type screen struct {
	name          string
	width, height int64
	phone         bool
}

var screens = []screen{{"laptop", 1366, 900, false}, {"phone", 390, 844, true}}

// fit sets the browser's viewport to s; a phone gets a touch screen and
// lays pages out by their viewport meta tag, as a real one does.
func (b *browser) fit(s screen) {
	b.t.Helper()
	if s.phone {
		b.run(chromedp.EmulateViewport(s.width, s.height, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	} else {
		b.run(chromedp.EmulateViewport(s.width, s.height))
	}
}

// sidewaysOverflow answers how far the open page is wider than its window,
// and the elements that stick out past the right edge without a box of
// their own that scrolls or clips them (the outermost of each), and any
// positioned element past the edge (a scrolling box does not hold one
// whose containing block is outside it).
func (b *browser) sidewaysOverflow() (int, []string) {
	b.t.Helper()
	type result struct {
		Over  int      `json:"over"`
		Culps []string `json:"culps"`
	}
	r := get(b, chromedp.Evaluate[result](`(() => {
		const w = document.documentElement.clientWidth;
		const over = document.documentElement.scrollWidth - w;
		const clipped = e => { for (let p = e.parentElement; p; p = p.parentElement) {
			const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return p !== document.documentElement && p !== document.body; }
			return false; };
		const culps = [];
		if (over > 1) for (const e of document.querySelectorAll('body *')) {
			const r = e.getBoundingClientRect();
			const sticks = x => { const q = x.getBoundingClientRect(); return q.width > 0 && q.right > w + 1; };
			// Only the outermost element that sticks out, not its children.
			const free = ['absolute', 'fixed'].includes(getComputedStyle(e).position);
			if (sticks(e) && (free || !clipped(e)) && !(e.parentElement && e.parentElement !== document.body && sticks(e.parentElement))) {
				culps.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '') + ' right=' + Math.round(r.right));
				if (culps.length >= 6) break;
			}
		}
		return {over, culps};
	})()`))
	return r.Over, r.Culps
}

// TestBrowserPagesFitTheScreen opens every page in both languages on a
// 1366×900 laptop and a 390×844 phone and fails when the page scrolls
// sideways: a wide table must scroll inside its own box. With
// IGMC_SCREENSHOTS set it saves every page at both sizes.
func TestBrowserPagesFitTheScreen(t *testing.T) {
	srv, store := browserServer(t)
	b := newBrowser(t, srv.URL)
	c := &client{t: t, srv: srv, store: store}
	paths := []string{"/zones/LY/entry?year=2020", "/review?zone=LY", "/api/docs"}
	for _, p := range pagePaths(t, c) {
		if !strings.HasPrefix(p, "/import/template") && !strings.HasPrefix(p, "/login") && !slices.Contains(paths, p) {
			paths = append(paths, p)
		}
	}
	b.signIn("admin@example.org")
	// The check itself: a page made wider than the window is caught.
	b.fit(screens[1])
	b.open("/")
	b.run(chromedp.Evaluate[chromedp.Void](`(() => { const d = document.createElement('div'); d.id = 'too-wide';
		d.style.width = '2000px'; d.textContent = 'x'; document.querySelector('main').appendChild(d); })()`))
	if over, culps := b.sidewaysOverflow(); over < 1000 || len(culps) == 0 || !strings.Contains(strings.Join(culps, " "), "too-wide") {
		t.Fatalf("a page 2000 px wide is not caught: %d %v", over, culps)
	}
	for _, lang := range locale.Languages {
		b.fit(screens[0])
		b.open("/")
		b.switchLanguage(lang)
		for _, s := range screens {
			b.fit(s)
			for _, path := range paths {
				t.Logf("%s %s %s", lang, s.name, path)
				b.open(path)
				if over, culps := b.sidewaysOverflow(); over > 1 {
					t.Errorf("%s (%s, %s %d px): the page scrolls %d px sideways; sticking out: %v", path, lang, s.name, s.width, over, culps)
				}
				name := strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(strings.SplitN(path, "?", 2)[0]), "-"), "-")
				if name == "" {
					name = "home"
				}
				if strings.HasPrefix(name, "reset-") {
					name = "reset" // not the link's secret
				}
				if s.phone {
					// A phone's whole page can be taller than Chromium
					// draws at once: its first screen is what a reader sees.
					b.screenshotScreen(fmt.Sprintf("%s-%s-%s", name, lang, s.name))
				} else {
					b.screenshot(fmt.Sprintf("%s-%s-%s", name, lang, s.name))
				}
			}
		}
	}
}

// switchLanguage changes the pages' language with the header's switch, if
// they are not in it yet, and waits for the new page itself (not the old
// one still showing), so the next navigation does not cut the switch short.
func (b *browser) switchLanguage(lang string) {
	b.t.Helper()
	if strings.HasPrefix(get(b, chromedp.AttributeValue(chromedp.CSS("html"), "lang")).Value, lang) {
		return
	}
	b.run(chromedp.Evaluate[chromedp.Void](`document.body.setAttribute('data-old-page', '')`),
		chromedp.Click(chromedp.CSS(`button[name="lang"][value="`+lang+`"]`)))
	b.run(chromedp.WaitNotPresent(chromedp.CSS(`body[data-old-page]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang^="`+lang+`"] form.signout`)))
}

// screenshotScreen saves what the window shows, as screenshot saves the
// whole page.
func (b *browser) screenshotScreen(name string) {
	b.t.Helper()
	dir := os.Getenv("IGMC_SCREENSHOTS")
	if dir == "" {
		return
	}
	png := get(b, chromedp.CaptureScreenshot())
	b.shot++
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	test := strings.ReplaceAll(strings.TrimPrefix(b.t.Name(), "TestBrowser"), "/", "-")
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%02d-%s.png", test, b.shot, name)), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}
