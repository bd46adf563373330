package storage_test

import (
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// TestImportEventSeenByZonesItTouched imports one file for two zones and
// wants its event (which has no single zone) read by the officers of
// either zone, in the list and in the export, and not by a third zone's.
func TestImportEventSeenByZonesItTouched(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "LY,Liuyang ETDZ,,", "OT,Other,,", "XX,Elsewhere,,")
		if _, err := importCSV(s, "zone_code,indicator_code,period,value\nOT,SPC-01,2018,70\nLY,SPC-01,2018,80\nOT,SPC-01,2019,71\n", indicators.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		// A one-zone import keeps its zone as before.
		if _, err := importCSV(s, "zone_code,indicator_code,period,value\nXX,SPC-01,2018,60\n", indicators.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		imports := indicators.AuditFilter{Entity: "measurements"}
		for _, c := range []struct {
			zones []string
			want  []string // the zone_codes each event recorded
		}{
			{[]string{"OT"}, []string{`"zone_codes":["LY","OT"]`}},
			{[]string{"LY"}, []string{`"zone_codes":["LY","OT"]`}},
			{[]string{"XX"}, []string{`"zone_codes":["XX"]`}},
			{[]string{"LY", "XX"}, []string{`"zone_codes":["LY","OT"]`, `"zone_codes":["XX"]`}},
			{[]string{}, nil},
			{nil, []string{`"zone_codes":["LY","OT"]`, `"zone_codes":["XX"]`}},
		} {
			page, err := s.ListAuditEvents(ctx, imports, c.zones)
			if err != nil {
				t.Fatal(err)
			}
			var exported []string
			err = s.ExportAudit(ctx, c.zones, func(e *indicators.AuditEvent) error {
				if e.Entity == "measurements" {
					exported = append(exported, e.NewValue)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if int(page.Total) != len(c.want) || len(page.Items) != len(c.want) || len(exported) != len(c.want) {
				t.Fatalf("zones %v: %d listed (total %d), %d exported; want %d", c.zones, len(page.Items), page.Total, len(exported), len(c.want))
			}
			for i, w := range c.want {
				if !strings.Contains(page.Items[i].NewValue, w) || exported[i] != page.Items[i].NewValue {
					t.Errorf("zones %v: event %d records %s; want %s", c.zones, i, page.Items[i].NewValue, w)
				}
			}
		}
		if rep, err := s.VerifyAudit(ctx); err != nil || !rep.OK {
			t.Fatalf("the trail does not verify: %+v %v", rep, err)
		}
	})
}
