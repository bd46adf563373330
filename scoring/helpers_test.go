package scoring_test

import (
	"math"
	"testing"

	"igmc/scoring"
)

// eps is the tolerance for comparing computed floats with hand arithmetic.
const eps = 1e-9

func ptr(x float64) *float64 { return &x }

func near(a, b float64) bool { return math.Abs(a-b) <= eps }

func assertNear(t *testing.T, what string, got, want float64) {
	t.Helper()
	if !near(got, want) {
		t.Errorf("%s = %.12g, want %.12g", what, got, want)
	}
}

// mustResolve resolves bounds for a test indicator or stops the test.
func mustResolve(t *testing.T, ind scoring.Indicator) scoring.Bounds {
	t.Helper()
	b, err := scoring.Resolve(ind)
	if err != nil {
		t.Fatalf("Resolve(%s): %v", ind.Code, err)
	}
	return b
}

// up is a higher-is-better indicator on 0–100 with green 80 and red 40
// (mid = (80 + 40) / 2 = 60).
func up() scoring.Indicator {
	return scoring.Indicator{Code: "up", Perspective: "p", Best: ptr(100), Worst: ptr(0), Green: ptr(80), Red: ptr(40), Weight: 1}
}

// down is a lower-is-better indicator: best 0, worst 100, green 20, red 60
// (mid = (20 + 60) / 2 = 40).
func down() scoring.Indicator {
	return scoring.Indicator{Code: "down", Perspective: "p", Best: ptr(0), Worst: ptr(100), Green: ptr(20), Red: ptr(60), Weight: 1}
}
