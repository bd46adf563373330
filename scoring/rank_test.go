package scoring_test

import (
	"slices"
	"testing"

	"igmc/scoring"
)

func TestRank(t *testing.T) {
	card := func(zone string, index *float64, coverage float64) scoring.Card {
		return scoring.Card{Zone: zone, Index: scoring.Index{Score: index}, Coverage: coverage}
	}
	in := []scoring.Card{
		card("a", nil, 0.5),
		card("b", ptr(70), 0.9),
		card("e", nil, 0.7),
		card("c", ptr(70), 0.95),
		card("d", ptr(80), 0.8),
		card("a2", ptr(70), 0.9),
	}
	got := scoring.Rank(in)
	var zones []string
	for _, c := range got {
		zones = append(zones, c.Zone)
	}
	// d: highest index; c, a2, b share 70: c has more coverage, a2 and b
	// tie and go by zone code; the null indexes last, by coverage.
	want := []string{"d", "c", "a2", "b", "e", "a"}
	if !slices.Equal(zones, want) {
		t.Errorf("Rank order = %v, want %v", zones, want)
	}
	if in[0].Zone != "a" || in[5].Zone != "a2" {
		t.Errorf("Rank modified its input: %v", in)
	}
	if len(scoring.Rank(nil)) != 0 {
		t.Error("Rank(nil) is not empty")
	}
}
