package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

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

// bundleVerifyCmd checks a bundle against its manifest and the manifest
// against its signature — by the key given with --key, else by the one
// the bundle carries — and exits 1, one line per problem, when anything
// does not match. It reads only the file.
func bundleVerifyCmd(_ context.Context, c *cli, args []string) error {
	fs := newFlags("bundle verify", c)
	keyFile := fs.String("key", "", "the PEM public key that must have signed the bundle")
	pos, err := parse(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if len(pos) != 1 || pos[0] == "-" {
		return errors.New("usage: igmc bundle verify FILE [--key PUBKEY.pem]")
	}
	var key ed25519.PublicKey
	if *keyFile != "" {
		b, err := os.ReadFile(*keyFile)
		if err != nil {
			return err
		}
		if key, err = indicators.ParsePublicKeyPEM(b); err != nil {
			return fmt.Errorf("--key %s: %v", *keyFile, err)
		}
	}
	var check reports.BundleCheck
	err = openBundle(c, pos[0], func(r io.ReaderAt, size int64) (err error) {
		check, err = reports.CheckBundle(r, size, key)
		return err
	})
	if err != nil {
		return err
	}
	if len(check.Problems) > 0 {
		for _, p := range check.Problems {
			fmt.Fprintln(c.env.stdout, p)
		}
		return exitCode(1)
	}
	head := check.Manifest.AuditHead
	if head == "" {
		head = "not included (a bundle of some zones only)"
	}
	fmt.Fprintf(c.env.stdout, "ok: %d files verified; audit head %s; signed by key %s\n", len(check.Manifest.Files), head, check.SignedBy)
	return nil
}

// bundleRecomputeCmd rebuilds every scorecard of a bundle from its own
// files and exits 1 naming the first figure that differs. It reads only
// the file.
func bundleRecomputeCmd(_ context.Context, c *cli, args []string) error {
	path, err := oneFile(args, "bundle recompute")
	if err != nil || path == "-" {
		return errors.New("usage: igmc bundle recompute FILE")
	}
	var res reports.Recomputed
	err = openBundle(c, path, func(r io.ReaderAt, size int64) (err error) {
		res, err = reports.RecomputeBundle(r, size)
		return err
	})
	if err != nil {
		return err
	}
	if res.Difference != "" {
		fmt.Fprintln(c.env.stdout, res.Difference)
		return exitCode(1)
	}
	fmt.Fprintf(c.env.stdout, "ok: %d scorecards recomputed, every figure matches\n", res.Cards)
	if res.SignedOff > 0 {
		fmt.Fprintf(c.env.stdout, "ok: %d signed-off scorecards match their signed snapshots (frozen at the sign-off, so not recomputed from today's catalogue)\n", res.SignedOff)
	}
	for _, z := range res.Unsigned {
		fmt.Fprintf(c.env.stdout, "note: the sign-off of %s names a key other than the bundle's: check its signature with the keys of GET /api/v1/signing-key\n", z)
	}
	return nil
}

// openBundle opens a bundle file for check; a file that is not a bundle
// is reported on standard output with exit status 1.
func openBundle(c *cli, path string, check func(io.ReaderAt, int64) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if err := check(f, st.Size()); err != nil {
		fmt.Fprintf(c.env.stdout, "%s: %v\n", path, err)
		return exitCode(1)
	}
	return nil
}

// signingKeyCmd prints the installation's public signing keys, the active
// one first; `igmc signing-key rotate` makes a new key and retires the
// active one (audited).
func signingKeyCmd(ctx context.Context, c *cli, args []string) error {
	if len(args) > 1 || (len(args) == 1 && args[0] != "rotate") {
		return errors.New("usage: igmc signing-key [rotate]")
	}
	if len(args) == 1 {
		k, err := c.store.RotateSigningKey(ctx, indicators.System)
		if err != nil {
			return c.reportError(err)
		}
		fmt.Fprintf(c.env.stdout, "new signing key %s; the previous key stays listed as retired\n%s", k.KeyID, k.PEM)
		return nil
	}
	keys, err := c.store.SigningKeys(ctx)
	if err != nil {
		return c.reportError(err)
	}
	for _, k := range keys {
		state := "active"
		if !k.Active {
			state = "retired"
			if k.RetiredAt != nil {
				state += " " + k.RetiredAt.Format(time.RFC3339)
			}
		}
		fmt.Fprintf(c.env.stdout, "key %s (%s, %s, %s)\n%s", k.KeyID, k.Algorithm, k.Source, state, k.PEM)
	}
	return nil
}
