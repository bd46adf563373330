package storage

import (
	"context"
	"slices"

	"gorm.io/gorm"

	"igmc/indicators"
	"igmc/scoring"
)

// The data-quality checks of SPEC §8 run against what is stored: the
// scoring package has the pure checks, this file finds their inputs.
//
// Which values a check compares with: for each earlier period the value
// that is, or has been through, review — the current value when it is
// submitted or approved, otherwise the value in force (the last approved
// one); a draft or a rejected value never approved is nobody's reference.
//
//   - jump and flat: the zone's own earlier years of the indicator. A
//     quarterly or monthly value is compared with the same quarter or
//     month of earlier years (March with earlier Marches), so that a
//     season is not taken for a jump.
//   - peer: the same indicator and period of the other zones of the same
//     type (a zone without a type has no peers).
//   - rule: the framework's rules that read the indicator, with the zone ×
//     year's values and the new value in place of the stored one; a
//     sub-annual indicator counts by its aggregation over the periods there
//     are, except that a sum over a part of the year is no year's value and
//     leaves its rules unchecked.
//
// docs/quality.md says the same for people.

// checkedValue selects a measurement's reference value (see above); rows
// where it is NULL have none.
const checkedValue = `CASE WHEN m.status IN ('submitted', 'approved') THEN m.value ELSE m.approved_value END`

// CheckRow is one value to check: a zone's value of an indicator for a
// period (the domain's type, so that pages can hand a batch over).
type CheckRow = indicators.CheckRow

// CheckValue runs every check on one value of framework and returns its
// warnings (none: an empty list), each with its figures.
func (s *Store) CheckValue(ctx context.Context, framework, zone, indicator, period string, value float64) ([]scoring.Warning, error) {
	out, err := s.CheckRows(ctx, framework, []CheckRow{{Zone: zone, Indicator: indicator, Period: period, Value: value}})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// CheckRows checks a batch of values of framework at once — a chunk of an
// import — and returns each row's warnings, in order. The batch's own
// values stand in for the stored ones wherever a check reads them (a file
// with 2018 and 2019 compares its 2019 with its 2018). A long file is
// checked chunk by chunk with one Checker (NewChecker), which keeps what it
// has loaded.
func (s *Store) CheckRows(ctx context.Context, framework string, rows []CheckRow) ([][]scoring.Warning, error) {
	ch, err := s.NewChecker(ctx, framework)
	if err != nil {
		return nil, err
	}
	defer ch.Close()
	return ch.CheckRows(ctx, rows)
}

// Checker checks the values of one framework, loading what the checks need
// once per zone (its values) and per zone type × indicator × period (the
// peers' values), and keeping at most maxZoneBlocks zones and peer sets of
// at most maxPeerValues values in all, so that a file of millions of rows
// can be checked in chunks with bounded memory. It is not safe for
// concurrent use, and it sees the stored values as they were when each was
// loaded.
type Checker struct {
	s     *Store
	fe    *frameworkEntry
	rules []indicators.Rule
	ind   map[string]scoring.Indicator
	zones map[string]zoneInfo
	// kinds are the zone types, kind 1 first.
	kinds []string
	// zoneBlocks holds loaded zones: indicator code → observations,
	// ascending.
	zoneBlocks cacheFIFO[string, map[string][]obs]
	// peerSets holds loaded peer sets: the reference values of a zone
	// type's zones for an indicator and period, ascending; peerValues
	// counts what they hold. Sets beyond the bound go to spill, or, when
	// it cannot take them, to held for the batch being checked only (see
	// keepPeers). kindZones counts each type's zones.
	peerSets   map[peerKey]scoring.PeerSet
	peerValues int
	spill      peerSpill
	held       map[peerKey]scoring.PeerSet
	kindZones  []int
	// ruleInds are the indicators some rule reads.
	ruleInds map[string]bool
	// over holds the batch's values: zone → indicator → period → value.
	over map[string]map[string]map[periodKey]float64
	// merged and years keep, for the batch being checked, each zone ×
	// indicator's series and each zone × year's rule values: the rows of
	// one series share them.
	merged map[zoneIndicator][]obs
	years  map[zoneYear]map[string]float64
	// pairSeries holds the stored series of the zone × indicator pairs
	// of chunks of many zones (see prefetch), pairValues their values.
	pairSeries map[zoneIndicator][]obs
	pairValues int
	// zoneCodes names the zones by id, made on the first prefetch.
	zoneCodes map[int64]string
}

type zoneIndicator struct{ zone, indicator string }

type zoneYear struct {
	zone string
	year int
}

// zoneInfo is a zone's id and its type: kind numbers the types from 1
// (0: none), the Checker's kinds naming them.
type zoneInfo struct {
	id   int64
	kind int32
}

type periodKey struct{ year, sub int }

type obs struct {
	periodKey
	value float64
}

type peerKey struct {
	kind      int32
	indicator int64
	pk        periodKey
}

// The bounds of a Checker's memory: the zones it keeps, and the peer sets
// (at most maxPeerSets of them, holding at most maxPeerValues values in
// all, each set counted peerSetCost values more for its own upkeep). At
// 8 bytes a value the peer sets in memory stay under 32 MiB: every value
// of two years of 10,000 zones × 200 indicators. More go to a temporary
// file (checks_spill.go), which the system's cache holds as well, so
// that an import's peak memory stays well under 300 MB at ten million
// rows (docs/performance.md).
const (
	maxZoneBlocks = 64
	maxPeerSets   = 1 << 18
	peerSetCost   = 8
)

// maxPeerValues is a var only so that a test can make the Checker forget
// its peer sets early.
var maxPeerValues = 1 << 22

// NewChecker loads a framework's catalogue, rules and zones for checking.
func (s *Store) NewChecker(ctx context.Context, framework string) (*Checker, error) {
	ch := &Checker{s: s, ind: map[string]scoring.Indicator{}, zones: map[string]zoneInfo{},
		zoneBlocks: newFIFO[string, map[string][]obs](maxZoneBlocks), peerSets: map[peerKey]scoring.PeerSet{},
		ruleInds: map[string]bool{}}
	err := s.rdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		fe, err := s.scoringFramework(tx, framework)
		if err != nil {
			return err
		}
		ch.fe = fe
		if ch.rules, err = s.rulesOf(tx, framework); err != nil {
			return err
		}
		var zs []zoneRow
		if err := tx.Select("id, code, zone_type").Find(&zs).Error; err != nil {
			return translate(err, "zones")
		}
		kinds := map[string]int32{}
		for _, z := range zs {
			info := zoneInfo{id: z.ID}
			if z.ZoneType != "" {
				if kinds[z.ZoneType] == 0 {
					ch.kinds, ch.kindZones = append(ch.kinds, z.ZoneType), append(ch.kindZones, 0)
					kinds[z.ZoneType] = int32(len(ch.kinds))
				}
				info.kind = kinds[z.ZoneType]
				ch.kindZones[info.kind-1]++
			}
			ch.zones[z.Code] = info
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, ind := range ch.fe.fw.Indicators {
		ch.ind[ind.Code] = ind
	}
	for _, r := range ch.rules {
		for _, code := range r.Codes() {
			ch.ruleInds[code] = true
		}
	}
	return ch, nil
}

// Close lets go of what the Checker keeps on disk (see checks_spill.go);
// it is safe to call more than once.
func (ch *Checker) Close() { ch.spill.close() }

// CheckRows checks a chunk of rows (see Store.CheckRows). A row naming an
// unknown zone, indicator or a bad period is refused with its index.
func (ch *Checker) CheckRows(ctx context.Context, rows []CheckRow) ([][]scoring.Warning, error) {
	ch.over = map[string]map[string]map[periodKey]float64{}
	ch.merged, ch.years = map[zoneIndicator][]obs{}, map[zoneYear]map[string]float64{}
	defer func() { ch.over, ch.merged, ch.years = nil, nil, nil }()
	pks := make([]periodKey, len(rows))
	for i, r := range rows {
		pk, err := ch.resolve(r)
		if err != nil {
			return nil, indicators.FieldsError("the value cannot be checked", []indicators.FieldError{{Line: i + 1, Field: err.field, Code: err.code, Message: err.msg}})
		}
		pks[i] = pk
		byInd := ch.over[r.Zone]
		if byInd == nil {
			byInd = map[string]map[periodKey]float64{}
			ch.over[r.Zone] = byInd
		}
		if byInd[r.Indicator] == nil {
			byInd[r.Indicator] = map[periodKey]float64{}
		}
		byInd[r.Indicator][pk] = r.Value
	}
	if err := ch.prefetch(ctx, rows); err != nil {
		return nil, err
	}
	peer, err := ch.peerChecks(ctx, rows, pks)
	if err != nil {
		return nil, err
	}
	out := make([][]scoring.Warning, len(rows))
	for i, r := range rows {
		ws, err := ch.check(ctx, r, pks[i], peer[i])
		if err != nil {
			return nil, err
		}
		out[i] = ws
	}
	return out, nil
}

type rowProblem struct{ field, code, msg string }

func (ch *Checker) resolve(r CheckRow) (periodKey, *rowProblem) {
	if _, ok := ch.zones[r.Zone]; !ok {
		return periodKey{}, &rowProblem{"zone_code", "unknown_zone", "unknown zone " + quote(indicators.Excerpt(r.Zone))}
	}
	ind, ok := ch.ind[r.Indicator]
	if !ok {
		return periodKey{}, &rowProblem{"indicator_code", "unknown_indicator", "unknown indicator " + quote(indicators.Excerpt(r.Indicator))}
	}
	p, err := indicators.ParsePeriod(r.Period)
	if err != nil || string(p.Frequency) != string(freqOf(ind)) {
		return periodKey{}, &rowProblem{"period", "invalid_period", "period " + quote(indicators.Excerpt(r.Period)) + " does not fit indicator " + quote(r.Indicator)}
	}
	return periodKey{p.Year, p.Sub}, nil
}

func freqOf(ind scoring.Indicator) scoring.Frequency {
	if ind.Frequency == "" {
		return scoring.Annual
	}
	return ind.Frequency
}

// check runs the four checks on one row, the peer check's finding given
// (see peerChecks).
func (ch *Checker) check(ctx context.Context, r CheckRow, pk periodKey, peer *scoring.Warning) ([]scoring.Warning, error) {
	out := []scoring.Warning{}
	series, err := ch.series(ctx, r.Zone, r.Indicator)
	if err != nil {
		return nil, err
	}
	var earlier []scoring.YearValue
	for _, o := range series {
		if o.sub == pk.sub && o.year < pk.year {
			earlier = append(earlier, scoring.YearValue{Year: o.year, Value: o.value})
		}
	}
	if w := scoring.Jump(earlier, r.Value); w != nil {
		out = append(out, *w)
	}
	if peer != nil {
		out = append(out, *peer)
	}
	if w := scoring.Flat(earlier, pk.year, r.Value); w != nil {
		out = append(out, *w)
	}
	if !ch.ruleInds[r.Indicator] {
		return out, nil
	}
	year, err := ch.yearValues(ctx, r.Zone, pk.year)
	if err != nil {
		return nil, err
	}
	out = append(out, scoring.Rules(ch.rules, r.Indicator, func(code string) (float64, bool) {
		v, ok := year[code]
		return v, ok
	})...)
	return out, nil
}

// series is a zone's observations of an indicator, the batch's values in
// place of the stored ones, ascending.
func (ch *Checker) series(ctx context.Context, zone, indicator string) ([]obs, error) {
	stored, err := ch.storedSeries(ctx, zone, indicator)
	if err != nil {
		return nil, err
	}
	over := ch.over[zone][indicator]
	if len(over) == 0 {
		return stored, nil
	}
	key := zoneIndicator{zone, indicator}
	if out, ok := ch.merged[key]; ok {
		return out, nil
	}
	out := make([]obs, 0, len(stored)+len(over))
	for _, o := range stored {
		if _, replaced := over[o.periodKey]; !replaced {
			out = append(out, o)
		}
	}
	for pk, v := range over {
		out = append(out, obs{pk, v})
	}
	sortObs(out)
	if ch.merged != nil {
		ch.merged[key] = out
	}
	return out, nil
}

// storedSeries is a zone's stored observations of an indicator,
// ascending: the prefetched pair's, or the zone's block's.
func (ch *Checker) storedSeries(ctx context.Context, zone, indicator string) ([]obs, error) {
	if stored, fetched := ch.pairSeries[zoneIndicator{zone, indicator}]; fetched {
		return stored, nil
	}
	block, err := ch.zoneBlock(ctx, zone)
	if err != nil {
		return nil, err
	}
	return block[indicator], nil
}

func sortObs(os []obs) {
	slices.SortFunc(os, func(a, b obs) int {
		if a.year != b.year {
			return a.year - b.year
		}
		return a.sub - b.sub
	})
}
