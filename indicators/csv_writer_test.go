package indicators

import (
	"bytes"
	"encoding/csv"
	"io"
	"reflect"
	"strings"
	"testing"
)

// TestNeutraliseCSVCell is OWASP's rule cell by cell: what a spreadsheet
// would run gets a quote, a plain number stays a number.
func TestNeutraliseCSVCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"=1+2", "'=1+2"},
		{"+cmd", "'+cmd"},
		{"-cmd", "'-cmd"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"-", "'-"},
		{"+", "'+"},
		{"-1e", "'-1e"},
		{"-Inf", "'-Inf"},
		{"-0x1p4", "'-0x1p4"},
		{"'=x", "''=x"},
		{"''-cmd", "'''-cmd"},
		{"-3.5", "-3.5"},
		{"-1e3", "-1e3"},
		{"+2", "+2"},
		{"-.5", "-.5"},
		{"-1E-7", "-1E-7"},
		{"'-3", "'-3"},
		{"'", "'"},
		{"a=b", "a=b"},
		{" =x", " =x"},
		{"", ""},
		{"LY", "LY"},
	} {
		if got := NeutraliseCSVCell(c.in); got != c.want {
			t.Errorf("NeutraliseCSVCell(%q) = %q, want %q", c.in, got, c.want)
		}
		if back := UnneutraliseCSVCell(c.want); back != c.in {
			t.Errorf("UnneutraliseCSVCell(%q) = %q, want %q", c.want, back, c.in)
		}
	}
}

// TestCSVWriterRoundTrip writes hostile cells and reads them back: the
// file a spreadsheet sees has every formula-like cell behind a quote (and
// a semicolon never outside quotes), and CSVRows gives back the exact
// texts.
func TestCSVWriterRoundTrip(t *testing.T) {
	recs := [][]string{
		{"zone_code", "name_en", "source", "comment"},
		{"=HYPERLINK(\"http://evil.example\")", "+1", "-cmd|' /C calc'!A0", "@SUM(A1:A2)"},
		{"\t=1", "\r=1", "'=already quoted", "''@twice"},
		{"-3.5", "-1e3", "a;=1+1", "plain, with comma"},
		{"two\nlines", " leading space", "", "中文"},
	}
	var buf bytes.Buffer
	w := NewCSVWriter(&buf)
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	// What a spreadsheet reads: every cell as encoding/csv parses it.
	raw, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range raw {
		for j, cell := range r {
			if formulaStart(cell) && !plainNumber(cell) {
				t.Errorf("row %d cell %d goes out formula-like: %q", i, j, cell)
			}
		}
	}
	if raw[3][0] != "-3.5" || raw[3][1] != "-1e3" {
		t.Errorf("negative numbers were changed: %q", raw[3][:2])
	}
	if !strings.Contains(buf.String(), `"a;=1+1"`) {
		t.Errorf("a cell with a semicolon is not quoted:\n%s", buf.String())
	}
	rows := NewCSVRows(bytes.NewReader(buf.Bytes()))
	for i := 0; ; i++ {
		_, rec, err := rows.Next()
		if err == io.EOF {
			if i != len(recs) {
				t.Fatalf("read %d records, wrote %d", i, len(recs))
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(rec, recs[i]) {
			t.Errorf("record %d reads back as %q, wrote %q", i, rec, recs[i])
		}
	}
}

func formulaStart(cell string) bool {
	return cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0]))
}

// TestCatalogueHostileRoundTrip exports a catalogue whose names, source and
// definition start like formulas, and imports the file as is: the file
// shows no formula, and the catalogue reads back unchanged.
func TestCatalogueHostileRoundTrip(t *testing.T) {
	cat, err := PilotCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	ind := &cat.Indicators[0]
	ind.NameEn, ind.NameZh = "=cmd|' /C calc'!A0", "@中文"
	ind.Source, ind.Definition, ind.Reference = "+source", "=1+2 is not a formula", "'=quoted on purpose"
	var buf bytes.Buffer
	if err := WriteCatalogue(&buf, cat); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{",=cmd", ",@中文", ",+source", ",=1+2"} {
		if strings.Contains(buf.String(), bad) {
			t.Errorf("the catalogue file has a cell starting %q", bad[1:])
		}
	}
	again, err := ReadCatalogue(NewCSVRows(bytes.NewReader(buf.Bytes())))
	if err != nil {
		t.Fatalf("the export does not import: %v", err)
	}
	got := again.Indicators[0]
	if got.NameEn != ind.NameEn || got.NameZh != ind.NameZh || got.Source != ind.Source || got.Definition != ind.Definition || got.Reference != ind.Reference {
		t.Errorf("read back %q %q %q %q %q", got.NameEn, got.NameZh, got.Source, got.Definition, got.Reference)
	}
}
