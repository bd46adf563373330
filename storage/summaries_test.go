package storage_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/scoring"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// TestSummariesMatchRecomputation: after every kind of write that can
// change a scorecard, the ranking read from the kept summaries equals the
// ranking computed afresh from the values, for every year and basis, of
// the zones the write touched and of the others; and a cold ranking keeps
// a summary of every zone. Before each write every ranking is read, so
// that the summaries are there to be wrong if a write left them stale.
func TestSummariesMatchRecomputation(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		if _, _, err := s.LoadDemo(ctx, indicators.System); err != nil {
			t.Fatal(err)
		}
		entrant, reviewer := as("entrant@example.org"), as("reviewer@example.org")
		years := []int{2014, 2018, 2019, 2020, 2021}
		bases := []scoring.Basis{scoring.BasisOfficial, scoring.BasisWorking}
		rankings := func() map[string]string {
			t.Helper()
			out := map[string]string{}
			for _, y := range years {
				for _, b := range bases {
					rows, err := s.Ranking(ctx, "igmc", y, b)
					if err != nil {
						t.Fatal(err)
					}
					j, _ := json.Marshal(rows)
					out[fmt.Sprint(y, b)] = string(j)
				}
			}
			return out
		}
		before := rankings()
		step := func(name string, changes bool, write func() error) {
			t.Helper()
			if err := write(); err != nil {
				t.Fatalf("%s: %v %v", name, err, indicators.FieldsOf(err))
			}
			s.DropCache()
			after := rankings()
			var zones int
			for _, y := range years {
				for _, b := range bases {
					k := fmt.Sprint(y, b)
					want, err := storage.RankingRecomputed(s, ctx, "igmc", y, b)
					if err != nil {
						t.Fatal(err)
					}
					j, _ := json.Marshal(want)
					if after[k] != string(j) {
						t.Errorf("after %s, %d %s: the kept summaries give\n%s\nrecomputed:\n%s", name, y, b, after[k], j)
					}
					zones = len(want)
					n, err := storage.SummaryRows(s, ctx, "igmc", y, b)
					if err != nil {
						t.Fatal(err)
					}
					if n != int64(zones) {
						t.Errorf("after %s, %d %s: %d summaries kept for %d zones", name, y, b, n, zones)
					}
				}
			}
			changed := false
			for k := range after {
				changed = changed || after[k] != before[k]
			}
			if changed != changes {
				t.Errorf("after %s: rankings changed %v, want %v", name, changed, changes)
			}
			before = after
		}
		value := func(zone string, year int) indicators.Measurement {
			t.Helper()
			p, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: zone, Year: year, Status: indicators.Approved, Limit: 1})
			if err != nil || len(p.Items) == 0 {
				t.Fatalf("an approved value of %s in %d: %v", zone, year, err)
			}
			return p.Items[0]
		}
		cat, err := s.Catalogue(ctx, "igmc")
		if err != nil {
			t.Fatal(err)
		}
		annual := ""
		for _, ind := range cat.Indicators {
			if ind.Frequency == indicators.Annual && len(ind.AppliesTo) == 0 {
				annual = ind.Code
				break
			}
		}
		if annual == "" {
			t.Fatal("the demo catalogue has no annual indicator for every zone type")
		}

		// Values: entry, edit and every workflow step.
		m := value("LY", 2019)
		in := indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: m.IndicatorCode, Period: m.Period, Value: m.Value / 3, Source: "survey", Explanation: "remeasured"}
		step("an edit", true, func() error {
			m, err = s.UpdateMeasurement(ctx, m.ID, in, m.Version, entrant)
			return err
		})
		step("a submission", false, func() error {
			_, err := s.Review(ctx, []int64{m.ID}, indicators.ActionSubmit, "", entrant)
			return err
		})
		step("an approval", true, func() error {
			_, err := s.Review(ctx, []int64{m.ID}, indicators.ActionApprove, "", reviewer)
			return err
		})
		m = value("LY-BIO", 2018)
		first := m.Value
		in = indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY-BIO", IndicatorCode: m.IndicatorCode, Period: m.Period, Value: m.Value/4 + 1, Source: "survey", Explanation: "remeasured"}
		step("a second edit", true, func() error {
			m, err = s.UpdateMeasurement(ctx, m.ID, in, m.Version, entrant)
			if err == nil {
				_, err = s.Review(ctx, []int64{m.ID}, indicators.ActionSubmit, "", entrant)
			}
			return err
		})
		step("a rejection", false, func() error {
			_, err := s.Review(ctx, []int64{m.ID}, indicators.ActionReject, "check the source", reviewer)
			return err
		})
		in.Value = first
		step("a revision", true, func() error {
			cur, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY-BIO", Indicator: m.IndicatorCode, Period: m.Period})
			if err != nil {
				return err
			}
			_, err = s.UpdateMeasurement(ctx, m.ID, in, cur.Items[0].Version, entrant)
			return err
		})
		step("a new value", true, func() error {
			_, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY-EIT", IndicatorCode: annual, Period: "2021", Value: 1}, entrant)
			return err
		})
		step("an import", true, func() error {
			_, err := importCSV(s, "zone_code,indicator_code,period,value\nLY-FOOD,"+annual+",2021,2\nLY,"+annual+",2021,3\n",
				indicators.ImportOptions{Status: indicators.Approved, By: indicators.System, AcceptWarnings: true})
			return err
		})

		// Plans and applicability.
		pm := value("LY-EIT", 2019)
		step("a plan and its adoption", false, func() error {
			plan := fmt.Sprintf("zone_code,indicator_code,kind,year,value\nLY-EIT,%s,baseline,2014,%g\nLY-EIT,%s,target,2020,0\n", pm.IndicatorCode, pm.Value*2+10, pm.IndicatorCode)
			res, err := importPlan(s, plan, indicators.PlanImportOptions{By: &indicators.Principal{Email: "officer@example.org", Role: indicators.RoleOfficer, Zones: map[string]bool{"LY-EIT": true}}})
			if err != nil {
				return err
			}
			_, err = s.AdoptPlan(ctx, "igmc", "LY-EIT", res.Versions["LY-EIT"], "agreed", reviewer)
			return err
		})
		step("a mark of not applicable", true, func() error {
			if _, err := s.MarkNotApplicable(ctx, "igmc", "LY-FOOD", m.IndicatorCode, "no such plant", entrant); err != nil {
				return err
			}
			_, err := s.ReviewApplicability(ctx, "igmc", "LY-FOOD", m.IndicatorCode, true, "agreed", reviewer)
			return err
		})

		// A sign-off freezes a zone's official card: a catalogue change
		// then moves every card but the frozen one, and the withdrawal
		// moves that one too.
		step("a sign-off", false, func() error {
			_, err := s.SignOff(ctx, indicators.SignOffInput{Framework: "igmc", Zone: "LY", Year: 2018}, indicators.System)
			return err
		})
		step("a catalogue change", true, func() error {
			changed := *cat
			changed.Perspectives = slices.Clone(cat.Perspectives)
			changed.Perspectives[0].Weight = cat.Perspectives[0].Weight*3 + 1
			changed.Indicators = slices.Clone(cat.Indicators)
			for i, ind := range changed.Indicators {
				if ind.Code == annual {
					changed.Indicators[i].AppliesTo = []string{indicators.ZonePark}
				}
			}
			f, err := s.Framework(ctx, "igmc")
			if err != nil {
				return err
			}
			_, err = s.ImportCatalogue(ctx, f, &changed, indicators.System)
			return err
		})
		step("a withdrawal of the sign-off", true, func() error {
			sos, err := s.ListSignOffs(ctx, indicators.SignOffFilter{Framework: "igmc", Zone: "LY", InForce: true}, indicators.System)
			if err != nil || len(sos) != 1 {
				return fmt.Errorf("sign-offs %v: %v", sos, err)
			}
			_, err = s.WithdrawSignOff(ctx, sos[0].ID, "a value to correct", indicators.System)
			return err
		})
		step("new grade bands", true, func() error {
			f, err := s.Framework(ctx, "igmc")
			if err != nil {
				return err
			}
			f.GradeBands = []indicators.GradeBand{{Min: 0, Grade: "X"}}
			return s.SaveFramework(ctx, f, indicators.System)
		})

		// Zones: a new one, and a type that changes what applies.
		step("a new zone", true, func() error {
			return s.CreateZone(ctx, indicators.Zone{Code: "NEW", NameEn: "New zone", Type: indicators.ZonePark}, indicators.System)
		})
		step("a zone's new type", true, func() error {
			for _, z := range indicators.DemoZones {
				if z.Code == "LY-EIT" {
					z.Type = indicators.ZonePark
					return s.UpdateZone(ctx, z, indicators.System)
				}
			}
			return fmt.Errorf("no zone LY-EIT")
		})

		// A write that changes no card keeps the summaries.
		step("a follow-up", false, func() error {
			_, err := s.CreateFollowUp(ctx, indicators.FollowUpInput{Framework: "igmc", Zone: "LY", Indicator: annual, Period: "2021", Note: "source?"},
				&indicators.Principal{Email: "auditor@example.org", Role: indicators.RoleAuditor})
			return err
		})
		if !strings.Contains(before[fmt.Sprint(2021, scoring.BasisOfficial)], `"zone":"NEW"`) {
			t.Errorf("the new zone is not ranked: %s", before[fmt.Sprint(2021, scoring.BasisOfficial)])
		}
	})
}
