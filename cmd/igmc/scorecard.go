package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"igmc/web"
)

const scorecardUsage = "usage: igmc scorecard --framework CODE --zone Z --year Y [--status approved|any] [--format table|csv|json|xlsx] [--out FILE]"

func scorecardCmd(ctx context.Context, c *cli, args []string) error {
	fs := newFlags("scorecard", c)
	fw := fs.String("framework", "igmc", "framework code")
	zone := fs.String("zone", "", "zone code")
	year := fs.Int("year", 0, "the scorecard is as of this year")
	status := fs.String("status", "approved", "approved (official basis) or any (working view)")
	format := fs.String("format", "table", "table, csv, json or xlsx")
	out := fs.String("out", "", "write to this file instead of standard output (required for xlsx)")
	pos, err := parse(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if *zone == "" || *year == 0 || len(pos) > 0 {
		return errors.New(scorecardUsage)
	}
	basis, err := web.BasisOf(*status)
	if err != nil {
		return c.reportError(err)
	}
	switch *format {
	case "table", "csv", "json":
	case "xlsx":
		if *out == "" {
			return fmt.Errorf("--format xlsx needs --out FILE")
		}
	default:
		return fmt.Errorf("--format must be table, csv, json or xlsx")
	}
	card, body, err := c.store.Scorecard(ctx, *fw, *zone, *year, basis)
	if err != nil {
		return c.reportError(err)
	}
	return c.writeOut(*out, func(w io.Writer) error {
		if *format == "json" {
			_, err := w.Write(append(body, '\n'))
			return err
		}
		cat, err := c.store.Catalogue(ctx, *fw)
		if err != nil {
			return c.reportError(err)
		}
		switch *format {
		case "csv":
			return web.WriteScorecardCSV(w, &card, cat)
		case "xlsx":
			return web.WriteScorecardXLSX(w, &card, cat)
		}
		z, err := c.store.Zone(ctx, *zone)
		if err != nil {
			return c.reportError(err)
		}
		return web.WriteScorecardTable(w, &card, cat, z)
	})
}

// writeOut runs write on standard output, or on the file path when it is
// not empty; a file that could not be written whole is removed.
func (c *cli) writeOut(path string, write func(io.Writer) error) error {
	var dst io.Writer = c.env.stdout
	var f *os.File
	if path != "" {
		var err error
		if f, err = os.Create(path); err != nil {
			return err
		}
		dst = f
	}
	w := bufio.NewWriter(dst)
	err := write(w)
	if err == nil {
		err = w.Flush()
	}
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			_ = os.Remove(path)
		}
	}
	return err
}
