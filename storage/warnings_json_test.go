package storage

import (
	"encoding/json"
	"math"
	"testing"

	"igmc/indicators"
)

// The hand-written encoder writes what json.Marshal writes, for every kind
// of figure and string it meets, and falls back to it for the rest.
func TestAppendWarningsMatchesMarshal(t *testing.T) {
	cases := [][]indicators.Warning{
		{},
		{{Check: "jump", Severity: indicators.SeverityWarning, Figures: map[string]float64{"change": -97, "previous": 100, "z": -12.345678901234567, "median": 0}}},
		{{Check: "peer", Severity: indicators.SeverityWarning, Figures: map[string]float64{"tiny": 1.5e-7, "huge": 3e21, "neg_tiny": -2.25e-9, "edge": 1e-6, "big": 1e20, "third": 1.0 / 3}}},
		{{Check: "rule", Rule: "R-share.1", Severity: indicators.SeverityError, State: "division_by_zero", Figures: map[string]float64{"left": 1, "right": 0}},
			{Check: "flat", Severity: indicators.SeverityWarning, Figures: nil}},
		{{Check: "rule", Rule: "a\"b<c>", Severity: indicators.SeverityWarning, Figures: map[string]float64{"x": 1}}},
		{{Check: "rule", Rule: "规则", Severity: indicators.SeverityWarning, Figures: map[string]float64{"值": 2}}},
	}
	for i, ws := range cases {
		want, err := json.Marshal(ws)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendWarnings([]byte("prefix"), ws)
		if err != nil || string(got) != "prefix"+string(want) {
			t.Errorf("case %d:\n got %s (%v)\nwant prefix%s", i, got, err, want)
		}
	}
	_, err := appendWarnings(nil, []indicators.Warning{{Check: "jump", Figures: map[string]float64{"z": math.Inf(1)}}})
	if err == nil {
		t.Error("an infinite figure was encoded")
	}
}
