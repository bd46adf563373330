package scoring_test

import (
	"encoding/json"
	"slices"
	"testing"

	"igmc/scoring"
)

// demoFramework has two perspectives and five indicators; its hand-computed
// scorecard for 2020 is written out in TestComputeDemo.
func demoFramework() scoring.Framework {
	return scoring.Framework{
		Code: "demo",
		Perspectives: []scoring.Perspective{
			{Code: "a", NameEn: "Alpha", NameZh: "甲", Weight: 1},
			{Code: "b", NameEn: "Beta", NameZh: "乙", Weight: 3},
		},
		Indicators: []scoring.Indicator{
			{Code: "a1", Perspective: "a", Unit: "%", Best: ptr(100), Worst: ptr(0),
				BaselineValue: ptr(20), BaselineYear: 2015, TargetValue: ptr(100), TargetYear: 2025, Weight: 1, Points: 10},
			{Code: "a2", Perspective: "a", Unit: "t", Best: ptr(0), Worst: ptr(50), Weight: 3, Points: 20},
			{Code: "b1", Perspective: "b", Best: ptr(10), Worst: ptr(0), Weight: 1, Points: 30},
			{Code: "b2", Perspective: "b", Best: ptr(200), Worst: ptr(100), Weight: 1, Points: 40},
			{Code: "b3", Perspective: "b", Best: ptr(1), Worst: ptr(0), Weight: 1, Points: 50},
		},
		GradeBands: []scoring.GradeBand{{Min: 100, Grade: "Good"}, {Min: 60, Grade: "Pass"}},
	}
}

func annual(ind string, year int, v float64) scoring.Value {
	return scoring.Value{Indicator: ind, Year: year, Value: v, Approved: true}
}

func draft(ind string, year int, v float64) scoring.Value {
	return scoring.Value{Indicator: ind, Year: year, Value: v}
}

func demoValues() []scoring.Value {
	return []scoring.Value{
		annual("a1", 2015, 20),
		annual("a1", 2020, 60),
		annual("a1", 2021, 99), // after the card's year: ignored
		annual("a2", 2020, 10),
		annual("b1", 2019, 5), // as of 2020 the latest is 2019
		annual("b2", 2020, 175),
		annual("zz", 2020, 1), // not in the framework: ignored
	}
}

func mustCompute(t *testing.T, fw scoring.Framework, values []scoring.Value, opts scoring.Options) scoring.Card {
	t.Helper()
	card, err := scoring.Compute(fw, values, opts)
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	return card
}

func TestComputeDemo(t *testing.T) {
	card := mustCompute(t, demoFramework(), demoValues(), scoring.Options{Zone: "z1", Year: 2020})

	if card.Framework != "demo" || card.Zone != "z1" || card.Year != 2020 || card.Basis != scoring.BasisOfficial || card.MethodVersion != scoring.MethodVersion {
		t.Errorf("header = %s %s %d %s %s", card.Framework, card.Zone, card.Year, card.Basis, card.MethodVersion)
	}

	type row struct {
		code        string
		value       float64
		year        int
		score       float64
		rating      scoring.Rating
		trend       scoring.Trend
		progress    float64
		expected    float64
		status      scoring.PlanStatus
		points      float64
		hasValue    bool
		hasProgress bool
	}
	want := []row{
		// a1: score 60; green 100, red 50, mid 75 → orange.
		// Trend: t0 2015 (20), t1 2020 (60): obs = 40 / 5 = 8;
		// req = (100 − 20) / (2025 − 2015) = 8 → on track.
		// Progress (60 − 20) / (100 − 20) = 0.5, expected 5 / 10 = 0.5 → ahead.
		// Points 10 × 60 / 100 = 6.
		{"a1", 60, 2020, 60, scoring.RatingOrange, scoring.TrendOnTrack, 0.5, 0.5, scoring.PlanAhead, 6, true, true},
		// a2: 100 · (10 − 50) / (0 − 50) = 80; green 0, red 25, mid 12.5 →
		// 10 is yellow. Points 20 × 0.8 = 16.
		{"a2", 10, 2020, 80, scoring.RatingYellow, "", 0, 0, "", 16, true, false},
		// b1: 2019 value 5 = red threshold (0 + 10 / 2) → orange; score 50.
		{"b1", 5, 2019, 50, scoring.RatingOrange, "", 0, 0, "", 15, true, false},
		// b2: 175 = mid of green 200 and red 150 → yellow; score 75.
		{"b2", 175, 2020, 75, scoring.RatingYellow, "", 0, 0, "", 30, true, false},
		{"b3", 0, 0, 0, "", "", 0, 0, "", 0, false, false},
	}
	if len(card.Indicators) != len(want) {
		t.Fatalf("%d indicator rows, want %d", len(card.Indicators), len(want))
	}
	for i, w := range want {
		got := card.Indicators[i]
		if got.IndicatorCode != w.code {
			t.Fatalf("row %d is %s, want %s", i, got.IndicatorCode, w.code)
		}
		if !w.hasValue {
			if got.Value != nil || got.Year != nil || got.Score != nil || got.Rating != nil || got.Trend != nil || got.Progress != nil || got.Points != 0 {
				t.Errorf("%s: want an empty row, got %+v", w.code, got)
			}
			continue
		}
		if got.Value == nil || got.Year == nil || got.Score == nil || got.Rating == nil {
			t.Fatalf("%s: missing value, year, score or rating: %+v", w.code, got)
		}
		assertNear(t, w.code+" value", *got.Value, w.value)
		assertNear(t, w.code+" score", *got.Score, w.score)
		assertNear(t, w.code+" points", got.Points, w.points)
		if *got.Year != w.year || *got.Rating != w.rating {
			t.Errorf("%s: year %d rating %s, want %d %s", w.code, *got.Year, *got.Rating, w.year, w.rating)
		}
		if (got.Trend != nil) != (w.trend != "") || got.Trend != nil && *got.Trend != w.trend {
			t.Errorf("%s: trend %v, want %q", w.code, got.Trend, w.trend)
		}
		if (got.Progress != nil) != w.hasProgress || (got.Expected != nil) != w.hasProgress || (got.PlanStatus != nil) != w.hasProgress {
			t.Fatalf("%s: progress %v expected %v status %v, want present=%v", w.code, got.Progress, got.Expected, got.PlanStatus, w.hasProgress)
		}
		if w.hasProgress {
			assertNear(t, w.code+" progress", *got.Progress, w.progress)
			assertNear(t, w.code+" expected", *got.Expected, w.expected)
			if *got.PlanStatus != w.status {
				t.Errorf("%s: plan status %s, want %s", w.code, *got.PlanStatus, w.status)
			}
		}
	}

	// Perspective a: (1 × 60 + 3 × 80) / 4 = 75; levels 1 + 10 / 50 = 1.2
	// and 1 + 15 / 25 = 1.6 → 1.4 → orange; 1 of 2 has a trend (on track).
	// Perspective b: (50 + 75) / 2 = 62.5, coverage 2 / 3; levels 1 and 1.5
	// → 1.25 → orange; no trend.
	pa, pb := card.Perspectives[0], card.Perspectives[1]
	if pa.Code != "a" || pa.NameEn != "Alpha" || pa.NameZh != "甲" || pb.Code != "b" {
		t.Fatalf("perspectives = %+v", card.Perspectives)
	}
	assertNear(t, "a score", *pa.Score, 75)
	assertNear(t, "a coverage", pa.Coverage, 1)
	assertNear(t, "a points", pa.Points, 22)
	assertNear(t, "a points max", pa.PointsMax, 30)
	if pa.Rating != scoring.RatingOrange || pa.Trend == nil || *pa.Trend != scoring.TrendOnTrack {
		t.Errorf("a: rating %s trend %v, want orange on_track", pa.Rating, pa.Trend)
	}
	assertNear(t, "b score", *pb.Score, 62.5)
	assertNear(t, "b coverage", pb.Coverage, 2.0/3)
	assertNear(t, "b points", pb.Points, 45)
	assertNear(t, "b points max", pb.PointsMax, 120)
	if pb.Rating != scoring.RatingOrange || pb.Trend != nil {
		t.Errorf("b: rating %s trend %v, want orange and no trend", pb.Rating, pb.Trend)
	}

	// Coverage 4 / 5 = 80% exactly → index (1 × 75 + 3 × 62.5) / 4 = 65.625.
	assertNear(t, "coverage", card.Coverage, 0.8)
	if card.Index.Score == nil {
		t.Fatalf("index is null (%s), want 65.625 at exactly 80%% coverage", card.Index.Reason)
	}
	assertNear(t, "index", *card.Index.Score, 65.625)
	if card.Index.Reason != "" {
		t.Errorf("index reason %q, want none", card.Index.Reason)
	}
	// Earned 6 + 16 + 15 + 30 = 67 of 150 → Pass (≥ 60, < 100).
	assertNear(t, "earned", card.Points.Earned, 67)
	assertNear(t, "max", card.Points.Max, 150)
	if card.Points.Grade == nil || *card.Points.Grade != "Pass" {
		t.Errorf("grade = %v, want Pass", card.Points.Grade)
	}
}

func TestComputeIndexNull(t *testing.T) {
	without := func(codes ...string) []scoring.Value {
		return slices.DeleteFunc(demoValues(), func(v scoring.Value) bool { return slices.Contains(codes, v.Indicator) })
	}
	t.Run("null_coverage_below_80", func(t *testing.T) {
		// 3 of 5 = 60%; b keeps a score (b1 alone: 50) but its coverage
		// 1 of 3 is under half → gray.
		card := mustCompute(t, demoFramework(), without("b2"), scoring.Options{Year: 2020})
		if card.Index.Score != nil || card.Index.Reason != scoring.ReasonCoverageBelow80 {
			t.Fatalf("index = %v %q, want null with %q", card.Index.Score, card.Index.Reason, scoring.ReasonCoverageBelow80)
		}
		assertNear(t, "coverage", card.Coverage, 0.6)
		pb := card.Perspectives[1]
		assertNear(t, "b score", *pb.Score, 50)
		if pb.Rating != scoring.RatingGray {
			t.Errorf("b rating %s, want gray", pb.Rating)
		}
		// Earned 6 + 16 + 15 = 37 → below every band.
		assertNear(t, "earned", card.Points.Earned, 37)
		if card.Points.Grade != nil {
			t.Errorf("grade = %q, want null", *card.Points.Grade)
		}
	})
	t.Run("null_perspective_without_score", func(t *testing.T) {
		card := mustCompute(t, demoFramework(), without("b1", "b2"), scoring.Options{Year: 2020})
		if card.Index.Score != nil || card.Index.Reason != scoring.ReasonPerspectiveWithoutScore ||
			!slices.Equal(card.Index.MissingPerspectives, []string{"b"}) {
			t.Fatalf("index = %+v, want null, %q, [b]", card.Index, scoring.ReasonPerspectiveWithoutScore)
		}
		pb := card.Perspectives[1]
		if pb.Score != nil || pb.Rating != scoring.RatingGray || pb.Coverage != 0 {
			t.Errorf("b = %+v, want no score, gray, coverage 0", pb)
		}
	})
	t.Run("null_perspective_without_score_despite_high_coverage", func(t *testing.T) {
		// b3 moves to its own perspective "solo". Coverage is still 4 of 5
		// = 80%, but "solo" has no value.
		fw := demoFramework()
		fw.Perspectives = append(fw.Perspectives, scoring.Perspective{Code: "solo", Weight: 1})
		fw.Indicators[4].Perspective = "solo"
		vals := demoValues()
		card := mustCompute(t, fw, vals, scoring.Options{Year: 2020})
		assertNear(t, "coverage", card.Coverage, 0.8)
		if card.Index.Score != nil || card.Index.Reason != scoring.ReasonPerspectiveWithoutScore ||
			!slices.Equal(card.Index.MissingPerspectives, []string{"solo"}) {
			t.Fatalf("index = %+v, want null for solo", card.Index)
		}
	})
}

func TestComputeBasis(t *testing.T) {
	vals := append(demoValues(),
		draft("a1", 2020, 70),  // a revision of an approved value, not yet approved
		draft("b3", 2020, 0.5), // a draft with no approved value
	)
	t.Run("official_uses_approved_only", func(t *testing.T) {
		card := mustCompute(t, demoFramework(), vals, scoring.Options{Year: 2020, Basis: scoring.BasisOfficial})
		assertNear(t, "a1", *card.Indicators[0].Value, 60)
		if card.Indicators[4].Value != nil {
			t.Errorf("b3 = %g, want no value", *card.Indicators[4].Value)
		}
		assertNear(t, "coverage", card.Coverage, 0.8)
	})
	t.Run("empty_basis_is_official", func(t *testing.T) {
		card := mustCompute(t, demoFramework(), vals, scoring.Options{Year: 2020})
		if card.Basis != scoring.BasisOfficial || *card.Indicators[0].Value != 60 {
			t.Errorf("basis %s a1 %g, want official 60", card.Basis, *card.Indicators[0].Value)
		}
	})
	t.Run("working_uses_latest_of_any_status", func(t *testing.T) {
		card := mustCompute(t, demoFramework(), vals, scoring.Options{Year: 2020, Basis: scoring.BasisWorking})
		if card.Basis != scoring.BasisWorking {
			t.Errorf("basis = %s", card.Basis)
		}
		assertNear(t, "a1", *card.Indicators[0].Value, 70)
		assertNear(t, "b3 score", *card.Indicators[4].Score, 50) // 100 × 0.5 / 1
		assertNear(t, "coverage", card.Coverage, 1)
		// a: (70 + 3 × 80) / 4 = 77.5; b: (50 + 75 + 50) / 3 = 58.33…;
		// index (77.5 + 3 × 175 / 3) / 4 = (77.5 + 175) / 4 = 63.125.
		assertNear(t, "index", *card.Index.Score, 63.125)
	})
}

func TestComputeSubAnnualPartial(t *testing.T) {
	fw := scoring.Framework{
		Code:         "q",
		Perspectives: []scoring.Perspective{{Code: "p", Weight: 1}},
		Indicators: []scoring.Indicator{{Code: "q1", Perspective: "p", Frequency: scoring.Quarterly,
			Aggregation: scoring.AggregateSum, Best: ptr(100), Worst: ptr(0), Weight: 1}},
	}
	vals := []scoring.Value{sub("q1", 2020, 1, 10), sub("q1", 2020, 2, 20), sub("q1", 2020, 3, 30)}
	card := mustCompute(t, fw, vals, scoring.Options{Year: 2020})
	row := card.Indicators[0]
	// Q4 missing: 10 + 20 + 30 = 60, partial, score 60.
	if row.Value == nil || !row.Partial {
		t.Fatalf("row = %+v, want a partial value", row)
	}
	assertNear(t, "value", *row.Value, 60)
	assertNear(t, "score", *row.Score, 60)
	// A single indicator with data: the perspective takes its colour
	// (green 100, red 50, mid 75 → 60 is orange) and the index its score.
	if card.Perspectives[0].Rating != scoring.RatingOrange {
		t.Errorf("perspective rating %s, want orange", card.Perspectives[0].Rating)
	}
	assertNear(t, "index", *card.Index.Score, 60)
}

func TestComputeArbitraryPerspectives(t *testing.T) {
	t.Run("seven_perspectives_weighted", func(t *testing.T) {
		codes := []string{"水", "air-quality", "Z", "0", "x_y", "long.code", "p7"}
		fw := scoring.Framework{Code: "seven"}
		var vals []scoring.Value
		for i, c := range codes {
			w := float64(i + 1)
			fw.Perspectives = append(fw.Perspectives, scoring.Perspective{Code: c, Weight: w})
			fw.Indicators = append(fw.Indicators, scoring.Indicator{Code: "i-" + c, Perspective: c, Best: ptr(10), Worst: ptr(0), Weight: 1, Points: 10})
			vals = append(vals, annual("i-"+c, 2022, w))
		}
		card := mustCompute(t, fw, vals, scoring.Options{Year: 2022})
		// Perspective i scores 10 i with weight i:
		// Σ 10 i² / Σ i = 10 × 140 / 28 = 50.
		assertNear(t, "index", *card.Index.Score, 50)
		// Earned Σ 10 × 10 i / 100 = Σ i = 28 of 70.
		assertNear(t, "earned", card.Points.Earned, 28)
		assertNear(t, "max", card.Points.Max, 70)
		for i, p := range card.Perspectives {
			if p.Code != codes[i] {
				t.Errorf("perspective %d = %s, want %s", i, p.Code, codes[i])
			}
			assertNear(t, p.Code+" score", *p.Score, 10*float64(i+1))
		}
	})
	t.Run("two_perspectives_interleaved", func(t *testing.T) {
		fw := scoring.Framework{
			Code:         "two",
			Perspectives: []scoring.Perspective{{Code: "π", Weight: 1}, {Code: "zz-9", Weight: 1}},
			Indicators: []scoring.Indicator{
				{Code: "i1", Perspective: "π", Best: ptr(100), Worst: ptr(0), Weight: 1},
				{Code: "i3", Perspective: "zz-9", Best: ptr(0), Worst: ptr(10), Weight: 1},
				{Code: "i2", Perspective: "π", Best: ptr(100), Worst: ptr(0), Weight: 1},
			},
		}
		vals := []scoring.Value{annual("i2", 2020, 90), annual("i3", 2020, -1), annual("i1", 2020, 40)}
		card := mustCompute(t, fw, vals, scoring.Options{Year: 2020})
		// π: (40 + 90) / 2 = 65; zz-9: −1 is beyond best 0 → 100.
		// Index (65 + 100) / 2 = 82.5.
		assertNear(t, "π", *card.Perspectives[0].Score, 65)
		assertNear(t, "zz-9", *card.Perspectives[1].Score, 100)
		assertNear(t, "index", *card.Index.Score, 82.5)
		got := []string{card.Indicators[0].IndicatorCode, card.Indicators[1].IndicatorCode, card.Indicators[2].IndicatorCode}
		if !slices.Equal(got, []string{"i1", "i3", "i2"}) {
			t.Errorf("indicator order %v, want framework order", got)
		}
		// π levels: 40 → 40 / 50 = 0.8 (red), 90 → 1 + 40 / 50 = 1.8
		// (yellow): 1.3 → orange. zz-9: one value, green.
		if card.Perspectives[0].Rating != scoring.RatingOrange || card.Perspectives[1].Rating != scoring.RatingGreen {
			t.Errorf("ratings %s %s, want orange green", card.Perspectives[0].Rating, card.Perspectives[1].Rating)
		}
	})
}

func TestComputeOrderOfValuesDoesNotMatter(t *testing.T) {
	vals := demoValues()
	first := mustCompute(t, demoFramework(), vals, scoring.Options{Year: 2020})
	slices.Reverse(vals)
	second := mustCompute(t, demoFramework(), vals, scoring.Options{Year: 2020})
	a, _ := json.Marshal(first)
	b, _ := json.Marshal(second)
	if string(a) != string(b) {
		t.Errorf("cards differ:\n%s\n%s", a, b)
	}
}
