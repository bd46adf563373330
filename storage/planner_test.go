package storage_test

import (
	"encoding/json"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/scoring"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// stored counts what a request could have written: the values with all
// their versions, and the audit events.
func stored(t *testing.T, s *storage.Store) (rows int, events int) {
	t.Helper()
	err := s.ExportMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc"}, true, func(*indicators.ExportRow) error { rows++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return rows, rep.Events
}

// TestWhatIfWritesNothing runs what-ifs on the demo, on both bases, and
// checks that no value, no version and no audit event was written, and
// that the zone's scorecard is the same before and after.
func TestWhatIfWritesNothing(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		if _, _, err := s.LoadDemo(ctx, indicators.System); err != nil {
			t.Fatal(err)
		}
		before, err := s.Scorecard(ctx, "igmc", "LY", 2019, scoring.BasisWorking)
		if err != nil {
			t.Fatal(err)
		}
		beforeJSON, _ := json.Marshal(before)
		rows, events := stored(t, s)
		if rows == 0 || events == 0 {
			t.Fatalf("the demo left %d values and %d events", rows, events)
		}
		for _, basis := range []scoring.Basis{scoring.BasisOfficial, scoring.BasisWorking} {
			if _, err := s.WhatIf(ctx, "igmc", "LY", 2019, basis, map[string]float64{"SPC-01": 99, "ENV-01": 12}); err != nil {
				t.Fatalf("%s what-if: %v", basis, err)
			}
		}
		r, e := stored(t, s)
		if r != rows || e != events {
			t.Fatalf("a what-if wrote: %d values and %d events before, %d and %d after", rows, events, r, e)
		}
		after, err := s.Scorecard(ctx, "igmc", "LY", 2019, scoring.BasisWorking)
		if err != nil {
			t.Fatal(err)
		}
		if afterJSON, _ := json.Marshal(after); string(afterJSON) != string(beforeJSON) {
			t.Fatal("the scorecard changed after a what-if")
		}
	})
}

// TestWhatIfRefusesBadValues names an unknown indicator and a value
// outside an indicator's plausible range, and refuses an empty what-if.
func TestWhatIfRefusesBadValues(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "Z1,Zone one,,")
		cases := []struct {
			name   string
			values map[string]float64
			field  string
			says   string
		}{
			{"unknown_indicator", map[string]float64{"NOPE-1": 1, "SPC-01": 50}, "indicator_code", `"NOPE-1"`},
			{"out_of_range", map[string]float64{"SPC-01": 250}, "value", `"SPC-01"`}, // a share of at most 100
			{"beyond_magnitude", map[string]float64{"SPC-01": 1e16}, "value", `"SPC-01"`},
			{"empty", map[string]float64{}, "values", "at least one"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := s.WhatIf(ctx, "igmc", "Z1", 2019, scoring.BasisOfficial, c.values)
				e := domainErr(t, err, indicators.Invalid)
				found := false
				for _, f := range e.Fields {
					if f.Field == c.field && strings.Contains(f.Message, c.says) {
						found = true
					}
				}
				if !found {
					t.Fatalf("fields %+v do not name %s with %s", e.Fields, c.field, c.says)
				}
			})
		}
		t.Run("unknown_zone", func(t *testing.T) {
			_, err := s.WhatIf(ctx, "igmc", "NOWHERE", 2019, scoring.BasisOfficial, map[string]float64{"SPC-01": 50})
			domainErr(t, err, indicators.NotFound)
		})
	})
}

// TestPlannerStore answers the planner of a zone and refuses a bad query
// as the scorecard does.
func TestPlannerStore(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "Z1,Zone one,,")
		if _, err := s.Planner(ctx, "igmc", "Z1", 2019, ""); err != nil {
			t.Fatal(err)
		}
		_, err := s.Planner(ctx, "igmc", "Z1", 1200, scoring.BasisOfficial)
		domainErr(t, err, indicators.Invalid)
		_, err = s.Planner(ctx, "igmc", "Z1", 2019, "draft")
		domainErr(t, err, indicators.Invalid)
		_, err = s.Planner(ctx, "igmc", "NOWHERE", 2019, scoring.BasisOfficial)
		domainErr(t, err, indicators.NotFound)
		_, err = s.Planner(ctx, "nofw", "Z1", 2019, scoring.BasisOfficial)
		domainErr(t, err, indicators.NotFound)
	})
}
