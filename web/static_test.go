package web_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"regexp"
	"testing"
)

// TestStaticHashedURLs: the pages link their stylesheets and script under
// URLs that carry the file's content hash; those answer with the file,
// cached for a year and immutable, while the plain URL and a stale hash
// get an hour, so a new build's files are fetched at once.
func TestStaticHashedURLs(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		link := regexp.MustCompile(`(?:href|src)="(/static/([a-z]+\.(?:css|js))\?v=([0-9a-f]{16}))"`)
		seen := map[string]bool{}
		session, _ := admSession(t, c, "admin@example.org")
		for _, page := range []string{"/login", "/", "/catalogue", "/admin", "/import"} {
			resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: page, cookies: []*http.Cookie{session}})
			if resp.StatusCode != 200 {
				t.Fatalf("GET %s: %d", page, resp.StatusCode)
			}
			if regexp.MustCompile(`(?:href|src)="/static/[^"?]*"`).Match(body) {
				t.Errorf("%s links a static file without its hash", page)
			}
			for _, m := range link.FindAllSubmatch(body, -1) {
				seen[string(m[2])] = true
				resp, file := exchange(t, c.srv.URL, httpCall{method: "GET", path: string(m[1])})
				sum := sha256.Sum256(file)
				if resp.StatusCode != 200 || hex.EncodeToString(sum[:8]) != string(m[3]) {
					t.Errorf("%s: status %d, content hash %x, not the URL's", m[1], resp.StatusCode, sum[:8])
				}
				if got := resp.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
					t.Errorf("%s: Cache-Control %q, want a year, immutable", m[1], got)
				}
				for _, other := range []string{"/static/" + string(m[2]), "/static/" + string(m[2]) + "?v=0000000000000000"} {
					resp, _ := exchange(t, c.srv.URL, httpCall{method: "GET", path: other})
					if got := resp.Header.Get("Cache-Control"); resp.StatusCode != 200 || got != "public, max-age=3600" {
						t.Errorf("%s: %d, Cache-Control %q, want an hour", other, resp.StatusCode, got)
					}
				}
			}
		}
		for _, f := range []string{"app.css", "app.js", "entry.css", "admin.css"} {
			if !seen[f] {
				t.Errorf("no page linked %s with its hash", f)
			}
		}
	})
}

// TestFavicon: every page links the leaf icon under its hashed URL, which
// answers an SVG; /favicon.ico, which browsers ask for anyway, sends them
// there instead of a 404.
func TestFavicon(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		_, page := exchange(t, c.srv.URL, httpCall{method: "GET", path: "/login"})
		m := regexp.MustCompile(`<link rel="icon" type="image/svg\+xml" href="(/static/favicon\.svg\?v=[0-9a-f]{16})">`).FindSubmatch(page)
		if m == nil {
			t.Fatalf("the sign-in page links no icon:\n%.600s", page)
		}
		resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: string(m[1])})
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" || !regexp.MustCompile(`^<svg [^>]*viewBox="0 0 32 32"`).Match(body) ||
			!regexp.MustCompile(`<path [^>]*fill="#2e7d32"`).Match(body) {
			t.Fatalf("%s: %d %s: %.200s", m[1], resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		resp, _ = exchange(t, c.srv.URL, httpCall{method: "GET", path: "/favicon.ico"})
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != string(m[1]) {
			t.Fatalf("/favicon.ico: %d to %q, want 302 to %s", resp.StatusCode, resp.Header.Get("Location"), m[1])
		}
	})
}
