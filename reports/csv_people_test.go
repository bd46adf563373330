package reports

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"igmc/indicators"
	"igmc/scoring"
)

// readCSV parses a CSV file into records by column name.
func readCSV(t *testing.T, b []byte) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, c := range recs[0] {
			m[c] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// TestScorecardCSVForPeople writes the demo scorecard for a Chinese
// reader: a byte order mark first, which the imports' reader skips; each
// figure also rounded to one decimal beside its exact value; the ratings,
// trends and plans in the page's Chinese words. The default file has no
// mark and English words.
func TestScorecardCSVForPeople(t *testing.T) {
	card, cat := demoCard(t)
	var zh, en bytes.Buffer
	if err := WriteScorecardCSVWith(&zh, card, cat, CSVOptions{Lang: "zh", BOM: true}); err != nil {
		t.Fatal(err)
	}
	if err := WriteScorecardCSV(&en, card, cat); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(zh.Bytes(), []byte("\xEF\xBB\xBFframework,")) || bytes.HasPrefix(en.Bytes(), []byte("\xEF\xBB\xBF")) {
		t.Fatalf("the Chinese file does not start with the byte order mark, or the default one does: %q / %q", zh.String()[:12], en.String()[:12])
	}
	_, head, err := indicators.NewCSVRows(bytes.NewReader(zh.Bytes())).Next()
	if err != nil || head[0] != "framework" {
		t.Fatalf("the imports' reader does not skip the mark: %q, %v", head, err)
	}
	words := map[scoring.Rating]string{"green": "良好", "yellow": "一般", "orange": "偏弱", "red": "较差", "gray": "数据不足"}
	enWords := map[scoring.Rating]string{"green": "good", "yellow": "fair", "orange": "weak", "red": "poor", "gray": "insufficient data"}
	zhRows, enRows := readCSV(t, zh.Bytes()[3:]), readCSV(t, en.Bytes())
	if len(zhRows) != 1+len(card.Perspectives)+len(card.Indicators) {
		t.Fatalf("%d rows", len(zhRows))
	}
	// The index: 58.12749316978099 → 58.1; points 173.847… → 173.8.
	if r := zhRows[0]; r["score"] != "58.12749316978099" || r["score_rounded"] != "58.1" || r["points_rounded"] != "173.8" {
		t.Errorf("index row: %v", r)
	}
	checked := 0
	for i, ind := range card.Indicators {
		r, e := zhRows[1+len(card.Perspectives)+i], enRows[1+len(card.Perspectives)+i]
		if r["code"] != ind.IndicatorCode || ind.Rating == nil || ind.Value == nil {
			continue
		}
		if r["rating"] != string(*ind.Rating) || r["rating_text"] != words[*ind.Rating] || e["rating_text"] != enWords[*ind.Rating] {
			t.Errorf("%s: rating %q, words %q / %q", ind.IndicatorCode, r["rating"], r["rating_text"], e["rating_text"])
		}
		if ind.Trend != nil && (r["trend_text"] == "" || strings.Contains(r["trend_text"], "_")) {
			t.Errorf("%s: trend words %q", ind.IndicatorCode, r["trend_text"])
		}
		if r["value"] != indicators.FormatNumber(*ind.Value) {
			t.Errorf("%s: the exact value %q is not %v", ind.IndicatorCode, r["value"], *ind.Value)
		}
		checked++
	}
	if checked < 40 {
		t.Fatalf("only %d indicators checked", checked)
	}
	// Hand-picked rows of the demo: SPC-03 9460 → 9460.0, SRV-01 98.66 → 98.7.
	for _, want := range []struct{ code, value, rounded string }{{"SPC-03", "9460", "9460.0"}, {"SRV-01", "98.66", "98.7"}} {
		for _, r := range zhRows {
			if r["code"] == want.code && (r["value"] != want.value || r["value_rounded"] != want.rounded) {
				t.Errorf("%s: value %q rounded %q, want %q and %q", want.code, r["value"], r["value_rounded"], want.value, want.rounded)
			}
		}
	}
}

// TestRoundedFigures: one decimal, halves away from zero, no thousands
// separator (a spreadsheet reads the cell as a number), and a small value
// keeps two significant digits rather than reading 0.0.
func TestRoundedFigures(t *testing.T) {
	for _, c := range []struct {
		v          float64
		fig, value string
	}{{58.12749, "58.1", "58.1"}, {0.25, "0.3", "0.3"}, {-2.25, "-2.3", "-2.3"}, {9595, "9595.0", "9595.0"}, {0.035, "0.0", "0.035"},
		{-0.0042, "0.0", "-0.0042"}, {0, "0.0", "0.0"}, {0.05, "0.1", "0.1"}} {
		if got := rounded(&c.v); got != c.fig {
			t.Errorf("rounded(%v) = %q, want %q", c.v, got, c.fig)
		}
		if got := roundedValue(&c.v); got != c.value {
			t.Errorf("roundedValue(%v) = %q, want %q", c.v, got, c.value)
		}
	}
}

// TestProgressCSVForPeople: the progress CSV's rounded columns and words.
func TestProgressCSVForPeople(t *testing.T) {
	card, cat := demoCard(t)
	prev := *card
	prev.Year = 2018
	prev.Index.Score = fp(55.04)
	r := scoring.NewProgressReport(*card, &prev, cat, nil)
	var b bytes.Buffer
	if err := WriteProgressCSVWith(&b, &r, CSVOptions{Lang: "zh", BOM: true}); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, bytes.TrimPrefix(b.Bytes(), []byte(UTF8BOM)))
	// 58.127… − 55.04 = 3.087… → 3.1.
	if x := rows[0]; x["level"] != "index" || x["previous_rounded"] != "55.0" || x["current_rounded"] != "58.1" || x["change_rounded"] != "3.1" {
		t.Errorf("index row: %v", x)
	}
	if x := rows[2]; x["level"] != "coverage" || x["current_rounded"] != "100.0" {
		t.Errorf("coverage row: %v", x)
	}
	for _, x := range rows {
		if x["level"] == "perspective" && (x["movement_text"] != "持平" || x["rating_text"] == "" || x["rating_text"] == x["rating"]) {
			t.Errorf("perspective %s: movement %q rating %q", x["code"], x["movement_text"], x["rating_text"])
		}
	}
}

// TestScorecardXLSXOneDecimal: the workbook shows the index, scores and
// points with one decimal, as the pages do, and keeps the exact number in
// the cell.
func TestScorecardXLSXOneDecimal(t *testing.T) {
	card, cat := demoCard(t)
	var b bytes.Buffer
	if err := WriteScorecardXLSX(&b, card, cat); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	shown, _ := f.GetCellValue("Summary", "B7")
	raw, _ := f.GetCellValue("Summary", "B7", excelize.Options{RawCellValue: true})
	if shown != "58.1" || !strings.HasPrefix(raw, "58.127493169780") {
		t.Errorf("the index shows %q and holds %q, want 58.1 and 58.127493169780…", shown, raw)
	}
	if a, _ := f.GetCellValue("Summary", "A7"); a != "index" {
		t.Fatalf("A7 is %q, not the index", a)
	}
	// SPC-01's score on the space sheet: 86.666… shows 86.7.
	for r := 2; r < 12; r++ {
		if code, _ := f.GetCellValue("space", fmt.Sprintf("A%d", r)); code == "SPC-01" {
			if s, _ := f.GetCellValue("space", fmt.Sprintf("H%d", r)); s != "86.7" {
				t.Errorf("SPC-01's score shows %q", s)
			}
		}
	}
}
