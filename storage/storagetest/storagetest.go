// Package storagetest gives tests a fresh, migrated database on every engine
// under test: SQLite always, and PostgreSQL when IGMC_TEST_POSTGRES_URL
// points at a server where the test may create databases. Each call makes
// its own database and drops it when the test ends.
package storagetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	"golang.org/x/crypto/bcrypt"

	"igmc/storage"
)

// EnvPostgres names the variable holding the PostgreSQL server URL.
const EnvPostgres = "IGMC_TEST_POSTGRES_URL"

// Engines lists the engines the tests run on here.
func Engines() []storage.Engine {
	if os.Getenv(EnvPostgres) != "" {
		return []storage.Engine{storage.SQLite, storage.Postgres}
	}
	return []storage.Engine{storage.SQLite}
}

// Each runs fn as a subtest per engine, each with its own fresh store.
func Each(t *testing.T, fn func(t *testing.T, s *storage.Store)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(string(e), func(t *testing.T) {
			fn(t, Open(t, e))
		})
	}
}

// Open makes a fresh database on engine e, migrated and seeded with the
// built-in catalogue, closed and dropped when t ends. Its clock is fixed.
func Open(t testing.TB, e storage.Engine) *storage.Store {
	t.Helper()
	s, _ := OpenURL(t, e)
	return s
}

// OpenURL is Open, also returning the database's URL for tests that reach
// under the store with plain SQL (see MustExec).
func OpenURL(t testing.TB, e storage.Engine) (*storage.Store, string) {
	t.Helper()
	url := migratedURL(t, e)
	if url == "" {
		url = URL(t, e)
	}
	s, err := storage.Open(context.Background(), storage.Options{DatabaseURL: url, PasswordCost: bcrypt.MinCost})
	if err != nil {
		t.Fatalf("open %s store: %v", e, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	s.Now = func() time.Time { return fixedNow }
	if _, err := s.Seed(context.Background()); err != nil {
		t.Fatalf("seed: %v", err)
	}
	return s, url
}

// URL makes a fresh empty database on engine e and returns the URL that
// storage.Open takes for it (a sqlite: path, or a postgres:// URL).
func URL(t testing.TB, e storage.Engine) string {
	t.Helper()
	if e == storage.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	}
	admin := os.Getenv(EnvPostgres)
	if admin == "" {
		t.Skipf("%s is not set", EnvPostgres)
	}
	return createDatabase(t, admin, "")
}

// createDatabase makes a new database on the server of admin, a copy of
// template ("" for an empty one), dropped when t ends, and returns its URL.
func createDatabase(t testing.TB, admin, template string) string {
	t.Helper()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer db.Close()
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "igmc_test_" + hex.EncodeToString(b[:])
	create := "CREATE DATABASE " + name
	if template != "" {
		create += " TEMPLATE " + template
	}
	if _, err := db.Exec(create); err != nil {
		t.Fatalf("postgres: create database: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			return
		}
		defer db.Close()
		if _, err := db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Logf("postgres: drop %s: %v", name, err)
		}
	})
	return withDatabase(t, admin, name)
}

func withDatabase(t testing.TB, raw, name string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	u.Path = "/" + name
	return u.String()
}

// MustExec runs SQL directly against a store's database, for tests that
// need to reach under the API.
func MustExec(t testing.TB, dbURL string, q string, args ...any) {
	t.Helper()
	db := openSQL(t, dbURL)
	defer db.Close()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("exec %q: %v", q, err)
	}
}

// OpenSQL opens a test database of either engine with database/sql, past
// the store, and closes it when the test ends.
func OpenSQL(t testing.TB, dbURL string) *sql.DB {
	t.Helper()
	db := openSQL(t, dbURL)
	t.Cleanup(func() { db.Close() })
	return db
}

func openSQL(t testing.TB, dbURL string) *sql.DB {
	t.Helper()
	driver, dsn := "pgx", dbURL
	if len(dbURL) > 7 && dbURL[:7] == "sqlite:" {
		driver, dsn = "sqlite", "file:"+dbURL[7:]
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", driver, err)
	}
	return db
}
