package reports

import (
	"encoding/json"

	"igmc/scoring"
)

// ScorecardJSON is the card as the API and `igmc scorecard --format json`
// give it: the card's JSON fields, compact, in declaration order.
func ScorecardJSON(card *scoring.Card) ([]byte, error) {
	return json.Marshal(card)
}
