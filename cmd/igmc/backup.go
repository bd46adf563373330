package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"igmc/storage"
)

// backupCmd: igmc backup --out FILE writes a consistent copy of the SQLite
// database to FILE, while the server runs. On PostgreSQL it prints the
// pg_dump command for the configured database and exits with status 2:
// pg_dump is the tool for that engine, and the one to run is the one that
// matches the server's version, with the credentials of whoever runs it.
func backupCmd(ctx context.Context, c *cli, args []string) error {
	out, opts, err := sqliteFileCommand(c, "backup", "out", "the file to write the backup to (replaced atomically)", args,
		"back it up with pg_dump", func(file, db string) string {
			return "pg_dump --format=custom --file=" + file + " --dbname=" + db
		})
	if err != nil {
		return err
	}
	store, err := storage.Open(ctx, opts)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.BackupSQLite(ctx, out); err != nil {
		return err
	}
	fmt.Fprintln(c.env.stdout, "backup written:", out)
	return nil
}

// restoreCmd: igmc restore --from FILE puts a backup in place of the SQLite
// database of a data folder that holds none, runs the migrations and checks
// the audit trail of what it restored. On PostgreSQL it prints the
// pg_restore command and exits with status 2.
func restoreCmd(ctx context.Context, c *cli, args []string) error {
	from, opts, err := sqliteFileCommand(c, "restore", "from", "the backup file written by igmc backup", args,
		"restore a pg_dump file into a new, empty database with pg_restore", func(file, db string) string {
			return "pg_restore --no-owner --exit-on-error --dbname=" + db + " " + file
		})
	if err != nil {
		return err
	}
	if err := storage.RestoreSQLite(ctx, opts, from); err != nil {
		if errors.Is(err, storage.ErrDatabaseExists) {
			fmt.Fprintln(c.env.stderr, "igmc:", strings.TrimPrefix(err.Error(), "storage: "))
			return exitCode(1)
		}
		return err
	}
	store, err := storage.Open(ctx, opts)
	if err != nil {
		return err
	}
	defer store.Close()
	fmt.Fprintln(c.env.stdout, "restored:", from)
	c.store = store
	return auditVerifyCmd(ctx, c, nil)
}

// pgURL is the database URL without its password, for a command printed
// for someone to run: the password stays out of the terminal and the shell
// history, and pg_dump takes it from PGPASSWORD or ~/.pgpass.
func pgURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return storage.MaskURL(raw)
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	return u.String()
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// sqliteFileCommand parses the arguments of backup and restore: one
// required flag naming a file, and nothing else. It returns the file and the
// store's options; on PostgreSQL it prints instead what to do and the
// command to run (pg, given the quoted file and database URL) and returns
// exit status 2.
func sqliteFileCommand(c *cli, cmd, flag, help string, args []string, todo string, pg func(file, db string) string) (string, storage.Options, error) {
	fs := newFlags(cmd, c)
	v := fs.String(flag, "", help)
	pos, err := parse(fs, args)
	if err != nil {
		return "", storage.Options{}, exitCode(2)
	}
	if len(pos) > 0 || *v == "" {
		return "", storage.Options{}, fmt.Errorf("usage: igmc %s --%s FILE", cmd, flag)
	}
	opts := c.cfg.storeOptions(c.env.stderr)
	if _, ok := storage.SQLiteFile(opts); !ok {
		fmt.Fprintf(c.env.stderr, "igmc: the database is PostgreSQL: %s (password from PGPASSWORD or ~/.pgpass):\n", todo)
		fmt.Fprintln(c.env.stdout, pg(shellQuote(*v), shellQuote(pgURL(c.cfg.DatabaseURL))))
		return "", opts, exitCode(2)
	}
	return *v, opts, nil
}
