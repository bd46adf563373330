package reports

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"testing"
	"time"

	"igmc/indicators"
	"igmc/locale"
)

// TestExportWriterMatchesEncodingCSV writes rows with every kind of awkward
// text through the export writer and through encoding/csv with the fields
// formatted as the export always did (texts neutralised against formulas),
// and wants the same bytes.
func TestExportWriterMatchesEncodingCSV(t *testing.T) {
	texts := []string{"", "plain", "a,b", `say "hi"`, "two\nlines", "cr\rhere", " leading space", "\tleading tab",
		`\.`, `\.x`, "\u00a0no-break space first", "\u3000全角空格", "中文，逗号", "trailing space ", "\u0085next line", "é",
		"=1+2", "+cmd", "-cmd", "@SUM(A1)", "\rcr first", "'=quoted", "-3.5", "-1e3"}
	values := []float64{0, -0.5, 1e21, 1e-7, 123456789.125, math.MaxFloat64, 80, -3}
	when := time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("CST", 8*3600))
	for _, history := range []bool{false, true} {
		var got, want bytes.Buffer
		ew, err := NewExportWriter(&got, history)
		if err != nil {
			t.Fatal(err)
		}
		cw := csv.NewWriter(&want)
		cols := append([]string{}, indicators.ExportColumns...)
		if !history {
			cols = cols[:8]
		}
		if err := cw.Write(append(cols, "quality")); err != nil {
			t.Fatal(err)
		}
		for i, text := range texts {
			r := indicators.ExportRow{Measurement: indicators.Measurement{ZoneCode: text, IndicatorCode: texts[(i+1)%len(texts)], Period: text,
				Value: values[i%len(values)], Source: text, Comment: texts[(i+3)%len(texts)], Status: indicators.Status(text), Version: i * 7,
				EnteredBy: text, ReviewedBy: texts[(i+5)%len(texts)], ReviewComment: texts[(i+7)%len(texts)], CreatedAt: when, UpdatedAt: when.Add(time.Duration(i) * time.Hour),
				Quality: indicators.Qualities[i%len(indicators.Qualities)]}, Current: i%2 == 0}
			if err := ew.Write(&r); err != nil {
				t.Fatal(err)
			}
			n := indicators.NeutraliseCSVCell
			rec := []string{n(r.ZoneCode), n(r.IndicatorCode), n(r.Period), indicators.FormatNumber(r.Value), n(r.Source), n(r.Comment), n(string(r.Status)), strconv.Itoa(r.Version)}
			if history {
				rec = append(rec, n(r.EnteredBy), n(r.ReviewedBy), locale.Stamp(r.CreatedAt), locale.Stamp(r.UpdatedAt), strconv.FormatBool(r.Current), n(r.ReviewComment))
			}
			rec = append(rec, string(r.Quality))
			if err := cw.Write(rec); err != nil {
				t.Fatal(err)
			}
		}
		if err := ew.Flush(); err != nil {
			t.Fatal(err)
		}
		cw.Flush()
		if got.String() != want.String() {
			t.Fatalf("history %v: the export writer wrote\n%q\nencoding/csv\n%q", history, got.String(), want.String())
		}
	}
}
