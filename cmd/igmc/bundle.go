package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"igmc/indicators"
	"igmc/reports"
)

const bundleUsage = "usage: igmc bundle --framework CODE --year Y --out FILE"

// bundleCmd writes the auditor's bundle of every zone, as the
// administrator.
func bundleCmd(ctx context.Context, c *cli, args []string) error {
	fs := newFlags("bundle", c)
	fw := fs.String("framework", "", "framework code")
	year := fs.Int("year", 0, "the scorecards are as of this year")
	out := fs.String("out", "", "the zip file to write")
	pos, err := parse(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if *fw == "" || *year == 0 || *out == "" || len(pos) > 0 {
		return errors.New(bundleUsage)
	}
	if !indicators.ValidYear(*year) {
		return fmt.Errorf("--year must be a year such as 2019")
	}
	err = c.writeOut(*out, func(w io.Writer) error {
		return reports.WriteBundle(ctx, c.store, w, *fw, *year, indicators.System.ScopeCodes())
	})
	if err != nil {
		return c.reportError(err)
	}
	fmt.Fprintf(c.env.stdout, "bundle written: %s\n", *out)
	return nil
}

// bundleVerifyCmd checks a bundle against its manifest and exits 1, one
// line per problem, when it does not match.
func bundleVerifyCmd(_ context.Context, c *cli, args []string) error {
	path, err := oneFile(args, "bundle verify")
	if err != nil || path == "-" {
		return errors.New("usage: igmc bundle verify FILE")
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	problems, m, err := reports.VerifyBundle(f, st.Size())
	if err != nil {
		fmt.Fprintf(c.env.stdout, "%s: %v\n", path, err)
		return exitCode(1)
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(c.env.stdout, p)
		}
		return exitCode(1)
	}
	head := m.AuditHead
	if head == "" {
		head = "not included (a bundle of some zones only)"
	}
	fmt.Fprintf(c.env.stdout, "ok: %d files verified; audit head %s\n", len(m.Files), head)
	return nil
}
