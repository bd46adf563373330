package scoring_test

import (
	"testing"

	"igmc/scoring"
)

func TestPerspectiveRating(t *testing.T) {
	// With up(): levels 100 → 3, 90 → 2.5, 85 → 2.25, 80 → 2 (green),
	// 70 → 1.75, 60 → 1.5 (yellow), 50 → 1.25, 40 → 1 (orange),
	// 30 → 0.75, 20 → 0.5, 10 → 0.25, 0 → 0 (red).
	upB := mustResolve(t, up())
	downB := mustResolve(t, down())
	redAtWorst := mustResolve(t, scoring.Indicator{Code: "x", Best: ptr(100), Worst: ptr(0), Green: ptr(80), Red: ptr(0), Weight: 1})
	read := func(b scoring.Bounds, xs ...float64) []scoring.Reading {
		var rs []scoring.Reading
		for _, x := range xs {
			rs = append(rs, b.Reading(x))
		}
		return rs
	}
	tests := []struct {
		name       string
		indicators int
		readings   []scoring.Reading
		want       scoring.Rating
	}{
		{"gray_coverage_4_of_9", 9, read(upB, 90, 90, 90, 90), scoring.RatingGray},
		{"gray_single_value_1_of_3", 3, read(upB, 90), scoring.RatingGray},
		{"gray_no_values", 4, nil, scoring.RatingGray},
		{"gray_no_indicators", 0, nil, scoring.RatingGray},
		// 2 of 4 = 50%: (2.5 + 2.25) / 2 = 2.375, both green.
		{"green_coverage_exactly_half", 4, read(upB, 90, 85), scoring.RatingGreen},
		{"single_value_takes_its_colour_orange", 2, read(upB, 50), scoring.RatingOrange},
		{"single_value_takes_its_colour_green", 1, read(upB, 80), scoring.RatingGreen},
		{"single_value_takes_its_colour_red", 1, read(upB, 0), scoring.RatingRed},
		// Lowest two 80 (2) and 90 (2.5): 2.25.
		{"green_both_green", 3, read(upB, 90, 80, 100), scoring.RatingGreen},
		// Lowest two 70 (1.75) and 100 (3): 2.375 ≥ 2 but 70 is yellow.
		{"yellow_not_both_green", 3, read(upB, 100, 100, 70), scoring.RatingYellow},
		{"yellow_on_mid", 2, read(upB, 60, 60), scoring.RatingYellow},                         // 1.5
		{"yellow", 3, read(upB, 70, 90, 100), scoring.RatingYellow},                           // (1.75 + 2.5) / 2 = 2.125, 70 yellow
		{"orange", 2, read(upB, 50, 50), scoring.RatingOrange},                                // 1.25
		{"orange_on_red_threshold", 2, read(upB, 40, 40), scoring.RatingOrange},               // 1
		{"yellow_exactly_1_5", 2, read(upB, 50, 70), scoring.RatingYellow},                    // (1.25 + 1.75) / 2 = 1.5
		{"orange_just_below_1_5", 2, read(upB, 50, 60), scoring.RatingOrange},                 // (1.25 + 1.5) / 2 = 1.375
		{"orange_not_both_red", 2, read(upB, 0, 50), scoring.RatingOrange},                    // (0 + 1.25) / 2 = 0.625
		{"red_both_red", 3, read(upB, 20, 30, 90), scoring.RatingRed},                         // (0.5 + 0.75) / 2 = 0.625
		{"red_weakest_link_ignores_strong", 4, read(upB, 100, 0, 10, 100), scoring.RatingRed}, // (0 + 0.25) / 2
		// Red = worst = 0: value 0 maps to 1 (orange), average 1 → orange.
		{"red_equal_worst_maps_to_1", 2, read(redAtWorst, 0, 0), scoring.RatingOrange},
		// −5 maps to 0 (red), 0 maps to 1 (orange): 0.5, not both red.
		{"red_equal_worst_below_worst", 2, read(redAtWorst, -5, 0), scoring.RatingOrange},
		{"red_equal_worst_both_below", 2, read(redAtWorst, -5, -10), scoring.RatingRed},
		// Lower is better: 10 → 2.5, 20 → 2: 2.25, both green.
		{"lower_green", 2, read(downB, 10, 20), scoring.RatingGreen},
		// 40 → 1.5 (yellow), 10 → 2.5: 2, not both green.
		{"lower_yellow_not_both_green", 2, read(downB, 40, 10), scoring.RatingYellow},
		// 80 → 0.5, 90 → 0.25: 0.375, both red.
		{"lower_red", 2, read(downB, 80, 90), scoring.RatingRed},
		// Mixed directions: up 85 → 2.25, down 40 → 1.5: 1.875 → yellow.
		{"mixed_directions", 2, append(read(upB, 85), read(downB, 40)...), scoring.RatingYellow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scoring.PerspectiveRating(tt.indicators, tt.readings); got != tt.want {
				t.Errorf("PerspectiveRating = %s, want %s", got, tt.want)
			}
		})
	}
}
