package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"igmc/indicators"
)

// viewport makes the open tab width × height CSS pixels, as a laptop or a
// phone shows it; newBrowser's window size is unchanged for other tests.
func (b *browser) viewport(width, height int) {
	b.t.Helper()
	b.run(chromedp.EmulateViewport(int64(width), int64(height)))
}

// language switches the pages to lang through the header's switch, unless
// they already are in it.
func (b *browser) language(lang string) {
	b.t.Helper()
	if get(b, chromedp.AttributeValue(chromedp.CSS("html"), "lang")).Value != map[string]string{"en": "en", "zh": "zh-Hans"}[lang] {
		b.run(chromedp.Click(chromedp.CSS(`button[name="lang"][value="`+lang+`"]`)),
			chromedp.WaitVisible(chromedp.CSS(`html[lang^="`+lang+`"] main h1`)))
	}
}

// typeInto empties a field and types text into it key by key, so that the
// page sees the input events a person makes.
func (b *browser) typeInto(id, text string) {
	b.t.Helper()
	b.run(chromedp.Evaluate[chromedp.Void](`document.getElementById(`+jsString(id)+`).value = ""`),
		chromedp.Focus(chromedp.CSS("#"+cssID(id))), chromedp.KeyEvent(text))
}

func jsString(s string) string { return fmt.Sprintf("%q", s) }

// cssID escapes an element id for a CSS selector.
func cssID(id string) string { return strings.NewReplacer(".", `\.`, ":", `\:`).Replace(id) }

// sideways is how far the page scrolls sideways: its width beyond the
// viewport's (0 when it does not scroll).
func (b *browser) sideways() int {
	b.t.Helper()
	return get(b, chromedp.Evaluate[int](`Math.max(0, document.documentElement.scrollWidth - window.innerWidth)`))
}

// onScreen reports whether the whole of the element matching sel lies in
// the viewport.
func (b *browser) onScreen(sel string) bool {
	b.t.Helper()
	return get(b, chromedp.Evaluate[bool](`(() => { const r = document.querySelector(`+jsString(sel)+`).getBoundingClientRect();
		return r.width > 0 && r.top >= -0.5 && r.left >= -0.5 && r.bottom <= window.innerHeight + 0.5 && r.right <= window.innerWidth + 0.5; })()`))
}

// TestBrowserEntry walks the entry form at 1366×900 and at 390×844 in both
// languages: the page never scrolls sideways, the save bar stays on screen,
// a changed number asks for its source, typed values survive a change of
// language and are saved, and "Correct it" lands on the rejected row.
func TestBrowserEntry(t *testing.T) {
	srv, store := browserServer(t)
	ctx := context.Background()
	c := &client{t: t, srv: srv, store: store}
	rejected, err := store.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY", Indicator: "SPC-08", Period: "2020-Q3", Limit: 1})
	if err != nil || len(rejected.Items) != 1 {
		t.Fatalf("SPC-08 2020-Q3: %v %+v", err, rejected)
	}
	reviewer := c.userToken("reviewer2@example.org", indicators.RoleReviewer, "LY")
	c.as(reviewer).do("POST", "/api/v1/measurements/"+itoa(rejected.Items[0].ID)+"/reject", `{"comment":"Check the quarter"}`, 200, nil)
	const row = "SPC-08__2020-Q3"

	b := newBrowser(t, srv.URL)
	b.signIn("officer@example.org")
	i := 0
	for _, size := range []struct{ w, h int }{{1366, 900}, {390, 844}} {
		for _, lang := range []string{"en", "zh"} {
			i++
			t.Run(fmt.Sprintf("%dx%d_%s", size.w, size.h, lang), func(t *testing.T) {
				b.t = t
				b.viewport(size.w, size.h)
				b.open("/")
				b.language(lang)
				name := fmt.Sprintf("%d-%s", size.w, lang)

				// "Correct it" on the home page lands on the rejected
				// quarter's row, marked and with the cursor in its field.
				b.run(chromedp.Click(chromedp.CSS(`a[href$="#m-`+row+`"]`)), chromedp.WaitVisible(chromedp.CSS("#entry-form")),
					chromedp.Poll[chromedp.Void](`document.readyState === "complete"`))
				if got := get(b, chromedp.Evaluate[string](`(document.querySelector(":target") || {}).id || ""`)); got != "m-"+row {
					t.Errorf("after Correct it, the :target is %q, want m-%s", got, row)
				}
				// The script puts the cursor there once the page has loaded.
				if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`document.activeElement.id === "v-`+row+`"`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
					t.Errorf("after Correct it, the focus is on %q, want v-%s (%v)", get(b, chromedp.Evaluate[string](`document.activeElement.id`)), row, err)
				}
				if !b.onScreen("#m-" + row) {
					t.Errorf("the rejected row is not scrolled into view")
				}
				b.screenshot("entry-correct-" + name)

				if n := b.sideways(); n > 0 {
					t.Errorf("the entry form scrolls %d px sideways", n)
				}
				t.Logf("scrollWidth %d, innerWidth %d, page height %d", get(b, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)),
					get(b, chromedp.Evaluate[int](`window.innerWidth`)), get(b, chromedp.Evaluate[int](`document.documentElement.scrollHeight`)))
				if out := get(b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#entry-form input:not([type=hidden]), .entry-savebar button"))
					.filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).map(e => e.id || e.name)`)); len(out) > 0 {
					t.Errorf("%d fields or buttons reach past the right edge: %v", len(out), out[:min(len(out), 5)])
				}
				for _, at := range []string{"0", "document.documentElement.scrollHeight / 2", "document.documentElement.scrollHeight"} {
					b.run(chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, ` + at + `)`))
					for _, sel := range []string{"#entry-savebar", `#entry-savebar button[value="draft"]`, `#entry-savebar button[value="submit"]`} {
						if !b.onScreen(sel) {
							t.Errorf("scrolled to %s, %s is not on the screen", at, sel)
						}
					}
				}
				if b.leaveWarns() {
					t.Error("the untouched form warns before leaving")
				}

				// A changed number empties its source, which asks again; the
				// save bar counts the change.
				number := fmt.Sprintf("1.%d", 10+i)
				b.typeInto("v-SPC-02", number)
				if src := get(b, chromedp.Value(chromedp.CSS("#s-SPC-02"))); src != "" {
					t.Errorf("after the number changed, its source still holds %q", src)
				}
				if !get(b, chromedp.Evaluate[bool](`!document.querySelector("#m-SPC-02 .entry-source-ask").hidden`)) {
					t.Error("the changed number does not ask for its source")
				}
				if got := b.text("#entry-changed"); !strings.Contains(got, "1") {
					t.Errorf("the save bar says %q after one change", got)
				}
				if !b.leaveWarns() {
					t.Error("leaving with a typed value does not warn")
				}
				source := "Browser yearbook " + name
				b.typeInto("s-SPC-02", source)
				b.screenshot("entry-typed-" + name)

				// Switching the language keeps what was typed.
				other := map[string]string{"en": "zh", "zh": "en"}[lang]
				b.run(chromedp.Click(chromedp.CSS(`button[name="lang"][value="`+other+`"]`)),
					chromedp.WaitVisible(chromedp.CSS(`html[lang^="`+other+`"] #entry-restored`)))
				for id, want := range map[string]string{"v-SPC-02": number, "s-SPC-02": source} {
					if got := get(b, chromedp.Value(chromedp.CSS("#"+id))); got != want {
						t.Errorf("after the language switch, %s holds %q, typed %q", id, got, want)
					}
				}
				if n := b.sideways(); n > 0 {
					t.Errorf("the form in the other language scrolls %d px sideways", n)
				}
				b.screenshot("entry-restored-" + name)

				// Saving writes them and leaves nothing kept for later.
				b.run(chromedp.Click(chromedp.CSS(`#entry-savebar button[value="draft"]`)), chromedp.WaitVisible(chromedp.CSS("main .flash")))
				m, err := store.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY", Indicator: "SPC-02", Period: "2020", Limit: 1})
				if err != nil || len(m.Items) != 1 || indicators.FormatNumber(m.Items[0].Value) != number || m.Items[0].Source != source {
					t.Errorf("after saving, SPC-02 2020 is %+v, want %s from %q", m.Items, number, source)
				}
				if kept := get(b, chromedp.Evaluate[int](`window.sessionStorage.length`)); kept != 0 {
					t.Errorf("%d sets of typed values are still kept after the save", kept)
				}
				if b.leaveWarns() {
					t.Error("the saved form still warns before leaving")
				}
			})
		}
	}
	b.t = t
	// The check itself: an element wider than the phone is caught.
	b.run(chromedp.Evaluate[chromedp.Void](`(() => { const d = document.createElement("div"); d.style.width = "2000px"; d.textContent = "wide";
		document.querySelector("main").appendChild(d); })()`))
	if n := b.sideways(); n < 2000-390 {
		t.Errorf("a 2000 px element makes the page scroll %d px sideways, want at least %d", n, 2000-390)
	}
}

// leaveWarns reports whether leaving the page now would ask first: the
// form's beforeunload handler cancels the event.
func (b *browser) leaveWarns() bool {
	b.t.Helper()
	return get(b, chromedp.Evaluate[bool](`(() => { const e = new Event("beforeunload", {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented; })()`))
}
