package storage_test

import (
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// TestSaveMeasurementsAllOrNone saves a form's values together: all are
// written, or — when one is refused — none, and the refused one is named.
func TestSaveMeasurementsAllOrNone(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "LY,Liuyang ETDZ,,")
		officer := person("officer@ly", indicators.RoleOfficer, "LY")
		input := func(code string, v float64) indicators.MeasurementInput {
			return indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: code, Period: "2019", Value: v}
		}
		old, err := s.CreateMeasurement(ctx, input("SPC-01", 70), officer)
		if err != nil {
			t.Fatal(err)
		}
		before := count(t, s, indicators.MeasurementFilter{Zone: "LY"})

		// The second change was read at a version that is no longer
		// current: nothing is written, and it is the one named.
		failed, err := s.SaveMeasurements(ctx, []indicators.MeasurementChange{
			{Input: input("SPC-02", 1.2)},
			{ID: old.ID, Version: old.Version + 1, Input: input("SPC-01", 75)},
		}, officer)
		domainErr(t, err, indicators.Conflict)
		if failed != 1 {
			t.Errorf("failed = %d, want 1", failed)
		}
		if n := count(t, s, indicators.MeasurementFilter{Zone: "LY"}); n != before {
			t.Fatalf("a refused save left %d values, had %d", n, before)
		}
		if m, _ := s.Measurement(ctx, old.ID); m.Value != 70 || m.Version != old.Version {
			t.Fatalf("a refused save changed the value: %v v%d", m.Value, m.Version)
		}

		// An out-of-range value is refused the same way.
		failed, err = s.SaveMeasurements(ctx, []indicators.MeasurementChange{
			{Input: input("SPC-02", 1.2)},
			{ID: old.ID, Version: old.Version, Input: input("SPC-01", -5)},
		}, officer)
		domainErr(t, err, indicators.Invalid)
		if failed != 1 || count(t, s, indicators.MeasurementFilter{Zone: "LY"}) != before {
			t.Fatalf("out of range: failed %d, values %d", failed, count(t, s, indicators.MeasurementFilter{Zone: "LY"}))
		}

		// All valid: both written, in one go.
		failed, err = s.SaveMeasurements(ctx, []indicators.MeasurementChange{
			{Input: input("SPC-02", 1.2)},
			{ID: old.ID, Version: old.Version, Input: input("SPC-01", 75)},
		}, officer)
		if err != nil || failed != -1 {
			t.Fatalf("save: failed %d, %v", failed, err)
		}
		if n := count(t, s, indicators.MeasurementFilter{Zone: "LY"}); n != before+1 {
			t.Fatalf("%d values after the save, want %d", n, before+1)
		}
		if m, _ := s.Measurement(ctx, old.ID); m.Value != 75 || m.Version != old.Version+1 {
			t.Fatalf("the changed value is %v v%d", m.Value, m.Version)
		}
		// A reviewer enters nothing.
		_, err = s.SaveMeasurements(ctx, []indicators.MeasurementChange{{Input: input("SPC-03", 1)}}, person("reviewer@ly", indicators.RoleReviewer, "LY"))
		domainErr(t, err, indicators.Forbidden)
	})
}
