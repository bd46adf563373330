package indicators

import (
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"igmc/indicators/numbertest"
)

// TestNumberForms is the table of what the one number reader takes and
// refuses; every import, form and catalogue reads numbers through it. The
// forms people type (numbertest) are checked here, on the reader itself,
// and again through the entry page, the API and both import formats.
func TestNumberForms(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
	}{
		{"0", 0}, {"-0", 0}, {"12", 12}, {"+12", 12}, {"-12.5", -12.5}, {".5", 0.5}, {"5.", 5},
		{"3e6", 3e6}, {"3E-6", 3e-6}, {"1e+2", 100}, {"0.000", 0}, {"0e999", 0}, {"007", 7},
		{"1.7976931348623157e308", math.MaxFloat64}, {"5e-324", 5e-324}, {" 1", 1}, {"1 ", 1},
		{"1,000", 1000}, {"-1,234,567.25", -1234567.25}, {"1,234e3", 1234000}, {"\ufeff5", 5},
	} {
		got, err := ParseNumber(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range numbertest.AcceptedForms {
		got, err := ParseValueOf(tc.In, "%", "%")
		if err != nil || got != tc.Want {
			t.Errorf("ParseValueOf(%q, %%) = %v, %v; want %v", tc.In, got, err, tc.Want)
		}
		got, err = ParseNumber(tc.In)
		switch {
		case tc.Percent && (err == nil || NumberCode(err) != "number_percent"):
			t.Errorf("ParseNumber(%q) = %v, %v; want number_percent", tc.In, got, err)
		case !tc.Percent && (err != nil || got != tc.Want):
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", tc.In, got, err, tc.Want)
		}
		if got, err := ParseValueOf(tc.In, "ratio", "比值"); tc.Percent && (err == nil || NumberCode(err) != "number_percent_unit" ||
			!strings.Contains(err.Error(), "ratio") || err.(*NumberError).Args["unit_zh"] != "比值") {
			t.Errorf("ParseValueOf(%q, ratio) = %v, %v; want number_percent_unit naming the unit", tc.In, got, err)
		}
	}
	refused := append([]numbertest.Refused{{In: "", Code: "required"}, {In: " \u3000 ", Code: "required"}, {In: "-", Code: "not_a_number"},
		{In: ".", Code: "not_a_number"}, {In: "e5", Code: "not_a_number"}, {In: "1e+", Code: "not_a_number"}, {In: "0x1p4", Code: "number_hex"},
		{In: "+Inf", Code: "number_not_finite"}, {In: "-1e309", Code: "number_too_large"}, {In: "-2e-324", Code: "number_too_small"},
		{In: "1,", Code: "number_grouping"}, {In: "1,,234", Code: "number_grouping"}, {In: "01,234", Code: "number_ambiguous", Seen: []string{"1.234", "1234"}},
		{In: "1,234,5%", Code: "number_grouping"}, {In: "1,5%", Code: "number_ambiguous", Seen: []string{"1.5", "15"}},
		{In: "1,234e5,6", Code: "not_a_number"}, {In: "%45", Code: "not_a_number"}, {In: "- 3", Code: "number_space"}},
		numbertest.RefusedForms...)
	for _, tc := range refused {
		for _, unit := range []string{"%", "ratio"} {
			got, err := ParseValueOf(tc.In, unit, "")
			if err == nil || NumberCode(err) != tc.Code {
				t.Errorf("ParseValueOf(%q, %s) = %v, %v; want %s", tc.In, unit, got, err, tc.Code)
				continue
			}
			ne, ok := err.(*NumberError)
			if !ok {
				t.Errorf("ParseValueOf(%q): %T is no NumberError", tc.In, err)
				continue
			}
			if tc.Code != "required" && (!strings.Contains(err.Error(), `"`+strings.TrimSpace(tc.In)+`"`) || ne.Args["value"] != strings.TrimSpace(tc.In)) {
				t.Errorf("ParseValueOf(%q): %q, args %v: want it to quote the value", tc.In, err, ne.Args)
			}
			for _, seen := range tc.Seen[min(1, len(tc.Seen)):] {
				if !slices.Contains(slices.Collect(maps.Values(ne.Args)), seen) {
					t.Errorf("ParseValueOf(%q): args %v do not give the reading %s", tc.In, ne.Args, seen)
				}
			}
		}
	}
	if _, err := ParseValueOf("45%", "ratio", "比值"); err == nil || NumberCode(err) != numbertest.PercentOnNonPercent.Code {
		t.Errorf("45%% on a ratio: %v", err)
	}
	t.Run("long_value_quoted_short", func(t *testing.T) {
		_, err := ParseNumber(strings.Repeat("9", 1<<20) + "x")
		if err == nil || len(err.Error()) > 200 || len(err.(*NumberError).Args["value"]) > 4*ExcerptRunes+3 {
			t.Fatalf("error of %d bytes: %.80v", len(err.Error()), err)
		}
	})
	t.Run("import_row_carries_args", func(t *testing.T) {
		var errs FieldErrors
		errs.AddNumber(3, "value", func() error { _, err := ParseNumber("1,5"); return err }())
		if fe := errs.List[0]; fe.Code != "number_ambiguous" || fe.Args["decimal"] != "1.5" || fe.Args["grouped"] != "15" || !strings.HasPrefix(fe.Message, `value "1,5" could be 1.5 or 15`) {
			t.Fatalf("%+v", fe)
		}
	})
}

func TestParseValueBounds(t *testing.T) {
	if v, err := ParseValue("-1e15"); err != nil || v != -1e15 {
		t.Fatalf("ParseValue(-1e15) = %v, %v", v, err)
	}
	for _, s := range []string{"1.0000001e15", "-1e16", "1e300"} {
		if _, err := ParseValue(s); err == nil || valueCode(err) != "out_of_range" {
			t.Errorf("ParseValue(%q): %v, want out_of_range", s, err)
		}
	}
}

func TestCheckText(t *testing.T) {
	for _, s := range []string{"", "plain", "浏阳经济技术开发区", "tab\tand\nnewline", "\uFFFD"} {
		if err := CheckText(s); err != nil {
			t.Errorf("CheckText(%q) = %v", s, err)
		}
	}
	for s, why := range map[string]string{"a\x00b": "NUL", "a\xffb": "UTF-8", "\xc3": "UTF-8", "\xed\xa0\x80": "UTF-8"} {
		if err := CheckText(s); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("CheckText(%q) = %v, want it to say %s", s, err, why)
		}
	}
}

// TestImportTextAndLimits shows that measurement, zone and catalogue rows
// refuse a cell that is not storable text and a field past its limit,
// naming the line and the column.
func TestImportTextAndLimits(t *testing.T) {
	t.Run("measurement_cells", func(t *testing.T) {
		ok, errs := checkAll(t, "zone_code,indicator_code,period,value,source,comment\n"+
			"LY,A,2019,1,,a\x00b\n"+
			"LY,A,2018,1,\xff,\n"+
			"LY,A,2017,1,"+strings.Repeat("s", MaxSourceLen+1)+",\n"+
			"LY,A,2016,1,,"+strings.Repeat("长", MaxCommentLen+1)+"\n"+
			"LY,A,2015,1,"+strings.Repeat("s", MaxSourceLen)+","+strings.Repeat("长", MaxCommentLen)+"\n"+
			"LY\x00,A,2014,1,,\n")
		e := &Error{Fields: errs.List}
		for _, w := range []struct {
			line        int
			field, code string
		}{{2, "comment", "invalid_text"}, {3, "source", "invalid_text"}, {4, "source", "too_long"}, {5, "comment", "too_long"}, {7, "zone_code", "invalid_text"}} {
			if !hasField(e, w.line, w.field, w.code) {
				t.Errorf("missing line %d %s %s in %+v", w.line, w.field, w.code, errs.List)
			}
		}
		if len(ok) != 1 || ok[0].Line != 6 || errs.Total != 5 {
			t.Fatalf("accepted %+v with %d errors, want only line 6", ok, errs.Total)
		}
	})
	t.Run("zone_cells", func(t *testing.T) {
		_, err := ReadZones(NewCSVRows(strings.NewReader("code,name_en,name_zh\nA,Alpha,\xfe\nB," + strings.Repeat("n", MaxNameLen+1) + ",\n")))
		e, _ := err.(*Error)
		if e == nil || !hasField(e, 2, "name_zh", "invalid_text") || !hasField(e, 3, "name_en", "too_long") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("catalogue_cells", func(t *testing.T) {
		h := "perspective_code,perspective_name_en,indicator_code,name_en,unit,best,worst,definition,reference,source\n"
		e := catalogueErr(t, h+
			"p,P,A,Alpha,%,1,0,"+strings.Repeat("d", MaxDefinitionLen+1)+",,\n"+
			"p,P,B,Beta,%,1,0,,"+strings.Repeat("r", MaxReferenceLen+1)+",\n"+
			"p,P,C,Gamma,%,1,0,,,"+strings.Repeat("s", MaxSourceLen+1)+"\n"+
			"p,P,D,Delta,"+strings.Repeat("u", MaxUnitLen+1)+",1,0,,,\n"+
			"p,P,E,Eps\x00,%,1,0,,,\n"+
			"q,"+strings.Repeat("n", MaxNameLen+1)+",F,Phi,%,1,0,,,\n")
		for _, w := range []struct {
			line        int
			field, code string
		}{{2, "definition", "too_long"}, {3, "reference", "too_long"}, {4, "source", "too_long"}, {5, "unit", "too_long"},
			{6, "name_en", "invalid_text"}, {7, "perspective_name_en", "too_long"}} {
			if !hasField(e, w.line, w.field, w.code) {
				t.Errorf("missing line %d %s %s in %+v", w.line, w.field, w.code, e.Fields)
			}
		}
	})
}

// TestCatalogueNumbersBounded shows the bounds that keep every score
// finite: each refused number is named by line and column.
func TestCatalogueNumbersBounded(t *testing.T) {
	h := "perspective_code,indicator_code,name_en,unit,best,worst,green,red,baseline_value,baseline_year,target_value,target_year,weight,points,min,max\n"
	e := catalogueErr(t, h+
		"p,A,a,%,1,0,,,,,,,,1e308,,\n"+
		"p,B,b,%,1e16,0,,,,,,,,,,\n"+
		"p,C,c,%,1,-1e400,,,,,,,,,,\n"+
		"p,D,d,%,1,0,,,,,,,1e308,,,\n"+
		"p,E,e,%,1,0,,,,,,,0,,,\n"+
		"p,F,f,%,1,0,1e-300,,,,,,,,,\n"+
		"p,G,g,%,1,0,,,,,,,,,-1e16,\n"+
		"p,H,h,%,1,0,,,,,,,,,,inf\n"+
		"p,I,i,%,1,0,,,,,,,,-1,,\n"+
		"p,J,j,%,1,0,,,1_000,2015,,,,,,\n"+
		"p,K,k,%,1,0,,,,,0x1p4,2030,,,,\n"+
		"p,L,l,%,1,0,,,,,,,,1e6,,\n"+
		"p,M,m,%,1,0,,,,,,,1e-16,,,\n"+
		"p,N,n,%,1,0,,nan,,,,,,,,\n")
	for _, w := range []struct {
		line        int
		field, code string
	}{{2, "points", "out_of_range"}, {3, "best", "out_of_range"}, {4, "worst", "number_too_large"}, {5, "weight", "out_of_range"},
		{6, "weight", "out_of_range"}, {7, "green", "out_of_range"}, {8, "min", "out_of_range"}, {9, "max", "number_not_finite"},
		{10, "points", "out_of_range"}, {11, "baseline_value", "not_a_number"}, {12, "target_value", "number_hex"},
		{15, "red", "number_not_finite"}, {14, "weight", "out_of_range"}} {
		if !hasField(e, w.line, w.field, w.code) {
			t.Errorf("missing line %d %s %s in %+v", w.line, w.field, w.code, e.Fields)
		}
	}
	if hasField(e, 13, "points", "out_of_range") {
		t.Errorf("line 13 (points 1e6, the most allowed) refused: %+v", e.Fields)
	}
	t.Run("points_total", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(h)
		for i := range 1001 {
			b.WriteString("p,X" + FormatNumber(float64(i)) + ",x,%,1,0,,,,,,,,1e6,,\n")
		}
		e := catalogueErr(t, b.String())
		if e.Total != 1 || !hasField(e, 1002, "points", "out_of_range") {
			t.Fatalf("want one error on line 1002, got %d: %+v", e.Total, e.Fields)
		}
	})
	t.Run("store_check_without_file", func(t *testing.T) {
		big := 1e308
		cat := &Catalogue{Perspectives: []Perspective{{Code: "p", NameEn: "P"}},
			Indicators: []Indicator{{Code: "A", PerspectiveCode: "p", NameEn: "a", Unit: "%", Best: &big, Worst: new(float64), Weight: 1, Points: 1}}}
		err := cat.Validate()
		if e, ok := err.(*Error); !ok || !hasField(e, 0, "best", "out_of_range") || !strings.Contains(e.Fields[0].Message, `"A"`) {
			t.Fatalf("Validate = %v", err)
		}
	})
}
