package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Backups of the SQLite file. A copy is made with VACUUM INTO: SQLite
// writes a consistent, compacted copy of the database as one read
// transaction sees it, so it runs while the server writes (WAL mode) and
// never holds up the writer. The driver (glebarez/go-sqlite) does not
// expose SQLite's online backup API (sqlite3_backup_*), and VACUUM INTO is
// SQLite's other online, consistent copy: it needs no access to the
// driver's connection handle and yields a single file with no WAL beside it.
//
// The copy is written to a temporary file beside the target and renamed
// over it once complete and checked, so a target either does not exist or
// is a whole backup. The sign-in file (sessions, sign-in counters) is not
// part of a backup: after a restore everyone signs in again.

// ErrDatabaseExists is the refusal of a restore into a data folder that
// already holds a database.
var ErrDatabaseExists = errors.New("storage: restore refused")

// SQLiteFile is the SQLite database file opts name, and false when they
// name PostgreSQL.
func SQLiteFile(opts Options) (string, bool) {
	switch {
	case opts.DatabaseURL == "":
		dir := opts.DataDir
		if dir == "" {
			dir = "data"
		}
		return filepath.Join(dir, "igmc.db"), true
	case strings.HasPrefix(opts.DatabaseURL, "sqlite:"):
		return strings.TrimPrefix(opts.DatabaseURL, "sqlite:"), true
	}
	return "", false
}

// BackupSQLite writes a consistent copy of the SQLite database to out,
// atomically, while other connections (and other processes) read and
// write. out must not be a database file in use.
func (s *Store) BackupSQLite(ctx context.Context, out string) error {
	if s.engine != SQLite {
		return fmt.Errorf("storage: backup: the database is PostgreSQL; use pg_dump")
	}
	if err := notTheDatabase(s.sqlitePath, out); err != nil {
		return err
	}
	// A connection of its own: the readers are query-only, which SQLite
	// takes to forbid VACUUM INTO, and the writer must stay free.
	db, err := sql.Open("sqlite", "file:"+s.sqlitePath+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return fmt.Errorf("storage: backup: %w", err)
	}
	defer db.Close()
	return vacuumInto(ctx, db, out, true)
}

// vacuumInto copies db's main database to out by way of a temporary file in
// out's folder, checks the copy and renames it into place (with replace
// false, never over an existing out).
func vacuumInto(ctx context.Context, db *sql.DB, out string, replace bool) error {
	dir := filepath.Dir(out)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("storage: backup: the folder %s does not exist", dir)
	}
	tmpDir, err := os.MkdirTemp(dir, ".igmc-copy-")
	if err != nil {
		return fmt.Errorf("storage: backup: %w", err)
	}
	defer os.RemoveAll(tmpDir)
	tmp := filepath.Join(tmpDir, "igmc.db")
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return fmt.Errorf("storage: backup: copy the database: %w", err)
	}
	if err := checkSQLiteCopy(ctx, tmp); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return fmt.Errorf("storage: backup: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("storage: backup: %w", err)
	}
	place := os.Rename
	if !replace {
		// A link fails when out exists, where a rename would replace it.
		place = os.Link
	}
	if err := place(tmp, out); err != nil {
		return fmt.Errorf("storage: put the copy in place: %w", err)
	}
	return syncFile(dir)
}

// checkSQLiteCopy opens a copy read-only and checks that it is a whole
// SQLite database of this tracker: SQLite's quick_check passes and the
// migrations table and the audit trail are there.
func checkSQLiteCopy(ctx context.Context, path string) error {
	q := url.Values{}
	q.Set("mode", "ro")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return fmt.Errorf("storage: check %s: %w", path, err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&res); err != nil {
		return fmt.Errorf("storage: %s is not an SQLite database: %w", path, err)
	}
	if res != "ok" {
		return fmt.Errorf("storage: %s is damaged: %s", path, res)
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('goose_db_version', 'audit_events')").Scan(&n); err != nil {
		return fmt.Errorf("storage: check %s: %w", path, err)
	}
	if n != 2 {
		return fmt.Errorf("storage: %s is not a database of this tracker (no migrations table or audit trail)", path)
	}
	return nil
}

// RestoreSQLite puts the backup from in place of the SQLite database opts
// name, which must not exist yet (nor its WAL or sign-in file): a restore
// never overwrites. The copy is checked first and written atomically; the
// migrations run when the store is next opened.
func RestoreSQLite(ctx context.Context, opts Options, from string) error {
	target, ok := SQLiteFile(opts)
	if !ok {
		return fmt.Errorf("storage: restore: the database is PostgreSQL; use pg_restore")
	}
	for _, p := range []string{target, target + "-wal", signinPath(target)} {
		if _, err := os.Stat(p); err == nil {
			return fmt.Errorf("%w: %s already exists; restore only into a data folder with no database", ErrDatabaseExists, p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("storage: restore: %w", err)
		}
	}
	if st, err := os.Stat(from); err != nil || !st.Mode().IsRegular() {
		return fmt.Errorf("storage: restore: %s is not a file", from)
	}
	if err := checkSQLiteCopy(ctx, from); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
		return fmt.Errorf("storage: restore: create data folder: %w", err)
	}
	q := url.Values{}
	q.Set("mode", "ro")
	src, err := sql.Open("sqlite", "file:"+from+"?"+q.Encode())
	if err != nil {
		return fmt.Errorf("storage: restore: %w", err)
	}
	defer src.Close()
	return vacuumInto(ctx, src, target, false)
}

// notTheDatabase refuses a backup written over the database it copies, or
// over one of the files beside it.
func notTheDatabase(db, out string) error {
	o, err := filepath.Abs(out)
	if err != nil {
		return fmt.Errorf("storage: backup: %w", err)
	}
	for _, p := range []string{db, db + "-wal", db + "-shm", signinPath(db), signinPath(db) + "-wal", signinPath(db) + "-shm"} {
		if a, err := filepath.Abs(p); err == nil && a == o {
			return fmt.Errorf("storage: backup: %s is the database itself; write the backup elsewhere", out)
		}
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
