package scoring

import (
	"math"
	"testing"

	"igmc/indicators"
)

func years(from int, vs ...float64) []YearValue {
	out := make([]YearValue, len(vs))
	for i, v := range vs {
		out[i] = YearValue{Year: from + i, Value: v}
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestJump works the cases of docs/quality.md by hand.
func TestJump(t *testing.T) {
	for _, tc := range []struct {
		name    string
		earlier []YearValue
		value   float64
		warn    bool
		z       float64 // checked when non-zero
	}{
		// Changes 2, −1, 2, 1: median 1.5, deviations .5 2.5 .5 .5, MAD .5;
		// the change 3 − 104 = −101 has z = 0.6745·(−101 − 1.5)/.5 = −138.2725.
		{"fall from 104 to 3 caught", years(2015, 100, 102, 101, 103, 104), 3, true, -138.2725},
		// Changes 4, 3, 5, 3: median 3.5, MAD .5; the change 4 has
		// z = 0.6745·.5/.5 = 0.6745.
		{"steady noisy trend passes", years(2015, 100, 104, 107, 112, 115), 119, false, 0.6745},
		// The same series, a change of 7: z = 0.6745·3.5/.5 = 4.7215.
		{"a doubled step is caught", years(2015, 100, 104, 107, 112, 115), 122, true, 4.7215},
		// Equal changes of 10: no spread; a change of 10 is the trend.
		{"exact trend passes", years(2015, 10, 20, 30, 40, 50), 60, false, 0},
		// Equal changes of 10; a change of 40 from 50 is 30 off the trend,
		// 60% of 50.
		{"break of an exact trend caught", years(2015, 10, 20, 30, 40, 50), 90, true, 0},
		// Two earlier values, one change: the short-series rule, |3 − 97|/97 = 0.969.
		{"short series: 97 to 3 caught", years(2018, 95, 97), 3, true, 0},
		// |140 − 97|/97 = 0.443, under a half.
		{"short series: 97 to 140 passes", years(2018, 95, 97), 140, false, 0},
		// One earlier value: 100 → 3 is a fall of 97%.
		{"single earlier value: 100 to 3 caught", years(2019, 100), 3, true, 0},
		// Exactly half is not over a half.
		{"short series: exactly 50% passes", years(2019, 100), 150, false, 0},
		{"no earlier value", nil, 3, false, 0},
		// From zero a relative change means nothing.
		{"short series from zero passes", years(2019, 0), 5, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := Jump(tc.earlier, tc.value)
			if (w != nil) != tc.warn {
				t.Fatalf("warning %v, want %v", w, tc.warn)
			}
			if tc.z != 0 {
				z := 0.0
				if w != nil {
					z = w.Figures["z"]
				} else {
					// Recompute through the same path to check the figure.
					var changes []float64
					for i := 1; i < len(tc.earlier); i++ {
						changes = append(changes, tc.earlier[i].Value-tc.earlier[i-1].Value)
					}
					z, _, _ = robustZ(tc.value-tc.earlier[len(tc.earlier)-1].Value, changes)
				}
				if math.Abs(z-tc.z) > 1e-4 {
					t.Errorf("z = %.4f, want %.4f", z, tc.z)
				}
			}
			if w != nil && (w.Check != CheckJump || w.Severity != indicators.SeverityWarning || !near(w.Figures["previous"], tc.earlier[len(tc.earlier)-1].Value)) {
				t.Errorf("warning %+v", w)
			}
		})
	}
}

func TestPeer(t *testing.T) {
	five := []float64{10, 12, 11, 13, 12} // median 12, deviations 2 0 1 1 0, MAD 1
	for _, tc := range []struct {
		name  string
		value float64
		peers []float64
		warn  bool
		z     float64
	}{
		// z = 0.6745·(30 − 12)/1 = 12.141.
		{"far from five peers caught", 30, five, true, 12.141},
		// z = 0.6745·(13 − 12) = 0.6745.
		{"close to five peers passes", 13, five, false, 0.6745},
		// z = 0.6745·(17 − 12) = 3.3725, under 3.5.
		{"just inside the limit passes", 17, five, false, 3.3725},
		// z = 0.6745·(18 − 12) = 4.047.
		{"just past the limit caught", 18, five, true, 4.047},
		{"four peers are too few", 30, five[:4], false, 0},
		// All five agree: 100 against 50 is 100% off.
		{"no spread, far caught", 100, []float64{50, 50, 50, 50, 50}, true, 0},
		{"no spread, equal passes", 50, []float64{50, 50, 50, 50, 50}, false, 0},
		// Three equal of five: MAD 0, the mean deviation (0+0+0+10+20)/5 = 6
		// stands in: z = (40 − 10)/(1.253314·6) = 3.9894.
		{"MAD zero uses the mean deviation", 40, []float64{10, 10, 10, 20, 30}, true, 3.9894},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := Peer(tc.value, tc.peers)
			if (w != nil) != tc.warn {
				t.Fatalf("warning %v, want %v", w, tc.warn)
			}
			if tc.z != 0 {
				z, _, _ := robustZ(tc.value, tc.peers)
				if math.Abs(z-tc.z) > 1e-3 {
					t.Errorf("z = %.4f, want %.4f", z, tc.z)
				}
				if w != nil && !near(w.Figures["z"], z) {
					t.Errorf("figure z %v, want %v", w.Figures["z"], z)
				}
			}
			if w != nil && int(w.Figures["peers"]) != len(tc.peers) {
				t.Errorf("figures %v", w.Figures)
			}
		})
	}
}

func TestFlat(t *testing.T) {
	for _, tc := range []struct {
		name    string
		earlier []YearValue
		year    int
		value   float64
		years   int // 0: no warning
	}{
		{"three years the same pass", years(2017, 5, 5), 2019, 5, 0},
		{"four years the same caught", years(2016, 5, 5, 5), 2019, 5, 4},
		{"five years the same caught", years(2015, 5, 5, 5, 5), 2019, 5, 5},
		{"a different value passes", years(2016, 5, 5, 5), 2019, 6, 0},
		{"a gap year breaks the run", []YearValue{{2015, 5}, {2016, 5}, {2018, 5}}, 2019, 5, 0},
		{"an earlier different value ends the run", years(2015, 4, 5, 5, 5), 2019, 5, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := Flat(tc.earlier, tc.year, tc.value)
			if tc.years == 0 {
				if w != nil {
					t.Fatalf("warning %+v", w)
				}
				return
			}
			if w == nil || int(w.Figures["years"]) != tc.years || int(w.Figures["since"]) != tc.year-tc.years+1 {
				t.Fatalf("warning %+v, want %d years", w, tc.years)
			}
		})
	}
}

func TestRulesWarnings(t *testing.T) {
	known := func(c string) bool { return c == "A" || c == "B" || c == "C" }
	compile := func(r indicators.Rule) indicators.Rule {
		var errs indicators.FieldErrors
		if !r.Compile(2, known, &errs) {
			t.Fatalf("rule %+v: %v", r, errs.List)
		}
		return r
	}
	rules := []indicators.Rule{
		compile(indicators.Rule{Code: "share", Left: "A", Operator: "<=", Right: "B", Severity: indicators.SeverityError}),
		compile(indicators.Rule{Code: "ratio", Left: "A / C", Operator: "<", Right: "10", Severity: indicators.SeverityWarning}),
		compile(indicators.Rule{Code: "other", Left: "B", Operator: ">", Right: "0", Severity: indicators.SeverityWarning}),
	}
	vals := map[string]float64{"A": 120, "B": 100, "C": 0}
	get := func(c string) (float64, bool) { v, ok := vals[c]; return v, ok }
	ws := Rules(rules, "A", get)
	if len(ws) != 2 {
		t.Fatalf("warnings %+v, want the failed share rule and the division by zero", ws)
	}
	if ws[0].Rule != "share" || ws[0].Severity != indicators.SeverityError || ws[0].Figures["left"] != 120 || ws[0].Figures["right"] != 100 {
		t.Errorf("share: %+v", ws[0])
	}
	if ws[1].Rule != "ratio" || ws[1].State != indicators.RuleDivByZero || ws[1].Severity != indicators.SeverityWarning {
		t.Errorf("ratio: %+v", ws[1])
	}
	// A value missing leaves the rule unchecked; a rule not reading the
	// indicator is not asked.
	delete(vals, "B")
	if ws := Rules(rules[:1], "A", get); len(ws) != 0 {
		t.Errorf("a rule missing B warned: %+v", ws)
	}
	if ws := Rules(rules[2:], "A", get); len(ws) != 0 {
		t.Errorf("a rule not reading A warned: %+v", ws)
	}
}
