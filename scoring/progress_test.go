package scoring_test

import (
	"testing"

	"igmc/scoring"
)

func TestProgress(t *testing.T) {
	// plan: baseline 10 in 2015, target 30 in 2025 (higher is better; bounds
	// default to best 30, worst 10).
	plan := scoring.Indicator{Code: "p", BaselineValue: ptr(10), BaselineYear: 2015, TargetValue: ptr(30), TargetYear: 2025, Weight: 1}
	// cut: baseline 10 in 2015, target 2 in 2025 (lower is better).
	cut := scoring.Indicator{Code: "c", BaselineValue: ptr(10), BaselineYear: 2015, TargetValue: ptr(2), TargetYear: 2025, Weight: 1}
	// wide: explicit bounds 0–100 with a plan from 40 (2020) to 60 (2030).
	wide := scoring.Indicator{Code: "w", Best: ptr(100), Worst: ptr(0), BaselineValue: ptr(40), BaselineYear: 2020, TargetValue: ptr(60), TargetYear: 2030, Weight: 1}

	tests := []struct {
		name               string
		ind                scoring.Indicator
		x                  float64
		year               int
		progress, expected float64
		status             scoring.PlanStatus
	}{
		// (20 − 10) / (30 − 10) = 0.5; (2020 − 2015) / (2025 − 2015) = 0.5.
		{"ahead_exactly_on_plan", plan, 20, 2020, 0.5, 0.5, scoring.PlanAhead},
		// (22 − 10) / 20 = 0.6 ≥ 0.5.
		{"ahead", plan, 22, 2020, 0.6, 0.5, scoring.PlanAhead},
		// (18 − 10) / 20 = 0.4 < 0.5.
		{"behind", plan, 18, 2020, 0.4, 0.5, scoring.PlanBehind},
		// (5 − 10) / 20 = −0.25: going backwards, not clamped.
		{"behind_negative_progress", plan, 5, 2020, -0.25, 0.5, scoring.PlanBehind},
		{"achieved_at_target", plan, 30, 2020, 1, 0.5, scoring.PlanAchieved},
		// (35 − 10) / 20 = 1.25, not clamped.
		{"achieved_beyond_target", plan, 35, 2018, 1.25, 0.3, scoring.PlanAchieved},
		// (2030 − 2015) / 10 = 1.5 → clamped to 1; (25 − 10) / 20 = 0.75.
		{"behind_expected_clamped_to_1", plan, 25, 2030, 0.75, 1, scoring.PlanBehind},
		// (2012 − 2015) / 10 = −0.3 → clamped to 0; progress 0 ≥ 0.
		{"ahead_expected_clamped_to_0", plan, 10, 2012, 0, 0, scoring.PlanAhead},
		// (6 − 10) / (2 − 10) = 0.5 = expected.
		{"lower_ahead", cut, 6, 2020, 0.5, 0.5, scoring.PlanAhead},
		// (7 − 10) / (2 − 10) = 0.375 < 0.5.
		{"lower_behind", cut, 7, 2020, 0.375, 0.5, scoring.PlanBehind},
		{"lower_achieved_at_target", cut, 2, 2020, 1, 0.5, scoring.PlanAchieved},
		// (1 − 10) / (2 − 10) = 1.125.
		{"lower_achieved_beyond_target", cut, 1, 2020, 1.125, 0.5, scoring.PlanAchieved},
		// (12 − 10) / (2 − 10) = −0.25: worse than the baseline.
		{"lower_behind_worse_than_baseline", cut, 12, 2016, -0.25, 0.1, scoring.PlanBehind},
		// (47 − 40) / 20 = 0.35; (2023 − 2020) / 10 = 0.3.
		{"explicit_bounds_ahead", wide, 47, 2023, 0.35, 0.3, scoring.PlanAhead},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := scoring.Progress(tt.ind, mustResolve(t, tt.ind), tt.x, tt.year)
			if !ok {
				t.Fatal("Progress: no plan")
			}
			assertNear(t, "progress", got.Progress, tt.progress)
			assertNear(t, "expected", got.Expected, tt.expected)
			if got.Status != tt.status {
				t.Errorf("status = %s, want %s", got.Status, tt.status)
			}
		})
	}
}

func TestProgressNull(t *testing.T) {
	base := scoring.Indicator{Code: "p", Best: ptr(100), Worst: ptr(0), BaselineValue: ptr(10), BaselineYear: 2015, TargetValue: ptr(30), TargetYear: 2025, Weight: 1}
	tests := []struct {
		name   string
		modify func(*scoring.Indicator)
	}{
		{"null_baseline_missing", func(i *scoring.Indicator) { i.BaselineValue = nil }},
		{"null_baseline_year_missing", func(i *scoring.Indicator) { i.BaselineYear = 0 }},
		{"null_target_missing", func(i *scoring.Indicator) { i.TargetValue = nil }},
		{"null_target_year_missing", func(i *scoring.Indicator) { i.TargetYear = 0 }},
		{"null_baseline_equals_target", func(i *scoring.Indicator) { i.TargetValue = ptr(10) }},
		{"null_target_year_equals_baseline_year", func(i *scoring.Indicator) { i.TargetYear = 2015 }},
		{"null_target_year_before_baseline_year", func(i *scoring.Indicator) { i.TargetYear = 2010 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ind := base
			tt.modify(&ind)
			if got, ok := scoring.Progress(ind, mustResolve(t, ind), 20, 2020); ok {
				t.Errorf("Progress = %+v, want no plan", got)
			}
		})
	}
}
