package storage

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"

	"gorm.io/gorm"

	"igmc/indicators"
	"igmc/scoring"
)

// Planner is the way from a zone's points as of year to the next grade
// band (SPEC §3.11): what each indicator would add at green and at best,
// and the smallest set of improvements that reaches the band. It reads
// the values as the scorecard does and writes nothing.
func (s *Store) Planner(ctx context.Context, framework, zone string, year int, basis scoring.Basis) (scoring.Planner, error) {
	basis, err := cardQuery(year, basis)
	if err != nil {
		return scoring.Planner{}, err
	}
	var out scoring.Planner
	err = s.cacheReader(ctx).Transaction(func(tx *gorm.DB) error {
		fe, values, opts, err := s.valuesOf(tx, framework, zone, year, basis)
		if err != nil {
			return err
		}
		out, err = scoring.PlanToNextGrade(fe.fw, values, opts)
		if err != nil {
			return &indicators.Error{Code: indicators.Internal, Message: "internal error", Err: fmt.Errorf("storage: planner %s/%s/%d: %w", framework, zone, year, err)}
		}
		return nil
	})
	return out, err
}

// MaxWhatIfValues bounds the hypothetical values of one what-if: one per
// indicator of a large framework.
const MaxWhatIfValues = 1000

// WhatIf is the scorecard that would follow if some of a zone's values as
// of year were the hypothetical ones (by indicator code), beside today's,
// with the differences (SPEC §3.11). Nothing is stored and nothing is
// audited. An unknown indicator or a value that no value of the indicator
// may be is refused, naming it.
func (s *Store) WhatIf(ctx context.Context, framework, zone string, year int, basis scoring.Basis, values map[string]float64) (scoring.WhatIfResult, error) {
	basis, err := cardQuery(year, basis)
	if err != nil {
		return scoring.WhatIfResult{}, err
	}
	cat, err := s.Catalogue(ctx, framework)
	if err != nil {
		return scoring.WhatIfResult{}, err
	}
	if err := checkWhatIf(cat, values); err != nil {
		return scoring.WhatIfResult{}, err
	}
	var out scoring.WhatIfResult
	err = s.cacheReader(ctx).Transaction(func(tx *gorm.DB) error {
		fe, real, opts, err := s.valuesOf(tx, framework, zone, year, basis)
		if err != nil {
			return err
		}
		out, err = scoring.WhatIf(fe.fw, real, opts, values)
		var he *scoring.HypotheticalError
		if errors.As(err, &he) {
			// A value of an indicator that does not apply to the zone.
			return indicators.FieldsError("the what-if values are not valid", []indicators.FieldError{{Field: he.Indicator, Code: "invalid", Message: he.Indicator + ": " + he.Reason}})
		}
		if err != nil {
			return &indicators.Error{Code: indicators.Internal, Message: "internal error", Err: fmt.Errorf("storage: what-if %s/%s/%d: %w", framework, zone, year, err)}
		}
		return nil
	})
	return out, err
}

// checkWhatIf refuses hypothetical values of indicators the catalogue does
// not have, or that a value of the indicator could not be: beyond the
// bounds of every number, or outside the indicator's plausible range.
func checkWhatIf(cat *indicators.Catalogue, values map[string]float64) error {
	if len(values) == 0 {
		return indicators.FieldsError("the what-if is not valid", []indicators.FieldError{{Field: "values", Code: "required", Message: "give at least one hypothetical value"}})
	}
	if len(values) > MaxWhatIfValues {
		return indicators.FieldsError("the what-if is not valid", []indicators.FieldError{{Field: "values", Code: "too_many", Message: fmt.Sprintf("at most %d hypothetical values", MaxWhatIfValues)}})
	}
	byCode := make(map[string]*indicators.Indicator, len(cat.Indicators))
	for i := range cat.Indicators {
		byCode[cat.Indicators[i].Code] = &cat.Indicators[i]
	}
	var errs indicators.FieldErrors
	for _, code := range slices.Sorted(maps.Keys(values)) {
		v := values[code]
		ind := byCode[code]
		if ind == nil {
			errs.AddWith(0, "indicator_code", "unknown_indicator", map[string]string{"value": code}, "indicator %q is not in the framework", indicators.Excerpt(code))
			continue
		}
		if math.IsNaN(v) || math.Abs(v) > indicators.MaxMagnitude {
			errs.AddWith(0, "value", "out_of_range", map[string]string{"indicator": code, "value": indicators.FormatNumber(v), "limit": indicators.FormatNumber(indicators.MaxMagnitude)},
				"value of indicator %q is beyond ±%s", code, indicators.FormatNumber(indicators.MaxMagnitude))
			continue
		}
		if !ind.InRange(v) {
			errs.AddWith(0, "value", "out_of_range", map[string]string{"indicator": code, "value": indicators.FormatNumber(v), "range": rangeText(ind)},
				"value %s of indicator %q is outside its plausible range %s", indicators.FormatNumber(v), code, rangeText(ind))
		}
	}
	return errs.Err("the what-if is not valid")
}

func rangeText(ind *indicators.Indicator) string {
	return rangeOf(indicatorRow{MinValue: ind.Min, MaxValue: ind.Max})
}
