package scoring_test

import (
	"testing"

	"igmc/scoring"
)

// naFramework: perspective a has a1, a2, a3; b has b1, b2; c has c1. All on
// 0–100, higher is better, green 80, red 40. Points: a1 100, a2 100,
// a3 100, b1 10, b2 10 and c1 0 — 320 in all, like IGMC, with its bands.
func naFramework() scoring.Framework {
	ind := func(code, persp string, w, pts float64) scoring.Indicator {
		return scoring.Indicator{Code: code, Perspective: persp, Best: ptr(100), Worst: ptr(0), Green: ptr(80), Red: ptr(40), Weight: w, Points: pts}
	}
	return scoring.Framework{Code: "na",
		Perspectives: []scoring.Perspective{{Code: "a", Weight: 1}, {Code: "b", Weight: 1}, {Code: "c", Weight: 1}},
		Indicators: []scoring.Indicator{ind("a1", "a", 1, 100), ind("a2", "a", 3, 100), ind("a3", "a", 1, 100),
			ind("b1", "b", 1, 10), ind("b2", "b", 1, 10), ind("c1", "c", 1, 0)},
		GradeBands: []scoring.GradeBand{{Min: 280, Grade: "Greenest"}, {Min: 245, Grade: "Greener"}}}
}

// naValues: a1 100, a2 90, a3 50, b1 60, c1 70; b2 has no value.
func naValues() []scoring.Value {
	return []scoring.Value{annual("a1", 2020, 100), annual("a2", 2020, 90), annual("a3", 2020, 50),
		annual("b1", 2020, 60), annual("c1", 2020, 70)}
}

func TestNotApplicable(t *testing.T) {
	type want struct {
		coverage       float64
		index          float64 // −1 = null
		reason         scoring.IndexReason
		aScore, bScore float64 // −1 = null
		aCov, bCov     float64
		earned, max    float64
		grade          string
	}
	tests := []struct {
		name string
		na   map[string]string
		want want
	}{
		// 5 of 6 have a value: 0.833 ≥ 0.8. a = (100 + 3×90 + 50) / 5 = 84;
		// b = 60; c = 70; index (84 + 60 + 70) / 3 = 71.333.
		// Earned 100 + 90 + 50 + 6 = 246 of 320 → Greener.
		{"all_applicable", nil, want{5.0 / 6, 214.0 / 3, "", 84, 60, 1, 0.5, 246, 320, "Greener"}},
		// b2 left out: 5 of 5; b = 60 with coverage 1; max 310; 246 ≥ 245 × 310/320 = 237.34 → Greener.
		{"na_without_value", map[string]string{"b2": "no port"}, want{1, 214.0 / 3, "", 84, 60, 1, 1, 246, 310, "Greener"}},
		// a3 left out though it has a value: a = (100 + 270) / 4 = 92.5;
		// coverage 4 / 5 = 0.8 → index (92.5 + 60 + 70) / 3 = 74.1667;
		// earned 196 of 220: 196 ≥ 280 × 220/320 = 192.5 → Greenest, only
		// because a3's 100 points left the maximum.
		{"na_with_value_greenest", map[string]string{"a3": "no river"}, want{0.8, 222.5 / 3, "", 92.5, 60, 1, 0.5, 196, 220, "Greenest"}},
		// a1 left out: coverage 4 / 5 = 0.8; a = (270 + 50) / 4 = 80;
		// earned 146 of 220: 280 × 220/320 = 192.5 > 146 and 245 × 220/320 = 168.4375 > 146 → not graded.
		{"na_leaves_coverage", map[string]string{"a1": "x"}, want{0.8, 210.0 / 3, "", 80, 60, 1, 0.5, 146, 220, ""}},
		// a1 and a2 left out though they have values: 3 of 4 (a3, b1, c1):
		// 0.75 < 0.8 → no index, though every perspective has a score.
		// Earned 50 + 6 = 56 of 120: 245 × 120/320 = 91.875 > 56.
		{"na_fails_80_percent_rule", map[string]string{"a1": "x", "a2": "x"}, want{0.75, -1, scoring.ReasonCoverageBelow80, 50, 60, 1, 0.5, 56, 120, ""}},
		// a1 and b1 left out: 3 of 4 have a value, 0.75 < 0.8 → no index;
		// b has no value among its applicable → perspective_without_score wins.
		{"perspective_without_score", map[string]string{"a1": "x", "b1": "y"}, want{0.75, -1, scoring.ReasonPerspectiveWithoutScore, 80, -1, 1, 0, 140, 210, ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			card := mustCompute(t, naFramework(), naValues(), scoring.Options{Zone: "z", Year: 2020, NotApplicable: tt.na})
			w := tt.want
			assertNear(t, "coverage", card.Coverage, w.coverage)
			if w.index < 0 {
				if card.Index.Score != nil || card.Index.Reason != w.reason {
					t.Errorf("index %v (%s), want null (%s)", card.Index.Score, card.Index.Reason, w.reason)
				}
			} else if card.Index.Score == nil {
				t.Errorf("index null (%s), want %g", card.Index.Reason, w.index)
			} else {
				assertNear(t, "index", *card.Index.Score, w.index)
			}
			for i, s := range []float64{w.aScore, w.bScore} {
				p := card.Perspectives[i]
				if s < 0 {
					if p.Score != nil {
						t.Errorf("%s score %g, want null", p.Code, *p.Score)
					}
				} else if p.Score == nil {
					t.Errorf("%s score null, want %g", p.Code, s)
				} else {
					assertNear(t, p.Code+" score", *p.Score, s)
				}
			}
			assertNear(t, "a coverage", card.Perspectives[0].Coverage, w.aCov)
			assertNear(t, "b coverage", card.Perspectives[1].Coverage, w.bCov)
			assertNear(t, "earned", card.Points.Earned, w.earned)
			assertNear(t, "max", card.Points.Max, w.max)
			assertNear(t, "framework max", card.Points.FrameworkMax, 320)
			if got := card.Points.Grade; (got == nil) != (w.grade == "") || got != nil && *got != w.grade {
				t.Errorf("grade %v, want %q", got, w.grade)
			}
			sumMax := 0.0
			for _, p := range card.Perspectives {
				sumMax += p.PointsMax
			}
			assertNear(t, "perspective points max summed", sumMax, w.max)
			for _, row := range card.Indicators {
				reason, na := tt.na[row.IndicatorCode]
				if row.Applicable == na || row.NotApplicableReason != reason {
					t.Errorf("%s: applicable %v reason %q, want %v %q", row.IndicatorCode, row.Applicable, row.NotApplicableReason, !na, reason)
				}
				if na && (row.Value != nil || row.Score != nil || row.Rating != nil || row.Trend != nil || row.PlanStatus != nil || row.Points != 0 || row.Explanation != nil) {
					t.Errorf("%s: a not-applicable row carries figures: %+v", row.IndicatorCode, row)
				}
			}
		})
	}
}

func TestNotApplicableWholePerspective(t *testing.T) {
	// c1 left out: perspective c has nothing that applies. It has no
	// score, is gray with the not_applicable rule, and does not withhold
	// the index. Of the 5 indicators that apply, b2 has no value: coverage
	// 4 / 5 = 0.8; the index is the mean of a and b only: (84 + 60) / 2 = 72.
	card := mustCompute(t, naFramework(), naValues(), scoring.Options{Zone: "z", Year: 2020, NotApplicable: map[string]string{"c1": "a park"}})
	c := card.Perspectives[2]
	if c.Score != nil || c.Rating != scoring.RatingGray || c.Coverage != 0 || c.PointsMax != 0 || c.Trend != nil {
		t.Errorf("perspective c = %+v, want no score, gray, coverage 0", c)
	}
	if c.Explanation == nil || c.Explanation.Rating == nil || c.Explanation.Rating.Rule != scoring.RuleNotApplicable || len(c.Explanation.Rating.Indicators) != 0 {
		t.Errorf("perspective c explanation = %+v, want rule not_applicable", c.Explanation)
	}
	assertNear(t, "coverage", card.Coverage, 0.8)
	if card.Index.Score == nil {
		t.Fatalf("index null (%s %v), want 72", card.Index.Reason, card.Index.MissingPerspectives)
	}
	assertNear(t, "index", *card.Index.Score, 72)

	t.Run("nothing_applies", func(t *testing.T) {
		all := map[string]string{}
		for _, ind := range naFramework().Indicators {
			all[ind.Code] = "none"
		}
		card := mustCompute(t, naFramework(), naValues(), scoring.Options{Zone: "z", Year: 2020, NotApplicable: all})
		if card.Index.Score != nil || card.Index.Reason != scoring.ReasonCoverageBelow80 || card.Coverage != 0 || card.Points.Grade != nil || card.Points.Max != 0 {
			t.Errorf("index %v (%s), coverage %g, grade %v, max %g; want null, coverage 0, no grade", card.Index.Score, card.Index.Reason, card.Coverage, card.Points.Grade, card.Points.Max)
		}
	})
}

func TestShareGrade(t *testing.T) {
	igmc := []scoring.GradeBand{{Min: 280, Grade: "Greenest"}, {Min: 245, Grade: "Greener"}}
	tests := []struct {
		name              string
		earned, max, fmax float64
		want              string
	}{
		{"all_applicable_is_grade", 245, 320, 320, "Greener"},
		{"all_applicable_rounding", sumTenths(2450), 320, 320, "Greener"},
		// 245 × 160/320 = 122.5.
		{"half_applicable_on_the_line", 122.5, 160, 320, "Greener"},
		{"half_applicable_just_below", 122.49, 160, 320, ""},
		// 280 × 160/320 = 140.
		{"half_applicable_greenest", 140, 160, 320, "Greenest"},
		{"nothing_applicable", 0, 0, 320, ""},
		{"framework_without_points", 0, 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := scoring.ShareGrade(igmc, tt.earned, tt.max, tt.fmax)
			if ok != (tt.want != "") || got != tt.want {
				t.Errorf("ShareGrade(%g, %g, %g) = %q, %v; want %q", tt.earned, tt.max, tt.fmax, got, ok, tt.want)
			}
		})
	}
}
