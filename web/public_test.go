package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/reports"
)

// The public site: what an anonymous visitor reaches from /public, in both
// languages, and nothing else.

// publicSecrets are strings no public file may contain: the draft and
// submitted-only values the test adds, and the users' emails and names.
var publicSecrets = []string{"97.6543", "8.65432", "8.6543", "example.org", "Zhao Hidden"}

// publicSetup loads the demo, adds values that must not be published (a
// draft over an approved 2019 value, a value submitted but not approved,
// a draft of 2021) and a named user, and publishes igmc's approved values.
func publicSetup(t *testing.T, c *client) {
	t.Helper()
	c.demo()
	ctx := context.Background()
	if _, err := c.store.CreateUser(ctx, indicators.UserInput{Email: "zhao@example.org", Name: "Zhao Hidden", Role: indicators.RoleOfficer, Password: "correct horse battery"}, indicators.System); err != nil {
		t.Fatal(err)
	}
	var m measurementJSON
	c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY-N","indicator_code":"SPC-01","period":"2019","value":97.6543}`, 201, nil)
	c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY-N","indicator_code":"SPC-02","period":"2018","value":8.65432}`, 201, &m)
	c.do("POST", "/api/v1/measurements/"+itoa(m.ID)+"/submit", `{}`, 200, nil)
	c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY-N","indicator_code":"SPC-01","period":"2021","value":97.6543}`, 201, nil)
	c.do("PUT", "/api/v1/frameworks/igmc/public", `{"mode":"approved"}`, 200, nil)
}

// fetcher gets a path of a site: its status, content type and body.
type fetcher func(path string) (int, string, []byte)

func httpFetcher(t *testing.T, base string, follow bool) fetcher {
	cl := &http.Client{}
	if !follow {
		cl.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	return func(p string) (int, string, []byte) {
		resp, err := cl.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), b
	}
}

var linkRe = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// crawl follows every link from start that stays under prefix and returns
// each file reached by its path. A link that is broken (not 200), leaves
// prefix or names /api/ or evidence fails the test.
func crawl(t *testing.T, get fetcher, prefix, start string) map[string][]byte {
	t.Helper()
	seen := map[string][]byte{}
	queue := []string{start}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if _, ok := seen[p]; ok {
			continue
		}
		status, ctype, body := get(p)
		if status != http.StatusOK {
			t.Errorf("%s: status %d", p, status)
			seen[p] = nil
			continue
		}
		seen[p] = body
		if !strings.HasPrefix(ctype, "text/html") {
			continue
		}
		base, _ := url.Parse(p)
		for _, m := range linkRe.FindAllSubmatch(body, -1) {
			ref, err := url.Parse(string(m[1]))
			if err != nil || ref.Scheme != "" || ref.Host != "" {
				t.Errorf("%s: link %q is not relative to the site", p, m[1])
				continue
			}
			next := base.ResolveReference(ref).Path
			switch {
			case !strings.HasPrefix(next, prefix):
				t.Errorf("%s: link %q leaves %s", p, m[1], prefix)
			case strings.Contains(next, "/api/") || strings.Contains(next, "evidence"):
				t.Errorf("%s: link %q names the API or evidence", p, m[1])
			default:
				queue = append(queue, next)
			}
		}
	}
	return seen
}

// checkPublicFiles checks that no file holds a secret (data.zip is read
// inside), that both languages were reached and that no unpublished year
// shows.
func checkPublicFiles(t *testing.T, files map[string][]byte) {
	t.Helper()
	langs := map[string]int{}
	for p, body := range files {
		texts := [][]byte{body}
		if strings.HasSuffix(p, ".zip") {
			zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			for _, f := range zr.File {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				texts = append(texts, b)
			}
			if len(zr.File) != 4 {
				t.Errorf("%s holds %d files, want catalogue, scorecards, perspectives and values", p, len(zr.File))
			}
		}
		for _, b := range texts {
			for _, s := range publicSecrets {
				if bytes.Contains(b, []byte(s)) {
					t.Errorf("%s shows %q", p, s)
				}
			}
		}
		if strings.Contains(p, "/2020/") || strings.Contains(p, "/2021/") {
			t.Errorf("%s: a year without approved values is published", p)
		}
		for _, l := range []string{"/zh/", "/en/"} {
			if strings.Contains(p, l) {
				langs[l]++
				if bytes.Contains(body, []byte("⟦")) {
					t.Errorf("%s has a text missing in its language", p)
				}
				if strings.HasSuffix(p, ".html") {
					for _, problem := range accessibilityProblems(string(body)) {
						t.Errorf("%s: %s", p, problem)
					}
				}
			}
		}
	}
	if langs["/zh/"] == 0 || langs["/zh/"] != langs["/en/"] {
		t.Errorf("pages by language: %v, want the same number of each", langs)
	}
}

func TestPublicSiteCrawl(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		anon := httpFetcher(t, c.srv.URL, false)
		if st, _, _ := anon("/public/igmc/zh/index.html"); st != http.StatusNotFound {
			t.Fatalf("an unpublished framework's site: status %d, want 404", st)
		}
		publicSetup(t, c)
		files := crawl(t, anon, "/public", "/public")
		checkPublicFiles(t, files)
		paths, err := reports.PublicPaths(context.Background(), c.store, "igmc")
		if err != nil {
			t.Fatal(err)
		}
		if len(paths) < 100 {
			t.Fatalf("the site has %d files", len(paths))
		}
		for _, p := range paths {
			if _, ok := files["/public/igmc/"+p]; !ok {
				t.Errorf("%s was not reached", p)
			}
		}
		if len(files) != len(paths)+1 {
			t.Errorf("reached %d files, want the %d of the site and /public", len(files), len(paths))
		}
		zh := string(files["/public/igmc/zh/index.html"])
		if !strings.Contains(zh, `lang="zh-Hans"`) || !strings.Contains(zh, `href="../en/index.html"`) {
			t.Errorf("the Chinese index has no language switch to English:\n%.600s", zh)
		}
		// Not public: the API, the pages, the evidence, the settings.
		for _, p := range []string{"/api/v1/zones", "/api/v1/measurements?framework=igmc", "/api/v1/zones/LY/scorecard?year=2019",
			"/api/v1/audit/events", "/api/v1/exports/bundle.zip?framework=igmc&year=2019", "/api/v1/evidence/" + strings.Repeat("a", 64),
			"/api/v1/public-settings", "/public/igmc/../../api/v1/zones", "/public/nope/zh/index.html", "/public/igmc/zh/zones/LY-BIO/2020/index.html",
			"/public/igmc/zh/indicators/NOPE/index.html", "/public/igmc/xx/index.html"} {
			st, _, body := anon(p)
			if st != http.StatusUnauthorized && st != http.StatusNotFound {
				t.Errorf("anonymous %s: status %d, want 401 or 404: %.200s", p, st, body)
			}
		}
		for _, p := range []string{"/zones/LY/scorecard", "/admin", "/audit", "/catalogue"} {
			if st, _, _ := anon(p); st != http.StatusSeeOther {
				t.Errorf("anonymous page %s: status %d, want 303 to sign in", p, st)
			}
		}
	})
}

func TestPublicSiteCaches(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		publicSetup(t, c)
		resp, err := http.Get(c.srv.URL + "/public/igmc/en/index.html")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		etag := resp.Header.Get("ETag")
		if resp.StatusCode != 200 || etag == "" || !strings.Contains(resp.Header.Get("Cache-Control"), "public") {
			t.Fatalf("status %d, ETag %q, Cache-Control %q", resp.StatusCode, etag, resp.Header.Get("Cache-Control"))
		}
		req, _ := http.NewRequest("GET", c.srv.URL+"/public/igmc/en/index.html", nil)
		req.Header.Set("If-None-Match", etag)
		resp, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotModified || len(b) != 0 {
			t.Fatalf("with If-None-Match: status %d, %d bytes, want 304 and none", resp.StatusCode, len(b))
		}
		// A newly approved value changes the page and its ETag.
		c.do("PUT", "/api/v1/frameworks/igmc/public", `{"mode":"off"}`, 200, nil)
		resp, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Fatalf("after unpublishing: status %d, want 404", resp.StatusCode)
		}
		var e apiError
		c.do("PUT", "/api/v1/frameworks/igmc/public", `{"mode":"everything"}`, 422, &e)
		if len(e.Error.Fields) != 1 || e.Error.Fields[0].Field != "mode" {
			t.Fatalf("a bad mode: %+v", e)
		}
		var ps listOf[indicators.PublicSetting]
		c.do("GET", "/api/v1/public-settings", "", 200, &ps)
		if len(ps.Items) == 0 || ps.Items[0].Framework != "igmc" || ps.Items[0].Mode != indicators.PublishOff || ps.Items[0].ChangedBy != "admin@example.org" {
			t.Fatalf("settings: %+v", ps.Items)
		}
	})
}

// TestPublicStaticSite writes the site as files, serves the folder with
// http.FileServer, finds no broken link in it and the same bytes as the
// live pages.
func TestPublicStaticSite(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		publicSetup(t, c)
		dir := t.TempDir()
		n, err := reports.PublishSite(context.Background(), c.store, "igmc", dir)
		if err != nil {
			t.Fatal(err)
		}
		fs := httptest.NewServer(http.FileServer(http.Dir(dir)))
		defer fs.Close()
		files := crawl(t, httpFetcher(t, fs.URL, true), "/", "/")
		checkPublicFiles(t, files)
		if len(files) != n {
			t.Errorf("reached %d files of the %d written", len(files), n)
		}
		live := httpFetcher(t, c.srv.URL, false)
		for p, body := range files {
			rel := strings.TrimPrefix(p, "/")
			st, _, want := live("/public/igmc/" + rel)
			if st != http.StatusOK || !bytes.Equal(body, want) {
				t.Errorf("%s: the file differs from the live page (status %d)", p, st)
			}
		}
	})
}

// publicSamples are the authorization matrix's requests of the public
// site and its setting.
func (e *matrixEnv) publicSamples() map[string]sample {
	return map[string]sample{
		"GET /public": {path: "/public", ok: 200},
		"GET /public/:fw/*file": {ok: 200, prepare: func(t *testing.T, _ matrixCaller) prepared {
			m := e.fresh(t, true)
			if _, err := e.c.store.Review(context.Background(), []int64{m.ID}, indicators.ActionApprove, "", indicators.System); err != nil {
				t.Fatal(err)
			}
			e.admin(t).do("PUT", "/api/v1/frameworks/igmc/public", `{"mode":"approved"}`, 200, nil)
			return prepared{path: "/public/igmc/en/index.html"}
		}},
		"GET /api/v1/public-settings":       {path: "/api/v1/public-settings", ok: 200},
		"PUT /api/v1/frameworks/:fw/public": {path: "/api/v1/frameworks/igmc/public", body: `{"mode":"approved"}`, ok: 200},
		"POST /admin/public":                {path: "/admin/public", ctype: formType, body: "framework=igmc&mode=approved", ok: 303},
	}
}

// TestPublicChinesePagesMeetNoEnglish reads every Chinese page of the
// public site for English words of the messages and the catalogue.
func TestPublicChinesePagesMeetNoEnglish(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		publicSetup(t, c)
		words := englishWords(t, c)
		files := crawl(t, httpFetcher(t, c.srv.URL, false), "/public", "/public/igmc/zh/index.html")
		n := 0
		for p, body := range files {
			if !strings.Contains(p, "/zh/") || !strings.HasSuffix(p, ".html") {
				continue
			}
			n++
			if found := englishIn(visibleText(t, body), words); len(found) > 0 {
				t.Errorf("Chinese page %s shows English: %s", p, strings.Join(found[:min(len(found), 15)], ", "))
			}
		}
		if n < 10 {
			t.Fatalf("only %d Chinese pages read", n)
		}
	})
}

// TestAdminPublicForm: the administration page shows each framework's
// setting and its form changes it; a bad mode changes nothing.
func TestAdminPublicForm(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		page := string(c.do("GET", "/admin?tab=catalogue", "", 200, nil))
		if !strings.Contains(page, `data-public="igmc"`) || !strings.Contains(page, `<option value="off" selected>`) {
			t.Fatalf("the catalogue tab has no public site form for igmc")
		}
		c.send("POST", "/admin/public", formType, strings.NewReader("framework=igmc&mode=everything"), 422, nil)
		c.send("POST", "/admin/public", formType, strings.NewReader("framework=nope&mode=approved"), 404, nil)
		c.send("POST", "/admin/public", formType, strings.NewReader("framework=igmc&mode=approved"), 200, nil) // 303, followed to the admin page
		if m, err := c.store.PublicMode(context.Background(), "igmc"); err != nil || m != indicators.PublishApproved {
			t.Fatalf("mode %q, %v", m, err)
		}
		page = string(c.do("GET", "/admin?tab=catalogue", "", 200, nil))
		if !strings.Contains(page, `<option value="approved" selected>`) {
			t.Fatal("the form does not show the new mode")
		}
	})
}
