package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/storage"
)

// sqliteProgram is a program on the default SQLite file of a fresh data
// folder, as an installation without IGMC_DATABASE_URL runs.
func sqliteProgram(t *testing.T) *program {
	p := newProgram(t, storage.SQLite)
	delete(p.vars, "IGMC_DATABASE_URL")
	p.vars["IGMC_DATA_DIR"] = filepath.Join(t.TempDir(), "data")
	return p
}

// demoCards is every demo year's official scorecard JSON of the demo zone,
// as igmc scorecard gives it.
func demoCards(p *program) []string {
	var cards []string
	for y := indicators.DemoFirstYear; y <= indicators.DemoLastYear; y++ {
		cards = append(cards, p.must("scorecard", "--framework", indicators.IGMC.Code, "--zone", indicators.DemoZones[0].Code, "--year", fmt.Sprint(y), "--format", "json"))
	}
	return cards
}

// TestBackupRestoreCommands: igmc backup copies the SQLite file while the
// server runs; igmc restore puts the copy into an empty data folder, verifies
// its audit trail and gives the same scorecards, and refuses a folder that
// holds a database.
func TestBackupRestoreCommands(t *testing.T) {
	p := sqliteProgram(t)
	head := filepath.Join(t.TempDir(), "head.json")
	p.vars["IGMC_AUDIT_HEAD_FILE"] = head
	p.must("demo")
	want := demoCards(p)
	headAtBackup := keepCopy(t, head, "head-at-backup.json")

	_, stop, _ := p.serve(t)
	out := filepath.Join(t.TempDir(), "igmc-backup.db")
	if got := p.must("backup", "--out", out); !strings.Contains(got, "backup written") {
		t.Fatalf("backup said %q", got)
	}
	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	// A change after the backup: the head file then names an event the
	// backup does not have.
	p.must("zones", "import", writeFile(t, "zones.csv", "code,name_en,name_zh,parent_code,type\nLX,Later zone,,,park\n"))
	headAfter := keepCopy(t, head, "head-after.json")

	q := sqliteProgram(t)
	got := q.must("restore", "--from", out)
	if !strings.Contains(got, "restored:") || !strings.Contains(got, "ok: ") {
		t.Fatalf("restore said %q", got)
	}
	if v := q.must("audit", "verify", "--head", headAtBackup); !strings.HasPrefix(v, "ok: ") {
		t.Fatalf("audit verify after the restore, with the head kept at the backup: %q", v)
	}
	if v, _, err := q.run("audit", "verify", "--head", headAfter); !errors.As(err, new(exitCode)) || !strings.Contains(v, "cut short") {
		t.Fatalf("a head written after the backup, on the restored trail: %v %q, want exit 1 saying the trail is cut short", err, v)
	}
	for i, card := range demoCards(q) {
		if card != want[i] {
			t.Errorf("the %d scorecard differs after the restore:\nwant %s\ngot  %s", indicators.DemoFirstYear+i, want[i], card)
		}
	}

	before, err := os.ReadFile(filepath.Join(q.vars["IGMC_DATA_DIR"], "igmc.db"))
	if err != nil {
		t.Fatal(err)
	}
	_, stderr, err := q.run("restore", "--from", out)
	var code exitCode
	if !errors.As(err, &code) || code != 1 || !strings.Contains(stderr, "already exists") {
		t.Fatalf("a restore over a database: %v %q", err, stderr)
	}
	after, _ := os.ReadFile(filepath.Join(q.vars["IGMC_DATA_DIR"], "igmc.db"))
	if string(before) != string(after) {
		t.Fatal("a refused restore changed the database")
	}
	for _, args := range [][]string{{"backup"}, {"restore"}, {"backup", "--out", out, "extra"}} {
		if _, _, err := q.run(args...); err == nil || !strings.Contains(err.Error(), "usage: igmc") {
			t.Errorf("igmc %s: got %v, want its usage", strings.Join(args, " "), err)
		}
	}
}

// TestBackupOnPostgresPrintsCommands: on PostgreSQL, backup and restore print the pg_dump
// and pg_restore commands for the configured database, without its
// password, and exit with status 2.
func TestBackupOnPostgresPrintsCommands(t *testing.T) {
	// No server is needed: nothing connects.
	p := sqliteProgram(t)
	p.vars["IGMC_DATABASE_URL"] = "postgres://igmc:s3cret@db.example.org:5432/igmc?sslmode=require"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"backup", "--out", "/backups/igmc.dump"}, "pg_dump --format=custom --file='/backups/igmc.dump' --dbname='postgres://igmc@db.example.org:5432/igmc?sslmode=require'\n"},
		{[]string{"restore", "--from", "/backups/igmc.dump"}, "pg_restore --no-owner --exit-on-error --dbname='postgres://igmc@db.example.org:5432/igmc?sslmode=require' '/backups/igmc.dump'\n"},
	} {
		out, stderr, err := p.run(c.args...)
		var code exitCode
		if !errors.As(err, &code) || code != 2 {
			t.Fatalf("igmc %s: want exit status 2, got %v", c.args[0], err)
		}
		if out != c.want {
			t.Errorf("igmc %s printed\n%q\nwant\n%q", c.args[0], out, c.want)
		}
		if strings.Contains(out+stderr, "s3cret") {
			t.Errorf("igmc %s shows the password", c.args[0])
		}
	}
}

// keepCopy copies the file at path to a new file named name, as an operator
// keeps a copy of the audit head file elsewhere.
func keepCopy(t *testing.T, path, name string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, name, string(b))
}
