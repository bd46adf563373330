package web_test

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"igmc/indicators"
)

// TestImportFieldLimits shows that a measurements import keeps the limits
// the API keeps: a field past its limit is refused naming its line and
// column, and nothing is written, from CSV and XLSX alike.
func TestImportFieldLimits(t *testing.T) {
	long := func(n int) string { return strings.Repeat("长", n) }
	each(t, func(t *testing.T, c *client) {
		t.Run("csv_comment_and_source_one_past_the_limit", func(t *testing.T) {
			c := c.in(t)
			file := "zone_code,indicator_code,period,value,source,comment\n" +
				"LY,SPC-01,2019,80," + long(indicators.MaxSourceLen) + "," + long(indicators.MaxCommentLen) + "\n" +
				"LY,SPC-01,2018,80,," + long(indicators.MaxCommentLen+1) + "\n" +
				"LY,SPC-01,2017,80," + long(indicators.MaxSourceLen+1) + ",\n"
			b := c.send("POST", "/api/v1/measurements/import?framework=igmc", "text/csv", strings.NewReader(file), 422, nil)
			refusedField(t, b, 3, "comment", "too_long")
			refusedField(t, b, 4, "source", "too_long")
			c.noMeasurements(t)
		})
		t.Run("csv_comment_of_20_MB", func(t *testing.T) {
			c := c.in(t)
			file := "zone_code,indicator_code,period,value,source,comment\nLY,SPC-01,2019,80,," + strings.Repeat("x", 20<<20) + "\n"
			b := c.send("POST", "/api/v1/measurements/import?framework=igmc", "text/csv", strings.NewReader(file), 422, nil)
			refusedField(t, b, 2, "comment", "too_long")
			if len(b) > 4<<10 {
				t.Fatalf("the answer is %d bytes: it echoes the comment", len(b))
			}
			c.noMeasurements(t)
		})
		t.Run("xlsx_comment_and_source_past_the_limit", func(t *testing.T) {
			c := c.in(t)
			file := xlsxFile(t, [][]any{{"zone_code", "indicator_code", "period", "value", "source", "comment"},
				{"LY", "SPC-01", "2019", 80, "", long(indicators.MaxCommentLen + 1)},
				{"LY", "SPC-01", "2018", 80, long(indicators.MaxSourceLen + 1), ""}}, nil)
			b := c.send("POST", "/api/v1/measurements/import?framework=igmc", xlsxType, bytes.NewReader(file), 422, nil)
			refusedField(t, b, 2, "comment", "too_long")
			refusedField(t, b, 3, "source", "too_long")
			c.noMeasurements(t)
		})
		t.Run("xlsx_comment_of_20_MB", func(t *testing.T) {
			// A text this long is refused while the workbook's table of
			// shared strings is read, before any cell refers to it: the
			// refusal is the workbook's, with no line.
			c := c.in(t)
			file := xlsxFile(t, [][]any{{"zone_code", "indicator_code", "period", "value", "source", "comment"},
				{"LY", "SPC-01", "2017", 80, "", "MARK"}}, map[string]string{"MARK": strings.Repeat("y", 20<<20)})
			b := c.send("POST", "/api/v1/measurements/import?framework=igmc", xlsxType, bytes.NewReader(file), 422, nil)
			refusedField(t, b, 0, "", "too_long")
			if len(b) > 4<<10 {
				t.Fatalf("the answer is %d bytes: it echoes the comment", len(b))
			}
			c.noMeasurements(t)
		})
		t.Run("zones_name_past_the_limit", func(t *testing.T) {
			c := c.in(t)
			b := c.send("POST", "/api/v1/zones/import", "text/csv", strings.NewReader("code,name_en\nZ7,"+long(indicators.MaxNameLen+1)+"\n"), 422, nil)
			refusedField(t, b, 2, "name_en", "too_long")
			c.do("GET", "/api/v1/zones/Z7", "", 404, nil)
		})
		t.Run("api_keeps_the_same_limit", func(t *testing.T) {
			c := c.in(t)
			body := `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","value":1,"comment":"` + long(indicators.MaxCommentLen+1) + `"}`
			refusedField(t, c.do("POST", "/api/v1/measurements", body, 422, nil), 0, "comment", "max")
			body = `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","value":1,"comment":"` + long(indicators.MaxCommentLen) + `"}`
			c.do("POST", "/api/v1/measurements", body, 201, nil)
		})
	})
}

// TestCatalogueNumbersAtImport shows that a catalogue with a number that
// is not finite or beyond the bounds is refused naming line and column
// with nothing written, and that the most extreme catalogue the bounds
// allow, with the most extreme values, still gives scorecards that encode.
func TestCatalogueNumbersAtImport(t *testing.T) {
	const head = "perspective_code,indicator_code,name_en,unit,best,worst,green,red,baseline_value,baseline_year,target_value,target_year,weight,points\n"
	each(t, func(t *testing.T, c *client) {
		t.Run("huge_and_non_finite_refused", func(t *testing.T) {
			c := c.in(t)
			file := head +
				"p,A,a,%,1,0,,,,,,,1,1e308\n" +
				"p,B,b,%,1e400,0,,,,,,,1,1\n" +
				"p,C,c,%,1,0,,,,,,,inf,1\n" +
				"p,D,d,%,1,0,NaN,,,,,,1,1\n" +
				"p,E,e,%,1,0,,,-1e16,2015,1,2030,1,1\n" +
				"p,F,f,%,1,0,,,,,,,1e-400,1\n"
			b := c.send("POST", "/api/v1/frameworks/huge/catalogue", "text/csv", strings.NewReader(file), 422, nil)
			refusedField(t, b, 2, "points", "out_of_range")
			refusedField(t, b, 3, "best", "number_too_large")
			refusedField(t, b, 4, "weight", "number_not_finite")
			refusedField(t, b, 5, "green", "number_not_finite")
			refusedField(t, b, 6, "baseline_value", "out_of_range")
			refusedField(t, b, 7, "weight", "number_too_small")
			c.do("GET", "/api/v1/frameworks/huge", "", 404, nil)
		})
		t.Run("most_extreme_allowed_catalogue_encodes", func(t *testing.T) {
			c := c.in(t)
			// Scales as wide and as narrow as the bounds allow, the
			// largest weights and points and the smallest weight, a plan
			// whose target is one step from its baseline.
			file := head +
				"p,A,a,%,1e15,-1e15,,,1e-15,2015,1.0000000000000002e-15,2030,1e6,1e6\n" +
				"p,B,b,%,1e-15,0,,,,,,,1e-15,1e6\n" +
				"p,C,c,%,-1e15,1e15,,1e15,-1e15,2015,1e15,2030,1e6,0\n" +
				"q,D,d,%,1.0000000000000002e-15,1e-15,,,,,,,1,1e6\n"
			c.send("POST", "/api/v1/frameworks/edge/catalogue", "text/csv", strings.NewReader(file), 200, nil)
			values := "zone_code,indicator_code,period,value\n"
			for _, z := range []string{"LY", "LY-N"} {
				for _, ind := range []string{"A", "B", "C", "D"} {
					values += z + "," + ind + ",2019,1e15\n" + z + "," + ind + ",2020,-1e15\n"
				}
			}
			c.send("POST", "/api/v1/measurements/import?framework=edge&accept_warnings=true", "text/csv", strings.NewReader(values), 200, nil)
			for _, z := range []string{"LY", "LY-N"} {
				b := c.do("GET", "/api/v1/zones/"+z+"/scorecard?framework=edge&year=2020&status=any", "", 200, nil)
				var card map[string]any
				if err := json.Unmarshal(b, &card); err != nil {
					t.Fatalf("%s: %v", z, err)
				}
				if n := countNumbers(card); n < 10 {
					t.Fatalf("%s: only %d numbers in the scorecard: %s", z, n, b)
				}
			}
		})
	})
}

// countNumbers counts the finite numbers of a decoded JSON value; a
// non-finite one drives the count far below zero. The count shows that the
// card was scored, not only answered.
func countNumbers(v any) int {
	switch x := v.(type) {
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return -1 << 20
		}
		return 1
	case []any:
		n := 0
		for _, e := range x {
			n += countNumbers(e)
		}
		return n
	case map[string]any:
		n := 0
		for _, e := range x {
			n += countNumbers(e)
		}
		return n
	}
	return 0
}

// TestJSONBodyShape shows that a JSON body must be one object and nothing
// after it, and that its numbers are read by the domain's number reader.
func TestJSONBodyShape(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		for name, body := range map[string]string{
			"garbage":       `{"code":"Z6","name_en":"Six"} garbage`,
			"second_object": `{"code":"Z6","name_en":"Six"}{"code":"Z5","name_en":"Five"}`,
			"second_value":  `{"code":"Z6","name_en":"Six"} 1`,
		} {
			t.Run("trailing_"+name+"_400", func(t *testing.T) {
				c := c.in(t)
				var e apiError
				c.do("POST", "/api/v1/zones", body, 400, &e)
				if e.Error.Code != "bad_request" || !strings.Contains(e.Error.Message, "unexpected data after the JSON object") {
					t.Fatalf("error %+v", e)
				}
				c.do("GET", "/api/v1/zones/Z6", "", 404, nil)
			})
		}
		t.Run("trailing_space_ok", func(t *testing.T) {
			c := c.in(t)
			c.do("POST", "/api/v1/zones", "{\"code\":\"Z4\",\"name_en\":\"Four\"}\n \t", 201, nil)
		})
		for lit, code := range map[string]string{"1e-400": "number_too_small", "1e400": "number_too_large", "-1e309": "number_too_large", "1e300": "out_of_range"} {
			t.Run("value_"+lit, func(t *testing.T) {
				c := c.in(t)
				body := `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","value":` + lit + `}`
				refusedField(t, c.do("POST", "/api/v1/measurements", body, 422, nil), 0, "value", code)
				c.noMeasurements(t)
			})
		}
	})
}
