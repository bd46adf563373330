package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"igmc/indicators"

	"igmc/reports"
	"igmc/scoring"
)

// TestScorecardJSONFollowsWrites: the API's scorecard is the store's card
// encoded by reports.ScorecardJSON, and a write shows in the next answer
// although the encoding of the card before it is kept for reuse.
func TestScorecardJSONFollowsWrites(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		const path = "/api/v1/zones/LY/scorecard?framework=igmc&year=2019&status=any"
		want := func() []byte {
			t.Helper()
			card, err := c.store.Scorecard(context.Background(), "igmc", "LY", 2019, scoring.BasisWorking)
			if err != nil {
				t.Fatal(err)
			}
			b, err := reports.ScorecardJSON(&card)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		var m measurementJSON
		c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","value":80}`, 201, &m)
		first := c.do("GET", path, "", 200, nil)
		if again := c.do("GET", path, "", 200, nil); !bytes.Equal(first, again) || !bytes.Equal(first, want()) {
			t.Fatalf("the same card gave different answers:\n%s\n%s", first, again)
		}
		c.do("PUT", "/api/v1/measurements/"+itoa(m.ID), `{"version":1,"value":82}`, 200, nil)
		after := c.do("GET", path, "", 200, nil)
		if bytes.Equal(after, first) || !bytes.Contains(after, []byte(`"value":82`)) || !bytes.Equal(after, want()) {
			t.Fatalf("after the edit the scorecard still says\n%s", after)
		}
	})
}

// TestScorecardJSONGzipAndETag: a client taking gzip gets the same card
// compressed, every answer carries an ETag, a request naming the current
// ETag gets 304 with no body while one naming an older ETag (after a
// write) gets the new card, and none of it spares the permission check.
func TestScorecardJSONGzipAndETag(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		const path = "/api/v1/zones/LY/scorecard?framework=igmc&year=2019&status=any"
		var m measurementJSON
		c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","value":80}`, 201, &m)
		get := func(token string, headers ...string) (*http.Response, []byte) {
			t.Helper()
			req, _ := http.NewRequest("GET", c.srv.URL+path, nil)
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			for i := 0; i+1 < len(headers); i += 2 {
				req.Header.Set(headers[i], headers[i+1])
			}
			// A transport of its own that leaves gzip to the test.
			resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			return resp, b
		}
		plainResp, plain := get(c.token)
		if plainResp.StatusCode != 200 || plainResp.Header.Get("Content-Encoding") != "" || !bytes.Contains(plain, []byte(`"value":80`)) {
			t.Fatalf("plain: %d %q %.200s", plainResp.StatusCode, plainResp.Header.Get("Content-Encoding"), plain)
		}
		if plainResp.Header.Get("Content-Length") != strconv.Itoa(len(plain)) {
			t.Errorf("Content-Length %q for %d bytes", plainResp.Header.Get("Content-Length"), len(plain))
		}
		etag := plainResp.Header.Get("ETag")
		if len(etag) < 10 || etag[0] != '"' || !strings.Contains(plainResp.Header.Get("Vary"), "Accept-Encoding") {
			t.Fatalf("ETag %q, Vary %q", etag, plainResp.Header.Get("Vary"))
		}
		gzResp, gz := get(c.token, "Accept-Encoding", "br;q=1, gzip;q=0.8")
		if gzResp.StatusCode != 200 || gzResp.Header.Get("Content-Encoding") != "gzip" || gzResp.Header.Get("ETag") != etag {
			t.Fatalf("gzip: %d %q %q", gzResp.StatusCode, gzResp.Header.Get("Content-Encoding"), gzResp.Header.Get("ETag"))
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		unzipped, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(unzipped, plain) {
			t.Fatalf("the gzip answer is not the card: %v\n%.200s", err, unzipped)
		}
		if resp, b := get(c.token, "Accept-Encoding", "gzip;q=0"); resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(b, plain) {
			t.Errorf("gzip;q=0 got %q", resp.Header.Get("Content-Encoding"))
		}
		for _, inm := range []string{etag, `"other", ` + etag, "W/" + etag, "*"} {
			if resp, b := get(c.token, "If-None-Match", inm); resp.StatusCode != http.StatusNotModified || len(b) != 0 {
				t.Errorf("If-None-Match %s: %d with %d bytes, want 304 and none", inm, resp.StatusCode, len(b))
			}
		}
		if resp, _ := get("", "If-None-Match", etag); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("no token, the current ETag: %d, want 401", resp.StatusCode)
		}
		c.do("POST", "/api/v1/zones", `{"code":"CS","name_en":"Changsha","name_zh":"长沙"}`, 201, nil)
		outside := c.userToken("officer@example.org", indicators.RoleOfficer, "CS")
		if resp, _ := get(outside, "If-None-Match", etag); resp.StatusCode != http.StatusForbidden {
			t.Errorf("an officer of another zone, the current ETag: %d, want 403", resp.StatusCode)
		}
		c.do("PUT", "/api/v1/measurements/"+itoa(m.ID), `{"version":1,"value":82}`, 200, nil)
		resp, after := get(c.token, "If-None-Match", etag)
		if resp.StatusCode != 200 || resp.Header.Get("ETag") == etag || !bytes.Contains(after, []byte(`"value":82`)) {
			t.Fatalf("after the edit, the old ETag: %d, ETag %q, %.200s", resp.StatusCode, resp.Header.Get("ETag"), after)
		}
	})
}
