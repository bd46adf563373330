package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"igmc/indicators"
)

// queueLayout is what the review queue's layout check measures.
type queueLayout struct {
	Rows        int      `json:"rows"`
	Buttons     int      `json:"buttons"`
	Outside     []string `json:"outside"`
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
}

// measureQueue measures the open page: how wide its content is against
// the window, and which decision buttons (of the rows, of the whole
// selection and of the confirmation) lie left or right of the visible
// width, or have no size at all.
func (b *browser) measureQueue() queueLayout {
	b.t.Helper()
	return get(b, chromedp.Evaluate[queueLayout](`(() => {
		const w = document.documentElement.clientWidth;
		const buttons = Array.from(document.querySelectorAll('tr[data-id] td.decide button, button[data-all], button[data-confirm-count]'));
		const outside = buttons.filter(b => { const r = b.getBoundingClientRect(); return r.width === 0 || r.height === 0 || r.left < 0 || r.right > w; })
			.map(b => { const r = b.getBoundingClientRect(); return (b.value || b.textContent.trim()) + ' at ' + Math.round(r.left) + '–' + Math.round(r.right) + ' of ' + w; });
		return {rows: document.querySelectorAll('tr[data-id]').length, buttons: buttons.length, outside,
			scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth};
	})()`))
}

// checkQueue fails unless the open page fits its window's width and every
// decision button lies within it; rows is the least number of rows the
// page must show.
func (b *browser) checkQueue(what string, rows int) {
	b.t.Helper()
	m := b.measureQueue()
	if m.Rows < rows {
		b.t.Errorf("%s: %d rows, want at least %d", what, m.Rows, rows)
	}
	if m.Rows > 0 && m.Buttons < 2*m.Rows {
		b.t.Errorf("%s: %d decision buttons for %d rows", what, m.Buttons, m.Rows)
	}
	if m.ScrollWidth > m.InnerWidth {
		b.t.Errorf("%s: the page is %d px wide in a %d px window: it scrolls sideways", what, m.ScrollWidth, m.InnerWidth)
	}
	if len(m.Outside) > 0 {
		b.t.Errorf("%s: %d of %d buttons are outside the window: %v", what, len(m.Outside), m.Buttons, m.Outside[:min(len(m.Outside), 5)])
	}
}

// TestBrowserReviewQueueFits opens the review queue as a reviewer in
// English and in Chinese at 1366×900 and at 390×844: the page never
// scrolls sideways and every row's Approve and Reject buttons, the
// whole-selection buttons and the confirmation's lie within the window's
// width. Then a row is rejected with its own comment from the browser.
func TestBrowserReviewQueueFits(t *testing.T) {
	chromium(t)
	srv, store := browserServer(t)
	b := newBrowser(t, srv.URL)
	ctx := context.Background()
	reviewer := &indicators.Principal{Email: "reviewer@example.org", Role: indicators.RoleReviewer, Zones: map[string]bool{"LY": true}}
	sel, err := store.ReviewSelectionOf(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY", Zones: reviewer.ScopeCodes()})
	if err != nil || sel.Count < 10 {
		t.Fatalf("the demo's LY queue holds %d values (%v)", sel.Count, err)
	}
	whole := min(int(sel.Count), 100)

	b.signIn("reviewer@example.org")
	for _, lang := range []string{"en", "zh"} {
		if lang == "zh" {
			b.viewport(1366, 900)
			b.open("/review")
			b.run(chromedp.Click(chromedp.CSS(`button[name="lang"][value="zh"]`)), chromedp.WaitVisible(chromedp.CSS(`html[lang="zh-Hans"] main h1`)))
		}
		for _, size := range []struct{ w, h int64 }{{1366, 900}, {390, 844}} {
			b.viewport(int(size.w), int(size.h))
			at := fmt.Sprintf("%s at %d×%d", lang, size.w, size.h)
			for _, path := range []string{"/review?zone=LY", "/review?zone=LY&sort=change", "/review?sort=warnings"} {
				b.open(path)
				b.checkQueue(path+" "+at, min(whole, 10))
			}
			b.screenshot(fmt.Sprintf("review-%dx%d-%s", size.w, size.h, lang))
			// The confirmation of a decision on the whole selection.
			b.open("/review?zone=LY")
			b.run(chromedp.Click(chromedp.CSS(`button[data-all="approve"]`)), chromedp.WaitVisible(chromedp.CSS(`button[data-confirm-count]`)))
			if got := get(b, chromedp.AttributeValue(chromedp.CSS(`button[data-confirm-count]`), "data-confirm-count")).Value; got != fmt.Sprint(sel.Count) {
				t.Errorf("%s: the confirmation names %s values, the selection holds %d", at, got, sel.Count)
			}
			b.checkQueue("confirmation "+at, 0)
			b.screenshot(fmt.Sprintf("review-confirm-%dx%d-%s", size.w, size.h, lang))
		}
	}

	// A row's own comment and Reject button, at phone size.
	b.open("/review?zone=LY&sort=zone")
	id := get(b, chromedp.AttributeValue(chromedp.CSS(`tr[data-id]`), "data-id")).Value
	b.run(chromedp.SetValue(chromedp.CSS("#c-"+id), "请核对统计口径"),
		chromedp.Click(chromedp.CSS(`button[name="one"][value="reject:`+id+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")))
	if url := get(b, chromedp.Location()); !strings.HasSuffix(url, "/review?framework=igmc&sort=zone&zone=LY") {
		t.Errorf("after the decision the browser is at %s", url)
	}
	var mid int64
	fmt.Sscan(id, &mid)
	m, err := store.Measurement(ctx, mid)
	if err != nil || m.Status != indicators.Rejected || m.ReviewComment != "请核对统计口径" {
		t.Errorf("the row's value after its Reject: %s %q (%v)", m.Status, m.ReviewComment, err)
	}
}
