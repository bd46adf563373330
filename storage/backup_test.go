package storage_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"igmc/indicators"
	"igmc/reports"
	"igmc/scoring"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// officialCards is every zone's official scorecard JSON of every demo year,
// by zone and year.
func officialCards(t *testing.T, s *storage.Store) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	zones, err := s.ListZones(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cards := map[string][]byte{}
	scored := 0
	for _, z := range zones {
		for y := indicators.DemoFirstYear; y <= indicators.DemoLastYear; y++ {
			card, err := s.Scorecard(ctx, indicators.IGMC.Code, z.Code, y, scoring.BasisOfficial)
			if err != nil {
				t.Fatalf("scorecard %s %d: %v", z.Code, y, err)
			}
			if card.Index.Score != nil {
				scored++
			}
			b, err := reports.ScorecardJSON(&card)
			if err != nil {
				t.Fatal(err)
			}
			cards[fmt.Sprintf("%s/%d", z.Code, y)] = b
		}
	}
	if scored == 0 {
		t.Fatal("no demo scorecard has an index: the demo did not load")
	}
	return cards
}

// sameCards fails the test naming each zone and year whose card differs.
func sameCards(t *testing.T, want, got map[string][]byte) {
	t.Helper()
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !bytes.Equal(want[k], got[k]) {
			t.Errorf("scorecard %s differs after the restore:\nwant %s\ngot  %s", k, want[k], got[k])
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d scorecards after the restore, want %d", len(got), len(want))
	}
}

// holdWrite begins a write on the database at dsn (with driver) that renames
// every zone, and leaves it open: the copy is made while it holds the
// writer's lock. commit ends it.
func holdWrite(t *testing.T, driver, dsn string) (commit func()) {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	begin := "BEGIN"
	if driver == "sqlite" {
		begin = "BEGIN IMMEDIATE"
	}
	for _, q := range []string{begin, "UPDATE zones SET name_en = name_en || ' (renamed)'"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return func() {
		if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
			t.Fatalf("commit: %v", err)
		}
		_ = conn.Close()
	}
}

// checkRestored opens the restored database at url and checks that its audit
// trail verifies, its scorecards are want, and that the write in progress
// during the copy is not in it.
func checkRestored(t *testing.T, url string, want map[string][]byte) {
	t.Helper()
	ctx := context.Background()
	r, err := storage.Open(ctx, storage.Options{DatabaseURL: url, PasswordCost: bcrypt.MinCost})
	if err != nil {
		t.Fatalf("open the restored database: %v", err)
	}
	defer r.Close()
	rep, err := r.VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK || rep.Events == 0 || rep.Values == 0 {
		t.Fatalf("audit verify of the restored database: %+v", rep)
	}
	sameCards(t, want, officialCards(t, r))
	zones, err := r.ListZones(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, z := range zones {
		if strings.Contains(z.NameEn, "(renamed)") {
			t.Fatalf("zone %s carries the write that had not committed when the copy was made", z.Code)
		}
	}
}

// TestBackupRestoreSQLite: a backup made while another connection holds the
// write lock, restored into a fresh data folder, verifies and gives the same
// official scorecards; a restore never overwrites a database.
func TestBackupRestoreSQLite(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, url := storagetest.OpenURL(t, storage.SQLite)
	if _, _, err := s.LoadDemo(ctx, indicators.System); err != nil {
		t.Fatal(err)
	}
	want := officialCards(t, s)

	commit := holdWrite(t, "sqlite", "file:"+strings.TrimPrefix(url, "sqlite:"))
	out := filepath.Join(t.TempDir(), "igmc-backup.db")
	if err := s.BackupSQLite(ctx, out); err != nil {
		t.Fatalf("backup while a write is in progress: %v", err)
	}
	commit()
	live := strings.TrimPrefix(url, "sqlite:")
	if err := s.BackupSQLite(ctx, live); err == nil || !strings.Contains(err.Error(), "the database itself") {
		t.Fatalf("a backup over the database it copies: got %v, want a refusal", err)
	}
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".igmc-copy-*")); len(matches) > 0 {
		t.Fatalf("the temporary copy was left behind: %v", matches)
	}

	dir := filepath.Join(t.TempDir(), "data")
	opts := storage.Options{DataDir: dir}
	if err := storage.RestoreSQLite(ctx, opts, out); err != nil {
		t.Fatalf("restore: %v", err)
	}
	target, _ := storage.SQLiteFile(opts)
	checkRestored(t, "sqlite:"+target, want)

	before, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	err = storage.RestoreSQLite(ctx, opts, out)
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("a restore over a database: got %v, want a refusal", err)
	}
	if after, _ := os.ReadFile(target); !bytes.Equal(before, after) {
		t.Fatal("a refused restore changed the database")
	}

	notDB := filepath.Join(t.TempDir(), "notes.db")
	if err := os.WriteFile(notDB, []byte("not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	other := storage.Options{DataDir: filepath.Join(t.TempDir(), "other")}
	if err := storage.RestoreSQLite(ctx, other, notDB); err == nil {
		t.Fatal("a file that is not a database was restored")
	}
	if f, _ := storage.SQLiteFile(other); fileExists(f) {
		t.Fatal("a refused restore left a database file")
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// pgTool finds a PostgreSQL client program on PATH or in the server's
// folders, skipping the test without one.
func pgTool(t *testing.T, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(found) == 0 {
		t.Skipf("%s is not on PATH nor in /usr/lib/postgresql/*/bin: the PostgreSQL restore test needs it", name)
	}
	sort.Strings(found)
	return found[len(found)-1]
}

// TestBackupRestorePostgres: pg_dump of the database while a write is in
// progress, pg_restore into a fresh database, and the same checks as on
// SQLite.
func TestBackupRestorePostgres(t *testing.T) {
	if os.Getenv(storagetest.EnvPostgres) == "" {
		t.Skipf("%s is not set", storagetest.EnvPostgres)
	}
	pgDump, pgRestore := pgTool(t, "pg_dump"), pgTool(t, "pg_restore")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, url := storagetest.OpenURL(t, storage.Postgres)
	if _, _, err := s.LoadDemo(ctx, indicators.System); err != nil {
		t.Fatal(err)
	}
	want := officialCards(t, s)

	commit := holdWrite(t, "pgx", url)
	dump := filepath.Join(t.TempDir(), "igmc.dump")
	if out, err := exec.CommandContext(ctx, pgDump, "--format=custom", "--file="+dump, "--dbname="+url).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	commit()

	fresh := storagetest.URL(t, storage.Postgres)
	if out, err := exec.CommandContext(ctx, pgRestore, "--no-owner", "--exit-on-error", "--dbname="+fresh, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	checkRestored(t, fresh, want)
}
