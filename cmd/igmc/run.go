package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strings"

	"igmc/indicators"
	"igmc/locale"
	"igmc/storage"
)

// env is what a run sees of the world, so tests can start the whole program.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// ready, when set, is called with the address serve listens on.
	ready func(addr string)
}

// exitCode ends the program with a status and no further message (the
// command already printed what went wrong).
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

const usage = `igmc — the IGMC indicator tracker

Usage:
  igmc serve                                   run the web server
  igmc migrate                                 apply database migrations and exit
  igmc catalogue import --framework CODE FILE  import a catalogue (CSV or XLSX); creates the framework
  igmc catalogue export --framework CODE       write the catalogue as CSV on stdout
  igmc zones import FILE                       import zones (code,name_en,name_zh,parent_code)
  igmc measurements import --framework CODE [--dry-run] [--approve] [--accept-warnings] FILE
  igmc plan import --framework CODE [--dry-run] FILE
  igmc measurements export --framework CODE [--zone Z] [--history] [--format csv|xlsx --out FILE]
  igmc scorecard --framework CODE --zone Z --year Y [--status approved|any] [--format table|csv|json|xlsx|pdf] [--lang en|zh] [--out FILE]
  igmc progress --framework CODE --zone Z --year Y [--status approved|any] [--format csv|json|xlsx|pdf] [--lang en|zh] [--out FILE]
  igmc demo                                    load the Liuyang demo zone and its measurements
  igmc user add --email E --role R [--zone Z]… add a user (password from IGMC_PASSWORD or a prompt)
  igmc user reset-link [--base URL] EMAIL      print a one-time password reset link (valid 24 h)
  igmc audit verify [--head FILE]              check the audit trail and every value (and that the trail still
                                               holds a head kept in FILE); exit 1 if altered
  igmc bundle --framework CODE --year Y --out FILE  write the auditor's bundle (zip) of every zone
  igmc bundle verify [--key PUBKEY.pem] FILE   check a bundle's files and signature; exit 1 naming what differs
  igmc bundle recompute FILE                   recompute a bundle's scorecards from its files; exit 1 naming a differing figure
  igmc backup --out FILE                       write a consistent copy of the SQLite database while the server runs (PostgreSQL: prints the pg_dump command)
  igmc restore --from FILE                     restore a backup into a data folder with no database, then migrate and verify the audit trail
  igmc signing-key [rotate]                    print the public signing keys, or make a new one and retire the active one
  igmc signoff --zone Z --year Y [--framework F]  sign a zone's year off: freeze and sign its official scorecard
  igmc signoff withdraw ID --reason R          withdraw a sign-off; the year takes changes again
  igmc signoff list [--framework F] [--year Y] list the sign-offs, newest first
  igmc publish --framework CODE --out DIR      write the framework's public site as static files

Configuration comes from the environment: IGMC_DATABASE_URL, IGMC_DATA_DIR,
IGMC_ADDR, IGMC_LOG_LEVEL, IGMC_LOG_FORMAT, IGMC_ADMIN_EMAIL, IGMC_ADMIN_PASSWORD,
IGMC_SECURE_COOKIES, IGMC_PDF_FONT, IGMC_MAX_UPLOAD_MB, IGMC_EVIDENCE_MAX_MB, IGMC_SIGNING_KEY,
IGMC_AUDIT_HEAD_FILE, IGMC_DATABASE_REPLICA_URLS, IGMC_REPLICA_MAX_LAG (see README.md).
`

// run is the whole program.
func run(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(e.stdout, usage)
		if len(args) == 0 {
			return exitCode(2)
		}
		return nil
	}
	cfg, err := loadConfig(e.getenv)
	if err != nil {
		return err
	}
	locale.SetTimeZone(cfg.TimeZone)
	cmd, rest := args[0], args[1:]
	if len(rest) > 0 && (cmd == "catalogue" || cmd == "zones" || cmd == "measurements" || cmd == "plan" || cmd == "rules" || cmd == "user" || cmd == "audit") {
		cmd, rest = cmd+" "+rest[0], rest[1:]
	}
	if cmd == "bundle" && len(rest) > 0 && (rest[0] == "verify" || rest[0] == "recompute") {
		cmd, rest = "bundle "+rest[0], rest[1:]
	}
	if h, ok := offline[cmd]; ok {
		return h(ctx, &cli{cfg: cfg, env: e}, rest)
	}
	if cmd == "signoff" && len(rest) > 0 && (rest[0] == "withdraw" || rest[0] == "list") {
		cmd, rest = "signoff "+rest[0], rest[1:]
	}
	handler, ok := commands[cmd]
	if !ok {
		fmt.Fprint(e.stderr, usage)
		return fmt.Errorf("unknown command %q", strings.Join(args[:min(2, len(args))], " "))
	}
	// serve binds its address before it opens the database: from then on a
	// client's connection waits in the listen queue, and is answered once
	// the store is open, migrated and seeded, rather than refused.
	var ln net.Listener
	if cmd == "serve" && len(rest) == 0 {
		if ln, err = listen(cfg.Addr, e); err != nil {
			return err
		}
		defer ln.Close()
	}
	store, err := storage.Open(ctx, cfg.storeOptions(e.stderr))
	if err != nil {
		return err
	}
	defer store.Close()
	if _, err := store.Seed(ctx); err != nil {
		return err
	}
	tmp, removeTmp, err := openTempDir(cfg.DataDir)
	if err != nil {
		return err
	}
	defer removeTmp()
	c := &cli{cfg: cfg, env: e, store: store, tempDir: tmp, ln: ln}
	if err := ensureAdmin(ctx, c); err != nil {
		return err
	}
	return handler(ctx, c, rest)
}

type cli struct {
	cfg   config
	env   env
	store *storage.Store
	// tempDir is this run's temporary folder (see openTempDir).
	tempDir string
	// ln is serve's listener, bound before the store is opened.
	ln net.Listener
}

var commands = map[string]func(context.Context, *cli, []string) error{
	"serve":               serveCmd,
	"migrate":             migrateCmd,
	"catalogue import":    catalogueImportCmd,
	"catalogue export":    catalogueExportCmd,
	"zones import":        zonesImportCmd,
	"measurements import": measurementsImportCmd,
	"measurements export": measurementsExportCmd,
	"plan import":         planImportCmd,
	"rules import":        rulesImportCmd,
	"scorecard":           scorecardCmd,
	"progress":            progressCmd,
	"demo":                demoCmd,
	"user add":            userAddCmd,
	"user reset-link":     userResetLinkCmd,
	"audit verify":        auditVerifyCmd,
	"bundle":              bundleCmd,
	"signing-key":         signingKeyCmd,
	"signoff":             signOffCmd,
	"signoff withdraw":    signOffWithdrawCmd,
	"signoff list":        signOffListCmd,
	"publish":             publishCmd,
}

// offline are the commands that read only their file (no database), or
// open it themselves.
var offline = map[string]func(context.Context, *cli, []string) error{
	"bundle verify":    bundleVerifyCmd,
	"bundle recompute": bundleRecomputeCmd,
	// backup and restore open the database themselves: restore must not
	// make one before it puts the backup in place.
	"backup":  backupCmd,
	"restore": restoreCmd,
}

func migrateCmd(_ context.Context, c *cli, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("migrate takes no arguments")
	}
	fmt.Fprintln(c.env.stdout, "migrations applied:", c.store.Engine())
	return nil
}

// newFlags makes a flag set that reports its errors as the command's.
func newFlags(name string, c *cli) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.env.stderr)
	return fs
}

// parse parses flags wherever they stand among the positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// reportError prints an import's row errors one per line and turns them into
// exit status 1.
func (c *cli) reportError(err error) error {
	var e *indicators.Error
	if !errors.As(err, &e) {
		return err
	}
	if e.Code == indicators.Internal && e.Err != nil {
		return e.Err
	}
	fmt.Fprintln(c.env.stderr, "igmc:", e.Message)
	for _, f := range e.Fields {
		switch {
		case f.Line > 0:
			fmt.Fprintf(c.env.stderr, "line %d: %s: %s (%s)\n", f.Line, f.Field, f.Message, f.Code)
		default:
			fmt.Fprintf(c.env.stderr, "%s: %s (%s)\n", f.Field, f.Message, f.Code)
		}
	}
	if e.Total > len(e.Fields) {
		fmt.Fprintf(c.env.stderr, "… and %d more\n", e.Total-len(e.Fields))
	}
	return exitCode(1)
}
