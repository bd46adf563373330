package storage_test

import (
	"encoding/json"
	"testing"

	"igmc/indicators"
	"igmc/scoring"
	"igmc/storage"
	"igmc/storage/storagetest"
)

func person(email string, role indicators.Role, zones ...string) *indicators.Principal {
	p := &indicators.Principal{Email: email, Role: role}
	if !p.AllZones() {
		p.Zones = map[string]bool{}
		for _, z := range zones {
			p.Zones[z] = true
		}
	}
	return p
}

func TestWorkflow(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "LY,Liuyang ETDZ,,", "LY-N,North,,LY", "OT,Other,,")
		officer := person("officer@ly", indicators.RoleOfficer, "LY", "LY-N")
		reviewer := person("reviewer@ly", indicators.RoleReviewer, "LY", "LY-N")
		auditor := person("auditor@x", indicators.RoleAuditor)
		in := indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY-N", IndicatorCode: "SPC-01", Period: "2019", Value: 80}

		t.Run("officer_writes_only_in_its_zones", func(t *testing.T) {
			out := in
			out.ZoneCode = "OT"
			_, err := s.CreateMeasurement(ctx, out, officer)
			domainErr(t, err, indicators.Forbidden)
			_, err = importCSV(s, "zone_code,indicator_code,period,value\nLY,SPC-01,2018,70\nOT,SPC-01,2018,70\n", indicators.ImportOptions{By: officer})
			e := domainErr(t, err, indicators.Forbidden)
			if len(e.Fields) != 1 || e.Fields[0].Line != 3 || e.Fields[0].Code != "forbidden_zone" {
				t.Fatalf("fields %+v", e.Fields)
			}
		})
		m, err := s.CreateMeasurement(ctx, in, officer)
		if err != nil {
			t.Fatal(err)
		}
		t.Run("auditor_and_reviewer_do_not_write", func(t *testing.T) {
			_, err := s.UpdateMeasurement(ctx, m.ID, in, m.Version, auditor)
			domainErr(t, err, indicators.Forbidden)
			_, err = s.UpdateMeasurement(ctx, m.ID, in, m.Version, reviewer)
			domainErr(t, err, indicators.Forbidden)
			_, err = s.Review(ctx, []int64{m.ID}, indicators.ActionSubmit, "", auditor)
			domainErr(t, err, indicators.Forbidden)
		})
		t.Run("officer_cannot_approve", func(t *testing.T) {
			_, err := s.Review(ctx, []int64{m.ID}, indicators.ActionApprove, "", officer)
			domainErr(t, err, indicators.Forbidden)
		})
		t.Run("approving_a_draft_is_a_conflict", func(t *testing.T) {
			_, err := s.Review(ctx, []int64{m.ID}, indicators.ActionApprove, "", reviewer)
			domainErr(t, err, indicators.Conflict)
		})
		sub, err := s.Review(ctx, []int64{m.ID}, indicators.ActionSubmit, "", officer)
		if err != nil || sub[0].Status != indicators.Submitted || sub[0].Version != 2 {
			t.Fatalf("submit: %+v %v", sub, err)
		}
		t.Run("the_official_scorecard_ignores_submitted_values", func(t *testing.T) {
			off, err := s.Scorecard(ctx, "igmc", "LY-N", 2019, scoring.BasisOfficial)
			if err != nil || off.Indicators[0].Value != nil {
				t.Fatalf("official SPC-01 = %+v, %v", off.Indicators[0], err)
			}
			work, err := s.Scorecard(ctx, "igmc", "LY-N", 2019, scoring.BasisWorking)
			if err != nil || work.Indicators[0].Value == nil || *work.Indicators[0].Value != 80 || work.Basis != scoring.BasisWorking {
				t.Fatalf("working SPC-01 = %+v, %v", work.Indicators[0], err)
			}
			if body, err := json.Marshal(work); err != nil || !contains(string(body), `"basis":"working"`) {
				t.Fatal("the working scorecard does not say so")
			}
		})
		t.Run("reject_needs_a_comment", func(t *testing.T) {
			_, err := s.Review(ctx, []int64{m.ID}, indicators.ActionReject, "", reviewer)
			domainErr(t, err, indicators.Invalid)
		})
		t.Run("a_reviewer_cannot_approve_its_own_entries", func(t *testing.T) {
			same := person("officer@ly", indicators.RoleReviewer, "LY")
			_, err := s.Review(ctx, []int64{m.ID}, indicators.ActionApprove, "", same)
			domainErr(t, err, indicators.Forbidden)
		})
		t.Run("a_reviewer_outside_the_zone_cannot_approve", func(t *testing.T) {
			_, err := s.Review(ctx, []int64{m.ID}, indicators.ActionApprove, "", person("r2@x", indicators.RoleReviewer, "OT"))
			domainErr(t, err, indicators.Forbidden)
		})
		ap, err := s.Review(ctx, []int64{m.ID}, indicators.ActionApprove, "checked against the land register", reviewer)
		if err != nil || ap[0].Status != indicators.Approved || ap[0].ReviewedBy != "reviewer@ly" || *ap[0].ApprovedValue != 80 {
			t.Fatalf("approve: %+v %v", ap, err)
		}
		t.Run("approving_an_approved_value_is_a_conflict", func(t *testing.T) {
			_, err := s.Review(ctx, []int64{m.ID}, indicators.ActionApprove, "", reviewer)
			domainErr(t, err, indicators.Conflict)
		})
		t.Run("an_edit_of_an_approved_value_leaves_it_in_force", func(t *testing.T) {
			in.Value = 85
			u, err := s.UpdateMeasurement(ctx, m.ID, in, ap[0].Version, officer)
			if err != nil || u.Status != indicators.Draft || u.Value != 85 || *u.ApprovedValue != 80 {
				t.Fatalf("edit: %+v %v", u, err)
			}
			off, _ := s.Scorecard(ctx, "igmc", "LY-N", 2019, scoring.BasisOfficial)
			if *off.Indicators[0].Value != 80 {
				t.Fatalf("official value %v, want the approved 80", *off.Indicators[0].Value)
			}
			if _, err := s.Review(ctx, []int64{m.ID}, indicators.ActionSubmit, "", officer); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Review(ctx, []int64{m.ID}, indicators.ActionApprove, "", reviewer); err != nil {
				t.Fatal(err)
			}
			off, _ = s.Scorecard(ctx, "igmc", "LY-N", 2019, scoring.BasisOfficial)
			if *off.Indicators[0].Value != 85 {
				t.Fatalf("official value %v after approval, want 85", *off.Indicators[0].Value)
			}
			h, _ := s.History(ctx, m.ID)
			want := []indicators.Status{indicators.Draft, indicators.Submitted, indicators.Approved, indicators.Draft, indicators.Submitted, indicators.Approved}
			if len(h) != len(want) {
				t.Fatalf("%d versions, want %d", len(h), len(want))
			}
			for i, st := range want {
				if h[i].Status != st || h[i].Version != i+1 {
					t.Errorf("version %d: %s v%d, want %s", i+1, h[i].Status, h[i].Version, st)
				}
			}
		})
		t.Run("a_bulk_review_is_all_or_nothing", func(t *testing.T) {
			other, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-03", Period: "2019", Value: 9000}, officer)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Review(ctx, []int64{other.ID}, indicators.ActionSubmit, "", officer); err != nil {
				t.Fatal(err)
			}
			before, _ := s.ListAuditEvents(ctx, indicators.AuditFilter{}, nil)
			_, err = s.Review(ctx, []int64{other.ID, 999999}, indicators.ActionApprove, "", reviewer)
			domainErr(t, err, indicators.NotFound)
			got, _ := s.Measurement(ctx, other.ID)
			if got.Status != indicators.Submitted {
				t.Fatalf("a failed bulk approval approved %d anyway", other.ID)
			}
			after, _ := s.ListAuditEvents(ctx, indicators.AuditFilter{}, nil)
			if after.Total != before.Total {
				t.Fatalf("a failed bulk approval left %d audit event(s)", after.Total-before.Total)
			}
		})
	})
}

func TestClosedPeriods(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "LY,Liuyang ETDZ,,")
		admin := person("admin@x", indicators.RoleAdmin)
		m, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-01", Period: "2019", Value: 80}, admin)
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.SetPeriod(ctx, "igmc", 2019, true, "", admin)
		domainErr(t, err, indicators.Invalid)
		if _, err := s.SetPeriod(ctx, "igmc", 2019, true, "2019 figures published", admin); err != nil {
			t.Fatal(err)
		}
		_, err = s.UpdateMeasurement(ctx, m.ID, indicators.MeasurementInput{Value: 81}, m.Version, admin)
		domainErr(t, err, indicators.Conflict)
		_, err = s.Review(ctx, []int64{m.ID}, indicators.ActionSubmit, "", admin)
		domainErr(t, err, indicators.Conflict)
		_, err = importCSV(s, "zone_code,indicator_code,period,value\nLY,SPC-01,2018,70\nLY,SPC-03,2019,9000\n", indicators.ImportOptions{By: admin})
		e := domainErr(t, err, indicators.Invalid)
		if len(e.Fields) != 1 || e.Fields[0].Line != 3 || e.Fields[0].Code != "closed_period" {
			t.Fatalf("fields %+v", e.Fields)
		}
		_, err = s.SetPeriod(ctx, "igmc", 2019, true, "again", admin)
		domainErr(t, err, indicators.Conflict)
		if _, err := s.SetPeriod(ctx, "igmc", 2019, false, "a correction from the bureau", admin); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateMeasurement(ctx, m.ID, indicators.MeasurementInput{Value: 81}, m.Version, admin); err != nil {
			t.Fatalf("after reopening: %v", err)
		}
		ps, _ := s.ListPeriods(ctx, "igmc")
		if len(ps) != 1 || ps[0].Closed || ps[0].Reason != "a correction from the bureau" {
			t.Fatalf("periods %+v", ps)
		}
	})
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
