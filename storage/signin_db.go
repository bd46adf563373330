package storage

import (
	"context"
	"fmt"
	"io/fs"
	"strings"

	"github.com/glebarez/sqlite"
	"github.com/pressly/goose/v3"
	"gorm.io/gorm"

	"igmc/migrations"
)

// The sign-in state — sessions and the sign-in counters — is what a sign-in
// writes. On PostgreSQL it lives in the main database (s.adb is s.db): row
// locks let it be written while an import runs. On SQLite it lives in a
// file of its own beside the main one, with its own writer: SQLite has one
// writer per file, and an import holds the main file's for as long as it
// writes its rows (seconds per million), which a sign-in must not wait for.
// Its schema is migrations/sqlite_signin.

// signinPath is the sign-in file of the SQLite file at path:
// data/igmc.db → data/igmc-signin.db.
func signinPath(path string) string {
	return strings.TrimSuffix(path, ".db") + "-signin.db"
}

// openSignin opens and migrates the SQLite sign-in file.
func openSignin(ctx context.Context, path string, cfg *gorm.Config) (*gorm.DB, error) {
	db, err := gorm.Open(sqlite.Open(sqliteDSN(signinPath(path), false)), cfg)
	if err != nil {
		return nil, fmt.Errorf("storage: open sign-in database: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	// A few connections: session lookups read in parallel (WAL); the
	// short writes of a sign-in queue on the file's lock.
	sqlDB.SetMaxOpenConns(4)
	sqlDB.SetMaxIdleConns(4)
	fsys, err := fs.Sub(migrations.FS, "sqlite_signin")
	if err == nil {
		var p *goose.Provider
		if p, err = goose.NewProvider(goose.DialectSQLite3, sqlDB, fsys); err == nil {
			_, err = p.Up(ctx)
		}
	}
	if err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("storage: sign-in database migrations: %w", err)
	}
	return db, nil
}

// writeSignin runs fn as one write transaction on the sign-in state and
// then, as every write does, drops the cached principals (here and, on
// PostgreSQL, on the other instances).
func (s *Store) writeSignin(ctx context.Context, fn func(tx *gorm.DB) error) error {
	if s.adb == s.db {
		return s.write(ctx, func(tx *gorm.DB) error {
			scoresUnchanged(tx)
			return fn(tx)
		})
	}
	err := s.transact(ctx, s.adb, fn)
	if err == nil {
		s.cache.changed(false)
	}
	return err
}

// endSessions ends every session of a user. On SQLite it runs on the
// sign-in file, outside tx: UpdateUser calls it before its own commit and
// again after it, so that no session made meanwhile with the old password
// survives.
func (s *Store) endSessions(tx *gorm.DB, user int64) error {
	end := func(db *gorm.DB) error {
		return translate(db.Where("user_id = ?", user).Delete(&sessionRow{}).Error, "sessions")
	}
	if s.adb == s.db {
		return end(tx)
	}
	return s.transact(tx.Statement.Context, s.adb, end)
}
