package web_test

import (
	"bytes"
	"context"
	"html"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/locale"
	"igmc/storage"
	"igmc/storage/benchdata"
	"igmc/storage/storagetest"
	"igmc/web"
)

// maxScorecardPage is the scorecard page's budget for the pilot catalogue.
const maxScorecardPage = 150 << 10

// TestScorecardPageSize renders the demo zone's 2019 scorecard in both
// languages and reports its size, which must stay under the budget.
func TestScorecardPageSize(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		for _, lang := range []string{"zh", "en"} {
			resp, page := exchange(t, c.srv.URL, httpCall{method: "GET", path: "/zones/LY/scorecard?year=2019", token: c.token,
				header: map[string]string{"Accept-Language": lang}})
			if resp.StatusCode != 200 || !strings.Contains(string(page), `lang="`+map[string]string{"zh": "zh-Hans", "en": "en"}[lang]+`"`) {
				t.Fatalf("%s: status %d or not in the language asked for", lang, resp.StatusCode)
			}
			t.Logf("%s: %d bytes, %d charts", lang, len(page), strings.Count(string(page), "<svg "))
			if len(page) >= maxScorecardPage {
				t.Errorf("%s: the scorecard page is %d bytes, over %d", lang, len(page), maxScorecardPage)
			}
		}
	})
}

// manyZones is a store with n generated zones (benchdata's catalogue of
// twelve indicators, two years of approved values) and an administrator's
// client of it, on SQLite.
func manyZones(t *testing.T, n int) *client {
	t.Helper()
	ctx := context.Background()
	s := storagetest.Open(t, storage.SQLite)
	size := benchdata.Size{Zones: n, Indicators: 12, Years: 2, From: 2018, Seed: 1}
	if _, err := s.ImportCatalogue(ctx, indicators.Framework{Code: benchdata.Framework}, benchdata.Catalogue(size), indicators.System); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportZones(ctx, benchdata.Zones(size), indicators.System); err != nil {
		t.Fatal(err)
	}
	var file bytes.Buffer
	if err := benchdata.WriteMeasurements(&file, size); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportMeasurements(ctx, indicators.NewCSVRows(&file),
		indicators.ImportOptions{Framework: benchdata.Framework, Status: indicators.Approved, AcceptWarnings: true}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.New(s, slog.New(slog.DiscardHandler)).Handler())
	t.Cleanup(srv.Close)
	c := &client{t: t, srv: srv, store: s}
	c.token = c.userToken("admin@example.org", indicators.RoleAdmin)
	return c
}

// TestComparePagePaging pages through 300 zones: 50 a page, each page
// under 300 KB, the pages together holding every zone once in the
// ranking's order, and the search and the sort working across pages.
func TestComparePagePaging(t *testing.T) {
	const zones = 300
	c := manyZones(t, zones)
	base := "/compare?framework=" + benchdata.Framework + "&year=2019"
	var ranking listOf[struct {
		Zone  string   `json:"zone"`
		Index *float64 `json:"index"`
	}]
	c.do("GET", "/api/v1/frameworks/"+benchdata.Framework+"/ranking?year=2019&limit=1000", "", 200, &ranking)
	var want []string
	for _, r := range ranking.Items {
		want = append(want, r.Zone)
	}
	if len(want) != zones {
		t.Fatalf("the ranking has %d zones, want %d", len(want), zones)
	}
	pager := regexp.MustCompile(`data-page="(\d+)" data-pages="(\d+)"`)
	next := regexp.MustCompile(`<a class="button" href="([^"]+)" rel="next">`)

	t.Run("every_zone_once_in_order", func(t *testing.T) {
		c := scClient(c, t)
		var got []string
		path := base
		for n := 1; path != ""; n++ {
			page := string(c.do("GET", path, "", 200, nil))
			if n == 1 {
				t.Logf("a page of %d zones: %d bytes", 50, len(page))
			}
			if len(page) >= 300<<10 {
				t.Errorf("page %d is %d bytes, over 300 KB", n, len(page))
			}
			if m := pager.FindStringSubmatch(page); m == nil || m[1] != strconv.Itoa(n) || m[2] != "6" {
				t.Fatalf("page %d says it is %v, want page %d of 6", n, m, n)
			}
			rows := compareZones(page)
			if len(rows) != 50 || strings.Count(page, `<tr data-zone="`) != 100 {
				t.Errorf("page %d has %d ranking rows and %d rows in all, want 50 in each table", n, len(rows), strings.Count(page, `<tr data-zone="`))
			}
			if from := (n-1)*50 + 1; !strings.Contains(page, "Zones "+strconv.Itoa(from)+"–"+strconv.Itoa(from+49)+" of 300") {
				t.Errorf("page %d does not say zones %d–%d of 300", n, from, from+49)
			}
			if n > 1 && !strings.Contains(page, `rel="prev"`) || n == 1 && strings.Contains(page, `rel="prev"`) {
				t.Errorf("page %d: a previous link where there should be none, or none where there should be one", n)
			}
			got = append(got, rows...)
			path = ""
			if m := next.FindStringSubmatch(page); m != nil {
				path = html.UnescapeString(m[1])
			}
			if n > 6 {
				t.Fatal("more than six pages")
			}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("the pages hold %d zones, not the ranking's %d in its order", len(got), len(want))
		}
	})

	t.Run("sort_and_filter_across_pages", func(t *testing.T) {
		c := scClient(c, t)
		// By name, descending: "Zone 99" comes first, and the last page ends
		// with "Zone 1".
		first := compareZones(string(c.do("GET", base+"&sort=zone&dir=desc", "", 200, nil)))
		last := compareZones(string(c.do("GET", base+"&sort=zone&dir=desc&page=6", "", 200, nil)))
		if len(first) != 50 || first[0] != "Z0099" || len(last) != 50 || last[49] != "Z0001" {
			t.Errorf("sorted by name descending: page 1 starts %v, page 6 ends %v", first[:1], last[len(last)-1:])
		}
		// The search "Zone 1" keeps Zone 1, 10–19, 100–199: 111 zones, three
		// pages; the third holds the last 11, and a page past the end shows it.
		q := base + "&q=" + url.QueryEscape("Zone 1")
		page := string(c.do("GET", q+"&page=3", "", 200, nil))
		if rows := compareZones(page); len(rows) != 11 || !strings.Contains(page, `data-found="111"`) || !strings.Contains(page, "Zones 101–111 of 111") {
			t.Errorf("the search's third page has %d zones or does not say 101–111 of 111", len(rows))
		}
		if past := string(c.do("GET", q+"&page=40", "", 200, nil)); strings.Join(compareZones(past), " ") != strings.Join(compareZones(page), " ") {
			t.Error("a page past the end does not show the last page")
		}
		// A link to the next page keeps the search and the order.
		m := next.FindStringSubmatch(string(c.do("GET", q+"&sort=index", "", 200, nil)))
		if m == nil {
			t.Fatal("the search's first page has no next link")
		}
		if link := html.UnescapeString(m[1]); !strings.Contains(link, "q=Zone+1") || !strings.Contains(link, "sort=index") || !strings.Contains(link, "page=2") {
			t.Errorf("the next link %s loses the search or the order", link)
		}
		for _, bad := range []string{"0", "-1", "x", "1.5"} {
			body := string(c.do("GET", base+"&page="+bad, "", 422, nil))
			if !strings.Contains(body, "page") {
				t.Errorf("page=%s: the answer does not name the page field: %.200s", bad, body)
			}
		}
	})

	t.Run("in_chinese", func(t *testing.T) {
		resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: base + "&page=2", token: c.token,
			header: map[string]string{"Accept-Language": "zh"}})
		page := string(body)
		if resp.StatusCode != 200 || !strings.Contains(page, "第 51–100 个区域，共 300 个") || !strings.Contains(page, "上一页") || !strings.Contains(page, "下一页") {
			t.Errorf("the Chinese pager does not say zones 51–100 of 300 with both links (status %d)", resp.StatusCode)
		}
		if strings.Contains(page, locale.MissingMark) {
			t.Error("a message of the Chinese page is missing")
		}
	})

	t.Run("the_downloads_keep_every_zone", func(t *testing.T) {
		c := scClient(c, t)
		csv := string(c.do("GET", "/api/v1/compare.csv?framework="+benchdata.Framework+"&year=2019", "", 200, nil))
		for _, z := range []string{want[0], want[zones/2], want[zones-1]} {
			if !strings.Contains(csv, z+",") {
				t.Errorf("the CSV download lacks %s", z)
			}
		}
	})
}
