package web_test

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/reports"
)

// bundleEntries reads a bundle over the API and checks that it verifies
// against its manifest; it returns the names of its files.
func bundleEntries(t *testing.T, c *client, wantHead bool) map[string]string {
	t.Helper()
	body := c.do("GET", "/api/v1/exports/bundle.zip?framework=igmc&year=2019", "", 200, nil)
	problems, m, err := reports.VerifyBundle(bytes.NewReader(body), int64(len(body)))
	if err != nil || len(problems) > 0 {
		t.Fatalf("the bundle does not verify: %v %v", err, problems)
	}
	// The whole chain's head is for unscoped callers only.
	if m.Framework != "igmc" || m.Year != 2019 || (m.AuditHead != "") != wantHead || !m.AuditOK {
		t.Errorf("manifest head: %+v", m)
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = string(b)
	}
	if n := len(zr.File); n < 2 || zr.File[n-2].Name != reports.ManifestName || zr.File[n-1].Name != reports.SignatureName {
		t.Errorf("the last entries are not %s then %s", reports.ManifestName, reports.SignatureName)
	}
	return out
}

// TestBundleScope: an officer of LY-N gets LY-N's scorecard and values
// only; the administrator gets every zone.
func TestBundleScope(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","value":80}`, 201, nil)
		c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY-N","indicator_code":"SPC-01","period":"2019","value":70}`, 201, nil)
		officer := c.as(c.userToken("officer-n@example.org", indicators.RoleOfficer, "LY-N"))

		t.Run("officer_own_zone_only", func(t *testing.T) {
			files := bundleEntries(t, officer, false)
			if _, ok := files["scorecards/LY-N.csv"]; !ok {
				t.Error("the officer's bundle lacks scorecards/LY-N.csv")
			}
			if _, ok := files["scorecards/LY.csv"]; ok {
				t.Error("the officer's bundle has scorecards/LY.csv")
			}
			if m := files["measurements.csv"]; !strings.Contains(m, "\nLY-N,SPC-01,2019,") || strings.Contains(m, "\nLY,") {
				t.Errorf("the officer's measurements.csv is not LY-N's only:\n%s", m)
			}
			if z := files["zones.csv"]; z != "code,name_en,name_zh,parent_code,type\nLY-N,North,北区,LY,\n" {
				t.Errorf("the officer's zones.csv:\n%s", z)
			}
		})
		t.Run("admin_every_zone", func(t *testing.T) {
			files := bundleEntries(t, c, true)
			for _, name := range []string{"catalogue.csv", "zones.csv", "measurements.csv", "scorecards/LY.csv", "scorecards/LY-N.csv",
				"audit.csv", "methodology.md", reports.ManifestName} {
				if _, ok := files[name]; !ok {
					t.Errorf("the administrator's bundle lacks %s", name)
				}
			}
			// Each zone's progress report, as the API gives it.
			for _, z := range []string{"LY", "LY-N"} {
				want := string(c.do("GET", "/api/v1/zones/"+z+"/progress.csv?framework=igmc&year=2019", "", 200, nil))
				if got, ok := files["progress/"+z+".csv"]; !ok || got != want {
					t.Errorf("the bundle's progress/%s.csv differs from the API's progress report:\n%s\nwant:\n%s", z, got, want)
				}
			}
			// The data-quality report, as the API gives it.
			if want := string(c.do("GET", "/api/v1/quality.csv?framework=igmc&year=2019", "", 200, nil)); files["quality.csv"] != want {
				t.Errorf("the bundle's quality.csv differs from the API's:\n%s\nwant:\n%s", files["quality.csv"], want)
			}
			// The year's SDMX files, as the API gives them (the structure
			// but for the time it was prepared).
			if want := string(c.do("GET", "/api/v1/exports/sdmx.csv?framework=igmc&year=2019", "", 200, nil)); files["sdmx.csv"] != want || !strings.Contains(want, ",LY,SPC-01,2019,") {
				t.Errorf("the bundle's sdmx.csv differs from the API's:\n%s\nwant:\n%s", files["sdmx.csv"], want)
			}
			prepared := regexp.MustCompile(`<mes:Prepared>[^<]*</mes:Prepared>`)
			want := string(c.do("GET", "/api/v1/exports/sdmx-structure.xml?framework=igmc", "", 200, nil))
			if got := files["sdmx-structure.xml"]; got == "" || prepared.ReplaceAllString(got, "") != prepared.ReplaceAllString(want, "") {
				t.Errorf("the bundle's sdmx-structure.xml differs from the API's:\n%.500s\nwant:\n%.500s", got, want)
			}
			if !strings.HasPrefix(files["audit.csv"], strings.Join(reports.AuditColumns, ",")+"\n") {
				t.Errorf("audit.csv does not start with the audit columns:\n%.200s", files["audit.csv"])
			}
		})
		t.Run("year_required_422", func(t *testing.T) {
			c.do("GET", "/api/v1/exports/bundle.zip?framework=igmc", "", 422, nil)
		})
		t.Run("unknown_framework_404", func(t *testing.T) {
			c.do("GET", "/api/v1/exports/bundle.zip?framework=nope&year=2019", "", 404, nil)
		})
	})
}
