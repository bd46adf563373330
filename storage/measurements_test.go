package storage_test

import (
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

func TestMeasurementLifecycle(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "LY,Liuyang ETDZ,浏阳经开区,")
		in := indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-01", Period: "2019", Value: 80, Source: "bureau"}
		m, err := s.CreateMeasurement(ctx, in, as("officer@ly"))
		if err != nil {
			t.Fatal(err)
		}
		if m.Version != 1 || m.Status != indicators.Draft || m.EnteredBy != "officer@ly" || m.ZoneCode != "LY" {
			t.Fatalf("created %+v", m)
		}

		t.Run("duplicate_is_a_conflict", func(t *testing.T) {
			_, err := s.CreateMeasurement(ctx, in, as("x"))
			domainErr(t, err, indicators.Conflict)
		})
		t.Run("invalid_input_names_each_field", func(t *testing.T) {
			bad := indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "XX", IndicatorCode: "SPC-01", Period: "2019-Q1", Value: 500}
			e := domainErr(t, func() error { _, err := s.CreateMeasurement(ctx, bad, as("x")); return err }(), indicators.Invalid)
			got := map[string]string{}
			for _, f := range e.Fields {
				got[f.Field] = f.Code
			}
			if got["zone_code"] != "unknown_zone" || got["period"] != "period_mismatch" || got["value"] != "out_of_range" {
				t.Fatalf("fields = %+v", e.Fields)
			}
		})
		t.Run("update_with_current_version", func(t *testing.T) {
			in.Value = 82
			u, err := s.UpdateMeasurement(ctx, m.ID, in, 1, as("officer2@ly"))
			if err != nil {
				t.Fatal(err)
			}
			if u.Version != 2 || u.Value != 82 || u.EnteredBy != "officer2@ly" {
				t.Fatalf("updated %+v", u)
			}
		})
		t.Run("stale_version_is_a_conflict", func(t *testing.T) {
			in.Value = 90
			_, err := s.UpdateMeasurement(ctx, m.ID, in, 1, as("late"))
			domainErr(t, err, indicators.Conflict)
			cur, _ := s.Measurement(ctx, m.ID)
			if cur.Value != 82 || cur.Version != 2 {
				t.Fatalf("a stale update changed the value: %+v", cur)
			}
		})
		t.Run("update_outside_range_is_invalid", func(t *testing.T) {
			in.Value = -1
			_, err := s.UpdateMeasurement(ctx, m.ID, in, 2, as("x"))
			domainErr(t, err, indicators.Invalid)
		})
		t.Run("history_shows_each_revision", func(t *testing.T) {
			in.Value = 84
			if _, err := s.UpdateMeasurement(ctx, m.ID, in, 2, as("officer@ly")); err != nil {
				t.Fatal(err)
			}
			h, err := s.History(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(h) != 3 {
				t.Fatalf("%d revisions, want 3", len(h))
			}
			for i, want := range []float64{80, 82, 84} {
				if h[i].Value != want || h[i].Version != i+1 {
					t.Errorf("revision %d = %v v%d, want %v v%d", i, h[i].Value, h[i].Version, want, i+1)
				}
			}
			if h[0].EnteredBy != "officer@ly" || h[1].EnteredBy != "officer2@ly" {
				t.Errorf("entered_by not kept per revision: %q, %q", h[0].EnteredBy, h[1].EnteredBy)
			}
		})
		t.Run("missing_is_not_found", func(t *testing.T) {
			_, err := s.Measurement(ctx, 999999)
			domainErr(t, err, indicators.NotFound)
			_, err = s.History(ctx, 999999)
			domainErr(t, err, indicators.NotFound)
		})
	})
}

func TestListMeasurementsPages(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "LY,Liuyang ETDZ,,")
		file := "zone_code,indicator_code,period,value\n"
		for y := 2011; y <= 2020; y++ {
			file += "LY,SPC-01," + itoa(y) + ",50\n"
		}
		if _, err := importCSV(s, file, indicators.ImportOptions{AcceptWarnings: true}); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		f := indicators.MeasurementFilter{Framework: "igmc", Limit: 3}
		pages := 0
		for {
			p, err := s.ListMeasurements(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			if p.Total != 10 {
				t.Fatalf("total %d, want 10", p.Total)
			}
			for _, m := range p.Items {
				if seen[m.Period] {
					t.Fatalf("period %s on two pages", m.Period)
				}
				seen[m.Period] = true
			}
			if p.Next == nil {
				break
			}
			f.After = *p.Next
		}
		if pages != 4 || len(seen) != 10 {
			t.Fatalf("%d pages, %d rows; want 4 pages, 10 rows", pages, len(seen))
		}
		if n := count(t, s, indicators.MeasurementFilter{Status: indicators.Approved}); n != 0 {
			t.Fatalf("status filter: %d approved, want 0", n)
		}
	})
}

func itoa(i int) string {
	b := []byte{}
	for i > 0 {
		b = append([]byte{byte('0' + i%10)}, b...)
		i /= 10
	}
	return string(b)
}
