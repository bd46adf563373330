package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"igmc/indicators"
)

// signOffCmd is `igmc signoff --framework F --zone Z --year Y`: sign the
// zone's year off (SPEC §9), as the command line's administrator; refused,
// naming why, while a value of the year is not approved or a follow-up is
// open.
func signOffCmd(ctx context.Context, c *cli, args []string) error {
	fs := newFlags("signoff", c)
	fw := fs.String("framework", indicators.IGMC.Code, "framework code")
	zone := fs.String("zone", "", "zone code")
	year := fs.Int("year", 0, "year to sign off")
	pos, err := parse(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if len(pos) > 0 || *zone == "" || *year == 0 {
		return fmt.Errorf("signoff needs --zone Z --year Y (and --framework F, igmc by default)")
	}
	so, err := c.store.SignOff(ctx, indicators.SignOffInput{Framework: *fw, Zone: *zone, Year: *year}, indicators.System)
	if err != nil {
		return c.reportError(err)
	}
	fmt.Fprintf(c.env.stdout, "signed off: %d %s %s %d, method %s, catalogue sha256 %s, key %s\n",
		so.ID, so.Framework, so.Zone, so.Year, so.MethodVersion, so.CatalogueSHA256, so.Signature.KeyID)
	return nil
}

// signOffWithdrawCmd is `igmc signoff withdraw ID --reason R`.
func signOffWithdrawCmd(ctx context.Context, c *cli, args []string) error {
	fs := newFlags("signoff withdraw", c)
	reason := fs.String("reason", "", "why the sign-off is withdrawn (required)")
	pos, err := parse(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if len(pos) != 1 {
		return fmt.Errorf("signoff withdraw needs one sign-off ID and --reason R")
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("signoff withdraw: %q is not a sign-off ID", indicators.Excerpt(pos[0]))
	}
	so, err := c.store.WithdrawSignOff(ctx, id, *reason, indicators.System)
	if err != nil {
		return c.reportError(err)
	}
	fmt.Fprintf(c.env.stdout, "withdrawn: %d %s %s %d\n", so.ID, so.Framework, so.Zone, so.Year)
	return nil
}

// signOffListCmd is `igmc signoff list [--framework F] [--year Y]`: one
// line per sign-off, newest first.
func signOffListCmd(ctx context.Context, c *cli, args []string) error {
	fs := newFlags("signoff list", c)
	fw := fs.String("framework", "", "framework code (empty: all)")
	year := fs.Int("year", 0, "year (0: all)")
	pos, err := parse(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if len(pos) > 0 {
		return fmt.Errorf("signoff list takes no arguments")
	}
	list, err := c.store.ListSignOffs(ctx, indicators.SignOffFilter{Framework: *fw, Year: *year}, nil)
	if err != nil {
		return c.reportError(err)
	}
	for _, so := range list {
		state := "in force"
		if !so.InForce() {
			state = fmt.Sprintf("withdrawn %s by %s: %s", so.WithdrawnAt.Format(time.RFC3339), so.WithdrawnBy, so.WithdrawReason)
		}
		fmt.Fprintf(c.env.stdout, "%d\t%s\t%s\t%d\tsigned %s by %s\tmethod %s\tcatalogue %s\t%s\n", so.ID, so.Framework, so.Zone, so.Year,
			so.SignedAt.Format(time.RFC3339), so.SignedBy, so.MethodVersion, so.CatalogueSHA256, state)
	}
	return nil
}
