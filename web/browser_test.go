package web_test

// This file is longer than 400 lines on purpose: one Chromium session
// drives entry, review and the scorecard in both languages; its steps
// depend on each other and read best in order.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"igmc/indicators"
	"igmc/locale"
	"igmc/storage"
	"igmc/storage/storagetest"
	"igmc/web"
)

// chromium finds the browser for the browser tests: IGMC_CHROMIUM, else
// Debian's chromium on the PATH.
func chromium(t *testing.T) string {
	if p := os.Getenv("IGMC_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("IGMC_REQUIRE_BROWSER") != "" {
		t.Fatal("IGMC_REQUIRE_BROWSER is set but no Chromium was found")
	}
	t.Skip("no Chromium found (install Debian's chromium, or set IGMC_CHROMIUM): the browser tests are skipped; .ci/run installs it")
	return ""
}

// browser is a headless Chromium with a fresh profile, and where to save
// screenshots (IGMC_SCREENSHOTS) when asked.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
	shot int
}

func newBrowser(t *testing.T, base string) *browser {
	exe := chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTime(); cancel(); cancelAlloc() })
	b := &browser{t: t, ctx: ctx, base: base}
	b.run(chromedp.Navigate(base + "/healthz"))
	return b
}

func (b *browser) run(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// get runs one action that answers something.
func get[T any](b *browser, a chromedp.Action[T]) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, a)
	if err != nil {
		b.t.Fatalf("browser: %v", err)
	}
	return v
}

// open goes to path and waits for the page's main heading.
func (b *browser) open(path string) {
	b.t.Helper()
	if resp := get(b, chromedp.NavigateResponse(b.base+path)); resp == nil || resp.Status != 200 {
		b.t.Fatalf("GET %s: %v", path, resp)
	}
	b.run(chromedp.WaitVisible(chromedp.CSS("main h1")))
}

// text is the text of the first element matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	return get(b, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
}

// screenshot saves the page to $IGMC_SCREENSHOTS/NN-name.png when that
// variable is set.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	dir := os.Getenv("IGMC_SCREENSHOTS")
	if dir == "" {
		return
	}
	png := get(b, chromedp.FullScreenshot(100))
	b.shot++
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	test := strings.ReplaceAll(strings.TrimPrefix(b.t.Name(), "TestBrowser"), "/", "-")
	file := filepath.Join(dir, fmt.Sprintf("%s-%02d-%s.png", test, b.shot, name))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// signIn signs in through the form using the keyboard only: type the
// email, Tab to the password, type it and press Enter.
func (b *browser) signIn(email string) {
	b.t.Helper()
	b.run(chromedp.Navigate(b.base+"/login"), chromedp.WaitVisible(chromedp.CSS("#email")), chromedp.Focus(chromedp.CSS("#email")))
	b.run(chromedp.KeyEvent(email), chromedp.KeyEvent("\t"), chromedp.KeyEvent("correct horse battery"), chromedp.KeyEvent("\r"))
	b.run(chromedp.WaitVisible(chromedp.CSS(`form.signout`)))
}

func (b *browser) signOut() {
	b.t.Helper()
	b.run(chromedp.Click(chromedp.CSS(`form.signout button`)), chromedp.WaitVisible(chromedp.CSS("#email")))
}

// browserServer is a real server on a fresh database (SQLite unless an
// engine is given) with the demo loaded, an officer and a reviewer of LY.
func browserServer(t *testing.T, engine ...storage.Engine) (*httptest.Server, *storage.Store) {
	e := storage.SQLite
	if len(engine) > 0 {
		e = engine[0]
	}
	s := storagetest.Open(t, e)
	srv := httptest.NewServer(web.New(s, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	t.Cleanup(srv.Close)
	ctx := context.Background()
	if _, _, err := s.LoadDemo(ctx, indicators.System); err != nil {
		t.Fatal(err)
	}
	for _, u := range []indicators.UserInput{
		{Email: "officer@example.org", Name: "Officer", Role: indicators.RoleOfficer, Zones: []string{"LY"}},
		{Email: "reviewer@example.org", Name: "Reviewer", Role: indicators.RoleReviewer, Zones: []string{"LY"}},
		{Email: "admin@example.org", Name: "Admin", Role: indicators.RoleAdmin},
	} {
		u.Password = "correct horse battery"
		if _, err := s.CreateUser(ctx, u, indicators.System); err != nil {
			t.Fatal(err)
		}
	}
	return srv, s
}

// TestBrowserEnterReviewAndScore is the life of a year's values in a real
// browser: an officer enters them with one mistake, sees it in place with
// the rest kept, fixes it and submits; a reviewer approves; the official
// scorecard then uses them, in English and in Chinese.
func TestBrowserEnterReviewAndScore(t *testing.T) {
	chromium(t)
	for _, e := range storagetest.Engines() {
		t.Run(string(e), func(t *testing.T) { browserEnterReviewAndScore(t, e) })
	}
}

func browserEnterReviewAndScore(t *testing.T, e storage.Engine) {
	srv, store := browserServer(t, e)
	b := newBrowser(t, srv.URL)
	ctx := context.Background()
	const year = 2021

	// The values to enter: LY's 2020 values, one per field of the form.
	last, err := store.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY", Period: "2020", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := store.Catalogue(ctx, "igmc")
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]*indicators.Indicator{}
	for i := range cat.Indicators {
		byCode[cat.Indicators[i].Code] = &cat.Indicators[i]
	}
	values := map[string]string{}
	for _, m := range last.Items {
		values[m.IndicatorCode] = indicators.FormatNumber(m.Value)
	}

	b.signIn("officer@example.org")
	b.screenshot("home-officer-en")
	b.open(fmt.Sprintf("/zones/LY/entry?year=%d", year))
	ids := get(b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('input[id^="v-"]')).filter(e => !e.readOnly && !e.disabled).map(e => e.id)`))
	if len(ids) < 10 {
		t.Fatalf("the entry form has %d value fields", len(ids))
	}
	// One value below its indicator's minimum; every other field valid.
	wrong := ""
	for _, id := range ids {
		code := strings.TrimPrefix(id, "v-")
		ind := byCode[code]
		v, ok := values[code]
		if ind == nil || !ok {
			continue
		}
		if wrong == "" && ind.Min != nil {
			wrong = code
			v = indicators.FormatNumber(*ind.Min - 1)
		}
		b.run(chromedp.SetValue(chromedp.CSS("#"+id), v))
	}
	if wrong == "" {
		t.Fatal("no field has a minimum to break")
	}
	b.screenshot("entry-typed-en")
	b.run(chromedp.Click(chromedp.CSS(`button[name="action"][value="submit"]`)), chromedp.WaitVisible(chromedp.CSS("#err-"+wrong)))
	b.screenshot("entry-error-en")
	if msg := b.text("#err-" + wrong); strings.TrimSpace(msg) == "" {
		t.Error("the error beside the wrong field is empty")
	}
	if invalid := get(b, chromedp.AttributeValue(chromedp.CSS("#v-"+wrong), "aria-invalid")).Value; invalid != "true" {
		t.Errorf("the wrong field is not marked aria-invalid (%q)", invalid)
	}
	for _, id := range ids {
		code := strings.TrimPrefix(id, "v-")
		want, ok := values[code]
		if !ok || code == wrong {
			continue
		}
		if got := get(b, chromedp.Value(chromedp.CSS("#"+id))); got != want {
			t.Errorf("after the error, %s holds %q, typed %q", code, got, want)
		}
	}
	if page, _ := store.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY", Period: fmt.Sprint(year), Limit: 10}); page.Total != 0 {
		t.Fatalf("a form with an error wrote %d values", page.Total)
	}
	// Fix it, explain what the checks warn of (last year's figures typed
	// again break the zone's trend), and submit.
	b.run(chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('textarea[id^="x-"]').forEach(x => { x.value = 'Figures of the year before, confirmed by the statistics bureau' })`))
	b.run(chromedp.SetValue(chromedp.CSS("#v-"+wrong), values[wrong]),
		chromedp.Click(chromedp.CSS(`button[name="action"][value="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")))
	b.screenshot("entry-submitted-en")
	sub, err := store.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY", Period: fmt.Sprint(year), Status: indicators.Submitted, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	entered := 0
	for _, id := range ids {
		if _, ok := values[strings.TrimPrefix(id, "v-")]; ok {
			entered++
		}
	}
	if int(sub.Total) != entered {
		t.Fatalf("%d values submitted for %d, want %d", sub.Total, year, entered)
	}
	b.signOut()

	// The reviewer approves the zone's queue.
	b.signIn("reviewer@example.org")
	b.open(fmt.Sprintf("/review?zone=LY&year=%d", year))
	b.screenshot("review-en")
	b.run(chromedp.Click(chromedp.CSS("#select-all")),
		chromedp.Click(chromedp.CSS(`button[name="action"][value="approve"]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")))
	b.screenshot("review-approved-en")
	appr, err := store.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY", Period: fmt.Sprint(year), Status: indicators.Approved, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if int(appr.Total) != entered {
		t.Fatalf("%d values of %d approved, want %d", appr.Total, year, entered)
	}

	// The official scorecard uses them: the page shows the index the
	// store computes from the approved values.
	card, err := store.Scorecard(ctx, "igmc", "LY", year, "official")
	if err != nil {
		t.Fatal(err)
	}
	if card.Coverage < 0.5 {
		t.Fatalf("the official %d scorecard covers %.0f%% only", year, card.Coverage*100)
	}
	b.open(fmt.Sprintf("/zones/LY/scorecard?year=%d", year))
	b.screenshot("scorecard-en")
	page := get(b, chromedp.Text(chromedp.CSS("main")))
	wantPoints := strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.1f", card.Points.Earned), "0"), ".")
	if !strings.Contains(page, wantPoints) {
		t.Errorf("the scorecard page does not show the %s points earned:\n%.600s", wantPoints, page)
	}
	if card.Index.Score != nil {
		wantIndex := strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.1f", *card.Index.Score), "0"), ".")
		if !strings.Contains(page, wantIndex) {
			t.Errorf("the scorecard page does not show the index %s", wantIndex)
		}
	}

	// Switch to Chinese: the same scorecard, in Chinese.
	b.run(chromedp.Click(chromedp.CSS(`button[name="lang"][value="zh"]`)), chromedp.WaitVisible(chromedp.CSS(`html[lang="zh-Hans"] main h1`)))
	b.screenshot("scorecard-zh")
	page = get(b, chromedp.Text(chromedp.CSS("main")))
	for _, p := range cat.Perspectives {
		if !strings.Contains(page, p.NameZh) {
			t.Errorf("the Chinese scorecard lacks the perspective %s", p.NameZh)
		}
	}
	if !strings.Contains(page, wantPoints) {
		t.Errorf("the Chinese scorecard does not show the %s points earned", wantPoints)
	}
	if han := regexp.MustCompile(`\p{Han}`).FindAllString(page, -1); len(han) < 20 {
		t.Errorf("the Chinese scorecard has %d Chinese characters", len(han))
	}
}

// TestBrowserEveryPage opens every page as an administrator in both
// languages, checks that it renders its heading without a script error or
// an untranslated key, and saves a screenshot of each when
// IGMC_SCREENSHOTS is set.
func TestBrowserEveryPage(t *testing.T) {
	srv, store := browserServer(t)
	b := newBrowser(t, srv.URL)
	c := &client{t: t, srv: srv, store: store}
	paths := pagePaths(t, c)
	b.signIn("admin@example.org")
	for i, lang := range locale.Languages {
		if i == 0 {
			// A new user's pages start in the default language.
			b.open("/")
			if got := get(b, chromedp.AttributeValue(chromedp.CSS("html"), "lang")).Value; got != lang {
				t.Fatalf("a new user's pages are in %q, want %s", got, lang)
			}
		} else {
			b.run(chromedp.Click(chromedp.CSS(`button[name="lang"][value="`+lang+`"]`)), chromedp.WaitVisible(chromedp.CSS(`html[lang^="`+lang+`"] form.signout`)))
		}
		for _, path := range paths {
			if strings.HasPrefix(path, "/import/template") {
				continue // a download
			}
			b.open(path)
			body := get(b, chromedp.Text(chromedp.CSS("body")))
			htmlLang := get(b, chromedp.AttributeValue(chromedp.CSS("html"), "lang")).Value
			if strings.Contains(body, locale.MissingMark) {
				t.Errorf("%s (%s): untranslated key on the page", path, lang)
			}
			if !strings.HasPrefix(htmlLang, lang) {
				t.Errorf("%s: page language %q, want %s", path, htmlLang, lang)
			}
			name := strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(strings.SplitN(path, "?", 2)[0]), "-"), "-")
			if name == "" {
				name = "home"
			}
			b.screenshot(name + "-" + lang)
		}
	}
}

// keyboardUnreachable presses Tab through the open page and returns the
// visible links, buttons and fields that never received the focus.
func (b *browser) keyboardUnreachable() []string {
	b.t.Helper()
	n := get(b, chromedp.Evaluate[int](`(() => {
		const els = Array.from(document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary'))
			.filter(e => !e.disabled && e.checkVisibility({checkVisibilityCSS: true, contentVisibilityAuto: true}));
		els.forEach((e, i) => e.setAttribute('data-kb', i));
		window.kbSeen = new Set();
		document.addEventListener('focusin', ev => { const k = ev.target.getAttribute && ev.target.getAttribute('data-kb'); if (k !== null) window.kbSeen.add(k); });
		document.activeElement && document.activeElement.blur();
		return els.length;
	})()`))
	if n == 0 {
		b.t.Fatal("no focusable element on the page")
	}
	// Scrollable boxes are tab stops too, hence more presses than elements.
	for i := 0; i < 2*n+10; i++ {
		b.run(chromedp.KeyEvent("\t"))
	}
	return get(b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('[data-kb]'))
		.filter(e => !window.kbSeen.has(e.getAttribute('data-kb')))
		.map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.name ? '[name=' + e.name + ']' : '') + ' ' + (e.textContent || '').trim().slice(0, 40))`))
}

// TestBrowserKeyboard checks that every link, button and field of every
// page can be reached with the Tab key alone (the sign-in form is filled
// by keyboard in every browser test).
func TestBrowserKeyboard(t *testing.T) {
	srv, store := browserServer(t)
	b := newBrowser(t, srv.URL)
	b.signIn("admin@example.org")
	paths := []string{"/zones/LY/entry?year=2020", "/review?zone=LY"} // full forms and queues
	for _, path := range pagePaths(t, &client{t: t, srv: srv, store: store}) {
		if !strings.HasPrefix(path, "/import/template") && !strings.HasPrefix(path, "/login") {
			paths = append(paths, path)
		}
	}
	for _, path := range paths {
		b.open(path)
		if missed := b.keyboardUnreachable(); len(missed) > 0 {
			t.Errorf("%s: %d elements cannot be reached by keyboard: %v", path, len(missed), missed[:min(len(missed), 10)])
		}
	}
	// The check itself: a link taken out of the tab order is reported.
	b.open("/")
	b.run(chromedp.Evaluate[chromedp.Void](`(() => { const a = document.createElement('a'); a.href = '/catalogue'; a.id = 'kb-trap';
		a.tabIndex = -1; a.textContent = 'unreachable'; document.querySelector('main').appendChild(a); })()`))
	if missed := b.keyboardUnreachable(); len(missed) != 1 || !strings.Contains(missed[0], "kb-trap") {
		t.Errorf("a link out of the tab order is not reported: %v", missed)
	}
}
