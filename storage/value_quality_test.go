package storage_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"maps"
	"testing"

	"igmc/indicators"
	"igmc/reports"
	"igmc/scoring"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// field returns err's one field error, failing on anything else.
func field(t *testing.T, err error) indicators.FieldError {
	t.Helper()
	fs := fieldsOf(err)
	if len(fs) != 1 {
		t.Fatalf("want one field error, got %v %+v", err, fs)
	}
	return fs[0]
}

// The case: 100 for 2015–2019, approved, then 3 for 2020. The
// earlier changes are all 0, so a change of −97 (more than half of 100)
// breaks the trend: a jump warning, stored with the draft; submitting it
// needs an explanation.
func TestSubmitNeedsAnExplanationOfWarnings(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		typedZones(t, s, "A:park")
		if _, err := importCSV(s, "zone_code,indicator_code,period,value\nA,SPC-01,2015,100\nA,SPC-01,2016,100\nA,SPC-01,2017,100\nA,SPC-01,2018,100\nA,SPC-01,2019,100\n",
			indicators.ImportOptions{Status: indicators.Approved, AcceptWarnings: true}); err != nil {
			t.Fatal(err)
		}
		officer := as("o@example.org")
		m, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "A", IndicatorCode: "SPC-01", Period: "2020", Value: 3,
			Quality: indicators.QualityEstimate}, officer)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Warnings) != 1 || m.Warnings[0].Check != scoring.CheckJump || m.Warnings[0].Figures["change"] != -97 || m.Quality != indicators.QualityEstimate {
			t.Fatalf("the draft: %+v", m)
		}
		_, err = s.Review(ctx, []int64{m.ID}, indicators.ActionSubmit, "", officer)
		if fe := field(t, err); fe.Field != "explanation" || fe.Code != "explanation_required" || fe.Args["warnings"] != "jump" {
			t.Fatalf("submitted without an explanation: %+v", fe)
		}
		// The explanation makes a new version that keeps the warnings.
		m, err = s.UpdateMeasurement(ctx, m.ID, indicators.MeasurementInput{Value: 3, Quality: indicators.QualityEstimate, Explanation: "the plant closed in March"}, m.Version, officer)
		if err != nil {
			t.Fatal(err)
		}
		out, err := s.Review(ctx, []int64{m.ID}, indicators.ActionSubmit, "", officer)
		if err != nil {
			t.Fatal(err)
		}
		if got := out[0]; got.Status != indicators.Submitted || got.Explanation != "the plant closed in March" || len(got.Warnings) != 1 || got.Quality != indicators.QualityEstimate {
			t.Fatalf("submitted: %+v", got)
		}
		// The queue puts it first among the warned and carries both.
		page, err := s.ReviewQueue(ctx, indicators.ReviewQuery{Filter: indicators.MeasurementFilter{Framework: "igmc"}, Order: indicators.OrderWarnings})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 1 || page.Items[0].Explanation != "the plant closed in March" || len(page.Items[0].Measurement.Warnings) != 1 {
			t.Fatalf("queue: %+v", page.Items)
		}
		// Every version keeps its own: version 1 had no explanation.
		h, err := s.History(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 3 || h[0].Explanation != "" || len(h[0].Warnings) != 1 || h[0].Quality != indicators.QualityEstimate || h[2].Explanation == "" {
			t.Fatalf("history: %+v", h)
		}
		// The export ends each row with the quality code, with and
		// without history: the 2020 value's versions are estimates, the
		// imported ones administrative.
		for _, history := range []bool{false, true} {
			var buf bytes.Buffer
			ew, err := reports.NewExportWriter(&buf, history)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.ExportMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "A"}, history, ew.Write); err != nil {
				t.Fatal(err)
			}
			if err := ew.Flush(); err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, r := range recs[1:] {
				got[r[2]+" "+r[len(r)-1]]++
			}
			want := map[string]int{"2015 administrative": 1, "2016 administrative": 1, "2017 administrative": 1, "2018 administrative": 1, "2019 administrative": 1, "2020 estimate": 1}
			if history {
				want["2020 estimate"] = 3
			}
			if recs[0][len(recs[0])-1] != "quality" || !maps.Equal(got, want) {
				t.Errorf("history %v: header %v, rows by period and quality %v", history, recs[0], got)
			}
		}
		// A steady value needs nothing: 101 for 2020 in another indicator
		// with no history has no warnings and submits as it is.
		m2, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "A", IndicatorCode: "SPC-03", Period: "2020", Value: 50}, officer)
		if err != nil || len(m2.Warnings) != 0 || m2.Quality != indicators.QualityAdministrative {
			t.Fatalf("a plain value: %+v %v", m2, err)
		}
		if _, err := s.Review(ctx, []int64{m2.ID}, indicators.ActionSubmit, "", officer); err != nil {
			t.Fatal(err)
		}
	})
}

// A failed rule of severity error refuses the save; a bad quality code is
// a field error; a form's values are checked together.
func TestSaveRefusesErrorRulesAndBadQuality(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		typedZones(t, s, "A:park")
		values(t, s, "A,ENV-02,2020,50")
		officer := as("o@example.org")
		// pm25-within-pm10 (ENV-01 <= ENV-02, error): a PM2.5 of 60 above a
		// PM10 of 50.
		_, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "A", IndicatorCode: "ENV-01", Period: "2020-01", Value: 60}, officer)
		fe := field(t, err)
		if fe.Field != "value" || fe.Code != "rule_error" || fe.Args["rule"] != "pm25-within-pm10" || fe.Args["message_zh"] == "" || fe.Args["message_en"] == "" {
			t.Fatalf("error rule: %+v", fe)
		}
		if n := count(t, s, indicators.MeasurementFilter{Indicator: "ENV-01"}); n != 0 {
			t.Fatalf("a refused value was written: %d", n)
		}
		m, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "A", IndicatorCode: "ENV-01", Period: "2020-01", Value: 40}, officer)
		if err != nil || len(m.Warnings) != 0 {
			t.Fatalf("40 within 50: %+v %v", m, err)
		}
		// An edit to 60 is refused the same way.
		_, err = s.UpdateMeasurement(ctx, m.ID, indicators.MeasurementInput{Value: 60}, m.Version, officer)
		if fe := field(t, err); fe.Code != "rule_error" {
			t.Fatalf("edit: %+v", fe)
		}
		_, err = s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "A", IndicatorCode: "SPC-01", Period: "2020", Value: 5, Quality: "guess"}, officer)
		if fe := field(t, err); fe.Field != "quality" || fe.Code != "invalid" {
			t.Fatalf("bad quality: %+v", fe)
		}
		// A form with ENV-02 raised to 70 and ENV-01 at 60: together they
		// hold, so both are written; the second change alone would not be.
		p, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Indicator: "ENV-02"})
		if err != nil {
			t.Fatal(err)
		}
		pm10 := p.Items[0]
		failed, err := s.SaveMeasurements(ctx, []indicators.MeasurementChange{
			{ID: m.ID, Version: m.Version, Input: indicators.MeasurementInput{Value: 60}},
			{ID: pm10.ID, Version: pm10.Version, Input: indicators.MeasurementInput{Value: 40}},
		}, officer)
		if failed != 0 || field(t, err).Code != "rule_error" {
			t.Fatalf("a form breaking the rule: %d %v", failed, err)
		}
		if _, err := s.SaveMeasurements(ctx, []indicators.MeasurementChange{
			{ID: m.ID, Version: m.Version, Input: indicators.MeasurementInput{Value: 60}},
			{ID: pm10.ID, Version: pm10.Version, Input: indicators.MeasurementInput{Value: 70}},
		}, officer); err != nil {
			t.Fatal(err)
		}
	})
}

// The data-quality report counts the stored warnings: a cell is warned
// when a value of the year carries them, open without an explanation and
// explained with one.
func TestQualityReportCountsStoredWarnings(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		typedZones(t, s, "A:park", "B:park")
		csv := "zone_code,indicator_code,period,value\n"
		for y := 2015; y <= 2019; y++ {
			csv += fmt.Sprintf("A,SPC-01,%d,100\nA,SPC-03,%d,100\n", y, y)
		}
		if _, err := importCSV(s, csv, indicators.ImportOptions{Status: indicators.Approved, AcceptWarnings: true}); err != nil {
			t.Fatal(err)
		}
		officer := as("o@example.org")
		for code, expl := range map[string]string{"SPC-01": "", "SPC-03": "a new boundary"} {
			if _, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "A", IndicatorCode: code, Period: "2020", Value: 3, Explanation: expl}, officer); err != nil {
				t.Fatal(err)
			}
		}
		// B's 2020 value has no history: no warning.
		if _, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "B", IndicatorCode: "SPC-01", Period: "2020", Value: 3}, officer); err != nil {
			t.Fatal(err)
		}
		rep, err := s.QualityReportOf(ctx, "igmc", 2020, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c := rep.Totals; c.Warned != 2 || c.WarningsOpen != 1 || c.WarningsExplained != 1 {
			t.Errorf("totals %+v", c)
		}
		for _, z := range rep.Zones {
			for _, cell := range z.Cells {
				want := [3]int{}
				switch z.Zone + " " + cell.Indicator {
				case "A SPC-01":
					want = [3]int{1, 1, 0}
				case "A SPC-03":
					want = [3]int{1, 0, 1}
				}
				got := [3]int{map[bool]int{true: 1}[cell.Warned], cell.WarningsOpen, cell.WarningsExplained}
				if got != want {
					t.Errorf("%s %s: warned, open, explained %v, want %v", z.Zone, cell.Indicator, got, want)
				}
			}
			if z.Zone == "A" && (z.Counts.Warned != 2 || z.Counts.WarningsOpen != 1 || z.Counts.WarningsExplained != 1) {
				t.Errorf("A's counts %+v", z.Counts)
			}
		}
	})
}
