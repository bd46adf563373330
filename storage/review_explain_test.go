package storage_test

import (
	"fmt"
	"strconv"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// TestSubmitNamesEveryUnexplainedValue: three drafts that jump from 100 to
// 3, one explained. Submitting all three is refused with one field error
// per unexplained value, each naming its measurement, zone, indicator and
// period; nothing is submitted.
func TestSubmitNamesEveryUnexplainedValue(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		typedZones(t, s, "A:park")
		history := "zone_code,indicator_code,period,value\n"
		for _, code := range []string{"SPC-01", "SPC-05", "SPC-06"} {
			for y := 2015; y <= 2019; y++ {
				history += fmt.Sprintf("A,%s,%d,100\n", code, y)
			}
		}
		if _, err := importCSV(s, history, indicators.ImportOptions{Status: indicators.Approved, AcceptWarnings: true}); err != nil {
			t.Fatal(err)
		}
		officer := as("o@example.org")
		ids := map[string]int64{}
		for code, why := range map[string]string{"SPC-01": "", "SPC-05": "the plant closed", "SPC-06": ""} {
			m, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "A", IndicatorCode: code, Period: "2020", Value: 3,
				Explanation: why}, officer)
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Warnings) == 0 {
				t.Fatalf("%s: 100 → 3 draws no warning", code)
			}
			ids[code] = m.ID
		}
		_, err := s.Review(ctx, []int64{ids["SPC-01"], ids["SPC-05"], ids["SPC-06"]}, indicators.ActionSubmit, "", officer)
		fs := fieldsOf(err)
		if len(fs) != 2 {
			t.Fatalf("want two field errors, got %v %+v", err, fs)
		}
		for i, code := range []string{"SPC-01", "SPC-06"} {
			fe := fs[i]
			want := map[string]string{"measurement": strconv.FormatInt(ids[code], 10), "zone": "A", "indicator": code, "period": "2020", "warnings": "jump"}
			if fe.Field != "explanation" || fe.Code != "explanation_required" || fmt.Sprint(fe.Args) != fmt.Sprint(want) {
				t.Errorf("error %d: %+v, want %s named: %v", i, fe, code, want)
			}
		}
		if n := count(t, s, indicators.MeasurementFilter{Framework: "igmc", Status: indicators.Submitted}); n != 0 {
			t.Errorf("a refused submission submitted %d values", n)
		}
		// One value alone: one error, the same way.
		_, err = s.Review(ctx, []int64{ids["SPC-06"]}, indicators.ActionSubmit, "", officer)
		if fe := field(t, err); fe.Args["indicator"] != "SPC-06" || fe.Args["period"] != "2020" {
			t.Errorf("SPC-06 alone: %+v", fe)
		}
	})
}
