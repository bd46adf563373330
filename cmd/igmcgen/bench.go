package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	_ "github.com/glebarez/go-sqlite"  // the "sqlite" driver of the plain-SQL baselines
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver of the plain-SQL baselines
	"golang.org/x/crypto/bcrypt"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/benchdata"
)

// The parts of the benchmark set, in the order they run; -only and -skip
// take these names.
var benchParts = []string{"import", "reimport", "export", "ranking", "compare", "home", "scorecard", "public", "api"}

// benchConfig is what the bench subcommand was asked to do.
type benchConfig struct {
	size     benchdata.Size
	engine   storage.Engine
	pgURL    string // the server's base URL (PostgreSQL only)
	write    string // the document the section is added to
	dry      bool
	run      map[string]bool // the parts that run
	rounds   int
	wrk      string // wrk's path, "" when it is not installed
	wrkDur   time.Duration
	wrkThr   int
	wrkConns int
	command  string // the command line, as the section quotes it
	// cpuProfile is the file a CPU profile of the parts after the load
	// is written to, "" for none.
	cpuProfile string
	stdout     io.Writer
	stderr     io.Writer
}

// EnvPostgres is the variable the bench subcommand takes the PostgreSQL
// server's URL from when -postgres is not given (the one the tests use).
const EnvPostgres = "IGMC_TEST_POSTGRES_URL"

func parseBench(args []string, stdout, stderr io.Writer) (*benchConfig, error) {
	fs := flag.NewFlagSet("igmcgen bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := &benchConfig{size: benchdata.Default, stdout: stdout, stderr: stderr}
	d := &cfg.size
	fs.IntVar(&d.Zones, "zones", d.Zones, "number of zones")
	fs.IntVar(&d.Indicators, "indicators", d.Indicators, "number of annual indicators")
	fs.IntVar(&d.Years, "years", d.Years, "number of years")
	fs.IntVar(&d.From, "from", d.From, "first year")
	fs.Uint64Var(&d.Seed, "seed", d.Seed, "random seed of the values")
	fs.IntVar(&d.Types, "types", defaultTypes, "zone types the zones take in turn, so that the peer check has peers (0: none)")
	engine := fs.String("engine", "sqlite", "sqlite (a database in a temporary folder) or postgres (a new database on -postgres, dropped afterwards)")
	fs.StringVar(&cfg.pgURL, "postgres", os.Getenv(EnvPostgres), "URL of the PostgreSQL server to make the benchmark's database on (default $"+EnvPostgres+")")
	fs.StringVar(&cfg.write, "write", "docs/performance.md", "Markdown file the results are added to as a new dated section")
	fs.BoolVar(&cfg.dry, "dry", false, "print the table only; do not edit the -write file")
	only := fs.String("only", "", "comma-separated parts to run, of: "+strings.Join(benchParts, ","))
	skip := fs.String("skip", "", "comma-separated parts to leave out")
	fs.IntVar(&cfg.rounds, "rounds", 3, "rounds of the ranking and page timings (the fastest is kept)")
	fs.DurationVar(&cfg.wrkDur, "wrk-duration", 10*time.Second, "length of each wrk run")
	fs.IntVar(&cfg.wrkThr, "wrk-threads", 2, "wrk threads (-t)")
	fs.IntVar(&cfg.wrkConns, "wrk-connections", 64, "wrk connections (-c)")
	fs.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured parts (after the load) to this file")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("bench: unexpected argument %q", fs.Arg(0))
	}
	if err := cfg.size.Validate(); err != nil {
		return nil, err
	}
	switch storage.Engine(*engine) {
	case storage.SQLite:
		cfg.engine = storage.SQLite
	case storage.Postgres:
		cfg.engine = storage.Postgres
		if cfg.pgURL == "" {
			return nil, fmt.Errorf("bench: -engine postgres needs -postgres URL (or $%s): the server the benchmark's database is made on", EnvPostgres)
		}
		if !strings.HasPrefix(cfg.pgURL, "postgres://") && !strings.HasPrefix(cfg.pgURL, "postgresql://") {
			return nil, fmt.Errorf("bench: -postgres must be a postgres:// URL")
		}
	default:
		return nil, fmt.Errorf("bench: -engine must be sqlite or postgres (got %q)", *engine)
	}
	var err error
	if cfg.run, err = partsToRun(*only, *skip); err != nil {
		return nil, err
	}
	switch {
	case cfg.rounds < 1 || cfg.rounds > 50:
		return nil, fmt.Errorf("bench: -rounds must be between 1 and 50 (got %d)", cfg.rounds)
	case cfg.wrkDur < time.Second || cfg.wrkDur > 10*time.Minute:
		return nil, fmt.Errorf("bench: -wrk-duration must be between 1s and 10m (got %s)", cfg.wrkDur)
	case cfg.wrkThr < 1 || cfg.wrkThr > 64:
		return nil, fmt.Errorf("bench: -wrk-threads must be between 1 and 64 (got %d)", cfg.wrkThr)
	case cfg.wrkConns < cfg.wrkThr || cfg.wrkConns > 10000:
		return nil, fmt.Errorf("bench: -wrk-connections must be between -wrk-threads and 10000 (got %d)", cfg.wrkConns)
	}
	if !cfg.dry {
		if st, err := os.Stat(cfg.write); err != nil || st.IsDir() {
			return nil, fmt.Errorf("bench: -write %s: not an existing file (give -dry to print the table only)", cfg.write)
		}
	}
	if cfg.run["api"] {
		cfg.wrk = lookWrk()
	}
	cfg.command = commandLine(args)
	if cfg.engine == storage.Postgres && !slices.ContainsFunc(args, func(a string) bool {
		return a == "-postgres" || a == "--postgres" || strings.HasPrefix(a, "-postgres=") || strings.HasPrefix(a, "--postgres=")
	}) {
		cfg.command = EnvPostgres + "='" + storage.MaskURL(cfg.pgURL) + "' " + cfg.command
	}
	return cfg, nil
}

// partsToRun resolves -only and -skip into the parts that run.
func partsToRun(only, skip string) (map[string]bool, error) {
	list := func(flagName, v string) ([]string, error) {
		var out []string
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			if !slices.Contains(benchParts, p) {
				return nil, fmt.Errorf("bench: %s: no part %q (the parts are %s)", flagName, p, strings.Join(benchParts, ", "))
			}
			out = append(out, p)
		}
		return out, nil
	}
	o, err := list("-only", only)
	if err != nil {
		return nil, err
	}
	sk, err := list("-skip", skip)
	if err != nil {
		return nil, err
	}
	run := map[string]bool{}
	for _, p := range benchParts {
		run[p] = (len(o) == 0 || slices.Contains(o, p)) && !slices.Contains(sk, p)
	}
	return run, nil
}

// commandLine is the command as a reader would type it again.
func commandLine(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if strings.HasPrefix(a, "-postgres=") || (i > 0 && args[i-1] == "-postgres") {
			a = strings.TrimPrefix(a, "-postgres=")
			a = storage.MaskURL(a)
			if strings.HasPrefix(args[i], "-postgres=") {
				a = "-postgres=" + a
			}
		}
		if strings.ContainsAny(a, " '\"$&;|<>*?") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		q[i] = a
	}
	return strings.TrimSpace("go run ./cmd/igmcgen bench " + strings.Join(q, " "))
}

// runBench runs the benchmark set: it generates the dataset, loads it into
// a fresh database, takes every figure, prints the table and adds it to
// the document. The temporary folder and the database are removed on every
// path, an interrupt included.
func runBench(args []string, stdout, stderr io.Writer) (err error) {
	cfg, err := parseBench(args, stdout, stderr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	b := &bench{cfg: cfg, started: time.Now().UTC()}
	defer func() {
		if cerr := b.cleanup(); err == nil {
			err = cerr
		}
	}()
	if err := b.setUp(ctx); err != nil {
		return err
	}
	if err := b.measure(ctx); err != nil {
		return err
	}
	section := b.section()
	fmt.Fprint(stdout, section)
	if cfg.dry {
		return nil
	}
	if err := appendSection(cfg.write, section); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "added the section to %s\n", cfg.write)
	return nil
}

// bench is one run of the benchmark set.
type bench struct {
	cfg     *benchConfig
	started time.Time
	tmp     string
	files   benchdata.Files
	genTime time.Duration
	url     string // the store's database
	dropPG  func() error
	store   *storage.Store
	figs    []figure
	// firstLoad is the time of the first import of the measurements.
	firstLoad time.Duration
	machine   machine
}

func (b *bench) logf(format string, a ...any) {
	fmt.Fprintf(b.cfg.stderr, "%s  %s\n", time.Now().UTC().Format("15:04:05"), fmt.Sprintf(format, a...))
}

// setUp makes the temporary folder, the dataset, the database and the store
// with the catalogue and zones in it.
func (b *bench) setUp(ctx context.Context) error {
	var err error
	if b.tmp, err = os.MkdirTemp("", "igmcgen-bench-"); err != nil {
		return fmt.Errorf("bench: temporary folder: %w", err)
	}
	size := b.cfg.size
	b.logf("writing %d zones × %d indicators × %d years (%d values) into %s", size.Zones, size.Indicators, size.Years, size.Rows(), b.tmp)
	start := time.Now()
	if b.files, err = benchdata.WriteFiles(b.tmp, size); err != nil {
		return err
	}
	b.genTime = time.Since(start)
	if err := ctx.Err(); err != nil {
		return err
	}
	switch b.cfg.engine {
	case storage.SQLite:
		b.url = "sqlite:" + filepath.Join(b.tmp, "bench.db")
	case storage.Postgres:
		if b.url, b.dropPG, err = createDatabase(ctx, b.cfg.pgURL); err != nil {
			return err
		}
	}
	b.logf("database %s", storage.MaskURL(b.url))
	b.store, err = storage.Open(ctx, storage.Options{DatabaseURL: b.url, PasswordCost: bcrypt.MinCost,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return fmt.Errorf("bench: open the store: %w", err)
	}
	if _, err := b.store.Seed(ctx); err != nil {
		return fmt.Errorf("bench: seed: %w", err)
	}
	cat, err := readFile(b.files.Catalogue, indicators.ReadCatalogue)
	if err != nil {
		return fmt.Errorf("bench: read catalogue: %w", err)
	}
	if _, err := b.store.ImportCatalogue(ctx, indicators.Framework{Code: benchdata.Framework}, cat, indicators.System); err != nil {
		return fmt.Errorf("bench: import catalogue: %w", err)
	}
	zones, err := readFile(b.files.Zones, indicators.ReadZones)
	if err != nil {
		return fmt.Errorf("bench: read zones: %w", err)
	}
	if _, err := b.store.ImportZones(ctx, zones, indicators.System); err != nil {
		return fmt.Errorf("bench: import zones: %w", err)
	}
	b.machine = readMachine(ctx, b.cfg.engine, b.url)
	return nil
}

func readFile[T any](path string, read func(indicators.RowReader) (T, error)) (T, error) {
	f, err := os.Open(path)
	if err != nil {
		var zero T
		return zero, err
	}
	defer f.Close()
	return read(indicators.NewCSVRows(f))
}

// cleanup closes the store, drops the PostgreSQL database and removes the
// temporary folder, whatever happened before.
func (b *bench) cleanup() error {
	var errs []error
	if b.store != nil {
		errs = append(errs, b.store.Close())
	}
	if b.dropPG != nil {
		errs = append(errs, b.dropPG())
	}
	if b.tmp != "" {
		errs = append(errs, os.RemoveAll(b.tmp))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("bench: clean up: %w", err)
	}
	return nil
}

// createDatabase makes a new database on the server of base and returns
// its URL and the function that drops it.
func createDatabase(ctx context.Context, base string) (string, func() error, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, fmt.Errorf("bench: -postgres: %w", err)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, fmt.Errorf("bench: -postgres: %w", err)
	}
	defer admin.Close()
	var r [6]byte
	_, _ = rand.Read(r[:])
	name := "igmc_bench_" + hex.EncodeToString(r[:])
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, fmt.Errorf("bench: create database on %s: %w", storage.MaskURL(base), err)
	}
	drop := func() error {
		// Not ctx: the database is dropped after an interrupt too.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		db, err := sql.Open("pgx", base)
		if err != nil {
			return err
		}
		defer db.Close()
		if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			return fmt.Errorf("drop database %s: %w", name, err)
		}
		return nil
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}

// appendSection adds section at the end of the document.
func appendSection(path, section string) error {
	old, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	sep := "\n"
	if len(old) > 0 && !strings.HasSuffix(string(old), "\n") {
		sep = "\n\n"
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	_, err = io.WriteString(f, sep+section)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("bench: write %s: %w", path, err)
	}
	return nil
}
