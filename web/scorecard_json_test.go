package web_test

import (
	"bytes"
	"context"
	"testing"

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
