package storage_test

import (
	"encoding/json"
	"math"
	"testing"

	"igmc/indicators"
	"igmc/scoring"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// A framework that has nothing of IGMC: two perspectives, a monthly
// indicator, both directions, no grade bands.
const cityCatalogue = "perspective_code,perspective_name_en,indicator_code,name_en,unit,frequency,aggregation,best,worst,green,red,points\n" +
	"air,Air,PM,PM2.5,µg/m³,monthly,mean,10,75,35,50,5\n" +
	"air,Air,NO2,NO2,µg/m³,annual,,10,60,,,5\n" +
	"water,Water,SAFE,Safe water,%,annual,,100,50,,,10\n"

func cityValues() string {
	file := "zone_code,indicator_code,period,value\n"
	for m := 1; m <= 12; m++ {
		v := "40"
		if m%2 == 0 {
			v = "45"
		}
		file += "C1,PM,2019-" + two(m) + "," + v + "\n"
	}
	return file + "C1,NO2,2019,60\nC1,SAFE,2019,110\n"
}

func two(m int) string { return string([]byte{byte('0' + m/10), byte('0' + m%10)}) }

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestScorecardOfAnyFramework(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		if _, err := s.ImportCatalogue(ctx, indicators.Framework{Code: "city"}, readCat(t, cityCatalogue), indicators.System); err != nil {
			t.Fatal(err)
		}
		addZones(t, s, "C1,City one,,", "C2,City two,,")
		if _, err := importCSV(s, cityValues(), indicators.ImportOptions{Framework: "city", Status: indicators.Approved}); err != nil {
			t.Fatal(err)
		}
		card, err := s.Scorecard(ctx, "city", "C1", 2019, scoring.BasisOfficial)
		if err != nil {
			t.Fatal(err)
		}
		body, err := json.Marshal(card)
		if err != nil {
			t.Fatal(err)
		}
		// PM: monthly mean (6×40 + 6×45)/12 = 42.5 → 100·(42.5−75)/(10−75) = 50;
		//   lower is better: oriented −42.5 lies exactly on mid (−35−50)/2 = −42.5 → yellow.
		// NO2: 60 = worst → 0, red (default red 35 scores 50; 60 is beyond it).
		// SAFE: 110 beyond best 100 → clamped to 100, green.
		// air = (50+0)/2 = 25; weakest link: PM level 1 + (−42.5+50)/(−35+50) = 1.5,
		//   NO2 level 0 → mean 0.75 < 1 would be red, but PM is not red → orange.
		// water = 100, its single indicator's colour: green.
		// index = (25+100)/2 = 62.5; points 5·0.5 + 0 + 10 = 12.5 of 20, no grade bands.
		ind := map[string]scoring.IndicatorCard{}
		for _, c := range card.Indicators {
			ind[c.IndicatorCode] = c
		}
		if v := ind["PM"]; !near(*v.Value, 42.5) || !near(*v.Score, 50) || *v.Rating != scoring.RatingYellow {
			t.Errorf("PM %+v", v)
		}
		if v := ind["NO2"]; !near(*v.Score, 0) || *v.Rating != scoring.RatingRed {
			t.Errorf("NO2 %+v", v)
		}
		if v := ind["SAFE"]; !near(*v.Score, 100) || *v.Rating != scoring.RatingGreen {
			t.Errorf("SAFE %+v", v)
		}
		if p := card.Perspectives[0]; p.Code != "air" || !near(*p.Score, 25) || p.Rating != scoring.RatingOrange {
			t.Errorf("air %+v", p)
		}
		if p := card.Perspectives[1]; p.Code != "water" || !near(*p.Score, 100) || p.Rating != scoring.RatingGreen {
			t.Errorf("water %+v", p)
		}
		if card.Index.Score == nil || !near(*card.Index.Score, 62.5) || !near(card.Points.Earned, 12.5) || card.Points.Max != 20 || card.Points.Grade != nil {
			t.Errorf("index %+v points %+v", card.Index, card.Points)
		}
		var decoded map[string]any
		if err := json.Unmarshal(body, &decoded); err != nil || decoded["framework"] != "city" || decoded["basis"] != "official" || decoded["method_version"] != scoring.MethodVersion {
			t.Errorf("JSON %s", body)
		}

		t.Run("ranking_puts_zones_without_index_last", func(t *testing.T) {
			rows, err := s.Ranking(ctx, "city", 2019, scoring.BasisOfficial)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 2 || rows[0].Zone != "C1" || rows[0].Rank != 1 || !near(*rows[0].Index, 62.5) || rows[1].Index != nil || rows[1].Reason == "" {
				t.Fatalf("ranking %+v", rows)
			}
			if rows[1].Coverage != 0 {
				t.Fatalf("C2 has no values yet: coverage %v", rows[1].Coverage)
			}
		})
		t.Run("ranking_uses_the_latest_earlier_value", func(t *testing.T) {
			// C2 reported NO2 only in 2017 and 2016: as of 2019 it counts
			// 2017's 35 (score 50), one indicator of three.
			if _, err := importCSV(s, "zone_code,indicator_code,period,value\nC2,NO2,2016,60\nC2,NO2,2017,35\nC2,NO2,2020,10\n", indicators.ImportOptions{Framework: "city", Status: indicators.Approved, AcceptWarnings: true}); err != nil {
				t.Fatal(err, fieldsOf(err))
			}
			rows, err := s.Ranking(ctx, "city", 2019, scoring.BasisOfficial)
			if err != nil {
				t.Fatal(err)
			}
			if rows[1].Zone != "C2" || !near(rows[1].Coverage, 1.0/3) || !near(rows[1].Points, 2.5) {
				t.Fatalf("ranking %+v", rows[1])
			}
			card, _ := s.Scorecard(ctx, "city", "C2", 2019, scoring.BasisOfficial)
			if !near(card.Coverage, rows[1].Coverage) || !near(card.Points.Earned, rows[1].Points) {
				t.Fatalf("the ranking and the scorecard disagree: %+v vs coverage %v points %v", rows[1], card.Coverage, card.Points.Earned)
			}
		})
		t.Run("a_write_shows_in_the_very_next_scorecard", func(t *testing.T) {
			if _, err := importCSV(s, "zone_code,indicator_code,period,value\nC1,NO2,2019,35\n", indicators.ImportOptions{Framework: "city", Status: indicators.Approved}); err != nil {
				t.Fatal(err)
			}
			card, err := s.Scorecard(ctx, "city", "C1", 2019, scoring.BasisOfficial)
			if err != nil {
				t.Fatal(err)
			}
			// NO2 35 → 100·(35−60)/(10−60) = 50.
			if v := card.Indicators[1]; !near(*v.Value, 35) || !near(*v.Score, 50) {
				t.Fatalf("stale scorecard after an import: NO2 %+v", v)
			}
			p, _ := s.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "city", Indicator: "SAFE"})
			if _, err := s.UpdateMeasurement(ctx, p.Items[0].ID, indicators.MeasurementInput{Value: 75}, 1, as("x")); err != nil {
				t.Fatal(err)
			}
			working, err := s.Scorecard(ctx, "city", "C1", 2019, scoring.BasisWorking)
			if err != nil {
				t.Fatal(err)
			}
			// SAFE 75 (a draft now) → 100·(75−50)/(100−50) = 50 on the working basis;
			// the approved 110 stays in force on the official one until 75 is approved.
			if v := working.Indicators[2]; !near(*v.Score, 50) {
				t.Fatalf("stale working scorecard after an update: SAFE %+v", v)
			}
			official, _ := s.Scorecard(ctx, "city", "C1", 2019, scoring.BasisOfficial)
			if v := official.Indicators[2]; v.Value == nil || *v.Value != 110 {
				t.Fatalf("the official scorecard should keep the approved value in force: SAFE %+v", v)
			}
		})
		t.Run("bad_queries", func(t *testing.T) {
			_, err := s.Scorecard(ctx, "city", "NOPE", 2019, scoring.BasisOfficial)
			domainErr(t, err, indicators.NotFound)
			_, err = s.Scorecard(ctx, "nope", "C1", 2019, scoring.BasisOfficial)
			domainErr(t, err, indicators.NotFound)
			_, err = s.Scorecard(ctx, "city", "C1", 2019, "sideways")
			domainErr(t, err, indicators.Invalid)
		})
	})
}
