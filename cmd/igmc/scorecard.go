package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"igmc/indicators"
	"igmc/scoring"
	"igmc/web"
)

const scorecardUsage = "usage: igmc scorecard --framework CODE --zone Z --year Y [--status approved|any] [--format table|csv|json|xlsx|pdf] [--lang en|zh] [--out FILE]"

func scorecardCmd(ctx context.Context, c *cli, args []string) error {
	fs := newFlags("scorecard", c)
	fw := fs.String("framework", "igmc", "framework code")
	zone := fs.String("zone", "", "zone code")
	year := fs.Int("year", 0, "the scorecard is as of this year")
	status := fs.String("status", "approved", "approved (official basis) or any (working view)")
	format := fs.String("format", "table", "table, csv, json, xlsx or pdf")
	lang := fs.String("lang", "en", "language of the PDF: en or zh (needs the font of IGMC_PDF_FONT)")
	out := fs.String("out", "", "write to this file instead of standard output (required for xlsx and pdf)")
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
	case "xlsx", "pdf":
		if *out == "" {
			return fmt.Errorf("--format %s needs --out FILE", *format)
		}
	default:
		return fmt.Errorf("--format must be table, csv, json, xlsx or pdf")
	}
	if *lang != "en" && *lang != "zh" {
		return fmt.Errorf("--lang must be en or zh")
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
		if *format == "pdf" {
			return c.scorecardPDF(ctx, w, &card, cat, z, *lang)
		}
		return web.WriteScorecardTable(w, &card, cat, z)
	})
}

// scorecardPDF writes the card as a PDF with the index over up to ten
// years; a Chinese PDF without its font comes out in English, and says so
// on standard error.
func (c *cli) scorecardPDF(ctx context.Context, w io.Writer, card *scoring.Card, cat *indicators.Catalogue, z indicators.Zone, lang string) error {
	data := web.ScorecardPDF{Card: card, Catalogue: cat, Zone: z}
	if first, _, ok, err := c.store.YearRange(ctx, card.Framework); err == nil && ok && first <= card.Year {
		if data.Series, err = c.store.ScorecardSeries(ctx, card.Framework, card.Zone, max(first, card.Year-9), card.Year, card.Basis); err != nil {
			return c.reportError(err)
		}
	}
	notice, err := web.WriteScorecardPDF(w, data, web.PDFOptions{Lang: lang, Font: c.cfg.PDFFont, Now: time.Now()})
	if notice != "" {
		fmt.Fprintln(c.env.stderr, "igmc:", notice)
	}
	return err
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
