package storage_test

import (
	"testing"

	"igmc/indicators"
	"igmc/scoring"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// TestScorecardQualityShare: five approved space values, two of them
// estimated (an estimate and a modelled value), and one official services
// value. Space: 2 of 5 = 40%; services 0 of 1; overall 2 of 6. An edit of
// SPC-04 to an estimate, not yet approved, changes the working card (3 of
// 5 in space, 3 of 6 overall) but not the official one, which keeps the
// approved version's code; then an edit of SPC-01 to official takes the
// working card back to 2 while the official one still counts SPC-01.
func TestScorecardQualityShare(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		typedZones(t, s, "A:park")
		if _, err := importCSV(s, "zone_code,indicator_code,period,value,quality\n"+
			"A,SPC-01,2020,70,estimate\nA,SPC-03,2020,7000,modelled\nA,SPC-04,2020,300,\nA,SPC-05,2020,50,survey\n"+
			"A,SPC-06,2020,50,official\nA,SRV-01,2020,50,official\n",
			indicators.ImportOptions{Status: indicators.Approved, AcceptWarnings: true}); err != nil {
			t.Fatalf("%v %+v", err, fieldsOf(err))
		}
		check := func(basis scoring.Basis, space, all int, rows map[string]indicators.Quality) {
			t.Helper()
			card, err := s.Scorecard(ctx, "igmc", "A", 2020, basis)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range card.Perspectives {
				want := map[string][2]int{"space": {5, space}, "services": {1, 0}}[p.Code]
				if p.Code != "space" && p.Code != "services" {
					want = [2]int{0, 0}
				}
				if p.Quality.Values != want[0] || p.Quality.Estimated != want[1] {
					t.Errorf("%s: %s quality %+v, want %d of %d", basis, p.Code, p.Quality, want[1], want[0])
				}
			}
			if p := card.Perspectives[0]; p.Code != "space" || p.Quality.Share == nil || !close2(*p.Quality.Share, float64(space)/5) {
				t.Errorf("%s: first perspective %s share %v, want %v", basis, p.Code, p.Quality.Share, float64(space)/5)
			}
			if q := card.Quality; q.Values != 6 || q.Estimated != all || q.Share == nil || !close2(*q.Share, float64(all)/6) {
				t.Errorf("%s: card quality %+v, want %d of 6", basis, q, all)
			}
			for _, r := range card.Indicators {
				if w, ok := rows[r.IndicatorCode]; ok && (r.Quality == nil || *r.Quality != w || r.Estimated != w.Estimated()) {
					t.Errorf("%s: %s quality %v estimated %v, want %s", basis, r.IndicatorCode, r.Quality, r.Estimated, w)
				}
			}
		}
		first := map[string]indicators.Quality{"SPC-01": indicators.QualityEstimate, "SPC-03": indicators.QualityModelled,
			"SPC-04": indicators.QualityAdministrative, "SPC-05": indicators.QualitySurvey, "SRV-01": indicators.QualityOfficial}
		check(scoring.BasisOfficial, 2, 2, first)
		check(scoring.BasisWorking, 2, 2, first)

		page, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "A"})
		if err != nil {
			t.Fatal(err)
		}
		edit := func(code string, q indicators.Quality) {
			t.Helper()
			for _, m := range page.Items {
				if m.IndicatorCode == code {
					if _, err := s.UpdateMeasurement(ctx, m.ID, indicators.MeasurementInput{Value: m.Value, Quality: q, Explanation: "re-estimated"}, m.Version, as("o@example.org")); err != nil {
						t.Fatal(err)
					}
					return
				}
			}
			t.Fatalf("no %s", code)
		}
		edit("SPC-04", indicators.QualityEstimate)
		check(scoring.BasisOfficial, 2, 2, first)
		check(scoring.BasisWorking, 3, 3, map[string]indicators.Quality{"SPC-01": indicators.QualityEstimate, "SPC-04": indicators.QualityEstimate})
		edit("SPC-01", indicators.QualityOfficial)
		check(scoring.BasisOfficial, 2, 2, first)
		check(scoring.BasisWorking, 2, 2, map[string]indicators.Quality{"SPC-01": indicators.QualityOfficial, "SPC-04": indicators.QualityEstimate,
			"SPC-03": indicators.QualityModelled})
	})
}
