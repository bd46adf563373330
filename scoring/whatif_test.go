package scoring_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"igmc/scoring"
)

func TestWhatIfDifferences(t *testing.T) {
	values := demoValues()
	kept := slices.Clone(values)
	// a2 10 → 0 (at best: score 100, green, 20 points); b3 gets 1 (best:
	// score 100, green, 50 points).
	res, err := scoring.WhatIf(demoFramework(), values, scoring.Options{Zone: "z1", Year: 2020}, map[string]float64{"a2": 0, "b3": 1})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(values, kept) {
		t.Error("WhatIf changed the values it was given")
	}
	green, yellow, orange := scoring.RatingGreen, scoring.RatingYellow, scoring.RatingOrange
	good, pass := "Good", "Pass"
	want := []scoring.Difference{
		{Field: "coverage", Before: 0.8, After: 1.0}, // 4/5 → 5/5
		// a (60 + 3 × 100) / 4 = 90, b (50 + 75 + 100) / 3 = 75 →
		// (90 + 3 × 75) / 4 = 78.75.
		{Field: "index", Before: 65.625, After: 78.75},
		{Field: "points", Before: 67.0, After: 121.0}, // 6 + 20 + 15 + 30 + 50
		{Field: "grade", Before: pass, After: good},
		{Field: "perspective.a.score", Before: 75.0, After: 90.0},
		// Levels a1 1.2 and a2 2 (on green): 1.6 → yellow.
		{Field: "perspective.a.rating", Before: orange, After: yellow},
		{Field: "perspective.a.points", Before: 22.0, After: 26.0},
		// b's rating stays orange: its two lowest are still b1 (1) and b2 (1.5).
		{Field: "perspective.b.score", Before: 62.5, After: 75.0},
		{Field: "perspective.b.coverage", Before: 2.0 / 3, After: 1.0},
		{Field: "perspective.b.points", Before: 45.0, After: 95.0},
		{Field: "indicator.a2.value", Before: 10.0, After: 0.0},
		{Field: "indicator.a2.score", Before: 80.0, After: 100.0},
		{Field: "indicator.a2.rating", Before: yellow, After: green},
		{Field: "indicator.a2.points", Before: 16.0, After: 20.0},
		{Field: "indicator.b3.value", Before: nil, After: 1.0},
		{Field: "indicator.b3.score", Before: nil, After: 100.0},
		{Field: "indicator.b3.rating", Before: nil, After: green},
		{Field: "indicator.b3.points", Before: 0.0, After: 50.0},
	}
	if len(res.Differences) != len(want) {
		t.Fatalf("differences:\n%v\nwant:\n%v", res.Differences, want)
	}
	for i, w := range want {
		g := res.Differences[i]
		if g.Field != w.Field || !sameFigure(g.Before, w.Before) || !sameFigure(g.After, w.After) {
			t.Errorf("difference %d = %s %v → %v, want %s %v → %v", i, g.Field, g.Before, g.After, w.Field, w.Before, w.After)
		}
	}
	// Today is the plain scorecard.
	today := mustCompute(t, demoFramework(), demoValues(), scoring.Options{Zone: "z1", Year: 2020})
	if len(scoring.Differences(today, res.Today)) != 0 {
		t.Errorf("today differs from Compute: %v", scoring.Differences(today, res.Today))
	}
	t.Run("nothing_hypothetical", func(t *testing.T) {
		res, err := scoring.WhatIf(demoFramework(), demoValues(), scoring.Options{Zone: "z1", Year: 2020}, nil)
		if err != nil || len(res.Differences) != 0 {
			t.Errorf("differences %v, err %v; want none", res.Differences, err)
		}
	})
}

func sameFigure(a, b any) bool {
	x, okx := a.(float64)
	y, oky := b.(float64)
	if okx && oky {
		return near(x, y)
	}
	return a == b
}

func TestWhatIfReplacesTheYear(t *testing.T) {
	fw := scoring.Framework{Code: "q", Perspectives: []scoring.Perspective{{Code: "p", Weight: 1}},
		Indicators: []scoring.Indicator{
			{Code: "q", Perspective: "p", Frequency: scoring.Quarterly, Aggregation: scoring.AggregateMean, Best: ptr(100), Worst: ptr(0), Weight: 1},
			{Code: "y", Perspective: "p", Best: ptr(100), Worst: ptr(0), Weight: 1},
		}}
	values := []scoring.Value{
		{Indicator: "q", Year: 2020, Sub: 1, Value: 10, Approved: true},
		{Indicator: "q", Year: 2020, Sub: 2, Value: 20, Approved: true}, // partial: mean 15
		annual("y", 2019, 40),
		annual("y", 2020, 50),
		draft("y", 2020, 55), // not on the official card, and not what the what-if uses
	}
	res, err := scoring.WhatIf(fw, values, scoring.Options{Zone: "z", Year: 2020}, map[string]float64{"q": 0.1, "y": 70})
	if err != nil {
		t.Fatal(err)
	}
	q, y := res.WhatIf.Indicators[0], res.WhatIf.Indicators[1]
	// The hypothetical stands for the whole year: exactly 0.1, complete.
	if *res.Today.Indicators[0].Value != 15 || !res.Today.Indicators[0].Partial || *q.Value != 0.1 || q.Partial {
		t.Errorf("q today %v partial %v, what-if %v partial %v; want 15 partial, 0.1 complete", *res.Today.Indicators[0].Value, res.Today.Indicators[0].Partial, *q.Value, q.Partial)
	}
	if *y.Value != 70 || *y.Year != 2020 {
		t.Errorf("y what-if %v (%d), want 70 (2020)", *y.Value, *y.Year)
	}
	// y's trend uses the real 2019 value (40) and the hypothetical 2020 one.
	if y.Trend == nil || res.Today.Indicators[1].Trend == nil {
		t.Errorf("y trend today %v what-if %v, want both", res.Today.Indicators[1].Trend, y.Trend)
	}
	t.Run("a_year_without_a_value", func(t *testing.T) {
		res, err := scoring.WhatIf(fw, values, scoring.Options{Zone: "z", Year: 2021}, map[string]float64{"y": 80})
		if err != nil {
			t.Fatal(err)
		}
		if y := res.WhatIf.Indicators[1]; *y.Value != 80 || *y.Year != 2021 || *res.Today.Indicators[1].Year != 2020 {
			t.Errorf("y what-if %v (%d), want 80 (2021)", *y.Value, *y.Year)
		}
	})
}

func TestWhatIfRefuses(t *testing.T) {
	opts := scoring.Options{Zone: "z1", Year: 2020, NotApplicable: map[string]string{"b3": "no lake"}}
	tests := []struct {
		name string
		hypo map[string]float64
		code string
	}{
		{"unknown_indicator", map[string]float64{"a1": 1, "zz": 1}, "zz"},
		{"not_applicable", map[string]float64{"b3": 1}, "b3"},
		{"not_a_number", map[string]float64{"a2": math.NaN()}, "a2"},
		{"infinite", map[string]float64{"a2": math.Inf(-1)}, "a2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scoring.WhatIf(demoFramework(), demoValues(), opts, tt.hypo)
			var he *scoring.HypotheticalError
			if !errors.As(err, &he) || he.Indicator != tt.code {
				t.Errorf("err = %v, want a HypotheticalError on %s", err, tt.code)
			}
		})
	}
}
