package web_test

import (
	"strings"
	"testing"
)

// TestMeasurementFilters: the list's year and perspective filters, and a
// clear 422 for a year that is not one.
func TestMeasurementFilters(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		var all, year, space listOf[measurementJSON]
		c.do("GET", "/api/v1/measurements?framework=igmc&zone=LY&period=2019&limit=1000", "", 200, &all)
		c.do("GET", "/api/v1/measurements?framework=igmc&zone=LY&year=2019&limit=1000", "", 200, &year)
		c.do("GET", "/api/v1/measurements?framework=igmc&zone=LY&year=2019&perspective=space&limit=1000", "", 200, &space)
		if year.Total <= all.Total {
			t.Errorf("year 2019 holds %d values, the annual period alone %d: quarters and months are missing", year.Total, all.Total)
		}
		for _, m := range year.Items {
			if !strings.HasPrefix(m.Period, "2019") {
				t.Errorf("year 2019 lists a value of %s", m.Period)
			}
		}
		if space.Total == 0 || space.Total >= year.Total {
			t.Errorf("perspective space keeps %d of %d values", space.Total, year.Total)
		}
		for _, m := range space.Items {
			if !strings.HasPrefix(m.Indicator, "SPC-") {
				t.Errorf("perspective space lists %s", m.Indicator)
			}
		}
		body := string(c.do("GET", "/api/v1/measurements?year=nineteen", "", 422, nil))
		if !strings.Contains(body, `"field":"year"`) {
			t.Errorf("a bad year is not named: %s", body)
		}
	})
}
