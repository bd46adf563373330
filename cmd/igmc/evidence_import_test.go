package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"igmc/storage/storagetest"
)

// writeImportZip writes a zip of the named parts and returns its path.
func writeImportZip(t *testing.T, parts ...string) string {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		f, _ := w.Create(parts[i])
		_, _ = f.Write([]byte(parts[i+1]))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "import.zip")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestImportZipWithEvidence: igmc measurements import takes a zip of
// measurements.csv and the files its evidence column names; a row naming
// a file not in the zip is refused by its line with nothing written; the
// imported files verify, and one changed in the database is named.
func TestImportZipWithEvidence(t *testing.T) {
	eachEngine(t, func(t *testing.T, p *program) {
		p.must("demo")
		p.vars["IGMC_LOG_LEVEL"] = "error"
		report := "%PDF-1.4\n" + strings.Repeat("bureau table ", 500)
		csv := "zone_code,indicator_code,period,value,evidence\nLY,SPC-01,2021,95,docs/bureau.pdf;table.csv\nLY,SPC-02,2021,1.1,docs/bureau.pdf\nLY,SPC-03,2021,40,\n"

		t.Run("missing_file_refused_by_line", func(t *testing.T) {
			_, stderr, err := p.run("measurements", "import", "--framework", "igmc", "--accept-warnings",
				writeImportZip(t, "measurements.csv", csv, "docs/bureau.pdf", report))
			if err == nil || !strings.Contains(stderr+err.Error(), "line 2") || !strings.Contains(stderr+err.Error(), `"table.csv" is not in the zip`) {
				t.Fatalf("err %v, stderr %s", err, stderr)
			}
			if out := p.must("measurements", "export", "--framework", "igmc", "--zone", "LY"); strings.Contains(out, ",2021,") {
				t.Fatal("a refused zip wrote values")
			}
		})
		t.Run("imported_with_files", func(t *testing.T) {
			out := p.must("measurements", "import", "--framework", "igmc", "--accept-warnings",
				writeImportZip(t, "measurements.csv", csv, "docs/bureau.pdf", report, "table.csv", "a,b\n1,2\n"))
			if !strings.Contains(out, "3 rows: 3 new") || !strings.Contains(out, "3 evidence files attached") {
				t.Fatalf("import: %s", out)
			}
			if out := p.must("audit", "verify"); !strings.HasPrefix(out, "ok: ") {
				t.Fatalf("after the import: %s", out)
			}
		})
		t.Run("changed_file_named", func(t *testing.T) {
			storagetest.MustExec(t, p.vars["IGMC_DATABASE_URL"], "UPDATE evidence_chunks SET data = $1 WHERE sha256 = $2", []byte("a,b\n1,3\n"),
				"492d5ea496056f1a6a6592241032fab764c321596317930b4fa0e1e8bc3b7470")
			out, _, err := p.run("audit", "verify")
			var code exitCode
			if !errors.As(err, &code) || code != 1 || !strings.Contains(out, `"table.csv"`) || !strings.Contains(out, "(LY, SPC-01, 2021)") {
				t.Fatalf("err %v:\n%s", err, out)
			}
		})
	})
}
