package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"igmc/reports"
)

const progressUsage = "usage: igmc progress --framework CODE --zone Z --year Y [--status approved|any] [--format csv|json|xlsx|pdf] [--lang en|zh] [--out FILE]"

// progressCmd writes the progress report of zone × year, the same report
// as the page and the API: changes since the year before, what is off
// track or behind plan, completeness and unapproved values.
func progressCmd(ctx context.Context, c *cli, args []string) error {
	a, err := reportCmdArgs("progress", progressUsage, c, args, []string{"csv", "json", "xlsx", "pdf"}, []string{"xlsx", "pdf"})
	if err != nil {
		return err
	}
	format, lang := a.format, a.lang
	r, z, err := reports.ProgressReportOf(ctx, c.store, *a.fw, *a.zone, *a.year, a.basis)
	if err != nil {
		return c.reportError(err)
	}
	return c.writeOut(*a.out, func(w io.Writer) error {
		switch *format {
		case "csv":
			return reports.WriteProgressCSV(w, r)
		case "xlsx":
			return reports.WriteProgressXLSX(w, r)
		case "json":
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(r)
		}
		cat, err := c.store.Catalogue(ctx, *a.fw)
		if err != nil {
			return err
		}
		f, err := c.store.Framework(ctx, *a.fw)
		if err != nil {
			return err
		}
		notice, err := reports.WriteProgressPDF(w, r, z, cat, reports.PDFOptions{Lang: *lang, Font: c.cfg.PDFFont, Framework: f, Now: time.Now()})
		if notice != "" {
			fmt.Fprintln(c.env.stderr, "igmc:", notice)
		}
		return err
	})
}
