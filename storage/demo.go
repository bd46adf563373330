package storage

import (
	"bytes"
	"context"
	"strings"

	"igmc/indicators"
)

// LoadDemo loads the Liuyang demo: the zone, its clusters, and values for
// the demo years on the igmc framework. Values up to the year before the
// last enter approved; those of the last year enter submitted, awaiting
// review, so the official and working scorecards of that year differ.
// Loading it again changes nothing. The audit trail names by as the one who
// loaded it. It returns the number of values and how many of them were new.
func (s *Store) LoadDemo(ctx context.Context, by *indicators.Principal) (values, added int, err error) {
	cat, err := s.Catalogue(ctx, indicators.IGMC.Code)
	if err != nil {
		return 0, 0, err
	}
	if _, err := s.ImportZones(ctx, indicators.DemoZones, by); err != nil {
		return 0, 0, err
	}
	rows := indicators.DemoValues(cat)
	for _, part := range []struct {
		from, to int
		status   indicators.Status
	}{{indicators.DemoFirstYear, indicators.DemoLastYear - 1, indicators.Approved}, {indicators.DemoLastYear, indicators.DemoLastYear, indicators.Submitted}} {
		file := indicators.DemoCSV(rows, part.from, part.to)
		res, err := s.ImportMeasurements(ctx, indicators.NewCSVRows(bytes.NewReader(file)),
			// The demo's series are invented: the checks' warnings on them
			// are confirmed, and kept on the values.
			indicators.ImportOptions{Framework: indicators.IGMC.Code, Status: part.status, By: by, AcceptWarnings: true})
		if err != nil {
			return 0, 0, err
		}
		added += res.New
	}
	// The zones' own plans, adopted: the official scorecards measure
	// against them. Loading the demo again leaves them as they are.
	res, err := s.ImportPlans(ctx, indicators.NewCSVRows(strings.NewReader(indicators.DemoPlan)),
		indicators.PlanImportOptions{Framework: indicators.IGMC.Code, Comment: "示例数据的规划", By: by})
	if err != nil {
		return 0, 0, err
	}
	for zone, v := range res.Versions {
		if _, err := s.AdoptPlan(ctx, indicators.IGMC.Code, zone, v, "随示例数据采用", by); err != nil {
			return 0, 0, err
		}
	}
	return len(rows), added, nil
}
