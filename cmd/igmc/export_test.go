package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

const (
	demoCSVGolden  = "testdata/demo-LY-2019.csv"
	demoXLSXGolden = "testdata/demo-LY-2019.xlsx.golden"
)

// TestDemoScorecardExports: the demo zone's official 2019 scorecard as CSV
// and as a workbook, compared with golden files (the workbook through a
// text dump of its cells and their types); rewrite them on purpose with
// go test ./cmd/igmc -run Exports -update.
func TestDemoScorecardExports(t *testing.T) {
	p := newProgram(t, "sqlite")
	p.must("demo")
	csv := p.must("scorecard", "--framework", "igmc", "--zone", "LY", "--year", "2019", "--format", "csv")
	golden(t, demoCSVGolden, []byte(csv))

	out := filepath.Join(t.TempDir(), "LY.xlsx")
	if got := p.must("scorecard", "--framework", "igmc", "--zone", "LY", "--year", "2019", "--format", "xlsx", "--out", out); got != "" {
		t.Fatalf("with --out, standard output should stay empty: %q", got)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	golden(t, demoXLSXGolden, dumpXLSX(t, f))

	sheets := f.GetSheetList()
	if len(sheets) != 7 || sheets[0] != "Summary" {
		t.Fatalf("sheets %v, want Summary and the 6 perspectives", sheets)
	}
	index := findRow(t, f, "Summary", "index")
	if index == 0 {
		t.Fatal("the Summary has no index row")
	}
	if v, ok := numberCell(t, f, "Summary", "B"+strconv.Itoa(index)); !ok || v <= 0 || v > 100 {
		t.Fatalf("the Summary's index is not a number cell in 0–100: %v %v", v, ok)
	}
	spc := findRow(t, f, "space", "SPC-01")
	if spc == 0 {
		t.Fatal("the space sheet has no SPC-01 row")
	}
	if v, ok := numberCell(t, f, "space", "D"+strconv.Itoa(spc)); !ok || v != 92 {
		t.Fatalf("SPC-01's value is %v (number cell: %v), want the number 92", v, ok)
	}
}

func TestScorecardXLSXNeedsOut(t *testing.T) {
	p := newProgram(t, "sqlite")
	p.must("demo")
	out, _, err := p.run("scorecard", "--zone", "LY", "--year", "2019", "--format", "xlsx")
	if err == nil || out != "" {
		t.Fatalf("xlsx without --out: err %v, output %d bytes", err, len(out))
	}
	path := filepath.Join(t.TempDir(), "LY.csv")
	p.must("scorecard", "--zone", "LY", "--year", "2019", "--format", "csv", "--out", path)
	b, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(b, []byte("framework,zone,year,")) {
		t.Fatalf("csv --out wrote %q: %v", b, err)
	}
}

// golden compares got with the file at path, rewriting it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("the export differs from %s; if the change is meant, run with -update and review the diff", path)
	}
}

// dumpXLSX lists every sheet name, then every non-empty cell of every
// sheet as sheet!A1=value (type).
func dumpXLSX(t *testing.T, f *excelize.File) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, s := range f.GetSheetList() {
		fmt.Fprintf(&b, "sheet %s\n", s)
	}
	for _, s := range f.GetSheetList() {
		rows, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				v, typ := cell(t, f, s, ref)
				if v != "" {
					fmt.Fprintf(&b, "%s!%s=%s (%s)\n", s, ref, v, typ)
				}
			}
		}
	}
	return b.Bytes()
}

// cell is a cell's raw value and the name of its type. A cell without a
// type attribute is a number, as in the file format.
func cell(t *testing.T, f *excelize.File, sheet, ref string) (string, string) {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	typ, err := f.GetCellType(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	switch typ {
	case excelize.CellTypeUnset, excelize.CellTypeNumber:
		return v, "number"
	case excelize.CellTypeSharedString, excelize.CellTypeInlineString:
		return v, "string"
	case excelize.CellTypeBool:
		return v, "bool"
	}
	return v, fmt.Sprintf("type %d", typ)
}

// numberCell reads a number cell; ok is false for any other cell.
func numberCell(t *testing.T, f *excelize.File, sheet, ref string) (float64, bool) {
	t.Helper()
	v, typ := cell(t, f, sheet, ref)
	if typ != "number" || v == "" {
		return 0, false
	}
	n, err := strconv.ParseFloat(v, 64)
	return n, err == nil
}

// findRow is the number of the first row whose column A holds value, or 0.
func findRow(t *testing.T, f *excelize.File, sheet, value string) int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == value {
			return i + 1
		}
	}
	return 0
}
