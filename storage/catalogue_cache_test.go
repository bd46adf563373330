package storage_test

import (
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// TestCatalogueCache: the catalogue is read once until a catalogue
// changes; every caller gets its own copy, and a change shows at once.
func TestCatalogueCache(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		first, err := s.Catalogue(ctx, "igmc")
		if err != nil {
			t.Fatal(err)
		}
		name := first.Indicators[0].NameEn
		// A caller changing its copy changes nobody else's.
		first.Indicators[0].NameEn = "scribbled"
		first.Perspectives[0].Categories[0].NameEn = "scribbled"
		first.Indicators = first.Indicators[:1]
		again, err := s.Catalogue(ctx, "igmc")
		if err != nil {
			t.Fatal(err)
		}
		if again.Indicators[0].NameEn != name || again.Perspectives[0].Categories[0].NameEn == "scribbled" || len(again.Indicators) < 2 {
			t.Fatal("a change to one caller's catalogue reached the next caller")
		}
		// An imported change shows in the very next read.
		again.Indicators[0].NameEn = "Renamed"
		f, err := s.Framework(ctx, "igmc")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportCatalogue(ctx, f, again, indicators.System); err != nil {
			t.Fatal(err)
		}
		now, err := s.Catalogue(ctx, "igmc")
		if err != nil || now.Indicators[0].NameEn != "Renamed" {
			t.Fatalf("after the import the catalogue says %q (%v)", now.Indicators[0].NameEn, err)
		}
	})
}
