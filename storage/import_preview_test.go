package storage_test

import (
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// TestImportPreview: a dry run asked for a preview lists the first new and
// changed values by line, with the stored value each change replaces, on
// both paths (PostgreSQL's first load, which stages nothing, and the
// staging table), and counts the rest; rows without a value are skipped.
func TestImportPreview(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "LY,Liuyang ETDZ,浏阳经开区,", "LY-N,North,北区,LY")

		t.Run("first_load_lists_the_first_rows", func(t *testing.T) {
			res, err := importCSV(s, goodFile, indicators.ImportOptions{DryRun: true, Preview: 2})
			if err != nil {
				t.Fatal(err)
			}
			if res.New != 5 || res.Preview == nil || len(res.Preview.NewValues) != 2 || len(res.Preview.ChangedValues) != 0 {
				t.Fatalf("preview = %+v", res)
			}
			want := indicators.ImportChange{Line: 2, ZoneCode: "LY", IndicatorCode: "SPC-01", Period: "2019", Value: 80, Source: "Zone land bureau"}
			if got := res.Preview.NewValues[0]; got != want || res.Preview.NewValues[1].Line != 3 {
				t.Fatalf("first new value %+v, want %+v; second on line %d", got, want, res.Preview.NewValues[1].Line)
			}
			plain, err := importCSV(s, goodFile, indicators.ImportOptions{DryRun: true})
			if err != nil || plain.Preview != nil {
				t.Fatalf("a dry run without Preview lists values: %+v, %v", plain, err)
			}
		})

		if _, err := importCSV(s, goodFile, indicators.ImportOptions{}); err != nil {
			t.Fatal(err)
		}

		t.Run("changes_show_the_stored_value", func(t *testing.T) {
			file := "zone_code,indicator_code,period,value,source,comment\n" +
				"LY,SPC-01,2019,80,Zone land bureau,\n" + // 2 unchanged
				"LY,SPC-01,2020,86.5,,\n" + // 3 changed: 85 → 86.5
				"LY,SPC-08,2019-Q1,12,Survey,\n" + // 4 changed: the source only
				"LY,SPC-08,2019-Q2,,,\n" + // 5 no value: skipped
				"LY,ENV-01,2019-02,40,,\n" // 6 new
			res, err := importCSV(s, file, indicators.ImportOptions{DryRun: true, Preview: 10})
			if err != nil {
				t.Fatal(err)
			}
			if res.Rows != 4 || res.New != 1 || res.Changed != 2 || res.Unchanged != 1 || res.Skipped != 1 {
				t.Fatalf("counts %+v", res)
			}
			p := res.Preview
			if p == nil || len(p.ChangedValues) != 2 || len(p.NewValues) != 1 {
				t.Fatalf("preview %+v", p)
			}
			c := p.ChangedValues[0]
			if c.Line != 3 || c.IndicatorCode != "SPC-01" || c.Period != "2020" || c.Value != 86.5 || c.Old == nil || c.Old.Value != 85 {
				t.Errorf("first change %+v (old %+v)", c, c.Old)
			}
			if c := p.ChangedValues[1]; c.Line != 4 || c.Value != 12 || c.Old.Value != 12 || c.Old.Source != "" || c.Source != "Survey" {
				t.Errorf("second change %+v (old %+v)", c, c.Old)
			}
			if n := p.NewValues[0]; n.Line != 6 || n.Period != "2019-02" || n.Value != 40 || n.Old != nil {
				t.Errorf("new value %+v", n)
			}
		})

		t.Run("only_blank_values_is_refused", func(t *testing.T) {
			_, err := importCSV(s, "zone_code,indicator_code,period,value\nLY,SPC-01,2021,\nLY,SPC-02,2021, \n", indicators.ImportOptions{DryRun: true})
			e := domainErr(t, err, indicators.Invalid)
			if len(e.Fields) != 1 || e.Fields[0].Code != "no_values" || e.Fields[0].Args["skipped"] != "2" {
				t.Fatalf("fields %+v", e.Fields)
			}
		})
	})
}
