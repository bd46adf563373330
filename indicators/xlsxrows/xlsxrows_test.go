package xlsxrows_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/indicators/xlsxrows"
	"igmc/indicators/xlsxrows/xlsxtest"
)

// open reads data through OpenReader within a data upload's limits (1
// GiB), its temporary files in dir.
func open(data []byte, dir string) (*xlsxrows.Rows, error) {
	return xlsxrows.OpenReader(bytes.NewReader(data), 1<<30, xlsxrows.For(1<<30, dir))
}

// leftIn lists what is in dir.
func leftIn(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func rowsXML(n int, cells ...string) string {
	var b strings.Builder
	b.WriteString(xlsxtest.SheetHead)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `<row r="%d">`, i)
		for j, c := range cells {
			fmt.Fprintf(&b, `<c r="%c%d" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+j, i, c)
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(xlsxtest.SheetTail)
	return b.String()
}

// TestOpenRefuses builds each bomb in the test and shows the refusal, its
// code and its message, and that the temporary folder is left as it was.
func TestOpenRefuses(t *testing.T) {
	row := []byte(`<row><c t="inlineStr"><is><t>x</t></is></c></row>`)
	cases := []struct {
		name  string
		data  func() []byte
		code  indicators.ErrorCode
		words string
	}{
		{"styles_unzip_to_2GiB", func() []byte {
			return xlsxtest.Workbook(rowsXML(1, "a"), xlsxtest.Part{Name: "xl/styles.xml", Repeat: []byte{' '}, Size: 2 << 30})
		}, indicators.TooLarge, "unzips to more than 2048 MiB"},
		{"styles_over_part_limit", func() []byte {
			return xlsxtest.Workbook(rowsXML(1, "a"), xlsxtest.Part{Name: "xl/styles.xml", Repeat: []byte{' '}, Size: 64 << 20})
		}, indicators.TooLarge, `part "xl/styles.xml" unzips to more than 4 MiB`},
		{"sheet_unzips_to_3GiB", func() []byte {
			return xlsxtest.Workbook("", xlsxtest.Part{Name: "xl/worksheets/sheet1.xml", Repeat: row, Size: 3 << 30})
		}, indicators.TooLarge, "unzips to more than 2048 MiB"},
		{"sheet_lies_about_its_size", func() []byte {
			return xlsxtest.Workbook("", xlsxtest.Part{Name: "xl/worksheets/sheet1.xml", Repeat: row, Size: 64 << 20, Declared: 4096})
		}, indicators.Invalid, "damaged"},
		{"one_cell_of_100MiB", func() []byte {
			return xlsxtest.Workbook("", xlsxtest.Part{Name: "xl/worksheets/sheet1.xml", Data: []byte(xlsxtest.SheetHead + `<row r="1"><c r="A1"><v>`), Repeat: []byte("9"), Size: 100 << 20})
		}, indicators.Invalid, "row 1 of a worksheet has a text longer than 512 KiB"},
		{"huge_sheet_and_one_corrupt_entry", func() []byte {
			return xlsxtest.Workbook("", xlsxtest.Part{Name: "xl/worksheets/sheet1.xml", Repeat: row, Size: 200 << 20},
				xlsxtest.Part{Name: "docProps/app.xml", Corrupt: true})
		}, indicators.Invalid, `part "docProps/app.xml" cannot be unzipped`},
		{"too_many_parts", func() []byte {
			parts := []xlsxtest.Part{}
			for i := range xlsxrows.MaxEntries {
				parts = append(parts, xlsxtest.Part{Name: fmt.Sprintf("xl/media/i%d.bin", i)})
			}
			return xlsxtest.Workbook(rowsXML(1, "a"), parts...)
		}, indicators.TooLarge, "more than 10000 parts"},
		{"not_a_zip", func() []byte { return []byte("PK\x03\x04 and then nothing") }, indicators.Invalid, "not a readable XLSX workbook"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.data()
			if len(data) > 16<<20 {
				t.Fatalf("the bomb itself is %d bytes", len(data))
			}
			dir := t.TempDir()
			x, err := open(data, dir)
			if err == nil {
				_ = x.Close()
				t.Fatal("the workbook was opened")
			}
			var e *indicators.Error
			if !errors.As(err, &e) || e.Code != tc.code || !strings.Contains(e.Message, tc.words) {
				t.Fatalf("got %v, want %s saying %q", err, tc.code, tc.words)
			}
			if left := leftIn(t, dir); len(left) != 0 {
				t.Fatalf("left in the temporary folder: %v", left)
			}
		})
	}
}

// TestOpenReads reads a workbook large enough that the library streams
// its sheet from a temporary file: the file lives in the folder given and
// is gone after Close. Empty cells after a row's last value are dropped.
func TestOpenReads(t *testing.T) {
	dir := t.TempDir()
	const n = 20000
	sheet := rowsXML(n, "LY", "SPC-01", "2019", "12.5")
	sheet = strings.Replace(sheet, `</row>`, `<c r="F1" t="inlineStr"><is><t> </t></is></c></row>`, 1)
	if len(sheet) <= xlsxrows.SpillSize {
		t.Fatalf("the sheet is %d bytes, not over the spill size", len(sheet))
	}
	x, err := open(xlsxtest.Workbook(sheet), dir)
	if err != nil {
		t.Fatal(err)
	}
	count := 0
	for {
		line, rec, err := x.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		count++
		if line != count || strings.Join(rec, ",") != "LY,SPC-01,2019,12.5" {
			t.Fatalf("row %d (line %d): %q", count, line, rec)
		}
	}
	if count != n {
		t.Fatalf("%d rows, want %d", count, n)
	}
	if len(leftIn(t, dir)) == 0 {
		t.Fatal("nothing in the temporary folder while the workbook is open: where did its copy go?")
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if left := leftIn(t, dir); len(left) != 0 {
		t.Fatalf("left after Close: %v", left)
	}
}

// TestRowLimits: a row of more cells than MaxColumns, and a cell longer
// than MaxCellBytes within the XML's allowance, are refused naming the row.
func TestRowLimits(t *testing.T) {
	wide := make([]string, indicators.MaxColumns+1)
	for i := range wide {
		wide[i] = "v"
	}
	long := strings.Repeat("é", indicators.MaxCellBytes/2+1)
	for name, tc := range map[string]struct {
		sheet, words string
	}{
		"too_many_cells": {xlsxtest.SheetHead + `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="BM2"><v>1</v></c></row>` + xlsxtest.SheetTail, "line 2 has 65 cells"},
		"long_cell":      {rowsXML(1, long), "a cell on row 1 is longer than 64 KiB"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			x, err := open(xlsxtest.Workbook(tc.sheet), dir)
			if err != nil {
				t.Fatal(err)
			}
			for err == nil {
				_, _, err = x.Next()
			}
			_ = x.Close()
			if !strings.Contains(fmt.Sprint(err), tc.words) {
				t.Fatalf("got %v, want %q", err, tc.words)
			}
			if left := leftIn(t, dir); len(left) != 0 {
				t.Fatalf("left: %v", left)
			}
		})
	}
}
