package storagetest

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"igmc/indicators"
	"igmc/storage"
)

// EnvReplica names the variable holding the URL of a streaming replica of
// the EnvPostgres server; EnvRequireReplica=1 turns the skip of the
// replica tests without it into a failure (as CI sets it).
const (
	EnvReplica        = "IGMC_TEST_POSTGRES_REPLICA_URL"
	EnvRequireReplica = "IGMC_REQUIRE_REPLICA"
)

// replicaWait bounds each wait for the replica to catch up: it replays
// what every test on the server writes, and may be slow on a busy machine.
const replicaWait = 2 * time.Minute

// OpenReplicated makes a fresh PostgreSQL database, waits until it has
// reached the replica, and opens a store on the pair, checking the replica
// every 50 ms and letting it serve while at most maxLag behind. It returns
// the store, the database's URL on the primary and on the replica, once
// the store has found the replica caught up.
func OpenReplicated(t testing.TB, maxLag time.Duration) (s *storage.Store, primary, replica string) {
	t.Helper()
	admin := os.Getenv(EnvReplica)
	if admin == "" || os.Getenv(EnvPostgres) == "" {
		if os.Getenv(EnvRequireReplica) == "1" {
			t.Fatalf("%s and %s must be set: %s=1 requires the replica tests to run", EnvPostgres, EnvReplica, EnvRequireReplica)
		}
		t.Skipf("%s or %s is not set", EnvPostgres, EnvReplica)
	}
	primary = URL(t, storage.Postgres)
	u, err := url.Parse(primary)
	if err != nil {
		t.Fatal(err)
	}
	replica = withDatabase(t, admin, strings.TrimPrefix(u.Path, "/"))
	WaitFor(t, "the new database to reach the replica", func() bool {
		db, err := sql.Open("pgx", replica)
		if err != nil {
			return false
		}
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		return db.PingContext(ctx) == nil
	})
	s, err = storage.Open(context.Background(), storage.Options{DatabaseURL: primary, PasswordCost: bcrypt.MinCost,
		ReplicaURLs: []string{replica}, ReplicaMaxLag: maxLag, ReplicaPoll: 50 * time.Millisecond})
	if err != nil {
		t.Fatalf("open the replicated store: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	s.Now = func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
	if _, err := s.Seed(context.Background()); err != nil {
		t.Fatalf("seed: %v", err)
	}
	CaughtUp(t, s)
	return s, primary, replica
}

// CaughtUp waits until the store has found every replica serving, past
// the primary's present position and current (indicators.ReplicaStatus).
func CaughtUp(t testing.TB, s *storage.Store) {
	t.Helper()
	pos, err := s.WritePosition(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	WaitFor(t, "the replica to replay "+pos.String(), func() bool {
		list, _ := s.Replicas()
		for _, r := range list {
			if r.State != indicators.ReplicaOK || r.Replayed < pos || !r.Current {
				return false
			}
		}
		return len(list) > 0
	})
}

// WaitFor polls cond until it holds, failing t past the deadline: for what
// another process (a replica) does in its own time.
func WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(replicaWait)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", replicaWait, what)
		}
		<-tick.C
	}
}
