package scoring_test

import (
	"testing"

	"igmc/scoring"
)

func TestEarned(t *testing.T) {
	assertNear(t, "Earned(8, 75)", scoring.Earned(8, 75), 6)         // 8 × 75 / 100
	assertNear(t, "Earned(3, 33.3)", scoring.Earned(3, 33.3), 0.999) // 3 × 33.3 / 100
	assertNear(t, "Earned(5, 0)", scoring.Earned(5, 0), 0)
}

func TestGrade(t *testing.T) {
	igmc := []scoring.GradeBand{{Min: 280, Grade: "Greenest"}, {Min: 245, Grade: "Greener"}}
	ascending := []scoring.GradeBand{{Min: 245, Grade: "Greener"}, {Min: 280, Grade: "Greenest"}}
	tests := []struct {
		name   string
		bands  []scoring.GradeBand
		earned float64
		want   string // "" = not graded
	}{
		{"greenest_at_320", igmc, 320, "Greenest"},
		{"greenest_exactly_280", igmc, 280, "Greenest"},
		{"greener_just_below_280", igmc, 279.99, "Greener"},
		{"greener_exactly_245", igmc, 245, "Greener"},
		{"not_graded_just_below_245", igmc, 244.99, ""},
		{"not_graded_at_0", igmc, 0, ""},
		// 0.1 × 2450 sums to 244.99999999999…: rounding must not cost the grade.
		{"greener_245_after_rounding", igmc, sumTenths(2450), "Greener"},
		{"bands_in_any_order", ascending, 281, "Greenest"},
		{"bands_in_any_order_lower", ascending, 250, "Greener"},
		{"no_bands", nil, 300, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := scoring.Grade(tt.bands, tt.earned)
			if ok != (tt.want != "") || got != tt.want {
				t.Errorf("Grade(%v) = %q, %v; want %q", tt.earned, got, ok, tt.want)
			}
		})
	}
}

// sumTenths adds 0.1 n times, which in binary falls a hair short of n / 10.
func sumTenths(n int) float64 {
	s := 0.0
	for range n {
		s += 0.1
	}
	return s
}
