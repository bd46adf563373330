package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"igmc/reports"
)

// pdfText extracts a PDF file's text, or skips the test without pdftotext.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("IGMC_REQUIRE_PDFTOTEXT") != "" {
			t.Fatal("IGMC_REQUIRE_PDFTOTEXT is set but pdftotext is not installed")
		}
		t.Skip("pdftotext is not installed (apt-get install poppler-utils): the PDF's text cannot be checked")
	}
	out, err := exec.Command(bin, "-layout", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, out)
	}
	return string(out)
}

// TestScorecardPDFCommand: igmc scorecard --format pdf writes the demo's
// scorecard with every indicator code; in Chinese with the configured
// font, or in English with a notice when the font is missing.
func TestScorecardPDFCommand(t *testing.T) {
	p := newProgram(t, "sqlite")
	p.must("demo")
	dir := t.TempDir()
	args := []string{"scorecard", "--zone", "LY", "--year", "2019", "--format", "pdf"}
	if _, _, err := p.run(args...); err == nil {
		t.Fatal("a PDF without --out was accepted")
	}

	en := filepath.Join(dir, "en.pdf")
	if out := p.must(append(args, "--out", en)...); out != "" {
		t.Fatalf("with --out, standard output should stay empty: %q", out)
	}
	text := pdfText(t, en)
	var codes []string
	for _, line := range strings.Split(p.must("scorecard", "--zone", "LY", "--year", "2019", "--format", "csv"), "\n") {
		if f := strings.Split(line, ","); len(f) > 6 && f[5] == "indicator" {
			codes = append(codes, f[6])
		}
	}
	if len(codes) < 48 {
		t.Fatalf("the CSV lists %d indicators", len(codes))
	}
	for _, code := range codes {
		if !strings.Contains(text, code) {
			t.Errorf("the PDF lacks %s", code)
		}
	}

	p.vars["IGMC_PDF_FONT"] = filepath.Join(dir, "no-such-font.ttf")
	fallback := filepath.Join(dir, "fallback.pdf")
	_, stderr, err := p.run(append(args, "--lang", "zh", "--out", fallback)...)
	if err != nil || !strings.Contains(stderr, "no-such-font.ttf") || !strings.Contains(stderr, "English") {
		t.Fatalf("zh without the font: %v, stderr %q", err, stderr)
	}
	if text := pdfText(t, fallback); !strings.Contains(text, "Scorecard") || !strings.Contains(text, "SPC-01") {
		t.Fatalf("the fallback PDF is not the English scorecard:\n%.400s", text)
	}

	if _, err := os.Stat(reports.DefaultPDFFont()); err != nil {
		if os.Getenv("IGMC_REQUIRE_PDFTOTEXT") != "" {
			t.Fatalf("IGMC_REQUIRE_PDFTOTEXT is set but there is no Chinese font at %s", reports.DefaultPDFFont())
		}
		t.Skipf("no Chinese font at %s: the Chinese PDF is not checked", reports.DefaultPDFFont())
	}
	p.vars["IGMC_PDF_FONT"] = reports.DefaultPDFFont()
	zh := filepath.Join(dir, "zh.pdf")
	if _, stderr, err := p.run(append(args, "--lang", "zh", "--out", zh)...); err != nil || stderr != "" {
		t.Fatalf("zh: %v, stderr %q", err, stderr)
	}
	if text := pdfText(t, zh); !strings.Contains(text, "空间规划与发展") || !strings.Contains(text, "评分卡") {
		t.Fatalf("the Chinese PDF lacks its Chinese text:\n%.400s", text)
	}
}

// TestMeasurementsExportXLSXCommand: the workbook holds the CSV export's
// rows.
func TestMeasurementsExportXLSXCommand(t *testing.T) {
	p := newProgram(t, "sqlite")
	p.must("demo")
	want, err := csv.NewReader(strings.NewReader(p.must("measurements", "export", "--framework", "igmc", "--zone", "LY-EIT"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.xlsx")
	if _, _, err := p.run("measurements", "export", "--framework", "igmc", "--format", "xlsx"); err == nil {
		t.Fatal("xlsx without --out was accepted")
	}
	p.must("measurements", "export", "--framework", "igmc", "--zone", "LY-EIT", "--format", "xlsx", "--out", path)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows("measurements", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	var g, w bytes.Buffer
	_ = csv.NewWriter(&g).WriteAll(got)
	_ = csv.NewWriter(&w).WriteAll(want)
	if len(want) < 2 || g.String() != w.String() {
		t.Fatalf("the workbook's %d rows differ from the CSV's %d", len(got), len(want))
	}
	csvOut := filepath.Join(t.TempDir(), "m.csv")
	p.must("measurements", "export", "--framework", "igmc", "--zone", "LY-EIT", "--out", csvOut)
	if b, err := os.ReadFile(csvOut); err != nil || string(b) != w.String() {
		t.Fatalf("--out wrote a different CSV: %v", err)
	}
}
