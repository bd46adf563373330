package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"igmc/indicators"
)

// TestNotFoundPage: an unknown path, or a zone or framework that does not
// exist, answers 404 with a page that says "not found" and names what was
// not found, in the reader's language, with a link home; the API keeps
// its JSON error shape.
func TestNotFoundPage(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		u := signInPage(t, c, "reader@example.org", indicators.RoleAuditor)
		for _, tc := range []struct {
			name, path string
			signedIn   bool
			want       map[string]string
		}{
			{"unknown_path", "/no/such/page", true, map[string]string{"en": "Not found: the page /no/such/page.", "zh": "未找到页面 /no/such/page。"}},
			{"unknown_path_signed_out", "/nope", false, map[string]string{"en": "Not found: the page /nope.", "zh": "未找到页面 /nope。"}},
			{"missing_zone", "/zones/LY-X/scorecard?framework=igmc&year=2019", true, map[string]string{"en": "Not found: zone LY-X.", "zh": "未找到区域 LY-X。"}},
			{"missing_zone_progress", "/zones/LY-X/progress?framework=igmc", true, map[string]string{"en": "Not found: zone LY-X.", "zh": "未找到区域 LY-X。"}},
			{"missing_framework", "/catalogue?framework=nope", true, map[string]string{"en": "Not found: framework nope.", "zh": "未找到指标体系 nope。"}},
		} {
			for _, lang := range []string{"en", "zh"} {
				t.Run(tc.name+"_"+lang, func(t *testing.T) {
					cookies := []*http.Cookie{{Name: "igmc_lang", Value: lang}}
					if tc.signedIn {
						cookies = append(cookies, u.session)
					}
					resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: tc.path, cookies: cookies,
						header: map[string]string{"Accept": "text/html,application/xhtml+xml"}})
					page := string(body)
					title := map[string]string{"en": "<h1>Not found</h1>", "zh": "<h1>未找到</h1>"}[lang]
					if resp.StatusCode != http.StatusNotFound || !strings.Contains(page, title) || !strings.Contains(page, tc.want[lang]) ||
						!strings.Contains(page, `<a href="/">`) || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
						t.Fatalf("status %d, want 404 saying %q and %q with a link home:\n%s", resp.StatusCode, title, tc.want[lang], page)
					}
					if lang == "zh" && strings.Contains(page, "not found") {
						t.Errorf("the Chinese page says \"not found\" in English:\n%s", page)
					}
				})
			}
		}
		t.Run("api_keeps_json", func(t *testing.T) {
			for _, path := range []string{"/api/v1/zones/LY-X", "/api/v1/no-such-thing"} {
				resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: path, token: c.token})
				var e apiError
				if resp.StatusCode != http.StatusNotFound || json.Unmarshal(body, &e) != nil || e.Error.Code != "not_found" || e.Error.Message == "" {
					t.Errorf("GET %s: status %d: %s", path, resp.StatusCode, body)
				}
			}
		})
	})
}
