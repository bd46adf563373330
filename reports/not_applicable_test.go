package reports

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"igmc/indicators"
	"igmc/locale"
	"igmc/scoring"
)

// naCard is a card with one applicable indicator and one that does not
// apply to the zone by its type.
func naCard() (*scoring.Card, *indicators.Catalogue) {
	v := 80.0
	card := &scoring.Card{Framework: "igmc", Zone: "LY", Year: 2019, Basis: scoring.BasisOfficial,
		Perspectives: []scoring.PerspectiveCard{{Code: "space"}},
		Indicators: []scoring.IndicatorCard{
			{IndicatorCode: "SPC-01", PerspectiveCode: "space", Value: &v, Applicable: true},
			{IndicatorCode: "SOC-05", PerspectiveCode: "space", Applicable: false, NotApplicableReason: indicators.ZoneTypeReason("park")},
		}}
	cat := &indicators.Catalogue{Indicators: []indicators.Indicator{{Code: "SPC-01", NameEn: "A"}, {Code: "SOC-05", NameEn: "B"}}}
	return card, cat
}

// TestNotApplicableInExports: the scorecard CSV and XLSX say
// not_applicable with the reason for such an indicator, never a missing
// value, and the page text translates a zone type's reason.
func TestNotApplicableInExports(t *testing.T) {
	card, cat := naCard()
	var buf bytes.Buffer
	if err := WriteScorecardCSV(&buf, card, cat); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, n := range recs[0] {
		col[n] = i
	}
	rows := map[string][]string{}
	for _, r := range recs[1:] {
		rows[r[col["code"]]] = r
	}
	if r := rows["SOC-05"]; r[col["rating"]] != NotApplicableCode || r[col["reason"]] != "not for zone type park" {
		t.Fatalf("SOC-05 row %v", r)
	}
	if r := rows["SPC-01"]; r[col["rating"]] == NotApplicableCode || r[col["reason"]] != "" {
		t.Fatalf("SPC-01 row %v", r)
	}
	buf.Reset()
	if err := WriteScorecardXLSX(&buf, card, cat); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	sheet, err := f.GetRows("space")
	if err != nil {
		t.Fatal(err)
	}
	found, rc := false, -1
	for _, r := range sheet {
		if rc < 0 {
			rc = slices.Index(r, "rating")
			continue
		}
		if len(r) > rc && r[0] == "SOC-05" {
			found = strings.HasPrefix(r[rc], NotApplicableCode)
		}
	}
	if !found {
		t.Fatalf("the workbook does not mark SOC-05 not applicable: %v", sheet)
	}
	if got := NotApplicableLabel(locale.English(), card.Indicators[1].NotApplicableReason); !strings.Contains(got, "zones of type park") {
		t.Fatalf("label %q", got)
	}
}
