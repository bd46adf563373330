package storage_test

import (
	"reflect"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/scoring"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// TestScoringOptions shows what scores each zone besides its values: its
// own plan (adopted on the official basis, latest on the working one),
// the indicators its type leaves out without any mark, and its marks once
// approved — the same for one zone as in a ranking of all.
func TestScoringOptions(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		zs, err := indicators.ReadZones(indicators.NewCSVRows(strings.NewReader("code,name_en,type\nLY,Liuyang,park\nCY,City,city\nNT,No type,\n")))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportZones(ctx, zs, indicators.System); err != nil {
			t.Fatal(err)
		}
		reviewer := person("r@x", indicators.RoleReviewer, "LY", "CY")
		officer := person("o@x", indicators.RoleOfficer, "LY", "CY")
		if _, err := importPlan(s, lyPlan+"CY,ECO-01,baseline,2015,4\nCY,ECO-01,target,2025,6\n", indicators.PlanImportOptions{By: officer}); err != nil {
			t.Fatal(err)
		}
		for _, z := range []string{"LY", "CY"} {
			if _, err := s.AdoptPlan(ctx, "igmc", z, 1, "ok", reviewer); err != nil {
				t.Fatal(err)
			}
		}
		// A second LY version, not adopted.
		if _, err := importPlan(s, strings.Replace(lyPlan, "2020,10", "2020,11", 1), indicators.PlanImportOptions{By: officer}); err != nil {
			t.Fatal(err)
		}
		off, err := s.OptionsOf(ctx, "igmc", 2019, scoring.BasisOfficial)
		if err != nil {
			t.Fatal(err)
		}
		t.Run("zones_get_their_own_plans", func(t *testing.T) {
			ly, cy := off["LY"].Plans["ECO-01"], off["CY"].Plans["ECO-01"]
			want := scoring.PlanLine{BaselineYear: 2017, BaselineValue: 7.5, Milestones: []scoring.Milestone{{Year: 2018, Value: 8.3}}, TargetYear: 2020, TargetValue: 10}
			if !reflect.DeepEqual(ly, want) {
				t.Fatalf("LY %+v, want %+v", ly, want)
			}
			if cy.TargetYear != 2025 || cy.TargetValue != 6 || reflect.DeepEqual(ly, cy) {
				t.Fatalf("CY %+v", cy)
			}
			if len(off["NT"].Plans) != 0 {
				t.Fatalf("a zone without a plan has %+v", off["NT"].Plans)
			}
		})
		t.Run("working_basis_uses_the_latest_version", func(t *testing.T) {
			work, err := s.OptionsOf(ctx, "igmc", 2019, scoring.BasisWorking, "LY")
			if err != nil {
				t.Fatal(err)
			}
			if got := work["LY"].Plans["ECO-01"].TargetValue; got != 11 {
				t.Fatalf("working target %v", got)
			}
		})
		t.Run("zone_type_excludes_without_a_mark", func(t *testing.T) {
			if r := off["LY"].NotApplicable["SOC-05"]; r != "not for zone type park" {
				t.Fatalf("LY SOC-05 reason %q (all %v)", r, off["LY"].NotApplicable)
			}
			if len(off["CY"].NotApplicable) != 0 || len(off["NT"].NotApplicable) != 0 {
				t.Fatalf("a city or an untyped zone has %v %v", off["CY"].NotApplicable, off["NT"].NotApplicable)
			}
		})
		t.Run("a_mark_counts_officially_once_approved", func(t *testing.T) {
			if _, err := s.MarkNotApplicable(ctx, "igmc", "CY", "SPC-08", "no public transport operator", officer); err != nil {
				t.Fatal(err)
			}
			opts := func(b scoring.Basis) map[string]string {
				o, err := s.OptionsOf(ctx, "igmc", 2019, b, "CY")
				if err != nil {
					t.Fatal(err)
				}
				return o["CY"].NotApplicable
			}
			if _, na := opts(scoring.BasisOfficial)["SPC-08"]; na {
				t.Fatal("a pending mark counts on the official basis")
			}
			if r := opts(scoring.BasisWorking)["SPC-08"]; r != "no public transport operator" {
				t.Fatalf("working reason %q", r)
			}
			_, err := s.ReviewApplicability(ctx, "igmc", "CY", "SPC-08", true, "", officer)
			domainErr(t, err, indicators.Forbidden)
			if _, err := s.ReviewApplicability(ctx, "igmc", "CY", "SPC-08", true, "", reviewer); err != nil {
				t.Fatal(err)
			}
			if r := opts(scoring.BasisOfficial)["SPC-08"]; r != "no public transport operator" {
				t.Fatalf("official reason after approval %q", r)
			}
		})
		t.Run("one_zone_as_in_the_ranking", func(t *testing.T) {
			all, err := s.OptionsOf(ctx, "igmc", 2019, scoring.BasisOfficial)
			if err != nil {
				t.Fatal(err)
			}
			for _, z := range []string{"LY", "CY", "NT"} {
				one, err := s.OptionsOf(ctx, "igmc", 2019, scoring.BasisOfficial, z)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(one[z], all[z]) {
					t.Fatalf("%s alone %+v, in the ranking %+v", z, one[z], all[z])
				}
			}
		})
	})
}

// TestScoringOptionsFollowNewVersions shows that the decoded plans kept
// between calls never stand in for a newer version: adopting a second
// version changes the official options at once, and a ranking reads the
// same plans as one zone's scorecard.
func TestScoringOptionsFollowNewVersions(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		zs, err := indicators.ReadZones(indicators.NewCSVRows(strings.NewReader("code,name_en,type\nLY,Liuyang,park\n")))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportZones(ctx, zs, indicators.System); err != nil {
			t.Fatal(err)
		}
		reviewer := person("r@x", indicators.RoleReviewer, "LY")
		officer := person("o@x", indicators.RoleOfficer, "LY")
		target := func() float64 {
			t.Helper()
			off, err := s.OptionsOf(ctx, "igmc", 2019, scoring.BasisOfficial)
			if err != nil {
				t.Fatal(err)
			}
			return off["LY"].Plans["ECO-01"].TargetValue
		}
		if _, err := importPlan(s, lyPlan, indicators.PlanImportOptions{By: officer}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AdoptPlan(ctx, "igmc", "LY", 1, "ok", reviewer); err != nil {
			t.Fatal(err)
		}
		if got := target(); got != 10 {
			t.Fatalf("version 1's target %v, want 10", got)
		}
		if _, err := importPlan(s, strings.Replace(lyPlan, "2020,10", "2020,11", 1), indicators.PlanImportOptions{By: officer}); err != nil {
			t.Fatal(err)
		}
		if got := target(); got != 10 {
			t.Fatalf("before adoption the official target is %v, want version 1's 10", got)
		}
		if _, err := s.AdoptPlan(ctx, "igmc", "LY", 2, "ok", reviewer); err != nil {
			t.Fatal(err)
		}
		if got := target(); got != 11 {
			t.Fatalf("after adopting version 2 the official target is %v, want 11", got)
		}
	})
}
