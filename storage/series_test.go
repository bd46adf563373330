package storage_test

import (
	"encoding/json"
	"testing"

	"igmc/indicators"
	"igmc/scoring"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// TestScorecardSeries checks that the series of a zone's scorecards is,
// year by year, the scorecard of that year — computed fresh, partly from
// the cache, or wholly from it — and the year range of the data.
func TestScorecardSeries(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		if _, _, ok, err := s.YearRange(ctx, "igmc"); err != nil || ok {
			t.Fatalf("year range of an empty framework: ok %v, %v", ok, err)
		}
		if _, _, err := s.LoadDemo(ctx, indicators.System); err != nil {
			t.Fatal(err)
		}
		first, last, ok, err := s.YearRange(ctx, "igmc")
		if err != nil || !ok || first != indicators.DemoFirstYear || last != indicators.DemoLastYear {
			t.Fatalf("year range %d–%d (%v, %v), want %d–%d", first, last, ok, err, indicators.DemoFirstYear, indicators.DemoLastYear)
		}
		for _, basis := range []scoring.Basis{scoring.BasisOfficial, scoring.BasisWorking} {
			want := map[int]string{}
			for y := first; y <= last; y++ {
				card, err := s.Scorecard(ctx, "igmc", "LY", y, basis)
				if err != nil {
					t.Fatal(err)
				}
				b, err := json.Marshal(card)
				if err != nil {
					t.Fatal(err)
				}
				want[y] = string(b)
			}
			check := func(name string) {
				t.Helper()
				cards, err := s.ScorecardSeries(ctx, "igmc", "LY", first, last, basis)
				if err != nil {
					t.Fatal(err)
				}
				if len(cards) != last-first+1 {
					t.Fatalf("%s: %d cards for %d–%d", name, len(cards), first, last)
				}
				for i, c := range cards {
					got, _ := json.Marshal(c)
					if string(got) != want[first+i] {
						t.Errorf("%s, %s: the series' card of %d differs from the scorecard of that year", name, basis, first+i)
					}
				}
			}
			check("from the cache")
			s.DropCache()
			check("computed")
			s.DropCache()
			if _, err := s.Scorecard(ctx, "igmc", "LY", first+2, basis); err != nil {
				t.Fatal(err)
			}
			check("partly cached")
		}
		// A value of a new year moves the end of the range at once.
		if _, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-01",
			Period: "2023", Value: 90}, indicators.System); err != nil {
			t.Fatal(err)
		}
		if f, l, ok, err := s.YearRange(ctx, "igmc"); err != nil || !ok || f != first || l != 2023 {
			t.Errorf("after a 2023 value the year range is %d–%d (%v, %v)", f, l, ok, err)
		}
		if _, err := s.ScorecardSeries(ctx, "igmc", "LY", 2020, 2019, scoring.BasisOfficial); indicators.CodeOf(err) != indicators.Invalid {
			t.Errorf("a reversed range: %v", err)
		}
		if _, err := s.ScorecardSeries(ctx, "igmc", "NOPE", 2019, 2020, scoring.BasisOfficial); indicators.CodeOf(err) != indicators.NotFound {
			t.Errorf("an unknown zone: %v", err)
		}
	})
}

// TestPendingCounts checks the counts of values awaiting work against the
// lists they summarise, and that a review shows in the very next count.
func TestPendingCounts(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		if _, _, err := s.LoadDemo(ctx, indicators.System); err != nil {
			t.Fatal(err)
		}
		check := func(when string) map[string]map[indicators.Status]int64 {
			t.Helper()
			got, err := s.PendingCounts(ctx, "igmc")
			if err != nil {
				t.Fatal(err)
			}
			for _, z := range indicators.DemoZones {
				for _, st := range []indicators.Status{indicators.Draft, indicators.Submitted, indicators.Rejected} {
					if want := count(t, s, indicators.MeasurementFilter{Framework: "igmc", Zone: z.Code, Status: st}); got[z.Code][st] != want {
						t.Errorf("%s: %s has %d %s values counted, %d listed", when, z.Code, got[z.Code][st], st, want)
					}
				}
				if got[z.Code][indicators.Approved] != 0 {
					t.Errorf("%s: approved values are counted as pending", when)
				}
			}
			return got
		}
		before := check("after the demo")
		if before["LY"][indicators.Submitted] == 0 {
			t.Fatal("the demo has no submitted value for LY")
		}
		l, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY", Status: indicators.Submitted, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Review(ctx, []int64{l.Items[0].ID}, indicators.ActionReject, "check the source", person("rev@ly", indicators.RoleReviewer, "LY")); err != nil {
			t.Fatal(err)
		}
		after := check("after a rejection")
		if after["LY"][indicators.Submitted] != before["LY"][indicators.Submitted]-1 || after["LY"][indicators.Rejected] != before["LY"][indicators.Rejected]+1 {
			t.Errorf("a rejection moved the counts from %v to %v", before["LY"], after["LY"])
		}
	})
}

// TestDemoMarksItsEstimates: the demo's LY figures interpolated between
// the published ones are estimates, the description's own are official, and
// LY's official scorecard of 2019 counts the estimates.
func TestDemoMarksItsEstimates(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		if _, _, err := s.LoadDemo(ctx, indicators.System); err != nil {
			t.Fatal(err)
		}
		got := map[string]indicators.Quality{}
		for _, period := range []string{"2017", "2019"} {
			page, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY", Indicator: "SPC-03", Period: period})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Items) != 1 {
				t.Fatalf("SPC-03 %s: %d values, want 1", period, len(page.Items))
			}
			got[period] = page.Items[0].Quality
		}
		if got["2017"] != indicators.QualityOfficial || got["2019"] != indicators.QualityEstimate {
			t.Errorf("SPC-03 qualities %v, want 2017 official and 2019 estimate", got)
		}
		card, err := s.Scorecard(ctx, "igmc", "LY", 2019, scoring.BasisOfficial)
		if err != nil {
			t.Fatal(err)
		}
		if card.Quality.Estimated == 0 || card.Quality.Estimated >= card.Quality.Values {
			t.Errorf("2019 quality %+v, want some but not all values estimated", card.Quality)
		}
	})
}
