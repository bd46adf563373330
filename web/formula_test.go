package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"regexp"
	"strings"
	"testing"
)

// plainNumberCell is a cell a spreadsheet reads as a number, harmlessly.
var plainNumberCell = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)

// TestExportsNeutraliseFormulas puts text that a spreadsheet would run as a
// formula into every field that reaches a CSV file — a zone's names, an
// indicator's name, source and definition, a value's source and comment, a
// period's reasons — with a negative value beside it, and reads every CSV
// download and every CSV file of the bundle as a spreadsheet would: no
// cell may start a formula, each hostile text is there behind one quote,
// and the negative number is still a number.
func TestExportsNeutraliseFormulas(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.do("POST", "/api/v1/zones", `{"code":"EVIL","name_en":"=HYPERLINK(\"http://evil.example\",\"x\")","name_zh":"@中文"}`, 201, nil)
		// The catalogue, with SPC-02's texts made hostile (raw, as an
		// attacker would write the file).
		recs, err := csv.NewReader(bytes.NewReader(c.do("GET", "/api/v1/frameworks/igmc/catalogue.csv", "", 200, nil))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, name := range recs[0] {
			col[name] = i
		}
		for _, r := range recs[1:] {
			if r[col["indicator_code"]] == "SPC-02" {
				r[col["name_en"]], r[col["definition"]], r[col["source"]] = "+cmd", "=1+2", "-cmd|' /C calc'!A0"
			}
		}
		var raw bytes.Buffer
		w := csv.NewWriter(&raw)
		_ = w.WriteAll(recs)
		c.send("POST", "/api/v1/frameworks/igmc/catalogue", "text/csv", &raw, 200, nil)
		c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-02","period":"2019","value":-3.5,"source":"@SUM(1+1)","comment":"\t=cmd"}`, 201, nil)
		c.do("POST", "/api/v1/frameworks/igmc/periods/2018/close", `{"reason":"=close"}`, 200, nil)
		c.do("POST", "/api/v1/frameworks/igmc/periods/2018/reopen", `{"reason":"+reopen"}`, 200, nil)

		value := []string{"'@SUM(1+1)", "'\t=cmd", "-3.5"}
		files := map[string][]string{
			"/api/v1/exports/measurements.csv?framework=igmc":                    value,
			"/api/v1/exports/measurements.csv?framework=igmc&history=true":       value,
			"/api/v1/exports/audit.csv":                                          {"'=close", "'+reopen"},
			"/api/v1/frameworks/igmc/catalogue.csv":                              {"'+cmd", "'=1+2", "'-cmd|' /C calc'!A0"},
			"/api/v1/zones/LY/scorecard.csv?framework=igmc&year=2019&status=any": {"'+cmd", "-3.5"},
			"/api/v1/zones/LY/progress.csv?framework=igmc&year=2019&status=any":  {"'+cmd", "-3.5"},
		}
		for path, want := range files {
			checkNoFormula(t, path, c.do("GET", path, "", 200, nil), want)
		}
		bundle := c.do("GET", "/api/v1/exports/bundle.zip?framework=igmc&year=2019", "", 200, nil)
		zr, err := zip.NewReader(bytes.NewReader(bundle), int64(len(bundle)))
		if err != nil {
			t.Fatal(err)
		}
		inBundle := map[string][]string{
			"zones.csv":         {`'=HYPERLINK("http://evil.example","x")`, "'@中文"},
			"catalogue.csv":     {"'=1+2"},
			"measurements.csv":  value,
			"audit.csv":         {"'=close", "'+reopen"},
			"scorecards/LY.csv": {"'+cmd"},
			"progress/LY.csv":   {"'+cmd", "-3.5"},
		}
		for _, f := range zr.File {
			if !strings.HasSuffix(f.Name, ".csv") {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			checkNoFormula(t, "bundle "+f.Name, b, inBundle[f.Name])
			delete(inBundle, f.Name)
		}
		for name := range inBundle {
			t.Errorf("the bundle lacks %s", name)
		}

		// The catalogue export still imports as is, texts unchanged.
		cat := c.do("GET", "/api/v1/frameworks/igmc/catalogue.csv", "", 200, nil)
		c.send("POST", "/api/v1/frameworks/copy/catalogue", "text/csv", bytes.NewReader(cat), 200, nil)
		var inds listOf[indicatorJSON]
		c.do("GET", "/api/v1/frameworks/copy/indicators", "", 200, &inds)
		for _, ind := range inds.Items {
			if ind.Code == "SPC-02" && ind.NameEn != "+cmd" {
				t.Errorf("SPC-02's name after a round trip: %q", ind.NameEn)
			}
		}
		if again := c.do("GET", "/api/v1/frameworks/copy/catalogue.csv", "", 200, nil); !bytes.Equal(cat, again) {
			t.Error("the re-imported catalogue does not export the same file")
		}
	})
}

// checkNoFormula reads a CSV file as a spreadsheet would and fails on a
// cell that starts a formula; want are cells that must be there.
func checkNoFormula(t *testing.T, name string, body []byte, want []string) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	cells := map[string]bool{}
	for i, rec := range recs {
		for j, cell := range rec {
			cells[cell] = true
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) && !plainNumberCell.MatchString(cell) {
				t.Errorf("%s: line %d cell %d starts a formula: %q", name, i+1, j+1, cell)
			}
		}
	}
	for _, w := range want {
		if !cells[w] {
			t.Errorf("%s has no cell %q", name, w)
		}
	}
}
