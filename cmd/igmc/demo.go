package main

import (
	"context"
	"fmt"

	"igmc/indicators"
)

// demoCmd loads the Liuyang demo (storage.LoadDemo): the zone, its
// clusters, and values for 2013–2020 on the igmc framework, to 2019
// approved and 2020 submitted. Running it again changes nothing.
func demoCmd(ctx context.Context, c *cli, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("demo takes no arguments")
	}
	values, added, err := c.store.LoadDemo(ctx, indicators.System)
	if err != nil {
		return c.reportError(err)
	}
	fmt.Fprintf(c.env.stdout, "demo loaded: %d zones, %d values (%d new); try: igmc scorecard --zone LY --year 2019\n", len(indicators.DemoZones), values, added)
	return nil
}
