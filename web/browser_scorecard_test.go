package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"igmc/locale"
)

// sidewaysCulprits lists the elements that reach past the right edge of
// the viewport without a scrolling box of their own between them and the
// page: what makes the page scroll sideways.
const sidewaysCulprits = `(() => {
  const w = window.innerWidth, out = [];
  const inScroller = el => { for (let p = el.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > w + 1 && !inScroller(el)) out.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') + ' ' + Math.round(r.right));
  }
  return out.slice(0, 8);
})()`

// wrappedWords counts the trend, plan and status words laid out on more
// than one line.
const wrappedWords = `Array.from(document.querySelectorAll('.sc-word, .report-word, .hist-word')).filter(e => {
  const r = document.createRange(); r.selectNodeContents(e);
  const rs = Array.from(r.getClientRects()).filter(x => x.width > 0);
  if (!rs.length) return false;
  const h = Math.max(...rs.map(x => x.bottom)) - Math.min(...rs.map(x => x.top));
  return h > 1.6 * parseFloat(getComputedStyle(e).fontSize) * 1.5;
}).length`

// TestBrowserScorecardPagesFit opens the scorecard, progress, history,
// catalogue and comparison pages in both languages at a laptop's and a
// phone's width: none may scroll sideways (a wide table scrolls inside
// its own box), and the indicator names keep a readable width.
func TestBrowserScorecardPagesFit(t *testing.T) {
	srv, _ := browserServer(t)
	b := newBrowser(t, srv.URL)
	b.signIn("admin@example.org")
	pages := []string{
		"/zones/LY/scorecard?year=2019",
		"/zones/LY/progress?year=2019",
		"/zones/LY/indicators/SPC-01/history?year=2019",
		"/zones/LY/indicators/SPC-08/history?year=2019",
		"/catalogue",
		"/catalogue?q=SPC&sort=points&dir=desc",
		"/compare?year=2019",
		"/compare?year=2019&q=LY-&sort=p-environment&dir=desc",
	}
	for i, lang := range locale.Languages {
		if i > 0 {
			b.open("/")
			b.run(chromedp.Click(chromedp.CSS(`button[name="lang"][value="`+lang+`"]`)), chromedp.WaitVisible(chromedp.CSS(`html[lang^="`+lang+`"] form.signout`)))
		}
		for _, size := range [][2]int64{{1366, 900}, {390, 844}} {
			b.run(chromedp.EmulateViewport(size[0], size[1]))
			for _, path := range pages {
				b.open(path)
				if got := get(b, chromedp.AttributeValue(chromedp.CSS("html"), "lang")).Value; !strings.HasPrefix(got, lang) {
					t.Fatalf("%s: page language %q, want %s", path, got, lang)
				}
				where := fmt.Sprintf("%s at %d px (%s)", path, size[0], lang)
				scroll := get(b, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
				if scroll[0] > scroll[1] {
					t.Errorf("%s scrolls sideways: %d px wide in %d; too wide: %v", where, scroll[0], scroll[1],
						get(b, chromedp.Evaluate[[]string](sidewaysCulprits)))
				}
				// The names of the scorecard and progress tables keep at
				// least 10rem (160 px), however narrow the screen.
				if narrow := get(b, chromedp.Evaluate[int](`Array.from(document.querySelectorAll('td.sc-name, td.report-name')).filter(e => e.offsetWidth < 160).length`)); narrow > 0 {
					t.Errorf("%s: %d indicator names narrower than 10rem", where, narrow)
				}
				// Trend, plan and status words stay on one line.
				if broken := get(b, chromedp.Evaluate[int](wrappedWords)); broken > 0 {
					t.Errorf("%s: %d trend, plan or status words wrap", where, broken)
				}
				name := strings.Trim(strings.NewReplacer("/", "-", "?", "-", "&", "-", "=", "-").Replace(path), "-")
				b.screenshot(fmt.Sprintf("%s-%d-%s", name, size[0], lang))
			}
		}
	}
}
