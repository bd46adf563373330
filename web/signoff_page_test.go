package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"igmc/indicators"
)

// TestSignOffPage signs a year off and withdraws it through the page's
// forms, in both languages: a refusal names what blocks it, a withdrawal
// without a reason is shown beside the field, and the scorecard page says
// the year is signed off.
func TestSignOffPage(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		ctx := context.Background()
		csv := "zone_code,indicator_code,period,value\nLY,SPC-01,2020,70\n"
		if _, err := c.store.ImportMeasurements(ctx, indicators.NewCSVRows(strings.NewReader(csv)),
			indicators.ImportOptions{Framework: "igmc", AcceptWarnings: true, By: indicators.System}); err != nil {
			t.Fatal(err)
		}
		sess, csrf := admSession(t, c, "admin@example.org")
		for _, lang := range []string{"zh", "en"} {
			page := string(admGet(t, c, sess, "/signoffs?framework=igmc&year=2020", 200, lang))
			if !strings.Contains(page, `action="/signoffs"`) || !strings.Contains(page, `name="csrf_token" value="`+csrf+`"`) {
				t.Fatalf("%s: no sign-off form with its token", lang)
			}
		}
		form := url.Values{"framework": {"igmc"}, "zone": {"LY"}, "year": {"2020"}, "csrf_token": {csrf}}
		body, _ := admPost(t, c, sess, "/signoffs", form, 409)
		if !strings.Contains(string(body), "SPC-01 2020 (submitted)") {
			t.Errorf("the refusal does not name the value:\n%.3000s", body)
		}
		if _, err := c.store.ImportMeasurements(ctx, indicators.NewCSVRows(strings.NewReader("zone_code,indicator_code,period,value\nLY,SPC-01,2020,71\n")),
			indicators.ImportOptions{Framework: "igmc", Status: indicators.Approved, AcceptWarnings: true, By: indicators.System}); err != nil {
			t.Fatal(err)
		}
		if _, to := admPost(t, c, sess, "/signoffs", form, 303); to != "/signoffs?framework=igmc&year=2020" {
			t.Errorf("after signing off: to %q", to)
		}
		card := string(admGet(t, c, sess, "/zones/LY/scorecard?framework=igmc&year=2020", 200, "zh"))
		if !strings.Contains(card, `class="sc-signed-off"`) || !strings.Contains(card, "签核") {
			t.Errorf("the scorecard page does not say the year is signed off")
		}
		list, err := c.store.ListSignOffs(ctx, indicators.SignOffFilter{Framework: "igmc", Year: 2020}, nil)
		if err != nil || len(list) != 1 {
			t.Fatalf("sign-offs %+v %v", list, err)
		}
		path := "/signoffs/" + itoa(list[0].ID) + "/withdraw"
		withdraw := url.Values{"framework": {"igmc"}, "year": {"2020"}, "csrf_token": {csrf}, "reason": {" "}}
		body, _ = admPost(t, c, sess, path, withdraw, 422)
		if !strings.Contains(string(body), `id="withdraw-`+itoa(list[0].ID)+`-error"`) {
			t.Errorf("the missing reason is not shown beside the field:\n%.3000s", body)
		}
		withdraw.Set("reason", "figures revised")
		admPost(t, c, sess, path, withdraw, 303)
		if so, err := c.store.GetSignOff(ctx, list[0].ID, nil); err != nil || so.InForce() {
			t.Fatalf("after the withdrawal: %+v %v", so, err)
		}
	})
}
