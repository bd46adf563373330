package storage

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"igmc/indicators"
)

// Read replicas (PostgreSQL only). Reads that may be a little stale — the
// pages, scorecards, rankings, exports and the public site — go to a
// replica that answers and is within the allowed lag; everything else (the
// writes, sign-in and sessions, permission checks, what a write reads
// first) goes to the primary. reader below is the one place that chooses.
//
// A watcher polls every replica (how far it has replayed the primary's
// log) and the primary (how far it has written), and from both tells each
// replica's lag. A client that has just written carries the position of
// its write (indicators.WithReadAfter); a replica serves it only once it
// has replayed that far.

// DefaultReplicaMaxLag is how far behind the primary a replica may be and
// still serve reads, when Options.ReplicaMaxLag is 0.
const DefaultReplicaMaxLag = 10 * time.Second

const (
	// defaultReplicaPoll is how often the watcher checks the replicas.
	defaultReplicaPoll = time.Second
	// replicaPollTimeout bounds one check of one server: a replica that
	// hangs is down, not a reason to stop checking the others.
	replicaPollTimeout = time.Second
	// walHistory is how many distinct primary positions the watcher keeps,
	// with when it first saw each, to tell a replica's lag in seconds.
	walHistory = 4096
	// MaxReplicas bounds Options.ReplicaURLs.
	MaxReplicas = 16
)

type replica struct {
	name  string
	db    *gorm.DB
	reads atomic.Int64
	state atomic.Pointer[replicaCheck]
}

// replicaCheck is what one poll found of a replica.
type replicaCheck struct {
	state    indicators.ReplicaState
	reason   string
	replayed indicators.WALPosition
	lagBytes int64
	lag      time.Duration
}

// coverage says that every change the cache had seen when its generation
// was gen is at or before the primary position at.
type coverage struct {
	gen uint64
	at  indicators.WALPosition
}

type walSeen struct {
	pos  indicators.WALPosition
	seen time.Time
}

type replicaSet struct {
	list    []*replica
	maxLag  time.Duration
	every   time.Duration
	next    atomic.Uint64
	primary atomic.Int64 // reads a replica could have served, served by the primary
	covered atomic.Pointer[coverage]
	// history holds the primary positions seen, oldest first (only the
	// watcher touches it).
	history []walSeen
	stop    context.CancelFunc
	done    chan struct{}
}

// openReplicas connects to the replicas (without waiting for them: one
// that is down is skipped until it answers) and starts the watcher.
func (s *Store) openReplicas(urls []string, maxLag, every time.Duration, cfg *gorm.Config) error {
	if len(urls) == 0 {
		return nil
	}
	if err := CheckReplicaURLs(urls, s.engine); err != nil {
		return err
	}
	if maxLag <= 0 {
		maxLag = DefaultReplicaMaxLag
	}
	if every <= 0 {
		every = defaultReplicaPoll
	}
	set := &replicaSet{maxLag: maxLag, every: every, done: make(chan struct{})}
	for _, raw := range urls {
		db, err := gorm.Open(postgres.Open(raw), cfg)
		if err != nil {
			set.close()
			return fmt.Errorf("storage: open replica %s: %w", replicaName(raw), err)
		}
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.SetMaxOpenConns(16)
			sqlDB.SetMaxIdleConns(8)
			sqlDB.SetConnMaxIdleTime(5 * time.Minute)
		}
		set.list = append(set.list, &replica{name: replicaName(raw), db: db})
	}
	ctx, cancel := context.WithCancel(context.Background())
	set.stop = cancel
	s.replicas = set
	go s.watchReplicas(ctx)
	return nil
}

// CheckReplicaURLs refuses replicas the engine cannot have: SQLite has
// none, and each must be a PostgreSQL URL.
func CheckReplicaURLs(urls []string, engine Engine) error {
	if len(urls) == 0 {
		return nil
	}
	if engine != Postgres {
		return fmt.Errorf("storage: read replicas need PostgreSQL: the database is %s", engine)
	}
	if len(urls) > MaxReplicas {
		return fmt.Errorf("storage: at most %d read replicas (got %d)", MaxReplicas, len(urls))
	}
	for i, raw := range urls {
		if !strings.HasPrefix(raw, "postgres://") && !strings.HasPrefix(raw, "postgresql://") {
			return fmt.Errorf("storage: replica %d must be a postgres:// URL (got %q)", i+1, MaskURL(raw))
		}
		if _, err := url.Parse(raw); err != nil {
			return fmt.Errorf("storage: replica %d is not a URL", i+1)
		}
	}
	return nil
}

// replicaName is how logs, /readyz and /metrics name a replica: host,
// port and database, never the credentials.
func replicaName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Host + u.Path
}

// close stops the watcher, waits for it and closes the connections.
func (set *replicaSet) close() {
	if set.stop != nil {
		set.stop()
		<-set.done
	}
	for _, r := range set.list {
		if sqlDB, err := r.db.DB(); err == nil {
			_ = sqlDB.Close()
		}
	}
}

// reader is where a read that may be a little stale goes: a usable replica
// that has replayed the caller's last write (indicators.ReadAfter), else
// the primary (on SQLite, the pool of readers). cacheReader is the same
// for reads whose results the store caches for every caller: a replica
// serves them only once it has replayed every change this instance knows
// of, so that a stale result is never kept as a fresh one.
func (s *Store) reader(ctx context.Context) *gorm.DB { return s.pick(ctx, false) }

func (s *Store) cacheReader(ctx context.Context) *gorm.DB { return s.pick(ctx, true) }

func (s *Store) pick(ctx context.Context, forCache bool) *gorm.DB {
	set := s.replicas
	if set == nil {
		return s.rdb.WithContext(ctx)
	}
	after := indicators.ReadAfter(ctx)
	cov := set.covered.Load()
	if forCache && (cov == nil || cov.gen != s.cache.gen.Load()) {
		set.primary.Add(1)
		return s.rdb.WithContext(ctx)
	}
	n := uint64(len(set.list))
	start := set.next.Add(1)
	for i := range n {
		r := set.list[(start+i)%n]
		c := r.state.Load()
		if c == nil || c.state != indicators.ReplicaOK || c.replayed < after || forCache && c.replayed < cov.at {
			continue
		}
		r.reads.Add(1)
		return r.db.WithContext(ctx)
	}
	set.primary.Add(1)
	return s.rdb.WithContext(ctx)
}

// HasReplicas reports whether read replicas are configured.
func (s *Store) HasReplicas() bool { return s.replicas != nil }

// WritePosition is the primary's current position in its log: taken after
// a client's write has committed, it is at or past that write's commit.
// It is 0 without replicas.
func (s *Store) WritePosition(ctx context.Context) (indicators.WALPosition, error) {
	if s.replicas == nil {
		return 0, nil
	}
	return walPosition(ctx, s.db, "SELECT pg_current_wal_lsn()::text")
}

func walPosition(ctx context.Context, db *gorm.DB, q string) (indicators.WALPosition, error) {
	var text sql.NullString
	if err := db.WithContext(ctx).Raw(q).Row().Scan(&text); err != nil {
		return 0, err
	}
	if !text.Valid {
		return 0, nil
	}
	return indicators.ParseWALPosition(text.String)
}

// Replicas is what the last checks found of each replica, in the order
// they were configured, and how many reads fell back to the primary.
func (s *Store) Replicas() (list []indicators.ReplicaStatus, primaryReads int64) {
	set := s.replicas
	if set == nil {
		return nil, 0
	}
	cov := set.covered.Load()
	for _, r := range set.list {
		st := indicators.ReplicaStatus{Name: r.name, State: indicators.ReplicaUnknown, Reason: "not checked yet", Reads: r.reads.Load()}
		if c := r.state.Load(); c != nil {
			st.State, st.Reason, st.Replayed, st.LagBytes, st.LagSeconds = c.state, c.reason, c.replayed, c.lagBytes, c.lag.Seconds()
			st.Current = c.state == indicators.ReplicaOK && cov != nil && cov.gen == s.cache.gen.Load() && c.replayed >= cov.at
		}
		list = append(list, st)
	}
	return list, set.primary.Load()
}

// watchReplicas checks the replicas at once and then every set.every,
// until Close.
func (s *Store) watchReplicas(ctx context.Context) {
	set := s.replicas
	defer close(set.done)
	t := time.NewTicker(set.every)
	defer t.Stop()
	for {
		s.pollReplicas(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// pollReplicas is one round of checks: the cache's generation, then the
// primary's position, then each replica's (in that order, so that a
// replica found at or past the primary's position holds every change of
// that generation).
func (s *Store) pollReplicas(ctx context.Context) {
	set := s.replicas
	gen := s.cache.gen.Load()
	pctx, cancel := context.WithTimeout(ctx, replicaPollTimeout)
	primary, perr := walPosition(pctx, s.db, "SELECT pg_current_wal_lsn()::text")
	cancel()
	now := time.Now()
	if perr == nil {
		set.seen(primary, now)
		set.covered.Store(&coverage{gen: gen, at: primary})
	}
	var wg sync.WaitGroup
	for _, r := range set.list {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := set.check(ctx, r, primary, perr == nil, now)
			r.state.Store(c)
		}()
	}
	wg.Wait()
}

// check asks one replica how far it has replayed.
func (set *replicaSet) check(ctx context.Context, r *replica, primary indicators.WALPosition, primaryKnown bool, now time.Time) *replicaCheck {
	ctx, cancel := context.WithTimeout(ctx, replicaPollTimeout)
	defer cancel()
	var (
		standby  bool
		replayed sql.NullString
		lastTx   sql.NullFloat64
	)
	err := r.db.WithContext(ctx).Raw(`SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,
		EXTRACT(EPOCH FROM pg_last_xact_replay_timestamp())::float8`).Row().Scan(&standby, &replayed, &lastTx)
	switch {
	case err != nil:
		return &replicaCheck{state: indicators.ReplicaDown, reason: "it does not answer"}
	case !standby || !replayed.Valid:
		return &replicaCheck{state: indicators.ReplicaDown, reason: "it is not a standby server"}
	}
	pos, err := indicators.ParseWALPosition(replayed.String)
	if err != nil {
		return &replicaCheck{state: indicators.ReplicaDown, reason: "its replay position is unreadable"}
	}
	if !primaryKnown {
		return &replicaCheck{state: indicators.ReplicaUnknown, reason: "the primary does not answer, so the lag is unknown", replayed: pos}
	}
	var lastCommit time.Time
	if lastTx.Valid {
		lastCommit = time.Unix(0, int64(lastTx.Float64*1e9))
	}
	lagBytes, lag := set.lagOf(pos, primary, lastCommit, now)
	c := &replicaCheck{state: indicators.ReplicaOK, replayed: pos, lagBytes: lagBytes, lag: lag}
	if lag > set.maxLag {
		c.state = indicators.ReplicaLagging
		c.reason = fmt.Sprintf("it is %.1f s behind the primary, more than the %s allowed", lag.Seconds(), set.maxLag)
	}
	return c
}

// seen records the primary's position, if it moved.
func (set *replicaSet) seen(pos indicators.WALPosition, now time.Time) {
	if n := len(set.history); n > 0 && set.history[n-1].pos >= pos {
		return
	}
	if len(set.history) == walHistory {
		set.history = append(set.history[:0], set.history[1:]...)
	}
	set.history = append(set.history, walSeen{pos: pos, seen: now})
}

// lagOf tells how far a replica at replayed is behind a primary at
// primary. A replica that has replayed all the primary wrote is not behind,
// however long ago the last write was; one that has not is behind by the
// time since the primary first passed its position, as the watcher saw it.
// When that is older than the watcher's memory, the replica's last replayed
// commit tells instead (an upper bound).
func (set *replicaSet) lagOf(replayed, primary indicators.WALPosition, lastCommit, now time.Time) (int64, time.Duration) {
	if replayed >= primary {
		return 0, 0
	}
	bytes := int64(primary - replayed)
	if len(set.history) > 0 && set.history[0].pos <= replayed {
		for _, h := range set.history {
			if h.pos > replayed {
				return bytes, max(0, now.Sub(h.seen))
			}
		}
		return bytes, 0
	}
	if !lastCommit.IsZero() {
		return bytes, max(0, now.Sub(lastCommit))
	}
	if len(set.history) > 0 {
		return bytes, max(0, now.Sub(set.history[0].seen))
	}
	return bytes, 0
}
