package scoring_test

import (
	"testing"

	"igmc/scoring"
)

func pts(yv ...float64) []scoring.Point {
	var s []scoring.Point
	for i := 0; i+1 < len(yv); i += 2 {
		s = append(s, scoring.Point{Year: int(yv[i]), Value: yv[i+1]})
	}
	return s
}

func TestIndicatorTrend(t *testing.T) {
	// trendUp: best 100, worst 0, green 80, so score = value and g = 80.
	trendUp := scoring.Indicator{Code: "t", Best: ptr(100), Worst: ptr(0), Green: ptr(80), Weight: 1}
	withTarget := func(ind scoring.Indicator, year int) scoring.Indicator { ind.TargetYear = year; return ind }
	// trendDown: best 0, worst 100, green 20: score = 100 − value, g = 80.
	trendDown := scoring.Indicator{Code: "t", Best: ptr(0), Worst: ptr(100), Green: ptr(20), Weight: 1}

	none := scoring.Trend("")
	tests := []struct {
		name   string
		ind    scoring.Indicator
		series []scoring.Point
		year   int
		want   scoring.Trend // "" = no trend
	}{
		{"on_track_latest_above_green", trendUp, pts(2015, 10, 2020, 85), 2020, scoring.TrendOnTrack},
		{"on_track_latest_exactly_green", trendUp, pts(2015, 90, 2020, 80), 2020, scoring.TrendOnTrack},
		// obs = (60 − 40) / 2 = 10; req = (80 − 40) / (2025 − 2018) = 5.71.
		{"on_track_by_rate", withTarget(trendUp, 2025), pts(2018, 40, 2020, 60), 2020, scoring.TrendOnTrack},
		// obs = (40 − 20) / 5 = 4; req = (80 − 20) / (2030 − 2015) = 4.
		{"on_track_rate_exactly_required", trendUp, pts(2015, 20, 2020, 40), 2020, scoring.TrendOnTrack},
		// obs = (35 − 20) / 5 = 3; req = 4, req / 2 = 2.
		{"moderately_improving", trendUp, pts(2015, 20, 2020, 35), 2020, scoring.TrendModeratelyImproving},
		// obs = (30 − 20) / 5 = 2 = req / 2.
		{"moderately_improving_exactly_half", trendUp, pts(2015, 20, 2020, 30), 2020, scoring.TrendModeratelyImproving},
		// obs = (25 − 20) / 5 = 1 < 2.
		{"stagnating", trendUp, pts(2015, 20, 2020, 25), 2020, scoring.TrendStagnating},
		// obs = 0: flat is stagnating, not decreasing.
		{"stagnating_flat", trendUp, pts(2015, 20, 2020, 20), 2020, scoring.TrendStagnating},
		// obs = (40 − 50) / 2 = −5.
		{"decreasing", trendUp, pts(2018, 50, 2020, 40), 2020, scoring.TrendDecreasing},
		// Window [2015, 2019]: t0 = 2016 (2012 is outside).
		// obs = (44 − 40) / 4 = 1; req = (80 − 40) / 14 = 2.86, half 1.43.
		// (Using 2012 would give obs 5.5 ≥ req 4.44, on track.)
		{"gap_uses_window_only", trendUp, pts(2012, 0, 2016, 40, 2020, 44), 2020, scoring.TrendStagnating},
		// t0 is the earliest in the window (2015), not the latest (2019):
		// obs = (40 − 20) / 5 = 4 = req (80 − 20) / 15.
		{"earliest_in_window", trendUp, pts(2015, 20, 2019, 60, 2020, 40), 2020, scoring.TrendOnTrack},
		{"no_value_in_window", trendUp, pts(2010, 10, 2020, 50), 2020, none},
		{"single_value", trendUp, pts(2020, 50), 2020, none},
		{"no_value", trendUp, nil, 2020, none},
		{"no_value_as_of_year", trendUp, pts(2021, 10, 2022, 50), 2020, none},
		// As of 2020: t1 = 2018, t0 = 2015; 2022 is ignored.
		// obs = (50 − 20) / 3 = 10 ≥ req (80 − 20) / 15 = 4.
		{"as_of_ignores_later_years", trendUp, pts(2015, 20, 2018, 50, 2022, 10), 2020, scoring.TrendOnTrack},
		// Target 2016 ≤ t0 2017 → T = 2018: req = (80 − 20) / 1 = 60;
		// obs = (35 − 20) / 3 = 5 < 30. (With 2030: req 4.6, on track.)
		{"target_before_t0_uses_t0_plus_1", withTarget(trendUp, 2016), pts(2017, 20, 2020, 35), 2020, scoring.TrendStagnating},
		{"target_equal_t0_uses_t0_plus_1", withTarget(trendUp, 2017), pts(2017, 20, 2020, 35), 2020, scoring.TrendStagnating},
		// Target 2010 ≤ t0 2017 → T = 2018: req = (80 − 20) / 1 = 60,
		// req / 2 = 30; obs = (55 − 20) / 1 = 35 ≥ 30.
		{"target_before_t0_moderately", withTarget(trendUp, 2010), pts(2017, 20, 2018, 55), 2018, scoring.TrendModeratelyImproving},
		// Lower is better: scores 100 − x. 2015: x 80 → s 20; 2020: x 60 → s 40.
		// obs = 4; req = (80 − 20) / 15 = 4.
		{"lower_on_track_by_rate", trendDown, pts(2015, 80, 2020, 60), 2020, scoring.TrendOnTrack},
		// 2019: x 50 → s 50; 2020: x 55 → s 45: obs = −5.
		{"lower_decreasing", trendDown, pts(2019, 50, 2020, 55), 2020, scoring.TrendDecreasing},
		{"lower_latest_at_green", trendDown, pts(2019, 50, 2020, 20), 2020, scoring.TrendOnTrack},
		// obs = (25 − 20) / 5 = 1 with x 80 → 75: stagnating.
		{"lower_stagnating", trendDown, pts(2015, 80, 2020, 75), 2020, scoring.TrendStagnating},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := mustResolve(t, tt.ind)
			got, ok := scoring.IndicatorTrend(tt.ind, b, tt.series, tt.year)
			if ok != (tt.want != none) || got != tt.want {
				t.Errorf("IndicatorTrend = %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}

func TestPerspectiveTrend(t *testing.T) {
	const (
		on  = scoring.TrendOnTrack
		mod = scoring.TrendModeratelyImproving
		sta = scoring.TrendStagnating
		dec = scoring.TrendDecreasing
	)
	tests := []struct {
		name       string
		indicators int
		trends     []scoring.Trend
		want       scoring.Trend // "" = none
	}{
		{"on_track", 4, []scoring.Trend{on, on, mod}, on},                   // 8 / 3 = 2.67
		{"on_track_exactly_2_5_with_half", 4, []scoring.Trend{on, mod}, on}, // 5 / 2; 2 of 4
		{"moderately_improving", 2, []scoring.Trend{on, sta}, mod},          // 4 / 2 = 2
		{"moderately_improving_exactly_1_5", 2, []scoring.Trend{mod, sta}, mod},
		{"stagnating_just_below_1_5", 3, []scoring.Trend{mod, sta, sta}, sta}, // 4 / 3 = 1.33
		{"stagnating_exactly_0_5", 2, []scoring.Trend{sta, dec}, sta},
		{"decreasing", 3, []scoring.Trend{sta, dec, dec}, dec}, // 1 / 3 = 0.33
		{"decreasing_all", 1, []scoring.Trend{dec}, dec},
		{"fewer_than_half_have_a_trend", 3, []scoring.Trend{on}, ""}, // 1 of 3
		{"one_of_two_is_half", 2, []scoring.Trend{sta}, sta},
		{"none_have_a_trend", 5, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := scoring.PerspectiveTrend(tt.indicators, tt.trends)
			if ok != (tt.want != "") || got != tt.want {
				t.Errorf("PerspectiveTrend = %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}
