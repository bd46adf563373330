package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"igmc/indicators"
	"igmc/storage"
)

// ensureAdmin creates the first administrator on a database without users:
// from IGMC_ADMIN_EMAIL and IGMC_ADMIN_PASSWORD, or with a generated
// password printed once on standard error (never to the log, never mixed
// into a command's output).
func ensureAdmin(ctx context.Context, c *cli) error {
	n, err := c.store.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	email := or(c.env.getenv("IGMC_ADMIN_EMAIL"), "admin@localhost")
	password := c.env.getenv("IGMC_ADMIN_PASSWORD")
	generated := password == ""
	if generated {
		var b [18]byte
		_, _ = rand.Read(b[:])
		password = base64.RawURLEncoding.EncodeToString(b[:])
	}
	if _, err := c.store.CreateUser(ctx, indicators.UserInput{Email: email, Name: "Administrator", Role: indicators.RoleAdmin, Password: password}, indicators.System); err != nil {
		return c.reportError(err)
	}
	if generated {
		fmt.Fprintf(c.env.stderr, "created the first administrator %s with the password %s\n(shown this once: sign in and keep it safe, or set IGMC_ADMIN_PASSWORD before the first start)\n", email, password)
	} else {
		fmt.Fprintf(c.env.stderr, "created the first administrator %s\n", email)
	}
	return nil
}

type zoneList []string

func (z *zoneList) String() string     { return strings.Join(*z, ",") }
func (z *zoneList) Set(v string) error { *z = append(*z, v); return nil }

// userAddCmd: igmc user add --email E --role R [--zone Z]… with the password
// from IGMC_PASSWORD or asked for on the terminal.
func userAddCmd(ctx context.Context, c *cli, args []string) error {
	fs := newFlags("user add", c)
	email := fs.String("email", "", "the user's email, used to sign in")
	name := fs.String("name", "", "the user's name")
	role := fs.String("role", "", "admin, officer, reviewer or auditor")
	var zones zoneList
	fs.Var(&zones, "zone", "a zone the user works on (repeat for several; officers and reviewers)")
	pos, err := parse(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if *email == "" || *role == "" || len(pos) > 0 {
		return fmt.Errorf("usage: igmc user add --email E --role admin|officer|reviewer|auditor [--zone Z]… (password from IGMC_PASSWORD or a prompt)")
	}
	password := c.env.getenv("IGMC_PASSWORD")
	if password == "" {
		if password, err = c.askPassword(); err != nil {
			return err
		}
	}
	u, err := c.store.CreateUser(ctx, indicators.UserInput{Email: *email, Name: *name, Role: indicators.Role(*role), Zones: zones, Password: password}, indicators.System)
	if err != nil {
		return c.reportError(err)
	}
	fmt.Fprintf(c.env.stdout, "user %s added (%s", u.Email, u.Role)
	if len(u.Zones) > 0 {
		fmt.Fprintf(c.env.stdout, "; zones %s", strings.Join(u.Zones, ", "))
	}
	fmt.Fprintln(c.env.stdout, ")")
	return nil
}

// askPassword reads a password: without echo on a terminal, else one line.
func (c *cli) askPassword() (string, error) {
	if f, ok := c.env.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(c.env.stderr, "Password: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(c.env.stderr)
		return string(b), err
	}
	line, _ := bufio.NewReader(c.env.stdin).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", fmt.Errorf("no password: set IGMC_PASSWORD or type it at the prompt")
	}
	return line, nil
}

// auditVerifyCmd: igmc audit verify — exit 1 and the first problem when
// anything was altered.
func auditVerifyCmd(ctx context.Context, c *cli, args []string) error {
	fs := newFlags("audit verify", c)
	headFile := fs.String("head", "", "an audit head file (IGMC_AUDIT_HEAD_FILE) kept elsewhere, to compare the trail with")
	pos, err := parse(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if len(pos) > 0 {
		return fmt.Errorf("usage: igmc audit verify [--head FILE]")
	}
	var rep indicators.VerifyReport
	if *headFile != "" {
		kept, herr := storage.ReadAuditHead(*headFile)
		if herr != nil {
			return c.reportError(herr)
		}
		rep, err = c.store.VerifyAuditHead(ctx, kept)
	} else {
		rep, err = c.store.VerifyAudit(ctx)
	}
	if err != nil {
		return c.reportError(err)
	}
	if !rep.OK {
		fmt.Fprintf(c.env.stdout, "BROKEN: %s\n", rep.Problem)
		if rep.EventID != 0 {
			fmt.Fprintf(c.env.stdout, "event: %d\n", rep.EventID)
		}
		if rep.Measurement != 0 {
			fmt.Fprintf(c.env.stdout, "measurement: %d\n", rep.Measurement)
		}
		return exitCode(1)
	}
	fmt.Fprintf(c.env.stdout, "ok: %d events and %d value versions verified; head %s (%s)\n", rep.Events, rep.Values, rep.Head, rep.MethodOfHash)
	return nil
}

// userResetLinkCmd: igmc user reset-link [--base URL] EMAIL prints a
// one-time password reset link for the user, valid for a day: the way to
// let someone who forgot their password choose a new one without mail.
// The link goes to standard output only (it is the command's answer),
// never to the log.
func userResetLinkCmd(ctx context.Context, c *cli, args []string) error {
	fs := newFlags("user reset-link", c)
	base := fs.String("base", "http://"+c.cfg.Addr, "the address people open the tracker at")
	pos, err := parse(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if len(pos) != 1 {
		return fmt.Errorf("usage: igmc user reset-link [--base URL] EMAIL")
	}
	secret, link, err := c.store.CreateResetLink(ctx, pos[0], indicators.System)
	if err != nil {
		return c.reportError(err)
	}
	fmt.Fprintf(c.env.stdout, "%s/reset/%s\n", strings.TrimRight(*base, "/"), secret)
	fmt.Fprintf(c.env.stderr, "a one-time reset link for %s, valid until %s; give it to the person safely\n",
		link.Email, link.ExpiresAt.Format("2006-01-02 15:04 UTC"))
	return nil
}
