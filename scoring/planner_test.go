package scoring_test

import (
	"cmp"
	"slices"
	"testing"

	"igmc/scoring"
)

// pointsFramework is one perspective of indicators on 0–100 (higher is
// better, green 80) with the given points, and the given bands.
func pointsFramework(bands []scoring.GradeBand, points ...float64) scoring.Framework {
	fw := scoring.Framework{Code: "pts", Perspectives: []scoring.Perspective{{Code: "p", Weight: 1}}, GradeBands: bands}
	for i, p := range points {
		fw.Indicators = append(fw.Indicators, scoring.Indicator{Code: string(rune('a' + i)), Perspective: "p",
			Best: ptr(100), Worst: ptr(0), Green: ptr(80), Weight: 1, Points: p})
	}
	return fw
}

func values2020(pairs ...any) []scoring.Value {
	var vs []scoring.Value
	for i := 0; i < len(pairs); i += 2 {
		vs = append(vs, annual(pairs[i].(string), 2020, pairs[i+1].(float64)))
	}
	return vs
}

// greedyByPoints is the tempting rule the planner must beat: raise the
// indicators with the most points first, each to best, until the need is
// met. It returns how many it raises.
func greedyByPoints(fw scoring.Framework, pl scoring.Planner) int {
	rows := slices.Clone(pl.Indicators)
	pts := map[string]float64{}
	for _, ind := range fw.Indicators {
		pts[ind.Code] = ind.Points
	}
	slices.SortStableFunc(rows, func(a, b scoring.PlannerRow) int { return cmp.Compare(pts[b.IndicatorCode], pts[a.IndicatorCode]) })
	got, n := 0.0, 0
	for _, r := range rows {
		if got >= pl.PointsNeeded-1e-9 {
			break
		}
		if r.AtBest > 0 {
			got += r.AtBest
			n++
		}
	}
	return n
}

type wantStep struct {
	code     string
	to, gain float64
}

func TestPlanToNextGrade(t *testing.T) {
	two := []scoring.GradeBand{{Min: 80, Grade: "Greenest"}, {Min: 60, Grade: "Greener"}}
	lower := pointsFramework([]scoring.GradeBand{{Min: 70, Grade: "Good"}}, 50, 50)
	lower.Indicators[0].Best, lower.Indicators[0].Worst, lower.Indicators[0].Green = ptr(0), ptr(200), ptr(40)
	tests := []struct {
		name      string
		fw        scoring.Framework
		values    []scoring.Value
		na        map[string]string
		earned    float64
		grade     string // "" = not graded
		next      string // "" = none
		needed    float64
		reachable bool
		path      []wantStep
		greedy    int // indicators greedy-by-points would raise; 0 = not checked
	}{
		// a, b: 30 points at 90 (27 each, +3 at best); c: 20 points at 0
		// (+20); d: 20 at 50 (10, +10). Earned 64 → Greener; Greenest
		// needs 16 more. c alone can: score 0 → 16 × 100 / 20 = 80. Greedy
		// by points takes a (+3), b (+3), then c: three indicators.
		{"one_instead_of_greedy_three", pointsFramework(two, 30, 30, 20, 20), values2020("a", 90.0, "b", 90.0, "c", 0.0, "d", 50.0), nil,
			64, "Greener", "Greenest", 16, true, []wantStep{{"c", 80, 16}}, 3},
		// a 40 points at 50 (+20); b 30 at 50 (+15); c 20 and d 16 without
		// values (+20, +16). Earned 35, Good (≥ 80) needs 45: two reach at
		// most 40, so three. Raised in order of points (all to best but the
		// last): {a,b,c} 50 + 50 + 10×100/20 = 150; {a,b,d} 50 + 50 +
		// 10×100/16 = 162.5; {a,c,d} — the three largest gains — 50 + 100 +
		// 5×100/16 = 181.25; {b,c,d} 50 + 100 + 62.5 = 212.5. So a and b to
		// 100 and c to 50.
		{"fewest_then_least_change", pointsFramework([]scoring.GradeBand{{Min: 80, Grade: "Good"}}, 40, 30, 20, 16), values2020("a", 50.0, "b", 50.0), nil,
			35, "", "Good", 45, true, []wantStep{{"a", 100, 20}, {"b", 100, 15}, {"c", 50, 10}}, 0},
		// a: lower is better, best 0, worst 200, value 150 → score 25, 12.5
		// points; b at 100 → 50. Good needs 7.5: a's score by 15 to 40,
		// value 200 − 200 × 0.4 = 120.
		{"marginal_value_lower_is_better", lower, values2020("a", 150.0, "b", 100.0), nil,
			62.5, "", "Good", 7.5, true, []wantStep{{"a", 120, 7.5}}, 0},
		// 100 points in all cannot reach 101.
		{"unreachable", pointsFramework([]scoring.GradeBand{{Min: 101, Grade: "Beyond"}}, 50, 50), values2020("a", 50.0), nil,
			25, "", "Beyond", 76, false, nil, 0},
		{"top_band", pointsFramework(two, 50, 50), values2020("a", 100.0, "b", 90.0), nil,
			95, "Greenest", "", 0, false, nil, 0},
		// naFramework without a1: earned 146 of 220; Greener needs
		// 245 × 220/320 = 168.4375, so 22.4375 more: a3 (100 points, score
		// 50) to 72.4375.
		{"share_based_band", naFramework(), naValues(), map[string]string{"a1": "x"},
			146, "", "Greener", 22.4375, true, []wantStep{{"a3", 72.4375, 22.4375}}, 0},
		// Without a3, 196 of 220 is already the top band.
		{"share_based_top", naFramework(), naValues(), map[string]string{"a3": "x"},
			196, "Greenest", "", 0, false, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := scoring.Options{Zone: "z", Year: 2020, NotApplicable: tt.na}
			pl, err := scoring.PlanToNextGrade(tt.fw, tt.values, opts)
			if err != nil {
				t.Fatal(err)
			}
			assertNear(t, "earned", pl.Earned, tt.earned)
			if (pl.Grade == nil) != (tt.grade == "") || pl.Grade != nil && *pl.Grade != tt.grade {
				t.Errorf("grade %v, want %q", pl.Grade, tt.grade)
			}
			if (pl.NextGrade == nil) != (tt.next == "") || pl.NextGrade != nil && *pl.NextGrade != tt.next {
				t.Errorf("next grade %v, want %q", pl.NextGrade, tt.next)
			}
			assertNear(t, "points needed", pl.PointsNeeded, tt.needed)
			if pl.Reachable != tt.reachable || tt.reachable && !pl.Exact {
				t.Errorf("reachable %v exact %v, want %v", pl.Reachable, pl.Exact, tt.reachable)
			}
			if len(pl.Path) != len(tt.path) {
				t.Fatalf("path %+v, want %+v", pl.Path, tt.path)
			}
			hypo := map[string]float64{}
			for i, w := range tt.path {
				st := pl.Path[i]
				if st.IndicatorCode != w.code {
					t.Fatalf("step %d is %s, want %s", i, st.IndicatorCode, w.code)
				}
				assertNear(t, w.code+" to", st.To, w.to)
				assertNear(t, w.code+" gain", st.PointsGain, w.gain)
				hypo[w.code] = st.To
			}
			for _, r := range pl.Indicators {
				if _, na := tt.na[r.IndicatorCode]; na {
					t.Errorf("not-applicable %s among the planner's rows", r.IndicatorCode)
				}
			}
			if tt.greedy > 0 {
				if g := greedyByPoints(tt.fw, pl); g != tt.greedy || g <= len(pl.Path) {
					t.Errorf("greedy by points raises %d, want %d (more than the planner's %d)", g, tt.greedy, len(pl.Path))
				}
			}
			if !tt.reachable {
				return
			}
			// The path's values do reach the next grade.
			res, err := scoring.WhatIf(tt.fw, tt.values, opts, hypo)
			if err != nil {
				t.Fatal(err)
			}
			if g := res.WhatIf.Points.Grade; g == nil || *g != tt.next {
				t.Errorf("what-if of the path: grade %v with %g points, want %s", g, res.WhatIf.Points.Earned, tt.next)
			}
		})
	}
}

func TestPlannerRows(t *testing.T) {
	// Green 80 scores 80. a: 30 points at 90 → 27 now, 24 at green (so 0
	// to add), +3 at best. c: 20 points at 0 → +16 at green, +20 at best.
	// e: 10 points and no value → +8, +10.
	fw := pointsFramework([]scoring.GradeBand{{Min: 80, Grade: "Greenest"}}, 30, 30, 20, 20, 10)
	pl, err := scoring.PlanToNextGrade(fw, values2020("a", 90.0, "b", 90.0, "c", 0.0, "d", 50.0), scoring.Options{Zone: "z", Year: 2020})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][3]float64{"a": {27, 0, 3}, "c": {0, 16, 20}, "d": {10, 6, 10}, "e": {0, 8, 10}}
	for _, r := range pl.Indicators {
		w, ok := want[r.IndicatorCode]
		if !ok {
			continue
		}
		assertNear(t, r.IndicatorCode+" points", r.Points, w[0])
		assertNear(t, r.IndicatorCode+" at green", r.AtGreen, w[1])
		assertNear(t, r.IndicatorCode+" at best", r.AtBest, w[2])
		if r.GreenValue != 80 || r.BestValue != 100 || (r.Value == nil) != (r.IndicatorCode == "e") {
			t.Errorf("%s: green %g best %g value %v", r.IndicatorCode, r.GreenValue, r.BestValue, r.Value)
		}
	}
	if len(pl.Indicators) != 5 {
		t.Errorf("%d rows, want 5", len(pl.Indicators))
	}
}
