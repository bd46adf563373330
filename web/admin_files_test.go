package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"igmc/indicators"
)

// postUpload posts a multipart upload form with the session (its CSRF
// token in the query, as the page's form sends it).
func postUpload(t *testing.T, c *client, sess *http.Cookie, csrf, path string, fields url.Values, content string, want int) []byte {
	t.Helper()
	body, ctype := fileUpload(t, fields, content)
	resp, page := exchange(t, c.srv.URL, httpCall{method: "POST", path: path + "?csrf_token=" + url.QueryEscape(csrf), ctype: ctype, body: body,
		cookies: []*http.Cookie{sess}})
	if resp.StatusCode != want {
		t.Fatalf("POST %s: %d, want %d: %.2000s", path, resp.StatusCode, want, page)
	}
	return page
}

func TestAdminZones(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		sess, csrf := admSession(t, c, "admin@example.org")
		zone := func(code string) indicators.Zone {
			var z indicators.Zone
			c.do("GET", "/api/v1/zones/"+code, "", 200, &z)
			return z
		}
		t.Run("edit", func(t *testing.T) {
			body, _ := admPost(t, c, sess, "/admin/zones/LY-N", url.Values{"csrf_token": {csrf}, "name_en": {""}, "parent_code": {"LY"}}, 422)
			admContains(t, body, `id="ze-LY-N-name_en-error"`, "<details open>")
			body, _ = admPost(t, c, sess, "/admin/zones/LY", url.Values{"csrf_token": {csrf}, "name_en": {"Liuyang"}, "parent_code": {"LY-N"}}, 422)
			admContains(t, body, `id="ze-LY-parent-error"`)
			admPost(t, c, sess, "/admin/zones/NOPE", url.Values{"csrf_token": {csrf}, "name_en": {"x"}}, 404)
			admPost(t, c, sess, "/admin/zones/LY-N", url.Values{"name_en": {"North area"}}, 403)
			if flash := admPostFlash(t, c, sess, "/admin/zones/LY-N", url.Values{"csrf_token": {csrf}, "name_en": {"North area"}, "name_zh": {"北部片区"},
				"parent_code": {"LY"}, "type": {"park"}}); flash != "Zone LY-N saved." {
				t.Errorf("notice %q", flash)
			}
			if z := zone("LY-N"); z.NameEn != "North area" || z.NameZh != "北部片区" || z.Type != "park" || z.ParentCode != "LY" {
				t.Errorf("zone %+v", z)
			}
			if !strings.Contains(string(c.do("GET", "/api/v1/audit/events?entity=zone", "", 200, nil)), "North area") {
				t.Error("the edit is not audited")
			}
		})
		t.Run("file_preview_then_confirm", func(t *testing.T) {
			file := "code,name_en,name_zh,parent_code\nLY-N,North,北区,LY\nLY-S,South,南区,LY\n"
			page := string(postUpload(t, c, sess, csrf, "/admin/zones/import", nil, file, 200))
			for _, want := range []string{`data-change="LY-S" data-kind="new"`, `data-change="LY-N" data-kind="changed"`, "<del>North area</del> → <ins>North</ins>",
				"would add 1 zone(s), change 1 and leave 0", `action="/admin/zones/import/confirm"`} {
				if !strings.Contains(page, want) {
					t.Errorf("the preview lacks %q", want)
				}
			}
			c.do("GET", "/api/v1/zones/LY-S", "", 404, nil)
			bad := "code,name_en,parent_code\nLY-X,X,NOWHERE\n"
			page = string(postUpload(t, c, sess, csrf, "/admin/zones/import", nil, bad, 422))
			if !strings.Contains(page, `data-line="2" data-column="parent_code"`) || strings.Contains(page, "/admin/zones/import/confirm") {
				t.Errorf("a bad file's page: %.1500s", page)
			}
			tampered := adminConfirmForm(file, url.Values{"csrf_token": {csrf}})
			tampered.Set("sha256", strings.Repeat("0", 64))
			admPost(t, c, sess, "/admin/zones/import/confirm", tampered, 422)
			c.do("GET", "/api/v1/zones/LY-S", "", 404, nil)
			admPostFlash(t, c, sess, "/admin/zones/import/confirm", adminConfirmForm(file, url.Values{"csrf_token": {csrf}}))
			if z := zone("LY-S"); z.NameZh != "南区" || z.ParentCode != "LY" {
				t.Errorf("zone %+v", z)
			}
			if z := zone("LY-N"); z.NameEn != "North" {
				t.Errorf("zone %+v", z)
			}
		})
	})
}

func TestAdminCataloguePreviewRemovals(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		sess, csrf := admSession(t, c, "admin@example.org")
		two := admCatalogueHead + "env,Environment,E-1,Air quality,µg/m³,10,80,1\nenv,Environment,E-2,Water,%,100,0,2\n"
		one := admCatalogueHead + "env,Environment,E-1,Air quality,µg/m³,10,70,1\n"
		fields := url.Values{"framework": {"city"}, "name_en": {"City"}}
		postUpload(t, c, sess, csrf, "/admin/catalogue", fields, two, 200)
		admPostFlash(t, c, sess, "/admin/catalogue/confirm", adminConfirmForm(two, url.Values{"csrf_token": {csrf}, "framework": {"city"}, "name_en": {"City"}}))

		// E-2 without values: removed after a warning and a confirmation
		// that names the count.
		page := string(postUpload(t, c, sess, csrf, "/admin/catalogue", fields, one, 200))
		for _, want := range []string{`data-blocked="false"`, `data-removed="E-2"`, `data-changed="E-1"`, "1 changed, 0 unchanged, 1 removed",
			"Import the catalogue and remove 1 indicator"} {
			if !strings.Contains(page, want) {
				t.Errorf("the preview lacks %q", want)
			}
		}
		// With a value stored for E-2, the preview refuses and offers no
		// confirmation; the import itself refuses too (409).
		c.do("POST", "/api/v1/measurements", `{"framework_code":"city","zone_code":"LY","indicator_code":"E-2","period":"2019","value":50}`, 201, nil)
		page = string(postUpload(t, c, sess, csrf, "/admin/catalogue", fields, one, 200))
		if !strings.Contains(page, `data-blocked="true"`) || !strings.Contains(page, `data-blocked="E-2"`) || !strings.Contains(page, "but 1 value is stored for it") ||
			strings.Contains(page, `action="/admin/catalogue/confirm"`) {
			t.Errorf("a removal of an indicator with values: %.3000s", page)
		}
		zh := getPageAs(t, c, sess, "zh", one, csrf, fields)
		if !strings.Contains(zh, "已存有 1 个数据") {
			t.Error("the Chinese preview does not warn")
		}
		admPost(t, c, sess, "/admin/catalogue/confirm", adminConfirmForm(one, url.Values{"csrf_token": {csrf}, "framework": {"city"}, "name_en": {"City"}}), 409)
		var l listOf[indicatorJSON]
		c.do("GET", "/api/v1/frameworks/city/indicators", "", 200, &l)
		if len(l.Items) != 2 {
			t.Errorf("a refused import changed the catalogue: %+v", l.Items)
		}
	})
}

// getPageAs posts the catalogue preview in lang.
func getPageAs(t *testing.T, c *client, sess *http.Cookie, lang, content, csrf string, fields url.Values) string {
	t.Helper()
	body, ctype := fileUpload(t, fields, content)
	resp, page := exchange(t, c.srv.URL, httpCall{method: "POST", path: "/admin/catalogue?csrf_token=" + url.QueryEscape(csrf), ctype: ctype, body: body,
		cookies: []*http.Cookie{sess, {Name: "igmc_lang", Value: lang}}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("preview in %s: %d", lang, resp.StatusCode)
	}
	return string(page)
}
