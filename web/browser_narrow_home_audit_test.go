package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"igmc/locale"
)

// TestBrowserHomeAuditNarrow opens the home and audit pages on a phone's
// width (390 px) in both languages, for an officer and an administrator,
// and fails when the page itself is wider than the screen (a table must
// scroll inside its box instead).
func TestBrowserHomeAuditNarrow(t *testing.T) {
	srv, _ := browserServer(t)
	b := newBrowser(t, srv.URL)
	b.run(chromedp.EmulateViewport(390, 844))
	for _, who := range []string{"officer@example.org", "admin@example.org"} {
		b.signIn(who)
		for i, lang := range locale.Languages {
			if i > 0 {
				b.open("/")
				b.run(chromedp.Click(chromedp.CSS(`button[name="lang"][value="`+lang+`"]`)), chromedp.WaitVisible(chromedp.CSS(`html[lang^="`+lang+`"] form.signout`)))
			}
			for _, path := range []string{"/", "/audit", "/audit?entity=measurements"} {
				b.open(path)
				over := get(b, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
				if over > 0 {
					wide := get(b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))`))
					t.Errorf("%s (%s) as %s: the page is %d px wider than the 390 px screen: %v", path, lang, who, over, wide)
				}
				b.screenshot("narrow-" + who[:5] + "-" + lang)
			}
		}
		// Back to the first language for the next user's sign-in.
		b.run(chromedp.Click(chromedp.CSS(`button[name="lang"][value="`+locale.Languages[0]+`"]`)), chromedp.WaitVisible(chromedp.CSS(`html[lang^="`+locale.Languages[0]+`"] form.signout`)))
		b.signOut()
	}
}
