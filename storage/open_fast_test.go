package storage_test

import (
	"context"
	"testing"

	"igmc/storage"
	"igmc/storage/storagetest"
)

// versions counts the migrations the database records as applied.
func versions(t *testing.T, dbURL string) int {
	t.Helper()
	var n int
	if err := storagetest.OpenSQL(t, dbURL).QueryRow("SELECT count(*) FROM goose_db_version WHERE version_id > 0 AND is_applied").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestReopenChecksMigrations opens a database again, as every start does.
// A whole schema opens again without a change and is not seeded again; a
// schema that lacks a recorded migration is not taken for whole by the
// quick check of the versions: goose runs and either records it again or
// refuses to open.
func TestReopenChecksMigrations(t *testing.T) {
	for _, e := range storagetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			ctx := context.Background()
			s, url := storagetest.OpenURL(t, e)
			_ = s.Close()
			want := versions(t, url)
			if want < 10 {
				t.Fatalf("only %d migrations recorded", want)
			}
			r, err := storage.Open(ctx, storage.Options{DatabaseURL: url})
			if err != nil {
				t.Fatal(err)
			}
			if seeded, err := r.Seed(ctx); err != nil || seeded {
				t.Errorf("a second seed: seeded %v, %v", seeded, err)
			}
			_ = r.Close()
			if got := versions(t, url); got != want {
				t.Errorf("a second open: %d migrations recorded, want %d", got, want)
			}
			storagetest.MustExec(t, url, "DELETE FROM goose_db_version WHERE version_id = (SELECT v FROM (SELECT max(version_id) AS v FROM goose_db_version) AS m)")
			r, err = storage.Open(ctx, storage.Options{DatabaseURL: url})
			if err == nil {
				_ = r.Close()
				if got := versions(t, url); got != want {
					t.Errorf("opened with %d of the %d migrations recorded", got, want)
				}
			}
		})
	}
}
