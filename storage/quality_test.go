package storage_test

import (
	"testing"
	"time"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

func TestQualityReport(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		typedZones(t, s, "LY:park", "OTHER:city")
		admin := as("admin@example.org")
		officer := &indicators.Principal{Email: "o@example.org", Role: indicators.RoleOfficer, Zones: map[string]bool{"LY": true}}
		// Due by the end of 2026-01-01 in UTC+8: 2026-01-01 16:00 UTC.
		if _, err := s.SetCalendar(ctx, indicators.Calendar{Framework: "igmc", Year: 2025, DueOn: "2026-01-01"}, admin); err != nil {
			t.Fatal(err)
		}
		s.Now = func() time.Time { return time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC) }
		values(t, s, "LY,SPC-01,2025,80", "LY,ENV-01,2025-01,30", "OTHER,SPC-01,2025,70")
		s.Now = func() time.Time { return time.Date(2026, 1, 1, 16, 0, 0, 0, time.UTC) }
		// SPC-05 is late; ENV-01's February too, which makes the cell late.
		values(t, s, "LY,SPC-05,2025,20", "LY,ENV-01,2025-02,31")
		if _, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-06", Period: "2025", Value: 5}, admin); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MarkNotApplicable(ctx, "igmc", "LY", "SPC-07", "no cycling roads in a port zone", officer); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ReviewApplicability(ctx, "igmc", "LY", "SPC-07", true, "agreed", admin); err != nil {
			t.Fatal(err)
		}
		auditor := &indicators.Principal{Email: "a@example.org", Role: indicators.RoleAuditor}
		if _, err := s.CreateFollowUp(ctx, indicators.FollowUpInput{Framework: "igmc", Zone: "LY", Indicator: "SPC-03", Period: "2025", Note: "where is it?"}, auditor); err != nil {
			t.Fatal(err)
		}
		// A follow-up of another year is not this report's.
		if _, err := s.CreateFollowUp(ctx, indicators.FollowUpInput{Framework: "igmc", Zone: "LY", Indicator: "SPC-03", Period: "2024", Note: "and this?"}, auditor); err != nil {
			t.Fatal(err)
		}

		rep, err := s.QualityReport(ctx, "igmc", 2025, admin)
		if err != nil {
			t.Fatal(err)
		}
		n := len(rep.Indicators)
		if rep.DueOn != "2026-01-01" || n < 30 || len(rep.Zones) != 2 || rep.Zones[0].Zone != "LY" || rep.FollowUpsOpen != 1 {
			t.Fatalf("report %+v", rep)
		}
		ly := rep.Zones[0]
		// Not applicable: what a park's type leaves out, and the mark.
		na, err := s.Applicability(ctx, "igmc", "LY")
		if err != nil || len(na) < 1 {
			t.Fatal(na, err)
		}
		want := indicators.QualityCounts{Value: 4, NotApplicable: len(na), Missing: n - 4 - len(na), Late: 2, Flagged: 1}
		if ly.Counts != want || ly.FollowUpsOpen != 1 {
			t.Errorf("LY counts %+v, want %+v; follow-ups %d", ly.Counts, want, ly.FollowUpsOpen)
		}
		// Submitted: SPC-01 and ENV-01 (late by February) and SPC-05
		// (late); on time 1 of 3. The draft does not count.
		if ly.OnTimeShare == nil || !close2(*ly.OnTimeShare, 1.0/3) {
			t.Errorf("LY on time %v", ly.OnTimeShare)
		}
		cell := func(code string) indicators.QualityCell {
			for _, c := range ly.Cells {
				if c.Indicator == code {
					return c
				}
			}
			t.Fatalf("no cell %s", code)
			return indicators.QualityCell{}
		}
		for code, want := range map[string]indicators.QualityCell{
			"SPC-01": {Indicator: "SPC-01", State: indicators.CellValue, Status: indicators.Submitted},
			"SPC-05": {Indicator: "SPC-05", State: indicators.CellValue, Status: indicators.Submitted, Late: true},
			"ENV-01": {Indicator: "ENV-01", State: indicators.CellValue, Status: indicators.Submitted, Late: true},
			"SPC-06": {Indicator: "SPC-06", State: indicators.CellValue, Status: indicators.Draft},
			"SPC-07": {Indicator: "SPC-07", State: indicators.CellNotApplicable},
			"SPC-03": {Indicator: "SPC-03", State: indicators.CellMissing, Flagged: true},
			"SPC-02": {Indicator: "SPC-02", State: indicators.CellMissing},
		} {
			if got := cell(code); got != want {
				t.Errorf("%s: %+v, want %+v", code, got, want)
			}
		}
		if o := rep.Zones[1]; o.Counts.Value != 1 || o.OnTimeShare == nil || *o.OnTimeShare != 1 {
			t.Errorf("OTHER %+v", o)
		}
		if rep.Totals.Value != 5 || rep.Totals.Late != 2 {
			t.Errorf("totals %+v", rep.Totals)
		}

		// An officer sees its zones only; without a calendar nothing is late.
		mine, err := s.QualityReport(ctx, "igmc", 2025, officer)
		if err != nil || len(mine.Zones) != 1 || mine.Zones[0].Zone != "LY" {
			t.Fatalf("officer's report %+v %v", mine.Zones, err)
		}
		other, err := s.QualityReport(ctx, "igmc", 2024, admin)
		if err != nil || other.DueOn != "" || other.Totals.Late != 0 || other.Zones[0].OnTimeShare != nil || other.Zones[0].Counts.Flagged != 1 {
			t.Fatalf("2024 %+v %v", other, err)
		}
		domainErr(t, func() error { _, err := s.QualityReport(ctx, "nope", 2025, admin); return err }(), indicators.NotFound)
		domainErr(t, func() error { _, err := s.QualityReport(ctx, "igmc", 12, admin); return err }(), indicators.Invalid)
	})
}
