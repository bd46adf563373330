package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"igmc/locale"
	"igmc/reports"
	"igmc/scoring"
)

// reportArgs are the flags of the commands that write a zone's report for
// a year (scorecard, progress).
type reportArgs struct {
	fw, zone, status, format, lang, out *string
	year                                *int
	basis                               scoring.Basis
}

// reportCmdArgs parses a report command's flags. Formats in toFile need
// --out; the first of formats is the default.
func reportCmdArgs(name, usage string, c *cli, args []string, formats, toFile []string) (*reportArgs, error) {
	fs := newFlags(name, c)
	a := &reportArgs{
		fw:     fs.String("framework", "igmc", "framework code"),
		zone:   fs.String("zone", "", "zone code"),
		year:   fs.Int("year", 0, "the year reported on"),
		status: fs.String("status", "approved", "approved (official basis) or any (working view)"),
		format: fs.String("format", formats[0], strings.Join(formats, ", ")),
		lang:   fs.String("lang", "en", "language of the PDF: en or zh (needs the font of IGMC_PDF_FONT)"),
		out:    fs.String("out", "", "write to this file instead of standard output (required for "+strings.Join(toFile, " and ")+")"),
	}
	pos, err := parse(fs, args)
	if err != nil {
		return nil, exitCode(2)
	}
	if *a.zone == "" || *a.year == 0 || len(pos) > 0 {
		return nil, errors.New(usage)
	}
	if a.basis, err = reports.BasisOf(*a.status); err != nil {
		return nil, c.reportError(err)
	}
	switch {
	case slices.Contains(toFile, *a.format):
		if *a.out == "" {
			return nil, fmt.Errorf("--format %s needs --out FILE", *a.format)
		}
	case !slices.Contains(formats, *a.format):
		return nil, fmt.Errorf("--format must be %s", strings.Join(formats, ", "))
	}
	if locale.Of(*a.lang) == nil {
		return nil, fmt.Errorf("--lang must be en or zh")
	}
	return a, nil
}
