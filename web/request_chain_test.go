package web_test

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"igmc/indicators"
)

// TestEveryAnswerCarriesTheSecurityHeaders: the headers made once and
// shared by every answer are on successes, 304s and errors alike, each
// exactly once and unchanged by the answers before (a route that sets its
// own Cache-Control, or adds to Vary, does not alter the next answer's).
func TestEveryAnswerCarriesTheSecurityHeaders(t *testing.T) {
	want := map[string]string{
		"Content-Security-Policy":    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
		"X-Content-Type-Options":     "nosniff",
		"X-Frame-Options":            "DENY",
		"Referrer-Policy":            "same-origin",
		"Cross-Origin-Opener-Policy": "same-origin",
		"Permissions-Policy":         "camera=(), microphone=(), geolocation=()",
	}
	each(t, func(t *testing.T, c *client) {
		c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","value":80}`, 201, nil)
		c.do("POST", "/api/v1/zones", `{"code":"CS","name_en":"Changsha","name_zh":"长沙"}`, 201, nil)
		outside := c.userToken("outside@example.org", indicators.RoleOfficer, "CS")
		const card = "/api/v1/zones/LY/scorecard?framework=igmc&year=2019&status=any"
		resp, _ := exchange(t, c.srv.URL, httpCall{method: "GET", path: card, token: c.token})
		etag := resp.Header.Get("ETag")
		calls := []struct {
			name   string
			call   httpCall
			status int
			cache  string
		}{
			{"scorecard", httpCall{method: "GET", path: card, token: c.token}, 200, "no-store"},
			{"scorecard_gzip", httpCall{method: "GET", path: card, token: c.token, header: map[string]string{"Accept-Encoding": "gzip"}}, 200, "no-store"},
			{"scorecard_not_modified", httpCall{method: "GET", path: card, token: c.token, header: map[string]string{"If-None-Match": etag}}, 304, "no-store"},
			{"no_token", httpCall{method: "GET", path: card}, 401, "no-store"},
			{"bad_token", httpCall{method: "GET", path: card, token: "igmc_nope"}, 401, "no-store"},
			{"bad_authorization", httpCall{method: "GET", path: card, header: map[string]string{"Authorization": "Basic x"}}, 401, "no-store"},
			{"other_zone", httpCall{method: "GET", path: card, token: outside}, 403, "no-store"},
			{"bad_query_text", httpCall{method: "GET", path: "/api/v1/zones/LY/scorecard?framework=a%00b&year=2019", token: c.token}, 400, "no-store"},
			{"bad_year", httpCall{method: "GET", path: "/api/v1/zones/LY/scorecard?year=nope", token: c.token}, 422, "no-store"},
			{"method_not_allowed", httpCall{method: "PATCH", path: "/api/v1/frameworks", token: c.token}, 405, "no-store"},
			{"unknown_route", httpCall{method: "GET", path: "/api/v1/nope", token: c.token}, 404, "no-store"},
			{"healthz", httpCall{method: "GET", path: "/healthz"}, 200, "no-store"},
			{"login_page", httpCall{method: "GET", path: "/login"}, 200, "no-store"},
			{"static", httpCall{method: "GET", path: "/static/app.css"}, 200, ""},
		}
		for round := range 2 {
			for _, k := range calls {
				resp, body := exchange(t, c.srv.URL, k.call)
				if resp.StatusCode != k.status {
					t.Errorf("round %d, %s: status %d, want %d: %.200s", round, k.name, resp.StatusCode, k.status, body)
				}
				for name, v := range want {
					if got := resp.Header.Values(name); len(got) != 1 || got[0] != v {
						t.Errorf("round %d, %s: %s is %q, want %q once", round, k.name, name, got, v)
					}
				}
				cc := resp.Header.Values("Cache-Control")
				if len(cc) != 1 || k.cache != "" && cc[0] != k.cache {
					t.Errorf("round %d, %s: Cache-Control %q, want one value %q", round, k.name, cc, k.cache)
				}
				if resp.Header.Get("Strict-Transport-Security") != "" {
					t.Errorf("round %d, %s: Strict-Transport-Security over plain HTTP", round, k.name)
				}
				if strings.HasPrefix(k.name, "scorecard") {
					if v := resp.Header.Values("Vary"); len(v) != 1 || v[0] != "Accept-Encoding" {
						t.Errorf("round %d, %s: Vary %q, want Accept-Encoding once", round, k.name, v)
					}
				}
			}
		}
	})
}

// TestMetricsCountEveryStatusOfARoute: the series resolved once per route
// and status still count each request under its own status, and time
// every request of the route.
func TestMetricsCountEveryStatusOfARoute(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		for range 3 {
			c.do("GET", "/api/v1/frameworks", "", 200, nil)
		}
		c.as("").do("GET", "/api/v1/frameworks", "", 401, nil)
		c.as("igmc_nope").do("GET", "/api/v1/frameworks", "", 401, nil)
		c.do("GET", "/api/v1/frameworks/nope", "", 404, nil)
		c.do("GET", "/api/v1/no/such/route", "", 404, nil)
		m := string(c.do("GET", "/metrics", "", 200, nil))
		for _, line := range []string{
			`igmc_http_requests_total{method="GET",route="/api/v1/frameworks",status="200"} 3`,
			`igmc_http_requests_total{method="GET",route="/api/v1/frameworks",status="401"} 2`,
			`igmc_http_requests_total{method="GET",route="/api/v1/frameworks/:fw",status="404"} 1`,
			`igmc_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
			`igmc_http_request_duration_seconds_count{method="GET",route="/api/v1/frameworks"} 5`,
		} {
			if !strings.Contains(m, line+"\n") {
				t.Errorf("the metrics lack %s", line)
			}
		}
	})
}

// TestQueryTextCheckedWithoutEscapes: a query is checked as it came when it
// has no escapes, and a bad byte sent as is (not escaped) is still refused,
// naming its parameter.
func TestQueryTextCheckedWithoutEscapes(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.do("GET", "/api/v1/zones/LY/scorecard?framework=igmc&year=2019&status=any", "", 200, nil)
		c.do("GET", "/api/v1/frameworks?x=a+b&y=%E6%B5%8F", "", 200, nil)
		conn, err := net.Dial("tcp", strings.TrimPrefix(c.srv.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := io.WriteString(conn, "GET /api/v1/frameworks?ok=1&name=a\xffb HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "+c.token+"\r\nConnection: close\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusBadRequest || !bytes.Contains(body, []byte(`"name"`)) {
			t.Fatalf("a raw byte that is not UTF-8 in the query: %d %s, want 400 naming name", resp.StatusCode, body)
		}
	})
}
