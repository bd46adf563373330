package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"igmc/indicators"
)

// planImportCmd is `igmc plan import --framework CODE [--dry-run] FILE`:
// a plan file (CSV or XLSX, "-" for standard input), all or nothing; each
// zone it names whose entries change gets a new plan version.
func planImportCmd(ctx context.Context, c *cli, args []string) error {
	fs := newFlags("plan import", c)
	fw := fs.String("framework", "", "framework code")
	dry := fs.Bool("dry-run", false, "check the file and count what would change, writing nothing")
	pos, err := parse(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if *fw == "" {
		return fmt.Errorf("plan import needs --framework CODE")
	}
	path, err := oneFile(pos, "plan import")
	if err != nil {
		return err
	}
	rd, done, err := c.openRows(path)
	if err != nil {
		return err
	}
	defer done()
	res, err := c.store.ImportPlans(ctx, rd, indicators.PlanImportOptions{Framework: *fw, DryRun: *dry, By: indicators.System})
	if err != nil {
		return c.reportError(err)
	}
	verb := "imported"
	if res.DryRun {
		verb = "dry run, nothing written"
	}
	var vs []string
	for z, v := range res.Versions {
		vs = append(vs, fmt.Sprintf("%s version %d", z, v))
	}
	sort.Strings(vs)
	fmt.Fprintf(c.env.stdout, "%s: %d rows, %d zones: %d new versions (%s), %d unchanged\n", verb, res.Rows, res.Zones, len(vs), strings.Join(vs, ", "), res.Unchanged)
	return nil
}
