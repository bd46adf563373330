package reports_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"igmc/indicators"
	"igmc/reports"
	"igmc/scoring"
)

// TestSignedOffPDF shows that the scorecard PDF of a signed-off year says
// when, by whom, with which method and catalogue it was signed off, in the
// reader's language.
func TestSignedOffPDF(t *testing.T) {
	v, y := 80.0, 2019
	card := scoring.Card{Framework: "igmc", Zone: "Z", Year: 2019, Basis: scoring.BasisOfficial, MethodVersion: scoring.MethodVersion,
		Perspectives: []scoring.PerspectiveCard{{Code: "env", NameEn: "Environment", NameZh: "环境"}},
		Indicators:   []scoring.IndicatorCard{{IndicatorCode: "PM", PerspectiveCode: "env", Value: &v, Year: &y, Applicable: true}},
		SignedOff: &scoring.SignedOff{ID: 3, By: "Rui Li", At: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC), MethodVersion: scoring.MethodVersion,
			CatalogueSHA256: strings.Repeat("0", 64)}}
	cat := &indicators.Catalogue{Indicators: []indicators.Indicator{{Code: "PM", NameEn: "PM2.5", NameZh: "细颗粒物"}}}
	for lang, want := range map[string]string{"en": "Signed off on 2026-03-04 by Rui Li", "zh": "已于 2026-03-04 由 Rui Li 签核"} {
		var buf bytes.Buffer
		if _, err := reports.WriteScorecardPDF(&buf, reports.ScorecardPDF{Card: &card, Catalogue: cat, Zone: indicators.Zone{Code: "Z", NameEn: "Zone", NameZh: "区"}},
			reports.PDFOptions{Lang: lang, Now: time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		if text := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " "); !strings.Contains(text, want) {
			t.Errorf("%s: the PDF does not say %q:\n%s", lang, want, text)
		}
	}
}
