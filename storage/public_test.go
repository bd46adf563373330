package storage_test

import (
	"context"
	"fmt"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// TestPublishedYears: a framework publishes nothing until an administrator
// says so; approved publishes the years with approved values (the demo's
// 2020 is only submitted); signed-off publishes none while no year is
// signed off; each change is audited and seen at once.
func TestPublishedYears(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		if _, _, err := s.LoadDemo(ctx, indicators.System); err != nil {
			t.Fatal(err)
		}
		years := func() string {
			t.Helper()
			ys, err := s.PublishedYears(ctx, "igmc")
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprint(ys)
		}
		if got := years(); got != "[]" {
			t.Fatalf("before any setting: %s", got)
		}
		if m, err := s.PublicMode(ctx, "igmc"); err != nil || m != indicators.PublishOff {
			t.Fatalf("mode %q, %v", m, err)
		}
		if _, err := s.SetPublicMode(ctx, "igmc", indicators.PublishApproved, indicators.System); err != nil {
			t.Fatal(err)
		}
		if got := years(); got != "[2013 2014 2015 2016 2017 2018 2019]" {
			t.Fatalf("approved: %s", got)
		}
		fws, err := s.PublicFrameworks(ctx)
		if err != nil || len(fws) != 1 || fws[0].Code != "igmc" {
			t.Fatalf("public frameworks %+v, %v", fws, err)
		}
		if _, err := s.SetPublicMode(ctx, "igmc", indicators.PublishSignedOff, indicators.System); err != nil {
			t.Fatal(err)
		}
		if got := years(); got != "[]" {
			t.Fatalf("signed-off only, nothing signed off: %s", got)
		}
		// A year is shown once every zone with values in it is signed off:
		// LY alone leaves 2018 waiting for its clusters.
		var ids []int64
		for i, z := range indicators.DemoZones {
			so, err := s.SignOff(ctx, indicators.SignOffInput{Framework: "igmc", Zone: z.Code, Year: 2018}, indicators.System)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, so.ID)
			want := "[]"
			if i == len(indicators.DemoZones)-1 {
				want = "[2018]"
			}
			if got := years(); got != want {
				t.Fatalf("signed-off only, %d of %d zones signed off: %s, want %s", i+1, len(indicators.DemoZones), got, want)
			}
		}
		if _, err := s.WithdrawSignOff(ctx, ids[0], "a value to correct", indicators.System); err != nil {
			t.Fatal(err)
		}
		if got := years(); got != "[]" {
			t.Fatalf("signed-off only, one sign-off withdrawn: %s", got)
		}
		if _, err := s.SetPublicMode(ctx, "igmc", "all", indicators.System); indicators.CodeOf(err) != indicators.Invalid {
			t.Fatalf("a bad mode: %v", err)
		}
		if _, err := s.SetPublicMode(ctx, "nope", indicators.PublishApproved, indicators.System); indicators.CodeOf(err) != indicators.NotFound {
			t.Fatalf("an unknown framework: %v", err)
		}
		var modes []string
		err = s.ExportAudit(ctx, nil, func(e *indicators.AuditEvent) error {
			if e.Entity == "public_setting" {
				modes = append(modes, e.EntityID+" "+e.OldValue+" → "+e.NewValue)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(modes) != 2 {
			t.Fatalf("audited %v", modes)
		}
		settings, err := s.PublicSettings(ctx)
		if err != nil || len(settings) == 0 || settings[0].Mode != indicators.PublishSignedOff || settings[0].ChangedAt == nil {
			t.Fatalf("settings %+v, %v", settings, err)
		}
	})
}
