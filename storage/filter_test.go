package storage_test

import (
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// TestListByYearAndPerspective: the year filter keeps every period of the
// year (annual, quarterly, monthly) and the perspective filter the values
// of that perspective's indicators, together with the other filters.
func TestListByYearAndPerspective(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		if _, _, err := s.LoadDemo(ctx, indicators.System); err != nil {
			t.Fatal(err)
		}
		all, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY", Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		var all2020, space2020, sub2020 int64
		for after := int64(0); ; {
			page, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY", Limit: 1000, After: after})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range page.Items {
				if strings.HasPrefix(m.Period, "2020") {
					all2020++
					if strings.HasPrefix(m.IndicatorCode, "SPC-") {
						space2020++
					}
					if m.Period != "2020" {
						sub2020++
					}
				}
			}
			if page.Next == nil {
				break
			}
			after = *page.Next
		}
		if all.Total == 0 || all2020 == 0 || space2020 == 0 || sub2020 == 0 {
			t.Fatalf("the demo lacks the values this test needs: %d, %d, %d, %d", all.Total, all2020, space2020, sub2020)
		}
		if n := count(t, s, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY", Year: 2020}); n != all2020 {
			t.Errorf("year 2020: %d values, counted %d (with %d quarters and months)", n, all2020, sub2020)
		}
		if n := count(t, s, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY", Year: 2020, Perspective: "space"}); n != space2020 {
			t.Errorf("space in 2020: %d values, counted %d", n, space2020)
		}
		if n := count(t, s, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY", Perspective: "nope"}); n != 0 {
			t.Errorf("an unknown perspective keeps %d values", n)
		}
	})
}
