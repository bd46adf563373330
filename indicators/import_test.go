package indicators

import (
	"io"
	"strings"
	"testing"
)

func testChecker(t testing.TB, header string) (*RowChecker, RowReader) {
	t.Helper()
	rd := NewCSVRows(strings.NewReader(header))
	h, err := ReadHeader(rd, MeasurementColumns, MeasurementColumns[:4])
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := 0.0, 100.0
	return &RowChecker{
		Header: h,
		Zones:  map[string]int64{"LY": 1, "LY-N": 2},
		Indicators: map[string]IndicatorRef{
			"A": {ID: 10, Frequency: Annual, Min: &lo, Max: &hi},
			"Q": {ID: 11, Frequency: Quarterly},
			"M": {ID: 12, Frequency: Monthly},
		},
		ClosedYear: func(y int) bool { return y == 2001 },
	}, rd
}

// checkAll runs the checker over every row of a file and returns the rows
// it accepted and the errors it found.
func checkAll(t testing.TB, file string) ([]ImportRow, FieldErrors) {
	t.Helper()
	nl := strings.IndexByte(file, '\n')
	c, _ := testChecker(t, file[:nl+1])
	rd := NewCSVRows(strings.NewReader(file))
	if _, _, err := rd.Next(); err != nil { // header
		t.Fatal(err)
	}
	var ok []ImportRow
	var errs FieldErrors
	for {
		line, rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs.Add(line, "", "bad_csv", "%v", err)
			break
		}
		if Blank(rec) {
			continue
		}
		if row, good := c.Check(line, rec, &errs); good {
			ok = append(ok, row)
		}
	}
	return ok, errs
}

func TestRowChecker(t *testing.T) {
	file := "zone_code,indicator_code,period,value,source,comment\n" +
		"LY,A,2019,12.5,bureau,\n" + // 2 ok
		"XX,A,2019,1,,\n" + // 3 unknown zone
		"LY,ZZ,2019,1,,\n" + // 4 unknown indicator
		"LY,A,2019-Q1,1,,\n" + // 5 period mismatch
		"LY,A,2020,abc,,\n" + // 6 not a number
		"LY,A,2020,100.5,,\n" + // 7 out of range
		"LY,A,2019,13,,\n" + // 8 duplicate of line 2
		"LY,Q,2019-q2,7,,\n" + // 9 ok, canonical period
		"LY,M,2019-13,7,,\n" + // 10 invalid period
		"LY,A,2001,7,,\n" + // 11 closed period
		",A,2019,,,\n" + // 12 zone and value missing
		"\n" + // blank, skipped
		"LY-N,A,2019,0,,\n" // 14 ok: min is inclusive
	ok, errs := checkAll(t, file)
	want := []struct {
		line        int
		field, code string
	}{
		{3, "zone_code", "unknown_zone"}, {4, "indicator_code", "unknown_indicator"}, {5, "period", "period_mismatch"},
		{6, "value", "not_a_number"}, {7, "value", "out_of_range"}, {8, "period", "duplicate"},
		{10, "period", "invalid_period"}, {11, "period", "closed_period"},
		{12, "zone_code", "required"}, {12, "value", "required"},
	}
	if errs.Total != len(want) {
		t.Errorf("%d errors, want %d: %+v", errs.Total, len(want), errs.List)
	}
	for _, w := range want {
		found := false
		for _, f := range errs.List {
			if f.Line == w.line && f.Field == w.field && f.Code == w.code {
				found = true
			}
		}
		if !found {
			t.Errorf("missing error line %d %s %s", w.line, w.field, w.code)
		}
	}
	if len(ok) != 3 || ok[0].Line != 2 || ok[1].Period != "2019-Q2" || ok[2].ZoneID != 2 {
		t.Fatalf("accepted rows = %+v", ok)
	}
	if ok[0].Value != 12.5 || ok[0].Source != "bureau" || ok[0].IndicatorID != 10 || ok[0].Year != 2019 {
		t.Fatalf("row 2 = %+v", ok[0])
	}
}

func TestFieldErrorsAreCapped(t *testing.T) {
	var errs FieldErrors
	for i := 0; i < MaxFieldErrors+5; i++ {
		errs.Add(i+2, "value", "not_a_number", "bad")
	}
	e := errs.Err("x").(*Error)
	if len(e.Fields) != MaxFieldErrors || e.Total != MaxFieldErrors+5 {
		t.Fatalf("listed %d of %d", len(e.Fields), e.Total)
	}
}

// FuzzImportRows feeds arbitrary files to the measurements parser and
// checker. Whatever the input, it must not panic, every error must name a
// line within the file, and every accepted row must be fully resolved.
func FuzzImportRows(f *testing.F) {
	f.Add("zone_code,indicator_code,period,value\nLY,A,2019,1\n")
	f.Add("zone_code,indicator_code,period,value,source,comment\nLY,Q,2019-Q1,1e3,\"a,b\",\"multi\nline\"\nLY,Q,2019-Q1,2,,\n")
	f.Add("zone_code,indicator_code,period,value\nLY,M,2019-02,NaN\nLY,M,2019-02,Inf\nLY,A,99999,1\n")
	f.Add("\uFEFFzone_code,indicator_code,period,value\n\"LY,A,2019,1\n")
	f.Add("value,period,indicator_code,zone_code\n1,2019,A,LY\n-0,2020,A,LY\n")
	f.Add("zone_code,indicator_code,period,value,colour\n")
	f.Fuzz(func(t *testing.T, file string) {
		rd := NewCSVRows(strings.NewReader(file))
		h, err := ReadHeader(rd, MeasurementColumns, MeasurementColumns[:4])
		if err != nil {
			return
		}
		lines := strings.Count(file, "\n") + 1
		c, _ := testChecker(t, "zone_code,indicator_code,period,value\n")
		c.Header = h
		var errs FieldErrors
		for {
			line, rec, err := rd.Next()
			if err != nil {
				break
			}
			row, ok := c.Check(line, rec, &errs)
			if ok {
				if row.ZoneID == 0 || row.IndicatorID == 0 || row.Period == "" || row.Line != line {
					t.Fatalf("accepted an unresolved row %+v", row)
				}
				if _, err := ParsePeriod(row.Period); err != nil {
					t.Fatalf("accepted a bad period %q", row.Period)
				}
			}
		}
		for _, fe := range errs.List {
			if fe.Line < 2 || fe.Line > lines {
				t.Fatalf("error on line %d of a %d-line file: %+v", fe.Line, lines, fe)
			}
		}
	})
}

func TestDuplicatesFoundWithLargeIDs(t *testing.T) {
	c, _ := testChecker(t, "zone_code,indicator_code,period,value\n")
	c.Zones["BIG"] = 1 << 40 // beyond what packs into one word
	rd := NewCSVRows(strings.NewReader("zone_code,indicator_code,period,value\nBIG,A,2019,1\nBIG,A,2020,1\nBIG,A,2019,2\n"))
	_, _, _ = rd.Next()
	var errs FieldErrors
	for {
		line, rec, err := rd.Next()
		if err != nil {
			break
		}
		c.Check(line, rec, &errs)
	}
	if errs.Total != 1 || errs.List[0].Line != 4 || errs.List[0].Code != "duplicate" {
		t.Fatalf("errors %+v", errs.List)
	}
}
