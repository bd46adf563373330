package storage

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"igmc/indicators"
)

// TestEventZonesBackfill: a database upgraded to the table of an event's
// zones gets the zones of the imports already recorded, from the values
// they wrote, so an officer of a zone reads those imports after the
// upgrade too.
func TestEventZonesBackfill(t *testing.T) {
	ctx := context.Background()
	lite, err := Open(ctx, Options{DatabaseURL: "sqlite:" + filepath.Join(t.TempDir(), "z.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	stores := []*Store{lite}
	if pg := os.Getenv("IGMC_TEST_POSTGRES_URL"); pg != "" {
		stores = append(stores, openFreshPostgres(t, pg))
	}
	for _, s := range stores {
		t.Run(string(s.engine), func(t *testing.T) {
			if _, err := s.Seed(ctx); err != nil {
				t.Fatal(err)
			}
			zs, err := indicators.ReadZones(indicators.NewCSVRows(strings.NewReader("code,name_en,name_zh,parent_code\nLY,Liuyang,,\nOT,Other,,\nXX,Elsewhere,,\n")))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.ImportZones(ctx, zs, indicators.System); err != nil {
				t.Fatal(err)
			}
			// The first import is a first load (COPY on PostgreSQL), the
			// second goes through staging and changes one value.
			for _, file := range []string{"LY,SPC-01,2018,80\nOT,SPC-01,2018,70\n", "LY,SPC-01,2018,80\nOT,SPC-01,2018,72\n"} {
				_, err := s.ImportMeasurements(ctx, indicators.NewCSVRows(strings.NewReader("zone_code,indicator_code,period,value\n"+file)),
					indicators.ImportOptions{Framework: "igmc"})
				if err != nil {
					t.Fatal(err)
				}
			}
			sqlDB, err := s.db.DB()
			if err != nil {
				t.Fatal(err)
			}
			p, err := s.migrations(sqlDB)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.DownTo(ctx, 8); err != nil {
				t.Fatal(err)
			}
			if _, err := p.UpTo(ctx, 9); err != nil {
				t.Fatal(err)
			}
			imports := indicators.AuditFilter{Entity: "measurements"}
			// The first import wrote values of both zones; the second wrote
			// only OT's (LY's value was unchanged), so only OT is known.
			for _, c := range []struct {
				zone string
				want int64
			}{{"OT", 2}, {"LY", 1}, {"XX", 0}} {
				page, err := s.ListAuditEvents(ctx, imports, []string{c.zone})
				if err != nil {
					t.Fatal(err)
				}
				if page.Total != c.want {
					t.Errorf("after the upgrade an officer of %s reads %d imports, want %d", c.zone, page.Total, c.want)
				}
			}
		})
	}
}
