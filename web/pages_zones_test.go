package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/locale"
	"igmc/reports"
	"igmc/storage/benchdata"
)

// maxPage is the budget of every page's HTML at a national scale.
const maxPage = 300 << 10

// pageZones is how many zones TestEveryPageSmallWithManyZones adds to the
// demo: IGMC_TEST_PAGE_ZONES, or 300, enough for several pages of every
// list and more than a zone select holds.
func pageZones(t *testing.T) int {
	v := os.Getenv("IGMC_TEST_PAGE_ZONES")
	if v == "" {
		return 300
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 9999 {
		t.Fatalf("IGMC_TEST_PAGE_ZONES=%q: want a number of zones from 1 to 9999", v)
	}
	return n
}

// withManyZones adds n generated zones to a demo store, each with a few
// approved 2019 values of the IGMC framework: what a page lists grows with
// the zones, not with the values.
func withManyZones(t *testing.T, c *client, n int) {
	t.Helper()
	ctx := context.Background()
	c.demo()
	size := benchdata.Size{Zones: n, Indicators: 1, Years: 1, From: 2019, Seed: 1}
	if _, err := c.store.ImportZones(ctx, benchdata.Zones(size), indicators.System); err != nil {
		t.Fatal(err)
	}
	cat, err := c.store.Catalogue(ctx, "igmc")
	if err != nil {
		t.Fatal(err)
	}
	var file bytes.Buffer
	cw := indicators.NewCSVWriter(&file)
	_ = cw.Write(indicators.MeasurementColumns[:6])
	for z := range n {
		for i, ind := range cat.Indicators[:4] {
			lo, hi := 0.0, 100.0
			if ind.Min != nil {
				lo = *ind.Min
			}
			if ind.Max != nil {
				hi = *ind.Max
			}
			if ind.Best != nil && ind.Worst != nil {
				lo, hi = min(*ind.Best, *ind.Worst), max(*ind.Best, *ind.Worst)
			}
			v := lo + (hi-lo)*float64((z*7+i*13)%100)/100
			_ = cw.Write([]string{benchdata.ZoneCode(z), ind.Code, "2019", strconv.FormatFloat(v, 'f', 2, 64), "generated", ""})
		}
	}
	cw.Flush()
	if _, err := c.store.ImportMeasurements(ctx, indicators.NewCSVRows(&file),
		indicators.ImportOptions{Framework: "igmc", Status: indicators.Approved, AcceptWarnings: true}); err != nil {
		t.Fatal(err)
	}
}

// TestEveryPageSmallWithManyZones walks every page of the site at a
// national scale (5,000 zones besides the demo's), in both languages, as
// the administrator who sees every zone and as an officer of the demo
// zone: each page's HTML stays under 300 KB. .ci/run runs it at 5,000
// zones; by default it adds enough zones for several pages of each list
// and for the zone fields to turn into text fields.
func TestEveryPageSmallWithManyZones(t *testing.T) {
	n := pageZones(t)
	each(t, func(t *testing.T, c *client) {
		withManyZones(t, c, n)
		// The zones tab of the settings lists every zone with its form.
		paths := append(pagePaths(t, c), "/admin?tab=zones")
		c.userToken("officer@example.org", indicators.RoleOfficer, "LY")
		largest, downloads := map[string]int{}, map[string]bool{}
		for _, who := range []string{"admin@example.org", "officer@example.org"} {
			sess, _ := session(t, c, who)
			for _, lang := range locale.Languages {
				for _, path := range paths {
					resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: path,
						cookies: []*http.Cookie{sess, {Name: "igmc_lang", Value: lang}}})
					if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
						downloads[path] = true
						continue
					}
					if resp.StatusCode >= 500 {
						t.Errorf("%s as %s (%s): status %d", path, who, lang, resp.StatusCode)
					}
					largest[path] = max(largest[path], len(body))
					if len(body) >= maxPage {
						t.Errorf("%s as %s (%s): %d bytes, over %d", path, who, lang, len(body), maxPage)
					}
				}
			}
		}
		for p, size := range largest {
			if size > maxPage/3 {
				t.Logf("%s: %d bytes", p, size)
			}
		}
		for _, p := range paths {
			if _, ok := largest[p]; !ok && !downloads[p] {
				t.Errorf("%s was not measured", p)
			}
		}
		if len(largest) < 10 {
			t.Errorf("only %d pages were measured", len(largest))
		}
		t.Logf("%d zones: %d pages measured, %d downloads left out", n, len(largest), len(downloads))
		t.Run("zone_lists_page_through", func(t *testing.T) { zoneListsPageThrough(t, scClient(c, t), n+5) })
	})
}

// zoneListsPageThrough checks the paged zone lists with total zones in
// all (the five of the demo and the generated ones): 50 a page with a pager
// in both languages, the search kept across pages, a bad page refused
// naming the field, a page past the end showing the last; and past 200
// zones, a zone field is a text field with a bounded list of suggestions.
func zoneListsPageThrough(t *testing.T, c *client, total int) {
	pages := (total + 49) / 50
	rowsOf := regexp.MustCompile(`<tr data-zone="([^"]+)"`)
	next := regexp.MustCompile(`<a class="button" href="([^"]+)" rel="next">`)
	for _, l := range []struct{ base, rowsIn string }{
		{"/quality?framework=igmc&year=2019", `<table class="quality-zones"`},
		{"/admin?tab=zones", `<table class="zones">`},
	} {
		rows := func(page string) []string {
			i := strings.Index(page, l.rowsIn)
			if i < 0 {
				return nil
			}
			page = page[i:]
			page = page[:strings.Index(page, "</table>")]
			var out []string
			for _, m := range rowsOf.FindAllStringSubmatch(page, -1) {
				out = append(out, m[1])
			}
			return out
		}
		seen := map[string]bool{}
		path := l.base
		for n := 1; path != ""; n++ {
			page := string(c.do("GET", path, "", 200, nil))
			got := rows(page)
			want := min(50, total-(n-1)*50)
			if len(got) != want || !strings.Contains(page, `data-page="`+strconv.Itoa(n)+`" data-pages="`+strconv.Itoa(pages)+`"`) {
				t.Fatalf("%s page %d: %d zones, want %d, or the pager does not say page %d of %d", l.base, n, len(got), want, n, pages)
			}
			for _, z := range got {
				if seen[z] {
					t.Errorf("%s: %s on two pages", l.base, z)
				}
				seen[z] = true
			}
			path = ""
			if m := next.FindStringSubmatch(page); m != nil {
				path = html.UnescapeString(m[1])
			}
			if n > pages {
				t.Fatalf("%s: more than %d pages", l.base, pages)
			}
		}
		if len(seen) != total {
			t.Errorf("%s: the pages hold %d zones, want %d", l.base, len(seen), total)
		}
		// The year's totals run past a thousand here: they are grouped as
		// the pager's counts are (13,200, not 13200).
		if totals := regexp.MustCompile(`<p data-totals>([^<]*)`).FindStringSubmatch(string(c.do("GET", l.base, "", 200, nil))); l.rowsIn == `<table class="quality-zones"` &&
			(totals == nil || regexp.MustCompile(`\d{4}`).MatchString(totals[1]) || !regexp.MustCompile(`\d,\d{3}`).MatchString(totals[1])) {
			t.Errorf("%s: the totals do not group their thousands: %v", l.base, totals)
		}
		// "Zone 1" is Zone 1, 10–19, 100–199 (and 1000–1999…): the search
		// keeps to them on every page and in the links between pages.
		q := l.base + "&q=" + url.QueryEscape("Zone 1")
		first := string(c.do("GET", q, "", 200, nil))
		for _, z := range rows(first) {
			if !strings.HasPrefix(z, "Z0001") && !strings.HasPrefix(z, "Z001") && !strings.HasPrefix(z, "Z01") && !strings.HasPrefix(z, "Z1") {
				t.Errorf("%s: the search for Zone 1 shows %s", l.base, z)
			}
		}
		if m := next.FindStringSubmatch(first); m != nil && !strings.Contains(html.UnescapeString(m[1]), "q=Zone+1") {
			t.Errorf("%s: the next link %s loses the search", l.base, m[1])
		}
		last := rows(string(c.do("GET", l.base+"&page="+strconv.Itoa(pages), "", 200, nil)))
		if past := rows(string(c.do("GET", l.base+"&page=9999", "", 200, nil))); strings.Join(past, " ") != strings.Join(last, " ") || len(last) == 0 {
			t.Errorf("%s: a page past the end does not show the last page", l.base)
		}
		for _, bad := range []string{"0", "-2", "x", "1.5"} {
			if body := string(c.do("GET", l.base+"&page="+bad, "", 422, nil)); !strings.Contains(body, "page") {
				t.Errorf("%s page=%s: the answer does not name the page field: %.200s", l.base, bad, body)
			}
		}
		resp, zh := exchange(t, c.srv.URL, httpCall{method: "GET", path: l.base + "&page=2", token: c.token,
			header: map[string]string{"Accept-Language": "zh"}})
		if resp.StatusCode != 200 || !strings.Contains(string(zh), "第 51–100 个区域，共 "+locale.Group(strconv.Itoa(total))+" 个") || !strings.Contains(string(zh), "上一页") {
			t.Errorf("%s: the Chinese pager does not say zones 51–100 of %d (status %d)", l.base, total, resp.StatusCode)
		}
		if en := string(c.do("GET", l.base+"&page=2", "", 200, nil)); !strings.Contains(en, "Zones 51–100 of "+locale.Group(strconv.Itoa(total))) {
			t.Errorf("%s: the English pager does not say zones 51–100 of %d", l.base, total)
		}
	}
	// A zone field past 200 zones: a text field and at most 200 (and the
	// chosen) suggestions, and a typed code filters as a chosen one did.
	page := string(c.do("GET", "/follow-ups?framework=igmc&zone=Z0250", "", 200, nil))
	if !strings.Contains(page, `<input type="text" id="fu-zone" name="zone" value="Z0250" list="fu-zone-list"`) {
		t.Errorf("the follow-ups' zone filter is not a text field holding the zone asked for")
	}
	if i := strings.Index(page, `<datalist id="fu-zone-list">`); i < 0 || strings.Count(page[i:i+strings.Index(page[i:], "</datalist>")], "<option") != 201 {
		t.Errorf("the zone suggestions are not the first 200 zones and the chosen one: %d", strings.Count(page[i:i+strings.Index(page[i:], "</datalist>")], "<option"))
	}
	if strings.Count(page, "<option") > 1000 {
		t.Errorf("the follow-ups page has %d options", strings.Count(page, "<option"))
	}
}

// TestPublicSiteSmallWithManyZones publishes the public site with the
// generated zones of TestEveryPageSmallWithManyZones (IGMC_TEST_PAGE_ZONES,
// 5,000 in .ci/run): every file of it but the data download stays under
// 300 KB in both languages; the index, the perspectives and an indicator
// page through their zones, each zone on exactly one page, with the range
// in both languages; a page past the end or a malformed page is not found;
// and the data download still holds every zone.
func TestPublicSiteSmallWithManyZones(t *testing.T) {
	n := pageZones(t)
	each(t, func(t *testing.T, c *client) {
		withManyZones(t, c, n)
		c.do("PUT", "/api/v1/frameworks/igmc/public", `{"mode":"approved"}`, 200, nil)
		ctx := context.Background()
		zones, err := c.store.ListZones(ctx)
		if err != nil {
			t.Fatal(err)
		}
		total := len(zones)
		site, err := reports.LoadPublicSite(ctx, c.store, "igmc")
		if err != nil {
			t.Fatal(err)
		}
		largest, pages, largestPath := 0, 0, ""
		for _, p := range site.Paths() {
			body, ctype, err := site.File(ctx, p)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if !strings.HasPrefix(ctype, "text/html") {
				continue
			}
			pages++
			if len(body) > largest {
				largest, largestPath = len(body), p
			}
			if len(body) >= maxPage {
				t.Errorf("%s: %d bytes, over %d", p, len(body), maxPage)
			}
		}
		t.Logf("%d zones: %d public pages, the largest %s of %d bytes", total, pages, largestPath, largest)

		cat, err := c.store.Catalogue(ctx, "igmc")
		if err != nil {
			t.Fatal(err)
		}
		get := httpFetcher(t, c.srv.URL, false)
		rowsOf := regexp.MustCompile(`<tr data-zone="([^"]+)"`)
		next := regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
		// A page holds 200 zones, fewer when many years are published.
		st, _, first := get("/public/igmc/en/index.html")
		per := len(rowsOf.FindAllSubmatch(first, -1))
		if st != http.StatusOK || per < 1 || per > 200 {
			t.Fatalf("the index: status %d, %d zones a page", st, per)
		}
		want := (total + per - 1) / per
		from, to, count := locale.Group(strconv.Itoa(per+1)), locale.Group(strconv.Itoa(min(2*per, total))), locale.Group(strconv.Itoa(total))
		ranges := map[string]string{"en": "Zones " + from + "–" + to + " of " + count, "zh": "第 " + from + "–" + to + " 个区域，共 " + count + " 个"}
		for _, lang := range []string{"zh", "en"} {
			for _, folder := range []string{lang + "/", lang + "/perspectives/", lang + "/indicators/" + url.PathEscape(cat.Indicators[0].Code) + "/"} {
				base := "/public/igmc/" + folder
				seen := map[string]bool{}
				file := "index.html"
				for k := 1; file != ""; k++ {
					if k > want {
						t.Fatalf("%s: more than %d pages", base, want)
					}
					st, _, b := get(base + file)
					page := string(b)
					if st != http.StatusOK {
						t.Fatalf("%s%s: status %d", base, file, st)
					}
					rows := rowsOf.FindAllStringSubmatch(page, -1)
					if len(rows) != min(per, total-(k-1)*per) {
						t.Errorf("%s%s: %d zones", base, file, len(rows))
					}
					if want > 1 && !strings.Contains(page, `data-page="`+strconv.Itoa(k)+`" data-pages="`+strconv.Itoa(want)+`"`) {
						t.Errorf("%s%s: the pager does not say page %d of %d", base, file, k, want)
					}
					if k == 2 && !strings.Contains(page, ranges[lang]) {
						t.Errorf("%s%s does not say %q", base, file, ranges[lang])
					}
					for _, m := range rows {
						if seen[m[1]] {
							t.Errorf("%s: %s on two pages", base, m[1])
						}
						seen[m[1]] = true
					}
					file = ""
					if m := next.FindStringSubmatch(page); m != nil {
						file = html.UnescapeString(m[1])
					}
				}
				if len(seen) != total {
					t.Errorf("%s: the pages hold %d zones, want %d", base, len(seen), total)
				}
				for _, bad := range []string{"index-" + strconv.Itoa(want+1) + ".html", "index-99999.html", "index-1.html", "index-0.html",
					"index-02.html", "index-x.html", "index-.html", "index--2.html", "index-2.htm", "2.html", "xindex-2.html", "index-9999999999999999999999.html"} {
					if st, _, _ := get(base + bad); st != http.StatusNotFound {
						t.Errorf("%s%s: status %d, want 404", base, bad, st)
					}
				}
			}
		}
		// The data download is not paged: its scorecards name every zone.
		zipped, _, err := site.File(ctx, "data.zip")
		if err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
		if err != nil {
			t.Fatal(err)
		}
		var all strings.Builder
		for _, f := range zr.File {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			all.Write(b)
		}
		for _, z := range zones {
			if !strings.Contains(all.String(), z.Code) {
				t.Errorf("the data download does not name zone %s", z.Code)
				break
			}
		}
	})
}
