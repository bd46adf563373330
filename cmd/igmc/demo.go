package main

import (
	"bytes"
	"context"
	"fmt"

	"igmc/indicators"
)

// demoCmd loads the Liuyang demo: the zone, its clusters, and values for
// 2013–2020 on the igmc framework. Values up to 2019 enter approved; those
// of 2020 enter submitted, awaiting review, so the official and working
// scorecards of 2020 differ. Running it again changes nothing.
func demoCmd(ctx context.Context, c *cli, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("demo takes no arguments")
	}
	cat, err := c.store.Catalogue(ctx, indicators.IGMC.Code)
	if err != nil {
		return c.reportError(err)
	}
	if _, err := c.store.ImportZones(ctx, indicators.DemoZones, indicators.System); err != nil {
		return c.reportError(err)
	}
	rows := indicators.DemoValues(cat)
	total := 0
	for _, part := range []struct {
		from, to int
		status   indicators.Status
	}{{indicators.DemoFirstYear, indicators.DemoLastYear - 1, indicators.Approved}, {indicators.DemoLastYear, indicators.DemoLastYear, indicators.Submitted}} {
		file := indicators.DemoCSV(rows, part.from, part.to)
		res, err := c.store.ImportMeasurements(ctx, indicators.NewCSVRows(bytes.NewReader(file)),
			indicators.ImportOptions{Framework: indicators.IGMC.Code, Status: part.status, By: indicators.System})
		if err != nil {
			return c.reportError(err)
		}
		total += res.New
	}
	fmt.Fprintf(c.env.stdout, "demo loaded: %d zones, %d values (%d new); try: igmc scorecard --zone LY --year 2019\n", len(indicators.DemoZones), len(rows), total)
	return nil
}
