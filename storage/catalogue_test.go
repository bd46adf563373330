package storage_test

import (
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

func readCat(t *testing.T, csv string) *indicators.Catalogue {
	t.Helper()
	cat, err := indicators.ReadCatalogue(indicators.NewCSVRows(strings.NewReader(csv)))
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

const smallCatalogue = "perspective_code,perspective_name_en,category_code,indicator_code,name_en,unit,frequency,aggregation,best,worst,points\n" +
	"air,Air,air.pm,PM,PM2.5,µg/m³,monthly,mean,10,75,5\n" +
	"air,Air,air.pm,NO2,NO2,µg/m³,annual,,10,60,5\n" +
	"water,Water,,SAFE,Safe water,%,annual,,100,50,10\n"

func TestCatalogue(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		t.Run("seed_runs_once_and_keeps_changes", func(t *testing.T) {
			cat, err := s.Catalogue(ctx, "igmc")
			if err != nil {
				t.Fatal(err)
			}
			n := len(cat.Indicators)
			cat.Indicators = cat.Indicators[1:]
			if _, err := s.ImportCatalogue(ctx, indicators.Framework{Code: "igmc"}, cat, indicators.System); err != nil {
				t.Fatal(err)
			}
			seeded, err := s.Seed(ctx)
			if err != nil || seeded {
				t.Fatalf("second seed: seeded=%v err=%v", seeded, err)
			}
			again, _ := s.Catalogue(ctx, "igmc")
			if len(again.Indicators) != n-1 {
				t.Fatalf("seed overwrote an administrator's change: %d indicators, want %d", len(again.Indicators), n-1)
			}
			fw, _ := s.Framework(ctx, "igmc")
			if len(fw.GradeBands) != 2 || fw.GradeBands[0].Min != 280 || fw.GradeBands[1].Min != 245 {
				t.Fatalf("grade bands %+v", fw.GradeBands)
			}
		})
		t.Run("new_framework_from_file", func(t *testing.T) {
			res, err := s.ImportCatalogue(ctx, indicators.Framework{Code: "city"}, readCat(t, smallCatalogue), indicators.System)
			if err != nil {
				t.Fatal(err)
			}
			if !res.Created || res.New != 3 || res.Perspectives != 2 || res.Categories != 1 {
				t.Fatalf("result %+v", res)
			}
			again, err := s.ImportCatalogue(ctx, indicators.Framework{Code: "city"}, readCat(t, smallCatalogue), indicators.System)
			if err != nil || again.Unchanged != 3 || again.Created {
				t.Fatalf("re-import %+v, %v", again, err)
			}
		})
		t.Run("removing_an_indicator_with_values_is_refused", func(t *testing.T) {
			addZones(t, s, "C1,City one,,")
			if _, err := importCSV(s, "zone_code,indicator_code,period,value\nC1,SAFE,2019,90\n", indicators.ImportOptions{Framework: "city"}); err != nil {
				t.Fatal(err)
			}
			without := strings.Join(strings.Split(smallCatalogue, "\n")[:3], "\n") + "\n"
			_, err := s.ImportCatalogue(ctx, indicators.Framework{Code: "city"}, readCat(t, without), indicators.System)
			e := domainErr(t, err, indicators.Conflict)
			if !strings.Contains(e.Message, "SAFE") {
				t.Fatalf("message %q does not name SAFE", e.Message)
			}
			cat, _ := s.Catalogue(ctx, "city")
			if len(cat.Indicators) != 3 {
				t.Fatalf("a refused import changed the catalogue: %d indicators", len(cat.Indicators))
			}
		})
		t.Run("removing_an_unused_indicator", func(t *testing.T) {
			lines := strings.Split(smallCatalogue, "\n")
			without := lines[0] + "\n" + lines[1] + "\n" + lines[3] + "\n"
			res, err := s.ImportCatalogue(ctx, indicators.Framework{Code: "city"}, readCat(t, without), indicators.System)
			if err != nil || res.Removed != 1 {
				t.Fatalf("result %+v, %v", res, err)
			}
		})
		t.Run("frequency_of_a_used_indicator_cannot_change", func(t *testing.T) {
			changed := strings.Replace(smallCatalogue, "SAFE,Safe water,%,annual,", "SAFE,Safe water,%,quarterly,mean", 1)
			_, err := s.ImportCatalogue(ctx, indicators.Framework{Code: "city"}, readCat(t, changed), indicators.System)
			domainErr(t, err, indicators.Conflict)
		})
	})
}

func TestZones(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		t.Run("parents_anywhere_in_the_file", func(t *testing.T) {
			addZones(t, s, "LY-N,North,北区,LY", "LY,Liuyang ETDZ,浏阳经开区,")
			z, err := s.Zone(ctx, "LY-N")
			if err != nil || z.ParentCode != "LY" || z.NameZh != "北区" {
				t.Fatalf("zone %+v, %v", z, err)
			}
		})
		t.Run("unknown_parent", func(t *testing.T) {
			_, err := s.ImportZones(ctx, []indicators.Zone{{Code: "A", NameEn: "A", ParentCode: "NOPE"}}, indicators.System)
			e := domainErr(t, err, indicators.Invalid)
			if e.Fields[0].Line != 2 || e.Fields[0].Field != "parent_code" {
				t.Fatalf("fields %+v", e.Fields)
			}
		})
		t.Run("cycle_is_refused", func(t *testing.T) {
			_, err := s.ImportZones(ctx, []indicators.Zone{{Code: "LY", NameEn: "Liuyang ETDZ", ParentCode: "LY-N"}}, indicators.System)
			domainErr(t, err, indicators.Invalid)
			z, _ := s.Zone(ctx, "LY")
			if z.ParentCode != "" {
				t.Fatalf("a refused import changed LY's parent to %q", z.ParentCode)
			}
		})
		t.Run("create_duplicate_is_a_conflict", func(t *testing.T) {
			err := s.CreateZone(ctx, indicators.Zone{Code: "LY", NameEn: "Again"}, indicators.System)
			domainErr(t, err, indicators.Conflict)
		})
		t.Run("reimport_counts_changes", func(t *testing.T) {
			res, err := s.ImportZones(ctx, []indicators.Zone{{Code: "LY", NameEn: "Liuyang ETDZ", NameZh: "浏阳经开区"}, {Code: "LY-N", NameEn: "North part", NameZh: "北区", ParentCode: "LY"}}, indicators.System)
			if err != nil || res.Unchanged != 1 || res.Changed != 1 {
				t.Fatalf("result %+v, %v", res, err)
			}
		})
	})
}

func TestExportMeasurements(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "LY,Liuyang ETDZ,,", "LZ,Other,,")
		if _, err := importCSV(s, goodFile[:strings.Index(goodFile, "LY-N")]+"LZ,SPC-01,2019,1,,\n", indicators.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := importCSV(s, "zone_code,indicator_code,period,value\nLY,SPC-01,2019,81\n", indicators.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		var rows []indicators.ExportRow
		collect := func(r *indicators.ExportRow) error { rows = append(rows, *r); return nil }
		if err := s.ExportMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY"}, false, collect); err != nil {
			t.Fatal(err)
		}
		if len(rows) != 4 || rows[0].IndicatorCode != "SPC-01" || rows[0].Period != "2019" || rows[0].Value != 81 {
			t.Fatalf("current rows %+v", rows)
		}
		rows = nil
		if err := s.ExportMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY"}, true, collect); err != nil {
			t.Fatal(err)
		}
		if len(rows) != 5 || rows[0].Value != 80 || rows[0].Current || rows[1].Value != 81 || !rows[1].Current {
			t.Fatalf("rows with history %+v", rows[:2])
		}
		err := s.ExportMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "NOPE"}, false, collect)
		domainErr(t, err, indicators.NotFound)
	})
}
