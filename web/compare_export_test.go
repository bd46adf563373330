package web_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"
)

// csvRecords parses a CSV body (after an optional byte order mark) into
// records by column name.
func csvRecords(t *testing.T, body []byte) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatalf("%v:\n%s", err, body)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, c := range recs[0] {
			m[c] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// TestCompareExport downloads the demo's comparison of 2019 as CSV and
// PDF with the compare page's query: one row per zone in rank order, each
// index also rounded to one decimal, the grade in words; the zones filter
// keeps the named zones only and refuses an unknown one; the PDF's chart
// lists the zones from the highest index down, and names the framework.
func TestCompareExport(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		var ranking struct {
			Items []struct {
				Rank   int      `json:"rank"`
				Zone   string   `json:"zone"`
				NameEn string   `json:"name_en"`
				NameZh string   `json:"name_zh"`
				Index  *float64 `json:"index"`
			} `json:"items"`
		}
		c.do("GET", "/api/v1/frameworks/igmc/ranking?year=2019", "", 200, &ranking)
		if len(ranking.Items) < 2 {
			t.Fatalf("the demo ranks %d zones", len(ranking.Items))
		}
		const q = "/api/v1/compare.csv?framework=igmc&year=2019"
		resp, body := download(t, c, q+"&lang=zh&bom=true", c.token)
		wantFile(t, resp, "text/csv; charset=utf-8", "compare-igmc-2019-official.csv")
		if !bytes.HasPrefix(body, []byte("\xEF\xBB\xBFframework,year,basis,")) {
			t.Fatalf("the CSV does not start with the byte order mark and its header: %.40q", body)
		}
		rows := csvRecords(t, body)
		if len(rows) != len(ranking.Items) {
			t.Fatalf("%d rows for %d zones", len(rows), len(ranking.Items))
		}
		for i, it := range ranking.Items {
			r := rows[i]
			if r["zone"] != it.Zone || r["rank"] != fmt.Sprint(it.Rank) || r["grade_text"] != "未达等级" {
				t.Errorf("row %d: %v, want zone %s rank %d, not graded in Chinese", i, r, it.Zone, it.Rank)
			}
			if it.Index != nil && r["index_rounded"] != fmt.Sprintf("%.1f", math.Round(*it.Index*10)/10) {
				t.Errorf("%s: index %v rounded %q", it.Zone, *it.Index, r["index_rounded"])
			}
			if r["space_rating_text"] == "" || r["space_rating_text"] == r["space_rating"] {
				t.Errorf("%s: the perspective's rating in words is %q", it.Zone, r["space_rating_text"])
			}
		}
		_, body = download(t, c, q+"&zones="+ranking.Items[1].Zone, c.token)
		if rows := csvRecords(t, body); len(rows) != 1 || rows[0]["zone"] != ranking.Items[1].Zone || bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
			t.Errorf("zones=%s: %s", ranking.Items[1].Zone, body)
		}
		for _, bad := range []string{"&zones=NOPE", "&bom=maybe", "&lang=fr"} {
			if resp, body := download(t, c, q+bad, c.token); resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d %s", bad, resp.StatusCode, body)
			}
		}

		// The compare page links to both files in the reader's language.
		sess, _ := session(t, c, "admin@example.org")
		_, page := exchange(t, c.srv.URL, httpCall{method: "GET", path: "/compare?framework=igmc&year=2019",
			cookies: []*http.Cookie{sess, {Name: "igmc_lang", Value: "zh"}}})
		for _, want := range []string{`href="/api/v1/compare.csv?framework=igmc&amp;year=2019&amp;status=approved&amp;lang=zh&amp;bom=true"`,
			`href="/api/v1/compare.pdf?framework=igmc&amp;year=2019&amp;status=approved&amp;lang=zh"`} {
			if !strings.Contains(string(page), want) {
				t.Errorf("the compare page lacks %s", want)
			}
		}

		resp, body = download(t, c, "/api/v1/compare.pdf?framework=igmc&year=2019", c.token)
		wantFile(t, resp, "application/pdf", "compare-igmc-2019-official.pdf")
		text := pdfText(t, body)
		if !strings.Contains(text, "International Green Model City") || strings.Contains(text, "Framework igmc") {
			t.Errorf("the PDF does not name the framework:\n%.600s", text)
		}
		// The chart: the zones by index, highest first, before the table.
		chart := text[:strings.Index(text, "Ranking by index")]
		last := -1
		for _, it := range ranking.Items {
			// A long name is shortened in the chart: look for its start.
			at := strings.Index(chart, it.NameEn[:min(len(it.NameEn), 24)])
			if at < 0 || at < last && it.Index != nil {
				t.Errorf("the chart has %s out of order (at %d after %d):\n%s", it.Zone, at, last, chart)
			}
			last = at
		}
	})
}

// TestReportCSVForExcel: the scorecard and progress CSV of the pages'
// links start with the byte order mark and carry the Chinese words; the
// API's default file has neither.
func TestReportCSVForExcel(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		for _, path := range []string{"/api/v1/zones/LY/scorecard.csv?year=2019", "/api/v1/zones/LY/progress.csv?year=2019"} {
			_, plain := download(t, c, path, c.token)
			_, excel := download(t, c, path+"&lang=zh&bom=true", c.token)
			if bytes.HasPrefix(plain, []byte("\xEF\xBB\xBF")) || !bytes.HasPrefix(excel, []byte("\xEF\xBB\xBFframework,")) {
				t.Errorf("%s: the byte order mark is not where asked for", path)
			}
			words := 0
			for _, r := range csvRecords(t, excel) {
				if r["rating_text"] == "良好" || r["rating_text"] == "偏弱" || r["rating_text"] == "一般" || r["rating_text"] == "较差" {
					words++
				}
			}
			if words < 5 {
				t.Errorf("%s: %d rows with the rating in Chinese words", path, words)
			}
		}
	})
}
