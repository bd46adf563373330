package reports

import (
	"testing"

	"igmc/scoring"
)

// TestFirstDifference names the row, the field and both values of the
// first figure that differs, the card's rows before its totals.
func TestFirstDifference(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	base := scoring.Card{Framework: "igmc", Zone: "LY", Year: 2019, Coverage: 0.5, Index: scoring.Index{Score: f(60)},
		Perspectives: []scoring.PerspectiveCard{{Code: "space", Score: f(60)}, {Code: "economy", Score: f(40)}},
		Indicators:   []scoring.IndicatorCard{{IndicatorCode: "SPC-01", Value: f(12)}, {IndicatorCode: "ECO-01", Value: f(7)}}}
	enc := func(c scoring.Card) []byte {
		b, err := ScorecardJSON(&c)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	want := enc(base)
	for _, tc := range []struct {
		name   string
		change func(c *scoring.Card)
		say    string
	}{
		{"indicator_before_totals", func(c *scoring.Card) {
			c.Indicators = []scoring.IndicatorCard{c.Indicators[0], {IndicatorCode: "ECO-01", Value: f(8)}}
			c.Index.Score = f(61)
		}, "indicator ECO-01: value: expected 7, got 8"},
		{"perspective", func(c *scoring.Card) {
			c.Perspectives = []scoring.PerspectiveCard{c.Perspectives[0], {Code: "economy", Score: nil}}
		}, "perspective economy: score: expected 40, got null"},
		{"total", func(c *scoring.Card) { c.Index.Score = nil }, "card: index.score: expected 60, got null"},
		{"rows", func(c *scoring.Card) { c.Indicators = c.Indicators[:1] }, "card: indicators: expected 2 rows, got 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := base
			tc.change(&c)
			if got := firstDifference("scorecards/LY.json", want, enc(c)); got != tc.say {
				t.Errorf("got %q, want %q", got, tc.say)
			}
		})
	}
}
