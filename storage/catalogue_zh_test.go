package storage_test

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

const zhCatalogue = "perspective_code,perspective_name_en,indicator_code,name_en,name_zh,unit,unit_zh,frequency,best,worst,points,source,source_zh,definition,definition_zh\n" +
	"air,Air,PM,PM2.5,细颗粒物,µg/m³,微克/立方米,annual,10,75,5,Monitoring station,监测站,Annual mean,年平均浓度\n" +
	"air,Air,NO2,NO2,二氧化氮,µg/m³,,annual,10,60,5,Station,,Only English,\n"

// TestCatalogueChineseTexts imports a catalogue with unit_zh, source_zh
// and definition_zh, and reads it back from the database (through a second
// store, so no cache answers): the Chinese texts are kept, absent ones stay
// empty, the export writes the same file, and a change of a Chinese text
// alone counts as a change.
func TestCatalogueChineseTexts(t *testing.T) {
	for _, e := range storagetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			s, url := storagetest.OpenURL(t, e)
			cat := readCat(t, zhCatalogue)
			if _, err := s.ImportCatalogue(ctx, indicators.Framework{Code: "zh"}, cat, indicators.System); err != nil {
				t.Fatal(err)
			}
			other, err := storage.Open(ctx, storage.Options{DatabaseURL: url, PasswordCost: bcrypt.MinCost})
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			got, err := other.Catalogue(ctx, "zh")
			if err != nil {
				t.Fatal(err)
			}
			pm, no2 := got.Indicators[0], got.Indicators[1]
			if pm.UnitZh != "微克/立方米" || pm.SourceZh != "监测站" || pm.DefinitionZh != "年平均浓度" {
				t.Fatalf("PM read back as unit_zh %q source_zh %q definition_zh %q", pm.UnitZh, pm.SourceZh, pm.DefinitionZh)
			}
			if no2.UnitZh != "" || no2.SourceZh != "" || no2.DefinitionZh != "" {
				t.Fatalf("NO2 has Chinese texts it was not given: %+v", no2)
			}
			var want, have bytes.Buffer
			if err := indicators.WriteCatalogue(&want, cat); err != nil {
				t.Fatal(err)
			}
			if err := indicators.WriteCatalogue(&have, got); err != nil {
				t.Fatal(err)
			}
			if want.String() != have.String() {
				t.Fatalf("the stored catalogue exports as\n%s\nwant\n%s", have.String(), want.String())
			}
			changed := readCat(t, strings.Replace(zhCatalogue, "年平均浓度", "年均浓度", 1))
			res, err := s.ImportCatalogue(ctx, indicators.Framework{Code: "zh"}, changed, indicators.System)
			if err != nil {
				t.Fatal(err)
			}
			if res.Changed != 1 || res.Unchanged != 1 {
				t.Fatalf("a changed definition_zh gave %+v, want 1 changed and 1 unchanged", res)
			}
			again, err := s.Catalogue(ctx, "zh")
			if err != nil || again.Indicators[0].DefinitionZh != "年均浓度" {
				t.Fatalf("after the change: %+v, %v", again.Indicators[0], err)
			}
		})
	}
}

// TestPilotCatalogueStoredInChinese checks that the seeded pilot catalogue
// carries its Chinese units, definitions and sources through the store.
func TestPilotCatalogueStoredInChinese(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		cat, err := s.Catalogue(ctx, "igmc")
		if err != nil {
			t.Fatal(err)
		}
		for _, ind := range cat.Indicators {
			if ind.UnitZh == "" || ind.SourceZh == "" || ind.DefinitionZh == "" {
				t.Errorf("%s lost a Chinese text in the store: %q %q %q", ind.Code, ind.UnitZh, ind.SourceZh, ind.DefinitionZh)
			}
		}
	})
}
