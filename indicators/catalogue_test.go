package indicators

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestPilotCatalogue(t *testing.T) {
	cat, err := PilotCatalogue()
	if err != nil {
		t.Fatalf("the built-in catalogue does not parse: %v", err)
	}
	want := []string{"space", "services", "economy", "environment", "society", "culture"}
	if len(cat.Perspectives) != len(want) {
		t.Fatalf("%d perspectives, want 6", len(cat.Perspectives))
	}
	categories := 0
	for i, p := range cat.Perspectives {
		if p.Code != want[i] {
			t.Errorf("perspective %d = %q, want %q", i, p.Code, want[i])
		}
		if p.NameEn == "" || p.NameZh == "" {
			t.Errorf("perspective %q lacks a name", p.Code)
		}
		if len(p.Categories) != 3 {
			t.Errorf("perspective %q has %d categories, want 3", p.Code, len(p.Categories))
		}
		categories += len(p.Categories)
	}
	if categories != 18 {
		t.Errorf("%d categories, want 18", categories)
	}
	if len(cat.Indicators) < 48 {
		t.Errorf("%d indicators, want at least 48", len(cat.Indicators))
	}
	per := map[string]int{}
	points := 0.0
	lower := 0
	for _, ind := range cat.Indicators {
		per[ind.PerspectiveCode]++
		points += ind.Points
		if ind.NameEn == "" || ind.NameZh == "" || ind.Unit == "" || ind.Reference == "" || ind.Definition == "" {
			t.Errorf("%s lacks a name, unit, reference or definition", ind.Code)
		}
		if ind.Min == nil || ind.Max == nil || ind.TargetYear == nil || ind.Green == nil || ind.Red == nil {
			t.Errorf("%s lacks min/max, target year or thresholds", ind.Code)
		}
		b, err := ind.Bounds()
		if err != nil {
			t.Errorf("%s: %v", ind.Code, err)
		}
		if !b.HigherIsBetter() {
			lower++
		}
	}
	for _, p := range want {
		if per[p] < 6 {
			t.Errorf("perspective %q has %d indicators, want at least 6", p, per[p])
		}
	}
	if math.Abs(points-320) > 1e-9 {
		t.Errorf("points total %v, want 320", points)
	}
	if lower == 0 || lower == len(cat.Indicators) {
		t.Errorf("both directions should occur; %d of %d are lower-is-better", lower, len(cat.Indicators))
	}
}

func TestCatalogueRoundTrip(t *testing.T) {
	cat, err := PilotCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	var first, second bytes.Buffer
	if err := WriteCatalogue(&first, cat); err != nil {
		t.Fatal(err)
	}
	again, err := ReadCatalogue(NewCSVRows(bytes.NewReader(first.Bytes())))
	if err != nil {
		t.Fatalf("re-reading the export: %v", err)
	}
	if err := WriteCatalogue(&second, again); err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Fatal("a written catalogue does not read back to the same file")
	}
}

func catalogueErr(t *testing.T, csv string) *Error {
	t.Helper()
	_, err := ReadCatalogue(NewCSVRows(strings.NewReader(csv)))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want a domain error, got %v", err)
	}
	return e
}

func hasField(e *Error, line int, field, code string) bool {
	for _, f := range e.Fields {
		if f.Line == line && f.Field == field && f.Code == code {
			return true
		}
	}
	return false
}

func TestReadCatalogueErrors(t *testing.T) {
	head := "perspective_code,indicator_code,name_en,unit,best,worst,green,red,frequency,aggregation\n"
	t.Run("unknown_column", func(t *testing.T) {
		e := catalogueErr(t, "perspective_code,indicator_code,name_en,unit,colour\n")
		if !hasField(e, 1, "colour", "unknown_column") {
			t.Fatalf("fields = %+v", e.Fields)
		}
	})
	t.Run("missing_required_column", func(t *testing.T) {
		e := catalogueErr(t, "perspective_code,indicator_code,name_en\n")
		if !hasField(e, 1, "unit", "missing_column") {
			t.Fatalf("fields = %+v", e.Fields)
		}
	})
	t.Run("every_bad_row_listed", func(t *testing.T) {
		e := catalogueErr(t, head+
			"p,A,Alpha,%,5,5,,,,\n"+ // best == worst
			"p,B,Beta,%,x,0,,,,\n"+ // not a number
			"p,C,Gamma,%,100,0,120,,,\n"+ // green beyond best
			"p,D,Delta,%,100,0,,,monthly,\n"+ // sub-annual without aggregation
			"p,A,Again,%,100,0,,,,\n"+ // duplicate code
			"p,E,,%,100,0,,,,\n") // no name
		for _, want := range []struct {
			line        int
			field, code string
		}{
			{2, "best", "invalid_bounds"}, {3, "best", "not_a_number"}, {4, "green", "out_of_range"},
			{5, "aggregation", "invalid"}, {6, "indicator_code", "duplicate"}, {7, "name_en", "required"},
		} {
			if !hasField(e, want.line, want.field, want.code) {
				t.Errorf("missing line %d %s %s in %+v", want.line, want.field, want.code, e.Fields)
			}
		}
	})
	t.Run("bounds_from_baseline_and_target", func(t *testing.T) {
		cat, err := ReadCatalogue(NewCSVRows(strings.NewReader("perspective_code,indicator_code,name_en,unit,baseline_value,baseline_year,target_value,target_year\np,A,Alpha,%,10,2015,40,2030\n")))
		if err != nil {
			t.Fatal(err)
		}
		b, err := cat.Indicators[0].Bounds()
		if err != nil || b.Best != 40 || b.Worst != 10 {
			t.Fatalf("bounds %+v, %v", b, err)
		}
	})
	t.Run("byte_order_mark_is_ignored", func(t *testing.T) {
		if _, err := ReadCatalogue(NewCSVRows(strings.NewReader("\uFEFFperspective_code,indicator_code,name_en,unit,best,worst\np,A,Alpha,%,1,0\n"))); err != nil {
			t.Fatal(err)
		}
	})
}
