package web

import (
	"sync"

	"igmc/reports"
	"igmc/scoring"
)

// cardBodies keeps the JSON of the cards the API served, so that a card
// the store serves from its cache is encoded once rather than on every
// request (encoding a 200-indicator card per request halved the
// scorecard's requests per second; docs/performance.md).
//
// An entry is reused only for the very card it was made from. The store
// hands out the same card — the same backing arrays — until a write makes
// a new one, so a card's identity is the address of its indicator rows;
// holding that address here keeps the old rows alive until the entry is
// replaced, so it can never be taken by another card.
type cardBodies struct {
	mu sync.Mutex
	m  map[cardBodyKey]cardBody
}

type cardBodyKey struct {
	framework, zone string
	year            int
	basis           scoring.Basis
}

type cardBody struct {
	rows *scoring.IndicatorCard
	body []byte
}

// maxCardBodies bounds the entries, as the store bounds its cards.
const maxCardBodies = 4096

// body is the JSON of card, from an earlier request when it was this card.
func (cb *cardBodies) body(card *scoring.Card) ([]byte, error) {
	if len(card.Indicators) == 0 {
		return reports.ScorecardJSON(card)
	}
	key := cardBodyKey{card.Framework, card.Zone, card.Year, card.Basis}
	rows := &card.Indicators[0]
	cb.mu.Lock()
	e, ok := cb.m[key]
	cb.mu.Unlock()
	if ok && e.rows == rows {
		return e.body, nil
	}
	b, err := reports.ScorecardJSON(card)
	if err != nil {
		return nil, err
	}
	cb.mu.Lock()
	defer cb.mu.Unlock()
	if cb.m == nil {
		cb.m = map[cardBodyKey]cardBody{}
	}
	if len(cb.m) >= maxCardBodies {
		n := 0
		for k := range cb.m {
			delete(cb.m, k)
			if n++; n >= maxCardBodies/2 {
				break
			}
		}
	}
	cb.m[key] = cardBody{rows: rows, body: b}
	return b, nil
}
