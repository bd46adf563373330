package storage_test

import (
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// TestAccessEvents: a sign-in and a failed sign-in each leave an event
// with the address and no password; failed sign-ins stop being recorded at
// the cap; the chain still verifies.
func TestAccessEvents(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		admin := person("admin@x", indicators.RoleAdmin)
		if _, err := s.CreateUser(ctx, indicators.UserInput{Email: "o@example.org", Name: "O", Role: indicators.RoleAuditor, Password: "correct horse battery"}, admin); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, "o@example.org", "correct horse battery", "10.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, "o@example.org", "wrong password here", "10.0.0.2"); indicators.CodeOf(err) != indicators.Unauthorized {
			t.Fatalf("wrong password: %v", err)
		}
		if err := s.RecordAccess(ctx, admin, indicators.AccessExport, indicators.AccessDetail{Path: "/api/v1/exports/measurements.csv", Framework: "igmc", Year: "2020"}); err != nil {
			t.Fatal(err)
		}
		ev, err := s.ListAuditEvents(ctx, indicators.AuditFilter{Entity: "access"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(ev.Items) != 3 {
			t.Fatalf("access events %+v", ev.Items)
		}
		in, failed, export := ev.Items[0], ev.Items[1], ev.Items[2]
		if in.Action != "signin" || in.Actor != "o@example.org" || !strings.Contains(in.NewValue, "10.0.0.1") {
			t.Errorf("sign-in event %+v", in)
		}
		if failed.Action != "signin_failed" || failed.Actor != "anonymous" || failed.EntityID != "o@example.org" || !strings.Contains(failed.NewValue, "10.0.0.2") {
			t.Errorf("failed sign-in event %+v", failed)
		}
		if export.Action != "export" || export.Actor != "admin@x" || !strings.Contains(export.NewValue, `"framework_code":"igmc"`) {
			t.Errorf("export event %+v", export)
		}
		for _, e := range ev.Items {
			if strings.Contains(e.NewValue, "password") || strings.Contains(e.NewValue, "horse") {
				t.Errorf("an access event records a secret: %+v", e)
			}
		}
		for range storage.MaxFailedSigninEvents + 5 {
			if err := s.RecordAccess(ctx, nil, indicators.AccessSigninFailed, indicators.AccessDetail{Email: "x@y"}); err != nil {
				t.Fatal(err)
			}
		}
		ev, err = s.ListAuditEvents(ctx, indicators.AuditFilter{Entity: "access", Limit: 1000}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		for _, e := range ev.Items {
			if e.Action == "signin_failed" {
				n++
			}
		}
		if n != storage.MaxFailedSigninEvents {
			t.Errorf("%d failed sign-ins recorded in one window, want the cap %d", n, storage.MaxFailedSigninEvents)
		}
		if rep := verify(t, s); !rep.OK {
			t.Fatalf("the trail with access events does not verify: %+v", rep)
		}
	})
}
