package web_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
	"igmc/web"
)

// TestBulkRoutesExist: the routes that read or write whole files, and only
// they, are of the bulk class in the route table, so they get the longer
// timeout and nothing else does.
func TestBulkRoutesExist(t *testing.T) {
	want := []string{
		"POST /api/v1/frameworks/:fw/catalogue",
		"POST /api/v1/zones/import",
		"POST /api/v1/measurements/import",
		"POST /api/v1/dataValueSets",
		"GET /api/v1/dataValueSets",
		"POST /api/v1/plans/import",
		"POST /import",
		"POST /import/confirm",
		"GET /api/v1/exports/measurements.csv",
		"GET /api/v1/exports/measurements.xlsx",
		"GET /api/v1/exports/audit.csv",
		"GET /api/v1/exports/bundle.zip",
		"GET /api/v1/exports/sdmx.csv",
		"GET /api/v1/audit/verify",
		"GET /api/v1/frameworks/:fw/catalogue.csv",
		"GET /api/v1/quality",
		"GET /api/v1/quality.csv",
		"GET /api/v1/quality.xlsx",
		"GET /quality",
		"GET /api/v1/zones/:zone/progress.pdf",
		"GET /api/v1/zones/:zone/scorecard.pdf",
		"GET /api/v1/zones/:zone/progress.xlsx",
		"GET /api/v1/zones/:zone/scorecard.xlsx",
		"POST /admin/zones/import",
		"POST /admin/zones/import/confirm",
		"POST /admin/catalogue/confirm",
		"GET /api/v1/compare.csv",
		"GET /api/v1/compare.pdf",
		"GET /api/v1/evidence/:sha256",
		"POST /api/v1/measurements/:id/evidence",
		"POST /zones/:zone/entry/evidence",
		"GET /public/:fw/*file",
	}
	s := web.New(nil, slog.New(slog.DiscardHandler))
	var got []string
	for _, r := range s.Routes() {
		if r.Time == web.DBBulk {
			got = append(got, r.Method+" "+r.Path)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("bulk routes of the table:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// timeoutServer serves store s with a short database timeout, as an
// administrator with a token.
func timeoutServer(t *testing.T, s *storage.Store, d time.Duration) *client {
	t.Helper()
	ws := web.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ws.DBTimeout = d
	srv := httptest.NewServer(ws.Handler())
	t.Cleanup(srv.Close)
	c := &client{t: t, srv: srv, store: s}
	c.token = c.userToken("admin@example.org", indicators.RoleAdmin)
	return c
}

func unavailable(t *testing.T, b []byte) {
	t.Helper()
	var e apiError
	if err := json.Unmarshal(b, &e); err != nil || e.Error.Code != "unavailable" || !strings.Contains(e.Error.Message, "did not answer in time") {
		t.Fatalf("answer %s, want the unavailable error", b)
	}
}

// TestDatabaseTimeoutAnswers503: another connection holds the audit head's
// row lock, which creating a token needs, until the request has returned.
// With a 300 ms database timeout the request answers 503 with a short
// message instead of waiting for the lock; once the lock is gone the same
// request succeeds.
func TestDatabaseTimeoutAnswers503(t *testing.T) {
	s, dbURL := storagetest.OpenURL(t, storage.Postgres)
	c := timeoutServer(t, s, 300*time.Millisecond)
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("SELECT last_id FROM audit_head WHERE id = 1 FOR UPDATE"); err != nil {
		t.Fatal(err)
	}
	b := c.do("POST", "/api/v1/tokens", `{"name":"while locked"}`, http.StatusServiceUnavailable, nil)
	unavailable(t, b)
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	c.do("POST", "/api/v1/tokens", `{"name":"after the lock"}`, http.StatusCreated, nil)
}

// TestDatabaseTimeoutOnSQLite: another connection holds the SQLite file's
// write lock; a write request with a short timeout answers 503 (its wait
// for the lock ends with its deadline), a read and /readyz answer as usual.
func TestDatabaseTimeoutOnSQLite(t *testing.T) {
	s, dbURL := storagetest.OpenURL(t, storage.SQLite)
	c := timeoutServer(t, s, 300*time.Millisecond)
	db, err := sql.Open("sqlite", "file:"+strings.TrimPrefix(dbURL, "sqlite:"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	unavailable(t, c.do("POST", "/api/v1/tokens", `{"name":"while locked"}`, http.StatusServiceUnavailable, nil))
	c.do("GET", "/api/v1/zones", "", http.StatusOK, nil)
	c.do("GET", "/readyz", "", http.StatusOK, nil)
	if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	c.do("POST", "/api/v1/tokens", `{"name":"after the lock"}`, http.StatusCreated, nil)
}

// freezer is a TCP proxy to the database that can stop passing bytes,
// the way a hung server or a dead network path behaves: connections stay
// open and nothing comes back.
type freezer struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	frozen chan struct{}
	conns  []net.Conn
}

func newFreezer(t *testing.T, target string) *freezer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &freezer{ln: ln, target: target}
	go f.serve()
	t.Cleanup(f.close)
	return f
}

func (f *freezer) serve() {
	for {
		c, err := f.ln.Accept()
		if err != nil {
			return
		}
		d, err := net.Dial("tcp", f.target)
		if err != nil {
			_ = c.Close()
			continue
		}
		f.mu.Lock()
		f.conns = append(f.conns, c, d)
		f.mu.Unlock()
		go f.pipe(c, d)
		go f.pipe(d, c)
	}
}

func (f *freezer) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			f.mu.Lock()
			frozen := f.frozen
			f.mu.Unlock()
			if frozen != nil {
				<-frozen // closed by close()
				return
			}
			if _, err := dst.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (f *freezer) freeze() {
	f.mu.Lock()
	f.frozen = make(chan struct{})
	f.mu.Unlock()
}

func (f *freezer) close() {
	_ = f.ln.Close()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.frozen != nil {
		select {
		case <-f.frozen:
		default:
			close(f.frozen)
		}
	}
	for _, c := range f.conns {
		_ = c.Close()
	}
}

// TestReadyzWhenTheDatabaseHangs: the store reaches PostgreSQL through a
// proxy that then stops passing bytes. /readyz answers 503 within its own
// short timeout, and an API request answers 503 within the database
// timeout, instead of both hanging with the database.
func TestReadyzWhenTheDatabaseHangs(t *testing.T) {
	dbURL := storagetest.URL(t, storage.Postgres)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	f := newFreezer(t, u.Host)
	u.Host = f.ln.Addr().String()
	s, err := storage.Open(context.Background(), storage.Options{DatabaseURL: u.String(), PasswordCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	// Closed before the store (cleanups run last first).
	t.Cleanup(f.close)
	c := timeoutServer(t, s, 500*time.Millisecond)
	c.do("GET", "/readyz", "", http.StatusOK, nil)
	f.freeze()
	// Anonymously, as a load balancer asks: a token would be looked up
	// first, and that lookup waiting on the hung database answers in its
	// own words.
	b := c.as("").do("GET", "/readyz", "", http.StatusServiceUnavailable, nil)
	if !strings.Contains(string(b), "unreachable") {
		t.Fatalf("readyz said %s", b)
	}
	unavailable(t, c.do("POST", "/api/v1/zones", `{"code":"HUNG","name_en":"Hung","name_zh":"挂"}`, http.StatusServiceUnavailable, nil))
}
