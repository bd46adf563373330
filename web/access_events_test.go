package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"igmc/indicators"
)

// TestAccessEventsRecorded: a sign-in, a failed sign-in, an export, the
// bundle and an evidence download each leave an access event naming who
// and what; a refused download leaves none; the audit page shows them in
// both languages; the trail still verifies.
func TestAccessEventsRecorded(t *testing.T) {
	evidenceServer(t, func(t *testing.T, c *client, _ string) {
		officer := c.as(c.userToken("officer@ly", indicators.RoleOfficer, "LY"))
		other := c.as(c.userToken("officer@cs", indicators.RoleOfficer, "CS"))
		var m measurementJSON
		officer.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","value":80}`, 201, &m)
		pdf := pdfFile(3000, 'a')
		ct, body := evidenceForm("", "yearbook.pdf", pdf)
		officer.send("POST", "/api/v1/measurements/"+itoa(m.ID)+"/evidence", ct, body, 201, nil)

		admSession(t, c, "officer@ly")
		cookie, token := loginCSRF(t, c.srv.URL)
		resp, _ := exchange(t, c.srv.URL, httpCall{method: "POST", path: "/login", ctype: formType,
			body: signInValues("officer@ly", "not the password", token), cookies: []*http.Cookie{cookie}})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("a wrong password answered %d", resp.StatusCode)
		}
		officer.do("GET", "/api/v1/evidence/"+shaOf(pdf), "", 200, nil)
		other.do("GET", "/api/v1/evidence/"+shaOf(pdf), "", 403, nil)
		officer.do("GET", "/api/v1/exports/measurements.csv?framework=igmc&zone=LY", "", 200, nil)
		c.do("GET", "/api/v1/exports/bundle.zip?framework=igmc&year=2019", "", 200, nil)
		officer.do("GET", "/api/v1/zones/LY/progress.csv?framework=igmc&year=2019", "", 200, nil)

		ev, err := c.store.ListAuditEvents(context.Background(), indicators.AuditFilter{Entity: "access"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		type seen struct{ action, actor, target string }
		var got []seen
		report := false
		for _, e := range ev.Items {
			got = append(got, seen{e.Action, e.Actor, e.EntityID})
			if e.Action == "export" && strings.Contains(e.NewValue, `"path":"/api/v1/zones/LY/progress.csv"`) && strings.Contains(e.NewValue, `"zone_code":"LY"`) &&
				strings.Contains(e.NewValue, `"year":"2019"`) {
				report = true
			}
			if strings.Contains(e.NewValue, "not the password") || strings.Contains(e.NewValue, "correct horse") {
				t.Errorf("an access event records a password: %+v", e)
			}
		}
		want := map[seen]bool{
			{"signin", "officer@ly", "officer@ly"}:                           false,
			{"signin_failed", "anonymous", "officer@ly"}:                     false,
			{"evidence_download", "officer@ly", shaOf(pdf)}:                  false,
			{"export", "officer@ly", "igmc-measurements.csv"}:                false,
			{"bundle_download", "admin@example.org", "igmc-2019-bundle.zip"}: false,
		}
		for _, g := range got {
			if _, ok := want[g]; ok {
				want[g] = true
			}
			if g.actor == "officer@cs" && g.action != "signin" {
				t.Errorf("a refused download was recorded: %+v", g)
			}
		}
		if !report {
			t.Errorf("the progress report's download was not recorded with its zone and year: %+v", got)
		}
		for w, ok := range want {
			if !ok {
				t.Errorf("no access event %+v among %+v", w, got)
			}
		}
		admin, _ := admSession(t, c, "admin@example.org")
		admContains(t, admGet(t, c, admin, "/audit?entity=access", 200), `<option value="access" selected>access</option>`, "sign-in failed", "evidence file downloaded", "bundle downloaded", "From address")
		admContains(t, admGet(t, c, admin, "/audit?entity=access", 200, "zh"), "登录失败", "下载佐证材料", "下载审计资料包", "来源地址")
		rep, err := c.store.VerifyAudit(context.Background())
		if err != nil || !rep.OK {
			t.Fatalf("the trail with access events does not verify: %+v %v", rep, err)
		}
	})
}
