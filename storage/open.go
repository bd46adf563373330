// Package storage keeps the tracker's data in PostgreSQL or in an embedded
// SQLite file. It is the only package that speaks SQL: row structs, the
// transactions, bulk loads and the translation of driver errors into
// indicators.Error values.
package storage

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/pressly/goose/v3"
	"golang.org/x/crypto/bcrypt"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"igmc/migrations"
)

// Engine names the database behind a Store.
type Engine string

// The engines.
const (
	Postgres Engine = "postgres"
	SQLite   Engine = "sqlite"
)

// Store is the tracker's data. Each method is one transaction.
type Store struct {
	db *gorm.DB
	// headFile is where the audit head is written after each change ('':
	// nowhere); headMu orders those writes.
	headFile string
	headMu   sync.Mutex
	// rdb serves the reads that need no write: on SQLite a pool of
	// read-only connections beside the single writer, so a long export or
	// scorecard does not hold up the writer or other readers; on
	// PostgreSQL the same pool as db.
	rdb *gorm.DB
	// adb holds the sign-in state (sessions, failed sign-ins): on SQLite
	// a file of its own, on PostgreSQL db (see signin_db.go).
	adb    *gorm.DB
	engine Engine
	cache  *cache
	log    *slog.Logger
	stop   context.CancelFunc
	// listeningCh is closed once change notifications are followed, and
	// notified receives (without blocking) after each one: both let tests
	// wait for the event instead of guessing a delay.
	listening   sync.Once
	listeningCh chan struct{}
	notified    chan struct{}
	// following is true while this instance hears the changes of the
	// others (see cachesPrincipals).
	following atomic.Bool
	// touching holds the ids of tokens whose last use is being recorded
	// (see touchToken).
	touching sync.Map
	// touches counts the stamps being written, which Close waits for.
	touches sync.WaitGroup
	// plans keeps decoded zone plan versions (see scoringOptions).
	plans planCache
	// url is the database URL it was opened with (for URL).
	url string
	// sqlitePath is the SQLite database file (see BackupSQLite).
	sqlitePath string
	// passwordCost is the bcrypt cost; dummyHash (see dummy) is a hash of
	// that cost checked when an email is unknown, so
	// timing does not tell. passwordChecks counts bcrypt comparisons.
	passwordCost   int
	dummyOnce      sync.Once
	dummyHash      []byte
	passwordChecks atomic.Int64
	// replicas are the read replicas, nil for none (see replicas.go).
	replicas *replicaSet
	// fileKey is the key of Options.SigningKeyFile, nil for the database's.
	fileKey ed25519.PrivateKey
	// Now is the clock; tests replace it to get stable timestamps.
	Now func() time.Time
}

// Options say which database to open.
type Options struct {
	// DatabaseURL selects PostgreSQL when it starts with postgres:// or
	// postgresql://; empty means SQLite in DataDir.
	DatabaseURL string
	DataDir     string
	Logger      *slog.Logger
	// PasswordCost is the bcrypt cost of new password hashes (default 11;
	// tests lower it).
	PasswordCost int
	// SigningKeyFile (IGMC_SIGNING_KEY) names a PKCS #8 PEM file with the
	// Ed25519 key to sign with; empty: the key kept in the database, made
	// on first start (see signing.go).
	SigningKeyFile string
	// AuditHeadFile (IGMC_AUDIT_HEAD_FILE), when set, is the file the
	// audit head is written to after every committed change (see
	// audit_head.go).
	AuditHeadFile string
	// ReplicaURLs (IGMC_DATABASE_REPLICA_URLS) are PostgreSQL streaming
	// replicas of DatabaseURL that serve the reads which may be a little
	// stale (see replicas.go); ReplicaMaxLag is how far behind one may be
	// and still serve (0: DefaultReplicaMaxLag), and ReplicaPoll how often
	// they are checked (0: every second).
	ReplicaURLs   []string
	ReplicaMaxLag time.Duration
	ReplicaPoll   time.Duration
}

// Open connects, applies pending migrations and returns the store.
func Open(ctx context.Context, opts Options) (*Store, error) {
	cost := opts.PasswordCost
	if cost == 0 {
		cost = 11
	}
	if cost < bcrypt.MinCost || cost > bcrypt.MaxCost {
		return nil, fmt.Errorf("storage: the password cost must be between %d and %d (got %d)", bcrypt.MinCost, bcrypt.MaxCost, cost)
	}
	cfg := &gorm.Config{TranslateError: true, Logger: logger.Discard, PrepareStmt: false}
	var (
		db         *gorm.DB
		err        error
		engine     Engine
		sqlitePath string
	)
	switch {
	case strings.HasPrefix(opts.DatabaseURL, "postgres://"), strings.HasPrefix(opts.DatabaseURL, "postgresql://"):
		engine = Postgres
		db, err = gorm.Open(postgres.Open(opts.DatabaseURL), cfg)
	case opts.DatabaseURL == "" || strings.HasPrefix(opts.DatabaseURL, "sqlite:"):
		engine = SQLite
		path := strings.TrimPrefix(opts.DatabaseURL, "sqlite:")
		if path == "" {
			dir := opts.DataDir
			if dir == "" {
				dir = "data"
			}
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("storage: create data folder: %w", err)
			}
			path = filepath.Join(dir, "igmc.db")
		}
		sqlitePath = path
		db, err = gorm.Open(sqlite.Open(sqliteDSN(path, false)), cfg)
	default:
		return nil, fmt.Errorf("storage: database URL must start with postgres:// or sqlite: (got %q)", MaskURL(opts.DatabaseURL))
	}
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", engine, err)
	}
	if err := CheckReplicaURLs(opts.ReplicaURLs, engine); err != nil {
		if sqlDB, derr := db.DB(); derr == nil {
			_ = sqlDB.Close()
		}
		return nil, err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	if engine == SQLite {
		// One connection: SQLite has one writer, and a single connection
		// keeps temporary tables and transactions simple and safe.
		sqlDB.SetMaxOpenConns(1)
	} else {
		sqlDB.SetMaxOpenConns(16)
		sqlDB.SetMaxIdleConns(8)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("storage: connect to %s: %w", engine, err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Store{db: db, rdb: db, adb: db, engine: engine, cache: newCache(4096), log: log, stop: func() {},
		listeningCh: make(chan struct{}), notified: make(chan struct{}, 16), Now: func() time.Time { return time.Now().UTC() }}
	s.url = opts.DatabaseURL
	s.sqlitePath = sqlitePath
	s.headFile = opts.AuditHeadFile
	s.passwordCost = cost
	if err := s.migrate(ctx, sqlDB); err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	if opts.SigningKeyFile != "" {
		if s.fileKey, err = readSigningKeyFile(opts.SigningKeyFile); err != nil {
			_ = sqlDB.Close()
			return nil, err
		}
	}
	if err := s.initSigningKey(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	if engine == SQLite {
		if s.rdb, err = openSQLiteReaders(sqlitePath, cfg); err != nil {
			_ = sqlDB.Close()
			return nil, err
		}
		if s.adb, err = openSignin(ctx, sqlitePath, cfg); err != nil {
			_ = s.Close()
			return nil, err
		}
	}
	if engine == Postgres {
		lctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		s.stop = cancel
		go s.listen(lctx, opts.DatabaseURL)
		if err := s.openReplicas(opts.ReplicaURLs, opts.ReplicaMaxLag, opts.ReplicaPoll, cfg); err != nil {
			_ = s.Close()
			return nil, err
		}
	}
	return s, nil
}

// openSQLiteReaders opens read-only connections to the SQLite file; in WAL
// mode they read the last committed state while the writer works.
func openSQLiteReaders(path string, cfg *gorm.Config) (*gorm.DB, error) {
	r, err := gorm.Open(sqlite.Open(sqliteDSN(path, true)), cfg)
	if err != nil {
		return nil, fmt.Errorf("storage: open sqlite readers: %w", err)
	}
	sqlDB, err := r.DB()
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	sqlDB.SetMaxOpenConns(4)
	sqlDB.SetMaxIdleConns(4)
	return r, nil
}

// sqliteBusyTimeout is how long one try to take the SQLite file's write
// lock waits inside SQLite for another writer (the server's, or a CLI
// command's on the same file). SQLite's wait does not end with a context,
// so beginImmediate tries again and again in steps this long, for as long
// as the caller's context allows: a second writer waits its turn instead
// of failing with "database is locked", and a request still gives up at
// its deadline. Every write transaction begins IMMEDIATE, taking the lock
// before it reads: a deferred one that reads first and then has to write
// fails at once if another writer committed meanwhile.
const sqliteBusyTimeout = 200 * time.Millisecond

func sqliteDSN(path string, readOnly bool) string {
	q := url.Values{}
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", sqliteBusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")
	return "file:" + path + "?" + q.Encode()
}

func (s *Store) migrate(ctx context.Context, sqlDB *sql.DB) error {
	if s.migrated(ctx, sqlDB) {
		return nil
	}
	p, err := s.migrations(sqlDB)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("storage: apply migrations: %w", err)
	}
	return nil
}

// migrated says, with one query, whether the database holds exactly the
// migrations of the binary, as at every start but the first and after an
// upgrade: then there is nothing for goose to check or apply, and start-up
// skips building its provider. Any doubt (no version table yet, a version
// missing or unknown) leaves the work to goose.
func (s *Store) migrated(ctx context.Context, sqlDB *sql.DB) bool {
	dir := "postgres"
	if s.engine == SQLite {
		dir = "sqlite"
	}
	files, err := fs.Glob(migrations.FS, dir+"/*.sql")
	if err != nil || len(files) == 0 {
		return false
	}
	want := map[int64]bool{}
	for _, f := range files {
		name := path.Base(f)
		n, err := strconv.ParseInt(name[:strings.IndexByte(name+"_", '_')], 10, 64)
		if err != nil {
			return false
		}
		want[n] = true
	}
	rows, err := sqlDB.QueryContext(ctx, "SELECT version_id FROM goose_db_version WHERE version_id > 0 AND is_applied")
	if err != nil {
		return false
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var v int64
		if rows.Scan(&v) != nil || !want[v] {
			return false
		}
		seen++
	}
	return rows.Err() == nil && seen == len(want)
}

// migrations is the goose provider of the store's engine.
func (s *Store) migrations(sqlDB *sql.DB) (*goose.Provider, error) {
	dialect, dir := goose.DialectPostgres, "postgres"
	if s.engine == SQLite {
		dialect, dir = goose.DialectSQLite3, "sqlite"
	}
	fsys, err := fs.Sub(migrations.FS, dir)
	if err != nil {
		return nil, fmt.Errorf("storage: migrations: %w", err)
	}
	p, err := goose.NewProvider(dialect, sqlDB, fsys)
	if err != nil {
		return nil, fmt.Errorf("storage: migrations: %w", err)
	}
	return p, nil
}

// URL is the database URL the store was opened with (empty for the default
// SQLite file). It may hold a password: never log it (see MaskURL).
func (s *Store) URL() string { return s.url }

// Engine says which database the store uses.
func (s *Store) Engine() Engine { return s.engine }

// Ping checks that the database answers a query, for the readiness probe;
// ctx bounds the wait. On SQLite it asks a reader: the single writer may be
// busy with an import for a while, and the server still serves meanwhile.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.rdb.WithContext(ctx).Raw("SELECT 1").Row().Scan(&one)
}

// Close releases the connections.
func (s *Store) Close() error {
	s.stop()
	if s.replicas != nil {
		s.replicas.close()
	}
	s.touches.Wait()
	for _, other := range []*gorm.DB{s.rdb, s.adb} {
		if other != s.db {
			if r, err := other.DB(); err == nil {
				_ = r.Close()
			}
		}
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// MaskURL hides the password of a database URL, for logs and messages.
func MaskURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		if err != nil {
			return "(unparseable URL)"
		}
		return raw
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
