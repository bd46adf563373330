package storage_test

import (
	"context"
	"encoding/json"
	"testing"

	"igmc/indicators"
	"igmc/scoring"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// TestBundleInputsScoreAsTheStore: on both engines, the framework, the
// options and the approved values the bundle is given compute, with the
// scoring package alone, exactly the official scorecard the store serves,
// for every demo zone; a zone outside the scope given is left out.
func TestBundleInputsScoreAsTheStore(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		if _, _, err := s.LoadDemo(ctx, indicators.System); err != nil {
			t.Fatal(err)
		}
		fw, opts, err := s.BundleInputs(ctx, "igmc", 2019, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(fw.Indicators) < 48 || len(opts) < 2 {
			t.Fatalf("%d indicators, options of %d zones", len(fw.Indicators), len(opts))
		}
		plans, marks := 0, 0
		for zone, o := range opts {
			plans += len(o.Plans)
			marks += len(o.NotApplicable)
			var values []scoring.Value
			if err := s.EachOfficialValue(ctx, "igmc", zone, 2019, func(v scoring.Value) error {
				if !v.Approved || v.Year > 2019 {
					t.Errorf("%s: value %+v is not an approved value up to 2019", zone, v)
				}
				values = append(values, v)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			got, err := scoring.Compute(fw, values, o)
			if err != nil {
				t.Fatal(err)
			}
			want, err := s.Scorecard(ctx, "igmc", zone, 2019, scoring.BasisOfficial)
			if err != nil {
				t.Fatal(err)
			}
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			if string(g) != string(w) {
				t.Errorf("%s: recomputed card differs from the store's:\n%s\n%s", zone, g, w)
			}
		}
		if plans == 0 || marks == 0 {
			t.Errorf("the demo's options hold %d plan lines and %d marks: nothing tested", plans, marks)
		}
		_, some, err := s.BundleInputs(ctx, "igmc", 2019, []string{"LY"})
		if err != nil || len(some) != 1 {
			t.Errorf("scoped to LY: %d zones, %v", len(some), err)
		}
		if err := s.EachOfficialValue(ctx, "igmc", "NOPE", 2019, func(scoring.Value) error { return nil }); indicators.CodeOf(err) != indicators.NotFound {
			t.Errorf("unknown zone: %v", err)
		}
	})
}
