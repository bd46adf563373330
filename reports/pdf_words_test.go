package reports_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
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

// TestPDFNamesAndHeadings reads the demo's scorecard and progress PDFs
// back with pdftotext: the framework by its name in the reader's language
// (never "Framework igmc"), and the perspectives' headings over the
// indicators in the catalogue's order. With a Chinese font installed, the
// Chinese PDF embeds the first of reports.PDFFonts that is installed.
func TestPDFNamesAndHeadings(t *testing.T) {
	b, err := os.ReadFile("../cmd/igmc/testdata/demo-LY-2019.json")
	if err != nil {
		t.Fatal(err)
	}
	var card scoring.Card
	if err := json.Unmarshal(b, &card); err != nil {
		t.Fatal(err)
	}
	cat, err := indicators.PilotCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	prev := card
	prev.Year = 2018
	r := scoring.NewProgressReport(card, &prev, cat, nil)
	zone := indicators.Zone{Code: "LY", NameEn: "Liuyang", NameZh: "浏阳"}
	for _, lang := range []string{"en", "zh"} {
		o := reports.PDFOptions{Lang: lang, Framework: indicators.IGMC, Now: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)}
		var sc, pr bytes.Buffer
		notice, err := reports.WriteScorecardPDF(&sc, reports.ScorecardPDF{Card: &card, Catalogue: cat, Zone: zone}, o)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := reports.WriteProgressPDF(&pr, &r, zone, cat, o); err != nil {
			t.Fatal(err)
		}
		if lang == "zh" && notice != "" {
			t.Logf("no Chinese font: %s", notice)
			continue
		}
		name, names := indicators.IGMC.NameEn, func(p indicators.Perspective) string { return p.NameEn }
		if lang == "zh" {
			name, names = indicators.IGMC.NameZh, func(p indicators.Perspective) string { return p.NameZh }
		}
		for what, pdf := range map[string][]byte{"scorecard": sc.Bytes(), "progress": pr.Bytes()} {
			text := pdfText(t, pdf)
			if !strings.Contains(text, name) || strings.Contains(text, " igmc ") {
				t.Errorf("%s %s: the framework is not named %q:\n%.400s", lang, what, name, text)
			}
			// The indicators' section: each perspective's heading, in
			// order, before the first of its indicators.
			at := 0
			for _, p := range cat.Perspectives {
				first := ""
				for _, ind := range cat.Indicators {
					if ind.PerspectiveCode == p.Code {
						first = ind.Code
						break
					}
				}
				h := strings.Index(text[at:], names(p)+"\n")
				if h < 0 {
					t.Errorf("%s %s: no heading %q after offset %d", lang, what, names(p), at)
					continue
				}
				at += h
				if i := strings.Index(text[at:], first); i < 0 {
					t.Errorf("%s %s: indicator %s is not under the heading %q", lang, what, first, names(p))
				}
			}
		}
		if lang == "zh" {
			fontName(t, sc.Bytes(), reports.DefaultPDFFont())
		}
	}
}

// fontName wants pdffonts to list the font of the file path (by its file
// name) as embedded; it skips without pdffonts.
func fontName(t *testing.T, pdf []byte, path string) {
	t.Helper()
	bin, err := exec.LookPath("pdffonts")
	if err != nil {
		t.Log("pdffonts is not installed: the embedded font is not checked")
		return
	}
	cmd := exec.Command(bin, "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		// Older pdffonts cannot read standard input.
		t.Logf("pdffonts: %v", err)
		return
	}
	want := strings.ToLower(strings.Map(func(r rune) rune {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return r
		}
		return -1
	}, strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))))
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 4 && strings.ToLower(f[0]) == "utf8"+want && strings.Contains(line, " yes ") {
			return
		}
	}
	t.Errorf("the Chinese PDF does not embed %s:\n%s", path, out)
}
