package storage_test

import (
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// valueLife writes one value's life: entered, submitted, rejected with a
// comment, corrected with a new source, submitted again, approved with a
// comment. It returns the value's id.
func valueLife(t *testing.T, s *storage.Store, officer, reviewer *indicators.Principal) int64 {
	t.Helper()
	in := indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-01", Period: "2019", Value: 80, Source: "land survey 2019"}
	m, err := s.CreateMeasurement(ctx, in, officer)
	if err != nil {
		t.Fatal(err)
	}
	step := func(action indicators.ReviewAction, who *indicators.Principal, comment string) {
		t.Helper()
		if _, err := s.Review(ctx, []int64{m.ID}, action, comment, who); err != nil {
			t.Fatal(err)
		}
	}
	step(indicators.ActionSubmit, officer, "")
	step(indicators.ActionReject, reviewer, "the survey counts roads twice")
	in.Value, in.Source = 78.5, "land survey 2019, corrected"
	if _, err := s.UpdateMeasurement(ctx, m.ID, in, 3, officer); err != nil {
		t.Fatal(err)
	}
	step(indicators.ActionSubmit, officer, "")
	step(indicators.ActionApprove, reviewer, "matches the bureau's table")
	return m.ID
}

func TestValueHistory(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "LY,Liuyang ETDZ,,")
		officer := person("officer@ly", indicators.RoleOfficer, "LY")
		reviewer := person("reviewer@ly", indicators.RoleReviewer, "LY")
		id := valueLife(t, s, officer, reviewer)
		key := indicators.ValueKey{Framework: "igmc", Zone: "LY", Indicator: "SPC-01", Period: "2019"}

		t.Run("every_version_with_its_event", func(t *testing.T) {
			vs, err := s.ValueHistory(ctx, key)
			if err != nil {
				t.Fatal(err)
			}
			want := []struct {
				action, actor string
				status        indicators.Status
				value         float64
				source        string
				review        string
			}{
				{"create", "officer@ly", indicators.Draft, 80, "land survey 2019", ""},
				{"submit", "officer@ly", indicators.Submitted, 80, "land survey 2019", ""},
				{"reject", "reviewer@ly", indicators.Rejected, 80, "land survey 2019", "the survey counts roads twice"},
				{"update", "officer@ly", indicators.Draft, 78.5, "land survey 2019, corrected", ""},
				{"submit", "officer@ly", indicators.Submitted, 78.5, "land survey 2019, corrected", ""},
				{"approve", "reviewer@ly", indicators.Approved, 78.5, "land survey 2019, corrected", "matches the bureau's table"},
			}
			if len(vs) != len(want) {
				t.Fatalf("%d versions, want %d: %+v", len(vs), len(want), vs)
			}
			for i, w := range want {
				v := vs[i]
				if v.Version != i+1 || v.Action != w.action || v.Actor != w.actor || v.Status != w.status || v.Value != w.value ||
					v.Source != w.source || v.ReviewComment != w.review || v.ID != id || v.Period != "2019" || v.ZoneCode != "LY" {
					t.Errorf("version %d: %+v, want %+v", i+1, v, w)
				}
				if v.At.IsZero() {
					t.Errorf("version %d has no time", i+1)
				}
			}
			if vs[2].Reason != "the survey counts roads twice" {
				t.Errorf("the rejection's reason is %q", vs[2].Reason)
			}
			if vs[5].ApprovedValue == nil || *vs[5].ApprovedValue != 78.5 || vs[0].ApprovedValue != nil {
				t.Errorf("approved values %v … %v", vs[0].ApprovedValue, vs[5].ApprovedValue)
			}
		})

		t.Run("never_entered_is_empty", func(t *testing.T) {
			k := key
			k.Period = "2018"
			vs, err := s.ValueHistory(ctx, k)
			if err != nil || vs == nil || len(vs) != 0 {
				t.Fatalf("%v, %v; want an empty list", vs, err)
			}
		})

		for name, k := range map[string]indicators.ValueKey{
			"unknown_indicator": {Framework: "igmc", Zone: "LY", Indicator: "NOPE-01", Period: "2019"},
			"unknown_zone":      {Framework: "igmc", Zone: "NOPE", Indicator: "SPC-01", Period: "2019"},
			"unknown_framework": {Framework: "nope", Zone: "LY", Indicator: "SPC-01", Period: "2019"},
		} {
			t.Run(name, func(t *testing.T) {
				_, err := s.ValueHistory(ctx, k)
				domainErr(t, err, indicators.NotFound)
			})
		}
		for name, period := range map[string]string{"bad_period": "20x9", "quarter_of_an_annual": "2019-Q1"} {
			t.Run(name, func(t *testing.T) {
				k := key
				k.Period = period
				_, err := s.ValueHistory(ctx, k)
				domainErr(t, err, indicators.Invalid)
			})
		}
	})
}
