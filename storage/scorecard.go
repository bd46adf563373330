package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"igmc/indicators"
	"igmc/scoring"
)

// toScoring turns a stored catalogue into the method's terms.
func toScoring(f indicators.Framework, cat *indicators.Catalogue) scoring.Framework {
	out := scoring.Framework{Code: f.Code}
	for _, p := range cat.Perspectives {
		w := p.Weight
		if w <= 0 {
			w = 1
		}
		out.Perspectives = append(out.Perspectives, scoring.Perspective{Code: p.Code, NameEn: p.NameEn, NameZh: p.NameZh, Weight: w})
	}
	for _, ind := range cat.Indicators {
		si := scoring.Indicator{
			Code: ind.Code, Perspective: ind.PerspectiveCode, Unit: ind.Unit,
			Frequency: scoring.Frequency(ind.Frequency), Aggregation: scoring.Aggregation(ind.Aggregation),
			Best: ind.Best, Worst: ind.Worst, Green: ind.Green, Red: ind.Red,
			BaselineValue: ind.BaselineValue, TargetValue: ind.TargetValue,
			Weight: ind.Weight, Points: ind.Points,
		}
		if ind.BaselineYear != nil {
			si.BaselineYear = *ind.BaselineYear
		}
		if ind.TargetYear != nil {
			si.TargetYear = *ind.TargetYear
		}
		out.Indicators = append(out.Indicators, si)
	}
	for _, b := range f.GradeBands {
		out.GradeBands = append(out.GradeBands, scoring.GradeBand{Min: b.Min, Grade: b.Grade})
	}
	return out
}

// scoringFramework returns the framework in scoring terms, from the cache
// when nothing was written since it was built.
func (s *Store) scoringFramework(tx *gorm.DB, code string) (*frameworkEntry, error) {
	if e := s.cache.framework(code); e != nil {
		return e, nil
	}
	gen := s.cache.catGen.Load()
	var frow frameworkRow
	if err := tx.Where("code = ?", code).Take(&frow).Error; err != nil {
		return nil, translate(err, "framework "+quote(code))
	}
	cat, ids, err := loadCatalogue(tx, code)
	if err != nil {
		return nil, err
	}
	e := &frameworkEntry{id: ids.frameworkID, fw: toScoring(frow.domain(), cat), code: ids.codeOf, gen: gen,
		ids: make(map[string]int64, len(ids.codeOf)), appliesTo: map[string][]string{}}
	for id, c := range ids.codeOf {
		e.ids[c] = id
	}
	for _, ind := range cat.Indicators {
		if len(ind.AppliesTo) > 0 {
			e.appliesTo[ind.Code] = ind.AppliesTo
		}
	}
	if err := e.fw.Validate(); err != nil {
		return nil, &indicators.Error{Code: indicators.Invalid, Message: "the catalogue of framework " + quote(indicators.Excerpt(code)) + " cannot be scored: " + err.Error(), Err: err}
	}
	s.cache.putFramework(code, e)
	return e, nil
}

// Scorecard computes a zone's scorecard as of year on the given basis
// (official: approved values only; working: the latest value whatever its
// status). It is served from the cache until the next write. The card is
// shared: callers must not modify it (its slices are the cache's).
func (s *Store) Scorecard(ctx context.Context, framework, zone string, year int, basis scoring.Basis) (scoring.Card, error) {
	e, err := s.scorecard(ctx, framework, zone, year, basis)
	if err != nil {
		return scoring.Card{}, err
	}
	return e.Card, nil
}

// cardQuery checks the year and basis of a card, the official basis when
// none is given.
func cardQuery(year int, basis scoring.Basis) (scoring.Basis, error) {
	if basis == "" {
		basis = scoring.BasisOfficial
	}
	if _, err := scoring.ParseBasis(string(basis)); err != nil {
		return "", indicators.Errorf(indicators.Invalid, "status must be approved (the official basis) or any (the working basis)")
	}
	if err := indicators.CheckYear(year); err != nil {
		return "", err
	}
	return basis, nil
}

func (s *Store) scorecard(ctx context.Context, framework, zone string, year int, basis scoring.Basis) (*CardEntry, error) {
	basis, err := cardQuery(year, basis)
	if err != nil {
		return nil, err
	}
	key := cardKey{framework, zone, year, basis}
	if e := s.cache.card(key); e != nil {
		return e, nil
	}
	gen := s.cache.gen.Load()
	var entry *CardEntry
	err = s.cacheReader(ctx).Transaction(func(tx *gorm.DB) error {
		if basis == scoring.BasisOfficial {
			frozen, err := s.frozenCard(tx, framework, zone, year)
			if err != nil || frozen != nil {
				entry = &CardEntry{Card: derefCard(frozen), gen: gen}
				return err
			}
		}
		fe, values, opts, err := s.valuesOf(tx, framework, zone, year, basis)
		if err != nil {
			return err
		}
		card, err := scoring.Compute(fe.fw, values, opts)
		if err != nil {
			return &indicators.Error{Code: indicators.Internal, Message: "internal error", Err: fmt.Errorf("storage: score %s/%s/%d: %w", framework, zone, year, err)}
		}
		entry = &CardEntry{Card: card, gen: gen}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.cache.putCard(key, entry)
	return entry, nil
}

// frozenCard is the signed-off official card of a zone's year, or nil.
func (s *Store) frozenCard(tx *gorm.DB, framework, zone string, year int) (*scoring.Card, error) {
	fe, z, err := s.zoneOf(tx, framework, zone)
	if err != nil {
		return nil, err
	}
	return signedOffCard(tx, fe.id, z.ID, year)
}

func derefCard(c *scoring.Card) scoring.Card {
	if c == nil {
		return scoring.Card{}
	}
	return *c
}

// valuesOf loads a framework's scoring form, a zone's values of it up to
// year and the options it is scored with (scoringOptions).
func (s *Store) valuesOf(tx *gorm.DB, framework, zone string, year int, basis scoring.Basis) (*frameworkEntry, []scoring.Value, scoring.Options, error) {
	fe, z, err := s.zoneOf(tx, framework, zone)
	if err != nil {
		return nil, nil, scoring.Options{}, err
	}
	opts, err := s.scoringOptions(tx, fe, []zoneRow{z}, year, basis)
	if err != nil {
		return nil, nil, scoring.Options{}, err
	}
	values, err := zoneValues(tx, fe, z.ID, year, basis)
	return fe, values, opts[z.ID], err
}

// zoneValues loads a zone's values of one framework up to year.
func zoneValues(tx *gorm.DB, fe *frameworkEntry, zone int64, year int, basis scoring.Basis) ([]scoring.Value, error) {
	var out []scoring.Value
	err := eachZoneValue(tx, fe, zone, year, basis, func(v scoring.Value) error {
		out = append(out, v)
		return nil
	})
	return out, err
}

// eachZoneValue hands fn a zone's values of one framework up to year, one
// by one as they are read.
func eachZoneValue(tx *gorm.DB, fe *frameworkEntry, zone int64, year int, basis scoring.Basis, fn func(scoring.Value) error) error {
	q := `SELECT m.indicator_id, m.period, ` + basisValue(basis) + `, ` + basisQuality(basis) + ` FROM measurements m
		JOIN indicators i ON i.id = m.indicator_id
		WHERE m.zone_id = ? AND i.framework_id = ? AND m.year <= ?` + basisFilter(basis)
	rows, err := tx.Raw(q, zone, fe.id, year).Rows()
	if err != nil {
		return translate(err, "measurements")
	}
	defer rows.Close()
	var (
		id     int64
		period string
		value  float64
		status string
		qual   string
	)
	for rows.Next() {
		if err := rows.Scan(&id, &period, &value, &status, &qual); err != nil {
			return translate(err, "measurements")
		}
		p, err := indicators.ParsePeriod(period)
		if err != nil {
			return translate(err, "measurements")
		}
		q, err := indicators.ParseQuality(qual)
		if err != nil {
			return translate(err, "measurements")
		}
		if err := fn(scoring.Value{Indicator: fe.code[id], Year: p.Year, Sub: p.Sub, Value: value,
			Approved: status == string(indicators.Approved), Quality: q}); err != nil {
			return err
		}
	}
	return translate(rows.Err(), "measurements")
}

// basisValue selects a value and whether it is approved: on the official
// basis the value in force (the last approved one, even while an edit of it
// awaits review); on the working basis the latest value.
func basisValue(b scoring.Basis) string {
	if b == scoring.BasisOfficial {
		return "m.approved_value, 'approved'"
	}
	return "m.value, m.status"
}

// basisQuality selects the quality code of the value basisValue selects:
// on the official basis that of the approved version, which an edit
// awaiting review keeps among the revisions.
func basisQuality(b scoring.Basis) string {
	if b == scoring.BasisOfficial {
		return `CASE WHEN m.approved_version IS NULL OR m.approved_version = m.version THEN m.quality
			ELSE COALESCE((SELECT r.quality FROM measurement_revisions r
				WHERE r.measurement_id = m.id AND r.version = m.approved_version), m.quality) END`
	}
	return "m.quality"
}

func basisFilter(b scoring.Basis) string {
	if b == scoring.BasisOfficial {
		return " AND m.approved_value IS NOT NULL"
	}
	return ""
}
