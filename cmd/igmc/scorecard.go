package main

import (
	"bufio"
	"context"
	"fmt"

	"igmc/web"
)

func scorecardCmd(ctx context.Context, c *cli, args []string) error {
	fs := newFlags("scorecard", c)
	fw := fs.String("framework", "igmc", "framework code")
	zone := fs.String("zone", "", "zone code")
	year := fs.Int("year", 0, "the scorecard is as of this year")
	status := fs.String("status", "approved", "approved (official basis) or any (working view)")
	format := fs.String("format", "table", "table, csv or json")
	pos, err := parse(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if *zone == "" || *year == 0 || len(pos) > 0 {
		return fmt.Errorf("usage: igmc scorecard --framework CODE --zone Z --year Y [--status approved|any] [--format table|csv|json]")
	}
	basis, err := web.BasisOf(*status)
	if err != nil {
		return c.reportError(err)
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		return fmt.Errorf("--format must be table, csv or json")
	}
	card, body, err := c.store.Scorecard(ctx, *fw, *zone, *year, basis)
	if err != nil {
		return c.reportError(err)
	}
	w := bufio.NewWriter(c.env.stdout)
	switch *format {
	case "json":
		_, _ = w.Write(body)
		_ = w.WriteByte('\n')
	default:
		cat, err := c.store.Catalogue(ctx, *fw)
		if err != nil {
			return c.reportError(err)
		}
		if *format == "csv" {
			err = web.WriteScorecardCSV(w, &card, cat)
		} else {
			z, zerr := c.store.Zone(ctx, *zone)
			if zerr != nil {
				return c.reportError(zerr)
			}
			err = web.WriteScorecardTable(w, &card, cat, z)
		}
		if err != nil {
			return err
		}
	}
	return w.Flush()
}
