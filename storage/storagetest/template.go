package storagetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"igmc/storage"
)

// A fresh store costs its migrations and the seed: about 40 ms on SQLite
// and 250–400 ms on PostgreSQL, paid by every test. So each test process
// migrates and seeds one database per engine the first time a test asks
// for a store, and every later store is a copy of it: the file's bytes on
// SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL. A copy holds exactly
// what Open would have made (the same clock, the same seed); Open still
// runs the migrations and the seed on it, which find nothing to do.
//
// The PostgreSQL template is a database of its own, named after the
// machine and the test process. A process cannot drop it when it ends (a
// package's tests have no last step), so a process that makes one first
// drops those left by processes of this machine that have ended.

// fixedNow is every test store's clock.
var fixedNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

var templates struct {
	sync.Mutex
	sqlite   []byte // the migrated, seeded database file
	postgres string // the template database's name
	failed   map[storage.Engine]error
}

// migratedURL is the URL of a fresh database of e, already migrated and
// seeded, dropped when t ends; "" when no template could be made (the
// caller then migrates an empty one).
func migratedURL(t testing.TB, e storage.Engine) string {
	t.Helper()
	templates.Lock()
	defer templates.Unlock()
	if err := templates.failed[e]; err != nil {
		return ""
	}
	switch e {
	case storage.SQLite:
		if templates.sqlite == nil {
			b, err := sqliteTemplate()
			if err != nil {
				templateFailed(t, e, err)
				return ""
			}
			templates.sqlite = b
		}
		path := filepath.Join(t.TempDir(), "test.db")
		if err := os.WriteFile(path, templates.sqlite, 0o600); err != nil {
			t.Fatalf("sqlite: copy the template: %v", err)
		}
		return "sqlite:" + path
	case storage.Postgres:
		admin := os.Getenv(EnvPostgres)
		if admin == "" {
			t.Skipf("%s is not set", EnvPostgres)
		}
		if templates.postgres == "" {
			name, err := postgresTemplate(t, admin)
			if err != nil {
				templateFailed(t, e, err)
				return ""
			}
			templates.postgres = name
		}
		return createDatabase(t, admin, templates.postgres)
	}
	return ""
}

func templateFailed(t testing.TB, e storage.Engine, err error) {
	t.Logf("storagetest: no %s template, each store migrates its own: %v", e, err)
	if templates.failed == nil {
		templates.failed = map[storage.Engine]error{}
	}
	templates.failed[e] = err
}

// seeded opens url as a test store would be opened, seeds it and closes
// it.
func seeded(url string) error {
	s, err := storage.Open(context.Background(), storage.Options{DatabaseURL: url, PasswordCost: bcrypt.MinCost})
	if err != nil {
		return err
	}
	s.Now = func() time.Time { return fixedNow }
	_, err = s.Seed(context.Background())
	return errors.Join(err, s.Close())
}

// sqliteTemplate makes the SQLite template in a folder of its own and
// returns its bytes; the folder is removed.
func sqliteTemplate() ([]byte, error) {
	dir, err := os.MkdirTemp("", "igmc-template-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "template.db")
	if err := seeded("sqlite:" + path); err != nil {
		return nil, err
	}
	// Closed, the store has checkpointed its write-ahead log into the
	// file; a log left beside it would be lost by copying the file alone.
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return nil, fmt.Errorf("the template's write-ahead log was not checkpointed")
	}
	return os.ReadFile(path)
}

// templatePrefix names this machine's templates: igmc_tpl_<host>_<pid>_.
func templatePrefix() string {
	host, _ := os.Hostname()
	h := fnv.New32a()
	_, _ = h.Write([]byte(host))
	return fmt.Sprintf("igmc_tpl_%08x_", h.Sum32())
}

// postgresTemplate drops the templates of ended processes of this machine
// and makes this process's.
func postgresTemplate(t testing.TB, admin string) (string, error) {
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return "", err
	}
	defer db.Close()
	prefix := templatePrefix()
	rows, err := db.Query("SELECT datname FROM pg_database WHERE datname LIKE $1", prefix+"%")
	if err != nil {
		return "", err
	}
	var old []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return "", err
		}
		old = append(old, n)
	}
	rows.Close()
	for _, n := range old {
		pid, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(n, prefix), "_", 2)[0])
		if err != nil || processAlive(pid) {
			continue
		}
		_, _ = db.Exec("DROP DATABASE IF EXISTS " + n + " WITH (FORCE)")
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := prefix + strconv.Itoa(os.Getpid()) + "_" + hex.EncodeToString(b[:])
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		return "", err
	}
	if err := seeded(withDatabase(t, admin, name)); err != nil {
		_, _ = db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		return "", err
	}
	// No session may use the template while it is copied; autovacuum
	// then leaves it alone too.
	if _, err := db.Exec("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS false"); err != nil {
		_, _ = db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		return "", err
	}
	return name, nil
}

// processAlive says whether a process of this machine with pid runs.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
