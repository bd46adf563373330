package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"slices"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/reports"
)

// TestBundleCarriesEvidence: the auditor's bundle holds each file of its
// values once under evidence/<sha256>, byte for byte, an index mapping
// each value to its files, and lists them all in the manifest; a bundle
// of one zone carries none of another zone's files.
func TestBundleCarriesEvidence(t *testing.T) {
	evidenceServer(t, func(t *testing.T, c *client, _ string) {
		var ly, ly2, cs measurementJSON
		c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","value":80}`, 201, &ly)
		c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2018","value":79}`, 201, &ly2)
		c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"CS","indicator_code":"SPC-01","period":"2019","value":60}`, 201, &cs)
		shared, own := pdfFile(4000, 's'), []byte("year,value\n2019,60\n")
		attach := func(id int64, name string, b []byte) {
			ct, body := evidenceForm("", name, b)
			c.send("POST", "/api/v1/measurements/"+itoa(id)+"/evidence", ct, body, 201, nil)
		}
		attach(ly.ID, "yearbook.pdf", shared)
		attach(ly2.ID, "yearbook-2018.pdf", shared)
		attach(cs.ID, "cs.csv", own)

		read := func(who *client) (map[string][]byte, reports.BundleManifest) {
			t.Helper()
			body := who.do("GET", "/api/v1/exports/bundle.zip?framework=igmc&year=2019", "", 200, nil)
			problems, m, err := reports.VerifyBundle(bytes.NewReader(body), int64(len(body)))
			if err != nil || len(problems) > 0 {
				t.Fatalf("the bundle does not verify: %v %v", err, problems)
			}
			zr, _ := zip.NewReader(bytes.NewReader(body), int64(len(body)))
			files := map[string][]byte{}
			for _, f := range zr.File {
				if strings.HasPrefix(f.Name, "evidence/") {
					rc, _ := f.Open()
					files[f.Name], _ = io.ReadAll(rc)
					rc.Close()
				}
			}
			return files, m
		}
		t.Run("whole", func(t *testing.T) {
			files, m := read(c)
			if len(files) != 3 || !bytes.Equal(files["evidence/"+shaOf(shared)], shared) || !bytes.Equal(files["evidence/"+shaOf(own)], own) {
				t.Fatalf("evidence entries: %d", len(files))
			}
			for name := range files {
				if !slices.ContainsFunc(m.Files, func(f reports.BundleFile) bool { return f.Name == name }) {
					t.Errorf("the manifest does not list %s", name)
				}
			}
			rows, err := csv.NewReader(bytes.NewReader(files["evidence/index.csv"])).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, strings.Join([]string{r[0], r[1], r[2], r[5], r[7]}, " "))
			}
			want := []string{"zone_code indicator_code period file name",
				"CS SPC-01 2019 evidence/" + shaOf(own) + " cs.csv",
				"LY SPC-01 2018 evidence/" + shaOf(shared) + " yearbook-2018.pdf",
				"LY SPC-01 2019 evidence/" + shaOf(shared) + " yearbook.pdf"}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("index:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
		t.Run("one_zone", func(t *testing.T) {
			officer := c.as(c.userToken("officer@ly", indicators.RoleOfficer, "LY"))
			files, _ := read(officer)
			if _, ok := files["evidence/"+shaOf(own)]; ok || len(files) != 2 {
				t.Fatalf("LY's bundle carries %d evidence entries, CS's file: %v", len(files), ok)
			}
		})
	})
}
