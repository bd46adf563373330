package storage_test

import (
	"strconv"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/scoring"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// jumpFile gives the 100 → 3: SPC-01 (0–100) of zone A was 100
// from 2015 to 2019; the file says 3 for 2020 (line 3) beside a value
// without warning (line 2).
const jumpFile = "zone_code,indicator_code,period,value,source,comment,quality,explain\n" +
	"A,SPC-02,2020,5,,,,\n" +
	"A,SPC-01,2020,3,Land bureau,,estimate,%s\n"

func steady100(t *testing.T, s *storage.Store) {
	t.Helper()
	var b strings.Builder
	b.WriteString("zone_code,indicator_code,period,value\n")
	for y := 2015; y <= 2019; y++ {
		b.WriteString("A,SPC-01," + strconv.Itoa(y) + ",100\n")
	}
	if _, err := importCSV(s, b.String(), indicators.ImportOptions{Status: indicators.Approved, By: as("admin@example.org"), AcceptWarnings: true}); err != nil {
		t.Fatalf("%v %+v", err, fieldsOf(err))
	}
}

func qualityCols(t *testing.T, s *storage.Store, zone, ind, period string) storage.QualityColumns {
	t.Helper()
	q, err := s.QualityOf(ctx, zone, ind, period)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func revision(t *testing.T, s *storage.Store, id int64, version int) storage.QualityColumns {
	t.Helper()
	q, err := s.RevisionQualityOf(ctx, id, version)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestImportChecksJump(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		typedZones(t, s, "A:park")
		steady100(t, s)
		file := func(explain string) string { return strings.Replace(jumpFile, "%s", explain, 1) }

		// The dry run lists the jump on line 3 only, and writes nothing.
		dry, err := importCSV(s, file(""), indicators.ImportOptions{DryRun: true, By: as("o@example.org")})
		if err != nil {
			t.Fatalf("%v %+v", err, fieldsOf(err))
		}
		if dry.Warned != 1 || dry.Unexplained != 1 || len(dry.Warnings) != 1 {
			t.Fatalf("dry run warnings: %+v", dry)
		}
		rw := dry.Warnings[0]
		w := only(t, rw.Warnings, scoring.CheckJump)
		if rw.Line != 3 || rw.ZoneCode != "A" || rw.IndicatorCode != "SPC-01" || rw.Period != "2020" || rw.Value != 3 || w.Figures["previous"] != 100 || w.Figures["change"] != -97 {
			t.Fatalf("dry run row warning: %+v", rw)
		}
		if n := count(t, s, indicators.MeasurementFilter{Period: "2020"}); n != 0 {
			t.Fatalf("the dry run wrote %d values", n)
		}

		// Without explain text or confirmation the commit is refused,
		// naming line 3, and nothing is written.
		_, err = importCSV(s, file(""), indicators.ImportOptions{By: as("o@example.org")})
		e := domainErr(t, err, indicators.Invalid)
		if len(e.Fields) != 1 || e.Fields[0].Line != 3 || e.Fields[0].Field != "explanation" || e.Fields[0].Code != "explanation_required" || e.Fields[0].Args["warnings"] != "jump" {
			t.Fatalf("refusal: %+v", e.Fields)
		}
		if n := count(t, s, indicators.MeasurementFilter{Period: "2020"}); n != 0 {
			t.Fatalf("a refused file wrote %d values", n)
		}

		// With explain text it goes in; the value keeps its warning, its
		// explanation and its quality code; the other row has no warning.
		res, err := importCSV(s, file("the park lost most of its land to the new district"), indicators.ImportOptions{By: as("o@example.org")})
		if err != nil {
			t.Fatalf("%v %+v", err, fieldsOf(err))
		}
		if res.New != 2 || res.Warned != 1 || res.Unexplained != 0 {
			t.Fatalf("explained import: %+v", res)
		}
		got := qualityCols(t, s, "A", "SPC-01", "2020")
		if got.Explanation != "the park lost most of its land to the new district" || got.Quality != "estimate" || !strings.Contains(got.Warnings, `"check":"jump"`) {
			t.Fatalf("stored: %+v", got)
		}
		if other := qualityCols(t, s, "A", "SPC-02", "2020"); other.Warnings != "" || other.Explanation != "" || other.Quality != "" {
			t.Fatalf("a row without warnings: %+v", other)
		}

		// Confirmed instead: a new value 2 for 2020, no explain text.
		res, err = importCSV(s, strings.Replace(file(""), ",3,", ",2,", 1), indicators.ImportOptions{By: as("o@example.org"), AcceptWarnings: true})
		if err != nil {
			t.Fatalf("%v %+v", err, fieldsOf(err))
		}
		if res.Changed != 1 || res.Unchanged != 1 || res.Unexplained != 1 {
			t.Fatalf("confirmed import: %+v", res)
		}
		got = qualityCols(t, s, "A", "SPC-01", "2020")
		if got.Value != 2 || got.Explanation != "" || !strings.Contains(got.Warnings, `"check":"jump"`) || !strings.Contains(got.Warnings, `"previous":100`) {
			t.Fatalf("stored after confirmation: %+v", got)
		}
		// The superseded version kept its warnings and explanation.
		if rev := revision(t, s, got.ID, 1); rev.Explanation != "the park lost most of its land to the new district" || !strings.Contains(rev.Warnings, "jump") || rev.Quality != "estimate" {
			t.Fatalf("revision: %+v", rev)
		}
	})
}

func TestImportChecksErrorRule(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		typedZones(t, s, "A:park", "B:park")
		// The pilot's pm25-within-pm10: ENV-01 (monthly, by its mean) ≤
		// ENV-02 in the same zone × year. A's 2020 PM2.5 months average
		// (30 + 50) / 2 = 40 > 35; B's are within. Both from the file.
		file := "zone_code,indicator_code,period,value\n" +
			"B,ENV-02,2020,60\n" +
			"B,ENV-01,2020-01,30\n" +
			"A,ENV-02,2020,35\n" +
			"A,ENV-01,2020-01,30\n" +
			"A,ENV-01,2020-02,50\n"
		for _, o := range []indicators.ImportOptions{{DryRun: true}, {AcceptWarnings: true}} {
			o.By = as("o@example.org")
			_, err := importCSV(s, file, o)
			e := domainErr(t, err, indicators.Invalid)
			// Each of A's PM2.5 months brings the year's mean to 40; the
			// PM10 row too sees 40 > 35.
			lines := map[int]bool{}
			for _, f := range e.Fields {
				if f.Field != "value" || f.Code != "rule_error" || f.Args["rule"] != "pm25-within-pm10" || f.Args["message"] == "" {
					t.Errorf("unexpected %+v", f)
				}
				lines[f.Line] = true
			}
			if len(lines) != 3 || !lines[4] || !lines[5] || !lines[6] {
				t.Errorf("dry=%v: lines %v, want 4, 5, 6", o.DryRun, lines)
			}
		}
		if n := count(t, s, indicators.MeasurementFilter{}); n != 0 {
			t.Fatalf("a refused file wrote %d values", n)
		}
	})
}

func TestImportChecksBadQuality(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		typedZones(t, s, "A:park")
		_, err := importCSV(s, "zone_code,indicator_code,period,value,quality,explain\nA,SPC-01,2020,3,guess,\nA,SPC-01,2021,3,,"+strings.Repeat("x", indicators.MaxCommentLen+1)+"\n",
			indicators.ImportOptions{})
		e := domainErr(t, err, indicators.Invalid)
		if len(e.Fields) != 2 || e.Fields[0].Line != 2 || e.Fields[0].Field != "quality" || e.Fields[0].Code != "invalid" ||
			e.Fields[1].Line != 3 || e.Fields[1].Field != "explain" || e.Fields[1].Code != "too_long" {
			t.Fatalf("fields %+v", e.Fields)
		}
	})
}
