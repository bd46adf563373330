package main

import (
	"context"
	"fmt"

	"igmc/indicators"
)

// rulesImportCmd is `igmc rules import --framework CODE [--dry-run] FILE`:
// a rules file replaces the framework's validation rules, all or nothing.
func rulesImportCmd(ctx context.Context, c *cli, args []string) error {
	fs := newFlags("rules import", c)
	fw := fs.String("framework", "", "framework code")
	dry := fs.Bool("dry-run", false, "check the file and count what would change, writing nothing")
	pos, err := parse(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if *fw == "" {
		return fmt.Errorf("rules import needs --framework CODE")
	}
	path, err := oneFile(pos, "rules import")
	if err != nil {
		return err
	}
	rd, done, err := c.openRows(path)
	if err != nil {
		return err
	}
	defer done()
	res, err := c.store.ImportRules(ctx, *fw, rd, *dry, indicators.System)
	if err != nil {
		return c.reportError(err)
	}
	verb := "imported"
	if res.DryRun {
		verb = "dry run, nothing written"
	}
	fmt.Fprintf(c.env.stdout, "%s: %d rules in place of %d\n", verb, res.Rules, res.Removed)
	return nil
}
