package scoring_test

import (
	"slices"
	"testing"

	"igmc/scoring"
)

func TestBoundsExplain(t *testing.T) {
	upB, downB := mustResolve(t, up()), mustResolve(t, down())
	// Default green = best 100, red = 50 (mid 75).
	plain := mustResolve(t, scoring.Indicator{Code: "x", Best: ptr(100), Worst: ptr(0), Weight: 1})
	// Red = worst 0, green 80 (mid 40).
	redAtWorst := mustResolve(t, scoring.Indicator{Code: "x", Best: ptr(100), Worst: ptr(0), Green: ptr(80), Red: ptr(0), Weight: 1})
	th := func(name string, v float64) *scoring.Threshold { return &scoring.Threshold{Name: name, Value: v} }
	tests := []struct {
		name         string
		b            scoring.Bounds
		x            float64
		lower, upper *scoring.Threshold
	}{
		// up(): best 100, green 80, mid 60, red 40, worst 0.
		{"up_beyond_best", upB, 120, th("best", 100), nil},
		{"up_at_best", upB, 100, th("best", 100), nil},
		{"up_green", upB, 90, th("green", 80), th("best", 100)},
		{"up_on_green", upB, 80, th("green", 80), th("best", 100)},
		{"up_yellow", upB, 70, th("mid", 60), th("green", 80)},
		{"up_orange", upB, 50, th("red", 40), th("mid", 60)},
		{"up_red", upB, 10, th("worst", 0), th("red", 40)},
		{"up_beyond_worst", upB, -5, nil, th("worst", 0)},
		// down(): best 0, green 20, mid 40, red 60, worst 100.
		{"down_green", downB, 10, th("green", 20), th("best", 0)},
		{"down_yellow", downB, 30, th("mid", 40), th("green", 20)},
		{"down_on_mid", downB, 40, th("mid", 40), th("green", 20)},
		{"down_orange", downB, 50, th("red", 60), th("mid", 40)},
		{"down_red", downB, 80, th("worst", 100), th("red", 60)},
		{"down_beyond_worst", downB, 110, nil, th("worst", 100)},
		// green = best: the colour threshold is named, nothing above it.
		{"green_is_best", plain, 100, th("green", 100), nil},
		{"below_default_green", plain, 90, th("mid", 75), th("green", 100)},
		// red = worst: on it the value is orange, explained by red.
		{"red_is_worst", redAtWorst, 0, th("red", 0), th("mid", 40)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, upper := tt.b.Explain(tt.x)
			if !sameThreshold(lo, tt.lower) || !sameThreshold(upper, tt.upper) {
				t.Errorf("Explain(%g) = %v, %v; want %v, %v", tt.x, lo, upper, tt.lower, tt.upper)
			}
		})
	}
	// The colour is always that of the lower threshold's band.
	band := map[string]scoring.Rating{"best": scoring.RatingGreen, "green": scoring.RatingGreen, "mid": scoring.RatingYellow,
		"red": scoring.RatingOrange, "worst": scoring.RatingRed, "": scoring.RatingRed}
	for _, b := range []scoring.Bounds{upB, downB, plain, redAtWorst} {
		for x := -10.0; x <= 110; x += 0.5 {
			lo, _ := b.Explain(x)
			name := ""
			if lo != nil {
				name = lo.Name
			}
			if band[name] != b.Rating(x) {
				t.Errorf("%+v: x = %g rated %s but explained by %q", b, x, b.Rating(x), name)
			}
		}
	}
}

func sameThreshold(a, b *scoring.Threshold) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

func TestComputeExplanations(t *testing.T) {
	card := mustCompute(t, demoFramework(), demoValues(), scoring.Options{Zone: "z1", Year: 2020})
	// a1 = 60 on best 100, worst 0, green 100 (default), red 50, mid 75:
	// orange between red 50 and mid 75. a2 = 10 on best 0, worst 50,
	// green 0, red 25, mid 12.5: yellow between mid 12.5 and green 0.
	tests := []struct {
		code         string
		lower, upper scoring.Threshold
	}{
		{"a1", scoring.Threshold{Name: "red", Value: 50}, scoring.Threshold{Name: "mid", Value: 75}},
		{"a2", scoring.Threshold{Name: "mid", Value: 12.5}, scoring.Threshold{Name: "green", Value: 0}},
		// b1 = 5 exactly on red 5 (best 10, worst 0): between red and mid 7.5.
		{"b1", scoring.Threshold{Name: "red", Value: 5}, scoring.Threshold{Name: "mid", Value: 7.5}},
	}
	for _, tt := range tests {
		row := card.Indicators[slices.IndexFunc(card.Indicators, func(r scoring.IndicatorCard) bool { return r.IndicatorCode == tt.code })]
		e := row.Explanation
		if e == nil || e.Rating == nil || e.Rating.Rule != scoring.RuleThresholds || e.Rating.Lower == nil || e.Rating.Upper == nil {
			t.Fatalf("%s: explanation %+v", tt.code, e)
		}
		if *e.Rating.Lower != tt.lower || *e.Rating.Upper != tt.upper {
			t.Errorf("%s: between %+v and %+v, want %+v and %+v", tt.code, *e.Rating.Lower, *e.Rating.Upper, tt.lower, tt.upper)
		}
	}
	// a1 has the catalogue plan: expected value 20 + 80 × 0.5 = 60.
	if p := card.Indicators[0].Explanation.Plan; p == nil || p.Source != scoring.PlanFromCatalogue || !near(p.ExpectedValue, 60) || p.BaselineYear != 2015 || p.TargetYear != 2025 {
		t.Errorf("a1 plan explanation %+v", p)
	}
	if card.Indicators[1].Explanation.Plan != nil {
		t.Error("a2 has no plan but explains one")
	}
	if card.Indicators[4].Explanation != nil { // b3: no value
		t.Errorf("b3 without a value has an explanation %+v", card.Indicators[4].Explanation)
	}
	// Perspective a: levels a1 1.2 and a2 1.6, both of its two: the weakest
	// link, a1 (lowest) first. Perspective b: b1 level 1, b2 level 1.5.
	for i, want := range [][]string{{"a1", "a2"}, {"b1", "b2"}} {
		e := card.Perspectives[i].Explanation
		if e == nil || e.Rating == nil || e.Rating.Rule != scoring.RuleWeakestLink || !slices.Equal(e.Rating.Indicators, want) {
			t.Errorf("perspective %s explanation %+v, want weakest link %v", card.Perspectives[i].Code, e.Rating, want)
		}
	}
}

func TestPerspectiveExplanationRules(t *testing.T) {
	fw := naFramework() // a: a1, a2, a3; b: b1, b2; c: c1
	tests := []struct {
		name   string
		values []scoring.Value
		persp  int
		rule   string
		codes  []string
	}{
		// Three values 100, 40, 70 → levels 3, 1, 1.75: the two lowest a2, a3.
		{"weakest_link_two_lowest", []scoring.Value{annual("a1", 2020, 100), annual("a2", 2020, 40), annual("a3", 2020, 70)}, 0, scoring.RuleWeakestLink, []string{"a2", "a3"}},
		// b: one value of two is 50% coverage: that value's colour.
		{"single_indicator", []scoring.Value{annual("b2", 2020, 90)}, 1, scoring.RuleSingleIndicator, []string{"b2"}},
		// a: one value of three is under 50%: gray.
		{"insufficient_data", []scoring.Value{annual("a1", 2020, 90)}, 0, scoring.RuleInsufficientData, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			card := mustCompute(t, fw, tt.values, scoring.Options{Zone: "z", Year: 2020})
			e := card.Perspectives[tt.persp].Explanation
			if e == nil || e.Rating == nil || e.Rating.Rule != tt.rule || !slices.Equal(e.Rating.Indicators, tt.codes) {
				t.Errorf("explanation %+v, want %s %v", e.Rating, tt.rule, tt.codes)
			}
		})
	}
}
