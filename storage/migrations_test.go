package storage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"igmc/indicators"
)

// schemaOf lists "table.column nullable" for every column the migrations
// made, leaving out goose's own table. The primary key id is listed as not
// null on both engines (SQLite reports rowid aliases as nullable).
func schemaOf(t *testing.T, s *Store) []string {
	t.Helper()
	var rows []struct {
		Tbl, Col string
		NotNull  bool
	}
	q := `SELECT table_name AS tbl, column_name AS col, is_nullable = 'NO' AS not_null
		FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'goose_db_version'`
	if s.engine == SQLite {
		q = `SELECT m.name AS tbl, p.name AS col, p."notnull" = 1 AS not_null
			FROM sqlite_master m JOIN pragma_table_info(m.name) p
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'goose_db_version'`
	}
	if err := s.db.Raw(q).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if s.adb != s.db {
		// SQLite keeps the sign-in state in a file of its own.
		var more []struct {
			Tbl, Col string
			NotNull  bool
		}
		if err := s.adb.Raw(q).Scan(&more).Error; err != nil {
			t.Fatal(err)
		}
		rows = append(rows, more...)
	}
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%s.%s notnull=%v", r.Tbl, r.Col, r.NotNull || r.Col == "id"))
	}
	sort.Strings(out)
	return out
}

// TestMigrationFoldersMatch applies both migration folders and compares the
// tables and columns they produce.
func TestMigrationFoldersMatch(t *testing.T) {
	pg := os.Getenv("IGMC_TEST_POSTGRES_URL")
	if pg == "" {
		t.Skip("IGMC_TEST_POSTGRES_URL is not set: the PostgreSQL schema cannot be compared")
	}
	ctx := context.Background()
	lite, err := Open(ctx, Options{DatabaseURL: "sqlite:" + filepath.Join(t.TempDir(), "m.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pgs := openFreshPostgres(t, pg)
	a, b := schemaOf(t, lite), schemaOf(t, pgs)
	if len(a) == 0 {
		t.Fatal("no columns found")
	}
	if strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Fatalf("schemas differ:\nsqlite:\n%s\n\npostgres:\n%s", strings.Join(a, "\n"), strings.Join(b, "\n"))
	}
}

func TestMigrationFilesPaired(t *testing.T) {
	names := func(dir string) []string {
		es, err := os.ReadDir(filepath.Join("..", "migrations", dir))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range es {
			out = append(out, e.Name())
		}
		return out
	}
	p, s := names("postgres"), names("sqlite")
	if strings.Join(p, ",") != strings.Join(s, ",") {
		t.Fatalf("migration files differ: postgres %v, sqlite %v", p, s)
	}
}

// TestYearsBackfill: migration 0003 fills the table of each framework's
// years from the values already stored, so an existing database opens on
// the right year after the upgrade.
func TestYearsBackfill(t *testing.T) {
	ctx := context.Background()
	lite, err := Open(ctx, Options{DatabaseURL: "sqlite:" + filepath.Join(t.TempDir(), "y.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	stores := []*Store{lite}
	if pg := os.Getenv("IGMC_TEST_POSTGRES_URL"); pg != "" {
		stores = append(stores, openFreshPostgres(t, pg))
	}
	for _, s := range stores {
		t.Run(string(s.engine), func(t *testing.T) {
			if _, err := s.Seed(ctx); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.LoadDemo(ctx, indicators.System); err != nil {
				t.Fatal(err)
			}
			sqlDB, err := s.db.DB()
			if err != nil {
				t.Fatal(err)
			}
			p, err := s.migrations(sqlDB)
			if err != nil {
				t.Fatal(err)
			}
			// Back to the schema before the table existed, values kept,
			// and up again.
			if _, err := p.DownTo(ctx, 2); err != nil {
				t.Fatal(err)
			}
			if _, err := p.UpTo(ctx, 3); err != nil {
				t.Fatal(err)
			}
			s.DropCache()
			first, last, ok, err := s.YearRange(ctx, "igmc")
			if err != nil || !ok || first != indicators.DemoFirstYear || last != indicators.DemoLastYear {
				t.Fatalf("after the upgrade the years are %d–%d (%v, %v), want %d–%d", first, last, ok, err, indicators.DemoFirstYear, indicators.DemoLastYear)
			}
		})
	}
}
