package web_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"igmc/indicators"
)

type changesAnswer struct {
	Items []indicators.Change `json:"items"`
	Next  string              `json:"next"`
	More  bool                `json:"more"`
}

// walkChanges reads the whole feed, limit at a time, and returns the
// changes and every answer's body.
func walkChanges(c *client, limit string) ([]indicators.Change, string) {
	var all []indicators.Change
	var bodies strings.Builder
	since := "0"
	for {
		var a changesAnswer
		bodies.Write(c.do("GET", "/api/v1/changes?since="+since+"&limit="+limit, "", 200, &a))
		all = append(all, a.Items...)
		since = a.Next
		if !a.More {
			return all, bodies.String()
		}
	}
}

// TestChangesAPI: the feed reads the same changes whatever the page size,
// keeps an officer to their zones and account events to administrators,
// never shows an email, and refuses a since that is not a cursor.
func TestChangesAPI(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.do("POST", "/api/v1/zones", `{"code":"OT","name_en":"Other"}`, 201, nil)
		for _, z := range []string{"LY", "OT", "LY-N"} {
			c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"`+z+`","indicator_code":"SPC-01","period":"2019","value":80}`, 201, nil)
		}
		officer := c.as(c.userToken("ot@example.org", indicators.RoleOfficer, "OT"))
		all, body := walkChanges(c, "1000")
		paged, _ := walkChanges(c, "2")
		if len(all) == 0 || len(all) != len(paged) {
			t.Fatalf("%d changes at once, %d two at a time", len(all), len(paged))
		}
		accounts := 0
		for i := range all {
			if all[i] != paged[i] {
				t.Fatalf("change %d: %+v at once, %+v paged", i, all[i], paged[i])
			}
			if all[i].Entity == "user" {
				accounts++
			}
		}
		if accounts == 0 || strings.Contains(body, "@example.org") {
			t.Errorf("the administrator's feed: %d account changes; an email in it: %v", accounts, strings.Contains(body, "@example.org"))
		}

		mine, body := walkChanges(officer, "1000")
		values := 0
		for _, ch := range mine {
			switch {
			case ch.Zone != "OT" || ch.Entity == "user":
				t.Errorf("the officer of OT reads %+v", ch)
			case ch.Entity == "measurement" && ch.Indicator == "SPC-01" && ch.Period == "2019" && ch.Version == 1 && ch.Status == indicators.Draft:
				values++
			}
		}
		if values != 1 || strings.Contains(body, "@example.org") {
			t.Errorf("the officer of OT reads %d value changes of OT, want 1; an email: %v", values, strings.Contains(body, "@example.org"))
		}

		for _, q := range []string{"since=abc", "since=-1", "since=1.5", "cursor=3"} {
			c.do("GET", "/api/v1/changes?"+q, "", 400, nil)
		}
		for _, q := range []string{"limit=0", "limit=1001", "limit=x"} {
			c.do("GET", "/api/v1/changes?"+q, "", 422, nil)
		}
		c.as("").do("GET", "/api/v1/changes", "", 401, nil)
	})
}

// checkChanges: the matrix's callers read LY's changes only when LY is in
// their scope, and account changes only as administrators.
func checkChanges(t *testing.T, who matrixCaller, body []byte) {
	var a changesAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatal(err)
	}
	ly, accounts := false, false
	for _, ch := range a.Items {
		ly = ly || ch.Zone == "LY"
		accounts = accounts || slices.Contains(indicators.AccountEntities, ch.Entity)
	}
	if ly != who.inZone || accounts != (who.role == indicators.RoleAdmin) || strings.Contains(string(body), "@example.org") {
		t.Errorf("%s reads LY's changes: %v (in zone: %v), account changes: %v", who.name, ly, who.inZone, accounts)
	}
}
