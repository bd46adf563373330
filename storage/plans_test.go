package storage_test

import (
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/scoring"
	"igmc/storage"
	"igmc/storage/storagetest"
)

func importPlan(s *storage.Store, csv string, opts indicators.PlanImportOptions) (indicators.PlanImportResult, error) {
	if opts.Framework == "" {
		opts.Framework = "igmc"
	}
	return s.ImportPlans(ctx, indicators.NewCSVRows(strings.NewReader(csv)), opts)
}

const lyPlan = `zone_code,indicator_code,kind,year,value
LY,ECO-01,baseline,2017,7.5
LY,ECO-01,milestone,2018,8.3
LY,ECO-01,target,2020,10
`

// TestPlanImportRefusesBadFileWhole shows that one bad file is refused
// whole, every bad row named with its line, column and reason, and that
// nothing is written.
func TestPlanImportRefusesBadFileWhole(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "LY,Liuyang,,", "OT,Other,,")
		bad := `zone_code,indicator_code,kind,year,value
NOPE,ECO-01,baseline,2017,1
LY,NOPE,baseline,2017,1
LY,ECO-02,start,2017,1
LY,ECO-02,baseline,20x7,1
LY,ECO-02,baseline,2017,abc
LY,ECO-03,baseline,2017,1
LY,ECO-03,target,2015,2
LY,ECO-04,baseline,2015,1
LY,ECO-04,milestone,2019,2
LY,ECO-04,milestone,2018,3
LY,ECO-04,milestone,2021,3
LY,ECO-04,target,2020,4
LY,ECO-05,baseline,2015,1
LY,ECO-05,baseline,2016,1
LY,ECO-05,target,2020,2
LY,ECO-05,target,2021,2
LY,ECO-06,baseline,2015,1
LY,ECO-06,milestone,2016,1
LY,ECO-06,milestone,2016,1
LY,ECO-06,target,2020,2
LY,ECO-07,baseline,2015,1
`
		_, err := importPlan(s, bad, indicators.PlanImportOptions{})
		e := domainErr(t, err, indicators.Invalid)
		want := map[int]string{2: "unknown_zone", 3: "unknown_indicator", 4: "invalid", 5: "not_a_number", 6: "not_a_number",
			8: "target_before_baseline", 11: "milestone_order", 12: "milestone_outside", 15: "duplicate", 17: "duplicate", 20: "duplicate", 22: "missing_target"}
		got := map[int]string{}
		for _, f := range e.Fields {
			got[f.Line] = f.Code
		}
		for line, code := range want {
			if got[line] != code {
				t.Errorf("line %d: want %s, got %q (all: %+v)", line, code, got[line], e.Fields)
			}
		}
		if len(got) != len(want) {
			t.Errorf("want %d bad lines, got %d: %+v", len(want), len(got), e.Fields)
		}
		if _, err := s.ZonePlan(ctx, "igmc", "LY", scoring.BasisWorking); indicators.CodeOf(err) != indicators.NotFound {
			t.Fatalf("a refused file left a plan: %v", err)
		}
	})
}

func TestPlanVersionsAndAdoption(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "LY,Liuyang,,", "OT,Other,,")
		officer := person("officer@ly", indicators.RoleOfficer, "LY")
		reviewer := person("reviewer@ly", indicators.RoleReviewer, "LY")
		otherReviewer := person("reviewer@ot", indicators.RoleReviewer, "OT")

		t.Run("dry_run_writes_nothing", func(t *testing.T) {
			res, err := importPlan(s, lyPlan, indicators.PlanImportOptions{DryRun: true, By: officer})
			if err != nil || res.Versions["LY"] != 1 || !res.DryRun {
				t.Fatalf("%+v %v", res, err)
			}
			if _, err := s.ZonePlan(ctx, "igmc", "LY", scoring.BasisWorking); indicators.CodeOf(err) != indicators.NotFound {
				t.Fatalf("a dry run wrote a plan: %v", err)
			}
		})
		t.Run("officer_of_another_zone_is_refused", func(t *testing.T) {
			_, err := importPlan(s, lyPlan, indicators.PlanImportOptions{By: person("o@ot", indicators.RoleOfficer, "OT")})
			e := domainErr(t, err, indicators.Forbidden)
			if e.Fields[0].Code != "forbidden_zone" {
				t.Fatalf("%+v", e.Fields)
			}
			_, err = importPlan(s, lyPlan, indicators.PlanImportOptions{By: reviewer})
			domainErr(t, err, indicators.Forbidden)
		})
		res, err := importPlan(s, lyPlan, indicators.PlanImportOptions{By: officer})
		if err != nil || res.Versions["LY"] != 1 {
			t.Fatalf("%+v %v", res, err)
		}
		t.Run("unchanged_makes_no_version", func(t *testing.T) {
			res, err := importPlan(s, lyPlan, indicators.PlanImportOptions{By: officer})
			if err != nil || res.Unchanged != 1 || len(res.Versions) != 0 {
				t.Fatalf("%+v %v", res, err)
			}
		})
		res, err = importPlan(s, strings.Replace(lyPlan, "2020,10", "2020,11", 1), indicators.PlanImportOptions{By: officer})
		if err != nil || res.Versions["LY"] != 2 {
			t.Fatalf("%+v %v", res, err)
		}
		t.Run("not_adopted_is_not_official", func(t *testing.T) {
			if _, err := s.ZonePlan(ctx, "igmc", "LY", scoring.BasisOfficial); indicators.CodeOf(err) != indicators.NotFound {
				t.Fatalf("want not found, got %v", err)
			}
			p, err := s.ZonePlan(ctx, "igmc", "LY", scoring.BasisWorking)
			if err != nil || p.Version != 2 || p.LatestVersion != 2 || p.AdoptedVersion != nil || len(p.Entries) != 3 {
				t.Fatalf("%+v %v", p, err)
			}
		})
		t.Run("officer_cannot_adopt", func(t *testing.T) {
			_, err := s.AdoptPlan(ctx, "igmc", "LY", 1, "fine", officer)
			domainErr(t, err, indicators.Forbidden)
		})
		t.Run("reviewer_of_another_zone_cannot_adopt", func(t *testing.T) {
			_, err := s.AdoptPlan(ctx, "igmc", "LY", 1, "fine", otherReviewer)
			domainErr(t, err, indicators.Forbidden)
		})
		t.Run("unknown_version", func(t *testing.T) {
			_, err := s.AdoptPlan(ctx, "igmc", "LY", 9, "fine", reviewer)
			domainErr(t, err, indicators.NotFound)
		})
		t.Run("comment_required", func(t *testing.T) {
			_, err := s.AdoptPlan(ctx, "igmc", "LY", 1, "", reviewer)
			domainErr(t, err, indicators.Invalid)
		})
		p, err := s.AdoptPlan(ctx, "igmc", "LY", 1, "as agreed by the committee", reviewer)
		if err != nil || p.Version != 1 || p.AdoptedBy != "reviewer@ly" || p.AdoptedVersion == nil || *p.AdoptedVersion != 1 {
			t.Fatalf("%+v %v", p, err)
		}
		t.Run("official_uses_adopted_working_latest", func(t *testing.T) {
			off, err := s.ZonePlan(ctx, "igmc", "LY", scoring.BasisOfficial)
			if err != nil || off.Version != 1 {
				t.Fatalf("%+v %v", off, err)
			}
			work, err := s.ZonePlan(ctx, "igmc", "LY", scoring.BasisWorking)
			if err != nil || work.Version != 2 || *work.AdoptedVersion != 1 {
				t.Fatalf("%+v %v", work, err)
			}
		})
		t.Run("adoption_is_audited", func(t *testing.T) {
			page, err := s.ListAuditEvents(ctx, indicators.AuditFilter{Entity: "plan"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			var actions []string
			for _, e := range page.Items {
				actions = append(actions, e.Action+":"+e.Actor)
			}
			if strings.Join(actions, " ") != "save:officer@ly save:officer@ly adopt:reviewer@ly" {
				t.Fatalf("events %v", actions)
			}
			if rep := verify(t, s); !rep.OK || rep.Plans != 2 {
				t.Fatalf("%+v", rep)
			}
		})
	})
}

// TestAuditVerifyCoversPlans tampers with a plan's adoption, its entries
// and its adoption event in SQL and expects the check to name each.
func TestAuditVerifyCoversPlans(t *testing.T) {
	for _, e := range storagetest.Engines() {
		for _, tc := range []struct{ name, sql, want string }{
			{"adoption_comment", "UPDATE plan_versions SET adopt_comment = 'forged' WHERE version = 1", "changed outside the tracker"},
			{"adopter", "UPDATE plan_versions SET adopted_by = 'someone@else' WHERE version = 1", "changed outside the tracker"},
			{"adoption_without_event", "UPDATE plan_versions SET adopt_event_id = NULL WHERE version = 1", "without an audit event"},
			{"adopted_outside", "UPDATE plan_versions SET adopted_by = 'x', adopt_comment = 'y' WHERE version = 2", "without an audit event"},
			{"entry", "UPDATE plan_entries SET value = 99 WHERE kind = 'target'", "changed outside the tracker"},
			{"scored_lines", "UPDATE plan_versions SET lines = '' WHERE version = 1", "no longer matches its entries"},
			{"adoption_event", "UPDATE audit_events SET reason = 'forged' WHERE action = 'adopt'", "was altered"},
			{"version_removed", "DELETE FROM plan_entries WHERE plan_version_id IN (SELECT id FROM plan_versions WHERE version = 2); DELETE FROM plan_versions WHERE version = 2", "is gone"},
		} {
			t.Run(string(e)+"/"+tc.name, func(t *testing.T) {
				s, url := storagetest.OpenURL(t, e)
				addZones(t, s, "LY,Liuyang,,")
				if _, err := importPlan(s, lyPlan, indicators.PlanImportOptions{}); err != nil {
					t.Fatal(err)
				}
				if _, err := importPlan(s, strings.Replace(lyPlan, "2020,10", "2020,12", 1), indicators.PlanImportOptions{}); err != nil {
					t.Fatal(err)
				}
				if _, err := s.AdoptPlan(ctx, "igmc", "LY", 1, "adopted", person("r@ly", indicators.RoleReviewer, "LY")); err != nil {
					t.Fatal(err)
				}
				if rep := verify(t, s); !rep.OK {
					t.Fatalf("before tampering: %+v", rep)
				}
				for _, q := range strings.Split(tc.sql, "; ") {
					storagetest.MustExec(t, url, q)
				}
				rep := verify(t, s)
				if rep.OK || !strings.Contains(rep.Problem, tc.want) {
					t.Fatalf("want a problem saying %q, got %+v", tc.want, rep)
				}
			})
		}
	}
}

// TestDemoPlans: the demo gives LY its 2020 plan from its own figures,
// adopted, and the clusters plans of their own; loading it again changes
// nothing.
func TestDemoPlans(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		for i := 0; i < 2; i++ {
			if _, _, err := s.LoadDemo(ctx, indicators.System); err != nil {
				t.Fatal(err)
			}
		}
		ly, err := s.ZonePlan(ctx, "igmc", "LY", scoring.BasisOfficial)
		if err != nil || ly.Version != 1 || ly.AdoptedVersion == nil {
			t.Fatalf("%+v %v", ly, err)
		}
		got := map[string]float64{}
		for _, e := range ly.Entries {
			if e.Kind == indicators.PlanTarget && e.Year == 2020 {
				got[e.IndicatorCode] = e.Value
			}
		}
		if got["SPC-01"] != 100 || got["SPC-03"] != 9500 || got["ECO-01"] != 10 || got["ECO-02"] != 350 {
			t.Fatalf("LY's 2020 targets %v", got)
		}
		bio, err := s.ZonePlan(ctx, "igmc", "LY-BIO", scoring.BasisOfficial)
		if err != nil || len(bio.Entries) == 0 {
			t.Fatalf("%+v %v", bio, err)
		}
		z, err := s.Zone(ctx, "LY")
		if err != nil || z.Type != "park" {
			t.Fatalf("%+v %v", z, err)
		}
	})
}
