package reports

import (
	"context"

	"igmc/indicators"
	"igmc/scoring"
)

// ProgressReportOf makes the progress report of zone × year: the year's and
// the year before's scorecards on the same basis, compared, with the
// year's values that still await approval.
func ProgressReportOf(ctx context.Context, svc Store, fw, zone string, year int, basis scoring.Basis) (*scoring.ProgressReport, indicators.Zone, error) {
	z, err := svc.Zone(ctx, zone)
	if err != nil {
		return nil, z, err
	}
	cur, err := svc.Scorecard(ctx, fw, zone, year, basis)
	if err != nil {
		return nil, z, err
	}
	var prev *scoring.Card
	if year > indicators.MinYear {
		p, err := svc.Scorecard(ctx, fw, zone, year-1, basis)
		if err != nil {
			return nil, z, err
		}
		prev = &p
	}
	cat, err := svc.Catalogue(ctx, fw)
	if err != nil {
		return nil, z, err
	}
	values, err := svc.UnapprovedValues(ctx, fw, zone, year)
	if err != nil {
		return nil, z, err
	}
	r := scoring.NewProgressReport(cur, prev, cat, values)
	return &r, z, nil
}

// IndexSeries is the zone's cards of up to ten years ending with the
// card's year, from the framework's first year with values, for the chart
// of the index over the years in the PDF; none when the framework has no
// values up to that year.
func IndexSeries(ctx context.Context, svc Store, card *scoring.Card) ([]scoring.Card, error) {
	first, _, ok, err := svc.YearRange(ctx, card.Framework)
	if err != nil || !ok || first > card.Year {
		return nil, err
	}
	return svc.ScorecardSeries(ctx, card.Framework, card.Zone, max(first, card.Year-9), card.Year, card.Basis)
}
