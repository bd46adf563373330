package scoring_test

import (
	"math"
	"strings"
	"testing"

	"igmc/scoring"
)

func TestResolve(t *testing.T) {
	tests := []struct {
		name string
		ind  scoring.Indicator
		want scoring.Bounds
	}{
		{
			name: "explicit_bounds_kept",
			ind:  up(),
			want: scoring.Bounds{Best: 100, Worst: 0, Green: 80, Red: 40, HigherIsBetter: true},
		},
		{
			// best = target 30, worst = baseline 10, green = best = 30,
			// red = 10 + (30 − 10) / 2 = 20 (scores 50).
			name: "defaults_from_target_and_baseline",
			ind:  scoring.Indicator{Code: "x", BaselineValue: ptr(10), TargetValue: ptr(30), Weight: 1},
			want: scoring.Bounds{Best: 30, Worst: 10, Green: 30, Red: 20, HigherIsBetter: true},
		},
		{
			// best = 2, worst = 10, red = 10 + (2 − 10) / 2 = 6.
			name: "defaults_lower_is_better",
			ind:  scoring.Indicator{Code: "x", BaselineValue: ptr(10), TargetValue: ptr(2), Weight: 1},
			want: scoring.Bounds{Best: 2, Worst: 10, Green: 2, Red: 6, HigherIsBetter: false},
		},
		{
			// Explicit best 50 wins over target 30; red = 0 + 50 / 2 = 25.
			name: "explicit_best_wins_over_target",
			ind:  scoring.Indicator{Code: "x", Best: ptr(50), Worst: ptr(0), TargetValue: ptr(30), BaselineValue: ptr(5), Weight: 1},
			want: scoring.Bounds{Best: 50, Worst: 0, Green: 50, Red: 25, HigherIsBetter: true},
		},
		{
			// Green 70 given, red defaults to 100 / 2 = 50 ≤ 70.
			name: "green_given_red_default",
			ind:  scoring.Indicator{Code: "x", Best: ptr(100), Worst: ptr(0), Green: ptr(70), Weight: 1},
			want: scoring.Bounds{Best: 100, Worst: 0, Green: 70, Red: 50, HigherIsBetter: true},
		},
		{
			name: "red_equal_to_worst_allowed",
			ind:  scoring.Indicator{Code: "x", Best: ptr(100), Worst: ptr(0), Green: ptr(80), Red: ptr(0), Weight: 1},
			want: scoring.Bounds{Best: 100, Worst: 0, Green: 80, Red: 0, HigherIsBetter: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := scoring.Resolve(tt.ind)
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			if got != tt.want {
				t.Errorf("Resolve = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestResolveErrors(t *testing.T) {
	tests := []struct {
		name string
		ind  scoring.Indicator
		want string
	}{
		{"best_equals_worst", scoring.Indicator{Code: "x", Best: ptr(5), Worst: ptr(5)}, "best and worst are both 5"},
		{"target_equals_baseline", scoring.Indicator{Code: "x", TargetValue: ptr(5), BaselineValue: ptr(5)}, "best and worst are both 5"},
		{"no_best_no_target", scoring.Indicator{Code: "x", Worst: ptr(0)}, "best is not given"},
		{"no_worst_no_baseline", scoring.Indicator{Code: "x", Best: ptr(1)}, "worst is not given"},
		{"green_beyond_best", scoring.Indicator{Code: "x", Best: ptr(100), Worst: ptr(0), Green: ptr(110)}, "green 110 lies outside"},
		{"green_beyond_best_lower_is_better", scoring.Indicator{Code: "x", Best: ptr(0), Worst: ptr(100), Green: ptr(-1)}, "green -1 lies outside"},
		// Green 30 scores 30, so the default red (50) would be better than green.
		{"default_red_beyond_green", scoring.Indicator{Code: "x", Best: ptr(100), Worst: ptr(0), Green: ptr(30)}, "red 50 must lie between"},
		{"red_below_worst", scoring.Indicator{Code: "x", Best: ptr(100), Worst: ptr(0), Red: ptr(-5)}, "red -5 must lie between"},
		{"not_finite", scoring.Indicator{Code: "x", Best: ptr(math.Inf(1)), Worst: ptr(0)}, "finite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scoring.Resolve(tt.ind)
			if err == nil {
				t.Fatal("Resolve: no error")
			}
			if !strings.HasPrefix(err.Error(), "scoring: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want prefix %q and %q", err, "scoring: ", tt.want)
			}
		})
	}
}

func TestIndicatorValidate(t *testing.T) {
	ok := up()
	tests := []struct {
		name   string
		modify func(*scoring.Indicator)
		want   string // "" = valid
	}{
		{"ok", func(*scoring.Indicator) {}, ""},
		{"ok_annual_without_aggregation", func(i *scoring.Indicator) { i.Frequency = scoring.Annual }, ""},
		{"ok_quarterly_with_aggregation", func(i *scoring.Indicator) { i.Frequency, i.Aggregation = scoring.Quarterly, scoring.AggregateSum }, ""},
		{"quarterly_without_aggregation", func(i *scoring.Indicator) { i.Frequency = scoring.Quarterly }, "needs an aggregation"},
		{"unknown_frequency", func(i *scoring.Indicator) { i.Frequency = "weekly" }, "unknown frequency"},
		{"unknown_aggregation", func(i *scoring.Indicator) { i.Aggregation = "median" }, "unknown aggregation"},
		{"zero_weight", func(i *scoring.Indicator) { i.Weight = 0 }, "weight must be"},
		{"negative_points", func(i *scoring.Indicator) { i.Points = -1 }, "points must be"},
		{"no_code", func(i *scoring.Indicator) { i.Code = "" }, "without a code"},
		{"bad_bounds", func(i *scoring.Indicator) { i.Worst = ptr(100) }, "best and worst"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ind := ok
			tt.modify(&ind)
			err := ind.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Validate: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("Validate = %v, want error containing %q", err, tt.want)
			}
		})
	}
}

func TestScore(t *testing.T) {
	tests := []struct {
		name string
		ind  scoring.Indicator
		x    float64
		want float64
	}{
		{"higher_inside", up(), 75, 75},
		{"higher_at_best", up(), 100, 100},
		{"higher_at_worst", up(), 0, 0},
		{"higher_beyond_best_clamped", up(), 120, 100},
		{"higher_beyond_worst_clamped", up(), -5, 0},
		// 100 · (4 − 100) / (0 − 100) = 96.
		{"lower_inside", down(), 4, 96},
		{"lower_beyond_best_clamped", down(), -1, 100},
		{"lower_beyond_worst_clamped", down(), 130, 0},
		// best 50, worst 20: 100 · (29 − 20) / 30 = 30.
		{"higher_offset_scale", scoring.Indicator{Code: "x", Best: ptr(50), Worst: ptr(20), Weight: 1}, 29, 30},
		// best 2, worst 10: 100 · (4 − 10) / (2 − 10) = 100 · −6 / −8 = 75.
		{"lower_offset_scale", scoring.Indicator{Code: "x", Best: ptr(2), Worst: ptr(10), Weight: 1}, 4, 75},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertNear(t, "Score", mustResolve(t, tt.ind).Score(tt.x), tt.want)
		})
	}
}

func TestRating(t *testing.T) {
	tests := []struct {
		name string
		ind  scoring.Indicator
		x    float64
		want scoring.Rating
	}{
		{"higher_green_on_threshold", up(), 80, scoring.RatingGreen},
		{"higher_green_beyond_best", up(), 150, scoring.RatingGreen},
		{"higher_yellow_just_below_green", up(), 79.9, scoring.RatingYellow},
		{"higher_yellow_on_mid", up(), 60, scoring.RatingYellow},
		{"higher_orange_just_below_mid", up(), 59.9, scoring.RatingOrange},
		{"higher_orange_on_red", up(), 40, scoring.RatingOrange},
		{"higher_red_just_below_red", up(), 39.9, scoring.RatingRed},
		{"higher_red_beyond_worst", up(), -10, scoring.RatingRed},
		{"lower_green_on_threshold", down(), 20, scoring.RatingGreen},
		{"lower_green_beyond_best", down(), -3, scoring.RatingGreen},
		{"lower_yellow_just_above_green", down(), 20.1, scoring.RatingYellow},
		{"lower_yellow_on_mid", down(), 40, scoring.RatingYellow},
		{"lower_orange_just_above_mid", down(), 40.1, scoring.RatingOrange},
		{"lower_orange_on_red", down(), 60, scoring.RatingOrange},
		{"lower_red_just_above_red", down(), 60.1, scoring.RatingRed},
		// Default thresholds, best 30 worst 10: green 30, red 20, mid 25.
		{"defaults_yellow_on_mid", scoring.Indicator{Code: "x", BaselineValue: ptr(10), TargetValue: ptr(30), Weight: 1}, 25, scoring.RatingYellow},
		{"defaults_orange_on_red", scoring.Indicator{Code: "x", BaselineValue: ptr(10), TargetValue: ptr(30), Weight: 1}, 20, scoring.RatingOrange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustResolve(t, tt.ind).Rating(tt.x); got != tt.want {
				t.Errorf("Rating(%g) = %s, want %s", tt.x, got, tt.want)
			}
		})
	}
}

func TestLevel(t *testing.T) {
	redAtWorst := scoring.Indicator{Code: "x", Best: ptr(100), Worst: ptr(0), Green: ptr(80), Red: ptr(0), Weight: 1}
	greenAtBest := scoring.Indicator{Code: "x", Best: ptr(100), Worst: ptr(0), Red: ptr(40), Weight: 1}
	tests := []struct {
		name string
		ind  scoring.Indicator
		x    float64
		want float64
	}{
		{"worst_is_0", up(), 0, 0},
		{"below_worst_clamped_to_0", up(), -10, 0},
		{"between_worst_and_red", up(), 20, 0.5},          // 20 / 40
		{"red_is_1", up(), 40, 1},                         //
		{"mid_is_1_5", up(), 60, 1.5},                     // 1 + 20 / 40
		{"green_is_2", up(), 80, 2},                       //
		{"between_green_and_best", up(), 90, 2.5},         // 2 + 10 / 20
		{"best_is_3", up(), 100, 3},                       //
		{"beyond_best_clamped_to_3", up(), 120, 3},        //
		{"lower_between_worst_and_red", down(), 80, 0.5},  // (100 − 80) / (100 − 60) = 20 / 40
		{"lower_mid", down(), 40, 1.5},                    // 1 + (60 − 40) / (60 − 20)
		{"lower_between_green_and_best", down(), 10, 2.5}, // 2 + (20 − 10) / 20
		{"lower_beyond_worst", down(), 101, 0},
		{"red_equal_worst_maps_to_1", redAtWorst, 0, 1},
		{"red_equal_worst_below_is_0", redAtWorst, -1, 0},
		{"red_equal_worst_between", redAtWorst, 40, 1.5}, // 1 + 40 / 80
		{"green_equal_best_maps_to_2", greenAtBest, 100, 2},
		{"green_equal_best_beyond_is_3", greenAtBest, 101, 3},
		{"green_equal_best_between", greenAtBest, 70, 1.5}, // 1 + 30 / 60
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertNear(t, "Level", mustResolve(t, tt.ind).Level(tt.x), tt.want)
		})
	}
}

func TestScoreIsNeverNegativeZero(t *testing.T) {
	// Lower is better, x exactly at worst: 100·(60−60)/(10−60) is −0 in IEEE
	// arithmetic; a scorecard must show 0.
	b := scoring.Bounds{Best: 10, Worst: 60, Green: 10, Red: 35}
	if s := b.Score(60); s != 0 || math.Signbit(s) {
		t.Fatalf("Score(worst) = %v (sign bit %v), want +0", s, math.Signbit(s))
	}
}
