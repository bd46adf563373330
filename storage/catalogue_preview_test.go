package storage_test

import (
	"context"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// TestPreviewCatalogueCountsAsTheImport: the preview's counts are those
// the import then reports, and it writes nothing.
func TestPreviewCatalogueCountsAsTheImport(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		head := "perspective_code,perspective_name_en,indicator_code,name_en,unit,best,worst,weight\n"
		read := func(csv string) *indicators.Catalogue {
			cat, err := indicators.ReadCatalogue(indicators.NewCSVRows(strings.NewReader(head + csv)))
			if err != nil {
				t.Fatal(err)
			}
			return cat
		}
		fw := indicators.Framework{Code: "city", NameEn: "City"}
		first := read("env,Env,A,Air,%,10,80,1\nenv,Env,B,Water,%,100,0,1\nenv,Env,C,Soil,%,100,0,1\n")
		p, err := s.PreviewCatalogue(ctx, "city", first)
		if err != nil || !p.Created || p.New != 3 || len(p.Adds) != 3 {
			t.Fatalf("preview of a new framework: %+v, %v", p, err)
		}
		if _, err := s.Framework(ctx, "city"); indicators.CodeOf(err) != indicators.NotFound {
			t.Fatalf("the preview wrote the framework: %v", err)
		}
		if _, err := s.ImportCatalogue(ctx, fw, first, indicators.System); err != nil {
			t.Fatal(err)
		}
		next := read("env,Env,A,Air,%,10,80,1\nenv,Env,B,Water quality,%,100,0,1\nenv,Env,D,Noise,dB,40,80,1\n")
		p, err = s.PreviewCatalogue(ctx, "city", next)
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.ImportCatalogue(ctx, fw, next, indicators.System)
		if err != nil {
			t.Fatal(err)
		}
		if p.New != res.New || p.Changed != res.Changed || p.Unchanged != res.Unchanged || p.Removed != res.Removed || p.New != 1 || p.Changed != 1 || p.Unchanged != 1 || p.Removed != 1 {
			t.Errorf("preview %+v, import %+v", p.CatalogueResult, res)
		}
		if len(p.Removals) != 1 || p.Removals[0].Code != "C" || len(p.Blocked) != 0 {
			t.Errorf("removals %+v, blocked %+v", p.Removals, p.Blocked)
		}
	})
}
