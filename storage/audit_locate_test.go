package storage_test

import (
	"fmt"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// wantNamed fails unless the report names the zone, indicator, period and
// version of the value that was changed.
func wantNamed(t *testing.T, s *storage.Store, parts ...string) indicators.VerifyReport {
	t.Helper()
	rep := verify(t, s)
	if rep.OK || rep.Measurement == 0 {
		t.Fatalf("the change was not located: %+v", rep)
	}
	for _, p := range parts {
		if !strings.Contains(rep.Problem, p) {
			t.Fatalf("the problem does not say %q: %s", p, rep.Problem)
		}
	}
	return rep
}

func TestAuditVerifyNamesTheChangedValue(t *testing.T) {
	const batch = "zone_code,indicator_code,period,value\nLY,SPC-01,2016,70\nLY,SPC-01,2017,80\nLY,SPC-01,2018,86\nLY,SPC-03,2018,9000\n"
	for _, e := range storagetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			open := func(t *testing.T) (*storage.Store, string) {
				s, url := storagetest.OpenURL(t, e)
				addZones(t, s, "LY,Liuyang ETDZ,,")
				if _, err := importCSV(s, batch, indicators.ImportOptions{}); err != nil {
					t.Fatal(err)
				}
				if rep := verify(t, s); !rep.OK {
					t.Fatalf("a fresh import does not verify: %+v", rep)
				}
				return s, url
			}
			t.Run("first_load", func(t *testing.T) {
				s, url := open(t)
				storagetest.MustExec(t, url, "UPDATE measurements SET value = 87 WHERE period = '2017'")
				wantNamed(t, s, "LY", "SPC-01", "2017", "version 1")
			})
			t.Run("quality_of_an_imported_value", func(t *testing.T) {
				s, url := open(t)
				storagetest.MustExec(t, url, "UPDATE measurements SET quality = 'estimated' WHERE period = '2016'")
				wantNamed(t, s, "LY", "SPC-01", "2016")
			})
			t.Run("second_import", func(t *testing.T) {
				// A second import goes through the staging table.
				s, url := open(t)
				if _, err := importCSV(s, strings.Replace(batch, "9000", "9100", 1), indicators.ImportOptions{}); err != nil {
					t.Fatal(err)
				}
				if rep := verify(t, s); !rep.OK {
					t.Fatalf("%+v", rep)
				}
				storagetest.MustExec(t, url, "UPDATE measurements SET value = 9200 WHERE period = '2018' AND value = 9100")
				wantNamed(t, s, "LY", "SPC-03", "2018", "version 2")
			})
			t.Run("revision_of_an_import", func(t *testing.T) {
				s, url := open(t)
				if _, err := importCSV(s, strings.Replace(batch, "9000", "9100", 1), indicators.ImportOptions{}); err != nil {
					t.Fatal(err)
				}
				storagetest.MustExec(t, url, "UPDATE measurement_revisions SET value = 1 WHERE value = 9000")
				wantNamed(t, s, "LY", "SPC-03", "2018", "version 1")
			})
			t.Run("value_saved_singly", func(t *testing.T) {
				s, url := open(t)
				m, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-03", Period: "2019",
					Value: 9460, Explanation: "new meter"}, person("admin@x", indicators.RoleAdmin))
				if err != nil {
					t.Fatal(err)
				}
				if rep := verify(t, s); !rep.OK {
					t.Fatalf("%+v", rep)
				}
				for _, q := range []string{"value = 9461", "quality = 'estimated'", "explanation = 'old meter'"} {
					storagetest.MustExec(t, url, fmt.Sprintf("UPDATE measurements SET %s WHERE id = %d", q, m.ID))
					if rep := wantNamed(t, s, "LY", "SPC-03", "2019", "version 1"); rep.Measurement != m.ID {
						t.Fatalf("%s: %+v", q, rep)
					}
					storagetest.MustExec(t, url, fmt.Sprintf("UPDATE measurements SET value = 9460, quality = '', explanation = 'new meter' WHERE id = %d", m.ID))
					if rep := verify(t, s); !rep.OK {
						t.Fatalf("restored, it should verify again: %+v", rep)
					}
				}
			})
		})
	}
}
