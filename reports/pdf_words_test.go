package reports_test

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"igmc/indicators"
	"igmc/reports"
	"igmc/scoring"
)

// pdfText is a PDF's text by pdftotext, or skips the test without it.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("IGMC_REQUIRE_PDFTOTEXT") != "" {
			t.Fatal("IGMC_REQUIRE_PDFTOTEXT is set but pdftotext is not installed")
		}
		t.Skip("pdftotext is not installed (apt-get install poppler-utils)")
	}
	cmd := exec.Command(bin, "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestScorecardPDFWords draws a scorecard with a decreasing trend and an
// indicator with a Chinese unit: the English PDF says "worsening" (never
// the code "decreasing") and the English unit, the Chinese one 恶化 and the
// Chinese unit, falling back to the English unit where none is given.
func TestScorecardPDFWords(t *testing.T) {
	worse := scoring.TrendDecreasing
	red := scoring.Rating("red")
	v, y := 70.0, 2019
	cat := &indicators.Catalogue{
		Perspectives: []indicators.Perspective{{Code: "env", NameEn: "Environment", NameZh: "环境"}},
		Indicators: []indicators.Indicator{
			{Code: "PM", PerspectiveCode: "env", NameEn: "Fine particles", NameZh: "细颗粒物", Unit: "µg/m³", UnitZh: "微克/立方米", Points: 5},
			{Code: "GR", PerspectiveCode: "env", NameEn: "Green area", NameZh: "绿地", Unit: "ha/person", Points: 5},
		},
	}
	card := scoring.Card{Framework: "t", Zone: "Z", Year: 2019, Basis: scoring.BasisOfficial,
		Perspectives: []scoring.PerspectiveCard{{Code: "env", NameEn: "Environment", NameZh: "环境", Rating: red, Trend: &worse}},
		Indicators: []scoring.IndicatorCard{
			{IndicatorCode: "PM", PerspectiveCode: "env", Value: &v, Year: &y, Unit: "µg/m³", Rating: &red, Trend: &worse},
			{IndicatorCode: "GR", PerspectiveCode: "env", Value: &v, Year: &y, Unit: "ha/person", Rating: &red, Trend: &worse},
		}}
	draw := func(lang string) (string, string) {
		var buf bytes.Buffer
		notice, err := reports.WriteScorecardPDF(&buf, reports.ScorecardPDF{Card: &card, Catalogue: cat, Zone: indicators.Zone{Code: "Z", NameEn: "Zone", NameZh: "区"}},
			reports.PDFOptions{Lang: lang, Now: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		return pdfText(t, buf.Bytes()), notice
	}
	en, _ := draw("en")
	if !strings.Contains(en, "worsening") || strings.Contains(en, "decreasing") {
		t.Errorf("the English PDF does not say worsening, or still says decreasing:\n%s", en)
	}
	if !strings.Contains(en, "µg/m³") || strings.Contains(en, "微克") {
		t.Errorf("the English PDF lacks the English unit or shows the Chinese one")
	}
	zh, notice := draw("zh")
	if notice != "" {
		t.Skipf("no Chinese font: %s", notice)
	}
	for _, want := range []string{"恶化", "微克/立方米", "ha/person"} {
		if !strings.Contains(zh, want) {
			t.Errorf("the Chinese PDF lacks %q:\n%s", want, zh)
		}
	}
}
