package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"igmc/indicators"
	"igmc/reports"
	"igmc/scoring"
)

const scorecardUsage = "usage: igmc scorecard --framework CODE --zone Z --year Y [--status approved|any] [--format table|csv|json|xlsx|pdf] [--lang en|zh] [--out FILE]"

func scorecardCmd(ctx context.Context, c *cli, args []string) error {
	a, err := reportCmdArgs("scorecard", scorecardUsage, c, args, []string{"table", "csv", "json", "xlsx", "pdf"}, []string{"xlsx", "pdf"})
	if err != nil {
		return err
	}
	fw, zone, year, format, lang, out := a.fw, a.zone, a.year, a.format, a.lang, a.out
	card, err := c.store.Scorecard(ctx, *fw, *zone, *year, a.basis)
	if err != nil {
		return c.reportError(err)
	}
	return c.writeOut(*out, func(w io.Writer) error {
		if *format == "json" {
			body, err := reports.ScorecardJSON(&card)
			if err != nil {
				return err
			}
			_, err = w.Write(append(body, '\n'))
			return err
		}
		cat, err := c.store.Catalogue(ctx, *fw)
		if err != nil {
			return c.reportError(err)
		}
		switch *format {
		case "csv":
			return reports.WriteScorecardCSV(w, &card, cat)
		case "xlsx":
			return reports.WriteScorecardXLSX(w, &card, cat)
		}
		z, err := c.store.Zone(ctx, *zone)
		if err != nil {
			return c.reportError(err)
		}
		if *format == "pdf" {
			return c.scorecardPDF(ctx, w, &card, cat, z, *lang)
		}
		return reports.WriteScorecardTable(w, &card, cat, z)
	})
}

// scorecardPDF writes the card as a PDF with the index over up to ten
// years; a Chinese PDF without its font comes out in English, and says so
// on standard error.
func (c *cli) scorecardPDF(ctx context.Context, w io.Writer, card *scoring.Card, cat *indicators.Catalogue, z indicators.Zone, lang string) error {
	series, err := reports.IndexSeries(ctx, c.store, card)
	if err != nil {
		return c.reportError(err)
	}
	f, err := c.store.Framework(ctx, card.Framework)
	if err != nil {
		return c.reportError(err)
	}
	data := reports.ScorecardPDF{Card: card, Catalogue: cat, Zone: z, Series: series}
	notice, err := reports.WriteScorecardPDF(w, data, reports.PDFOptions{Lang: lang, Font: c.cfg.PDFFont, Framework: f, Now: time.Now()})
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
