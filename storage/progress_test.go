package storage_test

import (
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

func TestUnapprovedValues(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		if _, _, err := s.LoadDemo(ctx, indicators.System); err != nil {
			t.Fatal(err)
		}
		page, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY", Status: indicators.Submitted, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, m := range page.Items {
			if strings.HasPrefix(m.Period, "2020") {
				want++
			}
		}
		got, err := s.UnapprovedValues(ctx, "igmc", "LY", 2020)
		if err != nil {
			t.Fatal(err)
		}
		if want == 0 || len(got) != want {
			t.Fatalf("%d unapproved 2020 values, want the %d submitted", len(got), want)
		}
		for _, m := range got {
			if m.ZoneCode != "LY" || m.Status != indicators.Submitted || !strings.HasPrefix(m.Period, "2020") {
				t.Fatalf("listed %+v", m)
			}
		}
		if old, err := s.UnapprovedValues(ctx, "igmc", "LY", 2019); err != nil || len(old) != 0 {
			t.Fatalf("2019 is approved, yet %d values listed (%v)", len(old), err)
		}
		_, err = s.UnapprovedValues(ctx, "igmc", "NOPE", 2020)
		domainErr(t, err, indicators.NotFound)
	})
}
