package storage

import (
	"strings"
	"testing"
	"time"

	"igmc/indicators"
)

// TestReplicaLag: a replica that has replayed all the primary wrote is not
// behind, however long the primary has been idle; one that has not is
// behind by the time since the primary passed its position, and by the
// time since its last replayed commit when that is older than the
// watcher's memory.
func TestReplicaLag(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	set := &replicaSet{}
	set.seen(100, t0)
	set.seen(100, t0.Add(time.Second)) // no move: not a new position
	set.seen(200, t0.Add(5*time.Second))
	set.seen(300, t0.Add(9*time.Second))
	if len(set.history) != 3 {
		t.Fatalf("history %v", set.history)
	}
	now := t0.Add(time.Hour)
	longAgo := t0.Add(-24 * time.Hour)
	for _, tc := range []struct {
		replayed, primary indicators.WALPosition
		bytes             int64
		lag               time.Duration
	}{
		{300, 300, 0, 0}, // idle for an hour, but caught up
		{350, 300, 0, 0}, // the replica's position was read after the primary's
		{250, 300, 50, now.Sub(t0.Add(9 * time.Second))},
		{200, 300, 100, now.Sub(t0.Add(9 * time.Second))},
		{150, 300, 150, now.Sub(t0.Add(5 * time.Second))},
		{100, 300, 200, now.Sub(t0.Add(5 * time.Second))},
		{50, 300, 250, now.Sub(longAgo)}, // behind the first position seen
	} {
		bytes, lag := set.lagOf(tc.replayed, tc.primary, longAgo, now)
		if bytes != tc.bytes || lag != tc.lag {
			t.Errorf("replayed %v of %v: %d bytes, %s; want %d, %s", tc.replayed, tc.primary, bytes, lag, tc.bytes, tc.lag)
		}
	}
	for i := range walHistory + 10 {
		set.seen(indicators.WALPosition(1000+i), now)
	}
	if len(set.history) != walHistory || set.history[len(set.history)-1].pos != indicators.WALPosition(1000+walHistory+9) {
		t.Errorf("the history keeps %d positions, the last %v", len(set.history), set.history[len(set.history)-1].pos)
	}
}

// TestReplicasRefused: SQLite has no replicas, and a replica must be a
// PostgreSQL URL; the store does not open otherwise.
func TestReplicasRefused(t *testing.T) {
	path := "sqlite:" + t.TempDir() + "/igmc.db"
	if s, err := Open(t.Context(), Options{DatabaseURL: path, ReplicaURLs: []string{"postgres://db2/igmc"}}); err == nil || !strings.Contains(err.Error(), "read replicas need PostgreSQL") {
		if s != nil {
			_ = s.Close()
		}
		t.Errorf("SQLite with a replica: %v", err)
	}
	for _, tc := range []struct {
		urls []string
		want string
	}{
		{[]string{"postgres://db2/igmc", "sqlite:/tmp/x.db"}, `replica 2 must be a postgres:// URL (got "sqlite:/tmp/x.db")`},
		{make([]string, MaxReplicas+1), "at most 16 read replicas"},
	} {
		if err := CheckReplicaURLs(tc.urls, Postgres); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.urls, err, tc.want)
		}
	}
	if err := CheckReplicaURLs([]string{"postgresql://u:p@db2:5433/igmc"}, Postgres); err != nil {
		t.Error(err)
	}
	if got := replicaName("postgres://u:secret@db2:5433/igmc?sslmode=disable"); got != "db2:5433/igmc" {
		t.Errorf("replica named %q", got)
	}
}
