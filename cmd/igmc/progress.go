package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"igmc/web"
)

const progressUsage = "usage: igmc progress --framework CODE --zone Z --year Y [--status approved|any] [--format csv|json|xlsx|pdf] [--lang en|zh] [--out FILE]"

// progressCmd writes the progress report of zone × year, the same report
// as the page and the API: changes since the year before, what is off
// track or behind plan, completeness and unapproved values.
func progressCmd(ctx context.Context, c *cli, args []string) error {
	fs := newFlags("progress", c)
	fw := fs.String("framework", "igmc", "framework code")
	zone := fs.String("zone", "", "zone code")
	year := fs.Int("year", 0, "the year reported on, compared with the year before")
	status := fs.String("status", "approved", "approved (official basis) or any (working view)")
	format := fs.String("format", "csv", "csv, json, xlsx or pdf")
	lang := fs.String("lang", "en", "language of the PDF: en or zh (needs the font of IGMC_PDF_FONT)")
	out := fs.String("out", "", "write to this file instead of standard output (required for xlsx and pdf)")
	pos, err := parse(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if *zone == "" || *year == 0 || len(pos) > 0 {
		return errors.New(progressUsage)
	}
	basis, err := web.BasisOf(*status)
	if err != nil {
		return c.reportError(err)
	}
	switch *format {
	case "csv", "json":
	case "xlsx", "pdf":
		if *out == "" {
			return fmt.Errorf("--format %s needs --out FILE", *format)
		}
	default:
		return fmt.Errorf("--format must be csv, json, xlsx or pdf")
	}
	if *lang != "en" && *lang != "zh" {
		return fmt.Errorf("--lang must be en or zh")
	}
	r, z, err := web.ProgressReportOf(ctx, c.store, *fw, *zone, *year, basis)
	if err != nil {
		return c.reportError(err)
	}
	return c.writeOut(*out, func(w io.Writer) error {
		switch *format {
		case "csv":
			return web.WriteProgressCSV(w, r)
		case "xlsx":
			return web.WriteProgressXLSX(w, r)
		case "json":
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(r)
		}
		notice, err := web.WriteProgressPDF(w, r, z, web.PDFOptions{Lang: *lang, Font: c.cfg.PDFFont, Now: time.Now()})
		if notice != "" {
			fmt.Fprintln(c.env.stderr, "igmc:", notice)
		}
		return err
	})
}
