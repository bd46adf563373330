package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestSecurityHeaders checks the headers of pages, API answers, errors and
// static files: no framing, no sniffing, no inline script and no referrer
// sent elsewhere.
func TestSecurityHeaders(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		for _, path := range []string{"/", "/login", "/catalogue", "/api/v1/frameworks", "/no/such/page", "/static/app.css", "/api/v1/zones/NOPE"} {
			resp, _ := exchange(t, c.srv.URL, httpCall{method: "GET", path: path, token: c.token})
			h := resp.Header
			csp := h.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "form-action 'self'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("%s: Content-Security-Policy %q lacks %q", path, csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
				t.Errorf("%s: Content-Security-Policy allows inline code: %q", path, csp)
			}
			for name, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"} {
				if got := h.Get(name); got != want {
					t.Errorf("%s: %s is %q, want %q", path, name, got, want)
				}
			}
		}
		// An unknown page asked for by a browser gets the error page.
		resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: "/no/such/page", token: c.token, header: map[string]string{"Accept": "text/html"}})
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), `data-error-code="not_found"`) {
			t.Errorf("unknown page: %d %.200s", resp.StatusCode, body)
		}
	})
}
