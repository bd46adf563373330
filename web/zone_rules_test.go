package web_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"igmc/indicators"
)

// TestZoneRulesAgree: the API, the zones file and the admin page refuse
// the same zones for the same reasons, because all three ask the domain's
// Zone.Validate: the same field and code from the API and the file, and
// the page's message beside that field, with nothing stored.
func TestZoneRulesAgree(t *testing.T) {
	long := strings.Repeat("名", indicators.MaxNameLen+1)
	cases := []struct {
		name          string
		zone          indicators.Zone
		field, code   string
		pageMessageEn string
	}{
		{"bad_code", indicators.Zone{Code: "bad code!", NameEn: "Bad"}, "code", "invalid_code", "Use 1 to 64 letters, digits"},
		{"long_code", indicators.Zone{Code: strings.Repeat("c", indicators.MaxCodeLen+1), NameEn: "Long"}, "code", "invalid_code", "Use 1 to 64 letters, digits"},
		{"no_english_name", indicators.Zone{Code: "Z1"}, "name_en", "required", "The English name is required."},
		{"long_chinese_name", indicators.Zone{Code: "Z2", NameEn: "Long", NameZh: long}, "name_zh", "too_long", "This is too long: 200 characters at most."},
		{"own_parent", indicators.Zone{Code: "Z3", NameEn: "Self", ParentCode: "Z3"}, "parent_code", "invalid", "A zone cannot be inside itself."},
	}
	if indicators.MaxNameLen != 200 {
		t.Fatalf("MaxNameLen is %d: update the expected message", indicators.MaxNameLen)
	}
	each(t, func(t *testing.T, c *client) {
		session, csrf := admSession(t, c, "admin@example.org")
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				body, _ := json.Marshal(tc.zone)
				refusedField(t, c.do("POST", "/api/v1/zones", string(body), 422, nil), 0, tc.field, tc.code)
				file := "code,name_en,name_zh,parent_code\n" + strings.Join([]string{tc.zone.Code, tc.zone.NameEn, tc.zone.NameZh, tc.zone.ParentCode}, ",") + "\n"
				refusedField(t, c.send("POST", "/api/v1/zones/import", "text/csv", strings.NewReader(file), 422, nil), 2, tc.field, tc.code)
				page, _ := admPost(t, c, session, "/admin/zones", url.Values{"csrf_token": {csrf}, "code": {tc.zone.Code}, "name_en": {tc.zone.NameEn},
					"name_zh": {tc.zone.NameZh}, "parent_code": {tc.zone.ParentCode}}, 422)
				id := map[string]string{"code": "z-code", "name_en": "z-name_en", "name_zh": "z-name_zh", "parent_code": "z-parent"}[tc.field]
				admContains(t, page, `id="`+id+`-error">`+tc.pageMessageEn)
				if tc.zone.Code != "" && len(tc.zone.Code) <= indicators.MaxCodeLen {
					c.do("GET", "/api/v1/zones/"+url.PathEscape(tc.zone.Code), "", 404, nil)
				}
			})
		}
	})
}
