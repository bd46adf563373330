package reports

import (
	"context"
	"sync"

	"igmc/indicators"
	"igmc/scoring"
)

// publicData is one framework's published figures: the zones, the years
// and, read when a page first needs them, each year's summaries and each
// zone's official cards. The zone lists are made from the summaries
// alone (one kept row per zone and year, storage's Ranking), so the
// site's index does not wait for every zone's cards to be scored; an
// indicator page, data.zip and the whole site read every card.
type publicData struct {
	st        PublicStore
	Framework indicators.Framework
	Catalogue *indicators.Catalogue
	Years     []int
	Zones     []indicators.Zone
	// pos is each indicator's place in the catalogue.
	pos map[string]int

	mu sync.Mutex
	// sums[k] is the summaries of Years[k] by zone code, nil until read.
	sums []map[string]*scoring.RankRow
	// cards[z] is zone z's card of each year, nil until read; all is
	// every zone's, once read.
	cards [][]scoring.Card
	all   *publicCards
}

// publicCards is every zone's card of every published year.
type publicCards struct {
	// of[z][k] is zone z's card of Years[k].
	of [][]scoring.Card
	// onCard is each indicator's place on the cards (the method's
	// order, the same on every card).
	onCard map[string]int
	years  []int
}

// loadPublic reads what framework publishes; NotFound when it publishes
// nothing.
func loadPublic(ctx context.Context, st PublicStore, framework string) (*publicData, error) {
	years, err := st.PublishedYears(ctx, framework)
	if err != nil {
		return nil, err
	}
	if len(years) == 0 {
		return nil, indicators.Errorf(indicators.NotFound, "framework %q is not published", framework)
	}
	f, err := st.Framework(ctx, framework)
	if err != nil {
		return nil, err
	}
	cat, err := st.Catalogue(ctx, framework)
	if err != nil {
		return nil, err
	}
	zones, err := st.ListZones(ctx)
	if err != nil {
		return nil, err
	}
	d := &publicData{st: st, Framework: f, Catalogue: cat, Years: years, Zones: zones, pos: make(map[string]int, len(cat.Indicators)),
		sums: make([]map[string]*scoring.RankRow, len(years)), cards: make([][]scoring.Card, len(zones))}
	for i, ind := range cat.Indicators {
		d.pos[ind.Code] = i
	}
	return d, nil
}

// summaries is every zone's summary of Years[k], by zone code. A zone
// without one (none when the store scores every zone) shows as empty.
func (d *publicData) summaries(ctx context.Context, k int) (map[string]*scoring.RankRow, error) {
	d.mu.Lock()
	m := d.sums[k]
	d.mu.Unlock()
	if m != nil {
		return m, nil
	}
	rows, err := d.st.Ranking(ctx, d.Framework.Code, d.Years[k], scoring.BasisOfficial)
	if err != nil {
		return nil, err
	}
	m = make(map[string]*scoring.RankRow, len(rows))
	for i := range rows {
		m[rows[i].Zone] = &rows[i]
	}
	d.mu.Lock()
	d.sums[k] = m
	d.mu.Unlock()
	return m, nil
}

// zoneCards is zone z's card of each published year.
func (d *publicData) zoneCards(ctx context.Context, z int) ([]scoring.Card, error) {
	d.mu.Lock()
	cards := d.cards[z]
	d.mu.Unlock()
	if cards != nil {
		return cards, nil
	}
	first, last := d.Years[0], d.Years[len(d.Years)-1]
	series, err := d.st.ScorecardSeries(ctx, d.Framework.Code, d.Zones[z].Code, first, last, scoring.BasisOfficial)
	if err != nil {
		return nil, err
	}
	cards = make([]scoring.Card, len(d.Years))
	for k, y := range d.Years {
		cards[k] = series[y-first]
	}
	d.mu.Lock()
	d.cards[z] = cards
	d.mu.Unlock()
	return cards, nil
}

// allCards is every zone's cards, read once.
func (d *publicData) allCards(ctx context.Context) (*publicCards, error) {
	d.mu.Lock()
	all := d.all
	d.mu.Unlock()
	if all != nil {
		return all, nil
	}
	all = &publicCards{of: make([][]scoring.Card, len(d.Zones)), onCard: map[string]int{}, years: d.Years}
	for z := range d.Zones {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		cards, err := d.zoneCards(ctx, z)
		if err != nil {
			return nil, err
		}
		all.of[z] = cards
	}
	if len(all.of) > 0 {
		for i, ic := range all.of[0][0].Indicators {
			all.onCard[ic.IndicatorCode] = i
		}
	}
	d.mu.Lock()
	d.all = all
	d.mu.Unlock()
	return all, nil
}

func (d *publicData) yearIndex(y int) int {
	for i, v := range d.Years {
		if v == y {
			return i
		}
	}
	return -1
}

func (d *publicData) indicator(code string) *indicators.Indicator {
	if i, ok := d.pos[code]; ok {
		return &d.Catalogue.Indicators[i]
	}
	return nil
}

// yearValue is zone z's value of indicator code measured in year index
// k (not one carried from an earlier year), or nil.
func (a *publicCards) yearValue(z, k int, code string) *scoring.IndicatorCard {
	c := &a.of[z][k]
	ic := cardRow(c, a.onCard[code], code)
	if ic != nil && ic.Value != nil && ic.Year != nil && *ic.Year == a.years[k] {
		return ic
	}
	return nil
}

// cardRow is the card's row of indicator code, looked for at i first.
func cardRow(c *scoring.Card, i int, code string) *scoring.IndicatorCard {
	if i < len(c.Indicators) && c.Indicators[i].IndicatorCode == code {
		return &c.Indicators[i]
	}
	for j := range c.Indicators {
		if c.Indicators[j].IndicatorCode == code {
			return &c.Indicators[j]
		}
	}
	return nil
}
