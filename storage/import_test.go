package storage_test

import (
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// The pilot catalogue has SPC-01 (annual, 0..100), SPC-08 (quarterly) and
// ENV-01 (monthly).
const goodFile = "zone_code,indicator_code,period,value,source,comment\n" +
	"LY,SPC-01,2019,80,Zone land bureau,\n" +
	"LY,SPC-01,2020,85,,\n" +
	"LY,SPC-08,2019-Q1,12,,\n" +
	"LY,ENV-01,2019-01,41.5,,winter\n" +
	"LY-N,SPC-01,2019,70,,\n"

const badFile = "zone_code,indicator_code,period,value\n" +
	"LY,SPC-01,2019,80\n" + // 2 fine on its own
	"LY,NOPE,2019,1\n" + // 3 unknown indicator
	"XX,SPC-01,2019,1\n" + // 4 unknown zone
	"LY,SPC-01,2019-Q1,1\n" + // 5 period does not match
	"LY,SPC-01,2018,eighty\n" + // 6 not a number
	"LY,SPC-01,2017,150\n" + // 7 outside min/max
	"LY,SPC-01,2019,81\n" // 8 duplicate of line 2

func TestImportMeasurements(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "LY,Liuyang ETDZ,浏阳经开区,", "LY-N,North,北区,LY")

		t.Run("bad_file_lists_every_bad_line_and_writes_nothing", func(t *testing.T) {
			_, err := importCSV(s, badFile, indicators.ImportOptions{})
			e := domainErr(t, err, indicators.Invalid)
			want := map[int][2]string{
				3: {"indicator_code", "unknown_indicator"}, 4: {"zone_code", "unknown_zone"}, 5: {"period", "period_mismatch"},
				6: {"value", "not_a_number"}, 7: {"value", "out_of_range"}, 8: {"period", "duplicate"},
			}
			if len(e.Fields) != len(want) {
				t.Errorf("%d errors, want %d: %+v", len(e.Fields), len(want), e.Fields)
			}
			for _, f := range e.Fields {
				if w, ok := want[f.Line]; !ok || w[0] != f.Field || w[1] != f.Code || f.Message == "" {
					t.Errorf("unexpected error %+v", f)
				}
			}
			if n := count(t, s, indicators.MeasurementFilter{}); n != 0 {
				t.Fatalf("%d measurements written by a refused file", n)
			}
		})

		t.Run("dry_run_counts_and_writes_nothing", func(t *testing.T) {
			res, err := importCSV(s, goodFile, indicators.ImportOptions{DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			if res.Rows != 5 || res.New != 5 || res.Changed != 0 || res.Unchanged != 0 || res.Skipped != 0 || !res.DryRun || res.Preview != nil || res.Warned != 0 || len(res.Warnings) != 0 {
				t.Fatalf("dry run = %+v", res)
			}
			if n := count(t, s, indicators.MeasurementFilter{}); n != 0 {
				t.Fatalf("a dry run wrote %d measurements", n)
			}
		})

		t.Run("good_file_imports_as_submitted", func(t *testing.T) {
			res, err := importCSV(s, goodFile, indicators.ImportOptions{By: as("tester")})
			if err != nil {
				t.Fatal(err)
			}
			if res.New != 5 || res.Changed != 0 || res.Unchanged != 0 {
				t.Fatalf("import = %+v", res)
			}
			p, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Zone: "LY", Indicator: "ENV-01"})
			if err != nil || len(p.Items) != 1 {
				t.Fatalf("list = %+v, %v", p, err)
			}
			m := p.Items[0]
			if m.Value != 41.5 || m.Period != "2019-01" || m.Comment != "winter" || m.Status != indicators.Submitted || m.Version != 1 || m.EnteredBy != "tester" || m.FrameworkCode != "igmc" {
				t.Fatalf("stored %+v", m)
			}
		})

		t.Run("reimport_counts_changed_and_keeps_revisions", func(t *testing.T) {
			file := "zone_code,indicator_code,period,value\nLY,SPC-01,2019,82\nLY,SPC-01,2020,85\nLY,SPC-01,2021,90\n"
			dry, err := importCSV(s, file, indicators.ImportOptions{DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			// SPC-01 2020 keeps its value but loses nothing: source and comment were empty before too.
			if dry.New != 1 || dry.Changed != 1 || dry.Unchanged != 1 {
				t.Fatalf("dry run = %+v", dry)
			}
			if _, err := importCSV(s, file, indicators.ImportOptions{Status: indicators.Approved}); err != nil {
				t.Fatal(err)
			}
			p, _ := s.ListMeasurements(ctx, indicators.MeasurementFilter{Zone: "LY", Indicator: "SPC-01", Period: "2019"})
			h, err := s.History(ctx, p.Items[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(h) != 2 || h[0].Value != 80 || h[0].Version != 1 || h[0].Source != "Zone land bureau" || h[1].Value != 82 || h[1].Version != 2 || h[1].Status != indicators.Approved {
				t.Fatalf("history = %+v", h)
			}
			p, _ = s.ListMeasurements(ctx, indicators.MeasurementFilter{Zone: "LY", Indicator: "SPC-01", Period: "2020"})
			if p.Items[0].Version != 1 || p.Items[0].Status != indicators.Submitted {
				t.Fatalf("an unchanged row was rewritten: %+v", p.Items[0])
			}
		})

		t.Run("header_errors", func(t *testing.T) {
			_, err := importCSV(s, "zone_code,indicator_code,value,colour\n", indicators.ImportOptions{})
			e := domainErr(t, err, indicators.Invalid)
			if len(e.Fields) != 2 || e.Fields[0].Code != "unknown_column" || e.Fields[1].Field != "period" {
				t.Fatalf("fields = %+v", e.Fields)
			}
		})

		t.Run("unknown_framework", func(t *testing.T) {
			_, err := importCSV(s, goodFile, indicators.ImportOptions{Framework: "nope"})
			domainErr(t, err, indicators.NotFound)
		})

		t.Run("header_only", func(t *testing.T) {
			_, err := importCSV(s, "zone_code,indicator_code,period,value\n", indicators.ImportOptions{})
			domainErr(t, err, indicators.Invalid)
		})
	})
}

// A first load hashes its versions as the rows go by (and, on SQLite,
// inserts them from staging without comparing): the digest its event keeps
// must be the one the audit check recomputes from the stored versions,
// whether the rows go in submitted or approved, and its preview and counts
// must be those of a load that compared.
func TestFirstLoadDigestMatchesTheStoredVersions(t *testing.T) {
	for _, status := range []indicators.Status{indicators.Submitted, indicators.Approved} {
		t.Run(string(status), func(t *testing.T) {
			storagetest.Each(t, func(t *testing.T, s *storage.Store) {
				addZones(t, s, "LY,Liuyang ETDZ,浏阳经开区,", "LY-N,North,北区,LY")
				res, err := importCSV(s, goodFile, indicators.ImportOptions{By: as("tester"), Status: status, Preview: 3})
				if err != nil {
					t.Fatal(err)
				}
				if res.Rows != 5 || res.New != 5 || res.Changed+res.Unchanged != 0 || res.Preview == nil || len(res.Preview.NewValues) != 3 {
					t.Fatalf("first load = %+v", res)
				}
				p, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Zone: "LY", Indicator: "SPC-01", Period: "2019"})
				if err != nil || len(p.Items) != 1 {
					t.Fatalf("list = %+v, %v", p, err)
				}
				if m := p.Items[0]; m.Value != 80 || m.Version != 1 || m.Status != status || m.Source != "Zone land bureau" {
					t.Fatalf("stored %+v", m)
				}
				rep, err := s.VerifyAudit(ctx)
				if err != nil || !rep.OK {
					t.Fatalf("verify after a first load = %+v, %v", rep, err)
				}
				// The same file again changes nothing and still verifies.
				again, err := importCSV(s, goodFile, indicators.ImportOptions{By: as("tester"), Status: status})
				if err != nil || again.Unchanged != 5 {
					t.Fatalf("second load = %+v, %v", again, err)
				}
				if rep, err := s.VerifyAudit(ctx); err != nil || !rep.OK {
					t.Fatalf("verify after a second load = %+v, %v", rep, err)
				}
			})
		})
	}
}
