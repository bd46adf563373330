package storage_test

import (
	"testing"
	"time"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

func TestCalendarSetAndRead(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		officer := &indicators.Principal{Email: "o@example.org", Role: indicators.RoleOfficer, Zones: map[string]bool{"LY": true}}
		c := indicators.Calendar{Framework: "igmc", Year: 2025, DueOn: "2026-03-31"}
		domainErr(t, func() error { _, err := s.SetCalendar(ctx, c, officer); return err }(), indicators.Forbidden)
		domainErr(t, func() error { _, err := s.Calendar(ctx, "igmc", 2025); return err }(), indicators.NotFound)
		got, err := s.SetCalendar(ctx, c, as("admin@example.org"))
		if err != nil || got.DueOn != "2026-03-31" || got.CloseOn != "" || got.ChangedBy != "admin@example.org" {
			t.Fatalf("set %+v %v", got, err)
		}
		c.CloseOn = "2026-06-30"
		if _, err := s.SetCalendar(ctx, c, as("admin@example.org")); err != nil {
			t.Fatal(err)
		}
		got, err = s.Calendar(ctx, "igmc", 2025)
		if err != nil || got.DueOn != "2026-03-31" || got.CloseOn != "2026-06-30" {
			t.Fatalf("read back %+v %v", got, err)
		}
		bad := c
		bad.CloseOn = "2026-01-01"
		domainErr(t, func() error { _, err := s.SetCalendar(ctx, bad, as("admin@example.org")); return err }(), indicators.Invalid)
		bad.Framework = "nope"
		bad.CloseOn = ""
		domainErr(t, func() error { _, err := s.SetCalendar(ctx, bad, as("admin@example.org")); return err }(), indicators.NotFound)
		all, err := s.Calendars(ctx, "igmc")
		if err != nil || len(all) != 1 || all[0].Year != 2025 {
			t.Fatalf("calendars %+v %v", all, err)
		}
		page, err := s.ListAuditEvents(ctx, indicators.AuditFilter{Entity: "calendar", EntityID: "igmc/2025"}, nil)
		if err != nil || page.Total != 2 || page.Items[0].OldValue != "" || page.Items[1].OldValue == "" {
			t.Fatalf("calendar events %+v %v", page.Items, err)
		}
	})
}

// TestCalendarClosesTheYear moves the store's clock past a close day:
// the year takes no value, entered or imported, until an administrator
// reopens it.
func TestCalendarClosesTheYear(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		typedZones(t, s, "LY:park")
		admin := as("admin@example.org")
		// The test clock reads 2026-01-02 03:04 UTC, 11:04 in UTC+8.
		if _, err := s.SetCalendar(ctx, indicators.Calendar{Framework: "igmc", Year: 2025, DueOn: "2026-01-02", CloseOn: "2026-01-03"}, admin); err != nil {
			t.Fatal(err)
		}
		in := func(ind string) indicators.MeasurementInput {
			return indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: ind, Period: "2025", Value: 50}
		}
		m, err := s.CreateMeasurement(ctx, in("SPC-01"), admin)
		if err != nil {
			t.Fatalf("before the close day: %v", err)
		}
		if closed, _ := s.IsClosed(ctx, "igmc", 2025); closed {
			t.Fatal("closed before its close day")
		}
		// 2026-01-02 16:00 UTC is the start of 2026-01-03 in UTC+8.
		s.Now = func() time.Time { return time.Date(2026, 1, 2, 16, 0, 0, 0, time.UTC) }
		if closed, err := s.IsClosed(ctx, "igmc", 2025); err != nil || !closed {
			t.Fatalf("not closed on its close day: %v", err)
		}
		domainErr(t, func() error { _, err := s.CreateMeasurement(ctx, in("SPC-05"), admin); return err }(), indicators.Conflict)
		domainErr(t, func() error { _, err := s.UpdateMeasurement(ctx, m.ID, in("SPC-01"), m.Version, admin); return err }(), indicators.Conflict)
		_, err = importCSV(s, "zone_code,indicator_code,period,value\nLY,SPC-05,2025,40\n", indicators.ImportOptions{})
		if e := domainErr(t, err, indicators.Invalid); len(e.Fields) != 1 || e.Fields[0].Line != 2 {
			t.Fatalf("import into the closed year: %+v", e.Fields)
		}
		// Other years are open.
		if _, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-01", Period: "2026", Value: 50}, admin); err != nil {
			t.Fatalf("another year: %v", err)
		}
		// Closing it again is already done; reopening it opens it for good.
		domainErr(t, func() error { _, err := s.SetPeriod(ctx, "igmc", 2025, true, "close", admin); return err }(), indicators.Conflict)
		if _, err := s.SetPeriod(ctx, "igmc", 2025, false, "late figures from the statistics office", admin); err != nil {
			t.Fatal(err)
		}
		s.Now = func() time.Time { return time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC) }
		if _, err := s.CreateMeasurement(ctx, in("SPC-05"), admin); err != nil {
			t.Fatalf("after the reopening: %v", err)
		}
		if _, err := s.SetPeriod(ctx, "igmc", 2025, true, "done", admin); err != nil {
			t.Fatalf("closing the reopened year: %v", err)
		}
		domainErr(t, func() error { _, err := s.SetPeriod(ctx, "igmc", 2019, false, "x", admin); return err }(), indicators.Conflict)
	})
}
