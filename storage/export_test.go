package storage_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/reports"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// TestExportOrderAndBytes exports the demo, with earlier versions of a few
// values, and checks the files byte for byte against digests taken from
// the export as first written, on both engines, so that a faster export
// can never change a file; and it checks the documented order (zone code,
// indicator in catalogue order, period, version) row by row.
func TestExportOrderAndBytes(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		if _, _, err := s.LoadDemo(ctx, indicators.System); err != nil {
			t.Fatal(err)
		}
		// Two edits of one value and one of another leave three earlier
		// versions for the history export.
		page, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY-EIT", Indicator: "ENV-02", Limit: 2})
		if err != nil || len(page.Items) != 2 {
			t.Fatalf("demo values: %v %v", page.Items, err)
		}
		for i, m := range page.Items {
			for n := 0; n <= 1-i; n++ {
				in := indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: m.ZoneCode, IndicatorCode: m.IndicatorCode,
					Period: m.Period, Value: m.Value + float64(n+1)/8, Source: "revised, \"checked\"", Comment: " leading space"}
				if m, err = s.UpdateMeasurement(ctx, m.ID, in, m.Version, as("editor@example.org")); err != nil {
					t.Fatal(err)
				}
			}
		}
		catalogue, err := s.Catalogue(ctx, "igmc")
		if err != nil {
			t.Fatal(err)
		}
		position := map[string]int{}
		for i, ind := range catalogue.Indicators {
			position[ind.Code] = i
		}
		for _, c := range []struct {
			name    string
			filter  indicators.MeasurementFilter
			history bool
			rows    int
			sha256  string
		}{
			{"all", indicators.MeasurementFilter{Framework: "igmc"}, false, 2432, "7f504ac3a5d6825d35913a9f7d54807289fd057f8bf5597178aae7857d057c87"},
			{"all_history", indicators.MeasurementFilter{Framework: "igmc"}, true, 2435, "a47c46f060be6e51dd8a3f620d131d7bf7c859311c50e80c220d5b3a891f630e"},
			{"zone", indicators.MeasurementFilter{Framework: "igmc", Zone: "LY-EIT"}, true, 611, "f7298b0cd2a3db74b13393bd1427a4c10f6ccac214058420a228de23d4b60dc4"},
			{"scope", indicators.MeasurementFilter{Framework: "igmc", Zones: []string{"LY-FOOD", "LY-BIO"}}, false, 1216, "98308b56939107999c4b440445f57a9992ef4cf6e91541708af7afdcdfc060f3"},
			{"no_zones", indicators.MeasurementFilter{Framework: "igmc", Zones: []string{}}, true, 0, "5a2d9b59fe39c99d8ed3dab2f20bc3d13de61673614031533722cd164d87891c"},
		} {
			t.Run(c.name, func(t *testing.T) {
				var buf bytes.Buffer
				ew, err := reports.NewExportWriter(&buf, c.history)
				if err != nil {
					t.Fatal(err)
				}
				if err := s.ExportMeasurements(ctx, c.filter, c.history, ew.Write); err != nil {
					t.Fatal(err)
				}
				if err := ew.Flush(); err != nil {
					t.Fatal(err)
				}
				recs, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				checkExportOrder(t, recs[1:], position)
				sum := sha256.Sum256(buf.Bytes())
				if got := hex.EncodeToString(sum[:]); len(recs)-1 != c.rows || got != c.sha256 {
					t.Errorf("%d rows, sha256 %s; want %d rows, %s", len(recs)-1, got, c.rows, c.sha256)
				}
			})
		}
		// With the catalogue reordered the indicator ids no longer follow
		// the positions, and the export sorts by position instead.
		t.Run("reordered_catalogue", func(t *testing.T) {
			storagetest.MustExec(t, s.URL(), "UPDATE indicators SET position = position + 1000 WHERE code = 'SPC-01'")
			moved := maps.Clone(position)
			moved["SPC-01"] = len(position)
			for _, history := range []bool{false, true} {
				var buf bytes.Buffer
				ew, _ := reports.NewExportWriter(&buf, history)
				if err := s.ExportMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY"}, history, ew.Write); err != nil {
					t.Fatal(err)
				}
				if err := ew.Flush(); err != nil {
					t.Fatal(err)
				}
				recs, err := csv.NewReader(&buf).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				checkExportOrder(t, recs[1:], moved)
				if last := recs[len(recs)-1]; last[1] != "SPC-01" || len(recs) != 609 {
					t.Fatalf("history %v: %d rows, the last %v; want 608 rows ending with SPC-01", history, len(recs)-1, last)
				}
			}
		})
	})
}

// checkExportOrder fails unless the rows go by zone code (bytewise), then
// indicator position, period and version, each key strictly increasing.
func checkExportOrder(t *testing.T, recs [][]string, position map[string]int) {
	t.Helper()
	key := func(r []string) []string {
		v, _ := strconv.Atoi(r[7])
		return []string{r[0], strconv.Itoa(10000 + position[r[1]]), r[2], strconv.Itoa(100000 + v)}
	}
	for i := 1; i < len(recs); i++ {
		a, b := key(recs[i-1]), key(recs[i])
		if slices.Compare(a, b) >= 0 {
			t.Fatalf("row %d %v comes after row %d %v", i+1, strings.Join(recs[i], ","), i, strings.Join(recs[i-1], ","))
		}
	}
}

// TestExportDoesNotHoldUpWriters: a value written while an export runs is
// saved at once (on SQLite the export must not take the write lock), and
// the running export does not see it, since it reads one snapshot.
func TestExportDoesNotHoldUpWriters(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		if _, _, err := s.LoadDemo(ctx, indicators.System); err != nil {
			t.Fatal(err)
		}
		f := indicators.MeasurementFilter{Framework: "igmc", Zone: "LY-FOOD"}
		rows := 0
		err := s.ExportMeasurements(ctx, f, false, func(r *indicators.ExportRow) error {
			rows++
			if rows == 1 {
				_, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY-FOOD",
					IndicatorCode: "SPC-01", Period: "2021", Value: 50}, as("officer@example.org"))
				return err
			}
			return nil
		})
		if err != nil {
			t.Fatalf("a write during the export: %v", err)
		}
		after := 0
		if err := s.ExportMeasurements(ctx, f, false, func(*indicators.ExportRow) error { after++; return nil }); err != nil {
			t.Fatal(err)
		}
		if after != rows+1 {
			t.Fatalf("the export saw %d rows, the next one %d: want the new value in the second only", rows, after)
		}
	})
}
