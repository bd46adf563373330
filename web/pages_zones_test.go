package web_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/locale"
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
	})
}
