package reports

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"igmc/indicators"
	"igmc/scoring"
)

// TestSignedOffExports shows that the CSV, the workbook and the PDF of a
// signed-off card say so, in both languages where they have words, and
// that the exports of any other card do not.
func TestSignedOffExports(t *testing.T) {
	card, cat := naCard()
	sha := strings.Repeat("ab", 32)
	stamp := &scoring.SignedOff{ID: 7, By: "Rui Li", At: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC), MethodVersion: scoring.MethodVersion,
		CatalogueSHA256: sha, PlanSHA256: strings.Repeat("cd", 32)}
	want := "Signed off on 2026-03-04 by Rui Li, method " + scoring.MethodVersion + ", catalogue sha256 " + sha
	for _, signed := range []bool{false, true} {
		card.SignedOff = nil
		if signed {
			card.SignedOff = stamp
		}
		var b bytes.Buffer
		if err := WriteScorecardCSV(&b, card, cat); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range rows {
			if r[5] == "signed_off" {
				found = r[6] == "7" && r[8] == want && strings.Contains(r[9], "签核") && r[24] == "plan_sha256="+stamp.PlanSHA256
			}
		}
		if found != signed {
			t.Errorf("signed %v: CSV row %v\n%v", signed, found, rows[:3])
		}

		b.Reset()
		if err := WriteScorecardXLSX(&b, card, cat); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		summary, err := f.GetRows(summarySheet)
		if err != nil {
			t.Fatal(err)
		}
		inBook := false
		for _, r := range summary {
			if len(r) > 1 && r[0] == "signed_off" && r[1] == want {
				inBook = true
			}
		}
		if inBook != signed {
			t.Errorf("signed %v: the workbook's summary says signed off: %v", signed, inBook)
		}

		b.Reset()
		d := drawScorecard(ScorecardPDF{Card: card, Catalogue: cat, Zone: indicators.Zone{Code: "LY", NameEn: "Liuyang"}}, PDFOptions{Now: stamp.At})
		if err := d.output(&b); err != nil || !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
			t.Fatalf("signed %v: PDF %v", signed, err)
		}
	}
}
