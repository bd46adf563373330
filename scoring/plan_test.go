package scoring_test

import (
	"math"
	"testing"

	"igmc/scoring"
)

func TestProgressAlongMilestones(t *testing.T) {
	// Higher is better on 0–300. Plan: 100 in 2015, milestones 130 in 2018
	// and 170 in 2020, target 200 in 2025; target − baseline = 100.
	line := scoring.PlanLine{BaselineYear: 2015, BaselineValue: 100, TargetYear: 2025, TargetValue: 200,
		Milestones: []scoring.Milestone{{Year: 2018, Value: 130}, {Year: 2020, Value: 170}}}
	up := mustResolve(t, scoring.Indicator{Code: "u", Best: ptr(300), Worst: ptr(0), Weight: 1})
	// Lower is better on 0–100. Plan: 60 in 2015, milestone 50 in 2020,
	// target 20 in 2025; target − baseline = −40.
	cut := scoring.PlanLine{BaselineYear: 2015, BaselineValue: 60, TargetYear: 2025, TargetValue: 20,
		Milestones: []scoring.Milestone{{Year: 2020, Value: 50}}}
	down := mustResolve(t, scoring.Indicator{Code: "d", Best: ptr(0), Worst: ptr(100), Weight: 1})
	// An overshooting milestone: 0 in 2015, 120 by 2020, 100 by 2025.
	over := scoring.PlanLine{BaselineYear: 2015, BaselineValue: 0, TargetYear: 2025, TargetValue: 100,
		Milestones: []scoring.Milestone{{Year: 2020, Value: 120}}}

	tests := []struct {
		name                    string
		line                    scoring.PlanLine
		b                       scoring.Bounds
		x                       float64
		year                    int
		expValue, exp, progress float64
		status                  scoring.PlanStatus
	}{
		// Before the baseline year the plan expects the baseline: 0.
		{"before_baseline_year", line, up, 100, 2013, 100, 0, 0, scoring.PlanAhead},
		// Before the first milestone: 100 + 30 × 1/3 = 110 → 0.1.
		{"before_first_milestone_behind", line, up, 105, 2016, 110, 0.1, 0.05, scoring.PlanBehind},
		{"before_first_milestone_ahead", line, up, 110, 2016, 110, 0.1, 0.1, scoring.PlanAhead},
		// On a milestone: 130 → 0.3.
		{"on_first_milestone", line, up, 131, 2018, 130, 0.3, 0.31, scoring.PlanAhead},
		// Between the two: 130 + 40 × 1/2 = 150 → 0.5.
		{"between_milestones_behind", line, up, 149, 2019, 150, 0.5, 0.49, scoring.PlanBehind},
		{"between_milestones_ahead", line, up, 150, 2019, 150, 0.5, 0.5, scoring.PlanAhead},
		// After the last milestone: 170 + 30 × 3/5 = 188 → 0.88.
		{"after_last_milestone", line, up, 185, 2023, 188, 0.88, 0.85, scoring.PlanBehind},
		// After the target year: the target, 1.
		{"after_target_year_behind", line, up, 199, 2027, 200, 1, 0.99, scoring.PlanBehind},
		{"after_target_year_achieved", line, up, 200, 2027, 200, 1, 1, scoring.PlanAchieved},
		// Lower is better: 2022 → 50 − 30 × 2/5 = 38 → (38 − 60) / −40 = 0.55.
		// x = 40: (40 − 60) / −40 = 0.5 → behind; x = 38 → ahead.
		{"lower_behind", cut, down, 40, 2022, 38, 0.55, 0.5, scoring.PlanBehind},
		{"lower_ahead", cut, down, 38, 2022, 38, 0.55, 0.55, scoring.PlanAhead},
		{"lower_achieved", cut, down, 19, 2022, 38, 0.55, 1.025, scoring.PlanAchieved},
		// 2020 expects 120 → 1.2, clamped to 1; 95 is 0.95 → behind.
		{"expected_clamped", over, up, 95, 2020, 120, 1, 0.95, scoring.PlanBehind},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.line.ValueAt(tt.year); !near(got, tt.expValue) {
				t.Errorf("ValueAt(%d) = %g, want %g", tt.year, got, tt.expValue)
			}
			p, ok := scoring.ProgressOn(tt.line, tt.b, tt.x, tt.year)
			if !ok {
				t.Fatal("ProgressOn: no plan")
			}
			assertNear(t, "expected value", p.ExpectedValue, tt.expValue)
			assertNear(t, "expected", p.Expected, tt.exp)
			assertNear(t, "progress", p.Progress, tt.progress)
			if p.Status != tt.status {
				t.Errorf("status %s, want %s", p.Status, tt.status)
			}
		})
	}
	t.Run("no_plan_when_target_equals_baseline", func(t *testing.T) {
		flat := scoring.PlanLine{BaselineYear: 2015, BaselineValue: 5, TargetYear: 2025, TargetValue: 5}
		if _, ok := scoring.ProgressOn(flat, up, 5, 2020); ok {
			t.Error("a flat plan drew a plan status")
		}
	})
}

func TestPlanLineValidate(t *testing.T) {
	base := func(ms ...scoring.Milestone) scoring.PlanLine {
		return scoring.PlanLine{BaselineYear: 2015, BaselineValue: 1, TargetYear: 2025, TargetValue: 2, Milestones: ms}
	}
	tests := []struct {
		name string
		line scoring.PlanLine
		ok   bool
	}{
		{"ok", base(scoring.Milestone{Year: 2018, Value: 1.2}, scoring.Milestone{Year: 2020, Value: 1.5}), true},
		{"milestones_out_of_order", base(scoring.Milestone{Year: 2020, Value: 1.5}, scoring.Milestone{Year: 2018, Value: 1.2}), false},
		{"milestone_on_baseline_year", base(scoring.Milestone{Year: 2015, Value: 1.2}), false},
		{"milestone_after_target_year", base(scoring.Milestone{Year: 2026, Value: 1.2}), false},
		{"milestone_not_finite", base(scoring.Milestone{Year: 2020, Value: math.NaN()}), false},
		{"target_not_finite", scoring.PlanLine{BaselineYear: 2015, TargetYear: 2025, TargetValue: math.Inf(1)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.line.Validate(); (err == nil) != tt.ok {
				t.Errorf("Validate() = %v, want ok=%v", err, tt.ok)
			}
		})
	}
	t.Run("compute_refuses_a_bad_plan", func(t *testing.T) {
		opts := scoring.Options{Zone: "z", Year: 2020, Plans: map[string]scoring.PlanLine{
			"a1": base(scoring.Milestone{Year: 2020, Value: 1.5}, scoring.Milestone{Year: 2018, Value: 1.2})}}
		if _, err := scoring.Compute(demoFramework(), demoValues(), opts); err == nil {
			t.Error("Compute accepted milestones out of order")
		}
	})
}

// planFramework has three indicators on 0–100 (higher is better): p1 and
// p2 with the catalogue plan 20 (2015) → 100 (2025), p3 with none.
func planFramework() scoring.Framework {
	ind := func(code string, plan bool) scoring.Indicator {
		i := scoring.Indicator{Code: code, Perspective: "a", Best: ptr(100), Worst: ptr(0), Green: ptr(80), Weight: 1, Points: 10}
		if plan {
			i.BaselineValue, i.BaselineYear, i.TargetValue, i.TargetYear = ptr(20), 2015, ptr(100), 2025
		}
		return i
	}
	return scoring.Framework{Code: "plans", Perspectives: []scoring.Perspective{{Code: "a", Weight: 1}},
		Indicators: []scoring.Indicator{ind("p1", true), ind("p2", true), ind("p3", false)}}
}

func TestComputeZonePlans(t *testing.T) {
	values := []scoring.Value{annual("p1", 2020, 50), annual("p2", 2020, 50), annual("p3", 2020, 50)}
	// Zone A plans p1 from 40 (2018) to 60 (2022) and p3 from 30 (2016)
	// to 90 (2026); zone B plans p1 from 40 (2018) to 50 (2019).
	zoneA := map[string]scoring.PlanLine{
		"p1": {BaselineYear: 2018, BaselineValue: 40, TargetYear: 2022, TargetValue: 60},
		"p3": {BaselineYear: 2016, BaselineValue: 30, TargetYear: 2026, TargetValue: 90},
	}
	zoneB := map[string]scoring.PlanLine{"p1": {BaselineYear: 2018, BaselineValue: 40, TargetYear: 2019, TargetValue: 50}}
	type want struct {
		source             scoring.PlanSource // "" = no plan status
		progress, expected float64
		status             scoring.PlanStatus
	}
	tests := []struct {
		name  string
		plans map[string]scoring.PlanLine
		rows  map[string]want
	}{
		// Catalogue: (50 − 20) / 80 = 0.375 < (2020 − 2015) / 10 = 0.5.
		{"catalogue_only", nil, map[string]want{
			"p1": {scoring.PlanFromCatalogue, 0.375, 0.5, scoring.PlanBehind},
			"p2": {scoring.PlanFromCatalogue, 0.375, 0.5, scoring.PlanBehind},
			"p3": {}}},
		// Zone A, p1: (50 − 40) / 20 = 0.5 ≥ (2020 − 2018) / 4 = 0.5 → ahead;
		// p2 falls back to the catalogue; p3: (50 − 30) / 60 = 0.333 ≥ 0.4? no → behind.
		{"zone_a", zoneA, map[string]want{
			"p1": {scoring.PlanFromZone, 0.5, 0.5, scoring.PlanAhead},
			"p2": {scoring.PlanFromCatalogue, 0.375, 0.5, scoring.PlanBehind},
			"p3": {scoring.PlanFromZone, 20.0 / 60, 0.4, scoring.PlanBehind}}},
		// Zone B, p1: 50 reaches its target 50 → achieved (same value as zone A).
		{"zone_b", zoneB, map[string]want{
			"p1": {scoring.PlanFromZone, 1, 1, scoring.PlanAchieved},
			"p2": {scoring.PlanFromCatalogue, 0.375, 0.5, scoring.PlanBehind},
			"p3": {}}},
		// A zone line without a baseline is not a plan: the catalogue's stands.
		{"incomplete_zone_line", map[string]scoring.PlanLine{"p1": {TargetYear: 2022, TargetValue: 60}}, map[string]want{
			"p1": {scoring.PlanFromCatalogue, 0.375, 0.5, scoring.PlanBehind}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			card := mustCompute(t, planFramework(), values, scoring.Options{Zone: "z", Year: 2020, Plans: tt.plans})
			for _, row := range card.Indicators {
				w, ok := tt.rows[row.IndicatorCode]
				if !ok {
					continue
				}
				assertNear(t, row.IndicatorCode+" score", *row.Score, 50) // always the catalogue's bounds
				if w.source == "" {
					if row.PlanStatus != nil || row.PlanSource != nil || row.Explanation.Plan != nil {
						t.Errorf("%s: plan %v source %v, want none", row.IndicatorCode, row.PlanStatus, row.PlanSource)
					}
					continue
				}
				if row.PlanStatus == nil || row.PlanSource == nil || *row.PlanSource != w.source || *row.PlanStatus != w.status {
					t.Fatalf("%s: status %v source %v, want %s %s", row.IndicatorCode, row.PlanStatus, row.PlanSource, w.status, w.source)
				}
				assertNear(t, row.IndicatorCode+" progress", *row.Progress, w.progress)
				assertNear(t, row.IndicatorCode+" expected", *row.Expected, w.expected)
				if e := row.Explanation.Plan; e == nil || e.Source != w.source {
					t.Errorf("%s: plan explanation %+v, want source %s", row.IndicatorCode, e, w.source)
				}
			}
		})
	}
	t.Run("plan_explanation_contents", func(t *testing.T) {
		card := mustCompute(t, planFramework(), values, scoring.Options{Zone: "z", Year: 2020, Plans: zoneA})
		// p3: expected value 30 + 60 × 4/10 = 54.
		want := scoring.PlanExplanation{Source: scoring.PlanFromZone, BaselineYear: 2016, BaselineValue: 30,
			TargetYear: 2026, TargetValue: 90, ExpectedValue: 54}
		if got := card.Indicators[2].Explanation.Plan; got == nil || *got != want {
			t.Errorf("p3 plan explanation = %+v, want %+v", got, want)
		}
		// p2, catalogue: 20 + 80 × 0.5 = 60.
		if got := card.Indicators[1].Explanation.Plan; got == nil || got.Source != scoring.PlanFromCatalogue || !near(got.ExpectedValue, 60) {
			t.Errorf("p2 plan explanation = %+v, want catalogue, expected value 60", got)
		}
	})
}

func TestTrendTargetYearFromZonePlan(t *testing.T) {
	// p3 has no catalogue target year, so T = 2030. Green 80; 2015 → 20,
	// 2020 → 35: obs = 15 / 5 = 3.
	values := []scoring.Value{annual("p3", 2015, 20), annual("p3", 2020, 35)}
	tests := []struct {
		name  string
		plans map[string]scoring.PlanLine
		want  scoring.Trend
	}{
		// req = (80 − 20) / (2030 − 2015) = 4; 3 ≥ 2 → moderately improving.
		{"default_target_year", nil, scoring.TrendModeratelyImproving},
		// req = 60 / (2022 − 2015) = 8.57; 3 < 4.29 → stagnating.
		{"zone_target_2022", map[string]scoring.PlanLine{"p3": {BaselineYear: 2015, BaselineValue: 20, TargetYear: 2022, TargetValue: 80}}, scoring.TrendStagnating},
		// req = 60 / (2035 − 2015) = 3; 3 ≥ 3 → on track.
		{"zone_target_2035", map[string]scoring.PlanLine{"p3": {BaselineYear: 2015, BaselineValue: 20, TargetYear: 2035, TargetValue: 80}}, scoring.TrendOnTrack},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			card := mustCompute(t, planFramework(), values, scoring.Options{Zone: "z", Year: 2020, Plans: tt.plans})
			if tr := card.Indicators[2].Trend; tr == nil || *tr != tt.want {
				t.Errorf("trend = %v, want %s", tr, tt.want)
			}
		})
	}
}
