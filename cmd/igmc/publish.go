package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"igmc/reports"
)

const publishUsage = "usage: igmc publish --framework CODE --out DIR"

// publishCmd writes a framework's public site into a folder of plain
// files with relative links (docs/open-data.md), as /public/CODE/ serves
// it: what the framework's publish setting shows, nothing else.
func publishCmd(ctx context.Context, c *cli, args []string) error {
	fs := newFlags("publish", c)
	fw := fs.String("framework", "", "framework code")
	out := fs.String("out", "", "the folder to write the site into")
	pos, err := parse(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if *fw == "" || *out == "" || len(pos) > 0 {
		return errors.New(publishUsage)
	}
	start := time.Now()
	n, err := reports.PublishSite(ctx, c.store, *fw, *out)
	if err != nil {
		return c.reportError(err)
	}
	fmt.Fprintf(c.env.stdout, "public site of %s written: %d files in %s (%.1f s)\n", *fw, n, *out, time.Since(start).Seconds())
	return nil
}
