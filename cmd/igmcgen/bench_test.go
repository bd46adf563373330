package main

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchWritesEveryFigure runs the benchmark set at a tiny size (3
// zones × 5 indicators × 2 years) on SQLite, and on PostgreSQL when
// IGMC_TEST_POSTGRES_URL is set, and checks that the document gets a new
// section whose table has every figure with a value, the old text kept,
// and that the temporary folder and the database are gone afterwards.
func TestBenchWritesEveryFigure(t *testing.T) {
	engines := []string{"sqlite"}
	if os.Getenv(EnvPostgres) != "" {
		engines = append(engines, "postgres")
	}
	for _, e := range engines {
		t.Run(e, func(t *testing.T) {
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			doc := filepath.Join(t.TempDir(), "performance.md")
			const old = "# Performance\n\nAn older section.\n"
			if err := os.WriteFile(doc, []byte(old), 0o600); err != nil {
				t.Fatal(err)
			}
			before := benchDatabases(t)
			var out, log bytes.Buffer
			args := []string{"-zones", "3", "-indicators", "5", "-years", "2", "-engine", e, "-write", doc, "-rounds", "1", "-wrk-duration", "1s"}
			if err := runBench(args, &out, &log); err != nil {
				t.Fatalf("bench: %v\n%s", err, log.String())
			}
			b, err := os.ReadFile(doc)
			if err != nil {
				t.Fatal(err)
			}
			text := string(b)
			if !strings.HasPrefix(text, old) {
				t.Fatalf("the old text was not kept:\n%s", text)
			}
			section := strings.TrimPrefix(text, old)
			if !strings.Contains(out.String(), strings.TrimSpace(section)) {
				t.Errorf("the printed table is not the written one:\n%s\n---\n%s", out.String(), section)
			}
			for _, want := range []string{"## Scale benchmark, 3 zones on ", "go run ./cmd/igmcgen bench -zones 3 ", "Machine: ",
				"| figure | value | baseline (same run) | ratio | goal | met? |"} {
				if !strings.Contains(section, want) {
					t.Errorf("the section lacks %q:\n%s", want, section)
				}
			}
			rows := tableRows(section)
			want := []string{"measurements import", "peak memory of the import", "re-import of the unchanged file", "peak memory of the re-import", "measurements export",
				"ranking of 2012, cold", "comparison page, cold", "comparison page, warm", "home page, cold", "home page, warm",
				"scorecard page, cold", "scorecard page, warm", "public zone list, cold", "public zone list, warm", "scorecard JSON API under wrk", "scorecard JSON API under wrk"}
			if e == "postgres" {
				want = append([]string{"measurements import vs COPY into a table shaped like measurements"}, want...)
				want[1] = "measurements import vs narrow 4-column COPY"
			}
			if len(rows) != len(want) {
				t.Fatalf("%d rows, want %d:\n%s", len(rows), len(want), section)
			}
			for i, r := range rows {
				if !strings.HasPrefix(r[0], want[i]) {
					t.Errorf("row %d is %q, want %q…", i+1, r[0], want[i])
				}
				if r[1] == "—" || r[1] == "not run" {
					t.Errorf("row %q has no value", r[0])
				}
				if r[4] != "—" && r[5] != "yes" && r[5] != "no" && !strings.HasPrefix(r[5], "yes") && !strings.HasPrefix(r[5], "no") {
					t.Errorf("row %q has a goal but met? is %q", r[0], r[5])
				}
				if r[2] != "—" && r[3] == "—" && strings.Contains(r[0], " vs ") {
					t.Errorf("row %q has a baseline but no ratio", r[0])
				}
			}
			if lookWrk() == "" && !strings.Contains(rows[len(rows)-1][1], "wrk is not installed") {
				t.Errorf("without wrk the API row should say so: %q", rows[len(rows)-1][1])
			}
			if left, _ := os.ReadDir(tmp); len(left) > 0 {
				t.Errorf("the temporary folder was left: %s", left[0].Name())
			}
			if after := benchDatabases(t); after > before {
				t.Errorf("%d benchmark databases before, %d after", before, after)
			}
		})
	}
}

// benchDatabases counts the benchmark's databases on the test server.
func benchDatabases(t *testing.T) int {
	t.Helper()
	u := os.Getenv(EnvPostgres)
	if u == "" {
		return 0
	}
	db, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM pg_database WHERE datname LIKE 'igmc\\_bench\\_%'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// tableRows are the cells of the table's body rows.
func tableRows(section string) [][]string {
	var rows [][]string
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| figure ") || strings.HasPrefix(line, "| --- ") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if len(cells) == 6 {
			rows = append(rows, cells)
		}
	}
	return rows
}

// TestBenchRefusesBadFlags: each mistake is named before anything is made.
func TestBenchRefusesBadFlags(t *testing.T) {
	doc := filepath.Join(t.TempDir(), "performance.md")
	if err := os.WriteFile(doc, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvPostgres, "")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-engine", "mysql", "-dry"}, "-engine must be sqlite or postgres"},
		{[]string{"-engine", "postgres", "-dry"}, "needs -postgres URL"},
		{[]string{"-engine", "postgres", "-postgres", "mysql://x", "-dry"}, "postgres:// URL"},
		{[]string{"-only", "import,charts", "-dry"}, `no part "charts"`},
		{[]string{"-skip", "api,", "-zones", "0", "-dry"}, "zones must be between"},
		{[]string{"-write", filepath.Join(t.TempDir(), "missing.md")}, "not an existing file"},
		{[]string{"-rounds", "0", "-dry"}, "-rounds must be"},
		{[]string{"-wrk-duration", "10ms", "-dry"}, "-wrk-duration must be"},
		{[]string{"-dry", "extra"}, "unexpected argument"},
	} {
		var out, log bytes.Buffer
		err := runBench(c.args, &out, &log)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want an error with %q", c.args, err, c.want)
		}
		if out.Len() > 0 {
			t.Errorf("%v: printed %q", c.args, out.String())
		}
	}
	run, err := partsToRun("", "api, export")
	if err != nil || run["api"] || run["export"] || !run["import"] || !run["compare"] {
		t.Errorf("-skip api,export: %v %v", run, err)
	}
	run, err = partsToRun("ranking", "")
	if err != nil || !run["ranking"] || run["import"] || run["api"] {
		t.Errorf("-only ranking: %v %v", run, err)
	}
}

// TestBenchCommandMasksPassword: the section quotes the command without
// the server's password.
func TestBenchCommandMasksPassword(t *testing.T) {
	got := commandLine([]string{"-engine", "postgres", "-postgres", "postgres://u:secret@db/x", "-zones", "5000"})
	if strings.Contains(got, "secret") || !strings.Contains(got, "-zones 5000") {
		t.Errorf("command line %q", got)
	}
}
