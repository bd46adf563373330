package storage_test

import (
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

func TestFollowUps(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		typedZones(t, s, "LY:park", "OTHER:park")
		scoped := func(email string, role indicators.Role, zone string) *indicators.Principal {
			return &indicators.Principal{Email: email, Role: role, Zones: map[string]bool{zone: true}}
		}
		reviewer := scoped("r@example.org", indicators.RoleReviewer, "LY")
		officer := scoped("o@example.org", indicators.RoleOfficer, "LY")
		other := scoped("r2@example.org", indicators.RoleReviewer, "OTHER")
		auditor := &indicators.Principal{Email: "a@example.org", Role: indicators.RoleAuditor}
		in := indicators.FollowUpInput{Framework: "igmc", Zone: "LY", Indicator: "SPC-01", Period: "2020", Note: "fell from 100 to 3: check the source"}

		f, err := s.CreateFollowUp(ctx, in, reviewer)
		if err != nil || f.ID == 0 || f.Status != indicators.FollowUpOpen || f.OpenedBy != "r@example.org" || f.Zone != "LY" || f.Period != "2020" {
			t.Fatalf("flag %+v %v", f, err)
		}
		domainErr(t, func() error { _, err := s.CreateFollowUp(ctx, in, officer); return err }(), indicators.Forbidden)
		domainErr(t, func() error { _, err := s.CreateFollowUp(ctx, in, other); return err }(), indicators.Forbidden)
		bad := in
		bad.Period, bad.Note = "2020-03", ""
		if e := domainErr(t, func() error { _, err := s.CreateFollowUp(ctx, bad, reviewer); return err }(), indicators.Invalid); len(e.Fields) != 1 || e.Fields[0].Field != "note" {
			t.Errorf("no note: %+v", e.Fields)
		}
		bad.Note = "x"
		if e := domainErr(t, func() error { _, err := s.CreateFollowUp(ctx, bad, reviewer); return err }(), indicators.Invalid); e.Fields[0].Field != "period" {
			t.Errorf("monthly period of an annual indicator: %+v", e.Fields)
		}
		onOther := in
		onOther.Zone = "OTHER"
		g, err := s.CreateFollowUp(ctx, onOther, auditor)
		if err != nil {
			t.Fatal(err)
		}

		// Officers see the follow-ups of their zones only.
		mine, err := s.OpenFollowUps(ctx, officer, 10)
		if err != nil || len(mine) != 1 || mine[0].ID != f.ID {
			t.Fatalf("LY officer's open follow-ups %+v %v", mine, err)
		}
		all, err := s.OpenFollowUps(ctx, auditor, 10)
		if err != nil || len(all) != 2 || all[0].ID != g.ID {
			t.Fatalf("auditor's open follow-ups (newest first) %+v %v", all, err)
		}
		if _, err := s.FollowUp(ctx, g.ID, officer); err == nil {
			t.Error("an officer of LY read OTHER's follow-up")
		}

		// Resolving: a note is needed, an officer may not, another zone's
		// reviewer may not, and twice is a conflict.
		domainErr(t, func() error { _, err := s.ResolveFollowUp(ctx, f.ID, " ", reviewer); return err }(), indicators.Invalid)
		domainErr(t, func() error { _, err := s.ResolveFollowUp(ctx, f.ID, "fixed", officer); return err }(), indicators.Forbidden)
		domainErr(t, func() error { _, err := s.ResolveFollowUp(ctx, f.ID, "fixed", other); return err }(), indicators.Forbidden)
		r, err := s.ResolveFollowUp(ctx, f.ID, "the source had a typo; 93 entered", auditor)
		if err != nil || r.Status != indicators.FollowUpResolved || r.ResolvedBy != "a@example.org" || r.ResolvedAt == nil || r.Resolution != "the source had a typo; 93 entered" {
			t.Fatalf("resolve %+v %v", r, err)
		}
		domainErr(t, func() error { _, err := s.ResolveFollowUp(ctx, f.ID, "again", auditor); return err }(), indicators.Conflict)
		domainErr(t, func() error { _, err := s.ResolveFollowUp(ctx, 999, "x", auditor); return err }(), indicators.NotFound)

		if mine, _ := s.OpenFollowUps(ctx, officer, 10); len(mine) != 0 {
			t.Errorf("a resolved follow-up is still open: %+v", mine)
		}
		done, err := s.ListFollowUps(ctx, indicators.FollowUpFilter{Framework: "igmc", Zone: "LY", Status: indicators.FollowUpResolved})
		if err != nil || len(done) != 1 || done[0].ID != f.ID {
			t.Fatalf("resolved list %+v %v", done, err)
		}
		if _, err := s.ListFollowUps(ctx, indicators.FollowUpFilter{Status: "closed"}); err == nil {
			t.Error("an unknown status was taken")
		}

		// Every step is in the audit trail, in the zone, and the chain holds.
		page, err := s.ListAuditEvents(ctx, indicators.AuditFilter{Entity: "follow_up"}, []string{"LY"})
		if err != nil || page.Total != 2 || page.Items[0].Action != "open" || page.Items[1].Action != "resolve" || page.Items[1].Reason != r.Resolution {
			t.Fatalf("LY's follow-up events %+v %v", page.Items, err)
		}
		v, err := s.VerifyAudit(ctx)
		if err != nil || !v.OK {
			t.Fatalf("audit %+v %v", v, err)
		}
	})
}
