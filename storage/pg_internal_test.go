package storage

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"igmc/indicators"
)

// openFreshPostgres makes a throwaway database for this package's internal
// tests (storagetest cannot be imported here: it imports storage).
func openFreshPostgres(t *testing.T, admin string) *Store {
	t.Helper()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "igmc_test_" + hex.EncodeToString(b[:])
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(admin)
	u.Path = "/" + name
	s, err := Open(context.Background(), Options{DatabaseURL: u.String()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = s.Close()
		if db, err := sql.Open("pgx", admin); err == nil {
			_, _ = db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			_ = db.Close()
		}
	})
	return s
}

// internalStores opens a fresh SQLite store and, when the PostgreSQL
// variable is set, a fresh PostgreSQL one, each seeded with the built-in
// catalogue and the zones given as "code,name_en,name_zh,parent_code"
// lines.
func internalStores(t *testing.T, zones string) []*Store {
	t.Helper()
	ctx := context.Background()
	lite, err := Open(ctx, Options{DatabaseURL: "sqlite:" + filepath.Join(t.TempDir(), "internal.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = lite.Close() })
	stores := []*Store{lite}
	if pg := os.Getenv("IGMC_TEST_POSTGRES_URL"); pg != "" {
		stores = append(stores, openFreshPostgres(t, pg))
	}
	for _, s := range stores {
		if _, err := s.Seed(ctx); err != nil {
			t.Fatal(err)
		}
		zs, err := indicators.ReadZones(indicators.NewCSVRows(strings.NewReader("code,name_en,name_zh,parent_code\n" + zones)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportZones(ctx, zs, indicators.System); err != nil {
			t.Fatal(err)
		}
	}
	return stores
}
